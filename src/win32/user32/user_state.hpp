// user32's state: window classes, windows and the per-thread message queues, and the core that
// the exported functions (classes_and_windows.cpp, messages.cpp, device_notification.cpp) share.
//
// One lock guards all of it: kernel32's dispatcher lock (kernel_lock()), because a message queue
// is a kernel32 Waitable that MsgWaitForMultipleObjects waits on together with events, and its
// is_signaled() runs under that lock. Window procedures, timer procedures and HandlerEx always run
// without it.
#pragma once

#include <windows.h>
#include <winuser.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/inbox.hpp"
#include "win32/kernel32/kernel_objects.hpp"

namespace cmnotify::win32::user32 {

namespace k32 = cmnotify::win32::kernel32;

class MessageQueue;

struct WindowClass {
  std::wstring name;  // as registered; compared case-insensitively
  ATOM atom = 0;
  UINT style = 0;
  WNDPROC procedure = nullptr;
  int class_extra = 0;
  int window_extra = 0;
  HINSTANCE instance = nullptr;
  HICON icon = nullptr;
  HICON small_icon = nullptr;
  HCURSOR cursor = nullptr;
  HBRUSH background = nullptr;
  std::size_t windows = 0;  // windows of this class that exist
};

struct Window {
  HWND hwnd = nullptr;
  std::shared_ptr<WindowClass> window_class;
  WNDPROC procedure = nullptr;
  HWND parent = nullptr;  // nullptr (top-level), HWND_MESSAGE, or another window
  DWORD style = 0;
  DWORD ex_style = 0;
  HINSTANCE instance = nullptr;
  LONG_PTR id = 0;  // GWLP_ID: the hMenu argument of a child window
  LONG_PTR user_data = 0;
  std::vector<unsigned char> extra;  // cbWndExtra bytes
  std::wstring name;
  int x = 0, y = 0, width = 0, height = 0;  // as given to CreateWindowEx / MoveWindow
  DWORD thread_id = 0;
  std::shared_ptr<MessageQueue> queue;
  bool destroying = false;  // DestroyWindow has begun: no second WM_DESTROY
  bool destroyed = false;   // gone from the table
  [[nodiscard]] bool message_only() const noexcept { return parent == HWND_MESSAGE; }
  [[nodiscard]] bool top_level() const noexcept { return parent == nullptr; }
};

using WindowPtr = std::shared_ptr<Window>;

// A message sent to a thread's queue: SendMessage from another thread (the sender waits for
// `done`), SendNotifyMessage (nobody waits), or a device notification (device_notification.cpp).
class SentMessage {
 public:
  SentMessage(HWND target, UINT msg, WPARAM w, LPARAM l)
      : hwnd(target), message(msg), wparam(w), lparam(l) {}
  SentMessage(const SentMessage&) = delete;
  SentMessage& operator=(const SentMessage&) = delete;
  virtual ~SentMessage() = default;

  // Runs on the receiving thread, without the lock: calls the window's procedure.
  virtual LRESULT run();

  const HWND hwnd;
  const UINT message;
  const WPARAM wparam;
  const LPARAM lparam;
  // Kernel lock: the reply, and whether it is there. `sender` is the waiting thread's queue.
  LRESULT result = 0;
  bool done = false;      // answered, or failed because the receiver's thread ended
  bool answered = false;  // the procedure ran and returned `result`
  std::shared_ptr<MessageQueue> sender;
};

using SentPtr = std::shared_ptr<SentMessage>;

struct Timer {
  HWND hwnd = nullptr;
  UINT_PTR id = 0;
  DWORD interval_ms = 0;
  TIMERPROC procedure = nullptr;
  std::chrono::steady_clock::time_point due;
};

// Which messages a GetMessage / PeekMessage call takes.
struct MessageFilter {
  HWND hwnd = nullptr;  // nullptr: all of the thread's; (HWND)-1: thread messages only
  UINT first = 0;
  UINT last = 0;
  [[nodiscard]] bool matches(HWND message_hwnd, UINT message) const noexcept;
};

// Tags of the queue's own waits (the low 16 bits of a MsgWaitForMultipleObjectsEx tag are the wake
// mask, bits 16..23 its flags).
inline constexpr DWORD kWaitForReply = 0x80000000u;     // SendMessage: a reply or a sent message
inline constexpr DWORD kWaitForMessage = 0x40000000u;   // GetMessage: what its filter takes
inline constexpr DWORD kWaitForNewInput = 0x20000000u;  // WaitMessage: anything new

// A thread's message queue. Every member is guarded by kernel_lock().
class MessageQueue final : public k32::Waitable {
 public:
  explicit MessageQueue(DWORD owner) : thread_id(owner) {}

  bool is_signaled(const k32::Waiter& waiter) const override;
  bool acquire(k32::Waiter&) override { return false; }

