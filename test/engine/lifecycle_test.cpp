// The engine's lifecycle guarantees, each proved against the in-memory source.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <barrier>
#include <chrono>
#include <future>
#include <latch>
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
using cmnotify::testing::all_instances;
using cmnotify::testing::expect_finishes;
using cmnotify::testing::instance_filter;
using cmnotify::testing::make_device;
using cmnotify::testing::subscriber;

const Guid kClass = make_guid(0x12345678, 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8);

class LifecycleTest : public cmnotify::testing::MemoryEngineTest {
 public:
  using FunctionSubscriberFn = cmnotify::testing::FunctionSubscriber::Fn;

 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    device_ =
        make_device("ROOT\\TEST\\0001", "/sys/devices/test/1",
                    {{kClass, "\\\\?\\ROOT#TEST#0001#{12345678-1234-5678-0102-030405060708}"}});
  }

  EventPtr event(std::uint64_t seq) {
    return make_event(Action::instance_started, FilterType::device_instance, device_, Origin::live,
                      seq);
  }

  RegistrationId add(FilterSpec filter, FunctionSubscriberFn fn,
                     std::shared_ptr<std::atomic<bool>> destroyed = nullptr,
                     RegisterOptions options = {}) {
    RegistrationId id = 0;
    EXPECT_EQ(engine().register_subscriber(std::move(filter), subscriber(std::move(fn), destroyed),
                                           options, id),
              Cr::success);
    return id;
  }

  DevicePtr device_;
};

TEST_F(LifecycleTest, DeliversMatchingEventsInOrderAndNothingElse) {
  std::mutex m;
  std::vector<std::uint64_t> seen;
  std::counting_semaphore<1000> got(0);
  RegistrationId id = add(instance_filter("root\\test\\0001"), [&](const Event& e, RegistrationId) {
    std::lock_guard lock(m);
    seen.push_back(e.sequence);
    got.release();
  });
  auto other = make_device("ROOT\\TEST\\0002", "/sys/devices/test/2");
  for (std::uint64_t i = 1; i <= 100; ++i) {
    source().publish(event(i));
    source().publish(make_event(Action::instance_started, FilterType::device_instance, other,
                                Origin::live, 1000 + i));
  }
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(got.try_acquire_for(10s));
  EXPECT_EQ(engine().unregister(id), Cr::success);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 1; i <= 100; ++i) expected.push_back(i);
  EXPECT_EQ(seen, expected) << "case-insensitive instance match, in order, nothing else";
}

TEST_F(LifecycleTest, UnregisterWaitsForTheRunningCallback) {
  std::binary_semaphore entered(0), release(0);
  std::atomic<bool> callback_done{false};
  auto destroyed = std::make_shared<std::atomic<bool>>(false);
  const std::uint64_t reader_runs = engine().stats().reader_runs;
  RegistrationId id = add(
      instance_filter(device_->instance_id),
      [&](const Event&, RegistrationId) {
        entered.release();
        release.acquire();
        std::this_thread::sleep_for(20ms);
        callback_done = true;
      },
      destroyed);
  source().publish(event(1));
  ASSERT_TRUE(entered.try_acquire_for(10s));
  // With the reading lent to the pool (ctest's PoolReading/ run), the reading worker runs it.
  if (engine().stats().pool_reading) {
    EXPECT_EQ(engine().stats().reader_runs - reader_runs, 1u) << "not run by the reading worker";
  }

  std::atomic<bool> returned{false};
  std::thread unregistering([&] {
    EXPECT_EQ(engine().unregister(id), Cr::success);
    EXPECT_TRUE(callback_done.load()) << "unregister returned while the callback ran";
    EXPECT_TRUE(destroyed->load()) << "context still referenced after unregister returned";
    returned = true;
  });
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(returned.load());
  release.release();
  unregistering.join();
  EXPECT_TRUE(returned.load());
}

TEST_F(LifecycleTest, NoCallbackStartsAfterUnregisterReturns) {
  for (int round = 0; round < 50; ++round) {
    std::atomic<bool> unregistered{false};
    std::atomic<int> late{0}, calls{0};
    RegistrationId id =
        add(instance_filter(device_->instance_id), [&](const Event&, RegistrationId) {
          if (unregistered.load()) ++late;
          ++calls;
        });
    std::atomic<bool> stop{false};
    std::thread publisher([&] {
      for (std::uint64_t i = 0; !stop.load(); ++i) source().publish(event(i));
    });
    while (calls.load() < 10) std::this_thread::yield();
    ASSERT_EQ(engine().unregister(id), Cr::success);
    unregistered = true;
    std::this_thread::sleep_for(2ms);
    stop = true;
    publisher.join();
    EXPECT_EQ(late.load(), 0) << "round " << round;
  }
}

