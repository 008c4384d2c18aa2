// Critical sections: recursive pthread mutexes in the caller's CRITICAL_SECTION.
#include <pthread.h>
#include <windows.h>

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

}  // extern "C"
