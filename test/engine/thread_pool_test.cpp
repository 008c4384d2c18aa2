#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <latch>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "engine/thread_pool.hpp"

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

}  // namespace
}  // namespace cmnotify::engine
