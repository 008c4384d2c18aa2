/* libloaderapi.h: LoadLibrary, GetProcAddress, FreeLibrary, GetModuleHandle, GetModuleFileName.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). Device code loads
 * system DLLs at run time to stay compatible with old Windows; here those DLLs are
 * libcmnotify-win32 itself:
 *  - kernel32.dll, kernelbase.dll, cfgmgr32.dll, setupapi.dll, user32.dll, advapi32.dll and
 *    hid.dll (any case, with or without ".dll", with or without a directory) are modules of this
 *    library. GetProcAddress on one finds exactly the functions this library implements that the
 *    SDK declares in that DLL's headers (cfgmgr32.dll has CM_Register_Notification but not
 *    SetupDiGetClassDevsW); any other name gives NULL with ERROR_PROC_NOT_FOUND. Ordinals are not
 *    supported (ERROR_PROC_NOT_FOUND). These modules are never unloaded; FreeLibrary on one is
 *    TRUE.
 *  - A name with a '/' or ending in ".so" (or ".so.N") is a Linux shared library, opened with
 *    dlopen(RTLD_NOW | RTLD_LOCAL); GetProcAddress is then dlsym and FreeLibrary dlclose.
 *  - Any other name: NULL with ERROR_MOD_NOT_FOUND.
 *  - GetModuleHandle(NULL) is the program itself; GetProcAddress on it looks in the program and
 *    the libraries it loaded (dlsym). GetModuleFileName gives the program's path (/proc/self/exe)
 *    for NULL, and this library's path for its modules. */
#ifndef CMNOTIFY_WIN32_LIBLOADERAPI_H
#define CMNOTIFY_WIN32_LIBLOADERAPI_H

#include "minwindef.h"
#include "winnt.h"

#define DONT_RESOLVE_DLL_REFERENCES 0x00000001u
#define LOAD_LIBRARY_AS_DATAFILE 0x00000002u
#define LOAD_WITH_ALTERED_SEARCH_PATH 0x00000008u
#define LOAD_IGNORE_CODE_AUTHZ_LEVEL 0x00000010u
#define LOAD_LIBRARY_AS_IMAGE_RESOURCE 0x00000020u
#define LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE 0x00000040u
#define LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR 0x00000100u
#define LOAD_LIBRARY_SEARCH_APPLICATION_DIR 0x00000200u
#define LOAD_LIBRARY_SEARCH_USER_DIRS 0x00000400u
#define LOAD_LIBRARY_SEARCH_SYSTEM32 0x00000800u
#define LOAD_LIBRARY_SEARCH_DEFAULT_DIRS 0x00001000u

#define GET_MODULE_HANDLE_EX_FLAG_PIN 0x00000001u
#define GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT 0x00000002u
#define GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS 0x00000004u

EXTERN_C_START

WINBASEAPI HMODULE WINAPI LoadLibraryW(_In_ LPCWSTR lpLibFileName);
WINBASEAPI HMODULE WINAPI LoadLibraryA(_In_ LPCSTR lpLibFileName);
/* hFile must be NULL (ERROR_INVALID_PARAMETER); the LOAD_LIBRARY_* search flags are accepted
 * and change nothing. */
WINBASEAPI HMODULE WINAPI LoadLibraryExW(_In_ LPCWSTR lpLibFileName, _Reserved_ HANDLE hFile,
                                         _In_ DWORD dwFlags);
WINBASEAPI HMODULE WINAPI LoadLibraryExA(_In_ LPCSTR lpLibFileName, _Reserved_ HANDLE hFile,
                                         _In_ DWORD dwFlags);
WINBASEAPI BOOL WINAPI FreeLibrary(_In_ HMODULE hLibModule);
WINBASEAPI FARPROC WINAPI GetProcAddress(_In_ HMODULE hModule, _In_ LPCSTR lpProcName);
/* A module of this library by name (they are always loaded), a Linux library already loaded,
 * or the program for NULL. */
WINBASEAPI HMODULE WINAPI GetModuleHandleW(_In_opt_ LPCWSTR lpModuleName);
WINBASEAPI HMODULE WINAPI GetModuleHandleA(_In_opt_ LPCSTR lpModuleName);
WINBASEAPI BOOL WINAPI GetModuleHandleExW(_In_ DWORD dwFlags, _In_opt_ LPCWSTR lpModuleName,
                                          _Out_ HMODULE *phModule);
WINBASEAPI BOOL WINAPI GetModuleHandleExA(_In_ DWORD dwFlags, _In_opt_ LPCSTR lpModuleName,
                                          _Out_ HMODULE *phModule);
/* The length copied (without the NUL). A buffer too small gets the truncated, NUL-terminated
 * path, nSize is returned and the last error is ERROR_INSUFFICIENT_BUFFER (as since Vista). */
WINBASEAPI DWORD WINAPI GetModuleFileNameW(_In_opt_ HMODULE hModule,
                                           _Out_writes_to_(nSize, return + 1) LPWSTR lpFilename,
                                           _In_ DWORD nSize);
WINBASEAPI DWORD WINAPI GetModuleFileNameA(_In_opt_ HMODULE hModule,
                                           _Out_writes_to_(nSize, return + 1) LPSTR lpFilename,
                                           _In_ DWORD nSize);
/* Accepted (TRUE): there are no DllMain notifications. */
WINBASEAPI BOOL WINAPI DisableThreadLibraryCalls(_In_ HMODULE hLibModule);

EXTERN_C_END

#ifdef UNICODE
#define LoadLibrary LoadLibraryW
#define LoadLibraryEx LoadLibraryExW
#define GetModuleHandle GetModuleHandleW
#define GetModuleHandleEx GetModuleHandleExW
#define GetModuleFileName GetModuleFileNameW
#else
#define LoadLibrary LoadLibraryA
#define LoadLibraryEx LoadLibraryExA
#define GetModuleHandle GetModuleHandleA
#define GetModuleHandleEx GetModuleHandleExA
#define GetModuleFileName GetModuleFileNameA
#endif

#endif /* CMNOTIFY_WIN32_LIBLOADERAPI_H */
