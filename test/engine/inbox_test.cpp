// The thread-owned inbox (engine/inbox.hpp) against the in-memory source: order, present then
// live exactly once, the bound and its resync, the waker, and the lifecycle of owner-thread
// deliveries.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <semaphore>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/delivered_view.hpp"
#include "engine/device_events.hpp"
#include "engine/inbox.hpp"
#include "support/memory_engine.hpp"
#include "support/recording_subscriber.hpp"

namespace cmnotify::engine {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::all_instances;
using cmnotify::testing::make_device;

const Guid kClass = make_guid(0x1a2b3c4d, 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8);

FilterSpec interface_class(const Guid& guid) {
  FilterSpec f;
  f.type = FilterType::device_interface;
  f.class_guid = guid;
  return f;
}

DevicePtr numbered_device(int n, bool with_interface = false) {
  const std::string number = std::to_string(n);
  std::vector<DeviceInterface> interfaces;
  if (with_interface) interfaces.push_back({kClass, "\\\\?\\ROOT#INBOX#" + number + "#{x}"});
  return make_device("ROOT\\INBOX\\" + number, "/sys/devices/inbox/" + number,
                     std::move(interfaces));
}

// Counts the waker's calls; `readable` follows them as an eventfd would.
struct WakeLog {
  std::atomic<int> wakes{0};
  std::atomic<int> drains{0};
  std::atomic<bool> readable{false};
  std::atomic<bool> destroyed{false};
};

class LoggingWaker final : public InboxWaker {
 public:
  explicit LoggingWaker(std::shared_ptr<WakeLog> log) : log_(std::move(log)) {}
  ~LoggingWaker() override { log_->destroyed = true; }
  void wake() noexcept override {
    ++log_->wakes;
    log_->readable = true;
  }
  void drained() noexcept override {
    ++log_->drains;
    log_->readable = false;
  }

 private:
  std::shared_ptr<WakeLog> log_;
};

// The instance IDs an application holds after applying instance events in order.
void apply(std::set<std::string>& view, const Event& event) {
  if (event.action == Action::instance_enumerated) view.insert(event.instance_id());
  if (event.action == Action::instance_removed) view.erase(event.instance_id());
}

std::set<std::string> present_ids(Engine& engine) {
  std::vector<DevicePtr> devices;
  EXPECT_EQ(engine.present_devices(devices), Cr::success);
  std::set<std::string> ids;
  for (const DevicePtr& d : devices) ids.insert(d->instance_id);
  return ids;
}

class InboxTest : public cmnotify::testing::MemoryEngineTest {
 protected:
  std::shared_ptr<Inbox> make_inbox(std::size_t bound = Inbox::kDefaultBound) {
    return std::make_shared<Inbox>(std::make_unique<LoggingWaker>(log_), bound);
  }

  RegistrationId add(const std::shared_ptr<Inbox>& inbox, FilterSpec filter, bool present,
                     std::unique_ptr<Subscriber> subscriber = nullptr) {
    RegisterOptions options;
    options.present = present;
    RegistrationId id = 0;
    EXPECT_EQ(
        engine().register_subscriber(std::move(filter), std::move(subscriber), options, id, inbox),
        Cr::success);
    return id;
  }

  std::vector<EventPtr> take_all(Inbox& inbox) {
    std::vector<EventPtr> events;
    InboxEntry entry;
    while (inbox.take(entry)) events.push_back(entry.event);
    return events;
  }

