/* winbase.h: the kernel32 functions these headers provide, plus FormatMessage, the Local and
 * Global heaps and the lstr functions.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - FormatMessage: FORMAT_MESSAGE_FROM_SYSTEM knows the message of every ERROR_ code in
 *    winerror.h (English, ending in "\r\n" as on Windows) and of the HRESULTs that wrap them;
 *    others give 0 with ERROR_MR_MID_NOT_FOUND. Languages other than neutral and English give
 *    ERROR_RESOURCE_LANG_NOT_FOUND. FROM_HMODULE finds no message table (this library has none):
 *    ERROR_RESOURCE_TYPE_NOT_FOUND unless FROM_SYSTEM is given too. Inserts %1..%99 take an
 *    optional !printf format! (default !s!), with the width and precision from the format or
 *    from '*' (the next insert numbers); %0 ends the message without a newline, %n, %r, %t, %%,
 *    %space, %. and %! are the escapes. The line width (FORMAT_MESSAGE_MAX_WIDTH_MASK) breaks
 *    lines at spaces; 0xFF joins the message's own lines. Arguments are a va_list* or, with
 *    ARGUMENT_ARRAY, an array of DWORD_PTR.
 *  - LocalAlloc and GlobalAlloc use the process heap (heapapi.h): LocalFree, GlobalFree and
 *    HeapFree(GetProcessHeap()) free any of their blocks. Movable memory is fixed memory whose
 *    handle is its address (LocalLock returns it), so code that locks and unlocks works as
 *    written. Without LMEM_MOVEABLE, LocalReAlloc only resizes in place.
 *  - lstrcmp/lstrcmpi compare as Windows' word sort does for ASCII text: case-insensitively first
 *    (lstrcmpi stops there), then lower case before upper case. NULL arguments never crash: they
 *    count as the empty string (lstrlen 0, lstrcmp orders NULL first), and the copies return
 *    NULL. */
#ifndef CMNOTIFY_WIN32_WINBASE_H
#define CMNOTIFY_WIN32_WINBASE_H

#include <stdarg.h>

#include "debugapi.h"
#include "errhandlingapi.h"
#include "fileapi.h"
#include "handleapi.h"
#include "heapapi.h"
#include "libloaderapi.h"
#include "minwinbase.h"
#include "minwindef.h"
#include "processthreadsapi.h"
#include "profileapi.h"
#include "stringapiset.h"
#include "synchapi.h"
#include "sysinfoapi.h"
#include "threadpoolapiset.h"
#include "threadpoollegacyapiset.h"
#include "winnt.h"

#define FORMAT_MESSAGE_IGNORE_INSERTS 0x00000200u
#define FORMAT_MESSAGE_FROM_STRING 0x00000400u
#define FORMAT_MESSAGE_FROM_HMODULE 0x00000800u
#define FORMAT_MESSAGE_FROM_SYSTEM 0x00001000u
#define FORMAT_MESSAGE_ARGUMENT_ARRAY 0x00002000u
#define FORMAT_MESSAGE_MAX_WIDTH_MASK 0x000000FFu
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100u

#define LMEM_FIXED 0x0000u
#define LMEM_MOVEABLE 0x0002u
#define LMEM_NOCOMPACT 0x0010u
#define LMEM_NODISCARD 0x0020u
#define LMEM_ZEROINIT 0x0040u
#define LMEM_MODIFY 0x0080u
#define LMEM_DISCARDABLE 0x0F00u
#define LMEM_VALID_FLAGS 0x0F72u
#define LMEM_INVALID_HANDLE 0x8000u
#define LHND (LMEM_MOVEABLE | LMEM_ZEROINIT)
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
#define NONZEROLHND (LMEM_MOVEABLE)
#define NONZEROLPTR (LMEM_FIXED)
#define LMEM_DISCARDED 0x4000u
#define LMEM_LOCKCOUNT 0x00FFu

#define GMEM_FIXED 0x0000u
#define GMEM_MOVEABLE 0x0002u
#define GMEM_NOCOMPACT 0x0010u
#define GMEM_NODISCARD 0x0020u
#define GMEM_ZEROINIT 0x0040u
#define GMEM_MODIFY 0x0080u
#define GMEM_DISCARDABLE 0x0100u
#define GMEM_NOT_BANKED 0x1000u
#define GMEM_SHARE 0x2000u
#define GMEM_DDESHARE 0x2000u
#define GMEM_NOTIFY 0x4000u
#define GMEM_LOWER GMEM_NOT_BANKED
#define GMEM_VALID_FLAGS 0x7F72u
#define GMEM_INVALID_HANDLE 0x8000u
#define GHND (GMEM_MOVEABLE | GMEM_ZEROINIT)
#define GPTR (GMEM_FIXED | GMEM_ZEROINIT)
#define GMEM_DISCARDED 0x4000u
#define GMEM_LOCKCOUNT 0x00FFu

EXTERN_C_START

/* The number of characters stored (without the NUL), or 0 with the last error. */
WINBASEAPI DWORD WINAPI FormatMessageW(_In_ DWORD dwFlags, _In_opt_ LPCVOID lpSource,
                                       _In_ DWORD dwMessageId, _In_ DWORD dwLanguageId,
                                       _When_((dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) != 0,
                                              _At_((LPWSTR *)lpBuffer, _Outptr_result_z_))
                                           LPWSTR lpBuffer,
                                       _In_ DWORD nSize, _In_opt_ va_list *Arguments);
WINBASEAPI DWORD WINAPI FormatMessageA(_In_ DWORD dwFlags, _In_opt_ LPCVOID lpSource,
                                       _In_ DWORD dwMessageId, _In_ DWORD dwLanguageId,
                                       LPSTR lpBuffer, _In_ DWORD nSize,
                                       _In_opt_ va_list *Arguments);

