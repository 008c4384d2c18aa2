// SRW locks, condition variables, one-time initialisation, the Interlocked family and TLS.
// The counters these tests protect are plain ints: ThreadSanitizer reports any missing
// happens-before edge of the locks.
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

// ---- SRW locks ----

TEST(Win32SrwLock, ExclusiveIsMutualExclusion) {
  SRWLOCK lock = SRWLOCK_INIT;
  int counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        AcquireSRWLockExclusive(&lock);
        ++counter;
        ReleaseSRWLockExclusive(&lock);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(counter, 80000);
  EXPECT_EQ(lock.Ptr, nullptr) << "free again";
}

TEST(Win32SrwLock, SharedHoldersCoexistAndExcludeWriters) {
  SRWLOCK lock;
  InitializeSRWLock(&lock);
  AcquireSRWLockShared(&lock);
  EXPECT_TRUE(TryAcquireSRWLockShared(&lock));
  EXPECT_FALSE(TryAcquireSRWLockExclusive(&lock));
  ReleaseSRWLockShared(&lock);
  std::atomic<bool> writer_in{false};
  std::thread writer([&] {
    AcquireSRWLockExclusive(&lock);  // blocks until the last reader leaves
    writer_in.store(true);
    ReleaseSRWLockExclusive(&lock);
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(writer_in.load());
  ReleaseSRWLockShared(&lock);
  writer.join();
  EXPECT_TRUE(writer_in.load());
  EXPECT_TRUE(TryAcquireSRWLockExclusive(&lock));
  EXPECT_FALSE(TryAcquireSRWLockShared(&lock));
  EXPECT_FALSE(TryAcquireSRWLockExclusive(&lock)) << "not recursive";
  ReleaseSRWLockExclusive(&lock);
}

TEST(Win32SrwLock, ReadersAndWritersStress) {
  SRWLOCK lock = SRWLOCK_INIT;
  int value = 0;
  std::atomic<int> bad_reads{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) {
        AcquireSRWLockExclusive(&lock);
        value += 1;
        value += 1;  // readers must never see it odd
        ReleaseSRWLockExclusive(&lock);
      }
    });
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) {
        AcquireSRWLockShared(&lock);
        if (value % 2 != 0) bad_reads.fetch_add(1);
        ReleaseSRWLockShared(&lock);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(value, 20000);
  EXPECT_EQ(bad_reads.load(), 0);
}

// ---- Condition variables ----

TEST(Win32ConditionVariable, WithACriticalSection) {
  CRITICAL_SECTION cs;
  InitializeCriticalSection(&cs);
  CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
  int queue = 0;
  int consumed = 0;
  std::thread consumer([&] {
    EnterCriticalSection(&cs);
    while (consumed < 1000) {
      while (queue == 0) ASSERT_TRUE(SleepConditionVariableCS(&cv, &cs, 20000));
      --queue;
      ++consumed;
    }
    LeaveCriticalSection(&cs);
  });
  for (int i = 0; i < 1000; ++i) {
    EnterCriticalSection(&cs);
    ++queue;
    LeaveCriticalSection(&cs);
    WakeConditionVariable(&cv);
  }
  consumer.join();
  EXPECT_EQ(consumed, 1000);
  DeleteCriticalSection(&cs);
}

TEST(Win32ConditionVariable, WithAnSrwLockExclusiveAndShared) {
  SRWLOCK lock = SRWLOCK_INIT;
  CONDITION_VARIABLE cv;
  InitializeConditionVariable(&cv);
  bool ready = false;
  std::vector<std::thread> waiters;
  std::atomic<int> woke{0};
  for (int i = 0; i < 3; ++i)
    waiters.emplace_back([&, i] {
      const ULONG mode = i == 0 ? 0 : CONDITION_VARIABLE_LOCKMODE_SHARED;
      if (mode == 0) {
        AcquireSRWLockExclusive(&lock);
      } else {
        AcquireSRWLockShared(&lock);
      }
      while (!ready) ASSERT_TRUE(SleepConditionVariableSRW(&cv, &lock, 20000, mode));
      woke.fetch_add(1);
      if (mode == 0) {
        ReleaseSRWLockExclusive(&lock);
      } else {
        ReleaseSRWLockShared(&lock);
      }
    });
  std::this_thread::sleep_for(10ms);
  AcquireSRWLockExclusive(&lock);
  ready = true;
  ReleaseSRWLockExclusive(&lock);
  WakeAllConditionVariable(&cv);
  for (auto& t : waiters) t.join();
  EXPECT_EQ(woke.load(), 3);
}

