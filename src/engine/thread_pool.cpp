#include "engine/thread_pool.hpp"

#include <algorithm>
#include <new>
#include <system_error>
#include <thread>
#include <utility>

namespace cmnotify::engine {
namespace {

constexpr std::size_t kKeptQueueSlots = 1024;

}  // namespace

// Worker records are recycled, never freed while the pool lives: post() wakes a worker after
// releasing the lock, and by then that worker may have run the task, gone idle, retired and left
// its record to a new thread. Waking a recycled record is only a spurious wake-up for its new
// owner, whose waits re-check their predicate.
struct ThreadPool::Worker {
  std::condition_variable cv;
  bool signaled = false;  // handed work (or told to re-check) by post() or set_active()
  Worker* next_free = nullptr;
};

namespace {

// The pool whose wake-ups the calling thread holds, and how many tasks it posted meanwhile that
// an idle worker would have been woken for.
thread_local const ThreadPool* t_holding = nullptr;
thread_local std::size_t t_deferred = 0;
// The pool whose worker the calling thread is.
thread_local const ThreadPool* t_worker_of = nullptr;

}  // namespace

ThreadPool::ThreadPool(Options options) : options_(options) {}

ThreadPool::~ThreadPool() {
  wait_for_threads_to_exit();
  while (Worker* w = free_workers_) {
    free_workers_ = w->next_free;
    delete w;
  }
}

void ThreadPool::post(TaskPtr task) { post(std::move(task), true); }

void ThreadPool::post_before_next(TaskPtr task) { post(std::move(task), t_worker_of != this); }

void ThreadPool::post(TaskPtr task, bool wake_idle) {
  Worker* wake = nullptr;
  {
    std::lock_guard lock(mutex_);
    // A task needs a thread that will run it. When none is alive and none can be started, post
    // fails as a whole (std::bad_alloc, nothing queued), so the caller keeps its work and knows.
    const bool started_one = threads_ == 0;
    if (started_one && !spawn_locked()) throw std::bad_alloc();
    queue_.push_back(std::move(task));  // may throw bad_alloc: nothing queued
    // Nothing below throws: the task is queued and will run.
    if (started_one || !wake_idle) {
      // The new worker takes it, or the posting worker once its task returns.
    } else if (!idle_.empty() && t_holding == this) {
      ++t_deferred;  // release_wakeups() wakes a worker for it
    } else if (!idle_.empty()) {
      // Hand the task to one specific idle worker, so two posts never count the same waiter.
      wake = idle_.back();
      idle_.pop_back();
      wake->signaled = true;
    } else if (active_ && threads_ < options_.min_threads) {
      (void)spawn_locked();
    } else if (!supervisor_running_) {
      try {
        std::thread([this] { supervisor_main(); }).detach();
        supervisor_running_ = true;
      } catch (...) {
        // No supervisor now (std::system_error, or bad_alloc for the thread's state); the next
        // post tries again. The busy workers still drain the queue.
      }
    } else {
      supervisor_cv_.notify_one();
    }
  }
  // Woken after the unlock: woken under it, the worker would at once block on the lock we hold,
  // costing two more futex calls and a context switch per event.
  if (wake != nullptr) wake->cv.notify_one();
}

void ThreadPool::hold_wakeups() noexcept {
  t_holding = this;
  t_deferred = 0;
}

void ThreadPool::release_wakeups() noexcept {
  if (t_holding != this) return;
  t_holding = nullptr;
  const std::size_t deferred = std::exchange(t_deferred, 0);
  for (std::size_t woken = 0; woken < deferred; ++woken) {
    Worker* wake = nullptr;
    {
      std::lock_guard lock(mutex_);
      // Tasks busy workers took meanwhile need no one; the workers woken so far take theirs.
      if (queue_.size() > woken && !idle_.empty()) {
        wake = idle_.back();
        idle_.pop_back();
        wake->signaled = true;
      }
    }
    if (wake == nullptr) break;
    wake->cv.notify_one();  // unlocked, as in post()
  }
}

bool ThreadPool::spawn_locked() noexcept {
  // Thread creation can fail: EAGAIN under a thread limit, ENOMEM, or bad_alloc for the
  // std::thread's own state. Nothing changes then.
  Worker* w = free_workers_;
  if (w != nullptr) {
    free_workers_ = w->next_free;
    w->signaled = false;
  } else {
    w = new (std::nothrow) Worker;
    if (w == nullptr) return false;
  }
  ++threads_;
  try {
    std::thread([this, w] { worker_main(w); }).detach();
  } catch (...) {
    --threads_;
    recycle_locked(w);
    return false;
  }
  peak_threads_ = std::max(peak_threads_, threads_);
  return true;
}

void ThreadPool::recycle_locked(Worker* w) noexcept {
  w->next_free = free_workers_;
  free_workers_ = w;
}

bool ThreadPool::should_retire_locked(const Worker& /*w*/) const {
  return !active_ || threads_ > options_.min_threads;
}

void ThreadPool::worker_main(Worker* self) {
  t_worker_of = this;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!queue_.empty()) {
      TaskPtr task = queue_.pop_front();
      lock.unlock();
      task->run();
      task.reset();  // the last reference may free a registration: do it unlocked
      lock.lock();
      ++completed_;
      continue;
    }
    // A backlog's ring is given back once it has drained; the steady state keeps a small one.
    if (queue_.capacity() > kKeptQueueSlots) queue_.release();
    if (!active_) break;
    self->signaled = false;
    idle_.push_back(self);
    bool woken = self->cv.wait_for(lock, options_.idle_timeout, [self] { return self->signaled; });
    if (!woken) {
      std::erase(idle_, self);
      // Work queued while wake-ups were held has no worker woken for it yet: stay for it.
      if (queue_.empty() && should_retire_locked(*self)) break;
    }
  }
  std::erase(idle_, self);
  --threads_;
  recycle_locked(self);
  if (threads_ == 0) {
    exited_cv_.notify_all();
    supervisor_cv_.notify_all();
  }
}

