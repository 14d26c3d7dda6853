/sø¢]KäòãcH5ŸF+»Lû„);«Pö0‚ñ½rg[„zNÒ±¬4Ipn¬©‹ö HjÑ¾<ÅS¢‘MfL
