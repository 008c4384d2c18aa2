/* tchar.h: generic-text mappings that follow _UNICODE (the cmnotify::win32 CMake target
 * defines UNICODE and _UNICODE).
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). The MSVC runtime
 * names (_tcsicmp -> _wcsicmp, _sntprintf -> _snwprintf, ...) are libcmnotify-win32's functions
 * (msvc_compat.h), and the _tprintf family formats with MSVC's meaning of %s (a TCHAR string).
 * _tmain is main without _UNICODE; with it, wmain, which libcmnotify-win32-main's main calls
 * with the arguments in UTF-32, as it calls _tWinMain (wWinMain or WinMain, winbase.h). */
#ifndef CMNOTIFY_WIN32_TCHAR_H
#define CMNOTIFY_WIN32_TCHAR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "msvc_compat.h"
#include "winnt.h"

#ifdef _UNICODE
#define _tWinMain wWinMain
#define _tmain wmain
typedef wchar_t _TCHAR;
typedef wchar_t _TSCHAR;
typedef wchar_t _TUCHAR;
typedef wint_t _TINT;
#define __T(x) L##x
#define _TEOF WEOF
#define _tcslen wcslen
#define _tcsnlen wcsnlen
#define _tcscpy wcscpy
#define _tcsncpy wcsncpy
#define _tcscat wcscat
#define _tcsncat wcsncat
#define _tcscmp wcscmp
#define _tcsncmp wcsncmp
#define _tcsicmp _wcsicmp
#define _tcsnicmp _wcsnicmp
#define _tcschr wcschr
#define _tcsrchr wcsrchr
#define _tcsstr wcsstr
#define _tcsspn wcsspn
#define _tcscspn wcscspn
#define _tcstok wcstok
#define _tcstol wcstol
#define _tcstoul wcstoul
#define _tcstoll wcstoll
#define _tcstoull wcstoull
#define _tcstod wcstod
#define _ttoi _wtoi
#define _ttol _wtol
#define _tprintf _cmnotify_wprintf
#define _ftprintf _cmnotify_fwprintf
#define _vtprintf _cmnotify_vwprintf
#define _vftprintf _cmnotify_vfwprintf
#define _sntprintf _snwprintf
#define _stprintf_s swprintf_s
#define _tcscpy_s wcscpy_s
#define _tcsncpy_s wcsncpy_s
#define _tcscat_s wcscat_s
#define _tcsupr _wcsupr
#define _tcslwr _wcslwr
#define _itot_s _itow_s
#define _itot _itow
#define _tcsdup _wcsdup
#define _vsntprintf _vsnwprintf
#define _fgetts fgetws
#define _fputts fputws
#define _istspace iswspace
#define _istdigit iswdigit
#define _istalpha iswalpha
#define _istalnum iswalnum
#define _istxdigit iswxdigit
#define _totupper towupper
#define _totlower towlower
#else
#define _tWinMain WinMain
#define _tmain main
typedef char _TCHAR;
typedef char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef int _TINT;
#define __T(x) x
#define _TEOF EOF
#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp _stricmp
#define _tcsnicmp _strnicmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcstok strtok
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstoll strtoll
#define _tcstoull strtoull
#define _tcstod strtod
#define _ttoi atoi
#define _ttol atol
#define _tprintf _cmnotify_printf
#define _ftprintf _cmnotify_fprintf
#define _vtprintf _cmnotify_vprintf
#define _vftprintf _cmnotify_vfprintf
#define _sntprintf _snprintf
#define _stprintf_s sprintf_s
#define _tcscpy_s strcpy_s
#define _tcsncpy_s strncpy_s
#define _tcscat_s strcat_s
#define _tcsupr _strupr
#define _tcslwr _strlwr
#define _itot_s _itoa_s
#define _itot _itoa
#define _tcsdup _strdup
#define _vsntprintf _vsnprintf
#define _fgetts fgets
#define _fputts fputs
#define _istspace isspace
#define _istdigit isdigit
#define _istalpha isalpha
#define _istalnum isalnum
#define _istxdigit isxdigit
#define _totupper toupper
#define _totlower tolower
#endif

#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif /* CMNOTIFY_WIN32_TCHAR_H */
