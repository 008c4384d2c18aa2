// Message queues: posted and thread messages, filters, WM_QUIT, sent messages between threads,
// timers, WaitMessage and MsgWaitForMultipleObjects(Ex), with their last-error codes. Runs
// under ThreadSanitizer too.
#include <windows.h>
#include <winuser.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

namespace {

constexpr UINT kPing = WM_APP + 1;
constexpr UINT kAsk = WM_APP + 2;

std::atomic<int> g_pings{0};

LRESULT CALLBACK echo_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  if (msg == kPing) {
    g_pings.fetch_add(1);
    return 0;
  }
  if (msg == kAsk) return static_cast<LRESULT>(wparam * 2 + (InSendMessage() ? 1 : 0));
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

struct EchoClass {
  EchoClass() {
    WNDCLASSW wc{};
    wc.lpfnWndProc = echo_proc;
    wc.lpszClassName = L"CmnTestEcho";
    RegisterClassW(&wc);
  }
  ~EchoClass() { UnregisterClassW(L"CmnTestEcho", nullptr); }
};

HWND echo_window() {
  return CreateWindowExW(0, L"CmnTestEcho", nullptr, 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr,
                         nullptr);
}

// Drains what is posted to this thread.
void drain() {
  MSG msg;
  while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) {
  }
}

TEST(Win32User32Messages, PostedMessagesInOrderThroughGetMessageAndDispatch) {
  EchoClass cls;
  HWND hwnd = echo_window();
  ASSERT_NE(hwnd, nullptr);
  g_pings = 0;
  ASSERT_TRUE(PostMessageW(hwnd, kPing, 1, 0));
  ASSERT_TRUE(PostMessageW(hwnd, kPing, 2, 0));
  ASSERT_TRUE(PostMessageW(nullptr, WM_USER, 3, 0));  // a thread message
  MSG msg{};
  ASSERT_EQ(GetMessageW(&msg, nullptr, 0, 0), TRUE);
  EXPECT_EQ(msg.hwnd, hwnd);
  EXPECT_EQ(msg.wParam, 1u);
  EXPECT_EQ(DispatchMessageW(&msg), 0);
  ASSERT_EQ(GetMessageW(&msg, nullptr, 0, 0), TRUE);
  EXPECT_EQ(msg.wParam, 2u);
  DispatchMessageW(&msg);
  ASSERT_EQ(GetMessageW(&msg, nullptr, 0, 0), TRUE);
  EXPECT_EQ(msg.hwnd, nullptr);
  EXPECT_EQ(msg.message, static_cast<UINT>(WM_USER));
  EXPECT_EQ(g_pings.load(), 2);
  EXPECT_FALSE(PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE));
  DestroyWindow(hwnd);
}

TEST(Win32User32Messages, FiltersAndNoRemove) {
  EchoClass cls;
  HWND hwnd = echo_window();
  ASSERT_NE(hwnd, nullptr);
  PostMessageW(nullptr, WM_USER + 5, 0, 0);
  PostMessageW(hwnd, WM_APP + 9, 0, 0);
  MSG msg{};
  // Only the window's messages.
  ASSERT_TRUE(PeekMessageW(&msg, hwnd, 0, 0, PM_NOREMOVE));
  EXPECT_EQ(msg.message, static_cast<UINT>(WM_APP + 9));
  // Only thread messages.
  ASSERT_TRUE(PeekMessageW(&msg, reinterpret_cast<HWND>(static_cast<std::intptr_t>(-1)), 0, 0,
                           PM_NOREMOVE));
  EXPECT_EQ(msg.message, static_cast<UINT>(WM_USER + 5));
  // A range.
  EXPECT_FALSE(PeekMessageW(&msg, nullptr, WM_USER + 6, WM_APP + 8, PM_REMOVE));
  ASSERT_TRUE(PeekMessageW(&msg, nullptr, WM_APP, WM_APP + 10, PM_REMOVE));
  EXPECT_EQ(msg.message, static_cast<UINT>(WM_APP + 9));
  ASSERT_TRUE(PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE));
  EXPECT_EQ(msg.message, static_cast<UINT>(WM_USER + 5));
  DestroyWindow(hwnd);
}

