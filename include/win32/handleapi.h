/* handleapi.h: CloseHandle.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * A HANDLE from CreateFile is a Linux file descriptor (see cmnotify_handle_from_fd in
 * cfgmgr32.h); CloseHandle closes it. */
#ifndef CMNOTIFY_WIN32_HANDLEAPI_H
#define CMNOTIFY_WIN32_HANDLEAPI_H

#include "minwindef.h"

EXTERN_C_START

/* FALSE with ERROR_INVALID_HANDLE for NULL, INVALID_HANDLE_VALUE or a descriptor not open. */
WINBASEAPI BOOL WINAPI CloseHandle(_In_ HANDLE hObject);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_HANDLEAPI_H */
