/* msvc_compat.h: what Microsoft's compiler and C runtime give Windows code without an include of
 * its own: the C runtime headers <windows.h> brings, MSVC's keywords (__int64, __forceinline,
 * __declspec(...)), and the runtime's own functions (_stricmp, _wcsdup, strcpy_s, _snwprintf,
 * ...), implemented by libcmnotify-win32.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32); <windows.h> and
 * <tchar.h> include it. The runtime functions are real functions under their MSVC names, so
 * they need no POSIX or GNU declaration of glibc's and never clash with one, in C or C++, with
 * or without _GNU_SOURCE.
 *
 * Formats: the wide functions (_snwprintf, swprintf_s, ...) follow MSVC, not ISO C: in a wide
 * format %s and %c take a wide string and character and %S and %C narrow ones; in a narrow format
 * it is the reverse. %hs/%hc are always narrow, %ls/%lc/%ws/%wc always wide. The I64, I32 and I
 * size prefixes are accepted.
 *
 * The bounds-checked (_s) functions return an errno_t (0, EINVAL, ERANGE, or STRUNCATE for a
 * _TRUNCATE copy that truncated) and leave an empty string in a destination that has room for
 * one; they never invoke an invalid-parameter handler or end the program (MSVC's default handler
 * does). */
#ifndef CMNOTIFY_WIN32_MSVC_COMPAT_H
#define CMNOTIFY_WIN32_MSVC_COMPAT_H

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* MSVC's keywords. */
#ifndef __int8
#define __int8 char
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int64
#define __int64 long long
#endif
#ifndef __forceinline
#define __forceinline __inline__ __attribute__((__always_inline__))
#endif
#ifndef __declspec
/* The attributes device code uses; any other one is an error naming it. */
#define __declspec(what) __cmnotify_declspec_##what
#define __cmnotify_declspec_dllexport __attribute__((__visibility__("default")))
#define __cmnotify_declspec_dllimport
#define __cmnotify_declspec_noreturn __attribute__((__noreturn__))
#define __cmnotify_declspec_noinline __attribute__((__noinline__))
#define __cmnotify_declspec_nothrow
#define __cmnotify_declspec_novtable
#define __cmnotify_declspec_selectany __attribute__((__weak__))
#define __cmnotify_declspec_thread __thread
#define __cmnotify_declspec_restrict
#define __cmnotify_declspec_noalias
#define __cmnotify_declspec_align(n) __attribute__((__aligned__(n)))
#define __cmnotify_declspec_deprecated __attribute__((__deprecated__))
#define __cmnotify_declspec_uuid(x)
#endif
#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef _MAX_PATH
#define _MAX_PATH 260
#endif
#define _TRUNCATE ((size_t)-1)
#define STRUNCATE 80
#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A console program's wide entry point (_tmain with _UNICODE), which the program defines. Linux
 * programs start at main: link libcmnotify-win32-main (pkg-config cmnotify-win32-main), whose main
 * calls wmain, when the program defines it, with the arguments as UTF-32 strings (from UTF-8) and
 * exits with what it returns. Declared for C++ only, so that its definition has C linkage (a C
 * program may define it with other parameters without a conflict); the form with a third
 * parameter (envp) is not supported. */
#ifdef __cplusplus
int wmain(int argc, wchar_t **argv);
#endif

/* Case-insensitive comparisons (ASCII letters for the narrow forms; towlower for the wide). */
int _stricmp(const char *a, const char *b);
int _strnicmp(const char *a, const char *b, size_t count);
int _wcsicmp(const wchar_t *a, const wchar_t *b);
int _wcsnicmp(const wchar_t *a, const wchar_t *b, size_t count);
int _stricoll(const char *a, const char *b);
int _wcsicoll(const wchar_t *a, const wchar_t *b);

/* Copies in malloc()'d memory (free() them); NULL (errno ENOMEM or EINVAL) on failure. */
char *_strdup(const char *s);
wchar_t *_wcsdup(const wchar_t *s);

/* In-place case conversion; they return their argument. */
char *_strupr(char *s);
char *_strlwr(char *s);
wchar_t *_wcsupr(wchar_t *s);
wchar_t *_wcslwr(wchar_t *s);
wchar_t *wcsupr(wchar_t *s);
wchar_t *wcslwr(wchar_t *s);
errno_t _wcsupr_s(wchar_t *s, size_t size);
errno_t _wcslwr_s(wchar_t *s, size_t size);
errno_t _strupr_s(char *s, size_t size);
errno_t _strlwr_s(char *s, size_t size);

/* Counted formats: the output when it fits with its NUL; when it fits exactly without the NUL,
 * no NUL and the count; when it does not fit, the first count characters, no NUL, and -1. */
int _snprintf(char *buffer, size_t count, const char *format, ...);
int _vsnprintf(char *buffer, size_t count, const char *format, va_list args);
int _snwprintf(wchar_t *buffer, size_t count, const wchar_t *format, ...);
int _vsnwprintf(wchar_t *buffer, size_t count, const wchar_t *format, va_list args);
/* Counts the characters a format produces (without the NUL). */
int _scprintf(const char *format, ...);
int _scwprintf(const wchar_t *format, ...);
int _vscprintf(const char *format, va_list args);
int _vscwprintf(const wchar_t *format, va_list args);

