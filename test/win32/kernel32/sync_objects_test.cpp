// Events, semaphores, mutexes, threads and the waits over them, against Windows' documented
// behaviour (and Wine's conformance tests in dlls/kernel32/tests/sync.c and thread.c where the
// documentation is silent), including bad handles and arguments. Runs under ThreadSanitizer.
#include <cfgmgr32.h>
#include <fcntl.h>
#include <unistd.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

// A handle that never was one, and one of a closed object.
HANDLE garbage_handle() { return reinterpret_cast<HANDLE>(std::uintptr_t{0x4000123400000010}); }

HANDLE closed_event() {
  HANDLE h = CreateEventW(nullptr, TRUE, TRUE, nullptr);
  EXPECT_TRUE(CloseHandle(h));
  return h;
}

void expect_error(DWORD error) { EXPECT_EQ(GetLastError(), error); }

// ---- Events ----

TEST(Win32Events, ManualResetStaysSignalledUntilReset) {
  HANDLE e = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(WaitForSingleObject(e, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  EXPECT_TRUE(SetEvent(e));
  EXPECT_EQ(WaitForSingleObject(e, 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(e, 0), WAIT_OBJECT_0);
  EXPECT_TRUE(ResetEvent(e));
  EXPECT_EQ(WaitForSingleObject(e, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  EXPECT_TRUE(CloseHandle(e));
}

TEST(Win32Events, AutoResetReleasesOneWaitThenResets) {
  HANDLE e = CreateEventW(nullptr, FALSE, TRUE, nullptr);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(WaitForSingleObject(e, 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(e, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  EXPECT_TRUE(CloseHandle(e));
}

TEST(Win32Events, CreateEventExFlags) {
  HANDLE manual_set = CreateEventExW(
      nullptr, nullptr, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);
  ASSERT_NE(manual_set, nullptr);
  EXPECT_EQ(WaitForSingleObject(manual_set, 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(manual_set, 0), WAIT_OBJECT_0);
  HANDLE auto_reset = CreateEventExA(nullptr, nullptr, 0, EVENT_ALL_ACCESS);
  ASSERT_NE(auto_reset, nullptr);
  EXPECT_EQ(WaitForSingleObject(auto_reset, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  SetLastError(0);
  EXPECT_EQ(CreateEventExW(nullptr, nullptr, 0x4, EVENT_ALL_ACCESS), nullptr);
  expect_error(ERROR_INVALID_PARAMETER);
  CloseHandle(manual_set);
  CloseHandle(auto_reset);
}

TEST(Win32Events, PulseReleasesTheWaitersPresentAndLeavesItReset) {
  HANDLE e = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  std::atomic<int> released{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i)
    waiters.emplace_back([&] {
      if (WaitForSingleObject(e, 20000) == WAIT_OBJECT_0) released.fetch_add(1);
    });
  // Pulse only once every waiter is blocked: until then, keep pulsing (each pulse releases the
  // ones present; a late one is released by a later pulse).
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (released.load() < 3 && std::chrono::steady_clock::now() < deadline) {
    EXPECT_TRUE(PulseEvent(e));
    std::this_thread::sleep_for(1ms);
  }
  for (auto& t : waiters) t.join();
  EXPECT_EQ(released.load(), 3);
  EXPECT_EQ(WaitForSingleObject(e, 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "left reset";
  EXPECT_TRUE(PulseEvent(e));  // nobody waiting: no effect
  EXPECT_EQ(WaitForSingleObject(e, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  CloseHandle(e);
}

TEST(Win32Events, AutoResetPulseReleasesExactlyOneWaiter) {
  HANDLE e = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  HANDLE ready = CreateSemaphoreW(nullptr, 0, 2, nullptr);
  std::atomic<int> released{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 2; ++i)
    waiters.emplace_back([&] {
      ReleaseSemaphore(ready, 1, nullptr);
      if (WaitForSingleObject(e, 1000) == WAIT_OBJECT_0) released.fetch_add(1);
    });
  WaitForSingleObject(ready, INFINITE);
  WaitForSingleObject(ready, INFINITE);
  std::this_thread::sleep_for(100ms);  // both are (very likely) blocked now
  PulseEvent(e);
  for (auto& t : waiters) t.join();
  EXPECT_LE(released.load(), 1);
  CloseHandle(e);
  CloseHandle(ready);
}

TEST(Win32Events, NamedEventsAreSharedWithinTheProcess) {
  SetLastError(1234);
  HANDLE first = CreateEventW(nullptr, TRUE, FALSE, L"Local\\cmnotify-test-event");
  ASSERT_NE(first, nullptr);
  expect_error(ERROR_SUCCESS);
  HANDLE second = CreateEventA(nullptr, FALSE, TRUE, "cmnotify-test-event");
  ASSERT_NE(second, nullptr);
  expect_error(ERROR_ALREADY_EXISTS);
  EXPECT_NE(first, second);
  EXPECT_EQ(WaitForSingleObject(second, 0), static_cast<DWORD>(WAIT_TIMEOUT))
      << "the existing event's state, not the arguments";
  SetEvent(first);
  EXPECT_EQ(WaitForSingleObject(second, 0), WAIT_OBJECT_0);
  HANDLE opened = OpenEventW(SYNCHRONIZE, FALSE, L"cmnotify-test-event");
  ASSERT_NE(opened, nullptr);
  // Another type under the same name: ERROR_INVALID_HANDLE, as Windows.
  SetLastError(0);
  EXPECT_EQ(CreateMutexW(nullptr, FALSE, L"cmnotify-test-event"), nullptr);
  expect_error(ERROR_INVALID_HANDLE);
  SetLastError(0);
  EXPECT_EQ(OpenMutexW(SYNCHRONIZE, FALSE, L"cmnotify-test-event"), nullptr);
  expect_error(ERROR_INVALID_HANDLE);
  CloseHandle(first);
  CloseHandle(second);
  CloseHandle(opened);
  SetLastError(0);
  EXPECT_EQ(OpenEventW(SYNCHRONIZE, FALSE, L"cmnotify-test-event"), nullptr)
      << "gone with its last handle";
  expect_error(ERROR_FILE_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(OpenEventA(SYNCHRONIZE, FALSE, nullptr), nullptr);
  expect_error(ERROR_INVALID_PARAMETER);
}

TEST(Win32Events, BadHandlesFailWithInvalidHandle) {
  HANDLE semaphore = CreateSemaphoreW(nullptr, 1, 1, nullptr);
  for (HANDLE bad :
       {HANDLE{nullptr}, INVALID_HANDLE_VALUE, garbage_handle(), closed_event(), semaphore}) {
    SetLastError(0);
    EXPECT_FALSE(SetEvent(bad));
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0);
    EXPECT_FALSE(ResetEvent(bad));
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0);
    EXPECT_FALSE(PulseEvent(bad));
    expect_error(ERROR_INVALID_HANDLE);
  }
  CloseHandle(semaphore);
}

// ---- Semaphores ----

TEST(Win32Semaphores, CountsAndMaximum) {
  HANDLE s = CreateSemaphoreW(nullptr, 1, 3, nullptr);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(WaitForSingleObject(s, 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(s, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  LONG previous = -1;
  EXPECT_TRUE(ReleaseSemaphore(s, 2, &previous));
  EXPECT_EQ(previous, 0);
  previous = -1;
  SetLastError(0);
  EXPECT_FALSE(ReleaseSemaphore(s, 2, &previous)) << "2 + 2 > 3";
  expect_error(ERROR_TOO_MANY_POSTS);
  EXPECT_EQ(previous, -1) << "untouched on failure";
  EXPECT_TRUE(ReleaseSemaphore(s, 1, &previous));
  EXPECT_EQ(previous, 2);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(WaitForSingleObject(s, 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(s, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  SetLastError(0);
  EXPECT_FALSE(ReleaseSemaphore(s, 0, nullptr));
  expect_error(ERROR_INVALID_PARAMETER);
  EXPECT_FALSE(ReleaseSemaphore(s, -1, nullptr));
  CloseHandle(s);
}

TEST(Win32Semaphores, InvalidCounts) {
  for (auto [initial, maximum] : {std::pair{0, 0}, {-1, 1}, {2, 1}, {0, -5}}) {
    SetLastError(0);
    EXPECT_EQ(CreateSemaphoreW(nullptr, initial, maximum, nullptr), nullptr);
    expect_error(ERROR_INVALID_PARAMETER);
  }
  EXPECT_EQ(CreateSemaphoreExW(nullptr, 0, 1, nullptr, 1, SEMAPHORE_ALL_ACCESS), nullptr);
  SetLastError(0);
  EXPECT_FALSE(ReleaseSemaphore(garbage_handle(), 1, nullptr));
  expect_error(ERROR_INVALID_HANDLE);
}

// Producers and consumers through a semaphore: every item consumed exactly once.
TEST(Win32Semaphores, ProducersAndConsumers) {
  constexpr int kItems = 4000;
  HANDLE items = CreateSemaphoreW(nullptr, 0, kItems, nullptr);
  std::atomic<int> consumed{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < 4; ++c)
    threads.emplace_back([&] {
      for (int i = 0; i < kItems / 4; ++i) {
        ASSERT_EQ(WaitForSingleObject(items, 20000), WAIT_OBJECT_0);
        consumed.fetch_add(1);
      }
    });
  for (int p = 0; p < 4; ++p)
    threads.emplace_back([&] {
      for (int i = 0; i < kItems / 4; ++i) ASSERT_TRUE(ReleaseSemaphore(items, 1, nullptr));
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(consumed.load(), kItems);
  EXPECT_EQ(WaitForSingleObject(items, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  CloseHandle(items);
}

// ---- Mutexes ----

TEST(Win32Mutexes, RecursiveOwnershipAndRelease) {
  HANDLE m = CreateMutexW(nullptr, TRUE, nullptr);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(WaitForSingleObject(m, 0), WAIT_OBJECT_0) << "the owner takes it again";
  EXPECT_TRUE(ReleaseMutex(m));
  std::thread other([&] {
    EXPECT_EQ(WaitForSingleObject(m, 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "still owned";
    SetLastError(0);
    EXPECT_FALSE(ReleaseMutex(m));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_OWNER));
  });
  other.join();
  EXPECT_TRUE(ReleaseMutex(m));
  SetLastError(0);
  EXPECT_FALSE(ReleaseMutex(m)) << "released more often than taken";
  expect_error(ERROR_NOT_OWNER);
  std::thread taker([&] {
    EXPECT_EQ(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    EXPECT_TRUE(ReleaseMutex(m));
  });
  taker.join();
  CloseHandle(m);
}

TEST(Win32Mutexes, AbandonedByAThreadThatEnds) {
  HANDLE m = CreateMutexA(nullptr, FALSE, nullptr);
  HANDLE other = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  std::thread owner([&] { EXPECT_EQ(WaitForSingleObject(m, 0), WAIT_OBJECT_0); });
  owner.join();
  // WaitForMultipleObjects reports the abandoned mutex at its index.
  HANDLE both[] = {other, m};
  EXPECT_EQ(WaitForMultipleObjects(2, both, FALSE, 5000), WAIT_ABANDONED_0 + 1);
  EXPECT_EQ(WaitForSingleObject(m, 0), WAIT_OBJECT_0) << "owned now, no longer abandoned";
  EXPECT_TRUE(ReleaseMutex(m));
  EXPECT_TRUE(ReleaseMutex(m));
  EXPECT_EQ(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
  EXPECT_TRUE(ReleaseMutex(m));
  CloseHandle(m);
  CloseHandle(other);
}

TEST(Win32Mutexes, AbandonedByExitThreadWakesABlockedWaiter) {
  HANDLE m = CreateMutexW(nullptr, FALSE, nullptr);
  HANDLE taken = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE go = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  struct Args {
    HANDLE m, taken, go;
  } args{m, taken, go};
  HANDLE thread = CreateThread(
      nullptr, 0,
      [](LPVOID p) -> DWORD {
        auto* a = static_cast<Args*>(p);
        WaitForSingleObject(a->m, INFINITE);
        SetEvent(a->taken);
        WaitForSingleObject(a->go, INFINITE);
        ExitThread(7);
      },
      &args, 0, nullptr);
  ASSERT_NE(thread, nullptr);
  ASSERT_EQ(WaitForSingleObject(taken, 10000), WAIT_OBJECT_0);
  std::thread waiter([&] { EXPECT_EQ(WaitForSingleObject(m, 20000), WAIT_ABANDONED); });
  SetEvent(go);
  waiter.join();
  ASSERT_EQ(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
  DWORD code = 0;
  EXPECT_TRUE(GetExitCodeThread(thread, &code));
  EXPECT_EQ(code, 7u);
  for (HANDLE h : {m, taken, go, thread}) CloseHandle(h);
}

TEST(Win32Mutexes, NamedMutexAndInitialOwnerOfAnExistingOne) {
  HANDLE first = CreateMutexW(nullptr, FALSE, L"cmnotify-test-mutex");
  std::thread other([&] {
    SetLastError(0);
    HANDLE second = CreateMutexW(nullptr, TRUE, L"cmnotify-test-mutex");
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ALREADY_EXISTS));
    EXPECT_FALSE(ReleaseMutex(second)) << "bInitialOwner is ignored for an existing mutex";
    CloseHandle(second);
  });
  other.join();
  CloseHandle(first);
}

// ---- Waits ----

TEST(Win32Waits, WaitAnyReturnsTheFirstSignalledIndex) {
  HANDLE e[3];
  for (HANDLE& h : e) h = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  EXPECT_EQ(WaitForMultipleObjects(3, e, FALSE, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  SetEvent(e[2]);
  EXPECT_EQ(WaitForMultipleObjects(3, e, FALSE, 0), WAIT_OBJECT_0 + 2);
  SetEvent(e[1]);
  EXPECT_EQ(WaitForMultipleObjectsEx(3, e, FALSE, 0, TRUE), WAIT_OBJECT_0 + 1);
  for (HANDLE h : e) CloseHandle(h);
}

TEST(Win32Waits, WaitAllTakesEverythingAtOnceOrNothing) {
  HANDLE auto_event = CreateEventW(nullptr, FALSE, TRUE, nullptr);
  HANDLE semaphore = CreateSemaphoreW(nullptr, 0, 1, nullptr);
  HANDLE both[] = {auto_event, semaphore};
  EXPECT_EQ(WaitForMultipleObjects(2, both, TRUE, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  EXPECT_EQ(WaitForSingleObject(auto_event, 0), WAIT_OBJECT_0)
      << "a wait-all that failed took nothing";
  SetEvent(auto_event);
  std::thread releaser([&] {
    std::this_thread::sleep_for(20ms);
    ReleaseSemaphore(semaphore, 1, nullptr);
  });
  EXPECT_EQ(WaitForMultipleObjects(2, both, TRUE, 20000), WAIT_OBJECT_0);
  releaser.join();
  EXPECT_EQ(WaitForSingleObject(auto_event, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  EXPECT_EQ(WaitForSingleObject(semaphore, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  CloseHandle(auto_event);
  CloseHandle(semaphore);
}

TEST(Win32Waits, TimeoutIsHonoured) {
  HANDLE e = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(WaitForSingleObjectEx(e, 50, FALSE), static_cast<DWORD>(WAIT_TIMEOUT));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 45ms);
  CloseHandle(e);
}

TEST(Win32Waits, ArgumentErrors) {
  HANDLE e = CreateEventW(nullptr, TRUE, TRUE, nullptr);
  HANDLE many[MAXIMUM_WAIT_OBJECTS + 1];
  for (HANDLE& h : many) h = e;
  SetLastError(0);
  EXPECT_EQ(WaitForMultipleObjects(0, many, FALSE, 0), WAIT_FAILED);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, many, FALSE, 0), WAIT_FAILED);
  expect_error(ERROR_INVALID_PARAMETER);
  EXPECT_EQ(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, many, FALSE, 0), WAIT_OBJECT_0);
  SetLastError(0);
  EXPECT_EQ(WaitForMultipleObjects(1, nullptr, FALSE, 0), WAIT_FAILED);
  expect_error(ERROR_INVALID_PARAMETER);
  // The same object twice in a wait-all (Windows: ERROR_INVALID_PARAMETER).
  HANDLE twice[] = {e, e};
  SetLastError(0);
  EXPECT_EQ(WaitForMultipleObjects(2, twice, TRUE, 0), WAIT_FAILED);
  expect_error(ERROR_INVALID_PARAMETER);
  EXPECT_EQ(WaitForMultipleObjects(2, twice, FALSE, 0), WAIT_OBJECT_0);
  CloseHandle(e);
}

TEST(Win32Waits, BadHandlesFailAtOnce) {
  HANDLE good = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  for (HANDLE bad : {HANDLE{nullptr}, garbage_handle(), closed_event(),
                     reinterpret_cast<HANDLE>(std::intptr_t{-7})}) {
    SetLastError(0);
    EXPECT_EQ(WaitForSingleObject(bad, INFINITE), WAIT_FAILED);
    expect_error(ERROR_INVALID_HANDLE);
    HANDLE pair[] = {good, bad};
    SetLastError(0);
    EXPECT_EQ(WaitForMultipleObjects(2, pair, FALSE, INFINITE), WAIT_FAILED);
    expect_error(ERROR_INVALID_HANDLE);
  }
  CloseHandle(good);
}

TEST(Win32Waits, CloseTwiceAndGarbageCloseFail) {
  HANDLE e = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  EXPECT_TRUE(CloseHandle(e));
  // A new object may reuse the slot; the old handle still does not name it.
  HANDLE reused = CreateEventW(nullptr, TRUE, TRUE, nullptr);
  SetLastError(0);
  EXPECT_FALSE(CloseHandle(e));
  expect_error(ERROR_INVALID_HANDLE);
  EXPECT_EQ(WaitForSingleObject(reused, 0), WAIT_OBJECT_0) << "the new object was not closed";
  EXPECT_TRUE(CloseHandle(reused));
  SetLastError(0);
  EXPECT_FALSE(CloseHandle(garbage_handle()));
  expect_error(ERROR_INVALID_HANDLE);
  EXPECT_TRUE(CloseHandle(GetCurrentThread())) << "a pseudo-handle: nothing to close";
}

TEST(Win32Waits, FileHandlesAreSignalled) {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  HANDLE file = cmnotify_handle_from_fd(fd);
  HANDLE e = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  EXPECT_EQ(WaitForSingleObject(file, 0), WAIT_OBJECT_0);
  HANDLE pair[] = {e, file};
  EXPECT_EQ(WaitForMultipleObjects(2, pair, FALSE, 0), WAIT_OBJECT_0 + 1);
  EXPECT_TRUE(CloseHandle(file));
  SetLastError(0);
  EXPECT_EQ(WaitForSingleObject(file, 0), WAIT_FAILED) << "a closed descriptor";
  expect_error(ERROR_INVALID_HANDLE);
  CloseHandle(e);
}

// Whether thread `tid` of this process is asleep (state S in /proc/self/task/TID/stat).
bool is_asleep(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto name_end = stat.rfind(')');  // the state follows the command name in parentheses
  return name_end != std::string::npos && name_end + 2 < stat.size() && stat[name_end + 2] == 'S';
}

TEST(Win32Waits, ClosingAHandleDoesNotEndAWaitOnItsObject) {
  HANDLE e = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE copy = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &copy, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
  std::atomic<pid_t> waiter_tid{0};
  std::thread waiter([&] {
    waiter_tid = ::gettid();
    EXPECT_EQ(WaitForSingleObject(e, 20000), WAIT_OBJECT_0);
  });
  // Closed only once the waiter sleeps in its wait: closed before, the wait would rightly fail
  // with an invalid handle (as on Windows), which is not what this test is about. A fixed sleep
  // here was not enough on a loaded machine.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while ((waiter_tid.load() == 0 || !is_asleep(waiter_tid.load())) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  if (waiter_tid.load() == 0 || !is_asleep(waiter_tid.load())) {
    SetEvent(e);  // let it end before the thread is joined
    waiter.join();
    CloseHandle(e);
    CloseHandle(copy);
    FAIL() << "the waiter never slept in its wait";
  }
  CloseHandle(e);
  SetEvent(copy);  // the object lives on through the duplicate
  waiter.join();
  CloseHandle(copy);
}

TEST(Win32Waits, TheCurrentProcessIsNeverSignalled) {
  EXPECT_EQ(WaitForSingleObject(GetCurrentProcess(), 10), static_cast<DWORD>(WAIT_TIMEOUT));
}

TEST(Win32Waits, SignalObjectAndWait) {
  HANDLE signal = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE wait = CreateEventW(nullptr, TRUE, TRUE, nullptr);
  EXPECT_EQ(SignalObjectAndWait(signal, wait, 0, FALSE), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(signal, 0), WAIT_OBJECT_0);
  HANDLE m = CreateMutexW(nullptr, FALSE, nullptr);
  SetLastError(0);
  EXPECT_EQ(SignalObjectAndWait(m, wait, 0, FALSE), WAIT_FAILED) << "not the owner";
  expect_error(ERROR_NOT_OWNER);
  SetLastError(0);
  EXPECT_EQ(SignalObjectAndWait(garbage_handle(), wait, 0, FALSE), WAIT_FAILED);
  expect_error(ERROR_INVALID_HANDLE);
  for (HANDLE h : {signal, wait, m}) CloseHandle(h);
}

// Many threads signalling and waiting on a few objects at once, with wait-all and wait-any
// mixed: for ThreadSanitizer, and no lost wakeup (every wait has a generous timeout).
TEST(Win32Waits, StressMixedWaits) {
  HANDLE s1 = CreateSemaphoreW(nullptr, 0, 100000, nullptr);
  HANDLE s2 = CreateSemaphoreW(nullptr, 0, 100000, nullptr);
  HANDLE m = CreateMutexW(nullptr, FALSE, nullptr);
  constexpr int kRounds = 500;
  std::atomic<int> taken{0};
  int in_mutex = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&] {
      HANDLE all[] = {s1, s2, m};
      for (int i = 0; i < kRounds; ++i) {
        ASSERT_EQ(WaitForMultipleObjects(3, all, TRUE, 20000), WAIT_OBJECT_0);
        ++in_mutex;  // guarded by the mutex
        taken.fetch_add(1);
        ASSERT_TRUE(ReleaseMutex(m));
      }
    });
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 3 * kRounds / 2; ++i) {
        ReleaseSemaphore(s1, 1, nullptr);
        ReleaseSemaphore(s2, 1, nullptr);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(taken.load(), 3 * kRounds);
  EXPECT_EQ(in_mutex, 3 * kRounds);
  for (HANDLE h : {s1, s2, m}) CloseHandle(h);
}

// ---- Threads ----

TEST(Win32Threads, ExitCodeAndHandle) {
  DWORD id = 0;
  HANDLE t = CreateThread(
      nullptr, 0,
      [](LPVOID p) -> DWORD { return static_cast<DWORD>(reinterpret_cast<std::uintptr_t>(p)); },
      reinterpret_cast<LPVOID>(std::uintptr_t{42}), 0, &id);
  ASSERT_NE(t, nullptr);
  EXPECT_NE(id, 0u);
  EXPECT_EQ(WaitForSingleObject(t, 10000), WAIT_OBJECT_0);
  DWORD code = 0;
  EXPECT_TRUE(GetExitCodeThread(t, &code));
  EXPECT_EQ(code, 42u);
  EXPECT_EQ(GetThreadId(t), id);
  EXPECT_EQ(WaitForSingleObject(t, 0), WAIT_OBJECT_0) << "stays signalled";
  EXPECT_TRUE(CloseHandle(t));
  SetLastError(0);
  EXPECT_FALSE(GetExitCodeThread(t, &code));
  expect_error(ERROR_INVALID_HANDLE);
}

TEST(Win32Threads, StillActiveSuspendedAndResumed) {
  HANDLE gate = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  std::atomic<bool> ran{false};
  struct Args {
    HANDLE gate;
    std::atomic<bool>* ran;
  } args{gate, &ran};
  HANDLE t = CreateThread(
      nullptr, 256 * 1024,
      [](LPVOID p) -> DWORD {
        auto* a = static_cast<Args*>(p);
        a->ran->store(true);
        WaitForSingleObject(a->gate, INFINITE);
        return 3;
      },
      &args, CREATE_SUSPENDED, nullptr);
  ASSERT_NE(t, nullptr);
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(ran.load()) << "suspended until ResumeThread";
  DWORD code = 0;
  EXPECT_TRUE(GetExitCodeThread(t, &code));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  EXPECT_EQ(ResumeThread(t), 1u);
  EXPECT_EQ(ResumeThread(t), 0u) << "not suspended any more";
  SetEvent(gate);
  EXPECT_EQ(WaitForSingleObject(t, 10000), WAIT_OBJECT_0);
  EXPECT_TRUE(ran.load());
  EXPECT_TRUE(GetExitCodeThread(t, &code));
  EXPECT_EQ(code, 3u);
  CloseHandle(t);
  CloseHandle(gate);
}

TEST(Win32Threads, ArgumentErrorsAndPseudoHandles) {
  SetLastError(0);
  EXPECT_EQ(CreateThread(nullptr, 0, nullptr, nullptr, 0, nullptr), nullptr);
  expect_error(ERROR_INVALID_PARAMETER);
  EXPECT_EQ(GetCurrentThread(), reinterpret_cast<HANDLE>(std::intptr_t{-2}));
  EXPECT_EQ(GetCurrentProcess(), reinterpret_cast<HANDLE>(std::intptr_t{-1}));
  DWORD code = 0;
  EXPECT_TRUE(GetExitCodeThread(GetCurrentThread(), &code));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  EXPECT_EQ(GetThreadId(GetCurrentThread()), GetCurrentThreadId());
  EXPECT_EQ(GetProcessId(GetCurrentProcess()), GetCurrentProcessId());
  EXPECT_EQ(WaitForSingleObject(GetCurrentThread(), 0), static_cast<DWORD>(WAIT_TIMEOUT));
  HANDLE real = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &real,
                              0, FALSE, DUPLICATE_SAME_ACCESS));
  EXPECT_NE(real, GetCurrentThread());
  EXPECT_EQ(GetThreadId(real), GetCurrentThreadId());
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  SetLastError(0);
  EXPECT_FALSE(GetExitCodeThread(event, &code)) << "not a thread";
  expect_error(ERROR_INVALID_HANDLE);
  SetLastError(0);
  EXPECT_FALSE(DuplicateHandle(GetCurrentProcess(), garbage_handle(), GetCurrentProcess(), &real, 0,
                               FALSE, DUPLICATE_SAME_ACCESS));
  expect_error(ERROR_INVALID_HANDLE);
  CloseHandle(real);
  CloseHandle(event);
}

TEST(Win32Threads, PrioritiesAreRemembered) {
  EXPECT_EQ(GetThreadPriority(GetCurrentThread()), THREAD_PRIORITY_NORMAL);
  EXPECT_TRUE(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_HIGHEST));
  EXPECT_EQ(GetThreadPriority(GetCurrentThread()), THREAD_PRIORITY_HIGHEST);
  SetLastError(0);
  EXPECT_FALSE(SetThreadPriority(GetCurrentThread(), 7));
  expect_error(ERROR_INVALID_PARAMETER);
  EXPECT_TRUE(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_NORMAL));
  EXPECT_EQ(GetThreadPriority(garbage_handle()), THREAD_PRIORITY_ERROR_RETURN);
}

TEST(Win32Threads, ManyThreadsStartAndEnd) {
  std::vector<HANDLE> threads;
  for (int i = 0; i < 64; ++i) {
    HANDLE t = CreateThread(
        nullptr, 0, [](LPVOID) -> DWORD { return 0; }, nullptr, 0, nullptr);
    ASSERT_NE(t, nullptr);
    threads.push_back(t);
  }
  for (std::size_t i = 0; i < threads.size(); i += MAXIMUM_WAIT_OBJECTS) {
    const DWORD n =
        static_cast<DWORD>(std::min<std::size_t>(MAXIMUM_WAIT_OBJECTS, threads.size() - i));
    EXPECT_EQ(WaitForMultipleObjects(n, threads.data() + i, TRUE, 20000), WAIT_OBJECT_0);
  }
  for (HANDLE t : threads) EXPECT_TRUE(CloseHandle(t));
}

}  // namespace
