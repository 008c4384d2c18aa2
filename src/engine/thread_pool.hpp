// An elastic pool of worker threads that runs tasks in FIFO order.
//
// Why elastic: a callback may block for seconds. A fixed pool would let a few blocked callbacks
// starve every other registration, so a supervisor adds a worker whenever queued work has waited
// a whole stall period with every worker busy and none finishing. Extra workers retire when idle.
//
// Threads are detached and never joined: the pool lives as long as the process (it is owned by an
// immortal singleton), so process exit never waits for a worker stuck in user code.
//
// Reading on the pool (set_reading): one worker, instead of sleeping, waits for the source's input
// and reads it itself. When what it read made a small burst (the read emptied the input before
// the source's batch limit) it runs the first task queued itself: no other thread is woken per
// event. The other tasks of the burst, and everything queued meanwhile, go to other workers.
// A task the reading worker runs that lasts Options::reader_stall makes another worker the
// reader, so a callback that blocks stops neither the reading nor the other registrations. A
// watchdog thread tells, woken by a kernel timer (timerfd) the reader sets when such a task
// starts: the timer costs a system call, where a ticking thread costs a wake-up, and a wake-up
// is what a trickle of events pays most for. Trickling, the reader takes the timer back before
// it waits for input, so the watchdog never wakes; in a dense stream (turns less than
// kDenseTurnGap apart) the timer is left set, and the watchdog wakes at most once per
// reader_stall.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "common/ring_queue.hpp"
#include "engine/device_source.hpp"

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
    std::size_t min_threads = 2;    // kept alive while the pool is active
    std::size_t max_threads = 256;  // hard cap, reached only when callbacks block
    // Extra workers (beyond min_threads) retire after this long idle; the kept ones and the
    // supervisor, once nothing ran for this long, wait with no timeout (0 idle wake-ups).
    std::chrono::milliseconds idle_timeout{2000};
    std::chrono::milliseconds stall_period{25};  // queued work waits this long before a new worker
    // A task the reading worker runs itself that lasts this long hands the reading to another
    // worker.
    std::chrono::milliseconds reader_stall{5};
  };

  // Tasks the reader runs closer together than this leave the watchdog's timer set when the
  // reader waits for input: taking it back and setting it again costs two system calls (about
  // 3 us here) per task, more than the one wake-up per reader_stall (about 45 us) left set costs.
  static constexpr std::chrono::microseconds kDenseTurnGap{300};
  // File descriptors set_reading() accepts.
  static constexpr std::size_t kMaxReadingFds = 7;

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

  // Lends the reading to the pool: a worker waits for input on `fds` (readable while input waits)
  // and calls `pump` (reads what waits without waiting, publishing, which posts tasks; says
  // whether it stopped at its batch limit with input perhaps left, and how long to stop watching
  // the descriptors after a failed read: DeviceSource::Pumped, the source's one back-off rule,
  // as for a queue's direct reading). Throws std::bad_alloc
  // (nothing changed) when no worker or eventfd can be had. Replaces nothing: call
  // clear_reading() first if reading is set.
  using Pump = std::function<DeviceSource::Pumped()>;
  void set_reading(Pump pump, const std::vector<int>& fds);
  // Takes it back: when this returns no worker polls the descriptors or runs `pump` (a task the
  // reading worker is running may still run). Never from inside `pump`.
  void clear_reading();
  struct ReadingStats {
    bool reading = false;
    std::uint64_t runs = 0;      // tasks the reading worker ran itself
    std::uint64_t handoffs = 0;  // readings handed over: such a task outlasted the stall period
  };
  [[nodiscard]] ReadingStats reading_stats() const;

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
  // Wakes idle workers (at most a few per call) for the tasks queued beyond `keep`; starts one
  // or the supervisor when none is idle. Unlocks `lock` to notify them, locks it again.
  void wake_for_queue(std::unique_lock<std::mutex>& lock, std::size_t keep);
  void no_idle_worker_locked() noexcept;
  [[nodiscard]] bool reading_free_locked() const noexcept;
  void read_loop(Worker* self, std::unique_lock<std::mutex>& lock);
  // poll() on the reading descriptors; true when one of the source's is readable, or when a
  // `pause` (the source's back-off after a failed read) is over.
  bool wait_for_input(std::chrono::milliseconds pause);
  void run_as_reader(Worker* self, std::unique_lock<std::mutex>& lock);
  bool start_watchdog_locked() noexcept;
  void watchdog_main();
  // Sets the watchdog's timer to go off `after` from now (0: at once, to wake it).
  void set_watchdog_timer_locked(std::chrono::nanoseconds after) noexcept;
  void stop_watchdog_timer_locked() noexcept;
  // Blocks until the watchdog's timer goes off; false when it cannot be read.
  bool wait_for_watchdog_timer() const;
  void hand_reading_over_locked() noexcept;
  void wake_reader_locked() noexcept;  // out of its poll() (the eventfd)
  void wake_watchdog_locked() noexcept;
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
  bool supervisor_asleep_ = false;  // waiting with no timeout; the next post() wakes it
  std::uint64_t completed_ = 0;     // tasks finished; a stall is "no progress"

  // Reading on the pool. pump_ and the descriptors change only while no worker reads
  // (in_reading_ == 0), so the reader uses them unlocked.
  Pump pump_;
  std::size_t reading_fd_count_ = 0;  // reading_fds_[0] is wake_fd_
  int reading_fds_[kMaxReadingFds + 1] = {};
  int wake_fd_ = -1;  // eventfd while reading: wakes the polling worker for clear_reading()
  bool reading_ = false;
  Worker* reader_ = nullptr;  // the worker that reads now; nullptr: free, the next worker takes it
  std::size_t in_reading_ = 0;          // workers in poll() on the descriptors or in pump_
  std::condition_variable reading_cv_;  // in_reading_ fell to 0
  std::uint64_t reader_runs_ = 0;
  std::uint64_t reader_handoffs_ = 0;
  bool watchdog_running_ = false;
  int watchdog_timer_ = -1;  // timerfd, made with the watchdog, closed with the reading
  bool watchdog_timer_set_ = false;
  std::chrono::steady_clock::time_point last_turn_start_{};
  bool dense_turns_ = false;             // the reader's last two tasks started within kDenseTurnGap
  std::condition_variable watchdog_cv_;  // for a watchdog whose timer cannot be read
};

}  // namespace cmnotify::engine
