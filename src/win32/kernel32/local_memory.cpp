// LocalAlloc and GlobalAlloc over the process heap. Movable memory is fixed memory whose handle
// is its address, so LocalLock returns the handle itself and code that locks and unlocks works.
#include <windows.h>

#include "win32/heap.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

HLOCAL fail(DWORD error) {
  SetLastError(error);
  return nullptr;
}

HLOCAL allocate(UINT flags, SIZE_T bytes, UINT valid_flags) {
  if ((flags & ~valid_flags) != 0) return fail(ERROR_INVALID_PARAMETER);
  return HeapAlloc(GetProcessHeap(), (flags & LMEM_ZEROINIT) != 0 ? HEAP_ZERO_MEMORY : 0, bytes);
}

HLOCAL reallocate(HLOCAL mem, SIZE_T bytes, UINT flags) {
  if (!is_heap_block(mem)) return fail(ERROR_INVALID_HANDLE);
  if ((flags & LMEM_MODIFY) != 0) return mem;  // attributes only: none apply to fixed memory
  DWORD heap_flags = (flags & LMEM_ZEROINIT) != 0 ? HEAP_ZERO_MEMORY : 0;
  if ((flags & LMEM_MOVEABLE) == 0) heap_flags |= HEAP_REALLOC_IN_PLACE_ONLY;
  return HeapReAlloc(GetProcessHeap(), heap_flags, mem, bytes);
}

HLOCAL release(HLOCAL mem) {
  if (mem == nullptr) return nullptr;
  if (!HeapFree(GetProcessHeap(), 0, mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return mem;
  }
  return nullptr;
}

SIZE_T size_of(HLOCAL mem) {
  if (!is_heap_block(mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return 0;
  }
  return HeapSize(GetProcessHeap(), 0, mem);
}

LPVOID lock(HLOCAL mem) {
  if (!is_heap_block(mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  return mem;
}

BOOL unlock(HLOCAL mem) {
  SetLastError(is_heap_block(mem) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE);
  return FALSE;  // fixed memory is never left locked
}

UINT flags_of(HLOCAL mem) { return is_heap_block(mem) ? 0u : LMEM_INVALID_HANDLE; }

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes) {
  return k32::allocate(uFlags, uBytes, LMEM_VALID_FLAGS);
}
HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags) {
  return k32::reallocate(hMem, uBytes, uFlags);
}
HLOCAL WINAPI LocalFree(HLOCAL hMem) { return k32::release(hMem); }
SIZE_T WINAPI LocalSize(HLOCAL hMem) { return k32::size_of(hMem); }
LPVOID WINAPI LocalLock(HLOCAL hMem) { return k32::lock(hMem); }
BOOL WINAPI LocalUnlock(HLOCAL hMem) { return k32::unlock(hMem); }
HLOCAL WINAPI LocalHandle(LPCVOID pMem) { return k32::lock(const_cast<LPVOID>(pMem)); }
UINT WINAPI LocalFlags(HLOCAL hMem) { return k32::flags_of(hMem); }

HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes) {
  return k32::allocate(uFlags, dwBytes, GMEM_VALID_FLAGS);
}
HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags) {
  return k32::reallocate(hMem, dwBytes, uFlags);
}
HGLOBAL WINAPI GlobalFree(HGLOBAL hMem) { return k32::release(hMem); }
SIZE_T WINAPI GlobalSize(HGLOBAL hMem) { return k32::size_of(hMem); }
LPVOID WINAPI GlobalLock(HGLOBAL hMem) { return k32::lock(hMem); }
BOOL WINAPI GlobalUnlock(HGLOBAL hMem) { return k32::unlock(hMem); }
HGLOBAL WINAPI GlobalHandle(LPCVOID pMem) { return k32::lock(const_cast<LPVOID>(pMem)); }
UINT WINAPI GlobalFlags(HGLOBAL hMem) { return k32::flags_of(hMem); }

}  // extern "C"
