°,I!=
ЊP”UЏfHЏ‡%0вo—ЋhймьdIЬРёсi]kЁ„Vп|nъ1·%цDY'±€IyШз¦xN