// An elastic pool of worker threads that runs tasks in FIFO order.
//
// Why elastic: a callback may block for seconds. A fixed pool would let a few blocked callbacks
// starve every other registration, so a supervisor adds a worker whenever queued work has waited
// a whole stall period with every worker busy and none finishing. Extra workers retire when idle.
//
// Threads are detached and never joined: the pool lives as long as the process (it is owned by an
// immortal singleton), so process exit never waits for a worker stuck in user code.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "common/ring_queue.hpp"

namespace cmnotify::engine {

class Task {
 public:
  virtual ~Task() = default;
  virtual void run() = 0;
};

using TaskPtr = std::shared_ptr<Task>;

class ThreadPool {
 public:
  struct Options {
    std::size_t min_threads = 2;                   // kept alive while the pool is active
    std::size_t max_threads = 256;                 // hard cap, reached only when callbacks block
    std::chrono::milliseconds idle_timeout{2000};  // extra workers retire after this
    std::chrono::milliseconds stall_period{25};  // queued work waits this long before a new worker
  };

  explicit ThreadPool(Options options);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  // Only for pools whose threads have all exited (tests); the engine's pool is never destroyed.
  ~ThreadPool();

  // Queues a task; a thread will run it. Throws std::bad_alloc, queueing nothing, when memory
  // runs out or no thread is alive and none can be started.
  void post(TaskPtr task);

  // post() for a task that the running task queues as it ends (a registration with more events
  // to deliver), on this pool's worker, which goes to the queue right after: it takes the task
  // itself, or another that a woken worker would have taken, so no idle worker is woken for it
  // (waking one cost a wake-up, often for nothing, per batch in a storm). From any other thread
  // it is post().
  void post_before_next(TaskPtr task);

  // Between these, tasks the calling thread posts are queued but no idle worker is woken for
  // them until release_wakeups(), which wakes as many as they need (one for a burst of events to
  // one registration). Busy workers still take them from the queue meanwhile. Same thread, not
  // nested, and never from a worker: the holder must not wait for the tasks it posted.
  void hold_wakeups() noexcept;
  void release_wakeups() noexcept;

  // active=false: every worker exits as soon as it is idle (the queue still drains first).
  // active=true: workers are started again on demand.
  void set_active(bool active);

  // Blocks until no worker thread is alive. Only for tests and orderly shutdown.
  void wait_for_threads_to_exit();

  [[nodiscard]] std::size_t thread_count() const;
  [[nodiscard]] std::size_t peak_thread_count() const;

  // fork(): prepare_fork() locks the pool before fork(); after_fork_in_parent() unlocks it.
  // reset_after_fork(), in the child, where the parent's workers do not exist, forgets them and
  // their queued tasks without touching anything they owned (it is all leaked), leaves the pool
  // with no thread (the next post starts one), and unlocks it.
  void prepare_fork() noexcept;
  void after_fork_in_parent() noexcept;
  void reset_after_fork() noexcept;

 private:
  struct Worker;

  void post(TaskPtr task, bool wake_idle);
  // Starts a worker; false (nothing changed) when no thread can be started.
  bool spawn_locked() noexcept;
  void recycle_locked(Worker* w) noexcept;
  void worker_main(Worker* self);
  void supervisor_main();
  [[nodiscard]] bool should_retire_locked(const Worker& w) const;

  const Options options_;
  mutable std::mutex mutex_;
  std::condition_variable supervisor_cv_;
  std::condition_variable exited_cv_;
  detail::RingQueue<TaskPtr> queue_;
  std::vector<Worker*> idle_;       // LIFO: hot workers stay busy, cold ones time out
  Worker* free_workers_ = nullptr;  // records of exited workers, reused (see thread_pool.cpp)
  std::size_t threads_ = 0;
  std::size_t peak_threads_ = 0;
  bool active_ = true;
  bool supervisor_running_ = false;
  std::uint64_t completed_ = 0;  // tasks finished; a stall is "no progress"
};

}  // namespace cmnotify::engine
