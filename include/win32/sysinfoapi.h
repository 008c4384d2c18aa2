/* sysinfoapi.h: tick counts.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_SYSINFOAPI_H
#define CMNOTIFY_WIN32_SYSINFOAPI_H

#include "minwindef.h"

EXTERN_C_START

/* Milliseconds of a monotonic clock (CLOCK_MONOTONIC); GetTickCount wraps after 49.7 days. */
WINBASEAPI ULONGLONG WINAPI GetTickCount64(VOID);
WINBASEAPI DWORD WINAPI GetTickCount(VOID);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_SYSINFOAPI_H */
