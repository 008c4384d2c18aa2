/* wingdi.h: the GDI objects window classes name (a class's background brush), without any
 * drawing.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - Nothing is drawn: a solid brush is an object that records its colour, so that
 *    WNDCLASS(EX).hbrBackground can name one and DeleteObject can free it. */
#ifndef CMNOTIFY_WIN32_WINGDI_H
#define CMNOTIFY_WIN32_WINGDI_H

#include "minwindef.h"
#include "windef.h"
#include "winnt.h"

typedef void *HGDIOBJ;

#define WINGDIAPI

EXTERN_C_START

/* A brush of one colour; NULL with ERROR_INVALID_PARAMETER for a COLORREF with bits above 24. */
WINGDIAPI HBRUSH WINAPI CreateSolidBrush(_In_ COLORREF color);
/* Frees a brush CreateSolidBrush made; FALSE (ERROR_INVALID_HANDLE) for anything else. */
WINGDIAPI BOOL WINAPI DeleteObject(_In_ HGDIOBJ ho);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_WINGDI_H */
