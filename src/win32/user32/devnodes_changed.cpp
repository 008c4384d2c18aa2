// DBT_DEVNODES_CHANGED: the unregistered WM_DEVICECHANGE that Windows broadcasts to every
// top-level window (hidden ones included; message-only windows receive no broadcast) when a
// device node is added to or removed from the tree.
//
// No second device path: a thread that owns a top-level window watches the device tree through
// one engine registration (every device instance, FilterType::device_instance with `all`) that
// delivers into the thread's own inbox, the one its RegisterDeviceNotification messages use.
// Running such an entry only notes that the tree changed; when the thread has run its inbox dry
// (run_sent_messages), each top-level window gets one DBT_DEVNODES_CHANGED. So every change the
// inbox held at once is told by one message (the coalescing rule, docs/win32-api.md), after the
// registered notifications of the same changes, and only while the thread pumps messages.
#include <dbt.h>
#include <windows.h>
#include <winuser.h>

#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include "engine/engine.hpp"
#include "win32/user32/user_state.hpp"

namespace cmnotify::win32::user32 {
namespace {

// Whether an event adds a device node to the tree or removes one.
bool changes_the_tree(Action action) noexcept {
  return action == Action::instance_enumerated || action == Action::instance_removed;
}

// Runs on the queue's thread, from its inbox: notes the change.
class DeviceTreeWatcher final : public engine::Subscriber {
 public:
  explicit DeviceTreeWatcher(std::weak_ptr<MessageQueue> queue) : queue_(std::move(queue)) {}

  void deliver(const Event& event, engine::RegistrationId) override {
    if (!changes_the_tree(event.action)) return;
    const QueuePtr queue = queue_.lock();
    if (!queue) return;
    std::lock_guard lock(k32::kernel_lock());
    queue->device_tree_changed = true;
  }

 private:
  const std::weak_ptr<MessageQueue> queue_;
};

// Kernel lock held. Whether the thread still owns a top-level window.
bool owns_top_level_window(DWORD thread_id) {
  for (const WindowPtr& w : windows_of_thread(thread_id))
    if (w->top_level() && !w->destroying) return true;
  return false;
}

}  // namespace

void watch_device_tree(const QueuePtr& queue) {
  std::shared_ptr<engine::Inbox> inbox;
  {
    std::lock_guard lock(k32::kernel_lock());
    if (queue->device_tree_watch != 0) return;
    inbox = inbox_of(*queue);
  }
  engine::FilterSpec spec;
  spec.type = FilterType::device_instance;
  spec.all = true;
  engine::RegistrationId id = 0;
  try {
    if (engine::Engine::instance().register_subscriber(
            std::move(spec), std::make_unique<DeviceTreeWatcher>(queue), engine::RegisterOptions{},
            id, inbox) != Cr::success)
      return;  // the window exists without the broadcast, as a window of a system without PnP
  } catch (const std::bad_alloc&) {
    return;
  }
  std::lock_guard lock(k32::kernel_lock());
  queue->device_tree_watch = id;
}

void unwatch_device_tree_if_unused(const QueuePtr& queue) {
  engine::RegistrationId id = 0;
  {
    std::lock_guard lock(k32::kernel_lock());
    if (queue->device_tree_watch == 0 || owns_top_level_window(queue->thread_id)) return;
    id = queue->device_tree_watch;
    queue->device_tree_watch = 0;
    queue->device_tree_changed = false;
  }
  (void)engine::Engine::instance().unregister(id);
}

void end_device_tree_watch(MessageQueue& queue) {
  engine::RegistrationId id = 0;
  {
    std::lock_guard lock(k32::kernel_lock());
    id = queue.device_tree_watch;
    queue.device_tree_watch = 0;
  }
  if (id != 0) (void)engine::Engine::instance().unregister(id);
}

void tell_device_tree_changed(const QueuePtr& queue) {
  std::vector<HWND> recipients;
  {
    std::lock_guard lock(k32::kernel_lock());
    if (!queue->device_tree_changed) return;
    queue->device_tree_changed = false;
    for (const WindowPtr& w : windows_of_thread(queue->thread_id))
      if (w->top_level() && !w->destroying) recipients.push_back(w->hwnd);
  }
  // A procedure may destroy windows meanwhile: call_procedure skips those that are gone.
  for (HWND hwnd : recipients) (void)call_procedure(hwnd, WM_DEVICECHANGE, DBT_DEVNODES_CHANGED, 0);
}

}  // namespace cmnotify::win32::user32
