/* stringapiset.h: MultiByteToWideChar and WideCharToMultiByte.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). WCHAR is UTF-32 here:
 * a character above U+FFFF is one WCHAR, never a surrogate pair.
 *  - Code pages: CP_UTF8, and CP_ACP, CP_OEMCP and CP_THREAD_ACP, which are UTF-8 too (a Linux
 *    system's narrow strings are UTF-8). Any other: 0 with ERROR_INVALID_PARAMETER.
 *  - Sizes count characters of the output, the NUL included when the input length is -1; an
 *    output size of 0 asks for the size needed. A buffer too small: 0 with
 *    ERROR_INSUFFICIENT_BUFFER (the part that fit is written).
 *  - Malformed input becomes U+FFFD (0xEF 0xBF 0xBD in UTF-8), or fails with
 *    ERROR_NO_UNICODE_TRANSLATION under MB_ERR_INVALID_CHARS / WC_ERR_INVALID_CHARS.
 *  - With CP_UTF8, dwFlags other than the ERR_INVALID_CHARS flag give ERROR_INVALID_FLAGS and a
 *    default character gives ERROR_INVALID_PARAMETER, as on Windows. The CP_ACP family accepts
 *    the flags of an ANSI code page (and ignores them) and uses the default character (first
 *    byte; "?" by default) for a WCHAR that is not a Unicode scalar value. */
#ifndef CMNOTIFY_WIN32_STRINGAPISET_H
#define CMNOTIFY_WIN32_STRINGAPISET_H

#include "minwindef.h"
#include "winnls.h"

EXTERN_C_START

WINBASEAPI int WINAPI MultiByteToWideChar(_In_ UINT CodePage, _In_ DWORD dwFlags,
                                          _In_NLS_string_(cbMultiByte) LPCCH lpMultiByteStr,
                                          _In_ int cbMultiByte,
                                          _Out_writes_to_opt_(cchWideChar, return)
                                              LPWSTR lpWideCharStr,
                                          _In_ int cchWideChar);
WINBASEAPI int WINAPI WideCharToMultiByte(_In_ UINT CodePage, _In_ DWORD dwFlags,
                                          _In_NLS_string_(cchWideChar) LPCWCH lpWideCharStr,
                                          _In_ int cchWideChar,
                                          _Out_writes_bytes_to_opt_(cbMultiByte, return)
                                              LPSTR lpMultiByteStr,
                                          _In_ int cbMultiByte, _In_opt_ LPCCH lpDefaultChar,
                                          _Out_opt_ LPBOOL lpUsedDefaultChar);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_STRINGAPISET_H */
