// LocalAlloc and GlobalAlloc over the process heap. Movable memory is fixed memory whose handle
// is its address, so LocalLock returns the handle itself and code that locks and unlocks works.
#include <windows.h>

#include "win32/kernel32/heap.hpp"

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

// The Local and Global functions are the same functions under two names.
#define CMNOTIFY_MEMORY_FAMILY(Prefix, HandleType, valid_flags)                                  \
  HandleType WINAPI Prefix##Alloc(UINT uFlags, SIZE_T uBytes) {                                  \
    return k32::allocate(uFlags, uBytes, valid_flags);                                           \
  }                                                                                              \
  HandleType WINAPI Prefix##ReAlloc(HandleType hMem, SIZE_T uBytes, UINT uFlags) {               \
    return k32::reallocate(hMem, uBytes, uFlags);                                                \
  }                                                                                              \
  HandleType WINAPI Prefix##Free(HandleType hMem) { return k32::release(hMem); }                 \
  SIZE_T WINAPI Prefix##Size(HandleType hMem) { return k32::size_of(hMem); }                     \
  LPVOID WINAPI Prefix##Lock(HandleType hMem) { return k32::lock(hMem); }                        \
  BOOL WINAPI Prefix##Unlock(HandleType hMem) { return k32::unlock(hMem); }                      \
  HandleType WINAPI Prefix##Handle(LPCVOID pMem) { return k32::lock(const_cast<LPVOID>(pMem)); } \
  UINT WINAPI Prefix##Flags(HandleType hMem) { return k32::flags_of(hMem); }

CMNOTIFY_MEMORY_FAMILY(Local, HLOCAL, LMEM_VALID_FLAGS)
CMNOTIFY_MEMORY_FAMILY(Global, HGLOBAL, GMEM_VALID_FLAGS)

#undef CMNOTIFY_MEMORY_FAMILY

}  // extern "C"
