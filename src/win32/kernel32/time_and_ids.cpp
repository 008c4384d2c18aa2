// Sleep, the tick counts and the process and thread ids.
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <windows.h>

#include <cerrno>
#include <cstdint>

namespace {

std::uint64_t monotonic_ms() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000u +
         static_cast<std::uint64_t>(ts.tv_nsec) / 1000000u;
}

}  // namespace

extern "C" {

VOID WINAPI Sleep(DWORD dwMilliseconds) {
  if (dwMilliseconds == INFINITE) {
    for (;;) pause();
  }
  timespec ts{static_cast<time_t>(dwMilliseconds / 1000u),
              static_cast<long>(dwMilliseconds % 1000u) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

ULONGLONG WINAPI GetTickCount64(VOID) { return monotonic_ms(); }

DWORD WINAPI GetTickCount(VOID) { return static_cast<DWORD>(monotonic_ms()); }

DWORD WINAPI GetCurrentThreadId(VOID) { return static_cast<DWORD>(::syscall(SYS_gettid)); }

DWORD WINAPI GetCurrentProcessId(VOID) { return static_cast<DWORD>(::getpid()); }

}  // extern "C"
