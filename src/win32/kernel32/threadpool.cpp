// Threadpool work items with Windows semantics, on one process-wide engine::ThreadPool.
//
// A work object counts its submissions that have not started (pending) and its callbacks that
// are running. Every submission posts the object to the pool once; a run that finds nothing
// pending (the submission was cancelled) does nothing, so each surviving submission runs its
// callback exactly once. The object keeps itself alive until CloseThreadpoolWork, and each post
// keeps it alive until that run is over: the memory goes when the last of those lets go.
#include <pthread.h>
#include <windows.h>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <new>

#include "engine/thread_pool.hpp"
#include "win32/kernel32/threadpool.hpp"

namespace cmnotify::win32 {

engine::ThreadPool& work_pool() {
  // Immortal, like the engine's pool: process exit never waits for a work item stuck in user
  // code. Workers exist only while there is work (min_threads 0) and grow when callbacks block.
  static auto* pool = [] {
    engine::ThreadPool::Options options;
    options.min_threads = 0;
    auto* p = new engine::ThreadPool(options);
    // fork(): a child gets the pool without the parent's workers, so work it submits runs.
    ::pthread_atfork([] { work_pool().prepare_fork(); }, [] { work_pool().after_fork_in_parent(); },
                     [] { work_pool().reset_after_fork(); });
    return p;
  }();
  return *pool;
}

namespace {

class Work final : public engine::Task, public std::enable_shared_from_this<Work> {
 public:
  Work(PTP_WORK_CALLBACK callback, void* context) : callback_(callback), context_(context) {}

  PTP_WORK handle() noexcept { return reinterpret_cast<PTP_WORK>(this); }
  static Work& from(PTP_WORK work) noexcept { return *reinterpret_cast<Work*>(work); }

  void keep_alive() { self_ = shared_from_this(); }

  void submit() {
    {
      std::lock_guard lock(mutex_);
      ++pending_;
    }
    work_pool().post(shared_from_this());
  }

  void wait(bool cancel_pending) {
    std::unique_lock lock(mutex_);
    if (cancel_pending) pending_ = 0;
    idle_.wait(lock, [this] { return running_ == 0 && pending_ == 0; });
  }

  // The caller's last use: the object goes once no task holds it.
  void close() { self_.reset(); }

  std::size_t pending() {
    std::lock_guard lock(mutex_);
    return pending_;
  }

 private:
  // A pool thread runs one submission.
  void run() override {
    {
      std::lock_guard lock(mutex_);
      if (pending_ == 0) return;  // cancelled
      --pending_;
      ++running_;
    }
    // No function takes an instance here; a distinct non-null value keeps callbacks that check
    // their argument happy.
    static thread_local char instance_tag = 0;
    callback_(reinterpret_cast<PTP_CALLBACK_INSTANCE>(&instance_tag), context_, handle());
    {
      std::lock_guard lock(mutex_);
      --running_;
    }
    idle_.notify_all();
  }

  const PTP_WORK_CALLBACK callback_;
  void* const context_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::size_t pending_ = 0;
  std::size_t running_ = 0;
  std::shared_ptr<Work> self_;
};

}  // namespace

std::size_t pending_submissions(PTP_WORK work) { return Work::from(work).pending(); }

}  // namespace cmnotify::win32

using cmnotify::win32::Work;

extern "C" {

PTP_WORK WINAPI CreateThreadpoolWork(PTP_WORK_CALLBACK pfnwk, PVOID pv,
                                     PTP_CALLBACK_ENVIRON /*pcbe*/) {
  if (pfnwk == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  try {
    auto work = std::make_shared<Work>(pfnwk, pv);
    work->keep_alive();
    return work->handle();
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
}

VOID WINAPI SubmitThreadpoolWork(PTP_WORK pwk) {
  if (pwk == nullptr) return;
  Work::from(pwk).submit();
}

VOID WINAPI WaitForThreadpoolWorkCallbacks(PTP_WORK pwk, BOOL fCancelPendingCallbacks) {
  if (pwk == nullptr) return;
  Work::from(pwk).wait(fCancelPendingCallbacks != FALSE);
}

VOID WINAPI CloseThreadpoolWork(PTP_WORK pwk) {
  if (pwk == nullptr) return;
  Work::from(pwk).close();
}

}  // extern "C"
