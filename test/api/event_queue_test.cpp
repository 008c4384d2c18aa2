// The C++ EventQueue against the in-memory source: what subscribe() offers, delivered on the
// application's own thread, and the lifecycle guarantees of close and destruction.
#include "cmnotify/event_queue.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <future>
#include <ranges>
#include <semaphore>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/error.hpp"
#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::make_device;

static_assert(std::ranges::input_range<EventQueue&>);

const Guid kClass = make_guid(0x2b3c4d5e, 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8);

DevicePtr numbered_device(int n) {
  const std::string number = std::to_string(n);
  return make_device("ROOT\\QUEUE\\" + number, "/sys/devices/queue/" + number,
                     {{kClass, "\\\\?\\ROOT#QUEUE#" + number + "#{x}"}});
}

std::string key_of(int n) { return "/sys/devices/queue/" + std::to_string(n); }

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

void apply(std::set<std::string>& view, const Event& event) {
  if (event.action == Action::instance_enumerated) view.insert(event.instance_id());
  if (event.action == Action::instance_removed) view.erase(event.instance_id());
}

std::set<std::string> present_ids() {
  std::set<std::string> ids;
  for (const DevicePtr& d : enumerate(Filter::all_instances())) ids.insert(d->instance_id);
  return ids;
}

SubscribeOptions with_present() {
  SubscribeOptions o;
  o.present = true;
  return o;
}

class EventQueueTest : public cmnotify::testing::MemoryEngineTest {};

TEST_F(EventQueueTest, PresentDevicesThenLiveEventsExactlyOnceWithADescriptorThatTellsWhen) {
  for (int n = 0; n < 3; ++n) source().add_device(numbered_device(n));
  EventQueue queue(Filter::all_instances(), with_present());
  ASSERT_GE(queue.fd(), 0);
  EXPECT_TRUE(readable(queue.fd()));
  std::set<std::string> view;
  bool live_seen = false;
  while (QueuedEvent e = queue.try_take()) {
    EXPECT_FALSE(live_seen && e->origin == Origin::present);
    live_seen = live_seen || e->origin == Origin::live;
    apply(view, *e);
  }
  EXPECT_FALSE(readable(queue.fd())) << "not readable once drained";
  EXPECT_EQ(view, present_ids());
  source().add_device(numbered_device(3));
  EXPECT_TRUE(readable(queue.fd()));
  source().remove_device(key_of(0));
  std::vector<QueuedEvent> live;
  EXPECT_EQ(queue.take_waiting(live), 3u);
  for (const QueuedEvent& e : live) {
    EXPECT_EQ(e->origin, Origin::live);
    apply(view, *e);
  }
  EXPECT_EQ(view, present_ids());
  EXPECT_FALSE(queue.try_take()) << "never blocks";
}

TEST_F(EventQueueTest, SeveralFiltersOfEveryKindShareOneOrderedQueue) {
  EventQueue queue;
  const std::uint64_t interfaces = queue.add(Filter::interface_class(kClass));
  const std::uint64_t all_interfaces = queue.add(Filter::all_interface_classes());
  const std::uint64_t one = queue.add(Filter::instance("root\\queue\\1"));
  EXPECT_NE(interfaces, all_interfaces);
  source().add_device(numbered_device(1));
  std::vector<std::pair<std::uint64_t, Action>> seen;
  for (const QueuedEvent& e : queue) seen.emplace_back(e.filter_id, e->action);
  const std::vector<std::pair<std::uint64_t, Action>> expected = {
      {one, Action::instance_enumerated},
      {one, Action::instance_started},
      {interfaces, Action::interface_arrival},
      {all_interfaces, Action::interface_arrival}};
  // Routing order within one event is by registration; the device's own order is kept.
  std::vector<std::pair<std::uint64_t, Action>> sorted_seen = seen, sorted_expected = expected;
  std::sort(sorted_seen.begin(), sorted_seen.end());
  std::sort(sorted_expected.begin(), sorted_expected.end());
  EXPECT_EQ(sorted_seen, sorted_expected);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].second, Action::instance_enumerated);
  EXPECT_EQ(seen[1].second, Action::instance_started);
}

TEST_F(EventQueueTest, ChangedEventsOnlyOnRequest) {
  source().add_device(numbered_device(1));
  SubscribeOptions no_changes;
  no_changes.changes = false;
  EventQueue with(Filter::all_instances()), without(Filter::all_instances(), no_changes);
  source().publish(engine::make_event(Action::changed, FilterType::device_instance,
                                      numbered_device(1), Origin::live, 7));
  QueuedEvent e = with.try_take();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->action, Action::changed);
  EXPECT_FALSE(without.try_take());
}

