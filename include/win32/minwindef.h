/* minwindef.h: the basic Windows types, calling conventions and handle declarations.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32): Windows code builds
 * unchanged on Linux (source compatibility; the binary layout is Linux's own).
 *  - DWORD, ULONG, UINT are 32-bit unsigned, LONG and BOOL 32-bit signed, as on Windows.
 *  - WCHAR is wchar_t: 4 bytes on Linux, so L"..." literals and the wcs* functions work, and
 *    structures holding WCHAR arrays are larger than on Windows.
 *  - Calling-convention macros (WINAPI, CALLBACK, ...) are empty: Linux has one C ABI. */
#ifndef CMNOTIFY_WIN32_MINWINDEF_H
#define CMNOTIFY_WIN32_MINWINDEF_H

#include <stddef.h>
#include <stdint.h>

#include "basetsd.h"
#include "specstrings.h"

#ifdef __cplusplus
#define EXTERN_C extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C extern
#define EXTERN_C_START
#define EXTERN_C_END
#endif

/* Calling conventions and linkage decorations: all empty on Linux. */
#define WINAPI
#define WINAPIV
#define WINAPI_INLINE
#define APIENTRY
#define APIPRIVATE
#define CALLBACK
#define NTAPI
#define PASCAL
#define CMAPI
#define WINBASEAPI
#define WINADVAPI
#define WINUSERAPI
#define NTSYSAPI
#define DECLSPEC_IMPORT
#define DECLSPEC_NOTHROW
#define FORCEINLINE static inline
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef FAR
#define FAR
#endif
#ifndef NEAR
#define NEAR
#endif
/* What MSVC's __declspec(selectany) gives: one definition may appear in many objects. */
#define DECLSPEC_SELECTANY __attribute__((weak))

#define CONST const
#define VOID void

/* Parameter decorations of older code (winnt.h's IN, OUT, OPTIONAL): empty. */
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#define ANYSIZE_ARRAY 1
#define MAX_PATH 260

#ifndef __cplusplus
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif

typedef void *PVOID, *LPVOID;
typedef const void *PCVOID, *LPCVOID;

typedef char CHAR, *PCHAR, *LPCH, *PCH;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short USHORT, *PUSHORT;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT;
typedef int LONG, *PLONG, *LPLONG;
typedef unsigned int ULONG, *PULONG;
typedef unsigned int DWORD, *PDWORD, *LPDWORD;
typedef int BOOL, *PBOOL, *LPBOOL;
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned char BOOLEAN, *PBOOLEAN;
typedef unsigned short WORD, *PWORD, *LPWORD;
typedef float FLOAT, *PFLOAT;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef unsigned long long DWORDLONG, *PDWORDLONG;

typedef wchar_t WCHAR, *PWCHAR, *LPWCH, *PWCH;
typedef const CHAR *LPCCH, *PCCH, *PCCHAR;
typedef const WCHAR *LPCWCH, *PCWCH, *PCWCHAR;
typedef CHAR *PSTR, *LPSTR, *NPSTR;
typedef const CHAR *PCSTR, *LPCSTR;
typedef WCHAR *PWSTR, *LPWSTR, *NWPSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR;
typedef PWSTR *PZPWSTR;
typedef PCWSTR *PZPCWSTR;
/* Multi-strings: NUL after each string, one more NUL at the end. */
typedef WCHAR *PZZWSTR;
typedef const WCHAR *PCZZWSTR;
typedef CHAR *PZZSTR;
typedef const CHAR *PCZZSTR;

typedef LONG HRESULT;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;

typedef void *HANDLE;
typedef HANDLE *PHANDLE, *LPHANDLE;
#define DECLARE_HANDLE(name) \
  struct name##__ {          \
    int unused;              \
  };                         \
  typedef struct name##__ *name
DECLARE_HANDLE(HINSTANCE);
typedef HINSTANCE HMODULE;
DECLARE_HANDLE(HWND);
DECLARE_HANDLE(HKEY);
typedef HKEY *PHKEY;
DECLARE_HANDLE(HRSRC);
DECLARE_HANDLE(HMONITOR);
typedef HANDLE HGLOBAL;
typedef HANDLE HLOCAL;
typedef HANDLE GLOBALHANDLE;
typedef HANDLE LOCALHANDLE;
typedef int HFILE;
typedef WORD ATOM;
#define HFILE_ERROR ((HFILE)-1)

/* Exported functions, as GetProcAddress returns them: code casts them to the function's own type.
 * The SDK returns INT_PTR; here the type is void (*)(void), the one type that gcc's and clang's
 * -Wcast-function-type (in -Wextra) let such a cast through silently, in C and C++. */
typedef void(WINAPI *FARPROC)(void);
typedef void(WINAPI *NEARPROC)(void);
typedef void(WINAPI *PROC)(void);

typedef struct _FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

/* Linux file descriptors are the handles (see cmnotify_handle_from_fd in cfgmgr32.h):
 * NULL and INVALID_HANDLE_VALUE are never a descriptor. */
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)

#define MAKEWORD(low, high) ((WORD)(((BYTE)(low)) | ((WORD)((BYTE)(high))) << 8))
#define MAKELONG(low, high) ((LONG)(((WORD)(low)) | ((DWORD)((WORD)(high))) << 16))
#define LOWORD(l) ((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l) ((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define MAKEWPARAM(low, high) ((WPARAM)(DWORD)MAKELONG(low, high))
#define MAKELPARAM(low, high) ((LPARAM)(DWORD)MAKELONG(low, high))
#define MAKELRESULT(low, high) ((LRESULT)(DWORD)MAKELONG(low, high))
#define LOBYTE(w) ((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w) ((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))

#endif /* CMNOTIFY_WIN32_MINWINDEF_H */
