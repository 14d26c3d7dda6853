// The C library's terminal column widths (POSIX.1-2008 wcwidth), which Swift's Glibc module does
// not export (glibc declares it only under _XOPEN_SOURCE).
#ifndef TENDERTRAIL_CTERMINAL_H
#define TENDERTRAIL_CTERMINAL_H

#include <locale.h>

/// The columns the character `code` (a Unicode scalar value) takes under `locale`'s LC_CTYPE:
/// 0 for combining and zero-width characters, 2 for wide ones, -1 when not printable.
int tendertrail_wcwidth(unsigned int code, locale_t locale);

#endif
