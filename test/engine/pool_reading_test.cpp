// Reading on the pool (ThreadPool::set_reading): with the in-memory source's reading lent, the
// engine reads on a pool worker, which runs a small burst's callback itself. Every lifecycle
// guarantee must hold for those runs, and a callback that blocks must hold back neither the
// reading nor the other registrations (the watchdog hands the reading to another worker).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "engine/device_events.hpp"
#include "support/expect_finishes.hpp"
#include "support/memory_engine.hpp"
#include "support/recording_subscriber.hpp"

namespace cmnotify::engine {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::expect_finishes;
using cmnotify::testing::instance_filter;
using cmnotify::testing::make_device;
using cmnotify::testing::subscriber;

class PoolReading : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    source().set_lends_reading(true);
  }

  RegistrationId add(const std::string& instance_id, cmnotify::testing::FunctionSubscriber::Fn fn,
                     std::shared_ptr<std::atomic<bool>> destroyed = nullptr) {
    RegistrationId id = 0;
    EXPECT_EQ(engine().register_subscriber(instance_filter(instance_id),
                                           subscriber(std::move(fn), std::move(destroyed)), {}, id),
              Cr::success);
    EXPECT_TRUE(engine().stats().pool_reading) << "the source's reading is not on the pool";
    return id;
  }

  bool publish_for(const std::string& instance_id, std::uint64_t seq) {
    return source().publish(make_event(Action::instance_started, FilterType::device_instance,
                                       make_device(instance_id, "/sys/devices/pool/" + instance_id),
                                       Origin::live, seq));
  }
};

TEST_F(PoolReading, EventsOneAtATimeRunOnTheReaderInOrderExactlyOnce) {
  std::mutex m;
  std::vector<std::uint64_t> seen;
  std::counting_semaphore<1> got(0);
  const std::uint64_t runs_before = engine().stats().reader_runs;
  const auto test_thread = std::this_thread::get_id();
  std::atomic<bool> on_test_thread{false};
  RegistrationId id = add("ROOT\\POOL\\1", [&](const Event& e, RegistrationId) {
    if (std::this_thread::get_id() == test_thread) on_test_thread = true;
    {
      std::lock_guard lock(m);
      seen.push_back(e.sequence);
    }
    got.release();
  });
  constexpr std::uint64_t kEvents = 200;
  for (std::uint64_t i = 1; i <= kEvents; ++i) {
    ASSERT_TRUE(publish_for("ROOT\\POOL\\1", i));
    publish_for("ROOT\\POOL\\OTHER", i);  // matches nothing
    ASSERT_TRUE(got.try_acquire_for(10s)) << "event " << i << " not delivered";
  }
  EXPECT_EQ(engine().unregister(id), Cr::success);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 1; i <= kEvents; ++i) expected.push_back(i);
  EXPECT_EQ(seen, expected);
  EXPECT_FALSE(on_test_thread.load());
  // A burst of one with nothing else queued runs on the reading worker, no other thread woken.
  EXPECT_GE(engine().stats().reader_runs - runs_before, kEvents / 2);
}

TEST_F(PoolReading, ABurstOfManyEventsIsDeliveredInOrderExactlyOnce) {
  std::mutex m;
  std::vector<std::uint64_t> seen_a, seen_b;
  std::counting_semaphore<4000> got(0);
  auto recorder = [&](std::vector<std::uint64_t>& into) {
    return [&](const Event& e, RegistrationId) {
      {
        std::lock_guard lock(m);
        into.push_back(e.sequence);
      }
      got.release();
    };
  };
  RegistrationId a = add("ROOT\\POOL\\A", recorder(seen_a));
  RegistrationId b = add("ROOT\\POOL\\B", recorder(seen_b));
  constexpr std::uint64_t kEvents = 1000;
  for (std::uint64_t i = 1; i <= kEvents; ++i) {
    publish_for("ROOT\\POOL\\A", i);
    publish_for("ROOT\\POOL\\B", i);
  }
  for (std::uint64_t i = 0; i < 2 * kEvents; ++i) ASSERT_TRUE(got.try_acquire_for(10s));
  EXPECT_EQ(engine().unregister(a), Cr::success);
  EXPECT_EQ(engine().unregister(b), Cr::success);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 1; i <= kEvents; ++i) expected.push_back(i);
  EXPECT_EQ(seen_a, expected);
  EXPECT_EQ(seen_b, expected);
}

