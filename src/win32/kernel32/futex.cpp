#include "win32/kernel32/futex.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

namespace cmnotify::win32::kernel32 {

bool futex_wait(PVOID* storage, std::uint32_t expected, DWORD timeout_ms) noexcept {
  timespec relative{static_cast<time_t>(timeout_ms / 1000u),
                    static_cast<long>(timeout_ms % 1000u) * 1000000L};
  const long rc =
      ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(storage), FUTEX_WAIT_PRIVATE, expected,
                timeout_ms == INFINITE ? nullptr : &relative, nullptr, 0);
  return !(rc == -1 && errno == ETIMEDOUT);
}

void futex_wake(PVOID* storage, int count) noexcept {
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(storage), FUTEX_WAKE_PRIVATE, count,
            nullptr, nullptr, 0);
}

}  // namespace cmnotify::win32::kernel32
