// QueueUserWorkItem, TrySubmitThreadpoolCallback and the threadpool waits (the pool waiting on
// an event): callbacks, results, timeouts, re-arming, cancelling and closing.
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

// Records wait callbacks; each one also signals `done`.
struct WaitRecord {
  std::mutex mutex;
  std::vector<TP_WAIT_RESULT> results;
  HANDLE done = CreateSemaphoreW(nullptr, 0, 1000, nullptr);
  ~WaitRecord() { CloseHandle(done); }

  static VOID CALLBACK callback(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT wait,
                                TP_WAIT_RESULT result) {
    EXPECT_NE(instance, nullptr);
    EXPECT_NE(wait, nullptr);
    auto* self = static_cast<WaitRecord*>(context);
    {
      std::lock_guard lock(self->mutex);
      self->results.push_back(result);
    }
    ReleaseSemaphore(self->done, 1, nullptr);
  }
  bool wait_for_callback() { return WaitForSingleObject(done, 20000) == WAIT_OBJECT_0; }
  std::vector<TP_WAIT_RESULT> taken() {
    std::lock_guard lock(mutex);
    return results;
  }
};

FILETIME relative_ms(LONGLONG ms) {
  const LONGLONG units = -ms * 10000;  // negative: relative, in 100 ns
  FILETIME ft;
  ft.dwLowDateTime = static_cast<DWORD>(units);
  ft.dwHighDateTime = static_cast<DWORD>(static_cast<ULONGLONG>(units) >> 32);
  return ft;
}