TEST_F(PoolReading, UnregisterFromInsideACallbackTheReaderRuns) {
  auto destroyed = std::make_shared<std::atomic<bool>>(false);
  std::atomic<int> calls{0};
  std::atomic<RegistrationId> self{0};
  std::binary_semaphore unregistered(0);
  std::atomic<bool> destroyed_inside{false};
  const std::uint64_t runs_before = engine().stats().reader_runs;
  RegistrationId id = add(
      "ROOT\\POOL\\SELF",
      [&](const Event&, RegistrationId) {
        ++calls;
        self.wait(0);
        EXPECT_EQ(engine().unregister(self.load()), Cr::success);  // returns at once
        destroyed_inside = destroyed->load();
        unregistered.release();
      },
      destroyed);
  self = id;
  self.notify_all();
  publish_for("ROOT\\POOL\\SELF", 1);
  ASSERT_TRUE(unregistered.try_acquire_for(10s));
  publish_for("ROOT\\POOL\\SELF", 2);   // after unregister: never delivered (nothing routes it)
  engine().wait_for_threads_to_exit();  // the last registration went: the pool's threads too
  EXPECT_EQ(calls.load(), 1);
  EXPECT_FALSE(destroyed_inside.load()) << "the subscriber went while its callback ran";
  EXPECT_TRUE(destroyed->load()) << "the subscriber outlived its callback";
  EXPECT_FALSE(source().running());
  EXPECT_EQ(engine().stats().reader_runs - runs_before, 1u);
}

TEST_F(PoolReading, ACallbackWaitingForAnotherRegistrationsEventIsNotADeadlock) {
  // The reader runs A's callback, which waits for B's event: nobody would read B's event if the
  // watchdog did not hand the reading to another worker.
  std::binary_semaphore b_got(0), a_done(0);
  const std::uint64_t handoffs_before = engine().stats().reader_handoffs;
  RegistrationId b = add("ROOT\\POOL\\B", [&](const Event&, RegistrationId) { b_got.release(); });
  RegistrationId a = add("ROOT\\POOL\\A", [&](const Event&, RegistrationId) {
    publish_for("ROOT\\POOL\\B", 1);
    EXPECT_TRUE(b_got.try_acquire_for(20s)) << "B's event never came while A's callback waited";
    a_done.release();
  });
  expect_finishes([&] {
    publish_for("ROOT\\POOL\\A", 1);
    ASSERT_TRUE(a_done.try_acquire_for(20s));
  });
  EXPECT_EQ(engine().unregister(a), Cr::success);
  EXPECT_EQ(engine().unregister(b), Cr::success);
  EXPECT_GE(engine().stats().reader_handoffs - handoffs_before, 1u);
}

TEST_F(PoolReading, ASleepingCallbackHoldsBackNeitherReadingNorOthers) {
  std::atomic<bool> release{false};
  std::binary_semaphore sleeper_in(0);
  std::counting_semaphore<100> others(0);
  RegistrationId sleeper = add("ROOT\\POOL\\SLEEP", [&](const Event&, RegistrationId) {
    sleeper_in.release();
    while (!release.load()) std::this_thread::sleep_for(1ms);
  });
  std::mutex m;
  std::vector<std::uint64_t> seen;
  RegistrationId other = add("ROOT\\POOL\\FAST", [&](const Event& e, RegistrationId) {
    {
      std::lock_guard lock(m);
      seen.push_back(e.sequence);
    }
    others.release();
  });
  publish_for("ROOT\\POOL\\SLEEP", 1);
  ASSERT_TRUE(sleeper_in.try_acquire_for(10s));
  // Paced: each a burst of its own, read and run while the sleeper's callback still runs.
  for (std::uint64_t i = 1; i <= 50; ++i) {
    publish_for("ROOT\\POOL\\FAST", i);
    ASSERT_TRUE(others.try_acquire_for(10s)) << "event " << i << " held back by a sleeper";
  }
  release = true;
  EXPECT_EQ(engine().unregister(sleeper), Cr::success);
  EXPECT_EQ(engine().unregister(other), Cr::success);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 1; i <= 50; ++i) expected.push_back(i);
  EXPECT_EQ(seen, expected);
}

TEST_F(PoolReading, TheReadingGoesBackToTheSourceWhenTheLastPoolRegistrationGoes) {
  std::binary_semaphore got(0);
  RegistrationId id = add("ROOT\\POOL\\BACK", [&](const Event&, RegistrationId) { got.release(); });
  publish_for("ROOT\\POOL\\BACK", 1);
  ASSERT_TRUE(got.try_acquire_for(10s));
  EXPECT_EQ(engine().unregister(id), Cr::success);
  EXPECT_FALSE(engine().stats().pool_reading);
  engine().wait_for_threads_to_exit();  // the reading worker and the watchdog are gone too
  EXPECT_EQ(engine().stats().threads, 0u);
  // And again: a new registration lends the reading anew.
  id = add("ROOT\\POOL\\BACK", [&](const Event&, RegistrationId) { got.release(); });
  publish_for("ROOT\\POOL\\BACK", 2);
  EXPECT_TRUE(got.try_acquire_for(10s));
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

}  // namespace
}  // namespace cmnotify::engine
