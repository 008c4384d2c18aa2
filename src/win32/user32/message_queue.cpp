// The per-thread message queues: creation on first use, the end of a thread, what wakes a
// thread waiting on its queue, and sent messages between threads.
#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "engine/registration.hpp"
#include "win32/user32/user_state.hpp"

namespace cmnotify::win32::user32 {
namespace {

std::unordered_map<DWORD, QueuePtr>& queues() {
  static auto* table = new std::unordered_map<DWORD, QueuePtr>;  // kernel lock
  return *table;
}

// Owns the calling thread's queue; its destructor runs when the thread ends.
struct QueueOwner {
  QueuePtr queue;
  ~QueueOwner() {
    if (!queue) return;
    std::vector<SentPtr> failed;
    std::vector<HWND> windows;
    std::shared_ptr<engine::Inbox> inbox;
    {
      std::lock_guard lock(k32::kernel_lock());
      queue->alive = false;
      queues().erase(queue->thread_id);
      windows = forget_windows_of_thread(queue->thread_id);
      failed.assign(queue->sent.begin(), queue->sent.end());
      queue->sent.clear();
      queue->posted.clear();
      queue->timers.clear();
      inbox = std::move(queue->inbox);
      queue->inbox_waiting = false;
      // Senders waiting for these get 0, as Windows answers when the receiver's thread ends.
      for (const SentPtr& message : failed) {
        message->done = true;
        if (message->sender) {
          message->sender->reply_arrived = true;
          message->sender->state_changed();
        }
      }
    }
    // Close the registrations first, then the inbox (never under the kernel lock: the inbox's
    // lock comes first, its waker takes the kernel lock).
    for (HWND hwnd : windows) end_device_notifications_of(hwnd);
    end_device_tree_watch(*queue);
    if (inbox) inbox->close();
  }
};

// Wakes the queue's thread when device notifications wait in its inbox. Called under the
// inbox's lock, from any thread; takes the kernel lock (lock order: inbox, then kernel).
class QueueWaker final : public engine::InboxWaker {
 public:
  explicit QueueWaker(std::weak_ptr<MessageQueue> queue) : queue_(std::move(queue)) {}
  void wake() noexcept override { set(true); }
  void drained() noexcept override { set(false); }

