// A 32-bit word to block on: the futex system call, for the pointer-sized lock types of
// synchapi.h (SRWLOCK, CONDITION_VARIABLE, INIT_ONCE), which must work zero-initialised and need
// no cleanup, so they cannot hold a pthread object. Their state is read and written with
// std::atomic_ref, which is also what tells ThreadSanitizer about their ordering.
#pragma once

#include <windows.h>

#include <atomic>
#include <cstdint>

namespace cmnotify::win32::kernel32 {

// The first four bytes of a pointer-sized lock object, as an atomic word.
inline std::atomic_ref<std::uint32_t> word_of(PVOID* storage) noexcept {
  return std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(storage));
}

// Blocks while the word equals `expected`, at most `timeout_ms` (INFINITE: no limit). False
// when the time ran out; true when woken, when the word had changed, or spuriously.
bool futex_wait(PVOID* storage, std::uint32_t expected, DWORD timeout_ms) noexcept;
void futex_wake(PVOID* storage, int count) noexcept;

}  // namespace cmnotify::win32::kernel32
