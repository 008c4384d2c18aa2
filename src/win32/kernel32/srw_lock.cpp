// Slim reader/writer locks in the caller's pointer-sized SRWLOCK: a writer bit, a waiters bit and
// a reader count in one 32-bit word. Not fair (neither is Windows'); a release with waiters wakes
// them all and they compete again.
#include <climits>

#include "win32/kernel32/futex.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

constexpr std::uint32_t kWriter = 1;
constexpr std::uint32_t kWaiters = 2;
constexpr std::uint32_t kReader = 4;

// Marks that a thread is about to block on the state `seen`, then blocks.
void wait_for_change(PSRWLOCK lock, std::uint32_t seen) {
  auto word = word_of(&lock->Ptr);
  if ((seen & kWaiters) == 0 &&
      !word.compare_exchange_weak(seen, seen | kWaiters, std::memory_order_relaxed))
    return;  // changed meanwhile: look again
  futex_wait(&lock->Ptr, seen | kWaiters, INFINITE);
}

bool try_exclusive(PSRWLOCK lock, std::uint32_t& seen) {
  auto word = word_of(&lock->Ptr);
  seen = word.load(std::memory_order_relaxed);
  return (seen & ~kWaiters) == 0 &&
         word.compare_exchange_strong(seen, seen | kWriter, std::memory_order_acquire);
}

bool try_shared(PSRWLOCK lock, std::uint32_t& seen) {
  auto word = word_of(&lock->Ptr);
  seen = word.load(std::memory_order_relaxed);
  while ((seen & kWriter) == 0) {
    if (word.compare_exchange_weak(seen, seen + kReader, std::memory_order_acquire)) return true;
  }
  return false;
}

void wake_all(PSRWLOCK lock) { futex_wake(&lock->Ptr, INT_MAX); }

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

VOID WINAPI InitializeSRWLock(PSRWLOCK SRWLock) {
  if (SRWLock != nullptr) SRWLock->Ptr = nullptr;
}

VOID WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock) {
  std::uint32_t seen;
  while (!k32::try_exclusive(SRWLock, seen)) k32::wait_for_change(SRWLock, seen);
}

VOID WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock) {
  std::uint32_t seen;
  while (!k32::try_shared(SRWLock, seen)) k32::wait_for_change(SRWLock, seen);
}

BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock) {
  std::uint32_t seen;
  return k32::try_exclusive(SRWLock, seen) ? TRUE : FALSE;
}

BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock) {
  std::uint32_t seen;
  return k32::try_shared(SRWLock, seen) ? TRUE : FALSE;
}

VOID WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock) {
  const std::uint32_t old =
      k32::word_of(&SRWLock->Ptr)
          .fetch_and(~(k32::kWriter | k32::kWaiters), std::memory_order_release);
  if ((old & k32::kWaiters) != 0) k32::wake_all(SRWLock);
}

VOID WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock) {
  auto word = k32::word_of(&SRWLock->Ptr);
  const std::uint32_t old = word.fetch_sub(k32::kReader, std::memory_order_release);
  if (old - k32::kReader == k32::kWaiters &&
      (word.fetch_and(~k32::kWaiters, std::memory_order_relaxed) & k32::kWaiters) != 0)
    k32::wake_all(SRWLock);
}

}  // extern "C"
