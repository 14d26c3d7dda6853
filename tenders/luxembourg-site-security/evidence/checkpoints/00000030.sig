όσΫΒC/‹ΆL…uςQ
Tι+VvUTshM»{*Ξ‰Ξ%1vξΈ!sfP«€pΆlχΪzμ~%ZKκP™