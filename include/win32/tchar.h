/* tchar.h: generic-text mappings that follow _UNICODE (the cmnotify::win32 CMake target
 * defines UNICODE and _UNICODE).
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). The case-insensitive
 * mappings (_tcsicmp, _wcsicmp, ...) use POSIX's wcscasecmp/strcasecmp: compile with
 * _POSIX_C_SOURCE >= 200809L or _GNU_SOURCE (the default of gcc and clang) to use them.
 * There is no _tmain: Linux programs start at main(int, char **). */
#ifndef CMNOTIFY_WIN32_TCHAR_H
#define CMNOTIFY_WIN32_TCHAR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "winnt.h"

#define _wcsicmp wcscasecmp
#define _wcsnicmp wcsncasecmp
#define _stricmp strcasecmp
#define _strnicmp strncasecmp
#define _wcsdup wcsdup
#define _strdup strdup

#ifdef _UNICODE
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
#define _tcsicmp wcscasecmp
#define _tcsnicmp wcsncasecmp
#define _tcschr wcschr
#define _tcsrchr wcsrchr
#define _tcsstr wcsstr
#define _tcsspn wcsspn
#define _tcscspn wcscspn
#define _tcstok wcstok
#define _tcsdup wcsdup
#define _tcstol wcstol
#define _tcstoul wcstoul
#define _tcstoll wcstoll
#define _tcstoull wcstoull
#define _tcstod wcstod
#define _ttoi(s) ((int)wcstol((s), NULL, 10))
#define _ttol(s) wcstol((s), NULL, 10)
#define _tprintf wprintf
#define _ftprintf fwprintf
#define _vtprintf vwprintf
#define _vftprintf vfwprintf
#define _sntprintf swprintf
#define _vsntprintf vswprintf
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
#define _tcsicmp strcasecmp
#define _tcsnicmp strncasecmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcstok strtok
#define _tcsdup strdup
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstoll strtoll
#define _tcstoull strtoull
#define _tcstod strtod
#define _ttoi atoi
#define _ttol atol
#define _tprintf printf
#define _ftprintf fprintf
#define _vtprintf vprintf
#define _vftprintf vfprintf
#define _sntprintf snprintf
#define _vsntprintf vsnprintf
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