TEST(Win32User32Messages, QuitComesAfterThePostedMessagesWhateverTheFilter) {
  PostQuitMessage(3);
  PostMessageW(nullptr, WM_USER, 0, 0);
  MSG msg{};
  ASSERT_EQ(GetMessageW(&msg, nullptr, 0, 0), TRUE);
  EXPECT_EQ(msg.message, static_cast<UINT>(WM_USER));
  ASSERT_EQ(GetMessageW(&msg, nullptr, WM_APP, WM_APP), FALSE);
  EXPECT_EQ(msg.message, static_cast<UINT>(WM_QUIT));
  EXPECT_EQ(msg.wParam, 3u);
  EXPECT_FALSE(PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE));
}

TEST(Win32User32Messages, BadArguments) {
  MSG msg{};
  const HWND garbage = reinterpret_cast<HWND>(std::uintptr_t{0xbad00});
  SetLastError(0xdeadbeef);
  EXPECT_EQ(GetMessageW(&msg, garbage, 0, 0), -1);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_EQ(GetMessageW(nullptr, nullptr, 0, 0), -1);
  EXPECT_FALSE(PeekMessageW(&msg, garbage, 0, 0, PM_REMOVE));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_FALSE(PostMessageW(garbage, WM_USER, 0, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_EQ(SendMessageW(garbage, WM_USER, 0, 0), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_FALSE(PostThreadMessageW(0x7fffffff, WM_USER, 0, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_THREAD_ID));
  EXPECT_EQ(DispatchMessageW(nullptr), 0);
  msg.hwnd = garbage;
  msg.message = WM_USER;
  EXPECT_EQ(DispatchMessageW(&msg), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_FALSE(KillTimer(nullptr, 12345));
  EXPECT_FALSE(KillTimer(garbage, 1));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_EQ(SetTimer(garbage, 1, 10, nullptr), 0u);
  EXPECT_EQ(MsgWaitForMultipleObjectsEx(0, nullptr, 0, QS_ALLINPUT, 0x80), WAIT_FAILED);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(MsgWaitForMultipleObjects(1, nullptr, FALSE, 0, QS_ALLINPUT), WAIT_FAILED);
  HANDLE bad = reinterpret_cast<HANDLE>(std::uintptr_t{0x4444});
  EXPECT_EQ(MsgWaitForMultipleObjects(1, &bad, FALSE, 0, QS_ALLINPUT), WAIT_FAILED);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

TEST(Win32User32Messages, PostThreadMessageReachesAThreadOnlyOnceItHasAQueue) {
  HANDLE ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  std::atomic<DWORD> id{0};
  WPARAM got = 0;
  std::thread t([&] {
    id = GetCurrentThreadId();
    MSG msg;
    PeekMessageW(&msg, nullptr, 0, 0, PM_NOREMOVE);  // creates the queue, as Windows code does
    SetEvent(ready);
    while (GetMessageW(&msg, nullptr, 0, 0) > 0)
      if (msg.message == WM_USER) got = msg.wParam;
  });
  ASSERT_EQ(WaitForSingleObject(ready, 10000), WAIT_OBJECT_0);
  EXPECT_TRUE(PostThreadMessageW(id, WM_USER, 77, 0));
  EXPECT_TRUE(PostThreadMessageW(id, WM_QUIT, 0, 0));
  t.join();
  EXPECT_EQ(got, 77u);
  EXPECT_FALSE(PostThreadMessageW(id, WM_USER, 0, 0));  // the thread and its queue are gone
  CloseHandle(ready);
}

TEST(Win32User32Messages, SendMessageRunsOnTheWindowThreadWhileItPumps) {
  EchoClass cls;
  HANDLE ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HWND hwnd = nullptr;
  std::thread owner([&] {
    hwnd = echo_window();
    SetEvent(ready);
    MSG msg;
    while (GetMessageW(&msg, nullptr, 0, 0) > 0) DispatchMessageW(&msg);
    DestroyWindow(hwnd);
  });
  ASSERT_EQ(WaitForSingleObject(ready, 10000), WAIT_OBJECT_0);
  // From another thread: InSendMessage is true inside, and the result comes back.
  EXPECT_EQ(SendMessageW(hwnd, kAsk, 20, 0), 41);
  DWORD_PTR result = 0;
  EXPECT_EQ(SendMessageTimeoutW(hwnd, kAsk, 5, 0, SMTO_NORMAL, 5000, &result), 1);
  EXPECT_EQ(result, 11u);
  SetLastError(0xdeadbeef);
  EXPECT_EQ(SendMessageTimeoutW(hwnd, kAsk, 5, 0, 0x4000, 5000, &result), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_TRUE(SendNotifyMessageW(hwnd, kPing, 0, 0));
  PostMessageW(hwnd, WM_QUIT, 0, 0);
  owner.join();
  CloseHandle(ready);
}

TEST(Win32User32Messages, SendMessageToAThreadThatNeverPumpsTimesOut) {
  EchoClass cls;
  HANDLE ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HWND hwnd = nullptr;
  std::thread owner([&] {
    hwnd = echo_window();
    SetEvent(ready);
    WaitForSingleObject(done, INFINITE);  // a plain wait: sent messages do not run
    DestroyWindow(hwnd);
  });
  ASSERT_EQ(WaitForSingleObject(ready, 10000), WAIT_OBJECT_0);
  DWORD_PTR result = 123;
  SetLastError(0xdeadbeef);
  EXPECT_EQ(SendMessageTimeoutW(hwnd, kAsk, 1, 0, SMTO_NORMAL, 50, &result), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_TIMEOUT));
  SetEvent(done);
  owner.join();
  CloseHandle(ready);
  CloseHandle(done);
}

TEST(Win32User32Messages, TwoThreadsSendingToEachOtherDoNotDeadlock) {
  EchoClass cls;
  HANDLE ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE finished = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HWND other = nullptr;
  HWND mine = echo_window();
  ASSERT_NE(mine, nullptr);
  LRESULT from_other = 0;
  std::thread t([&] {
    other = echo_window();
    SetEvent(ready);
    from_other = SendMessageW(mine, kAsk, 3, 0);  // runs while `mine` waits for its own send
    DestroyWindow(other);
    SetEvent(finished);
  });
  ASSERT_EQ(WaitForSingleObject(ready, 10000), WAIT_OBJECT_0);
  // `other` answers only when its thread pumps: it is blocked in SendMessage to us, which
  // handles our incoming message meanwhile; then it destroys its window and our send returns.
  const LRESULT ours = SendMessageW(other, kAsk, 4, 0);
  // Our reply can arrive before we looked at the message the other thread sent us: SendMessage
  // then returns at once (as Windows and Wine do: the reply comes first) and that message waits
  // for our next pump, so wait for the other thread the way a window's thread does, pumping.
  DWORD woke = WAIT_FAILED;
  while ((woke = MsgWaitForMultipleObjects(1, &finished, FALSE, 10000, QS_SENDMESSAGE)) ==
         WAIT_OBJECT_0 + 1) {
    MSG msg;
    (void)PeekMessageW(&msg, nullptr, 0, 0, PM_NOREMOVE);  // runs the messages sent to us
  }
  ASSERT_EQ(woke, WAIT_OBJECT_0);  // else the join below would wait for ever: abort instead
  t.join();
  EXPECT_EQ(from_other, 7);
  EXPECT_TRUE(ours == 9 || ours == 0);  // answered, or the window was gone before it ran
  DestroyWindow(mine);
  CloseHandle(ready);
  CloseHandle(finished);
}

void CALLBACK count_timer(HWND, UINT, UINT_PTR, DWORD) { g_pings.fetch_add(1); }

TEST(Win32User32Messages, TimersPostWmTimerAndRunTheirProcedure) {
  g_pings = 0;
  const UINT_PTR id = SetTimer(nullptr, 0, 10, count_timer);
  ASSERT_NE(id, 0u);
  MSG msg{};
  int timers = 0;
  while (timers < 2 && GetMessageW(&msg, nullptr, 0, 0) > 0) {
    if (msg.message == WM_TIMER) {
      EXPECT_EQ(msg.wParam, id);
      ++timers;
    }
    DispatchMessageW(&msg);
  }
  EXPECT_EQ(g_pings.load(), 2);
  EXPECT_TRUE(KillTimer(nullptr, id));
  EXPECT_FALSE(KillTimer(nullptr, id));
  // A forged WM_TIMER naming a procedure calls nothing.
  msg.lParam = reinterpret_cast<LPARAM>(count_timer);
  DispatchMessageW(&msg);
  EXPECT_EQ(g_pings.load(), 2);
}

TEST(Win32User32Messages, MsgWaitWakesForInputForObjectsAndTimesOut) {
  drain();
  HANDLE event = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  EXPECT_EQ(MsgWaitForMultipleObjects(1, &event, FALSE, 20, QS_ALLINPUT), WAIT_TIMEOUT);
  SetEvent(event);
  EXPECT_EQ(MsgWaitForMultipleObjects(1, &event, FALSE, 0, QS_ALLINPUT), WAIT_OBJECT_0);
  PostMessageW(nullptr, WM_USER, 0, 0);
  EXPECT_EQ(MsgWaitForMultipleObjects(1, &event, FALSE, INFINITE, QS_POSTMESSAGE),
            WAIT_OBJECT_0 + 1);
  // Only new input wakes it: once PeekMessage has looked, the message left in the queue does
  // not, unless MWMO_INPUTAVAILABLE asks for all input.
  MSG msg;
  EXPECT_TRUE(PeekMessageW(&msg, nullptr, 0, 0, PM_NOREMOVE));
  EXPECT_EQ(MsgWaitForMultipleObjectsEx(1, &event, 0, QS_ALLINPUT, 0), WAIT_TIMEOUT);
  EXPECT_EQ(MsgWaitForMultipleObjectsEx(1, &event, 0, QS_ALLINPUT, MWMO_INPUTAVAILABLE),
            WAIT_OBJECT_0 + 1);
  drain();
  // Another thread's post wakes a waiting thread.
  const DWORD self = GetCurrentThreadId();
  std::thread poster([self] {
    Sleep(20);
    PostThreadMessageW(self, WM_USER, 0, 0);
  });
  EXPECT_EQ(MsgWaitForMultipleObjects(0, nullptr, FALSE, 10000, QS_POSTMESSAGE), WAIT_OBJECT_0);
  poster.join();
  drain();
  // A timer wakes QS_TIMER waits.
  const UINT_PTR id = SetTimer(nullptr, 0, 10, nullptr);
  EXPECT_EQ(MsgWaitForMultipleObjects(0, nullptr, FALSE, 10000, QS_TIMER), WAIT_OBJECT_0);
  KillTimer(nullptr, id);
  CloseHandle(event);
}

TEST(Win32User32Messages, MsgWaitRunsSentMessagesWithoutReturningForThem) {
  EchoClass cls;
  HWND hwnd = echo_window();
  ASSERT_NE(hwnd, nullptr);
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  LRESULT answer = 0;
  std::thread sender([&] {
    answer = SendMessageW(hwnd, kAsk, 10, 0);
    SetEvent(event);
  });
  // QS_POSTMESSAGE only: the sent message runs inside the wait, which then returns for the
  // event the sender sets after its reply.
  EXPECT_EQ(MsgWaitForMultipleObjects(1, &event, FALSE, 10000, QS_POSTMESSAGE), WAIT_OBJECT_0);
  sender.join();
  EXPECT_EQ(answer, 21);
  DestroyWindow(hwnd);
  CloseHandle(event);
}

TEST(Win32User32Messages, WaitMessageReturnsForNewInput) {
  drain();
  const DWORD self = GetCurrentThreadId();
  std::thread poster([self] {
    Sleep(20);
    PostThreadMessageW(self, WM_USER, 0, 0);
  });
  EXPECT_TRUE(WaitMessage());
  poster.join();
  EXPECT_NE(GetQueueStatus(QS_POSTMESSAGE) & QS_POSTMESSAGE, 0u);
  drain();
  EXPECT_EQ(GetQueueStatus(QS_ALLINPUT), 0u);
}

}  // namespace
