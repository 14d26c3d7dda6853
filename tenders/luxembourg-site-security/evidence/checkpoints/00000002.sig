Q™3АІР/gX2Wъ:5Ќи∆g7Ы3SёcoPDo
ть–ЮIёУќVеІэµN2D{u4KЊe№fЃч	