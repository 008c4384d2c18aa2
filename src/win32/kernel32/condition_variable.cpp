// Condition variables in the caller's pointer-sized CONDITION_VARIABLE: a sequence number that
// every wake advances. A sleeper reads it before letting go of its lock and blocks only while it
// is unchanged, so no wake between the two is lost; wakes may be spurious, as Windows allows.
#include <climits>

#include "win32/kernel32/futex.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

template <typename Unlock, typename Relock>
BOOL sleep_on(PCONDITION_VARIABLE cv, DWORD timeout_ms, Unlock unlock, Relock relock) {
  const std::uint32_t seen = word_of(&cv->Ptr).load(std::memory_order_relaxed);
  unlock();
  const bool woken = futex_wait(&cv->Ptr, seen, timeout_ms);
  relock();
  if (woken) return TRUE;
  SetLastError(ERROR_TIMEOUT);
  return FALSE;
}

void wake(PCONDITION_VARIABLE cv, int count) {
  if (cv == nullptr) return;
  word_of(&cv->Ptr).fetch_add(1, std::memory_order_relaxed);
  futex_wake(&cv->Ptr, count);
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

VOID WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable) {
  if (ConditionVariable != nullptr) ConditionVariable->Ptr = nullptr;
}

BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                     PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds) {
  if (ConditionVariable == nullptr || CriticalSection == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  return k32::sleep_on(
      ConditionVariable, dwMilliseconds, [&] { LeaveCriticalSection(CriticalSection); },
      [&] { EnterCriticalSection(CriticalSection); });
}

BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock,
                                      DWORD dwMilliseconds, ULONG Flags) {
  if (ConditionVariable == nullptr || SRWLock == nullptr ||
      (Flags & ~CONDITION_VARIABLE_LOCKMODE_SHARED) != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  if ((Flags & CONDITION_VARIABLE_LOCKMODE_SHARED) != 0) {
    return k32::sleep_on(
        ConditionVariable, dwMilliseconds, [&] { ReleaseSRWLockShared(SRWLock); },
        [&] { AcquireSRWLockShared(SRWLock); });
  }
  return k32::sleep_on(
      ConditionVariable, dwMilliseconds, [&] { ReleaseSRWLockExclusive(SRWLock); },
      [&] { AcquireSRWLockExclusive(SRWLock); });
}

VOID WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable) {
  k32::wake(ConditionVariable, 1);
}

VOID WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable) {
  k32::wake(ConditionVariable, INT_MAX);
}

}  // extern "C"