TEST_F(EventQueueTest, DispatchRunsTheHandlerOnTheCallingThread) {
  EventQueue queue(Filter::all_instances());
  source().add_device(numbered_device(1));
  const auto self = std::this_thread::get_id();
  int calls = 0;
  EXPECT_EQ(queue.dispatch(
                [&](const Event&) {
                  EXPECT_EQ(std::this_thread::get_id(), self);
                  ++calls;
                },
                1),
            1u);
  EXPECT_EQ(queue.dispatch([&](const Event&) { ++calls; }), 1u);
  EXPECT_EQ(calls, 2);
  EXPECT_THROW(queue.dispatch(nullptr), Error);
}

TEST_F(EventQueueTest, AHandlerThatThrowsStopsDispatchAndKeepsTheRest) {
  EventQueue queue(Filter::all_instances());
  source().add_device(numbered_device(1));  // enumerated, started
  EXPECT_THROW(queue.dispatch([](const Event&) { throw std::runtime_error("no"); }),
               std::runtime_error);
  EXPECT_EQ(queue.dispatch([](const Event&) {}), 1u) << "the second event is still there";
}

TEST_F(EventQueueTest, OverflowIsBoundedCountedAndResynchronised) {
  for (int n = 0; n < 5; ++n) source().add_device(numbered_device(n));
  EventQueueOptions small;
  small.bound = 16;
  EventQueue queue(Filter::all_instances(), with_present(), small);
  std::set<std::string> view;
  for (const QueuedEvent& e : queue) apply(view, *e);
  for (int n = 5; n < 200; ++n) source().add_device(numbered_device(n));
  for (int n = 0; n < 200; n += 7) source().remove_device(key_of(n));
  // Taking reads what waits when the queue reads the source itself (the PoolReading/ run: it
  // is the only consumer); otherwise everything was queued (or overflowed) as it was published.
  QueuedEvent first = queue.try_take();
  ASSERT_TRUE(first);
  EXPECT_LT(queue.stats().pending, 16u);
  EXPECT_GT(queue.stats().overflowed, 0u);
  apply(view, *first);
  std::size_t resynced = first->origin == Origin::resync ? 1 : 0;
  for (const QueuedEvent& e : queue) {
    apply(view, *e);
    if (e->origin == Origin::resync) ++resynced;
  }
  EXPECT_GT(resynced, 0u);
  EXPECT_EQ(view, present_ids());
  EXPECT_EQ(queue.stats().resyncs, 1u);
}

TEST_F(EventQueueTest, CloseInsideTheHandlerEndsEverything) {
  EventQueue queue(Filter::all_instances());
  for (int n = 0; n < 5; ++n) source().add_device(numbered_device(n));
  const int fd = queue.fd();
  int calls = 0;
  EXPECT_EQ(queue.dispatch([&](const Event&) {
    ++calls;
    queue.close();
    EXPECT_EQ(queue.fd(), -1);
  }),
            1u);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(queue.closed());
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "the descriptor is closed";
  source().add_device(numbered_device(9));
  EXPECT_FALSE(queue.try_take());
  EXPECT_EQ(queue.dispatch([](const Event&) { ADD_FAILURE(); }), 0u);
  EXPECT_THROW(queue.add(Filter::all_instances()), Error);
  queue.close();  // twice: nothing
}

TEST_F(EventQueueTest, DestroyInsideTheHandler) {
  auto queue = std::make_unique<EventQueue>(Filter::all_instances());
  for (int n = 0; n < 5; ++n) source().add_device(numbered_device(n));
  EventQueue* raw = queue.get();
  int calls = 0;
  EXPECT_EQ(raw->dispatch([&](const Event&) {
    ++calls;
    queue.reset();
  }),
            1u);
  EXPECT_EQ(calls, 1);
}

TEST_F(EventQueueTest, RemoveInsideTheHandlerStopsThatFilterOnly) {
  EventQueue queue;
  const std::uint64_t a = queue.add(Filter::all_instances());
  queue.add(Filter::interface_class(kClass));
  source().add_device(numbered_device(1));
  std::vector<std::uint64_t> order;
  queue.dispatch([&](const Event& e) {
    if (e.filter_type == FilterType::device_instance) {
      order.push_back(1);
      EXPECT_TRUE(queue.remove(a));
    } else {
      order.push_back(2);
    }
  });
  EXPECT_EQ(order, (std::vector<std::uint64_t>{1, 2})) << "the instance filter's 2nd event is gone";
  EXPECT_FALSE(queue.remove(a)) << "twice";
  EXPECT_FALSE(queue.remove(12345));
}

