/* The MSVC runtime names and <windows.h> next to glibc's own headers: compiled as strict C11,
 * as C with _GNU_SOURCE, and as C++ with and without it (msvc_names.cpp): no declaration may
 * clash with glibc's. */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include <windows.h>
#include <tchar.h>

int msvc_names_check(void) {
  wchar_t wide[16];
  char narrow[16];
  int failures = 0;
  wchar_t *copy = _wcsdup(L"Abc");
  char *ncopy = _strdup("Abc");
  failures += _wcsicmp(copy, L"aBC") != 0;
  failures += _wcsnicmp(L"ABx", L"aby", 2) != 0;
  failures += _stricmp(ncopy, "ABC") != 0;
  failures += _strnicmp("abX", "ABy", 2) != 0;
  failures += wcscmp(_wcsupr(copy), L"ABC") != 0;
  failures += wcscmp(_wcslwr(copy), L"abc") != 0;
  failures += wcscmp(wcsupr(copy), L"ABC") != 0;
  failures += wcscmp(wcslwr(copy), L"abc") != 0;
  failures += _snprintf(narrow, sizeof narrow, "%d", 5) != 1;
  failures += _snwprintf(wide, 16, L"%s", L"w") != 1;
  failures += strcpy_s(narrow, sizeof narrow, "x") != 0;
  failures += wcscpy_s(wide, 16, L"y") != 0;
  failures += wcsncpy_s(wide, 16, L"yz", 1) != 0;
  failures += strcat_s(narrow, sizeof narrow, "y") != 0;
  failures += wcscat_s(wide, 16, L"z") != 0;
  failures += sprintf_s(narrow, sizeof narrow, "%s", "s") != 1;
  failures += swprintf_s(wide, 16, L"%s", L"s") != 1;
  failures += _wtoi(L"12") != 12;
  failures += _itow_s(34, wide, 16, 10) != 0;
  failures += _countof(wide) != 16;
  free(copy);
  free(ncopy);
  return failures;
}