void ThreadPool::supervisor_main() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (threads_ == 0 && queue_.empty()) break;
    if (queue_.empty() || !idle_.empty()) {
      supervisor_cv_.wait_for(lock, options_.idle_timeout);
      continue;
    }
    // Work is queued and every worker is busy: give them one stall period to make progress.
    const std::uint64_t progress = completed_;
    supervisor_cv_.wait_for(lock, options_.stall_period);
    if (!queue_.empty() && idle_.empty() && completed_ == progress &&
        threads_ < options_.max_threads) {
      spawn_locked();
    }
  }
  supervisor_running_ = false;
  exited_cv_.notify_all();
}

void ThreadPool::set_active(bool active) {
  std::lock_guard lock(mutex_);
  active_ = active;
  if (active) return;
  for (Worker* w : idle_) {
    w->signaled = true;
    w->cv.notify_one();
  }
  idle_.clear();
  supervisor_cv_.notify_all();
}

void ThreadPool::wait_for_threads_to_exit() {
  std::unique_lock lock(mutex_);
  exited_cv_.wait(lock, [this] { return threads_ == 0 && !supervisor_running_; });
}

std::size_t ThreadPool::thread_count() const {
  std::lock_guard lock(mutex_);
  return threads_;
}

std::size_t ThreadPool::peak_thread_count() const {
  std::lock_guard lock(mutex_);
  return peak_threads_;
}

void ThreadPool::prepare_fork() noexcept { mutex_.lock(); }

void ThreadPool::after_fork_in_parent() noexcept { mutex_.unlock(); }

void ThreadPool::reset_after_fork() noexcept {
  // The child has only the forking thread. The parent's workers, their Worker records and the
  // tasks they were about to run belong to threads that do not exist here: leak them rather
  // than run destructors (of registrations, of condition variables with waiters) over state
  // those threads owned. The condition variables get fresh state for the same reason.
  if (auto* orphans = new (std::nothrow) detail::RingQueue<TaskPtr>) {
    std::swap(*orphans, queue_);
  } else {
    queue_.clear();  // cannot even leak them: the lesser evil
  }
  idle_.clear();
  free_workers_ = nullptr;  // leaked with the rest: the parent's threads may hold them
  threads_ = 0;
  supervisor_running_ = false;
  new (&supervisor_cv_) std::condition_variable;
  new (&exited_cv_) std::condition_variable;
  mutex_.unlock();  // held by this thread since prepare_fork()
}

}  // namespace cmnotify::engine
