// The process heap's blocks, for the Local and Global functions that share it.
#pragma once

#include <windows.h>

namespace cmnotify::win32 {

// Whether `block` is a live block of the process heap (HeapAlloc, LocalAlloc, GlobalAlloc).
[[nodiscard]] bool is_heap_block(LPCVOID block) noexcept;

}  // namespace cmnotify::win32