  // QS_ bits of what the queue holds now (a due timer counts).
  [[nodiscard]] UINT current_bits() const;
  // Whether a timer of the queue is due; the time the next one is due.
  [[nodiscard]] bool timer_due(std::chrono::steady_clock::time_point now) const;
  [[nodiscard]] std::chrono::steady_clock::time_point next_timer_due() const;

  // Messages sent to the thread wait: from other threads, or device notifications in its inbox.
  [[nodiscard]] bool has_sent() const noexcept { return !sent.empty() || inbox_waiting; }

  // Appends a posted message and wakes the thread.
  void post(const MSG& message);
  // Appends a sent message and wakes the thread.
  void send(SentPtr message);

  const DWORD thread_id;
  bool alive = true;  // false once its thread has ended
  std::deque<MSG> posted;
  std::deque<SentPtr> sent;  // incoming, oldest first
  // The engine inbox of the thread's device notifications (created by the first
  // RegisterDeviceNotification for one of its windows), and whether entries wait in it.
  std::shared_ptr<engine::Inbox> inbox;
  bool inbox_waiting = false;
  // DBT_DEVNODES_CHANGED (devnodes_changed.cpp): the engine registration that watches the device
  // tree into `inbox` while the thread owns a top-level window, and whether the tree changed
  // since the thread last told its windows.
  std::uint64_t device_tree_watch = 0;
  bool device_tree_changed = false;
  bool quit = false;
  int quit_code = 0;
  std::vector<Timer> timers;
  UINT wake_bits = 0;           // QS_ bits that arrived since the thread last looked
  bool reply_arrived = false;   // a message this thread sent was answered
  MessageFilter active_filter;  // the filter of the GetMessage that waits now
  DWORD last_message_time = 0;  // GetMessageTime
  HWND focus = nullptr;         // SetFocus / GetFocus
};

using QueuePtr = std::shared_ptr<MessageQueue>;

// ---- Queues ----

// The calling thread's queue, created on first use (ends with the thread).
QueuePtr current_queue();
// Kernel lock held. The queue's engine inbox, created on first use.
std::shared_ptr<engine::Inbox> inbox_of(MessageQueue& queue);
// Kernel lock held. The queue of a thread, or null when it has none.
QueuePtr queue_of_thread(DWORD thread_id);

// Whether the calling thread is running a message another thread sent (InSendMessage).
bool in_send_message() noexcept;

// Runs the messages sent to the calling thread's queue, oldest first, and the device
// notifications waiting in its inbox, until none is left.
void run_sent_messages(const QueuePtr& queue);

// Sends a message to a window of another thread and waits (at most timeout_ms; INFINITE for
// ever) for the reply. False on timeout (the message may still run later, unanswered) or when
// the window's thread ended first.
bool send_to_other_thread(const WindowPtr& window, UINT message, WPARAM wparam, LPARAM lparam,
                          DWORD timeout_ms, LRESULT& result);

// ---- Windows ----

// Kernel lock held. The window a handle names, or null (last error untouched).
WindowPtr window_of(HWND hwnd);
// Kernel lock held. The windows owned by a thread.
std::vector<WindowPtr> windows_of_thread(DWORD thread_id);
// Kernel lock held. Every top-level window (not message-only).
std::vector<WindowPtr> top_level_windows();

// Calls a window's procedure on the calling thread (the window must be this thread's); 0 when
// the window is gone.
LRESULT call_procedure(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam);

// A thread ended: removes its windows without calling their procedures. Kernel lock held.
// Returns them, so the caller ends their device notifications once the lock is released.
std::vector<HWND> forget_windows_of_thread(DWORD thread_id);

// Hooks of device_notification.cpp, called when a window is destroyed (kernel lock not held).
void end_device_notifications_of(HWND hwnd);

// DBT_DEVNODES_CHANGED (devnodes_changed.cpp); kernel lock not held, on the queue's thread.
// A top-level window was created: the thread's queue watches the device tree.
void watch_device_tree(const QueuePtr& queue);
// A window was destroyed: the watch ends with the thread's last top-level window.
void unwatch_device_tree_if_unused(const QueuePtr& queue);
// The thread ran its inbox dry: if the device tree changed meanwhile, each of its top-level
// windows gets one WM_DEVICECHANGE / DBT_DEVNODES_CHANGED.
void tell_device_tree_changed(const QueuePtr& queue);
// The thread ends: the watch ends (before its inbox closes).
void end_device_tree_watch(MessageQueue& queue);

// Registers the system classes (EDIT) once; before a class is looked up (edit_control.cpp).
void register_system_classes();

// Sets the last error to `error` and returns `value`.
template <typename T>
T fail_with(DWORD error, T value) {
  SetLastError(error);
  return value;
}

}  // namespace cmnotify::win32::user32
