// The wait core: waiters registered on objects, satisfied under the kernel lock by the thread
// that changes an object, and the WaitFor* functions over it.
#include <fcntl.h>
#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <new>

#include <cfgmgr32.h>

#include "win32/kernel32/kernel_objects.hpp"
#include "win32/kernel32/objects.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

// A thread blocked in a wait function.
class BlockedThread final : public Waiter {
 public:
  using Waiter::Waiter;
  std::condition_variable wakeup;

 private:
  void on_satisfied() override { wakeup.notify_one(); }
};

// A file handle: no overlapped I/O is ever pending on one, so it is always signalled (a Windows
// file object is signalled whenever no I/O is in progress).
class AlwaysSignaled final : public Waitable {
 public:
  bool is_signaled(const Waiter&) const override { return true; }
  bool acquire(Waiter&) override { return false; }
};

// The process (GetCurrentProcess(), whose value is INVALID_HANDLE_VALUE's): signalled when it
// has ended, so never while a thread of it waits.
class NeverSignaled final : public Waitable {
 public:
  bool is_signaled(const Waiter&) const override { return false; }
  bool acquire(Waiter&) override { return false; }
};

AlwaysSignaled& file_waitable() {
  static auto* w = new AlwaysSignaled;
  return *w;
}

NeverSignaled& process_waitable() {
  static auto* w = new NeverSignaled;
  return *w;
}

DWORD fail_wait(DWORD error) {
  SetLastError(error);
  return WAIT_FAILED;
}

}  // namespace

std::mutex& kernel_lock() {
  static std::mutex* lock = [] {
    auto* m = new std::mutex;
    ::pthread_atfork([] { kernel_lock().lock(); }, [] { kernel_lock().unlock(); },
                     [] { kernel_lock().unlock(); });
    return m;
  }();
  return *lock;
}

void Waitable::state_changed() {
  // Satisfying a waiter withdraws it from this list: iterate over a copy, oldest first.
  const std::vector<Waiter*> waiting = waiters_;
  for (Waiter* waiter : waiting) {
    if (!waiter->enlisted_) continue;  // satisfied through an earlier object of this loop
    if (is_signaled(*waiter) && waiter->try_satisfy()) waiter->on_satisfied();
  }
}

void Waitable::notify_state_changed() {
  std::lock_guard lock(kernel_lock());
  state_changed();
}

bool Waiter::try_satisfy() {
  if (wait_all_) {
    for (Waitable* object : objects_)
      if (!object->is_signaled(*this)) return false;
    std::size_t abandoned = objects_.size();
    for (std::size_t i = 0; i < objects_.size(); ++i)
      if (objects_[i]->acquire(*this) && abandoned == objects_.size()) abandoned = i;
    result_ = abandoned == objects_.size() ? WAIT_OBJECT_0
                                           : WAIT_ABANDONED_0 + static_cast<DWORD>(abandoned);
  } else {
    std::size_t i = 0;
    while (i < objects_.size() && !objects_[i]->is_signaled(*this)) ++i;
    if (i == objects_.size()) return false;
    const bool abandoned = objects_[i]->acquire(*this);
    result_ = (abandoned ? WAIT_ABANDONED_0 : WAIT_OBJECT_0) + static_cast<DWORD>(i);
  }
  satisfied_ = true;
  withdraw();
  return true;
}

void Waiter::enlist() {
  if (enlisted_) return;
  for (Waitable* object : objects_) object->waiters_.push_back(this);
  enlisted_ = true;
}

void Waiter::withdraw() {
  if (!enlisted_) return;
  for (Waitable* object : objects_) {
    auto& list = object->waiters_;
    list.erase(std::remove(list.begin(), list.end(), this), list.end());
  }
  enlisted_ = false;
}

Deadline Deadline::after(DWORD timeout_ms) {
  Deadline d;
  if (timeout_ms == INFINITE) return d;
  d.infinite = false;
  d.at = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  return d;
}

DWORD wait_for_objects(std::span<const HANDLE> handles, bool wait_all, DWORD timeout_ms,
                       Waitable* extra, DWORD extra_tag) {
  std::unique_lock lock(kernel_lock());
  return wait_for_objects_locked(lock, handles, wait_all, timeout_ms, extra, extra_tag);
}

DWORD wait_for_objects_locked(std::unique_lock<std::mutex>& lock, std::span<const HANDLE> handles,
                              bool wait_all, DWORD timeout_ms, Waitable* extra, DWORD extra_tag) {
  const std::size_t count = handles.size() + (extra != nullptr ? 1 : 0);
  if (count == 0 || count > MAXIMUM_WAIT_OBJECTS) return fail_wait(ERROR_INVALID_PARAMETER);
  const Deadline deadline = Deadline::after(timeout_ms);
  try {
    // Keep the objects alive for the whole wait: another thread may close their handles.
    std::vector<ObjectPtr> held;
    std::vector<Waitable*> objects;
    held.reserve(handles.size());
    objects.reserve(count);
    for (HANDLE handle : handles) {
      if (ObjectPtr object = object_of(handle)) {
        objects.push_back(object.get());
        held.push_back(std::move(object));
      } else if (handle == GetCurrentProcess()) {
        objects.push_back(&process_waitable());
      } else if (const int fd = cmnotify_fd_from_handle(handle);
                 !is_table_handle(handle) && fd >= 0 && ::fcntl(fd, F_GETFD) != -1) {
        objects.push_back(&file_waitable());
      } else {
        return fail_wait(ERROR_INVALID_HANDLE);
      }
    }
    if (extra != nullptr) objects.push_back(extra);
    if (wait_all) {
      // Windows refuses the same object twice in a wait-all (ERROR_INVALID_PARAMETER).
      std::vector<Waitable*> sorted = objects;
      std::sort(sorted.begin(), sorted.end());
      const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
      if (dup != sorted.end() && *dup != &file_waitable())
        return fail_wait(ERROR_INVALID_PARAMETER);
    }
    BlockedThread waiter(std::move(objects), wait_all, current_thread_id(), extra_tag);
    if (waiter.try_satisfy()) return waiter.result();
    if (!deadline.infinite && timeout_ms == 0) return WAIT_TIMEOUT;
    waiter.enlist();
    while (!waiter.satisfied()) {
      if (deadline.infinite) {
        waiter.wakeup.wait(lock);
      } else if (waiter.wakeup.wait_until(lock, deadline.at) == std::cv_status::timeout &&
                 !waiter.satisfied()) {
        waiter.withdraw();
        return WAIT_TIMEOUT;
      }
    }
    return waiter.result();
  } catch (const std::bad_alloc&) {
    return fail_wait(ERROR_NOT_ENOUGH_MEMORY);
  }
}

}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds) {
  return k32::wait_for_objects({&hHandle, 1}, false, dwMilliseconds);
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL /*bAlertable*/) {
  return k32::wait_for_objects({&hHandle, 1}, false, dwMilliseconds);
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE* lpHandles, BOOL bWaitAll,
                                    DWORD dwMilliseconds) {
  if (lpHandles == nullptr) return k32::fail_wait(ERROR_INVALID_PARAMETER);
  return k32::wait_for_objects({lpHandles, nCount}, bWaitAll != FALSE, dwMilliseconds);
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE* lpHandles, BOOL bWaitAll,
                                      DWORD dwMilliseconds, BOOL /*bAlertable*/) {
  return WaitForMultipleObjects(nCount, lpHandles, bWaitAll, dwMilliseconds);
}

DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL /*bAlertable*/) {
  Sleep(dwMilliseconds);
  return 0;
}

}  // extern "C"
