// Messages: GetMessage, PeekMessage, WaitMessage, DispatchMessage, PostMessage,
// PostThreadMessage, SendMessage(Timeout), SendNotifyMessage, PostQuitMessage, timers and
// MsgWaitForMultipleObjects(Ex).
#include <algorithm>
#include <mutex>
#include <new>

#include "win32/user32/user_state.hpp"

namespace cmnotify::win32::user32 {
namespace {

const HWND kThreadMessagesOnly = reinterpret_cast<HWND>(static_cast<std::intptr_t>(-1));

// Kernel lock held. Takes (or, without `remove`, copies) the next message the filter takes:
// posted messages first, then WM_QUIT once none of them is left, then due timers.
bool take_message(MessageQueue& queue, const MessageFilter& filter, bool remove, MSG& out) {
  for (auto it = queue.posted.begin(); it != queue.posted.end(); ++it) {
    if (!filter.matches(it->hwnd, it->message)) continue;
    out = *it;
    if (remove) queue.posted.erase(it);
    return true;
  }
  if (queue.quit) {
    out = MSG{};
    out.message = WM_QUIT;
    out.wParam = static_cast<WPARAM>(queue.quit_code);
    out.time = GetTickCount();
    if (remove) queue.quit = false;
    return true;
  }
  const auto now = std::chrono::steady_clock::now();
  for (Timer& timer : queue.timers) {
    if (timer.due > now || !filter.matches(timer.hwnd, WM_TIMER)) continue;
    out = MSG{};
    out.hwnd = timer.hwnd;
    out.message = WM_TIMER;
    out.wParam = timer.id;
    out.lParam = reinterpret_cast<LPARAM>(timer.procedure);
    out.time = GetTickCount();
    if (remove) timer.due = now + std::chrono::milliseconds(timer.interval_ms);
    return true;
  }
  return false;
}

// The wait until a timer is due or the deadline passes, in milliseconds.
DWORD wait_ms(const MessageQueue& queue, const k32::Deadline& deadline, bool timers) {
  auto until = std::chrono::steady_clock::time_point::max();
  if (timers) until = queue.next_timer_due();
  if (!deadline.infinite) until = std::min(until, deadline.at);
  if (until == std::chrono::steady_clock::time_point::max()) return INFINITE;
  const auto left = until - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return 0;
  return static_cast<DWORD>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

// Validates the window filter of GetMessage / PeekMessage: nullptr, -1 or a window of this thread.
bool valid_filter_window(HWND hwnd) {
  if (hwnd == nullptr || hwnd == kThreadMessagesOnly) return true;
  std::lock_guard lock(k32::kernel_lock());
  const WindowPtr w = window_of(hwnd);
  return w && w->thread_id == k32::current_thread_id();
}

BOOL get_message(LPMSG msg, HWND hwnd, UINT first, UINT last) {
  if (msg == nullptr) return fail_with<BOOL>(ERROR_INVALID_PARAMETER, -1);
  if (!valid_filter_window(hwnd)) return fail_with<BOOL>(ERROR_INVALID_WINDOW_HANDLE, -1);
  try {
    const QueuePtr queue = current_queue();
    const MessageFilter filter{hwnd, first, last};
    for (;;) {
      run_sent_messages(queue);
      std::unique_lock lock(k32::kernel_lock());
      queue->wake_bits = 0;
      if (queue->has_sent()) continue;
      if (take_message(*queue, filter, true, *msg)) {
        queue->last_message_time = msg->time;
        return msg->message == WM_QUIT ? FALSE : TRUE;
      }
      // A nested GetMessage (from a window procedure) has its own filter while it waits.
      const MessageFilter outer = queue->active_filter;
      queue->active_filter = filter;
      (void)k32::wait_for_objects_locked(lock, {}, false, wait_ms(*queue, k32::Deadline{}, true),
                                         queue.get(), kWaitForMessage);
      queue->active_filter = outer;
    }
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, -1);
  }
}

BOOL peek_message(LPMSG msg, HWND hwnd, UINT first, UINT last, UINT remove) {
  if (msg == nullptr) return fail_with<BOOL>(ERROR_INVALID_PARAMETER, FALSE);
  if (!valid_filter_window(hwnd)) return fail_with<BOOL>(ERROR_INVALID_WINDOW_HANDLE, FALSE);
  try {
    const QueuePtr queue = current_queue();
    run_sent_messages(queue);
    std::lock_guard lock(k32::kernel_lock());
    queue->wake_bits = 0;
    if (!take_message(*queue, MessageFilter{hwnd, first, last}, (remove & PM_REMOVE) != 0, *msg))
      return FALSE;
    queue->last_message_time = msg->time;
    return TRUE;
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, FALSE);
  }
}

MSG make_message(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam) {
  MSG m{};
  m.hwnd = hwnd;
  m.message = message;
  m.wParam = wparam;
  m.lParam = lparam;
  m.time = GetTickCount();
  return m;
}

BOOL post_thread_message(DWORD thread_id, UINT message, WPARAM wparam, LPARAM lparam) {
  try {
    if (thread_id == k32::current_thread_id()) (void)current_queue();
    std::lock_guard lock(k32::kernel_lock());
    const QueuePtr queue = queue_of_thread(thread_id);
    if (!queue) return fail_with<BOOL>(ERROR_INVALID_THREAD_ID, FALSE);
    queue->post(make_message(nullptr, message, wparam, lparam));
    return TRUE;
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, FALSE);
  }
}