 private:
  void set(bool waiting) noexcept {
    const QueuePtr queue = queue_.lock();
    if (!queue) return;
    std::lock_guard lock(k32::kernel_lock());
    queue->inbox_waiting = waiting;
    if (waiting) {
      queue->wake_bits |= QS_SENDMESSAGE;
      queue->state_changed();
    }
  }
  std::weak_ptr<MessageQueue> queue_;
};

thread_local QueueOwner t_queue;
thread_local int t_in_send = 0;  // depth of sent messages this thread is running

}  // namespace

bool MessageFilter::matches(HWND message_hwnd, UINT message) const noexcept {
  if (hwnd == reinterpret_cast<HWND>(-1)) {
    if (message_hwnd != nullptr) return false;
  } else if (hwnd != nullptr && message_hwnd != hwnd) {
    return false;
  }
  if (first == 0 && last == 0) return true;
  // A range whose first is past its last takes everything outside (last, first), as Windows.
  if (first > last) return message <= last || message >= first;
  return message >= first && message <= last;
}

LRESULT SentMessage::run() { return call_procedure(hwnd, message, wparam, lparam); }

UINT MessageQueue::current_bits() const {
  UINT bits = 0;
  if (!posted.empty() || quit) bits |= QS_POSTMESSAGE | QS_ALLPOSTMESSAGE;
  if (has_sent()) bits |= QS_SENDMESSAGE;
  if (timer_due(std::chrono::steady_clock::now())) bits |= QS_TIMER;
  return bits;
}

bool MessageQueue::timer_due(std::chrono::steady_clock::time_point now) const {
  return std::any_of(timers.begin(), timers.end(), [&](const Timer& t) { return t.due <= now; });
}

std::chrono::steady_clock::time_point MessageQueue::next_timer_due() const {
  auto next = std::chrono::steady_clock::time_point::max();
  for (const Timer& timer : timers) next = std::min(next, timer.due);
  return next;
}

bool MessageQueue::is_signaled(const k32::Waiter& waiter) const {
  if (waiter.thread_id() != thread_id) return false;  // a queue wakes only its own thread
  const DWORD tag = waiter.tag();
  if ((tag & kWaitForReply) != 0) return reply_arrived || has_sent();
  if (has_sent()) return true;  // every wait of the thread runs sent messages
  if ((tag & kWaitForMessage) != 0) {
    if (quit) return true;
    for (const MSG& m : posted)
      if (active_filter.matches(m.hwnd, m.message)) return true;
    return timer_due(std::chrono::steady_clock::now());
  }
  if ((tag & kWaitForNewInput) != 0)
    return wake_bits != 0 || timer_due(std::chrono::steady_clock::now());
  // MsgWaitForMultipleObjectsEx: the wake mask against new input, or with MWMO_INPUTAVAILABLE
  // against all input.
  const UINT mask = tag & 0xFFFFu;
  const DWORD flags = (tag >> 16) & 0xFFu;
  UINT bits = wake_bits;
  if (timer_due(std::chrono::steady_clock::now())) bits |= QS_TIMER;
  if ((flags & MWMO_INPUTAVAILABLE) != 0) bits |= current_bits();
  return (bits & mask) != 0;
}

void MessageQueue::post(const MSG& message) {
  posted.push_back(message);
  wake_bits |= QS_POSTMESSAGE | QS_ALLPOSTMESSAGE;
  state_changed();
}

void MessageQueue::send(SentPtr message) {
  sent.push_back(std::move(message));
  wake_bits |= QS_SENDMESSAGE;
  state_changed();
}

QueuePtr current_queue() {
  // The engine's per-thread delivery frame must outlive the queue, whose end unregisters the
  // thread's device notifications: constructed first, it is destroyed last.
  (void)engine::this_thread_frame();
  if (t_queue.queue) return t_queue.queue;
  const DWORD id = k32::current_thread_id();
  auto queue = std::make_shared<MessageQueue>(id);
  std::lock_guard lock(k32::kernel_lock());
  queues()[id] = queue;
  t_queue.queue = queue;
  return queue;
}

std::shared_ptr<engine::Inbox> inbox_of(MessageQueue& queue) {
  if (!queue.inbox) {
    const auto self = queue_of_thread(queue.thread_id);
    queue.inbox = std::make_shared<engine::Inbox>(std::make_unique<QueueWaker>(self));
  }
  return queue.inbox;
}

QueuePtr queue_of_thread(DWORD thread_id) {
  const auto it = queues().find(thread_id);
  return it == queues().end() ? nullptr : it->second;
}

bool in_send_message() noexcept { return t_in_send > 0; }

// Runs one message sent by another thread; false when none waits.
bool run_one_sent_message(const QueuePtr& queue) {
  SentPtr message;
  {
    std::lock_guard lock(k32::kernel_lock());
    if (queue->sent.empty()) return false;
    message = std::move(queue->sent.front());
    queue->sent.pop_front();
  }
  ++t_in_send;
  const LRESULT result = message->run();
  --t_in_send;
  std::lock_guard lock(k32::kernel_lock());
  message->result = result;
  message->done = true;
  message->answered = true;
  if (message->sender) {
    message->sender->reply_arrived = true;
    message->sender->state_changed();
  }
  return true;
}

void run_sent_messages(const QueuePtr& queue) {
  constexpr std::size_t kBatch = 16;  // device notifications between two looks at `sent`
  for (;;) {
    const bool ran_sent = run_one_sent_message(queue);
    std::shared_ptr<engine::Inbox> inbox;
    {
      std::lock_guard lock(k32::kernel_lock());
      if (queue->inbox_waiting) inbox = queue->inbox;
    }
    std::size_t ran_inbox = 0;
    if (inbox) {
      // WM_DEVICECHANGE is sent by the system: InSendMessage is TRUE in its procedure.
      ++t_in_send;
      ran_inbox = inbox->dispatch(kBatch);
      --t_in_send;
    }
    if (!ran_sent && ran_inbox == 0) {
      // The inbox is dry: one DBT_DEVNODES_CHANGED for the tree changes it held (also sent).
      ++t_in_send;
      tell_device_tree_changed(queue);
      --t_in_send;
      return;
    }
  }
}

bool send_to_other_thread(const WindowPtr& window, UINT message, WPARAM wparam, LPARAM lparam,
                          DWORD timeout_ms, LRESULT& result) {
  const QueuePtr own = current_queue();
  auto sent = std::make_shared<SentMessage>(window->hwnd, message, wparam, lparam);
  sent->sender = own;
  const k32::Deadline deadline = k32::Deadline::after(timeout_ms);
  {
    std::lock_guard lock(k32::kernel_lock());
    if (!window->queue->alive || window->destroyed) return false;
    window->queue->send(sent);
  }
  for (;;) {
    run_sent_messages(own);  // never deadlock on a thread that sends back to us
    std::unique_lock lock(k32::kernel_lock());
    if (sent->done) {
      result = sent->result;
      return sent->answered;
    }
    if (own->has_sent()) continue;
    own->reply_arrived = false;
    DWORD wait_ms = INFINITE;
    if (!deadline.infinite) {
      const auto left = deadline.at - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) {
        // Unanswered in time: withdraw it if it has not started.
        auto& pending = window->queue->sent;
        pending.erase(std::remove(pending.begin(), pending.end(), sent), pending.end());
        return false;
      }
      wait_ms = static_cast<DWORD>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
    }
    (void)k32::wait_for_objects_locked(lock, {}, false, wait_ms, own.get(), kWaitForReply);
  }
}

}  // namespace cmnotify::win32::user32
