// Callbacks that misbehave: several that block for seconds, and C++ callbacks that throw. Other
// registrations keep receiving (the pool grows past its minimum rather than starve them), every
// exception reaches the error handler, and delivery goes on.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::make_device;

// A gate callbacks wait at until the test opens it (or a generous limit passes, so a broken
// engine fails the test instead of hanging it).
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait_for(lock, 60s, [&] { return open_; });
    --waiting_;
  }
  bool wait_for_waiters(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 20s, [&] { return waiting_ >= n; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool open_ = false;
};

// Counts deliveries and lets a test wait for a number of them.
class Counter {
 public:
  void add() {
    std::lock_guard lock(mutex_);
    ++count_;
    cv_.notify_all();
  }
  bool wait_for(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 20s, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int count_ = 0;
};

class Callbacks : public cmnotify::testing::MemoryEngineTest {
 protected:
  void TearDown() override {
    set_callback_error_handler(nullptr);
    MemoryEngineTest::TearDown();
  }
  // One event for the device with this instance ID.
  void publish(const std::string& instance_id, std::uint64_t sequence) {
    const auto device = make_device(instance_id, "/sys/devices/cb/" + instance_id);
    ASSERT_TRUE(source().publish(engine::make_event(
        Action::instance_started, FilterType::device_instance, device, Origin::live, sequence)));
  }
};

TEST_F(Callbacks, SeveralBlockedCallbacksDoNotStopOtherRegistrations) {
  constexpr int kBlocked = 6;  // more than the pool's minimum of threads
  Gate gate;
  std::vector<Subscription> blocked;
  for (int i = 0; i < kBlocked; ++i) {
    blocked.push_back(subscribe(Filter::instance("CB\\BLOCKED\\" + std::to_string(i)),
                                [&](const Event&) { gate.wait(); }));
  }
  Counter free_calls;
  std::vector<std::uint64_t> order;
  auto free = subscribe(Filter::instance("CB\\FREE\\0"), [&](const Event& e) {
    order.push_back(e.sequence);  // callbacks of one registration never overlap
    free_calls.add();
  });

  for (int i = 0; i < kBlocked; ++i) publish("CB\\BLOCKED\\" + std::to_string(i), 1);
  ASSERT_TRUE(gate.wait_for_waiters(kBlocked)) << "blocked callbacks did not all start";
  constexpr int kEvents = 200;
  for (int i = 1; i <= kEvents; ++i) publish("CB\\FREE\\0", static_cast<std::uint64_t>(i));
  const bool delivered = free_calls.wait_for(kEvents);
  const auto stats = engine().stats();
  gate.open();
  ASSERT_TRUE(delivered) << free_calls.count() << " of " << kEvents
                         << " events reached the free registration while " << kBlocked
                         << " callbacks were blocked";
  RecordProperty("peak_threads", static_cast<int>(stats.peak_threads));
  EXPECT_GT(stats.peak_threads, static_cast<std::size_t>(kBlocked))
      << "the pool did not grow past the blocked callbacks";
  ASSERT_EQ(order.size(), static_cast<std::size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i + 1u);
  blocked.clear();  // each waits for its callback, which the open gate lets finish
}

TEST_F(Callbacks, ABlockedCallbackDelaysOnlyItsOwnRegistration) {
  Gate gate;
  Counter slow_calls, fast_calls;
  auto slow = subscribe(Filter::all_instances(), [&](const Event&) {
    slow_calls.add();
    if (slow_calls.count() == 1) gate.wait();
  });
  auto fast = subscribe(Filter::all_instances(), [&](const Event&) { fast_calls.add(); });
  for (int i = 1; i <= 50; ++i) publish("CB\\SHARED\\0", static_cast<std::uint64_t>(i));
  EXPECT_TRUE(fast_calls.wait_for(50));
  // The slow registration's first callback may start after the fast one's last: wait for it.
  ASSERT_TRUE(gate.wait_for_waiters(1)) << "the blocked registration's first callback never ran";
  EXPECT_EQ(slow_calls.count(), 1) << "the blocked registration ran a second callback at once";
  gate.open();
  EXPECT_TRUE(slow_calls.wait_for(50)) << "the blocked registration lost events";
}

TEST_F(Callbacks, ThrowingCallbacksAreReportedAndDeliveryContinues) {
  std::mutex mutex;
  std::vector<std::string> reported;
  Counter handled;
  set_callback_error_handler([&](const Event& e, std::exception_ptr error) {
    std::string what = "?";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (int code) {
      what = "int " + std::to_string(code);
    }
    {
      std::lock_guard lock(mutex);
      reported.push_back(std::to_string(e.sequence) + ": " + what);
    }
    handled.add();
  });
  Counter thrower_calls, bystander_calls;
  auto thrower = subscribe(Filter::instance("CB\\THROW\\0"), [&](const Event& e) {
    thrower_calls.add();
    if (e.sequence % 3 == 1) throw std::runtime_error("boom " + std::to_string(e.sequence));
    if (e.sequence % 3 == 2) throw 42;  // not a std::exception
  });
  auto bystander = subscribe(Filter::all_instances(), [&](const Event&) { bystander_calls.add(); });

  constexpr int kEvents = 30;
  for (int i = 1; i <= kEvents; ++i) publish("CB\\THROW\\0", static_cast<std::uint64_t>(i));
  ASSERT_TRUE(thrower_calls.wait_for(kEvents)) << "delivery stopped after a throw";
  ASSERT_TRUE(bystander_calls.wait_for(kEvents));
  ASSERT_TRUE(handled.wait_for(20));
  std::lock_guard lock(mutex);
  ASSERT_EQ(reported.size(), 20u);
  EXPECT_EQ(reported[0], "1: boom 1");
  EXPECT_EQ(reported[1], "2: int 42");
  EXPECT_EQ(reported[19], "29: int 42");
}

TEST_F(Callbacks, AThrowingErrorHandlerDoesNotStopDeliveryEither) {
  Counter handled;
  set_callback_error_handler([&](const Event&, std::exception_ptr) {
    handled.add();
    throw std::logic_error("the handler itself fails");
  });
  Counter calls;
  auto sub = subscribe(Filter::all_instances(), [&](const Event&) {
    calls.add();
    throw std::runtime_error("boom");
  });
  for (int i = 1; i <= 10; ++i) publish("CB\\HANDLER\\0", static_cast<std::uint64_t>(i));
  EXPECT_TRUE(calls.wait_for(10));
  EXPECT_TRUE(handled.wait_for(10));
}

TEST_F(Callbacks, AThrowingCallbackMayUnregisterItself) {
  Counter handled, calls;
  set_callback_error_handler([&](const Event&, std::exception_ptr) { handled.add(); });
  Subscription sub;
  std::mutex mutex;
  // The callback waits until `sub` is assigned and all five events are queued: once it has
  // unregistered, the source stops with the last registration and would take no more.
  std::unique_lock hold(mutex);
  sub = subscribe(Filter::all_instances(), [&](const Event&) {
    std::lock_guard lock(mutex);
    calls.add();
    sub.reset();  // returns at once from inside the callback
    throw std::runtime_error("after unregistering");
  });
  for (int i = 1; i <= 5; ++i) publish("CB\\SELF\\0", static_cast<std::uint64_t>(i));
  hold.unlock();
  ASSERT_TRUE(handled.wait_for(1));
  // The handler runs after the callback returned: the registration is closed by then, and the
  // events queued behind the first one are never delivered.
  EXPECT_EQ(engine().stats().registrations, 0u);
  EXPECT_EQ(calls.count(), 1);
  EXPECT_EQ(handled.count(), 1);
}

}  // namespace
}  // namespace cmnotify
