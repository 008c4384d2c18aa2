// Critical sections (recursive pthread mutexes in the caller's CRITICAL_SECTION), Sleep, tick
// counts and ids.
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <windows.h>

#include <cerrno>
#include <cstdint>
#include <new>

namespace {

static_assert(sizeof(pthread_mutex_t) <= sizeof(CRITICAL_SECTION::Storage),
              "CRITICAL_SECTION storage too small for a pthread mutex");
static_assert(alignof(pthread_mutex_t) <= alignof(CRITICAL_SECTION),
              "CRITICAL_SECTION storage not aligned for a pthread mutex");

pthread_mutex_t* mutex_of(LPCRITICAL_SECTION cs) noexcept {
  return std::launder(reinterpret_cast<pthread_mutex_t*>(cs->Storage.Opaque));
}

void initialize(LPCRITICAL_SECTION cs) noexcept {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  auto* mutex = new (cs->Storage.Opaque) pthread_mutex_t;
  pthread_mutex_init(mutex, &attr);
  pthread_mutexattr_destroy(&attr);
}

std::uint64_t monotonic_ms() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000u +
         static_cast<std::uint64_t>(ts.tv_nsec) / 1000000u;
}

}  // namespace

extern "C" {

VOID WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  if (lpCriticalSection != nullptr) initialize(lpCriticalSection);
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection,
                                                  DWORD /*dwSpinCount*/) {
  if (lpCriticalSection == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  initialize(lpCriticalSection);
  return TRUE;
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount,
                                        DWORD /*Flags*/) {
  return InitializeCriticalSectionAndSpinCount(lpCriticalSection, dwSpinCount);
}

DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION /*lpCriticalSection*/,
                                         DWORD /*dwSpinCount*/) {
  return 0;  // spin counts have no effect here
}

VOID WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  if (lpCriticalSection != nullptr) pthread_mutex_lock(mutex_of(lpCriticalSection));
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  if (lpCriticalSection == nullptr) return FALSE;
  return pthread_mutex_trylock(mutex_of(lpCriticalSection)) == 0 ? TRUE : FALSE;
}

VOID WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  if (lpCriticalSection != nullptr) pthread_mutex_unlock(mutex_of(lpCriticalSection));
}

VOID WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  if (lpCriticalSection == nullptr) return;
  pthread_mutex_t* mutex = mutex_of(lpCriticalSection);
  pthread_mutex_destroy(mutex);
  mutex->~pthread_mutex_t();
}

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
