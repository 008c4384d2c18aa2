// The process heap. Each block carries a header with the size asked for, so HeapReAlloc can zero
// exactly the bytes a block grows by and HeapSize answers what Windows answers. A set of the live
// blocks tells them from other pointers: HeapFree, LocalFree and the rest refuse a pointer that
// is not one (a block freed already, a stack address), without touching its memory.
#include "win32/kernel32/heap.hpp"

#include <windows.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_set>

namespace {

struct alignas(std::max_align_t) Header {
  std::size_t size;
};

struct LiveBlocks {
  std::mutex mutex;
  std::unordered_set<const void*> blocks;
};

LiveBlocks& live() {
  static auto* l = new LiveBlocks;  // immortal: blocks may be freed during exit
  return *l;
}

bool remember(const void* block) {
  try {
    std::lock_guard lock(live().mutex);
    live().blocks.insert(block);
    return true;
  } catch (const std::bad_alloc&) {
    return false;
  }
}

void forget(const void* block) {
  std::lock_guard lock(live().mutex);
  live().blocks.erase(block);
}

char g_process_heap;  // its address is the process heap's HANDLE

bool is_process_heap(HANDLE heap) noexcept { return heap == static_cast<HANDLE>(&g_process_heap); }

Header* header_of(LPCVOID block) noexcept {
  return reinterpret_cast<Header*>(const_cast<char*>(static_cast<const char*>(block))) - 1;
}

void* user_part(Header* header) noexcept { return header + 1; }

bool too_big(SIZE_T bytes) noexcept { return bytes > SIZE_MAX - sizeof(Header); }

LPVOID fail(DWORD error) {
  SetLastError(error);
  return nullptr;
}

}  // namespace

namespace cmnotify::win32 {

bool is_heap_block(LPCVOID block) noexcept {
  if (block == nullptr) return false;
  std::lock_guard lock(live().mutex);
  return live().blocks.count(block) != 0;
}

}  // namespace cmnotify::win32

extern "C" {

HANDLE WINAPI GetProcessHeap(VOID) { return static_cast<HANDLE>(&g_process_heap); }

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes) {
  if (!is_process_heap(hHeap)) return fail(ERROR_INVALID_HANDLE);
  if (too_big(dwBytes)) return fail(ERROR_NOT_ENOUGH_MEMORY);
  const std::size_t total = sizeof(Header) + dwBytes;
  void* raw = (dwFlags & HEAP_ZERO_MEMORY) != 0 ? std::calloc(1, total) : std::malloc(total);
  if (raw == nullptr) return fail(ERROR_NOT_ENOUGH_MEMORY);
  auto* header = static_cast<Header*>(raw);
  header->size = dwBytes;
  if (!remember(user_part(header))) {
    std::free(raw);
    return fail(ERROR_NOT_ENOUGH_MEMORY);
  }
  return user_part(header);
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes) {
  if (!is_process_heap(hHeap)) return fail(ERROR_INVALID_HANDLE);
  if (!cmnotify::win32::is_heap_block(lpMem)) return fail(ERROR_INVALID_PARAMETER);
  if (too_big(dwBytes)) return fail(ERROR_NOT_ENOUGH_MEMORY);
  Header* header = header_of(lpMem);
  const std::size_t old_size = header->size;
  if ((dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) != 0) {
    if (dwBytes > old_size) return fail(ERROR_NOT_ENOUGH_MEMORY);
    header->size = dwBytes;
    return lpMem;
  }
  std::lock_guard lock(live().mutex);  // the block's address changes under it
  void* raw = std::realloc(header, sizeof(Header) + dwBytes);
  if (raw == nullptr) return fail(ERROR_NOT_ENOUGH_MEMORY);
  header = static_cast<Header*>(raw);
  auto node = live().blocks.extract(lpMem);  // re-keyed without allocating
  node.value() = user_part(header);
  live().blocks.insert(std::move(node));
  header->size = dwBytes;
  auto* data = static_cast<char*>(user_part(header));
  if ((dwFlags & HEAP_ZERO_MEMORY) != 0 && dwBytes > old_size)
    std::memset(data + old_size, 0, dwBytes - old_size);
  return data;
}

BOOL WINAPI HeapFree(HANDLE hHeap, DWORD /*dwFlags*/, LPVOID lpMem) {
  if (!is_process_heap(hHeap)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  if (lpMem == nullptr) return TRUE;
  if (!cmnotify::win32::is_heap_block(lpMem)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  forget(lpMem);
  std::free(header_of(lpMem));
  return TRUE;
}

SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD /*dwFlags*/, LPCVOID lpMem) {
  if (!is_process_heap(hHeap) || !cmnotify::win32::is_heap_block(lpMem)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return static_cast<SIZE_T>(-1);
  }
  return header_of(lpMem)->size;
}

}  // extern "C"