BOOL post_message(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam) {
  if (hwnd == nullptr)
    return post_thread_message(k32::current_thread_id(), message, wparam, lparam);
  try {
    std::lock_guard lock(k32::kernel_lock());
    if (hwnd == HWND_BROADCAST) {
      for (const WindowPtr& w : top_level_windows())
        w->queue->post(make_message(w->hwnd, message, wparam, lparam));
      return TRUE;
    }
    const WindowPtr w = window_of(hwnd);
    if (!w) return fail_with<BOOL>(ERROR_INVALID_WINDOW_HANDLE, FALSE);
    w->queue->post(make_message(hwnd, message, wparam, lparam));
    return TRUE;
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, FALSE);
  }
}

// SendMessage and SendMessageTimeout: false (with the last error) when the message was not
// answered.
bool send_message(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam, DWORD timeout_ms,
                  LRESULT& result) {
  result = 0;
  WindowPtr w;
  {
    std::lock_guard lock(k32::kernel_lock());
    w = window_of(hwnd);
  }
  if (!w) return fail_with(ERROR_INVALID_WINDOW_HANDLE, false);
  try {
    if (w->thread_id == k32::current_thread_id()) {
      result = call_procedure(hwnd, message, wparam, lparam);
      return true;
    }
    if (send_to_other_thread(w, message, wparam, lparam, timeout_ms, result)) return true;
    return fail_with(timeout_ms == INFINITE ? ERROR_INVALID_WINDOW_HANDLE : ERROR_TIMEOUT, false);
  } catch (const std::bad_alloc&) {
    return fail_with(ERROR_NOT_ENOUGH_MEMORY, false);
  }
}

LRESULT broadcast_send(UINT message, WPARAM wparam, LPARAM lparam) {
  std::vector<WindowPtr> targets;
  {
    std::lock_guard lock(k32::kernel_lock());
    targets = top_level_windows();
  }
  for (const WindowPtr& w : targets) {
    LRESULT ignored = 0;
    (void)send_message(w->hwnd, message, wparam, lparam, INFINITE, ignored);
  }
  return 0;
}

LRESULT dispatch_message(const MSG* msg) {
  if (msg == nullptr) return fail_with<LRESULT>(ERROR_INVALID_PARAMETER, 0);
  if (msg->message == WM_TIMER && msg->lParam != 0) {
    // A timer procedure runs only for a timer that has it, so a forged WM_TIMER calls nothing.
    const auto procedure = reinterpret_cast<TIMERPROC>(msg->lParam);
    bool known = false;
    {
      std::lock_guard lock(k32::kernel_lock());
      const QueuePtr queue = queue_of_thread(k32::current_thread_id());
      if (queue)
        known = std::any_of(queue->timers.begin(), queue->timers.end(), [&](const Timer& t) {
          return t.hwnd == msg->hwnd && t.id == msg->wParam && t.procedure == procedure;
        });
    }
    if (!known) return 0;
    procedure(msg->hwnd, WM_TIMER, msg->wParam, GetTickCount());
    return 0;
  }
  if (msg->hwnd == nullptr) return 0;  // a thread message: no window to run
  {
    std::lock_guard lock(k32::kernel_lock());
    const WindowPtr w = window_of(msg->hwnd);
    if (!w) return fail_with<LRESULT>(ERROR_INVALID_WINDOW_HANDLE, 0);
    if (w->thread_id != k32::current_thread_id())
      return fail_with<LRESULT>(ERROR_WINDOW_OF_OTHER_THREAD, 0);
  }
  return call_procedure(msg->hwnd, msg->message, msg->wParam, msg->lParam);
}

