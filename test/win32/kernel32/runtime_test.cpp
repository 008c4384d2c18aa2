// The Win32 runtime pieces with Windows semantics: threadpool work, critical sections, the
// process heap, strsafe and the thread-local last error.
#include <strsafe.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "win32/kernel32/threadpool.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using cmnotify::testing::Signal;
using namespace std::chrono_literals;

// ---- Threadpool work ----

// A work callback that counts starts and finishes and, while the gate is closed, blocks.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = true;
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
  Signal first_started;

  void close() {
    std::lock_guard lock(mutex);
    open = false;
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
  static VOID CALLBACK callback(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
    EXPECT_NE(instance, nullptr);
    EXPECT_NE(work, nullptr);
    auto* self = static_cast<Gate*>(context);
    self->started.fetch_add(1);
    self->first_started.notify();
    {
      std::unique_lock lock(self->mutex);
      self->cv.wait_for(lock, 30s, [self] { return self->open; });
    }
    self->finished.fetch_add(1);
    self->finished.notify_all();
  }
  bool wait_finished(int n) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (finished.load() < n) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::yield();
    }
    return true;
  }
};

TEST(Win32Threadpool, NullCallbackIsRefused) {
  SetLastError(ERROR_SUCCESS);
  EXPECT_EQ(CreateThreadpoolWork(nullptr, nullptr, nullptr), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(Win32Threadpool, EachSubmitRunsOnce) {
  Gate gate;
  PTP_WORK work = CreateThreadpoolWork(Gate::callback, &gate, nullptr);
  ASSERT_NE(work, nullptr);
  for (int i = 0; i < 500; ++i) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  EXPECT_EQ(gate.started.load(), 500);
  EXPECT_EQ(gate.finished.load(), 500);
  for (int i = 0; i < 3; ++i) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  EXPECT_EQ(gate.finished.load(), 503);
  CloseThreadpoolWork(work);
}

TEST(Win32Threadpool, EnvironmentIsAcceptedAndCallbacksRunOnPoolThreads) {
  TP_CALLBACK_ENVIRON environment;
  InitializeThreadpoolEnvironment(&environment);
  EXPECT_EQ(environment.Version, 3u);
  struct Where {
    std::thread::id thread;
    static VOID CALLBACK callback(PTP_CALLBACK_INSTANCE, PVOID context, PTP_WORK) {
      static_cast<Where*>(context)->thread = std::this_thread::get_id();
    }
  } where;
  PTP_WORK work = CreateThreadpoolWork(Where::callback, &where, &environment);
  ASSERT_NE(work, nullptr);
  SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  EXPECT_NE(where.thread, std::thread::id{});
  EXPECT_NE(where.thread, std::this_thread::get_id());
  CloseThreadpoolWork(work);
  DestroyThreadpoolEnvironment(&environment);
}

// Without cancelling, the wait covers the running callback and the submissions not started.
TEST(Win32Threadpool, WaitWithoutCancelWaitsForRunningAndPending) {
  Gate gate;
  gate.close();
  PTP_WORK work = CreateThreadpoolWork(Gate::callback, &gate, nullptr);
  ASSERT_NE(work, nullptr);
  for (int i = 0; i < 5; ++i) SubmitThreadpoolWork(work);
  ASSERT_TRUE(gate.first_started.wait());
  std::atomic<int> finished_when_wait_returned{-1};
  std::thread waiter([&] {
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    finished_when_wait_returned = gate.finished.load();
  });
  gate.release();
  waiter.join();
  EXPECT_EQ(finished_when_wait_returned.load(), 5);
  CloseThreadpoolWork(work);
}

// Cancelling drops the submissions that have not started; the running ones finish first.
// Every started callback blocks until release and the pool has at most 256 threads, so while
// the gate is closed at most 256 of the 1000 submissions can start: the pending count can only
// reach 0 through the cancel.
TEST(Win32Threadpool, WaitWithCancelDropsPendingSubmissions) {
  Gate gate;
  gate.close();
  PTP_WORK work = CreateThreadpoolWork(Gate::callback, &gate, nullptr);
  ASSERT_NE(work, nullptr);
  constexpr int kSubmitted = 1000;
  for (int i = 0; i < kSubmitted; ++i) SubmitThreadpoolWork(work);
  ASSERT_TRUE(gate.first_started.wait());
  std::atomic<int> unfinished_when_wait_returned{-1};
  std::thread waiter([&] {
    WaitForThreadpoolWorkCallbacks(work, TRUE);
    unfinished_when_wait_returned = gate.started.load() - gate.finished.load();
  });
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (win32::pending_submissions(work) != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  EXPECT_EQ(win32::pending_submissions(work), 0u) << "the cancel never happened";
  gate.release();
  waiter.join();
  EXPECT_EQ(unfinished_when_wait_returned.load(), 0) << "returned before running callbacks ended";
  const int ran = gate.started.load();
  EXPECT_GE(ran, 1);
  EXPECT_LE(ran, 256);
  // Nothing cancelled runs later: one more submission runs exactly once.
  SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  EXPECT_EQ(gate.started.load(), ran + 1);
  EXPECT_EQ(gate.finished.load(), ran + 1);
  CloseThreadpoolWork(work);
}

TEST(Win32Threadpool, CloseWithOutstandingCallbacksStillRunsThem) {
  auto gate = std::make_unique<Gate>();
  gate->close();
  PTP_WORK work = CreateThreadpoolWork(Gate::callback, gate.get(), nullptr);
  ASSERT_NE(work, nullptr);
  for (int i = 0; i < 3; ++i) SubmitThreadpoolWork(work);
  ASSERT_TRUE(gate->first_started.wait());
  // Close returns at once, with a callback running and others pending.
  auto closed = std::async(std::launch::async, [work] { CloseThreadpoolWork(work); });
  ASSERT_EQ(closed.wait_for(30s), std::future_status::ready) << "CloseThreadpoolWork blocked";
  EXPECT_EQ(gate->finished.load(), 0);
  gate->release();
  EXPECT_TRUE(gate->wait_finished(3)) << "pending callbacks must still run after close";
  EXPECT_EQ(gate->started.load(), 3);
}

TEST(Win32Threadpool, CloseFromItsOwnCallback) {
  struct SelfClose {
    Signal done;
    static VOID CALLBACK callback(PTP_CALLBACK_INSTANCE, PVOID context, PTP_WORK work) {
      CloseThreadpoolWork(work);
      static_cast<SelfClose*>(context)->done.notify();
    }
  } self;
  PTP_WORK work = CreateThreadpoolWork(SelfClose::callback, &self, nullptr);
  ASSERT_NE(work, nullptr);
  SubmitThreadpoolWork(work);
  EXPECT_TRUE(self.done.wait());
}

// ---- Critical sections ----

TEST(Win32CriticalSection, RecursiveAndExclusiveAcrossThreads) {
  CRITICAL_SECTION cs;
  InitializeCriticalSection(&cs);
  EnterCriticalSection(&cs);
  EnterCriticalSection(&cs);
  EXPECT_TRUE(TryEnterCriticalSection(&cs)) << "the owner may enter again";
  LeaveCriticalSection(&cs);
  LeaveCriticalSection(&cs);
  // Still held once: another thread cannot enter.
  EXPECT_FALSE(std::async(std::launch::async, [&] { return TryEnterCriticalSection(&cs); }).get());
  // A blocked Enter proceeds once the owner leaves for the last time.
  std::atomic<bool> entered{false};
  std::thread other([&] {
    EnterCriticalSection(&cs);
    entered = true;
    LeaveCriticalSection(&cs);
  });
  EXPECT_FALSE(entered.load());
  LeaveCriticalSection(&cs);
  other.join();
  EXPECT_TRUE(entered.load());
  EXPECT_TRUE(std::async(std::launch::async, [&] {
                const BOOL got = TryEnterCriticalSection(&cs);
                if (got) LeaveCriticalSection(&cs);
                return got;
              }).get());
  DeleteCriticalSection(&cs);
}

TEST(Win32CriticalSection, SpinCountVariantsAndMutualExclusion) {
  CRITICAL_SECTION cs;
  ASSERT_TRUE(InitializeCriticalSectionAndSpinCount(&cs, 4000));
  long counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        EnterCriticalSection(&cs);
        EnterCriticalSection(&cs);
        ++counter;
        LeaveCriticalSection(&cs);
        LeaveCriticalSection(&cs);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, 80000);
  DeleteCriticalSection(&cs);
  EXPECT_FALSE(InitializeCriticalSectionAndSpinCount(nullptr, 0));
}

// ---- Heap ----

TEST(Win32Heap, ZeroMemoryAndReAlloc) {
  HANDLE heap = GetProcessHeap();
  ASSERT_NE(heap, nullptr);
  auto* block = static_cast<unsigned char*>(HeapAlloc(heap, HEAP_ZERO_MEMORY, 1000));
  ASSERT_NE(block, nullptr);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(block[i], 0) << i;
  EXPECT_EQ(HeapSize(heap, 0, block), 1000u);
  std::memset(block, 0xAB, 1000);
  block = static_cast<unsigned char*>(HeapReAlloc(heap, HEAP_ZERO_MEMORY, block, 5000));
  ASSERT_NE(block, nullptr);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(block[i], 0xAB) << i;
  for (int i = 1000; i < 5000; ++i) ASSERT_EQ(block[i], 0) << i;
  EXPECT_EQ(HeapSize(heap, 0, block), 5000u);
  EXPECT_EQ(HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, block, 6000), nullptr);
  EXPECT_EQ(HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, block, 10), block);
  EXPECT_EQ(HeapSize(heap, 0, block), 10u);
  EXPECT_TRUE(HeapFree(heap, 0, block));
  EXPECT_TRUE(HeapFree(heap, 0, nullptr));
  void* empty = HeapAlloc(heap, 0, 0);
  EXPECT_NE(empty, nullptr);
  EXPECT_TRUE(HeapFree(heap, 0, empty));
}