/* Formatted output with MSVC's meaning of %s/%S (tchar.h's _tprintf family maps here). The
 * output goes to the stream as UTF-8, or through fputws when the stream is wide-oriented. */
int _cmnotify_printf(const char *format, ...);
int _cmnotify_fprintf(FILE *stream, const char *format, ...);
int _cmnotify_vprintf(const char *format, va_list args);
int _cmnotify_vfprintf(FILE *stream, const char *format, va_list args);
int _cmnotify_wprintf(const wchar_t *format, ...);
int _cmnotify_fwprintf(FILE *stream, const wchar_t *format, ...);
int _cmnotify_vwprintf(const wchar_t *format, va_list args);
int _cmnotify_vfwprintf(FILE *stream, const wchar_t *format, va_list args);

/* Bounds-checked forms. */
errno_t strcpy_s(char *dest, rsize_t size, const char *src);
errno_t wcscpy_s(wchar_t *dest, rsize_t size, const wchar_t *src);
errno_t strncpy_s(char *dest, rsize_t size, const char *src, rsize_t count);
errno_t wcsncpy_s(wchar_t *dest, rsize_t size, const wchar_t *src, rsize_t count);
errno_t strcat_s(char *dest, rsize_t size, const char *src);
errno_t wcscat_s(wchar_t *dest, rsize_t size, const wchar_t *src);
errno_t strncat_s(char *dest, rsize_t size, const char *src, rsize_t count);
errno_t wcsncat_s(wchar_t *dest, rsize_t size, const wchar_t *src, rsize_t count);
errno_t memcpy_s(void *dest, rsize_t size, const void *src, rsize_t count);
errno_t memmove_s(void *dest, rsize_t size, const void *src, rsize_t count);
/* The number of characters written, or -1 (an empty string in the buffer) when it does not fit
 * or an argument is invalid. */
int sprintf_s(char *buffer, size_t size, const char *format, ...);
int vsprintf_s(char *buffer, size_t size, const char *format, va_list args);
int swprintf_s(wchar_t *buffer, size_t size, const wchar_t *format, ...);
int vswprintf_s(wchar_t *buffer, size_t size, const wchar_t *format, va_list args);
int _snprintf_s(char *buffer, size_t size, size_t count, const char *format, ...);
int _snwprintf_s(wchar_t *buffer, size_t size, size_t count, const wchar_t *format, ...);
int _vsnprintf_s(char *buffer, size_t size, size_t count, const char *format, va_list args);
int _vsnwprintf_s(wchar_t *buffer, size_t size, size_t count, const wchar_t *format,
                  va_list args);

/* Numbers. _wtoi and _wtol saturate (INT_MAX/INT_MIN) on overflow; the _itoa family writes the
 * digits in `radix` (2-36), negative values with '-' in radix 10 only. */
int _wtoi(const wchar_t *s);
long _wtol(const wchar_t *s);
long long _wtoi64(const wchar_t *s);
long long _atoi64(const char *s);
errno_t _itow_s(int value, wchar_t *buffer, size_t size, int radix);
errno_t _itoa_s(int value, char *buffer, size_t size, int radix);
errno_t _ultow_s(unsigned long value, wchar_t *buffer, size_t size, int radix);
errno_t _i64tow_s(long long value, wchar_t *buffer, size_t size, int radix);
errno_t _ui64tow_s(unsigned long long value, wchar_t *buffer, size_t size, int radix);
wchar_t *_itow(int value, wchar_t *buffer, int radix);
char *_itoa(int value, char *buffer, int radix);

#ifdef __cplusplus
}
/* MSVC's template overloads that take an array and deduce its size. */
extern "C++" {
template <size_t N>
inline errno_t strcpy_s(char (&dest)[N], const char *src) {
  return strcpy_s(dest, N, src);
}
template <size_t N>
inline errno_t wcscpy_s(wchar_t (&dest)[N], const wchar_t *src) {
  return wcscpy_s(dest, N, src);
}
template <size_t N>
inline errno_t strcat_s(char (&dest)[N], const char *src) {
  return strcat_s(dest, N, src);
}
template <size_t N>
inline errno_t wcscat_s(wchar_t (&dest)[N], const wchar_t *src) {
  return wcscat_s(dest, N, src);
}
template <size_t N>
inline errno_t wcsncpy_s(wchar_t (&dest)[N], const wchar_t *src, size_t count) {
  return wcsncpy_s(dest, N, src, count);
}
template <size_t N>
inline errno_t strncpy_s(char (&dest)[N], const char *src, size_t count) {
  return strncpy_s(dest, N, src, count);
}
template <size_t N, typename... Args>
inline int sprintf_s(char (&buffer)[N], const char *format, Args... args) {
  return sprintf_s(buffer, N, format, args...);
}
template <size_t N, typename... Args>
inline int swprintf_s(wchar_t (&buffer)[N], const wchar_t *format, Args... args) {
  return swprintf_s(buffer, N, format, args...);
}
template <size_t N>
inline errno_t _itow_s(int value, wchar_t (&buffer)[N], int radix) {
  return _itow_s(value, buffer, N, radix);
}
}
#endif

#endif /* CMNOTIFY_WIN32_MSVC_COMPAT_H */