TEST(Win32PoolCallbacks, QueueUserWorkItemRunsOnThePool) {
  struct Box {
    HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    DWORD thread = 0;
  } box;
  ASSERT_TRUE(QueueUserWorkItem(
      [](LPVOID p) -> DWORD {
        auto* b = static_cast<Box*>(p);
        b->thread = GetCurrentThreadId();
        SetEvent(b->done);
        return 0;
      },
      &box, WT_EXECUTELONGFUNCTION));
  ASSERT_EQ(WaitForSingleObject(box.done, 20000), WAIT_OBJECT_0);
  EXPECT_NE(box.thread, GetCurrentThreadId());
  CloseHandle(box.done);
  SetLastError(0);
  EXPECT_FALSE(QueueUserWorkItem(nullptr, nullptr, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(Win32PoolCallbacks, TrySubmitThreadpoolCallback) {
  HANDLE done = CreateSemaphoreW(nullptr, 0, 100, nullptr);
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(TrySubmitThreadpoolCallback(
        [](PTP_CALLBACK_INSTANCE instance, PVOID p) {
          EXPECT_NE(instance, nullptr);
          ReleaseSemaphore(static_cast<HANDLE>(p), 1, nullptr);
        },
        done, nullptr));
  for (int i = 0; i < 50; ++i) ASSERT_EQ(WaitForSingleObject(done, 20000), WAIT_OBJECT_0);
  CloseHandle(done);
  SetLastError(0);
  EXPECT_FALSE(TrySubmitThreadpoolCallback(nullptr, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(Win32PoolWaits, FiresOnceWhenTheEventIsSet) {
  WaitRecord record;
  HANDLE event = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  PTP_WAIT wait = CreateThreadpoolWait(WaitRecord::callback, &record, nullptr);
  ASSERT_NE(wait, nullptr);
  SetThreadpoolWait(wait, event, nullptr);
  std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(record.taken().empty());
  SetEvent(event);
  ASSERT_TRUE(record.wait_for_callback());
  EXPECT_EQ(record.taken(), std::vector<TP_WAIT_RESULT>{WAIT_OBJECT_0});
  EXPECT_EQ(WaitForSingleObject(event, 0), static_cast<DWORD>(WAIT_TIMEOUT))
      << "the pool's wait consumed the auto-reset event";
  SetEvent(event);  // not armed any more: no second callback
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  EXPECT_EQ(record.taken().size(), 1u);
  // Re-armed, it fires again; an event already set fires at once.
  SetThreadpoolWait(wait, event, nullptr);
  ASSERT_TRUE(record.wait_for_callback());
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  EXPECT_EQ(record.taken().size(), 2u);
  CloseThreadpoolWait(wait);
  CloseHandle(event);
}

TEST(Win32PoolWaits, TimeoutsRelativeAbsoluteAndZero) {
  WaitRecord record;
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  PTP_WAIT wait = CreateThreadpoolWait(WaitRecord::callback, &record, nullptr);
  FILETIME timeout = relative_ms(30);
  const auto start = std::chrono::steady_clock::now();
  SetThreadpoolWait(wait, event, &timeout);
  ASSERT_TRUE(record.wait_for_callback());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 25ms);
  FILETIME now;
  GetSystemTimeAsFileTime(&now);
  ULARGE_INTEGER absolute;
  absolute.LowPart = now.dwLowDateTime;
  absolute.HighPart = now.dwHighDateTime;
  absolute.QuadPart += 20 * 10000;  // 20 ms from now
  FILETIME at{absolute.LowPart, absolute.HighPart};
  SetThreadpoolWait(wait, event, &at);
  ASSERT_TRUE(record.wait_for_callback());
  FILETIME zero{0, 0};
  SetThreadpoolWait(wait, event, &zero);
  ASSERT_TRUE(record.wait_for_callback());
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  EXPECT_EQ(record.taken(),
            (std::vector<TP_WAIT_RESULT>{WAIT_TIMEOUT, WAIT_TIMEOUT, WAIT_TIMEOUT}));
  CloseThreadpoolWait(wait);
  CloseHandle(event);
}

TEST(Win32PoolWaits, DisarmReplaceAndClose) {
  WaitRecord record;
  HANDLE first = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE second = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  PTP_WAIT wait = CreateThreadpoolWait(WaitRecord::callback, &record, nullptr);
  SetThreadpoolWait(wait, first, nullptr);
  SetThreadpoolWait(wait, nullptr, nullptr);  // disarmed
  SetEvent(first);
  std::this_thread::sleep_for(20ms);
  WaitForThreadpoolWaitCallbacks(wait, FALSE);
  EXPECT_TRUE(record.taken().empty());
  ResetEvent(first);
  SetThreadpoolWait(wait, first, nullptr);
  SetThreadpoolWait(wait, second, nullptr);  // replaces the wait on `first`
  SetEvent(first);
  std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(record.taken().empty());
  SetEvent(second);
  ASSERT_TRUE(record.wait_for_callback());
  // Closing an armed wait: nothing fires afterwards.
  ResetEvent(second);
  SetThreadpoolWait(wait, second, nullptr);
  CloseThreadpoolWait(wait);
  SetEvent(second);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(record.taken().size(), 1u);
  CloseHandle(first);
  CloseHandle(second);
}

TEST(Win32PoolWaits, BadArguments) {
  SetLastError(0);
  EXPECT_EQ(CreateThreadpoolWait(nullptr, nullptr, nullptr), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  WaitRecord record;
  PTP_WAIT wait = CreateThreadpoolWait(WaitRecord::callback, &record, nullptr);
  SetLastError(0);
  SetThreadpoolWait(wait, reinterpret_cast<HANDLE>(std::uintptr_t{0x4000000100000004}), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  WaitForThreadpoolWaitCallbacks(wait, TRUE);
  EXPECT_TRUE(record.taken().empty());
  CloseThreadpoolWait(wait);
  SetThreadpoolWait(nullptr, nullptr, nullptr);
  WaitForThreadpoolWaitCallbacks(nullptr, FALSE);
  CloseThreadpoolWait(nullptr);
}

// Many waits armed and signalled from many threads at once (ThreadSanitizer).
TEST(Win32PoolWaits, StressArmAndSignal) {
  constexpr int kWaits = 16;
  constexpr int kRounds = 50;
  WaitRecord record;
  std::vector<HANDLE> events;
  std::vector<PTP_WAIT> waits;
  for (int i = 0; i < kWaits; ++i) {
    events.push_back(CreateEventW(nullptr, FALSE, FALSE, nullptr));
    waits.push_back(CreateThreadpoolWait(WaitRecord::callback, &record, nullptr));
  }
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kWaits; ++i) SetThreadpoolWait(waits[i], events[i], nullptr);
    std::vector<std::thread> setters;
    for (int t = 0; t < 4; ++t)
      setters.emplace_back([&, t] {
        for (int i = t; i < kWaits; i += 4) SetEvent(events[i]);
      });
    for (auto& s : setters) s.join();
    for (int i = 0; i < kWaits; ++i) ASSERT_TRUE(record.wait_for_callback());
    for (PTP_WAIT w : waits) WaitForThreadpoolWaitCallbacks(w, FALSE);
  }
  EXPECT_EQ(record.taken().size(), static_cast<std::size_t>(kWaits * kRounds));
  for (PTP_WAIT w : waits) CloseThreadpoolWait(w);
  for (HANDLE e : events) CloseHandle(e);
}

}  // namespace
