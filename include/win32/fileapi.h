/* fileapi.h: CreateFile.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *
 * CreateFile opens a device interface by its symbolic link ("\\?\USB#VID_...#{guid}", looked up
 * case-insensitively among the present interfaces): the device's node in /dev, or its sysfs
 * directory when it has no node. Any other name is opened as a Linux path. The HANDLE is the
 * Linux file descriptor (cmnotify_handle_from_fd); close it with CloseHandle.
 *  - dwDesiredAccess: read and/or write access picks O_RDONLY, O_WRONLY or O_RDWR; no access
 *    (0, a query-only handle, enough to register for notifications) opens the name O_PATH.
 *  - dwShareMode, lpSecurityAttributes->lpSecurityDescriptor and hTemplateFile are ignored.
 *  - dwFlagsAndAttributes: attributes and FILE_FLAG_* are accepted and ignored. */
#ifndef CMNOTIFY_WIN32_FILEAPI_H
#define CMNOTIFY_WIN32_FILEAPI_H

#include "minwinbase.h"
#include "minwindef.h"
#include "winnt.h"

#define CREATE_NEW 1
#define CREATE_ALWAYS 2
#define OPEN_EXISTING 3
#define OPEN_ALWAYS 4
#define TRUNCATE_EXISTING 5

#define FILE_FLAG_WRITE_THROUGH 0x80000000u
#define FILE_FLAG_OVERLAPPED 0x40000000u
#define FILE_FLAG_NO_BUFFERING 0x20000000u
#define FILE_FLAG_RANDOM_ACCESS 0x10000000u
#define FILE_FLAG_SEQUENTIAL_SCAN 0x08000000u
#define FILE_FLAG_DELETE_ON_CLOSE 0x04000000u
#define FILE_FLAG_BACKUP_SEMANTICS 0x02000000u
#define FILE_FLAG_POSIX_SEMANTICS 0x01000000u
#define FILE_FLAG_OPEN_REPARSE_POINT 0x00200000u
#define FILE_FLAG_OPEN_NO_RECALL 0x00100000u

EXTERN_C_START

WINBASEAPI HANDLE WINAPI CreateFileW(_In_ LPCWSTR lpFileName, _In_ DWORD dwDesiredAccess,
                                     _In_ DWORD dwShareMode,
                                     _In_opt_ LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                     _In_ DWORD dwCreationDisposition,
                                     _In_ DWORD dwFlagsAndAttributes,
                                     _In_opt_ HANDLE hTemplateFile);
/* The ANSI variant takes UTF-8. */
WINBASEAPI HANDLE WINAPI CreateFileA(_In_ LPCSTR lpFileName, _In_ DWORD dwDesiredAccess,
                                     _In_ DWORD dwShareMode,
                                     _In_opt_ LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                     _In_ DWORD dwCreationDisposition,
                                     _In_ DWORD dwFlagsAndAttributes,
                                     _In_opt_ HANDLE hTemplateFile);

EXTERN_C_END

#ifdef UNICODE
#define CreateFile CreateFileW
#else
#define CreateFile CreateFileA
#endif

#endif /* CMNOTIFY_WIN32_FILEAPI_H */