TEST(Win32Heap, WrongHeapIsRefused) {
  SetLastError(0);
  EXPECT_EQ(HeapAlloc(nullptr, 0, 10), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_FALSE(HeapFree(reinterpret_cast<HANDLE>(std::uintptr_t{8}), 0, nullptr));
  EXPECT_EQ(HeapAlloc(GetProcessHeap(), 0, SIZE_MAX), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_ENOUGH_MEMORY));
}

// ---- strsafe ----

TEST(Win32StrSafe, StringCchCopyWResults) {
  wchar_t dest[8];
  EXPECT_EQ(StringCchCopyW(dest, 8, L"ROOT"), S_OK);
  EXPECT_STREQ(dest, L"ROOT");
  EXPECT_EQ(StringCchCopyW(dest, 8, L"1234567"), S_OK) << "exactly fits with its NUL";
  EXPECT_STREQ(dest, L"1234567");
  EXPECT_EQ(StringCchCopyW(dest, 8, L"12345678"), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(dest, L"1234567") << "truncated and NUL-terminated";
  EXPECT_EQ(StringCchCopyW(dest, 1, L"x"), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(dest, L"");
  wcscpy(dest, L"keep");
  EXPECT_EQ(StringCchCopyW(dest, 0, L"x"), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_STREQ(dest, L"keep") << "cchDest 0: nothing written";
  EXPECT_EQ(StringCchCopyW(dest, std::size_t{STRSAFE_MAX_CCH} + 1, L"x"),
            STRSAFE_E_INVALID_PARAMETER);
  EXPECT_STREQ(dest, L"");
  EXPECT_EQ(StringCchCopyW(nullptr, 8, L"x"), STRSAFE_E_INVALID_PARAMETER);
  wcscpy(dest, L"keep");
  EXPECT_EQ(StringCchCopyW(dest, 8, nullptr), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_STREQ(dest, L"");
  EXPECT_EQ(static_cast<unsigned>(STRSAFE_E_INVALID_PARAMETER), 0x80070057u);
  EXPECT_EQ(static_cast<unsigned>(STRSAFE_E_INSUFFICIENT_BUFFER), 0x8007007Au);
}

TEST(Win32StrSafe, CopyACatAndLength) {
  char a[4];
  EXPECT_EQ(StringCchCopyA(a, 4, "abc"), S_OK);
  EXPECT_EQ(StringCchCopyA(a, 4, "abcd"), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(a, "abc");
  wchar_t w[8] = L"ab";
  EXPECT_EQ(StringCchCatW(w, 8, L"cd"), S_OK);
  EXPECT_STREQ(w, L"abcd");
  EXPECT_EQ(StringCchCatW(w, 8, L"efgh"), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(w, L"abcdefg");
  wchar_t unterminated[3] = {L'x', L'y', L'z'};
  EXPECT_EQ(StringCchCatW(unterminated, 3, L"a"), STRSAFE_E_INVALID_PARAMETER);
  std::size_t n = 99;
  EXPECT_EQ(StringCchLengthW(L"hello", 6, &n), S_OK);
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(StringCchLengthW(L"hello", 5, &n), STRSAFE_E_INVALID_PARAMETER) << "no NUL in 5";
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(StringCchLengthW(nullptr, 5, &n), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_EQ(StringCchLengthW(L"x", 0, &n), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_EQ(StringCchLengthW(L"x", 2, nullptr), S_OK);
  EXPECT_EQ(StringCchLengthA("abc", 4, &n), S_OK);
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(StringCbCopyW(w, sizeof(w), L"1234567"), S_OK);
  EXPECT_EQ(StringCbLengthW(w, sizeof(w), &n), S_OK);
  EXPECT_EQ(n, 7 * sizeof(wchar_t));
}

// ---- Last error ----

TEST(Win32LastError, IsPerThread) {
  SetLastError(5);
  std::thread([] {
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
    SetLastError(7);
    EXPECT_EQ(GetLastError(), 7u);
  }).join();
  EXPECT_EQ(GetLastError(), 5u);
}

TEST(Win32Misc, TicksAndIds) {
  const ULONGLONG a = GetTickCount64();
  const ULONGLONG b = GetTickCount64();
  EXPECT_LE(a, b) << "monotonic";
  EXPECT_NE(GetCurrentThreadId(), 0u);
  const DWORD main_id = GetCurrentThreadId();
  DWORD other_id = 0;
  std::thread([&] { other_id = GetCurrentThreadId(); }).join();
  EXPECT_NE(main_id, other_id);
  EXPECT_EQ(GetCurrentProcessId(), static_cast<DWORD>(::getpid()));
}

}  // namespace
}  // namespace cmnotify
