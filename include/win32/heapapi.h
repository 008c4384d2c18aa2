/* heapapi.h: the process heap.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * Only the process heap exists (GetProcessHeap); blocks from HeapAlloc must go back to
 * HeapFree, never to free(). */
#ifndef CMNOTIFY_WIN32_HEAPAPI_H
#define CMNOTIFY_WIN32_HEAPAPI_H

#include "minwindef.h"
#include "winnt.h"

EXTERN_C_START

WINBASEAPI HANDLE WINAPI GetProcessHeap(VOID);
/* HEAP_ZERO_MEMORY zeroes the block. NULL (ERROR_NOT_ENOUGH_MEMORY, or ERROR_INVALID_HANDLE
 * for a heap other than GetProcessHeap()) on failure. */
WINBASEAPI LPVOID WINAPI HeapAlloc(_In_ HANDLE hHeap, _In_ DWORD dwFlags, _In_ SIZE_T dwBytes);
/* HEAP_ZERO_MEMORY zeroes the bytes a block grows by; HEAP_REALLOC_IN_PLACE_ONLY fails
 * (NULL) unless the block shrinks or keeps its size. */
WINBASEAPI LPVOID WINAPI HeapReAlloc(_Inout_ HANDLE hHeap, _In_ DWORD dwFlags,
                                     _Frees_ptr_opt_ LPVOID lpMem, _In_ SIZE_T dwBytes);
/* TRUE for NULL (nothing to free). */
WINBASEAPI BOOL WINAPI HeapFree(_Inout_ HANDLE hHeap, _In_ DWORD dwFlags,
                                _Frees_ptr_opt_ LPVOID lpMem);
/* The size asked for when the block was allocated, (SIZE_T)-1 on failure. */
WINBASEAPI SIZE_T WINAPI HeapSize(_In_ HANDLE hHeap, _In_ DWORD dwFlags, _In_ LPCVOID lpMem);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_HEAPAPI_H */