UINT_PTR set_timer(HWND hwnd, UINT_PTR id, UINT elapse, TIMERPROC procedure) {
  try {
    const QueuePtr own = current_queue();
    std::lock_guard lock(k32::kernel_lock());
    QueuePtr queue = own;
    if (hwnd != nullptr) {
      const WindowPtr w = window_of(hwnd);
      if (!w) return fail_with<UINT_PTR>(ERROR_INVALID_WINDOW_HANDLE, 0);
      queue = w->queue;
    }
    const DWORD interval = std::clamp<DWORD>(elapse, USER_TIMER_MINIMUM, USER_TIMER_MAXIMUM);
    auto& timers = queue->timers;
    auto it = std::find_if(timers.begin(), timers.end(), [&](const Timer& t) {
      return t.hwnd == hwnd && t.id == id && (hwnd != nullptr || id != 0);
    });
    if (it == timers.end()) {
      Timer timer;
      timer.hwnd = hwnd;
      if (hwnd != nullptr) {
        timer.id = id;
      } else {
        // A thread timer gets an id of its own (the nIDEvent of a new one is ignored).
        static UINT_PTR next_id = 0x7FFF;
        do {
          next_id = next_id == 0xFFFFFFFF ? 0x8000 : next_id + 1;
        } while (std::any_of(timers.begin(), timers.end(),
                             [&](const Timer& t) { return t.hwnd == nullptr && t.id == next_id; }));
        timer.id = next_id;
      }
      timers.push_back(timer);
      it = timers.end() - 1;
    }
    it->interval_ms = interval;
    it->procedure = procedure;
    it->due = std::chrono::steady_clock::now() + std::chrono::milliseconds(interval);
    const UINT_PTR result = hwnd != nullptr && id == 0 ? 1 : it->id;
    queue->state_changed();  // a waiting GetMessage recomputes its timeout
    return result;
  } catch (const std::bad_alloc&) {
    return fail_with<UINT_PTR>(ERROR_NOT_ENOUGH_MEMORY, 0);
  }
}

BOOL kill_timer(HWND hwnd, UINT_PTR id) {
  std::lock_guard lock(k32::kernel_lock());
  QueuePtr queue = queue_of_thread(k32::current_thread_id());
  if (hwnd != nullptr) {
    const WindowPtr w = window_of(hwnd);
    if (!w) return fail_with<BOOL>(ERROR_INVALID_WINDOW_HANDLE, FALSE);
    queue = w->queue;
  }
  if (queue) {
    auto& timers = queue->timers;
    const auto it = std::find_if(timers.begin(), timers.end(),
                                 [&](const Timer& t) { return t.hwnd == hwnd && t.id == id; });
    if (it != timers.end()) {
      timers.erase(it);
      return TRUE;
    }
  }
  return fail_with<BOOL>(ERROR_INVALID_PARAMETER, FALSE);
}

constexpr UINT kValidWakeMask = QS_ALLINPUT | QS_ALLPOSTMESSAGE;
constexpr DWORD kValidWaitFlags = MWMO_WAITALL | MWMO_ALERTABLE | MWMO_INPUTAVAILABLE;

DWORD msg_wait(DWORD count, const HANDLE* handles, DWORD timeout_ms, DWORD wake_mask, DWORD flags) {
  if ((flags & ~kValidWaitFlags) != 0 || (wake_mask & ~kValidWakeMask) != 0)
    return fail_with<DWORD>(ERROR_INVALID_PARAMETER, WAIT_FAILED);
  if (count >= MAXIMUM_WAIT_OBJECTS || (count != 0 && handles == nullptr))
    return fail_with<DWORD>(ERROR_INVALID_PARAMETER, WAIT_FAILED);
  try {
    const QueuePtr queue = current_queue();
    const k32::Deadline deadline = k32::Deadline::after(timeout_ms);
    const DWORD tag = (wake_mask & 0xFFFFu) | ((flags & 0xFFu) << 16);
    const bool wait_all = (flags & MWMO_WAITALL) != 0;
    const bool timers = (wake_mask & QS_TIMER) != 0;
    for (;;) {
      // Messages sent to this thread run while it waits, as on Windows.
      if (!wait_all) run_sent_messages(queue);
      std::unique_lock lock(k32::kernel_lock());
      if (!wait_all && queue->has_sent()) continue;
      const DWORD ms = wait_ms(*queue, deadline, timers);
      const DWORD result =
          k32::wait_for_objects_locked(lock, {handles, count}, wait_all, ms, queue.get(), tag);
      if (result == WAIT_TIMEOUT) {
        if (!deadline.infinite && std::chrono::steady_clock::now() >= deadline.at)
          return WAIT_TIMEOUT;
        continue;  // a timer became due: the next wait sees it
      }
      if (result != WAIT_OBJECT_0 + count || wait_all) return result;
      // Woken by the queue: for input the mask asks for, or only to run sent messages.
      UINT bits = queue->wake_bits;
      if ((flags & MWMO_INPUTAVAILABLE) != 0) bits |= queue->current_bits();
      if (queue->timer_due(std::chrono::steady_clock::now())) bits |= QS_TIMER;
      if ((bits & wake_mask) != 0) return result;
    }
  } catch (const std::bad_alloc&) {
    return fail_with<DWORD>(ERROR_NOT_ENOUGH_MEMORY, WAIT_FAILED);
  }
}

}  // namespace
}  // namespace cmnotify::win32::user32

