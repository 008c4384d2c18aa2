#include "engine/thread_pool.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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
  // For the watchdog: whether the worker runs a task as the reader, and since when.
  bool running_task = false;
  std::chrono::steady_clock::time_point task_started{};
};

namespace {

// The pool whose wake-ups the calling thread holds, and how many tasks it posted meanwhile that
// an idle worker would have been woken for.
thread_local const ThreadPool* t_holding = nullptr;
thread_local std::size_t t_deferred = 0;
// The pool whose worker the calling thread is.
thread_local const ThreadPool* t_worker_of = nullptr;
// The pool whose reading the calling thread is pumping: what it posts wakes no one, the reader
// decides once the pump returns.
thread_local const ThreadPool* t_reader_of = nullptr;

// At most this many idle workers are woken by one wake_for_queue() (more: the next call).
constexpr std::size_t kMaxWokenAtOnce = 8;

}  // namespace

ThreadPool::ThreadPool(Options options) : options_(options) {}

ThreadPool::~ThreadPool() {
  wait_for_threads_to_exit();
  if (watchdog_timer_ >= 0) ::close(watchdog_timer_);
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
    if (supervisor_asleep_) {
      supervisor_asleep_ = false;  // it watches for stalls again; once, not per post
      supervisor_cv_.notify_one();
    }
    if (started_one || !wake_idle || t_reader_of == this) {
      // The new worker takes it, the posting worker once its task returns, or the reader once
      // its pump returns.
    } else if (!idle_.empty() && t_holding == this) {
      ++t_deferred;  // release_wakeups() wakes a worker for it
    } else if (!idle_.empty()) {
      // Hand the task to one specific idle worker, so two posts never count the same waiter.
      wake = idle_.back();
      idle_.pop_back();
      wake->signaled = true;
    } else {
      no_idle_worker_locked();
    }
  }
  // Woken after the unlock: woken under it, the worker would at once block on the lock we hold,
  // costing two more futex calls and a context switch per event.
  if (wake != nullptr) wake->cv.notify_one();
}

