// Test support: the bytes a test program has allocated and not yet freed, as the allocator in use
// counts them (glibc's malloc, or a sanitizer's own allocator, which glibc's counters never see).
#pragma once

#include <malloc.h>

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CMNOTIFY_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CMNOTIFY_SANITIZED 1
#endif
#endif
#ifdef CMNOTIFY_SANITIZED
#include <sanitizer/allocator_interface.h>
#endif

namespace cmnotify::testing {

inline std::size_t heap_in_use() {
#ifdef CMNOTIFY_SANITIZED
  return __sanitizer_get_current_allocated_bytes();
#else
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;  // small blocks in use + large (mmapped) blocks
#endif
}

}  // namespace cmnotify::testing