namespace u32 = cmnotify::win32::user32;
namespace k32 = cmnotify::win32::kernel32;
using u32::fail_with;

extern "C" {

BOOL WINAPI GetMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax) {
  return u32::get_message(lpMsg, hWnd, wMsgFilterMin, wMsgFilterMax);
}
BOOL WINAPI GetMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax) {
  return u32::get_message(lpMsg, hWnd, wMsgFilterMin, wMsgFilterMax);
}
BOOL WINAPI PeekMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax,
                         UINT wRemoveMsg) {
  return u32::peek_message(lpMsg, hWnd, wMsgFilterMin, wMsgFilterMax, wRemoveMsg);
}
BOOL WINAPI PeekMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax,
                         UINT wRemoveMsg) {
  return u32::peek_message(lpMsg, hWnd, wMsgFilterMin, wMsgFilterMax, wRemoveMsg);
}

BOOL WINAPI WaitMessage(VOID) {
  try {
    const u32::QueuePtr queue = u32::current_queue();
    for (;;) {
      u32::run_sent_messages(queue);
      std::unique_lock lock(k32::kernel_lock());
      if (queue->has_sent()) continue;
      if (queue->wake_bits != 0 || queue->timer_due(std::chrono::steady_clock::now())) {
        queue->wake_bits = 0;
        return TRUE;
      }
      (void)k32::wait_for_objects_locked(lock, {}, false,
                                         u32::wait_ms(*queue, k32::Deadline{}, true), queue.get(),
                                         u32::kWaitForNewInput);
    }
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, FALSE);
  }
}

// No keyboard: there is never a character message to make.
BOOL WINAPI TranslateMessage(const MSG* lpMsg) {
  if (lpMsg == nullptr) return FALSE;
  return FALSE;
}

LRESULT WINAPI DispatchMessageW(const MSG* lpMsg) { return u32::dispatch_message(lpMsg); }
LRESULT WINAPI DispatchMessageA(const MSG* lpMsg) { return u32::dispatch_message(lpMsg); }

BOOL WINAPI PostMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return u32::post_message(hWnd, Msg, wParam, lParam);
}
BOOL WINAPI PostMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return u32::post_message(hWnd, Msg, wParam, lParam);
}
BOOL WINAPI PostThreadMessageW(DWORD idThread, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return u32::post_thread_message(idThread, Msg, wParam, lParam);
}
BOOL WINAPI PostThreadMessageA(DWORD idThread, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return u32::post_thread_message(idThread, Msg, wParam, lParam);
}

LRESULT WINAPI SendMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  if (hWnd == HWND_BROADCAST) return u32::broadcast_send(Msg, wParam, lParam);
  LRESULT result = 0;
  (void)u32::send_message(hWnd, Msg, wParam, lParam, INFINITE, result);
  return result;
}
LRESULT WINAPI SendMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return SendMessageW(hWnd, Msg, wParam, lParam);
}

