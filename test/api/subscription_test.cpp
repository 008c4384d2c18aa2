// The C++ API: RAII subscriptions over the engine, with the same lifecycle guarantees.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <semaphore>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::make_device;

class SubscriptionTest : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    device_ = make_device(
        "USB\\VID_046D&PID_0826\\9DC49FA0", "/sys/devices/usb/1-2",
        {{interface_class::usb_device,
          "\\\\?\\USB#VID_046D&PID_0826#9DC49FA0#{a5dcbf10-6530-11d2-901f-00c04fb951ed}"}});
  }
  void TearDown() override {
    set_callback_error_handler(nullptr);
    MemoryEngineTest::TearDown();
  }
  DevicePtr device_;
};

TEST_F(SubscriptionTest, DeliversEventsWithUtf8StringsAndTheLinuxIdentity) {
  std::promise<Event> got;
  std::atomic<bool> first{true};
  auto sub = subscribe(Filter::interface_class(interface_class::usb_device), [&](const Event& e) {
    if (first.exchange(false)) got.set_value(e);
  });
  EXPECT_TRUE(sub.active());
  source().add_device(device_);
  auto f = got.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  const Event e = f.get();
  EXPECT_EQ(e.action, Action::interface_arrival);
  EXPECT_EQ(e.filter_type, FilterType::device_interface);
  EXPECT_EQ(e.class_guid, interface_class::usb_device);
  EXPECT_EQ(e.symbolic_link, device_->interfaces[0].symbolic_link);
  EXPECT_EQ(e.instance_id(), "USB\\VID_046D&PID_0826\\9DC49FA0");
  EXPECT_EQ(e.device->syspath, "/sys/devices/usb/1-2");
  EXPECT_EQ(e.origin, Origin::live);
}

TEST_F(SubscriptionTest, DestructorUnregistersAndWaitsForTheCallback) {
  std::binary_semaphore entered(0);
  std::atomic<bool> callback_finished{false};
  auto captured = std::make_shared<int>(7);
  std::weak_ptr<int> watch = captured;
  {
    auto sub = subscribe(Filter::all_instances(), [&, captured](const Event&) {
      entered.release();
      std::this_thread::sleep_for(100ms);
      callback_finished = true;
    });
    captured.reset();
    source().add_device(device_);
    ASSERT_TRUE(entered.try_acquire_for(10s));
  }  // ~Subscription
  EXPECT_TRUE(callback_finished.load()) << "returned while the callback ran";
  EXPECT_TRUE(watch.expired()) << "the callback's captures are released when reset returns";
}

TEST_F(SubscriptionTest, ResetInsideItsOwnCallbackIsSafe) {
  std::atomic<int> calls{0};
  std::binary_semaphore done(0);
  std::optional<Subscription> sub;
  std::mutex sub_mutex;
  std::unique_lock hold(sub_mutex);  // the callback may run before subscribe() returns
  sub = subscribe(Filter::all_instances(), [&](const Event&) {
    if (++calls != 1) return;
    std::lock_guard lock(sub_mutex);
    sub->reset();
    done.release();
  });
  hold.unlock();
  source().add_device(device_);
  ASSERT_TRUE(done.try_acquire_for(10s));
  EXPECT_FALSE(sub->active());
  source().remove_device(device_->syspath);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(SubscriptionTest, MoveTransfersOwnership) {
  std::atomic<int> calls{0};
  Subscription a = subscribe(Filter::all_instances(), [&](const Event&) { ++calls; });
  const auto id = a.id();
  Subscription b = std::move(a);
  EXPECT_FALSE(a.active());  // NOLINT(bugprone-use-after-move): the moved-from state is defined
  EXPECT_EQ(b.id(), id);
  Subscription c;
  c = std::move(b);
  EXPECT_EQ(c.id(), id);
  EXPECT_TRUE(engine().is_open(id));
  c.reset();
  EXPECT_FALSE(engine().is_open(id));
  c.reset();  // twice is harmless
}

TEST_F(SubscriptionTest, AThrowingCallbackIsReportedAndDoesNotStopDelivery) {
  std::mutex m;
  std::vector<std::string> reported;
  std::counting_semaphore<16> seen(0);
  set_callback_error_handler([&](const Event& e, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& ex) {
      std::lock_guard lock(m);
      reported.push_back(std::string(to_string(e.action)) + ": " + ex.what());
    }
    seen.release();
  });
  auto sub =
      subscribe(Filter::all_instances(), [](const Event&) { throw std::runtime_error("boom"); });
  source().add_device(device_);  // enumerated + started
  ASSERT_TRUE(seen.try_acquire_for(10s));
  ASSERT_TRUE(seen.try_acquire_for(10s));
  sub.reset();
  set_callback_error_handler(nullptr);  // the handler captures this test's locals
  std::lock_guard lock(m);
  ASSERT_EQ(reported.size(), 2u);
  EXPECT_EQ(reported[0], "DEVICEINSTANCEENUMERATED: boom");
  EXPECT_EQ(reported[1], "DEVICEINSTANCESTARTED: boom");
}

