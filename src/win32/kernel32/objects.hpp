// The kernel objects: events, mutexes, semaphores and threads. Every member is guarded by
// kernel_lock().
#pragma once

#include <windows.h>

#include <memory>

#include "win32/kernel32/kernel_objects.hpp"

namespace cmnotify::win32::kernel32 {

class Event final : public KernelObject {
 public:
  Event(bool manual_reset, bool signaled)
      : KernelObject(ObjectType::event), manual_reset_(manual_reset), signaled_(signaled) {}
  bool is_signaled(const Waiter&) const override { return signaled_; }
  bool acquire(Waiter&) override {
    if (!manual_reset_) signaled_ = false;
    return false;
  }
  void set() {
    signaled_ = true;
    state_changed();
  }
  void reset() { signaled_ = false; }
  // Releases the waiters present now (one when auto-reset), then resets.
  void pulse() {
    set();
    signaled_ = false;
  }

 private:
  const bool manual_reset_;
  bool signaled_;
};

class Semaphore final : public KernelObject {
 public:
  Semaphore(LONG count, LONG maximum)
      : KernelObject(ObjectType::semaphore), count_(count), maximum_(maximum) {}
  bool is_signaled(const Waiter&) const override { return count_ > 0; }
  bool acquire(Waiter&) override {
    --count_;
    return false;
  }
  // False (nothing changed) when the count would pass the maximum.
  bool release(LONG count, LONG& previous) {
    previous = count_;
    if (count > maximum_ - count_) return false;
    count_ += count;
    state_changed();
    return true;
  }

 private:
  LONG count_;
  const LONG maximum_;
};

class Mutex final : public KernelObject, public std::enable_shared_from_this<Mutex> {
 public:
  Mutex() : KernelObject(ObjectType::mutex) {}
  bool is_signaled(const Waiter& waiter) const override {
    return recursion_ == 0 || owner_ == waiter.thread_id();
  }
  bool acquire(Waiter& waiter) override { return take(waiter.thread_id()); }
  // Owns it for `thread` (again, when it owns it already); true when it was abandoned.
  bool take(DWORD thread);
  // False when `thread` does not own it.
  bool release(DWORD thread);
  // `thread` ended: every mutex it owns becomes free and abandoned.
  static void abandon_all_of(DWORD thread);

 private:
  DWORD owner_ = 0;
  unsigned recursion_ = 0;
  bool abandoned_ = false;
};

class Thread final : public KernelObject {
 public:
  Thread() : KernelObject(ObjectType::thread) {}
  bool is_signaled(const Waiter&) const override { return ended; }
  bool acquire(Waiter&) override { return false; }
  void end(DWORD code) {
    if (ended) return;
    if (!exit_code_set) exit_code = code;
    ended = true;
    state_changed();
  }

  DWORD id = 0;  // 0 until the thread runs
  bool ended = false;
  bool exit_code_set = false;  // ExitThread or the start routine's return gave one
  DWORD exit_code = STILL_ACTIVE;
  DWORD suspend_count = 0;  // CREATE_SUSPENDED until ResumeThread
  int priority = THREAD_PRIORITY_NORMAL;
};

}  // namespace cmnotify::win32::kernel32
