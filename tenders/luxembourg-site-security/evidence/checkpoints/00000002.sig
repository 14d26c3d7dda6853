¬«
c\¥'¿zY7J8F#ð<DoàŒÛnÃT¾kíHÀ^iPTqË3]SîÅž®«Â?Ëƒ"ÒÒSÏ»WésäÈ