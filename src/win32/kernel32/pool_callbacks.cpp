// The pool's simple callbacks (QueueUserWorkItem, TrySubmitThreadpoolCallback) and its waits
// (CreateThreadpoolWait and friends). A threadpool wait blocks no thread: it is a Waiter on the
// object, satisfied under the kernel lock by whoever signals it, and its timeout is kept by one
// timer thread. Either way the callback is posted to the process-wide pool.
#include <pthread.h>
#include <time.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <thread>

#include "win32/kernel32/kernel_objects.hpp"
#include "win32/kernel32/threadpool.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

// A distinct non-null Instance for callbacks; no function here takes one.
PTP_CALLBACK_INSTANCE instance_token() {
  static thread_local char tag = 0;
  return reinterpret_cast<PTP_CALLBACK_INSTANCE>(&tag);
}

template <typename F>
class FunctionTask final : public engine::Task {
 public:
  explicit FunctionTask(F f) : f_(std::move(f)) {}
  void run() override { f_(); }

 private:
  F f_;
};

template <typename F>
bool post(F f) {
  try {
    work_pool().post(std::make_shared<FunctionTask<F>>(std::move(f)));
    return true;
  } catch (const std::bad_alloc&) {
    return false;
  }
}

class PoolWait;
using Clock = std::chrono::steady_clock;

// Deadlines of the armed waits that have one (kernel lock), and the thread that fires them.
struct Timers {
  std::condition_variable changed;
  std::multimap<Clock::time_point, PoolWait*> armed;
  bool thread_running = false;
};

Timers& timers() {
  static Timers* t = [] {
    auto* created = new Timers;
    // fork(): the child has no timer thread; the next timed wait starts one.
    ::pthread_atfork(nullptr, nullptr, [] { timers().thread_running = false; });
    return created;
  }();
  return *t;
}

void run_timers();

// One threadpool wait object.
class PoolWait final : public std::enable_shared_from_this<PoolWait> {
 public:
  PoolWait(PTP_WAIT_CALLBACK callback, void* context) : callback_(callback), context_(context) {}

  PTP_WAIT handle() noexcept { return reinterpret_cast<PTP_WAIT>(this); }
  static PoolWait& from(PTP_WAIT wait) noexcept { return *reinterpret_cast<PoolWait*>(wait); }
  void keep_alive() { self_ = shared_from_this(); }

  // Kernel lock held for all of these.
  void arm(ObjectPtr object, const PFILETIME timeout);
  void disarm();
  void time_out() {
    timer_ = timers().armed.end();
    disarm();
    fire(WAIT_TIMEOUT);
  }
  void wait_for_callbacks(std::unique_lock<std::mutex>& lock, bool cancel_queued) {
    if (cancel_queued) {
      ++cancel_generation_;
      queued_ = 0;
    }
    idle_.wait(lock, [this] { return queued_ == 0 && running_ == 0; });
  }
  void close() {
    disarm();
    self_.reset();  // queued callbacks keep the object until they ran
  }

 private:
  // The armed wait: satisfied by the thread that signals the object.
  class Armed final : public Waiter {
   public:
    Armed(PoolWait& owner, ObjectPtr object)
        : Waiter({object.get()}, false, 0), owner_(owner), object_(std::move(object)) {}

   private:
    void on_satisfied() override { owner_.satisfied(result()); }
    PoolWait& owner_;
    ObjectPtr object_;  // alive while armed, whoever closes its handle
  };

  void satisfied(DWORD result) {
    if (timer_ != timers().armed.end()) timers().armed.erase(timer_);
    timer_ = timers().armed.end();
    retired_ = std::move(armed_);  // still on the caller's stack frame: destroyed later
    fire(result);
  }

  void fire(DWORD result) {
    ++queued_;
    const std::uint64_t generation = cancel_generation_;
    auto self = shared_from_this();
    if (!post([self, result, generation] { self->run(result, generation); })) --queued_;
  }

  // A pool thread runs one callback, unless WaitForThreadpoolWaitCallbacks cancelled it.
  void run(DWORD result, std::uint64_t generation) {
    {
      std::lock_guard lock(kernel_lock());
      retired_.reset();
      if (generation != cancel_generation_) return;
      --queued_;
      ++running_;
    }
    callback_(instance_token(), context_, handle(), result);
    std::lock_guard lock(kernel_lock());
    --running_;
    idle_.notify_all();
  }

  const PTP_WAIT_CALLBACK callback_;
  void* const context_;
  std::unique_ptr<Armed> armed_;
  std::unique_ptr<Armed> retired_;
  std::multimap<Clock::time_point, PoolWait*>::iterator timer_ = timers().armed.end();
  std::size_t queued_ = 0;
  std::size_t running_ = 0;
  std::uint64_t cancel_generation_ = 0;
  std::condition_variable idle_;
  std::shared_ptr<PoolWait> self_;
};

