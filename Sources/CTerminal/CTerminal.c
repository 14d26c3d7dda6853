#define _XOPEN_SOURCE 700
#define _GNU_SOURCE
#include <wchar.h>
#include <locale.h>
#include "CTerminal.h"

int tendertrail_wcwidth(unsigned int code, locale_t locale) {
    // uselocale is per thread: the process's locale is never changed.
    locale_t previous = uselocale(locale);
    int columns = wcwidth((wchar_t)code);
    uselocale(previous);
    return columns;
}