  std::shared_ptr<WakeLog> log_ = std::make_shared<WakeLog>();
};

TEST_F(InboxTest, PresentDevicesThenLiveEventsExactlyOnceInOrder) {
  for (int n = 0; n < 5; ++n) source().add_device(numbered_device(n));
  auto inbox = make_inbox();
  const RegistrationId id = add(inbox, all_instances(), true);
  source().add_device(numbered_device(5));
  source().remove_device("/sys/devices/inbox/0");

  std::vector<EventPtr> events = take_all(*inbox);
  std::set<std::string> view;
  std::size_t present = 0, live = 0;
  for (const EventPtr& e : events) {
    if (e->origin == Origin::present) {
      EXPECT_EQ(live, 0u) << "a present event after a live one";
      ++present;
    } else {
      ++live;
    }
    apply(view, *e);
  }
  EXPECT_EQ(present, 10u) << "enumerated + started for each of 5 devices";
  EXPECT_EQ(live, 3u) << "enumerated + started of device 5, removed of device 0";
  EXPECT_EQ(view, present_ids(engine()));
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

TEST_F(InboxTest, WakesWhenNonEmptyAndReportsDrained) {
  auto inbox = make_inbox();
  const RegistrationId id = add(inbox, all_instances(), false);
  EXPECT_FALSE(log_->readable.load());
  source().add_device(numbered_device(1));
  source().add_device(numbered_device(2));
  EXPECT_TRUE(log_->readable.load());
  EXPECT_EQ(log_->wakes.load(), 1) << "one wake-up for the empty -> non-empty transition";
  InboxEntry entry;
  ASSERT_TRUE(inbox->take(entry));
  EXPECT_TRUE(log_->readable.load()) << "still events waiting";
  EXPECT_EQ(take_all(*inbox).size(), 3u);
  EXPECT_FALSE(log_->readable.load());
  EXPECT_FALSE(inbox->take(entry)) << "never blocks";
  EXPECT_EQ(engine().unregister(id), Cr::success);
  inbox->close();
  EXPECT_TRUE(log_->destroyed.load()) << "closing the inbox releases its waker";
}

TEST_F(InboxTest, TheNotifierIsResetOnlyWhenItWasWoken) {
  auto inbox = make_inbox();
  const RegistrationId id = add(inbox, all_instances(), false);
  InboxEntry entry;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(inbox->take(entry));
  EXPECT_EQ(log_->drains.load(), 0) << "an empty take costs the notifier nothing";
  source().add_device(numbered_device(1));
  EXPECT_EQ(take_all(*inbox).size(), 2u);
  EXPECT_FALSE(inbox->take(entry));
  EXPECT_EQ(log_->wakes.load(), 1);
  EXPECT_EQ(log_->drains.load(), 1) << "reset once, when the last entry was taken";
  EXPECT_FALSE(inbox->stats().reading_directly) << "the in-memory source reads on its own";
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

// dispatch() settles the notifier once, however it ends: the take that finds the inbox empty
// resets it under its own lock; a call stopped by `max` or by a throwing handler leaves it set.
TEST_F(InboxTest, DispatchSettlesTheNotifierOnceHoweverItEnds) {
  auto inbox = make_inbox();
  const RegistrationId id = add(inbox, all_instances(), false);
  std::size_t ran = 0;
  const auto count = [&ran](Registration&, const Event&) { ++ran; };
  EXPECT_EQ(inbox->dispatch(10, count), 0u);
  EXPECT_EQ(log_->drains.load(), 0) << "an empty dispatch costs the notifier nothing";
  for (int n = 0; n < 3; ++n) source().add_device(numbered_device(n));  // 6 events
  ASSERT_EQ(log_->wakes.load(), 1);
  EXPECT_EQ(inbox->dispatch(2, count), 2u);
  EXPECT_TRUE(log_->readable.load()) << "stopped by max: entries still wait";
  EXPECT_EQ(log_->drains.load(), 0);
  EXPECT_THROW(
      inbox->dispatch(10, [](Registration&, const Event&) { throw std::runtime_error("x"); }),
      std::runtime_error);
  EXPECT_TRUE(log_->readable.load()) << "stopped by the handler: entries still wait";
  EXPECT_EQ(log_->drains.load(), 0);
  EXPECT_EQ(inbox->dispatch(2, count), 2u);
  EXPECT_TRUE(log_->readable.load()) << "one entry left";
  EXPECT_EQ(inbox->dispatch(10, count), 1u);
  EXPECT_FALSE(log_->readable.load()) << "emptied: reset by the take that found nothing";
  EXPECT_EQ(log_->drains.load(), 1);
  EXPECT_EQ(ran, 5u) << "the entry whose handler threw counts as delivered";
  EXPECT_EQ(inbox->dispatch(10, count), 0u);
  EXPECT_EQ(log_->drains.load(), 1) << "reset once";
  EXPECT_EQ(log_->wakes.load(), 1) << "the owner took everything it was woken for";
  source().add_device(numbered_device(7));
  EXPECT_EQ(log_->wakes.load(), 2);
  EXPECT_EQ(inbox->dispatch(2, count), 2u) << "exactly what waits, max reached as it empties";
  EXPECT_FALSE(log_->readable.load()) << "stopped by max with nothing left: reset on the way out";
  EXPECT_EQ(log_->drains.load(), 2);
  EXPECT_EQ(inbox->dispatch(1, count), 0u);
  EXPECT_EQ(log_->drains.load(), 2);
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

TEST_F(InboxTest, ABurstWakesTheOwnerOnceAtItsEnd) {
  auto inbox = make_inbox();
  const RegistrationId id = add(inbox, all_instances(), false);
  Inbox::begin_burst();
  for (int n = 0; n < 5; ++n) source().add_device(numbered_device(n));
  EXPECT_EQ(log_->wakes.load(), 0) << "held until the burst ends";
  Inbox::end_burst();
  EXPECT_EQ(log_->wakes.load(), 1);
  EXPECT_EQ(take_all(*inbox).size(), 10u);
  Inbox::begin_burst();
  source().add_device(numbered_device(7));
  EXPECT_EQ(take_all(*inbox).size(), 2u) << "the owner may take before the wake-up";
  Inbox::end_burst();
  EXPECT_EQ(log_->wakes.load(), 1) << "nothing left to announce";
  EXPECT_FALSE(log_->readable.load());
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

TEST_F(InboxTest, OneInboxKeepsTheRoutingOrderOfSeveralRegistrations) {
  auto inbox = make_inbox();
  const RegistrationId instances = add(inbox, all_instances(), false);
  const RegistrationId interfaces = add(inbox, interface_class(kClass), false);
  for (int n = 0; n < 3; ++n) source().add_device(numbered_device(n, true));
  std::vector<std::pair<RegistrationId, Action>> seen;
  InboxEntry entry;
  while (inbox->take(entry)) seen.emplace_back(entry.registration->id(), entry.event->action);
  ASSERT_EQ(seen.size(), 9u);
  for (std::size_t i = 0; i < seen.size(); i += 3) {
    EXPECT_EQ(seen[i], std::make_pair(instances, Action::instance_enumerated));
    EXPECT_EQ(seen[i + 1], std::make_pair(instances, Action::instance_started));
    EXPECT_EQ(seen[i + 2], std::make_pair(interfaces, Action::interface_arrival));
  }
  EXPECT_EQ(engine().unregister(instances), Cr::success);
  EXPECT_EQ(engine().unregister(interfaces), Cr::success);
}

TEST_F(InboxTest, OverflowIsCountedAndResyncedToTheDeviceMap) {
  for (int n = 0; n < 4; ++n) source().add_device(numbered_device(n));
  auto inbox = make_inbox(8);
  const RegistrationId id = add(inbox, all_instances(), true);  // 8 present events: full
  for (int n = 4; n < 40; ++n) source().add_device(numbered_device(n));
  for (int n = 0; n < 40; n += 3) source().remove_device("/sys/devices/inbox/" + std::to_string(n));
  EXPECT_LE(inbox->stats().pending, 8u) << "a queue nobody drains stays bounded";
  EXPECT_GT(inbox->stats().overflowed, 0u);

  std::set<std::string> view;
  std::size_t resynced = 0;
  for (const EventPtr& e : take_all(*inbox)) {
    apply(view, *e);
    if (e->origin == Origin::resync) ++resynced;
  }
  EXPECT_GT(resynced, 0u);
  EXPECT_EQ(view, present_ids(engine())) << "the application's view ends equal to the map";
  const InboxStats stats = inbox->stats();
  EXPECT_EQ(stats.resyncs, 1u);
  EXPECT_EQ(stats.resync_events, resynced);

  // Live events flow again after the resync, exactly once.
  source().add_device(numbered_device(100));
  for (const EventPtr& e : take_all(*inbox)) {
    EXPECT_EQ(e->origin, Origin::live);
    apply(view, *e);
  }
  EXPECT_EQ(view, present_ids(engine()));
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

TEST_F(InboxTest, ResyncRemovesWhatWasDeliveredAndIsGoneByThen) {
  auto inbox = make_inbox(4);
  const RegistrationId id = add(inbox, interface_class(kClass), false);
  source().add_device(numbered_device(1, true));  // delivered: one arrival
  for (int n = 2; n < 10; ++n) source().add_device(numbered_device(n, true));  // 3 fit
  source().remove_device("/sys/devices/inbox/1");  // dropped: the inbox is full
  std::set<std::string> links;
  for (const EventPtr& e : take_all(*inbox)) {
    if (e->action == Action::interface_arrival) links.insert(e->symbolic_link);
    if (e->action == Action::interface_removal) links.erase(e->symbolic_link);
  }
  std::set<std::string> expected;
  for (int n = 2; n < 10; ++n)
    expected.insert(numbered_device(n, true)->interfaces[0].symbolic_link);
  EXPECT_EQ(links, expected);
  EXPECT_EQ(engine().unregister(id), Cr::success);
}

TEST_F(InboxTest, OwnerDeliveryRunsTheSubscriberAndClosedRegistrationsDeliverNothing) {
  std::atomic<int> calls{0};
  auto inbox = make_inbox();
  const RegistrationId id =
      add(inbox, all_instances(), false,
          cmnotify::testing::subscriber([&](const Event&, RegistrationId) { ++calls; }));
  source().add_device(numbered_device(1));
  EXPECT_EQ(calls.load(), 0) << "nothing runs until the owner dispatches";
  EXPECT_EQ(inbox->dispatch(1), 1u);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(engine().unregister(id), Cr::success);
  EXPECT_EQ(inbox->dispatch(100), 0u) << "a closed registration's waiting events are discarded";
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(InboxTest, UnregisterFromAnotherThreadWaitsForTheOwnersDelivery) {
  std::binary_semaphore entered(0), release(0);
  std::atomic<bool> delivery_done{false};
  auto inbox = make_inbox();
  const RegistrationId id = add(inbox, all_instances(), false);
  source().add_device(numbered_device(1));
  std::thread owner([&] {
    inbox->dispatch(1, [&](Registration&, const Event&) {
      entered.release();
      release.acquire();
      std::this_thread::sleep_for(20ms);
      delivery_done = true;
    });
  });
  ASSERT_TRUE(entered.try_acquire_for(10s));
  std::atomic<bool> returned{false};
  std::thread closer([&] {
    EXPECT_EQ(engine().unregister(id), Cr::success);
    EXPECT_TRUE(delivery_done.load()) << "unregister returned while the owner delivered";
    returned = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(returned.load());
  release.release();
  closer.join();
  owner.join();
  EXPECT_TRUE(returned.load());
  EXPECT_EQ(inbox->dispatch(100, [](Registration&, const Event&) { ADD_FAILURE(); }), 0u);
}

TEST_F(InboxTest, UnregisterInsideTheOwnersDeliveryReturnsAtOnce) {
  auto destroyed = std::make_shared<std::atomic<bool>>(false);
  std::atomic<int> calls{0};
  bool destroyed_inside = true;
  auto inbox = make_inbox();
  RegistrationId id = 0;
  id = add(inbox, all_instances(), false,
           cmnotify::testing::subscriber(
               [&](const Event&, RegistrationId self) {
                 ++calls;
                 EXPECT_EQ(engine().unregister(self), Cr::success);
                 destroyed_inside = destroyed->load();
               },
               destroyed));
  for (int n = 0; n < 3; ++n) source().add_device(numbered_device(n));
  EXPECT_EQ(inbox->dispatch(100), 1u) << "the rest is discarded once closed";
  EXPECT_EQ(calls.load(), 1);
  EXPECT_FALSE(destroyed_inside) << "the subscriber outlives its running delivery";
  EXPECT_TRUE(destroyed->load()) << "and goes when it returns";
  EXPECT_EQ(engine().unregister(id), Cr::invalid_data);
}

TEST_F(InboxTest, ClosingTheInboxDiscardsWaitingEvents) {
  auto inbox = make_inbox();
  const RegistrationId id = add(inbox, all_instances(), false);
  for (int n = 0; n < 10; ++n) source().add_device(numbered_device(n));
  EXPECT_EQ(engine().unregister(id), Cr::success);
  inbox->close();
  InboxEntry entry;
  EXPECT_FALSE(inbox->take(entry));
  EXPECT_TRUE(inbox->closed());
  EXPECT_EQ(inbox->stats().pending, 0u);
}

TEST(DeliveredView, ResyncGivesTheDifferenceAndAdoptsTheMap) {
  const FilterSpec filter = all_instances();
  DeliveredView view;
  const DevicePtr one = numbered_device(1), two = numbered_device(2), three = numbered_device(3);
  const DevicePtr present[] = {one, two};
  view.seed(filter, present);
  EXPECT_EQ(view.size(), 2u);
  // The application was told of device 2's removal; devices 1 and 3 changed unseen.
  std::vector<EventPtr> removal;
  transition_events(DeviceState{two}, DeviceState{}, Origin::live, 1, removal);
  for (const EventPtr& e : removal) view.apply(filter, *e);
  const DevicePtr now[] = {three};
  std::vector<EventPtr> out;
  view.resync(filter, false, now, out);
  std::vector<std::pair<Action, std::string>> got;
  for (const EventPtr& e : out) {
    EXPECT_EQ(e->origin, Origin::resync);
    got.emplace_back(e->action, e->instance_id());
  }
  const std::vector<std::pair<Action, std::string>> expected = {
      {Action::instance_enumerated, three->instance_id},
      {Action::instance_started, three->instance_id},
      {Action::instance_removed, one->instance_id}};
  EXPECT_EQ(got, expected);
  out.clear();
  view.resync(filter, false, now, out);
  EXPECT_TRUE(out.empty()) << "a second resync finds nothing";
}

}  // namespace
}  // namespace cmnotify::engine