// 100-ns FILETIME units since 1601 of the system clock now.
std::int64_t filetime_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  constexpr std::int64_t kUnixEpochIn1601 = 116444736000000000LL;
  return kUnixEpochIn1601 + static_cast<std::int64_t>(ts.tv_sec) * 10000000 + ts.tv_nsec / 100;
}

void PoolWait::arm(ObjectPtr object, const PFILETIME timeout) {
  disarm();
  armed_ = std::make_unique<Armed>(*this, std::move(object));
  if (armed_->try_satisfy()) {
    const DWORD result = armed_->result();
    armed_.reset();
    fire(result);
    return;
  }
  if (timeout != nullptr) {
    const std::int64_t value = static_cast<std::int64_t>(
        (static_cast<std::uint64_t>(timeout->dwHighDateTime) << 32) | timeout->dwLowDateTime);
    const std::int64_t units = value < 0 ? -value : value - filetime_now();
    if (value == 0 || units <= 0) {
      armed_.reset();
      fire(WAIT_TIMEOUT);
      return;
    }
    const auto when = Clock::now() + std::chrono::microseconds(units / 10);
    Timers& t = timers();
    timer_ = t.armed.emplace(when, this);
    if (!t.thread_running) {
      std::thread(run_timers).detach();
      t.thread_running = true;
    }
    t.changed.notify_all();
  }
  armed_->enlist();
}

void PoolWait::disarm() {
  if (timer_ != timers().armed.end()) timers().armed.erase(timer_);
  timer_ = timers().armed.end();
  if (armed_) armed_->withdraw();
  armed_.reset();
}

void run_timers() {
  Timers& t = timers();
  std::unique_lock lock(kernel_lock());
  for (;;) {
    if (t.armed.empty()) {
      t.changed.wait(lock);
      continue;
    }
    const auto first = t.armed.begin();
    if (Clock::now() >= first->first) {
      PoolWait* wait = first->second;
      t.armed.erase(first);
      wait->time_out();
      continue;
    }
    t.changed.wait_until(lock, first->first);
  }
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG /*Flags*/) {
  if (Function == nullptr) return k32::fail(ERROR_INVALID_PARAMETER);
  return k32::post([Function, Context] { Function(Context); }) ? TRUE
                                                               : k32::fail(ERROR_NOT_ENOUGH_MEMORY);
}

BOOL WINAPI TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK pfns, PVOID pv,
                                        PTP_CALLBACK_ENVIRON /*pcbe*/) {
  if (pfns == nullptr) return k32::fail(ERROR_INVALID_PARAMETER);
  return k32::post([pfns, pv] { pfns(k32::instance_token(), pv); })
             ? TRUE
             : k32::fail(ERROR_NOT_ENOUGH_MEMORY);
}

PTP_WAIT WINAPI CreateThreadpoolWait(PTP_WAIT_CALLBACK pfnwa, PVOID pv,
                                     PTP_CALLBACK_ENVIRON /*pcbe*/) {
  if (pfnwa == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  try {
    auto wait = std::make_shared<k32::PoolWait>(pfnwa, pv);
    wait->keep_alive();
    return wait->handle();
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
}

VOID WINAPI SetThreadpoolWait(PTP_WAIT pwa, HANDLE h, PFILETIME pftTimeout) {
  if (pwa == nullptr) return;
  std::lock_guard lock(k32::kernel_lock());
  k32::PoolWait& wait = k32::PoolWait::from(pwa);
  if (h == nullptr) {
    wait.disarm();
    return;
  }
  k32::ObjectPtr object = k32::object_of(h);  // ERROR_INVALID_HANDLE when not waitable
  if (!object) {
    wait.disarm();
    return;
  }
  try {
    wait.arm(std::move(object), pftTimeout);
  } catch (const std::bad_alloc&) {
    wait.disarm();
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  }
}

VOID WINAPI WaitForThreadpoolWaitCallbacks(PTP_WAIT pwa, BOOL fCancelPendingCallbacks) {
  if (pwa == nullptr) return;
  std::unique_lock lock(k32::kernel_lock());
  k32::PoolWait::from(pwa).wait_for_callbacks(lock, fCancelPendingCallbacks != FALSE);
}

VOID WINAPI CloseThreadpoolWait(PTP_WAIT pwa) {
  if (pwa == nullptr) return;
  std::lock_guard lock(k32::kernel_lock());
  k32::PoolWait::from(pwa).close();
}

}  // extern "C"
