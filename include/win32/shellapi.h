/* shellapi.h: CommandLineToArgvW, which splits a command line (a WinMain's lpCmdLine, or
 * for example) into arguments by Windows' rules.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - An empty command line gives one argument, the path of the program (as Windows does).
 *  - The array and its strings are one LocalAlloc block: LocalFree(argv) frees them. */
#ifndef CMNOTIFY_WIN32_SHELLAPI_H
#define CMNOTIFY_WIN32_SHELLAPI_H

#include "minwindef.h"
#include "winnt.h"

EXTERN_C_START

/* NULL pNumArgs: NULL with ERROR_INVALID_PARAMETER. */
LPWSTR *WINAPI CommandLineToArgvW(_In_ LPCWSTR lpCmdLine, _Out_ int *pNumArgs);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_SHELLAPI_H */
