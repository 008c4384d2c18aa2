/* errhandlingapi.h: the calling thread's last error.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_ERRHANDLINGAPI_H
#define CMNOTIFY_WIN32_ERRHANDLINGAPI_H

#include "minwindef.h"

EXTERN_C_START

/* Thread-local, as on Windows. Set by the functions of these headers that document it
 * (CreateFile, CloseHandle, CreateThreadpoolWork, HeapAlloc, ...); the CM_ functions return
 * their CONFIGRET instead and leave it alone. */
WINBASEAPI DWORD WINAPI GetLastError(VOID);
WINBASEAPI VOID WINAPI SetLastError(_In_ DWORD dwErrCode);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_ERRHANDLINGAPI_H */
