ÂÿÀOhßaÏ¸KjòU
S—v¦ù›gâÒWp´˜“&p³÷9Iãš¼Wù 1*Í/Ó±lOuˆåcI