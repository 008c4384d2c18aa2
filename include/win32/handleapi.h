/* handleapi.h: CloseHandle and DuplicateHandle.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * One handle table holds the file handles of CreateFile (Linux file descriptors, see
 * cmnotify_handle_from_fd in cfgmgr32.h) and the kernel objects of synchapi.h and
 * processthreadsapi.h (events, mutexes, semaphores, threads). */
#ifndef CMNOTIFY_WIN32_HANDLEAPI_H
#define CMNOTIFY_WIN32_HANDLEAPI_H

#include "minwindef.h"

#define DUPLICATE_CLOSE_SOURCE 0x00000001u
#define DUPLICATE_SAME_ACCESS 0x00000002u
#define HANDLE_FLAG_INHERIT 0x00000001u
#define HANDLE_FLAG_PROTECT_FROM_CLOSE 0x00000002u

EXTERN_C_START

/* FALSE with ERROR_INVALID_HANDLE for NULL, INVALID_HANDLE_VALUE (also GetCurrentProcess()'s
 * value, which Windows accepts: refused here as the result of a failed CreateFile), a handle
 * already closed, or a value that was never a handle. The pseudo-handle GetCurrentThread() is
 * accepted and ignored (TRUE). */
WINBASEAPI BOOL WINAPI CloseHandle(_In_ HANDLE hObject);
/* Within this process only (both process handles GetCurrentProcess(), else
 * ERROR_INVALID_HANDLE). A kernel object gets a second handle; a file handle a dup()'ed
 * descriptor; a pseudo-handle a real handle to the calling thread or, for the process, the
 * process pseudo-handle itself. */
WINBASEAPI BOOL WINAPI DuplicateHandle(_In_ HANDLE hSourceProcessHandle,
                                       _In_ HANDLE hSourceHandle,
                                       _In_ HANDLE hTargetProcessHandle,
                                       _Outptr_ LPHANDLE lpTargetHandle,
                                       _In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                       _In_ DWORD dwOptions);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_HANDLEAPI_H */