void ThreadPool::no_idle_worker_locked() noexcept {
  if (active_ && threads_ < options_.min_threads) {
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

void ThreadPool::wake_for_queue(std::unique_lock<std::mutex>& lock, std::size_t keep) {
  Worker* wake[kMaxWokenAtOnce];
  std::size_t count = 0;
  const std::size_t wanted = queue_.size() > keep ? queue_.size() - keep : 0;
  while (count < wanted && count < kMaxWokenAtOnce && !idle_.empty()) {
    wake[count] = idle_.back();
    idle_.pop_back();
    wake[count]->signaled = true;
    ++count;
  }
  if (count < wanted) no_idle_worker_locked();
  if (count == 0) return;
  lock.unlock();  // as in post(): a worker woken under the lock would block on it at once
  for (std::size_t i = 0; i < count; ++i) wake[i]->cv.notify_one();
  lock.lock();
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
    if (reading_free_locked()) {
      read_loop(self, lock);
      continue;
    }
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
    bool woken = true;
    if (should_retire_locked(*self)) {
      woken = self->cv.wait_for(lock, options_.idle_timeout, [self] { return self->signaled; });
    } else {
      // One of the workers kept alive: a timeout would only wake it to wait again (an idle
      // monitor must not wake up at all). post(), set_active(false) and the reading wake it.
      self->cv.wait(lock, [self] { return self->signaled; });
    }
    if (!woken) {
      std::erase(idle_, self);
      // Work queued while wake-ups were held has no worker woken for it yet: stay for it.
      if (queue_.empty() && !reading_free_locked() && should_retire_locked(*self)) break;
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
  std::uint64_t seen_completed = completed_ - 1;  // started for work: not asleep at once
  for (;;) {
    if (threads_ == 0 && queue_.empty()) break;
    if (queue_.empty() && completed_ == seen_completed) {
      // Nothing queued and nothing ran for a whole idle period: sleep until post() queues work
      // (it wakes the supervisor then) or the last worker exits, not on a timeout, so an idle
      // process never wakes up.
      supervisor_asleep_ = true;
      supervisor_cv_.wait(lock);
      supervisor_asleep_ = false;
      continue;
    }
    if (queue_.empty() || !idle_.empty()) {
      seen_completed = completed_;
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

bool ThreadPool::reading_free_locked() const noexcept {
  return reading_ && reader_ == nullptr && active_;
}

void ThreadPool::read_loop(Worker* self, std::unique_lock<std::mutex>& lock) {
  reader_ = self;
  DeviceSource::Pumped last;  // more: read on before polling; retry_after: reading failed
  while (reading_ && reader_ == self && active_) {
    // What waits (queued by others, or left by the last burst) goes to other workers.
    wake_for_queue(lock, 0);
    if (!(reading_ && reader_ == self && active_)) break;
    ++in_reading_;
    bool input = last.more;
    if (!last.more) {
      // A trickle: the next task will set the timer again; left set, it would wake the watchdog.
      if (watchdog_timer_set_ && !dense_turns_) stop_watchdog_timer_locked();
      lock.unlock();
      input = wait_for_input(last.retry_after);
      lock.lock();
    }
    if (input && reading_ && reader_ == self && active_) {
      t_reader_of = this;
      lock.unlock();
      try {
        last = pump_();
      } catch (...) {
        last = {};  // a source's pump reports its own failures; nothing is lost here
      }
      lock.lock();
      t_reader_of = nullptr;
    } else {
      last = {};
    }
    if (--in_reading_ == 0) reading_cv_.notify_all();
    // A small burst (the read emptied the socket before its batch limit): its first task runs
    // on this thread, no other woken. A storm's tasks go to the other workers, in parallel with
    // the reading.
    if (!last.more && !queue_.empty() && reader_ == self && start_watchdog_locked())
      run_as_reader(self, lock);
  }
  if (reader_ == self) reader_ = nullptr;
}

bool ThreadPool::wait_for_input(std::chrono::milliseconds pause) {
  pollfd fds[kMaxReadingFds + 1];
  for (std::size_t i = 0; i < reading_fd_count_; ++i) fds[i] = {reading_fds_[i], POLLIN, 0};
  // After a failed read the source's descriptors are not watched for `pause` (a socket in a
  // lasting error state stays readable: polling it would spin); only the pool's own wake-up is,
  // and the source is read again once the pause is over.
  const bool paused = pause > std::chrono::milliseconds(0);
  const int n =
      ::poll(fds, paused ? 1 : reading_fd_count_, paused ? static_cast<int>(pause.count()) : -1);
  if (n < 0) {
    // EINTR: look again. Anything else cannot happen with valid descriptors; do not spin.
    if (errno != EINTR) ::usleep(1000);
    return false;
  }
  if (paused && n == 0) return true;
  if (fds[0].revents != 0) {
    std::uint64_t count = 0;
    (void)!::read(fds[0].fd, &count, sizeof count);
  }
  if (paused) return false;
  for (std::size_t i = 1; i < reading_fd_count_; ++i)
    if (fds[i].revents != 0) return true;
  return false;
}

void ThreadPool::run_as_reader(Worker* self, std::unique_lock<std::mutex>& lock) {
  TaskPtr task = queue_.pop_front();
  ++reader_runs_;
  const auto now = std::chrono::steady_clock::now();
  dense_turns_ = now - last_turn_start_ < kDenseTurnGap;
  last_turn_start_ = now;
  self->task_started = now;
  self->running_task = true;
  if (!watchdog_timer_set_) set_watchdog_timer_locked(options_.reader_stall);
  wake_for_queue(lock, 0);  // the burst's other tasks (other registrations) run in parallel
  lock.unlock();
  task->run();
  task.reset();  // the last reference may free a registration: do it unlocked
  lock.lock();
  self->running_task = false;
  ++completed_;
}

bool ThreadPool::start_watchdog_locked() noexcept {
  if (watchdog_running_) return true;
  if (watchdog_timer_ < 0) {
    watchdog_timer_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (watchdog_timer_ < 0) return false;  // no watchdog, no task on the reader: others run them
  }
  try {
    std::thread([this] { watchdog_main(); }).detach();
  } catch (...) {
    return false;  // the timer stays until the reading is cleared
  }
  watchdog_running_ = true;
  watchdog_timer_set_ = false;
  return true;
}

void ThreadPool::watchdog_main() {
  std::unique_lock lock(mutex_);
  while (reading_ && active_) {
    lock.unlock();
    const bool timer_read = wait_for_watchdog_timer();
    lock.lock();
    // A timer taken away (a program closing descriptors it did not open): tick instead.
    if (!timer_read) watchdog_cv_.wait_for(lock, options_.reader_stall);
    // The timer went off, or was set again and will (then this is a spare look at the reader).
    watchdog_timer_set_ = false;
    if (!(reading_ && active_)) break;
    Worker* r = reader_;
    if (r == nullptr || !r->running_task) continue;  // the next task sets the timer
    const auto ran = std::chrono::steady_clock::now() - r->task_started;
    if (ran < options_.reader_stall) {
      set_watchdog_timer_locked(options_.reader_stall - ran);  // a later task: look at its end
      continue;
    }
    // The task has run on the reader for the whole stall period: someone else reads from now on.
    hand_reading_over_locked();
  }
  watchdog_running_ = false;
  exited_cv_.notify_all();
}

void ThreadPool::set_watchdog_timer_locked(std::chrono::nanoseconds after) noexcept {
  after = std::max(after, std::chrono::nanoseconds(1));  // 0 would stop the timer
  itimerspec when{};
  when.it_value.tv_sec = static_cast<time_t>(after.count() / 1'000'000'000);
  when.it_value.tv_nsec = static_cast<long>(after.count() % 1'000'000'000);
  watchdog_timer_set_ = ::timerfd_settime(watchdog_timer_, 0, &when, nullptr) == 0;
}

void ThreadPool::stop_watchdog_timer_locked() noexcept {
  const itimerspec never{};
  (void)::timerfd_settime(watchdog_timer_, 0, &never, nullptr);
  watchdog_timer_set_ = false;
}

bool ThreadPool::wait_for_watchdog_timer() const {
  std::uint64_t expirations = 0;
  while (true) {
    const ssize_t n = ::read(watchdog_timer_, &expirations, sizeof expirations);
    if (n == sizeof expirations) return true;
    if (n >= 0 || errno != EINTR) return false;
  }
}

void ThreadPool::hand_reading_over_locked() noexcept {
  reader_ = nullptr;  // the running task's worker becomes an ordinary one when it returns
  ++reader_handoffs_;
  if (!idle_.empty()) {
    Worker* w = idle_.back();
    idle_.pop_back();
    w->signaled = true;
    w->cv.notify_one();  // rare: under the lock is fine
  } else if (threads_ < options_.max_threads) {
    (void)spawn_locked();  // fails only without memory or threads: the stuck worker reads after
  }
}

void ThreadPool::set_reading(Pump pump, const std::vector<int>& fds) {
  if (fds.empty() || fds.size() > kMaxReadingFds) throw std::bad_alloc();
  std::unique_lock lock(mutex_);
  reading_cv_.wait(lock, [this] { return in_reading_ == 0; });
  if (wake_fd_ < 0) {
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) throw std::bad_alloc();
  }
  const bool has_worker = !idle_.empty() || spawn_locked();
  if (!has_worker) throw std::bad_alloc();
  pump_ = std::move(pump);
  reading_fds_[0] = wake_fd_;
  for (std::size_t i = 0; i < fds.size(); ++i) reading_fds_[i + 1] = fds[i];
  reading_fd_count_ = fds.size() + 1;
  reading_ = true;
  reader_ = nullptr;
  if (!idle_.empty()) {
    Worker* w = idle_.back();
    idle_.pop_back();
    w->signaled = true;
    w->cv.notify_one();
  }
}

void ThreadPool::clear_reading() {
  std::unique_lock lock(mutex_);
  if (!reading_) return;
  reading_ = false;
  reader_ = nullptr;
  wake_reader_locked();
  wake_watchdog_locked();
  reading_cv_.wait(lock, [this] { return in_reading_ == 0; });
  exited_cv_.wait(lock, [this] { return !watchdog_running_; });  // done with its timer
  pump_ = nullptr;                                               // the source it holds may go now
  // No descriptor is kept while nothing is read. A program may close every descriptor it did not
  // open itself (a daemon does) and get the number back for a file of its own: a kept wake-up
  // would then write into that file, and the next clear_reading() would wait forever for a
  // reader that never hears it.
  ::close(std::exchange(wake_fd_, -1));
  if (watchdog_timer_ >= 0) ::close(std::exchange(watchdog_timer_, -1));
  watchdog_timer_set_ = false;
}

ThreadPool::ReadingStats ThreadPool::reading_stats() const {
  std::lock_guard lock(mutex_);
  return {reading_, reader_runs_, reader_handoffs_};
}

void ThreadPool::wake_watchdog_locked() noexcept {
  if (watchdog_running_) set_watchdog_timer_locked(std::chrono::nanoseconds(0));
  watchdog_cv_.notify_all();
}

void ThreadPool::wake_reader_locked() noexcept {
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof one);
}

void ThreadPool::set_active(bool active) {
  std::lock_guard lock(mutex_);
  active_ = active;
  if (active) return;
  wake_watchdog_locked();
  if (reading_) wake_reader_locked();
  for (Worker* w : idle_) {
    w->signaled = true;
    w->cv.notify_one();
  }
  idle_.clear();
  supervisor_cv_.notify_all();
}

void ThreadPool::wait_for_threads_to_exit() {
  std::unique_lock lock(mutex_);
  exited_cv_.wait(lock,
                  [this] { return threads_ == 0 && !supervisor_running_ && !watchdog_running_; });
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
  supervisor_asleep_ = false;
  // The parent's reading: its pump (and the source it holds) is leaked too; the eventfd is
  // shared with the parent, whose clear_reading() must not be answered here: a new one is made.
  new (&pump_) Pump;
  reading_ = false;
  reader_ = nullptr;
  in_reading_ = 0;
  if (wake_fd_ >= 0) ::close(wake_fd_);
  wake_fd_ = -1;
  // The watchdog's timer is the parent's too: closed here, a new one is made with a new watchdog.
  if (watchdog_timer_ >= 0) ::close(watchdog_timer_);
  watchdog_timer_ = -1;
  watchdog_timer_set_ = false;
  dense_turns_ = false;
  watchdog_running_ = false;
  new (&reading_cv_) std::condition_variable;
  new (&watchdog_cv_) std::condition_variable;
  new (&supervisor_cv_) std::condition_variable;
  new (&exited_cv_) std::condition_variable;
  mutex_.unlock();  // held by this thread since prepare_fork()
}

}  // namespace cmnotify::engine
