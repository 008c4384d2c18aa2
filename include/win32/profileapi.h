/* profileapi.h: the performance counter.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * The counter is CLOCK_MONOTONIC in nanoseconds: the frequency is 1000000000 and never changes. */
#ifndef CMNOTIFY_WIN32_PROFILEAPI_H
#define CMNOTIFY_WIN32_PROFILEAPI_H

#include "minwindef.h"
#include "winnt.h"

EXTERN_C_START

/* FALSE with ERROR_NOACCESS for a NULL pointer. */
WINBASEAPI BOOL WINAPI QueryPerformanceCounter(_Out_ LARGE_INTEGER *lpPerformanceCount);
WINBASEAPI BOOL WINAPI QueryPerformanceFrequency(_Out_ LARGE_INTEGER *lpFrequency);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_PROFILEAPI_H */