TEST_F(LifecycleTest, UnregisterFromItsOwnCallbackReturnsAtOnce) {
  auto destroyed = std::make_shared<std::atomic<bool>>(false);
  std::atomic<int> calls{0};
  std::promise<Cr> result;
  std::atomic<bool> destroyed_during_callback{true};
  add(
      instance_filter(device_->instance_id),
      [&](const Event&, RegistrationId self) {
        if (++calls > 1) return;
        result.set_value(engine().unregister(self));
        // The subscriber (this very object) must survive until the callback returns.
        destroyed_during_callback = destroyed->load();
      },
      destroyed);
  for (int i = 0; i < 20; ++i) source().publish(event(i));
  auto f = result.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(f.get(), Cr::success);
  for (int i = 0; i < 100 && !destroyed->load(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(destroyed->load()) << "released once the callback returned";
  EXPECT_FALSE(destroyed_during_callback.load());
  for (int i = 0; i < 20; ++i) source().publish(event(i));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls.load(), 1) << "no callback after unregistering from inside";
}

TEST_F(LifecycleTest, InvalidHandlesAreRejectedWithoutCrashing) {
  EXPECT_EQ(engine().unregister(0), Cr::invalid_data);
  EXPECT_EQ(engine().unregister(1), Cr::invalid_data);
  EXPECT_EQ(engine().unregister(~RegistrationId{0}), Cr::invalid_data);
  EXPECT_EQ(engine().unregister(0xdeadbeefcafebabeULL), Cr::invalid_data);
  RegistrationId id = add(all_instances(), [](const Event&, RegistrationId) {});
  EXPECT_EQ(engine().unregister(id + 1), Cr::invalid_data) << "never issued";
  EXPECT_EQ(engine().unregister(id), Cr::success);
  EXPECT_EQ(engine().unregister(id), Cr::invalid_data) << "double unregister";
}

TEST_F(LifecycleTest, CallbacksUnregisteringEachOtherDoNotHang) {
  // Both callbacks are running at once and each unregisters the other: a cycle of waits. The
  // engine's rule: the wait that would close the cycle returns at once.
  for (int round = 0; round < 20; ++round) {
    std::barrier both_running(2);
    std::atomic<RegistrationId> a{0}, b{0};
    std::atomic<int> returned{0};
    std::latch ids_known(1);
    auto body = [&](std::atomic<RegistrationId>& other) {
      return [&](const Event&, RegistrationId) {
        ids_known.wait();
        both_running.arrive_and_wait();
        EXPECT_EQ(engine().unregister(other.load()), Cr::success);
        ++returned;
      };
    };
    // Distinct filters so each registration gets its own event.
    a = add(instance_filter("ROOT\\A\\0"), body(b));
    b = add(instance_filter("ROOT\\B\\0"), body(a));
    ids_known.count_down();
    expect_finishes([&] {
      source().publish(make_event(Action::instance_started, FilterType::device_instance,
                                  make_device("ROOT\\A\\0", "/a"), Origin::live, 1));
      source().publish(make_event(Action::instance_started, FilterType::device_instance,
                                  make_device("ROOT\\B\\0", "/b"), Origin::live, 1));
      while (returned.load() < 2) std::this_thread::sleep_for(1ms);
    });
    EXPECT_FALSE(engine().is_open(a));
    EXPECT_FALSE(engine().is_open(b));
  }
}

TEST_F(LifecycleTest, ThreeCallbacksUnregisteringInACycleDoNotHang) {
  std::barrier all_running(3);
  std::atomic<RegistrationId> ids[3];
  std::latch ids_known(1);
  std::atomic<int> returned{0};
  const char* names[3] = {"ROOT\\C\\0", "ROOT\\C\\1", "ROOT\\C\\2"};
  for (int i = 0; i < 3; ++i) {
    ids[i] = add(instance_filter(names[i]), [&, i](const Event&, RegistrationId) {
      ids_known.wait();
      all_running.arrive_and_wait();
      EXPECT_EQ(engine().unregister(ids[(i + 1) % 3].load()), Cr::success);
      ++returned;
    });
  }
  ids_known.count_down();
  expect_finishes([&] {
    for (int i = 0; i < 3; ++i)
      source().publish(make_event(Action::instance_started, FilterType::device_instance,
                                  make_device(names[i], std::string("/c") + char('0' + i)),
                                  Origin::live, 1));
    while (returned.load() < 3) std::this_thread::sleep_for(1ms);
  });
}

TEST_F(LifecycleTest, ARegistrationMadeInsideACallbackWorksAndCanBeClosedThere) {
  // hidapi deadlocks here; nothing of the engine is locked while a callback runs.
  std::atomic<RegistrationId> inner{0};
  std::binary_semaphore inner_got(0), inner_closed(0);
  RegistrationId outer = 0;
  expect_finishes([&] {
    outer = add(instance_filter(device_->instance_id), [&](const Event& e, RegistrationId) {
      if (e.sequence == 1) {
        RegistrationId id = 0;
        EXPECT_EQ(
            engine().register_subscriber(
                instance_filter(device_->instance_id),
                subscriber([&](const Event&, RegistrationId) { inner_got.release(); }), {}, id),
            Cr::success);
        inner = id;
      } else if (e.sequence == 3) {
        EXPECT_EQ(engine().unregister(inner.load()), Cr::success);
        inner_closed.release();
      }
    });
    source().publish(event(1));
    for (int i = 0; i < 1000 && inner.load() == 0; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_NE(inner.load(), 0u) << "the callback could not register";
    source().publish(event(2));
    ASSERT_TRUE(inner_got.try_acquire_for(10s)) << "the inner registration got nothing";
    source().publish(event(3));
    ASSERT_TRUE(inner_closed.try_acquire_for(10s));
    EXPECT_EQ(engine().unregister(outer), Cr::success);
  });
  EXPECT_EQ(engine().unregister(inner.load()), Cr::invalid_data) << "closed in the callback";
}

TEST_F(LifecycleTest, BlockedCallbacksDoNotHoldBackOtherRegistrations) {
  // More blocked registrations than the pool's minimum: the pool must grow.
  const int blocked = static_cast<int>(std::max(2u, std::thread::hardware_concurrency())) + 2;
  std::counting_semaphore<64> entered(0);
  std::atomic<bool> release{false};
  std::vector<RegistrationId> slow;
  for (int i = 0; i < blocked; ++i) {
    const std::string id = "ROOT\\SLOW\\" + std::to_string(i);
    slow.push_back(add(instance_filter(id), [&](const Event&, RegistrationId) {
      entered.release();
      while (!release.load()) std::this_thread::sleep_for(1ms);
    }));
    source().publish(make_event(Action::instance_started, FilterType::device_instance,
                                make_device(id, "/slow" + std::to_string(i)), Origin::live, 1));
  }
  for (int i = 0; i < blocked; ++i) ASSERT_TRUE(entered.try_acquire_for(10s));

  std::binary_semaphore fast_got(0);
  RegistrationId fast = add(instance_filter(device_->instance_id),
                            [&](const Event&, RegistrationId) { fast_got.release(); });
  source().publish(event(1));
  EXPECT_TRUE(fast_got.try_acquire_for(5s)) << "a fast registration starved behind slow ones";
  release = true;
  EXPECT_EQ(engine().unregister(fast), Cr::success);
  for (auto id : slow) EXPECT_EQ(engine().unregister(id), Cr::success);
  EXPECT_GT(engine().stats().peak_threads, static_cast<std::size_t>(blocked));
}

class PublishOnRegister final : public RegistrationObserver {
 public:
  std::function<void(RegistrationId)> fn;
  void registered(RegistrationId id) override { fn(id); }
};

TEST_F(LifecycleTest, CallbackMayRunBeforeRegisterReturns) {
  std::binary_semaphore ran(0);
  std::atomic<RegistrationId> seen_id{0};
  PublishOnRegister hook;
  hook.fn = [&](RegistrationId) {
    source().publish(event(1));
    ASSERT_TRUE(ran.try_acquire_for(10s));  // the callback completes while we are still inside
  };
  engine().set_registration_observer(&hook);
  RegistrationId id =
      add(instance_filter(device_->instance_id), [&](const Event&, RegistrationId self) {
        seen_id = self;
        ran.release();
      });
  engine().set_registration_observer(nullptr);
  EXPECT_EQ(seen_id.load(), id) << "the callback is told its registration";
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

TEST_F(LifecycleTest, SourceAndThreadsRunOnlyWhileRegistrationsExist) {
  EXPECT_FALSE(source().running());
  RegistrationId a = add(all_instances(), [](const Event&, RegistrationId) {});
  RegistrationId b = add(all_instances(), [](const Event&, RegistrationId) {});
  EXPECT_TRUE(source().running());
  EXPECT_EQ(source().start_count(), 1);
  source().publish(event(1));
  EXPECT_EQ(engine().unregister(a), Cr::success);
  EXPECT_TRUE(source().running());
  EXPECT_EQ(engine().unregister(b), Cr::success);
  EXPECT_FALSE(source().running());
  EXPECT_EQ(source().stop_count(), 1);
  expect_finishes([&] { engine().wait_for_threads_to_exit(); });
  EXPECT_EQ(engine().stats().threads, 0u);
}

TEST_F(LifecycleTest, SourceStartFailureIsReportedAndLeavesNothingOpen) {
  source().fail_next_start(Cr::no_cm_services);
  RegistrationId id = 0;
  EXPECT_EQ(engine().register_subscriber(all_instances(),
                                         subscriber([](const Event&, RegistrationId) {}), {}, id),
            Cr::no_cm_services);
  EXPECT_EQ(engine().stats().registrations, 0u);
  EXPECT_FALSE(source().running());
}

TEST_F(LifecycleTest, PresentDevicesComeFirstThenLiveEventsExactlyOnce) {
  source().add_device(device_);
  auto second = make_device("ROOT\\TEST\\0002", "/sys/devices/test/2", {}, false);
  source().add_device(second);
  std::mutex m;
  std::vector<std::pair<Action, std::string>> seen;
  std::vector<Origin> origins;
  RegisterOptions options;
  options.present = true;
  RegistrationId id = add(
      all_instances(),
      [&](const Event& e, RegistrationId) {
        std::lock_guard lock(m);
        seen.emplace_back(e.action, e.device->instance_id);
        origins.push_back(e.origin);
      },
      nullptr, options);
  source().remove_device(second->syspath);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(engine().unregister(id), Cr::success);
  std::vector<std::pair<Action, std::string>> expected = {
      {Action::instance_enumerated, "ROOT\\TEST\\0001"},
      {Action::instance_started, "ROOT\\TEST\\0001"},
      {Action::instance_enumerated, "ROOT\\TEST\\0002"},
      {Action::instance_removed, "ROOT\\TEST\\0002"},
  };
  EXPECT_EQ(seen, expected);
  ASSERT_EQ(origins.size(), 4u);
  EXPECT_EQ(origins[0], Origin::present);
  EXPECT_EQ(origins[3], Origin::live);
}

TEST_F(LifecycleTest, AThrowingCallbackIsReportedAndDeliveryContinues) {
  std::atomic<int> calls{0};
  RegistrationId id = add(instance_filter(device_->instance_id), [&](const Event&, RegistrationId) {
    ++calls;
    throw std::runtime_error("boom");
  });
  for (int i = 0; i < 5; ++i) source().publish(event(i));
  for (int i = 0; i < 500 && calls.load() < 5; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(calls.load(), 5);
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

TEST_F(LifecycleTest, HandleRegistrationsFollowTheirDevice) {
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  auto null_device = std::make_shared<Device>();
  null_device->instance_id = "ROOT\\NULL\\0000";
  null_device->syspath = "/sys/devices/virtual/mem/null";
  null_device->major = major(st.st_rdev);
  null_device->minor = minor(st.st_rdev);
  source().add_device(null_device);

  int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  FilterSpec f;
  f.type = FilterType::device_handle;
  f.native_handle = fd;
  std::binary_semaphore removed(0);
  std::atomic<Action> last{Action::changed};
  RegistrationId id = add(f, [&](const Event& e, RegistrationId) {
    last = e.action;
    removed.release();
  });
  ::close(fd);  // the caller may close the handle after registering
  source().remove_device(null_device->syspath);
  ASSERT_TRUE(removed.try_acquire_for(10s));
  EXPECT_EQ(last.load(), Action::remove_complete);
  EXPECT_EQ(engine().unregister(id), Cr::success);

  f.native_handle = fd;  // closed now
  RegistrationId bad = 0;
  EXPECT_EQ(
      engine().register_subscriber(f, subscriber([](const Event&, RegistrationId) {}), {}, bad),
      Cr::invalid_data);
  EXPECT_EQ(bad, 0u);
}

}  // namespace
}  // namespace cmnotify::engine