WINBASEAPI HLOCAL WINAPI LocalAlloc(_In_ UINT uFlags, _In_ SIZE_T uBytes);
WINBASEAPI HLOCAL WINAPI LocalReAlloc(_Frees_ptr_opt_ HLOCAL hMem, _In_ SIZE_T uBytes,
                                      _In_ UINT uFlags);
/* NULL on success; the handle, with ERROR_INVALID_HANDLE, for a block that is not one of this
 * heap's (checked as far as a header before the block allows). */
WINBASEAPI HLOCAL WINAPI LocalFree(_Frees_ptr_opt_ HLOCAL hMem);
WINBASEAPI SIZE_T WINAPI LocalSize(_In_ HLOCAL hMem);
WINBASEAPI LPVOID WINAPI LocalLock(_In_ HLOCAL hMem);
WINBASEAPI BOOL WINAPI LocalUnlock(_In_ HLOCAL hMem);
WINBASEAPI HLOCAL WINAPI LocalHandle(_In_ LPCVOID pMem);
WINBASEAPI UINT WINAPI LocalFlags(_In_ HLOCAL hMem);
WINBASEAPI HGLOBAL WINAPI GlobalAlloc(_In_ UINT uFlags, _In_ SIZE_T dwBytes);
WINBASEAPI HGLOBAL WINAPI GlobalReAlloc(_Frees_ptr_ HGLOBAL hMem, _In_ SIZE_T dwBytes,
                                        _In_ UINT uFlags);
WINBASEAPI HGLOBAL WINAPI GlobalFree(_Frees_ptr_opt_ HGLOBAL hMem);
WINBASEAPI SIZE_T WINAPI GlobalSize(_In_ HGLOBAL hMem);
WINBASEAPI LPVOID WINAPI GlobalLock(_In_ HGLOBAL hMem);
WINBASEAPI BOOL WINAPI GlobalUnlock(_In_ HGLOBAL hMem);
WINBASEAPI HGLOBAL WINAPI GlobalHandle(_In_ LPCVOID pMem);
WINBASEAPI UINT WINAPI GlobalFlags(_In_ HGLOBAL hMem);

WINBASEAPI int WINAPI lstrlenA(_In_opt_ LPCSTR lpString);
WINBASEAPI int WINAPI lstrlenW(_In_opt_ LPCWSTR lpString);
WINBASEAPI LPSTR WINAPI lstrcpyA(_Out_ LPSTR lpString1, _In_ LPCSTR lpString2);
WINBASEAPI LPWSTR WINAPI lstrcpyW(_Out_ LPWSTR lpString1, _In_ LPCWSTR lpString2);
/* Copies at most iMaxLength - 1 characters and a NUL. */
WINBASEAPI LPSTR WINAPI lstrcpynA(_Out_writes_(iMaxLength) LPSTR lpString1, _In_ LPCSTR lpString2,
                                  _In_ int iMaxLength);
WINBASEAPI LPWSTR WINAPI lstrcpynW(_Out_writes_(iMaxLength) LPWSTR lpString1,
                                   _In_ LPCWSTR lpString2, _In_ int iMaxLength);
WINBASEAPI LPSTR WINAPI lstrcatA(_Inout_ LPSTR lpString1, _In_ LPCSTR lpString2);
WINBASEAPI LPWSTR WINAPI lstrcatW(_Inout_ LPWSTR lpString1, _In_ LPCWSTR lpString2);
WINBASEAPI int WINAPI lstrcmpA(_In_ LPCSTR lpString1, _In_ LPCSTR lpString2);
WINBASEAPI int WINAPI lstrcmpW(_In_ LPCWSTR lpString1, _In_ LPCWSTR lpString2);
WINBASEAPI int WINAPI lstrcmpiA(_In_ LPCSTR lpString1, _In_ LPCSTR lpString2);
WINBASEAPI int WINAPI lstrcmpiW(_In_ LPCWSTR lpString1, _In_ LPCWSTR lpString2);

/* A Windows GUI program's entry point, which the program defines. Linux programs start at main:
 * link libcmnotify-win32-main (pkg-config cmnotify-win32-main), whose main calls wWinMain if the
 * program defines it, else WinMain, with the program's module handle, NULL, the command line
 * after the program name (quoted so that CommandLineToArgvW splits it back) and SW_SHOWDEFAULT,
 * and exits with what it returns. Declared here so that a C++ definition has C linkage. */
int APIENTRY WinMain(_In_ HINSTANCE hInstance, _In_opt_ HINSTANCE hPrevInstance,
                     _In_ LPSTR lpCmdLine, _In_ int nShowCmd);
int APIENTRY wWinMain(_In_ HINSTANCE hInstance, _In_opt_ HINSTANCE hPrevInstance,
                      _In_ LPWSTR lpCmdLine, _In_ int nShowCmd);

EXTERN_C_END

#ifdef UNICODE
#define FormatMessage FormatMessageW
#define lstrlen lstrlenW
#define lstrcpy lstrcpyW
#define lstrcpyn lstrcpynW
#define lstrcat lstrcatW
#define lstrcmp lstrcmpW
#define lstrcmpi lstrcmpiW
#else
#define FormatMessage FormatMessageA
#define lstrlen lstrlenA
#define lstrcpy lstrcpyA
#define lstrcpyn lstrcpynA
#define lstrcat lstrcatA
#define lstrcmp lstrcmpA
#define lstrcmpi lstrcmpiA
#endif

#endif /* CMNOTIFY_WIN32_WINBASE_H */
