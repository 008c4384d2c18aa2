// The kernel objects of the C API (events, mutexes, semaphores, threads), their handle table and
// the wait core that WaitForSingleObject, WaitForMultipleObjects and the threadpool waits share.
//
// One lock (kernel_lock()) guards the state of every waitable object, every handle-table slot and
// every wait in progress, as the Windows kernel's dispatcher lock does: a wait-all takes all its
// objects in one step, and PulseEvent releases exactly the waiters present at that moment.
//
// Extension point for other SDK libraries (user32's message queues, for
// MsgWaitForMultipleObjects(Ex)):
//  - derive a class from Waitable; is_signaled() and acquire() are called with kernel_lock()
//    held. is_signaled(waiter) may look at the waiter (Waiter::thread_id() tells whose wait it
//    is: a message queue is signalled only for its own thread) and at Waiter::tag() (the QS_*
//    mask and MWMO_INPUTAVAILABLE flag the caller passed, as the extra object's wake mask).
//  - when its state may have turned signalled, call state_changed() with kernel_lock() held, or
//    notify_state_changed() without it. It must not be called while holding a lock that
//    is_signaled() takes (lock order: kernel_lock() first).
//  - wait_for_objects(handles, wait_all, timeout, &queue_waitable) waits on the handles and on
//    that one extra object, which counts as index handles.size() (WAIT_OBJECT_0 + nCount, as
//    MsgWaitForMultipleObjects returns for input); with wait_all, MWMO_WAITALL's meaning.
//  - an object that needs a HANDLE derives from KernelObject and gets one from insert_handle().
#pragma once

#include <windows.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace cmnotify::win32::kernel32 {

class Waiter;

// The dispatcher lock (immortal; held across fork() so a child never inherits it locked).
std::mutex& kernel_lock();

class Waitable {
 public:
  Waitable() = default;
  Waitable(const Waitable&) = delete;
  Waitable& operator=(const Waitable&) = delete;
  virtual ~Waitable() = default;

  // Kernel lock held. Whether `waiter` could take this object now.
  [[nodiscard]] virtual bool is_signaled(const Waiter& waiter) const = 0;
  // Kernel lock held, is_signaled(waiter) true: takes it (resets an auto-reset event, counts a
  // semaphore down, owns a mutex). True when the object was an abandoned mutex.
  virtual bool acquire(Waiter& waiter) = 0;

  // Kernel lock held: lets the waiters blocked on this object re-check it, oldest first.
  void state_changed();
  // The same, taking the kernel lock.
  void notify_state_changed();

 private:
  friend class Waiter;
  std::vector<Waiter*> waiters_;  // kernel lock
};

enum class ObjectType { event, mutex, semaphore, thread, other };

class KernelObject : public Waitable {
 public:
  explicit KernelObject(ObjectType type) : type_(type) {}
  [[nodiscard]] ObjectType type() const noexcept { return type_; }
  // The object's name (empty when unnamed): names are process-local.
  std::wstring name;

 private:
  const ObjectType type_;
};

using ObjectPtr = std::shared_ptr<KernelObject>;

// One wait in progress: a thread blocked in WaitFor*, or a threadpool wait. Registered on every
// object it waits for while it cannot be satisfied.
class Waiter {
 public:
  Waiter(std::vector<Waitable*> objects, bool wait_all, DWORD thread_id, DWORD tag = 0)
      : objects_(std::move(objects)), wait_all_(wait_all), thread_id_(thread_id), tag_(tag) {}
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;
  virtual ~Waiter() = default;

  [[nodiscard]] DWORD thread_id() const noexcept { return thread_id_; }
  [[nodiscard]] DWORD tag() const noexcept { return tag_; }

  // Kernel lock held. Takes the objects if the wait can be satisfied and returns true, with
  // result() set (WAIT_OBJECT_0 + n or WAIT_ABANDONED_0 + n).
  bool try_satisfy();
  [[nodiscard]] DWORD result() const noexcept { return result_; }
  [[nodiscard]] bool satisfied() const noexcept { return satisfied_; }

  // Kernel lock held: starts or stops listening to the objects' changes.
  void enlist();
  void withdraw();

 protected:
  // Kernel lock held: the wait was satisfied by another thread's change.
  virtual void on_satisfied() = 0;

 private:
  friend class Waitable;
  std::vector<Waitable*> objects_;
  bool wait_all_;
  DWORD thread_id_;
  DWORD tag_;
  bool enlisted_ = false;
  bool satisfied_ = false;
  DWORD result_ = WAIT_FAILED;
};

// The last error, and the failure value of a function that returns a HANDLE or a BOOL.
inline HANDLE fail_handle(DWORD error) {
  SetLastError(error);
  return nullptr;
}
inline BOOL fail(DWORD error) {
  SetLastError(error);
  return FALSE;
}

// ---- The handle table ----

// Kernel lock held. A new handle for `object`.
HANDLE insert_handle(ObjectPtr object);
// The object a handle names: a table handle, or the GetCurrentThread() pseudo-handle. Null
// (and the last error ERROR_INVALID_HANDLE) for anything else. Kernel lock held.
ObjectPtr object_of(HANDLE handle);
// Kernel lock held. The handle's object when it has that type, else null with the last error
// ERROR_INVALID_HANDLE.
ObjectPtr object_of(HANDLE handle, ObjectType type);
// True for a value in the table's range (whether open or not).
bool is_table_handle(HANDLE handle) noexcept;

// Named objects (process-local). Kernel lock held.
ObjectPtr find_named(const std::wstring& name);
void add_named(const ObjectPtr& object);

// ---- Waiting ----

// Waits for any or all of the objects the handles name, and the optional extra object (index
// handles.size()). Returns what WaitForMultipleObjects returns; on WAIT_FAILED the last error
// is set. Validation: at most MAXIMUM_WAIT_OBJECTS objects in all, at least one.
DWORD wait_for_objects(std::span<const HANDLE> handles, bool wait_all, DWORD timeout_ms,
                       Waitable* extra = nullptr, DWORD extra_tag = 0);
// The same with the kernel lock already held through `lock` (released while blocked), so a
// caller can change an object and start waiting in one step (SignalObjectAndWait).
DWORD wait_for_objects_locked(std::unique_lock<std::mutex>& lock, std::span<const HANDLE> handles,
                              bool wait_all, DWORD timeout_ms, Waitable* extra = nullptr,
                              DWORD extra_tag = 0);

// Deadline of a timeout in milliseconds (INFINITE: none).
struct Deadline {
  bool infinite = true;
  std::chrono::steady_clock::time_point at{};
  static Deadline after(DWORD timeout_ms);
};

// The calling thread's kernel-visible state: its id, and the thread object behind
// GetCurrentThread() (created on first use for threads CreateThread did not start).
DWORD current_thread_id() noexcept;
ObjectPtr current_thread_object();

}  // namespace cmnotify::win32::kernel32
