Lôq7òw]m’ú-ƒUGWpÕ
›Yn@ø	•À‘"™â…RaÚSoUŸà	 º*„GEuŠb¾¨\0©