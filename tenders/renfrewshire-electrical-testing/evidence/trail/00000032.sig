§l¯jüûִJ:pףh¡iHkpµד`YfֶֿOלÛ¼)ברב•Zkg1ַֽO.LprB£ֽH‚
6€ֿGm 