TEST_F(SubscriptionTest, WithoutAHandlerAThrowingCallbackIsReportedOnStderr) {
  set_callback_error_handler(nullptr);  // the default: one line to stderr
  std::counting_semaphore<16> thrown(0);
  ::testing::internal::CaptureStderr();
  auto sub = subscribe(Filter::all_instances(), [&](const Event&) {
    thrown.release();
    throw std::runtime_error("boom");
  });
  source().add_device(device_);  // enumerated + started
  ASSERT_TRUE(thrown.try_acquire_for(10s));
  ASSERT_TRUE(thrown.try_acquire_for(10s));
  const auto id = sub.id();
  sub.reset();  // returns when the second callback, and its report, are over
  const std::string err = ::testing::internal::GetCapturedStderr();
  const std::string registration = "registration " + std::to_string(id);
  EXPECT_NE(err.find(registration + " threw on DEVICEINSTANCEENUMERATED " + device_->instance_id +
                     ": boom\n"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(registration + " threw on DEVICEINSTANCESTARTED"), std::string::npos) << err;
}

TEST_F(SubscriptionTest, InvalidFiltersThrowWithTheCrCode) {
  auto code_of = [](auto fn) {
    try {
      fn();
    } catch (const Error& e) {
      return e.code();
    }
    return Cr::success;
  };
  EXPECT_EQ(code_of([] { (void)Filter::interface_class(Guid{}); }), Cr::invalid_data);
  EXPECT_EQ(code_of([] { (void)Filter::instance(""); }), Cr::invalid_device_id);
  EXPECT_EQ(code_of([] { (void)Filter::instance("HAS SPACE"); }), Cr::invalid_device_id);
  EXPECT_EQ(code_of([] { (void)Filter::instance("A,B"); }), Cr::invalid_device_id);
  EXPECT_EQ(code_of([] { (void)Filter::instance(std::string(200, 'A')); }), Cr::invalid_device_id);
  EXPECT_EQ(code_of([] { (void)Filter::instance("caf\xc3\xa9"); }), Cr::invalid_device_id);
  EXPECT_EQ(code_of([] { (void)Filter::device(-1); }), Cr::invalid_data);
  EXPECT_EQ(code_of([] { (void)subscribe(Filter::all_instances(), nullptr); }),
            Cr::invalid_pointer);
  EXPECT_EQ(code_of([] { (void)subscribe(Filter::device(1'000'000), [](const Event&) {}); }),
            Cr::invalid_data);
  EXPECT_NO_THROW((void)Filter::instance(std::string(199, 'A')));
}

TEST_F(SubscriptionTest, RefusedInputIsQuotedReadablyInTheMessage) {
  auto message_of = [](auto fn) {
    try {
      fn();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  using namespace std::string_literals;
  const std::string nul = message_of([] { (void)Filter::instance("SWD\\A\0B"s); });
  EXPECT_NE(nul.find(R"("SWD\\A\x00B")"), std::string::npos) << nul;
  EXPECT_EQ(nul.find('\0'), std::string::npos);
  const std::string escape = message_of([] { (void)Filter::instance("\x1b]0;title\x07"); });
  EXPECT_EQ(escape.find('\x1b'), std::string::npos) << "a terminal escape reached the message";
  const std::string huge = message_of([] { (void)Filter::instance(std::string(1 << 20, 'A')); });
  EXPECT_LT(huge.size(), 300u);
  EXPECT_NE(huge.find("(1048576 bytes)"), std::string::npos) << huge;
  const std::string guid = message_of([] { (void)Guid::from_string("{\n}"); });
  EXPECT_NE(guid.find(R"("{\x0a}")"), std::string::npos) << guid;
}

TEST_F(SubscriptionTest, PresentDevicesThenLiveEventsEachExactlyOnce) {
  source().add_device(device_);
  std::mutex m;
  std::vector<std::pair<Action, Origin>> seen;
  SubscribeOptions options;
  options.present = true;
  auto sub = subscribe(
      Filter::interface_class(interface_class::usb_device),
      [&](const Event& e) {
        std::lock_guard lock(m);
        seen.emplace_back(e.action, e.origin);
      },
      options);
  source().remove_device(device_->syspath);
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(m);
      if (seen.size() >= 2) break;
    }
    std::this_thread::sleep_for(5ms);
  }
  sub.reset();
  std::lock_guard lock(m);
  const std::vector<std::pair<Action, Origin>> expected = {
      {Action::interface_arrival, Origin::present}, {Action::interface_removal, Origin::live}};
  EXPECT_EQ(seen, expected);
}

TEST_F(SubscriptionTest, ChangedEventsOnlyWhenAsked) {
  std::atomic<int> with{0}, without{0};
  SubscribeOptions no_changes;
  no_changes.changes = false;
  auto a = subscribe(Filter::all_instances(), [&](const Event& e) {
    if (e.action == Action::changed) ++with;
  });
  auto b = subscribe(
      Filter::all_instances(),
      [&](const Event& e) {
        if (e.action == Action::changed) ++without;
      },
      no_changes);
  source().publish(
      engine::make_event(Action::changed, FilterType::device_instance, device_, Origin::live, 1));
  for (int i = 0; i < 500 && with.load() == 0; ++i) std::this_thread::sleep_for(5ms);
  a.reset();
  b.reset();
  EXPECT_EQ(with.load(), 1);
  EXPECT_EQ(without.load(), 0);
}

}  // namespace
}  // namespace cmnotify