TEST(Win32ConditionVariable, TimeoutAndBadArguments) {
  SRWLOCK lock = SRWLOCK_INIT;
  CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
  AcquireSRWLockExclusive(&lock);
  SetLastError(0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(SleepConditionVariableSRW(&cv, &lock, 30, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_TIMEOUT));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 25ms);
  EXPECT_FALSE(TryAcquireSRWLockShared(&lock)) << "held again after the timeout";
  SetLastError(0);
  EXPECT_FALSE(SleepConditionVariableSRW(&cv, &lock, 0, 0x10));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  ReleaseSRWLockExclusive(&lock);
  SetLastError(0);
  EXPECT_FALSE(SleepConditionVariableCS(&cv, nullptr, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  WakeConditionVariable(nullptr);  // nothing to wake: no crash
  WakeAllConditionVariable(&cv);
}

// ---- One-time initialisation ----

TEST(Win32InitOnce, RunsOnceForConcurrentCallers) {
  static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  static std::atomic<int> runs{0};
  static int payload = 0;
  auto init = [](PINIT_ONCE, PVOID parameter, PVOID* context) -> BOOL {
    runs.fetch_add(1);
    std::this_thread::sleep_for(10ms);
    payload = *static_cast<int*>(parameter);
    *context = &payload;
    return TRUE;
  };
  int value = 99;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      PVOID context = nullptr;
      if (InitOnceExecuteOnce(&once, init, &value, &context) && context == &payload &&
          *static_cast<int*>(context) == 99)
        ok.fetch_add(1);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(ok.load(), 6);
}

TEST(Win32InitOnce, FailureLetsALaterCallerTryAgain) {
  INIT_ONCE once;
  InitOnceInitialize(&once);
  auto failing = [](PINIT_ONCE, PVOID, PVOID*) -> BOOL {
    SetLastError(ERROR_BUSY);
    return FALSE;
  };
  auto succeeding = [](PINIT_ONCE, PVOID, PVOID* context) -> BOOL {
    *context = nullptr;
    return TRUE;
  };
  EXPECT_FALSE(InitOnceExecuteOnce(&once, failing, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_BUSY));
  EXPECT_TRUE(InitOnceExecuteOnce(&once, succeeding, nullptr, nullptr));
  EXPECT_TRUE(InitOnceExecuteOnce(&once, failing, nullptr, nullptr)) << "done: not run again";
  // A context with the reserved low bits set is refused.
  INIT_ONCE odd = INIT_ONCE_STATIC_INIT;
  auto odd_context = [](PINIT_ONCE, PVOID, PVOID* context) -> BOOL {
    *context = reinterpret_cast<PVOID>(std::uintptr_t{0x1001});
    return TRUE;
  };
  SetLastError(0);
  EXPECT_FALSE(InitOnceExecuteOnce(&odd, odd_context, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  SetLastError(0);
  EXPECT_FALSE(InitOnceExecuteOnce(nullptr, succeeding, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(Win32InitOnce, BeginAndComplete) {
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL pending = FALSE;
  PVOID context = nullptr;
  SetLastError(0);
  EXPECT_FALSE(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context))
      << "not done yet";
  EXPECT_TRUE(InitOnceBeginInitialize(&once, 0, &pending, &context));
  EXPECT_TRUE(pending);
  EXPECT_TRUE(InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, nullptr));
  EXPECT_TRUE(InitOnceBeginInitialize(&once, 0, &pending, &context));
  EXPECT_TRUE(pending) << "failed: the next caller initialises";
  static int data = 5;
  EXPECT_TRUE(InitOnceComplete(&once, 0, &data));
  EXPECT_TRUE(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context));
  EXPECT_FALSE(pending);
  EXPECT_EQ(context, &data);
  SetLastError(0);
  EXPECT_FALSE(InitOnceComplete(&once, 0, &data)) << "not in progress";
  SetLastError(0);
  EXPECT_FALSE(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &context));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

// ---- Interlocked ----

TEST(Win32Interlocked, ReturnValuesFollowTheSdk) {
  LONG v = 5;
  EXPECT_EQ(InterlockedIncrement(&v), 6);
  EXPECT_EQ(InterlockedDecrement(&v), 5);
  EXPECT_EQ(InterlockedExchange(&v, 9), 5);
  EXPECT_EQ(InterlockedExchangeAdd(&v, 3), 9);
  EXPECT_EQ(InterlockedAdd(&v, 3), 15);
  EXPECT_EQ(InterlockedCompareExchange(&v, 1, 99), 15) << "no match: unchanged";
  EXPECT_EQ(InterlockedCompareExchange(&v, 1, 15), 15);
  EXPECT_EQ(v, 1);
  EXPECT_EQ(InterlockedOr(&v, 6), 1);
  EXPECT_EQ(InterlockedAnd(&v, 3), 7);
  EXPECT_EQ(InterlockedXor(&v, 1), 3);
  EXPECT_EQ(v, 2);
  LONG64 big = 1LL << 40;
  EXPECT_EQ(InterlockedIncrement64(&big), (1LL << 40) + 1);
  EXPECT_EQ(InterlockedCompareExchange64(&big, 0, (1LL << 40) + 1), (1LL << 40) + 1);
  EXPECT_EQ(big, 0);
  int a = 0;
  int b = 0;
  PVOID p = &a;
  EXPECT_EQ(InterlockedExchangePointer(&p, &b), &a);
  EXPECT_EQ(InterlockedCompareExchangePointer(&p, &a, &b), &b);
  EXPECT_EQ(p, &a);
  LONG bits = 0;
  EXPECT_FALSE(InterlockedBitTestAndSet(&bits, 3));
  EXPECT_TRUE(InterlockedBitTestAndSet(&bits, 3));
  EXPECT_TRUE(InterlockedBitTestAndReset(&bits, 3));
  EXPECT_EQ(bits, 0);
  unsigned u = 0;
  EXPECT_EQ(InterlockedIncrement(&u), 1u);  // the C++ unsigned overload
  DWORD d = 10;
  EXPECT_EQ(InterlockedExchangeAdd(&d, 5u), 10u);
  SHORT s = 1;
  EXPECT_EQ(InterlockedIncrement16(&s), 2);
  MemoryBarrier();
  YieldProcessor();
}

TEST(Win32Interlocked, CountsAcrossThreads) {
  LONG counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) InterlockedIncrement(&counter);
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(counter, 40000);
}

// ---- TLS ----

TEST(Win32Tls, PerThreadValuesAndErrors) {
  const DWORD index = TlsAlloc();
  ASSERT_NE(index, TLS_OUT_OF_INDEXES);
  SetLastError(1234);
  EXPECT_EQ(TlsGetValue(index), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS)) << "a stored NULL";
  int mine = 1;
  EXPECT_TRUE(TlsSetValue(index, &mine));
  std::thread other([&] {
    EXPECT_EQ(TlsGetValue(index), nullptr) << "another thread's slot";
    int theirs = 2;
    EXPECT_TRUE(TlsSetValue(index, &theirs));
    EXPECT_EQ(TlsGetValue(index), &theirs);
  });
  other.join();
  EXPECT_EQ(TlsGetValue(index), &mine);
  EXPECT_TRUE(TlsFree(index));
  SetLastError(0);
  EXPECT_EQ(TlsGetValue(index), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  SetLastError(0);
  EXPECT_FALSE(TlsSetValue(index, &mine));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  SetLastError(0);
  EXPECT_FALSE(TlsFree(index)) << "twice";
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_FALSE(TlsFree(TLS_OUT_OF_INDEXES));
  // A reallocated index reads NULL, not the value stored under its previous life.
  const DWORD again = TlsAlloc();
  ASSERT_NE(again, TLS_OUT_OF_INDEXES);
  if (again == index) {
    EXPECT_EQ(TlsGetValue(again), nullptr);
  }
  TlsFree(again);
}

TEST(Win32Tls, RunsOutOfIndexes) {
  std::vector<DWORD> taken;
  for (;;) {
    const DWORD i = TlsAlloc();
    if (i == TLS_OUT_OF_INDEXES) break;
    taken.push_back(i);
    ASSERT_LT(taken.size(), 5000u);
  }
  EXPECT_GE(taken.size() + 2, static_cast<std::size_t>(TLS_MINIMUM_AVAILABLE));
  for (DWORD i : taken) TlsFree(i);
  const DWORD again = TlsAlloc();
  EXPECT_NE(again, TLS_OUT_OF_INDEXES);
  TlsFree(again);
}

}  // namespace