TEST_F(EventQueueTest, CloseFromAnotherThreadWaitsForTheRunningHandler) {
  EventQueue queue(Filter::all_instances());
  source().add_device(numbered_device(1));
  std::binary_semaphore entered(0), release(0);
  std::atomic<bool> handler_done{false};
  std::thread owner([&] {
    queue.dispatch([&](const Event&) {
      entered.release();
      release.acquire();
      std::this_thread::sleep_for(20ms);
      handler_done = true;
    });
  });
  ASSERT_TRUE(entered.try_acquire_for(10s));
  std::atomic<bool> closed{false};
  std::thread closer([&] {
    queue.close();
    EXPECT_TRUE(handler_done.load()) << "close() returned while the handler ran";
    closed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(closed.load());
  release.release();
  closer.join();
  owner.join();
  EXPECT_TRUE(closed.load());
}

TEST_F(EventQueueTest, BlockingTakeWakesForAnEventForCloseAndTimesOut) {
  EventQueue queue(Filter::all_instances());
  EXPECT_FALSE(queue.take(10ms)) << "times out";
  auto taker = std::async(std::launch::async, [&] { return queue.take(); });
  std::this_thread::sleep_for(20ms);
  source().add_device(numbered_device(1));
  ASSERT_EQ(taker.wait_for(10s), std::future_status::ready);
  QueuedEvent e = taker.get();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->action, Action::instance_enumerated);
  EXPECT_TRUE(queue.try_take());  // started
  auto waiting = std::async(std::launch::async, [&] { return queue.take(); });
  std::this_thread::sleep_for(20ms);
  queue.close();
  ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready) << "close wakes a blocked take";
  EXPECT_FALSE(waiting.get());
}

TEST_F(EventQueueTest, DestroyedWithEventsWaitingDiscardsThem) {
  {
    EventQueue queue(Filter::all_instances());
    for (int n = 0; n < 50; ++n) source().add_device(numbered_device(n));
    // One taken, which reads what waits when the queue reads the source itself (PoolReading/).
    ASSERT_TRUE(queue.try_take());
    EXPECT_EQ(queue.stats().pending, 99u);
  }
  EXPECT_EQ(engine().stats().registrations, 0u);
}

TEST_F(EventQueueTest, MovedFromQueueIsClosedAndHarmless) {
  EventQueue a(Filter::all_instances());
  EventQueue b(std::move(a));
  EXPECT_TRUE(a.closed());  // NOLINT(bugprone-use-after-move): what a moved-from queue does
  EXPECT_EQ(a.fd(), -1);
  EXPECT_FALSE(a.try_take());
  EXPECT_THROW(a.add(Filter::all_instances()), Error);
  source().add_device(numbered_device(1));
  EXPECT_TRUE(b.try_take());
  a = std::move(b);
  EXPECT_TRUE(a.try_take());
}

TEST_F(EventQueueTest, BadFiltersThrowTheirCode) {
  EventQueue queue;
  try {
    queue.add(Filter::device(::open("/dev/null", O_RDONLY | O_CLOEXEC)));
    ADD_FAILURE() << "no device has /dev/null's node in the memory source";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Cr::no_such_devnode);
  }
  try {
    queue.add(Filter::device(-5));
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Cr::invalid_data);
  }
  EXPECT_FALSE(queue.closed()) << "a failed add leaves the queue usable";
}

// Lifecycle under load: events flow from a publisher thread while the owner dispatches and a
// third thread closes at a random moment. No handler may run after close() returned.
TEST_F(EventQueueTest, CloseFromAnyThreadWhileEventsFlow) {
  source().add_device(numbered_device(1));
  for (int round = 0; round < 40; ++round) {
    auto queue = std::make_unique<EventQueue>(Filter::all_instances());
    std::atomic<bool> stop{false}, closed{false};
    std::atomic<int> late{0}, calls{0};
    std::thread publisher([&] {
      for (std::uint64_t i = 0; !stop.load(); ++i) {
        source().publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                            numbered_device(1), Origin::live, i));
      }
    });
    std::thread owner([&] {
      while (!closed.load()) {
        queue->dispatch([&](const Event&) {
          if (closed.load()) ++late;
          ++calls;
          if (round % 4 == 0 && calls.load() == 10 + round)
            queue->close();  // from inside, sometimes
        });
      }
    });
    while (calls.load() < 20 + round && !queue->closed()) std::this_thread::yield();
    queue->close();
    closed = true;
    owner.join();
    stop = true;
    publisher.join();
    EXPECT_EQ(late.load(), 0) << "round " << round;
    queue.reset();
  }
}

}  // namespace
}  // namespace cmnotify
