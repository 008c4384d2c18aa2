/* strsafe.h: bounded string copies with the SDK's exact HRESULTs.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - S_OK: the whole source fit.
 *  - STRSAFE_E_INSUFFICIENT_BUFFER: the destination holds a truncated, NUL-terminated copy.
 *  - STRSAFE_E_INVALID_PARAMETER: cchDest is 0 or above STRSAFE_MAX_CCH, or a pointer is NULL
 *    (a NULL source is refused rather than crashing). A copy then leaves the empty string in a
 *    non-NULL destination with cchDest > 0; a concatenation leaves the destination alone. */
#ifndef CMNOTIFY_WIN32_STRSAFE_H
#define CMNOTIFY_WIN32_STRSAFE_H

#include <stddef.h>
#include <wchar.h>

#include "minwindef.h"
#include "winerror.h"

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_MAX_LENGTH (STRSAFE_MAX_CCH - 1)

#define STRSAFE_E_INSUFFICIENT_BUFFER _HRESULT_TYPEDEF_(0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER _HRESULT_TYPEDEF_(0x80070057L)
#define STRSAFE_E_END_OF_FILE _HRESULT_TYPEDEF_(0x80070026L)

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef wchar_t *STRSAFE_LPWSTR;
typedef const wchar_t *STRSAFE_LPCWSTR;
typedef const wchar_t *STRSAFE_PCNZWCH;
typedef const char *STRSAFE_PCNZCH;

EXTERN_C_START

/* cch: characters, including the terminating NUL. */
HRESULT StringCchCopyW(_Out_writes_(cchDest) STRSAFE_LPWSTR pszDest, _In_ size_t cchDest,
                       _In_ STRSAFE_LPCWSTR pszSrc);
HRESULT StringCchCopyA(_Out_writes_(cchDest) STRSAFE_LPSTR pszDest, _In_ size_t cchDest,
                       _In_ STRSAFE_LPCSTR pszSrc);
/* Appends to the NUL-terminated string in pszDest (STRSAFE_E_INVALID_PARAMETER if it has no NUL
 * within cchDest). */
HRESULT StringCchCatW(_Inout_updates_(cchDest) STRSAFE_LPWSTR pszDest, _In_ size_t cchDest,
                      _In_ STRSAFE_LPCWSTR pszSrc);
HRESULT StringCchCatA(_Inout_updates_(cchDest) STRSAFE_LPSTR pszDest, _In_ size_t cchDest,
                      _In_ STRSAFE_LPCSTR pszSrc);
/* The length without the NUL; STRSAFE_E_INVALID_PARAMETER (and *pcchLength = 0) when psz is
 * NULL, cchMax is 0 or above STRSAFE_MAX_CCH, or there is no NUL within cchMax. */
HRESULT StringCchLengthW(_In_reads_or_z_(cchMax) STRSAFE_PCNZWCH psz, _In_ size_t cchMax,
                         _Out_opt_ size_t *pcchLength);
HRESULT StringCchLengthA(_In_reads_or_z_(cchMax) STRSAFE_PCNZCH psz, _In_ size_t cchMax,
                         _Out_opt_ size_t *pcchLength);
/* cb: bytes (a multiple of sizeof(wchar_t) for the W variants). */
HRESULT StringCbCopyW(_Out_writes_bytes_(cbDest) STRSAFE_LPWSTR pszDest, _In_ size_t cbDest,
                      _In_ STRSAFE_LPCWSTR pszSrc);
HRESULT StringCbCopyA(_Out_writes_bytes_(cbDest) STRSAFE_LPSTR pszDest, _In_ size_t cbDest,
                      _In_ STRSAFE_LPCSTR pszSrc);
HRESULT StringCbLengthW(_In_reads_or_z_(cbMax / sizeof(wchar_t)) STRSAFE_PCNZWCH psz,
                        _In_ size_t cbMax, _Out_opt_ size_t *pcbLength);
HRESULT StringCbLengthA(_In_reads_or_z_(cbMax) STRSAFE_PCNZCH psz, _In_ size_t cbMax,
                        _Out_opt_ size_t *pcbLength);

EXTERN_C_END

#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCchCat StringCchCatW
#define StringCchLength StringCchLengthW
#define StringCbCopy StringCbCopyW
#define StringCbLength StringCbLengthW
#else
#define StringCchCopy StringCchCopyA
#define StringCchCat StringCchCatA
#define StringCchLength StringCchLengthA
#define StringCbCopy StringCbCopyA
#define StringCbLength StringCbLengthA
#endif

#endif /* CMNOTIFY_WIN32_STRSAFE_H */