LRESULT WINAPI SendMessageTimeoutW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam, UINT fuFlags,
                                   UINT uTimeout, PDWORD_PTR lpdwResult) {
  constexpr UINT kValid =
      SMTO_BLOCK | SMTO_ABORTIFHUNG | SMTO_NOTIMEOUTIFNOTHUNG | SMTO_ERRORONEXIT;
  if ((fuFlags & ~kValid) != 0) return fail_with<LRESULT>(ERROR_INVALID_PARAMETER, 0);
  if (hWnd == HWND_BROADCAST) {
    u32::broadcast_send(Msg, wParam, lParam);
    if (lpdwResult != nullptr) *lpdwResult = 0;
    return 1;
  }
  LRESULT result = 0;
  // A thread that is not hung answers in time: SMTO_NOTIMEOUTIFNOTHUNG waits without limit.
  const DWORD timeout = (fuFlags & SMTO_NOTIMEOUTIFNOTHUNG) != 0 ? INFINITE : uTimeout;
  if (!u32::send_message(hWnd, Msg, wParam, lParam, timeout, result)) return 0;
  if (lpdwResult != nullptr) *lpdwResult = static_cast<DWORD_PTR>(result);
  return 1;
}
LRESULT WINAPI SendMessageTimeoutA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam, UINT fuFlags,
                                   UINT uTimeout, PDWORD_PTR lpdwResult) {
  return SendMessageTimeoutW(hWnd, Msg, wParam, lParam, fuFlags, uTimeout, lpdwResult);
}

BOOL WINAPI SendNotifyMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  try {
    u32::WindowPtr w;
    {
      std::lock_guard lock(k32::kernel_lock());
      w = u32::window_of(hWnd);
      if (!w) return fail_with<BOOL>(ERROR_INVALID_WINDOW_HANDLE, FALSE);
      if (w->thread_id != k32::current_thread_id()) {
        w->queue->send(std::make_shared<u32::SentMessage>(hWnd, Msg, wParam, lParam));
        return TRUE;
      }
    }
    (void)u32::call_procedure(hWnd, Msg, wParam, lParam);
    return TRUE;
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, FALSE);
  }
}
BOOL WINAPI SendNotifyMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return SendNotifyMessageW(hWnd, Msg, wParam, lParam);
}

BOOL WINAPI InSendMessage(VOID) { return u32::in_send_message() ? TRUE : FALSE; }

VOID WINAPI PostQuitMessage(int nExitCode) {
  try {
    const u32::QueuePtr queue = u32::current_queue();
    std::lock_guard lock(k32::kernel_lock());
    queue->quit = true;
    queue->quit_code = nExitCode;
    queue->wake_bits |= QS_POSTMESSAGE | QS_ALLPOSTMESSAGE;
    queue->state_changed();
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  }
}

DWORD WINAPI GetQueueStatus(UINT flags) {
  if ((flags & ~u32::kValidWakeMask) != 0) return fail_with<DWORD>(ERROR_INVALID_FLAGS, 0);
  try {
    const u32::QueuePtr queue = u32::current_queue();
    std::lock_guard lock(k32::kernel_lock());
    const UINT changed = queue->wake_bits & flags;
    const UINT current = queue->current_bits() & flags;
    queue->wake_bits &= ~flags;
    return (static_cast<DWORD>(changed) << 16) | current;
  } catch (const std::bad_alloc&) {
    return fail_with<DWORD>(ERROR_NOT_ENOUGH_MEMORY, 0);
  }
}

DWORD WINAPI GetMessageTime(VOID) {
  std::lock_guard lock(k32::kernel_lock());
  const u32::QueuePtr queue = u32::queue_of_thread(k32::current_thread_id());
  return queue ? queue->last_message_time : 0;
}

UINT_PTR WINAPI SetTimer(HWND hWnd, UINT_PTR nIDEvent, UINT uElapse, TIMERPROC lpTimerFunc) {
  return u32::set_timer(hWnd, nIDEvent, uElapse, lpTimerFunc);
}

BOOL WINAPI KillTimer(HWND hWnd, UINT_PTR uIDEvent) { return u32::kill_timer(hWnd, uIDEvent); }

DWORD WINAPI MsgWaitForMultipleObjectsEx(DWORD nCount, const HANDLE* pHandles, DWORD dwMilliseconds,
                                         DWORD dwWakeMask, DWORD dwFlags) {
  return u32::msg_wait(nCount, pHandles, dwMilliseconds, dwWakeMask, dwFlags);
}

DWORD WINAPI MsgWaitForMultipleObjects(DWORD nCount, const HANDLE* pHandles, BOOL fWaitAll,
                                       DWORD dwMilliseconds, DWORD dwWakeMask) {
  return u32::msg_wait(nCount, pHandles, dwMilliseconds, dwWakeMask, fWaitAll ? MWMO_WAITALL : 0u);
}

}  // extern "C"
