#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <map>
#include <mutex>
#include <semaphore>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/thread_pool.hpp"
#include "support/open_descriptors.hpp"

namespace cmnotify::engine {
namespace {

using namespace std::chrono_literals;

class FnTask final : public Task {
 public:
  explicit FnTask(std::function<void()> fn) : fn_(std::move(fn)) {}
  void run() override { fn_(); }

 private:
  std::function<void()> fn_;
};

TaskPtr task(std::function<void()> fn) { return std::make_shared<FnTask>(std::move(fn)); }

ThreadPool::Options small_pool() {
  ThreadPool::Options o;
  o.min_threads = 1;
  o.max_threads = 16;
  o.idle_timeout = 100ms;
  o.stall_period = 10ms;
  return o;
}

TEST(ThreadPool, RunsEveryTaskOnceInFifoOrderOnOneThread) {
  ThreadPool::Options o = small_pool();
  o.max_threads = 1;
  ThreadPool pool(o);
  std::mutex m;
  std::vector<int> order;
  std::counting_semaphore<1000> done(0);
  for (int i = 0; i < 500; ++i) {
    pool.post(task([&, i] {
      std::lock_guard lock(m);
      order.push_back(i);
      done.release();
    }));
  }
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(done.try_acquire_for(10s));
  for (int i = 0; i < 500; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
}

TEST(ThreadPool, GrowsWhenEveryWorkerIsBlocked) {
  ThreadPool pool(small_pool());
  std::atomic<bool> release{false};
  std::counting_semaphore<16> blocked(0);
  for (int i = 0; i < 4; ++i) {
    pool.post(task([&] {
      blocked.release();
      while (!release.load()) std::this_thread::sleep_for(1ms);
    }));
  }
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(blocked.try_acquire_for(10s)) << "pool did not grow";
  std::binary_semaphore ran(0);
  pool.post(task([&] { ran.release(); }));
  EXPECT_TRUE(ran.try_acquire_for(10s));
  EXPECT_GE(pool.peak_thread_count(), 5u);
  release = true;
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
  EXPECT_EQ(pool.thread_count(), 0u);
}

TEST(ThreadPool, ExtraWorkersRetireWhenIdle) {
  ThreadPool pool(small_pool());
  std::atomic<bool> release{false};
  std::counting_semaphore<16> blocked(0);
  for (int i = 0; i < 3; ++i) {
    pool.post(task([&] {
      blocked.release();
      while (!release.load()) std::this_thread::sleep_for(1ms);
    }));
  }
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(blocked.try_acquire_for(10s));
  release = true;
  for (int i = 0; i < 200 && pool.thread_count() > 1; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(pool.thread_count(), 1u) << "back to min_threads";
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
}

TEST(ThreadPool, AnInactivePoolStillRunsWhatIsPosted) {
  ThreadPool pool(small_pool());
  pool.set_active(false);
  std::binary_semaphore ran(0);
  pool.post(task([&] { ran.release(); }));
  EXPECT_TRUE(ran.try_acquire_for(10s));
  pool.wait_for_threads_to_exit();
}

// Workers that have run something and gone back to sleep (setup, not an assertion on time).
void let_workers_go_idle(ThreadPool& pool) {
  std::binary_semaphore ran(0);
  pool.post(task([&] { ran.release(); }));
  ASSERT_TRUE(ran.try_acquire_for(10s));
  std::this_thread::sleep_for(20ms);
}

// Idle workers that only a wake-up gets going: their idle timeout outlasts the test.
ThreadPool::Options sleepy_pool() {
  ThreadPool::Options o = small_pool();
  o.idle_timeout = 600s;
  return o;
}

TEST(ThreadPool, TasksPostedWhileHoldingWakeUpsAllRunAfterTheRelease) {
  ThreadPool pool(sleepy_pool());
  let_workers_go_idle(pool);
  std::counting_semaphore<16> ran(0);
  pool.hold_wakeups();
  for (int i = 0; i < 3; ++i) pool.post(task([&] { ran.release(); }));
  pool.release_wakeups();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ran.try_acquire_for(10s)) << "a held task never ran";
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
}

TEST(ThreadPool, HoldingWakeUpsOnOneThreadDoesNotDelayAnotherThreadsTasks) {
  ThreadPool pool(sleepy_pool());
  let_workers_go_idle(pool);
  std::binary_semaphore holding(0), done(0);
  std::thread holder([&] {
    pool.hold_wakeups();
    holding.release();
    EXPECT_TRUE(done.try_acquire_for(20s));
    pool.release_wakeups();
  });
  ASSERT_TRUE(holding.try_acquire_for(10s));
  std::binary_semaphore ran(0);
  pool.post(task([&] { ran.release(); }));
  EXPECT_TRUE(ran.try_acquire_for(10s)) << "another thread's hold delayed this task";
  done.release();
  holder.join();
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
}

// Two workers, both idle: the one that does not run a task is free to take the next.
ThreadPool::Options two_worker_pool() {
  ThreadPool::Options o = sleepy_pool();
  o.min_threads = 2;
  return o;
}

void start_two_idle_workers(ThreadPool& pool) {
  std::latch both(2);
  std::counting_semaphore<2> ran(0);
  for (int i = 0; i < 2; ++i) {
    pool.post(task([&] {
      both.arrive_and_wait();  // the second post finds no idle worker and starts one
      ran.release();
    }));
  }
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(ran.try_acquire_for(10s));
  std::this_thread::sleep_for(20ms);
  ASSERT_EQ(pool.thread_count(), 2u);
}

TEST(ThreadPool, ATaskPostedBeforeNextByAWorkerRunsOnThatWorkerAndWakesNoOther) {
  ThreadPool pool(two_worker_pool());
  start_two_idle_workers(pool);
  std::mutex m;
  std::vector<std::thread::id> runners;
  std::binary_semaphore done(0);
  std::function<void(int)> step = [&](int left) {
    {
      std::lock_guard lock(m);
      runners.push_back(std::this_thread::get_id());
    }
    if (left == 0) {
      done.release();
      return;
    }
    pool.post_before_next(task([&, left] { step(left - 1); }));
    // Time for an idle worker, had one been woken, to take the task from this one.
    std::this_thread::sleep_for(5ms);
  };
  pool.post(task([&] { step(5); }));
  ASSERT_TRUE(done.try_acquire_for(10s));
  std::lock_guard lock(m);
  ASSERT_EQ(runners.size(), 6u);
  for (const std::thread::id& runner : runners) EXPECT_EQ(runner, runners.front());
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
}

TEST(ThreadPool, PostBeforeNextFromAThreadOutsideThePoolWakesAWorker) {
  ThreadPool pool(sleepy_pool());
  let_workers_go_idle(pool);
  std::binary_semaphore ran(0);
  pool.post_before_next(task([&] { ran.release(); }));
  EXPECT_TRUE(ran.try_acquire_for(10s)) << "posted from outside, left queued";
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
}

// Context switches (voluntary and not) of every thread of this process but the calling one, by
// thread id (/proc/self/task/*/status): a thread that sleeps without waking adds none.
std::map<std::string, long> other_threads_switches() {
  std::map<std::string, long> switches;
  const std::string self = std::to_string(::gettid());
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    const std::string tid = entry.path().filename();
    if (tid == self) continue;
    std::ifstream status(entry.path() / "status");
    long total = 0;
    for (std::string line; std::getline(status, line);)
      if (line.find("ctxt_switches:") != std::string::npos)
        total += std::stol(line.substr(line.find(':') + 1));
    switches[tid] = total;
  }
  return switches;
}

// Wake-ups of the other threads between two snapshots: a thread that exited woke up to do so.
long wakeups_between(const std::map<std::string, long>& before,
                     const std::map<std::string, long>& after) {
  long woken = 0;
  for (const auto& [tid, count] : before) {
    const auto it = after.find(tid);
    woken += it == after.end() ? 1 : it->second - count;
  }
  for (const auto& [tid, count] : after)
    if (!before.contains(tid)) woken += count;
  return woken;
}

// Issue 14, "Idle": once events stop, every thread of the pool sleeps with no timeout - the
// workers kept alive, the reading worker, the watchdog and the supervisor (started here by a
// burst that found every worker busy). Short timeouts, so the test need not wait seconds.
TEST(ThreadPool, AfterEventsFlowedAnIdlePoolWakesUpZeroTimes) {
  // Threads there before the pool are not the pool's: a sanitizer's background thread, started
  // with the first thread the process makes (hence one made and joined first).
  std::thread([] {}).join();
  const auto not_the_pools = other_threads_switches();
  ThreadPool::Options o = small_pool();
  o.min_threads = 2;
  o.idle_timeout = 20ms;
  o.reader_stall = 1ms;
  ThreadPool pool(o);
  const int input = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  ASSERT_GE(input, 0);
  std::counting_semaphore<64> ran(0);
  pool.set_reading(
      [&] {
        std::uint64_t count = 0;
        if (::read(input, &count, sizeof count) == sizeof count)
          for (std::uint64_t i = 0; i < count; ++i) pool.post(task([&] { ran.release(); }));
        return DeviceSource::Pumped{};
      },
      {input});
  const std::uint64_t one = 1;
  for (int i = 0; i < 20; ++i) {  // paced events, each run by the reading worker
    ASSERT_EQ(::write(input, &one, sizeof one), static_cast<ssize_t>(sizeof one));
    ASSERT_TRUE(ran.try_acquire_for(10s));
  }
  std::latch blocked(3), release(1);
  for (int i = 0; i < 3; ++i) {  // more blocked tasks than workers: the supervisor starts one
    pool.post(task([&] {
      blocked.count_down();
      release.wait();
    }));
  }
  blocked.wait();
  release.count_down();
  std::this_thread::sleep_for(500ms);  // extra workers retire, the watchdog and supervisor sleep
  auto before = other_threads_switches();
  std::this_thread::sleep_for(500ms);
  auto after = other_threads_switches();
  for (const auto& [tid, count] : not_the_pools) {
    before.erase(tid);
    after.erase(tid);
  }
  EXPECT_EQ(wakeups_between(before, after), 0)
      << "threads of an idle pool woke up (" << before.size() << " threads)";
  EXPECT_GE(before.size(), 2u) << "the kept workers exited";
  pool.clear_reading();
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
  ::close(input);
}

// Issue 14, the real-tap storm: events a few milliseconds apart, each run by the reading worker.
// The watchdog that hands a blocked reader's reading over is woken by a timer the reader takes
// back before it waits for the next event: no thread but the reader wakes up per event (a
// watchdog that ticked every reader_stall woke about twice per event here).
TEST(ThreadPool, ATrickleRunOnTheReaderWakesNoOtherThread) {
  std::thread([] {}).join();  // a sanitizer's background thread starts with the first thread
  const auto not_the_pools = other_threads_switches();
  ThreadPool::Options o = small_pool();
  // Long enough that a reader descheduled inside a task (a loaded machine) is not handed over,
  // short enough that a watchdog ticking every reader_stall would tick during the trickle.
  o.reader_stall = 100ms;
  ThreadPool pool(o);
  const int input = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  ASSERT_GE(input, 0);
  std::counting_semaphore<64> ran(0);
  std::mutex mutex;
  std::set<std::string> runners;  // the threads that ran the tasks
  pool.set_reading(
      [&] {
        std::uint64_t count = 0;
        if (::read(input, &count, sizeof count) == sizeof count) {
          for (std::uint64_t i = 0; i < count; ++i) {
            pool.post(task([&] {
              std::lock_guard lock(mutex);
              runners.insert(std::to_string(::gettid()));
              ran.release();
            }));
          }
        }
        return DeviceSource::Pumped{};
      },
      {input});
  const std::uint64_t one = 1;
  const auto send_one = [&] {
    ASSERT_EQ(::write(input, &one, sizeof one), static_cast<ssize_t>(sizeof one));
    ASSERT_TRUE(ran.try_acquire_for(10s));
  };
  send_one();  // starts the watchdog
  std::this_thread::sleep_for(20ms);
  auto before = other_threads_switches();
  constexpr int kEvents = 40;
  for (int i = 0; i < kEvents; ++i) {  // 0.4 s: four reader_stall periods
    send_one();
    std::this_thread::sleep_for(10ms);  // far apart (> kDenseTurnGap), as taps are made
  }
  auto after = other_threads_switches();
  for (const auto& [tid, count] : not_the_pools) {
    before.erase(tid);
    after.erase(tid);
  }
  ASSERT_EQ(runners.size(), 1u) << "the events were not all run by the reading worker";
  const std::string reader = *runners.begin();
  EXPECT_GE(after[reader] - before[reader], kEvents);
  before.erase(reader);
  after.erase(reader);
  EXPECT_EQ(wakeups_between(before, after), 0)
      << "threads other than the reader woke up during the trickle (" << before.size()
      << " threads)";
  EXPECT_EQ(pool.reading_stats().handoffs, 0u);
  pool.clear_reading();
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
  ::close(input);
}

// The pool is immortal and reads for every source start: a descriptor it kept between readings
// is one a daemon closing "every descriptor it did not open" takes away and hands to a file of
// its own, which the next reading would write into and poll (and clear_reading() would then wait
// forever for a reader that never wakes).
TEST(ThreadPool, KeepsNoDescriptorOnceTheReadingIsCleared) {
  ThreadPool pool(small_pool());
  const int input = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  ASSERT_GE(input, 0);
  const std::set<int> before = cmnotify::testing::open_descriptors();
  std::counting_semaphore<4> ran(0);
  for (int round = 0; round < 2; ++round) {
    // A task the reading worker runs starts the watchdog, which has a timer descriptor.
    pool.set_reading(
        [&] {
          std::uint64_t count = 0;
          if (::read(input, &count, sizeof count) == sizeof count)
            pool.post(task([&] { ran.release(); }));
          return DeviceSource::Pumped{};
        },
        {input});
    const std::uint64_t one = 1;
    ASSERT_EQ(::write(input, &one, sizeof one), static_cast<ssize_t>(sizeof one));
    ASSERT_TRUE(ran.try_acquire_for(10s));
    EXPECT_EQ(pool.reading_stats().runs, static_cast<std::uint64_t>(round + 1));
    pool.clear_reading();
    EXPECT_EQ(cmnotify::testing::open_descriptors(), before) << "round " << round;
  }
  pool.set_active(false);
  pool.wait_for_threads_to_exit();
  ::close(input);
}

}  // namespace
}  // namespace cmnotify::engine
