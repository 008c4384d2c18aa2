/* processthreadsapi.h: process and thread ids.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_PROCESSTHREADSAPI_H
#define CMNOTIFY_WIN32_PROCESSTHREADSAPI_H

#include "minwindef.h"

EXTERN_C_START

/* The Linux thread id (gettid) and process id. */
WINBASEAPI DWORD WINAPI GetCurrentThreadId(VOID);
WINBASEAPI DWORD WINAPI GetCurrentProcessId(VOID);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_PROCESSTHREADSAPI_H */
