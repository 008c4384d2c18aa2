/* sysinfoapi.h: tick counts and the system time.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_SYSINFOAPI_H
#define CMNOTIFY_WIN32_SYSINFOAPI_H

#include "minwinbase.h"
#include "minwindef.h"

EXTERN_C_START

/* Milliseconds of a monotonic clock (CLOCK_MONOTONIC); GetTickCount wraps after 49.7 days. */
WINBASEAPI ULONGLONG WINAPI GetTickCount64(VOID);
WINBASEAPI DWORD WINAPI GetTickCount(VOID);
/* UTC as 100-nanosecond intervals since 1601-01-01 (CLOCK_REALTIME). */
WINBASEAPI VOID WINAPI GetSystemTimeAsFileTime(_Out_ LPFILETIME lpSystemTimeAsFileTime);
WINBASEAPI VOID WINAPI GetSystemTimePreciseAsFileTime(_Out_ LPFILETIME lpSystemTimeAsFileTime);
WINBASEAPI VOID WINAPI GetSystemTime(_Out_ LPSYSTEMTIME lpSystemTime);
WINBASEAPI VOID WINAPI GetLocalTime(_Out_ LPSYSTEMTIME lpSystemTime);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_SYSINFOAPI_H */
