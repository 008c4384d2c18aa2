// Faults injected into the Linux source through its seams, end to end through the engine: the
// socket's recvmsg failing (EINTR, EAGAIN, ENOBUFS, EIO) and devices vanishing from sysfs in the
// middle of the start-up scan or of a resync. The source must keep running, recover what an
// overflow lost, never spin, and keep every other device intact.
#include <gtest/gtest.h>
#include <poll.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <span>
#include <thread>
#include <vector>

#include "engine/device_source.hpp"
#include "reliability/source_fixture.hpp"

namespace cmnotify::testing {
namespace {

using namespace std::chrono_literals;

class SourceFaults : public FakeSourceTest {
 protected:
  Subscription watch(EventRecorder& recorder, SubscriberView* view = nullptr) {
    SubscribeOptions options;
    options.present = true;
    options.changes = false;
    return subscribe(
        Filter::all_instances(),
        [&recorder, view](const Event& e) {
          if (view != nullptr) view->apply(e);  // first: a test waits on the recorder
          recorder(e);
        },
        options);
  }
};

TEST_F(SourceFaults, EintrAndEagainAreRetriedAndLoseNothing) {
  install();
  EventRecorder recorder;
  auto sub = watch(recorder);
  kernel_.push_error(EINTR);  // on the size peek
  plug("tapa");
  kernel_.push_error(EAGAIN);  // a spurious wakeup: nothing to read after all
  kernel_.push_error(EINTR);
  plug("tapb");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("tapa"))));
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("tapb"))));
  EXPECT_TRUE(eventually([] { return source_stats().accepted == 2; }));
  const SourceStats stats = source_stats();
  EXPECT_EQ(stats.overflows, 0u);
  EXPECT_EQ(stats.rejected, 0u);
}

TEST_F(SourceFaults, EnobufsResynchronisesFromSysfsAndLaterEventsStillFlow) {
  add_net("kept");
  add_net("lost-removal");
  install();
  EventRecorder recorder;
  SubscriberView view;
  auto sub = watch(recorder, &view);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("lost-removal"))));

  // While the socket overflowed, one device went and another came: their uevents were dropped.
  tree_.remove(net_devpath("lost-removal"));
  add_net("lost-arrival");
  kernel_.push_error(ENOBUFS);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_removed, net_id("lost-removal"))));
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("lost-arrival"))));
  for (const Event& e : recorder.events()) {
    if (e.instance_id() == net_id("lost-arrival") || e.action == Action::instance_removed) {
      EXPECT_EQ(e.origin, Origin::resync) << to_string(e.action) << " " << e.instance_id();
    }
  }

  plug("after");  // the source is still reading
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("after"))));
  EXPECT_EQ(view.instances_now(), tree_instances());
  EXPECT_EQ(view.doubled, 0);
  EXPECT_EQ(view.orphan_removals, 0);
  EXPECT_TRUE(eventually([] { return source_stats().overflows == 1; }));
  const SourceStats stats = source_stats();
  EXPECT_EQ(stats.resyncs, 1u);
  EXPECT_GE(stats.resync_events, 4u) << "at least: removed, enumerated, started, interface";
}

TEST_F(SourceFaults, AfterAnOverflowTheQueueIsEmptiedBeforeTheResyncReadsSysfs) {
  // The kernel reports ENOBUFS once, then drops silently until the queue has been emptied: a
  // resync that read sysfs with datagrams still queued would miss what was dropped meanwhile.
  add_net("kept");
  std::atomic<bool> overflowed{false};
  std::atomic<long> queued_at_resync{-1};
  install(NetlinkGroup::kernel, [&](const std::string&) {
    long unset = -1;
    if (overflowed) queued_at_resync.compare_exchange_strong(unset, long(kernel_.queued()));
  });
  EventRecorder recorder;
  auto sub = watch(recorder);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("kept"))));
  overflowed = true;
  kernel_.push_overflow_then(
      {genuine("change", "kept"), genuine("change", "kept"), genuine("change", "kept")});
  ASSERT_TRUE(eventually([] { return source_stats().resyncs == 1; }));
  EXPECT_EQ(queued_at_resync.load(), 0) << "the resync read sysfs before the queue was empty";
  plug("after");  // and reading goes on
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("after"))));
}

TEST_F(SourceFaults, DevicesChangingWhileTheSnapshotIsTakenAreDeliveredExactlyOnce) {
  // present=true: the snapshot and the live events must meet without a gap or a double, even
  // when a device arrives and another leaves while the source reads sysfs for that snapshot.
  add_net("kept");
  add_net("leaving");
  std::atomic<bool> changed{false};
  install(NetlinkGroup::kernel, [&](const std::string&) {
    if (changed.exchange(true)) return;
    add_net("arriving");
    kernel_.push(genuine("add", "arriving"));
    tree_.remove(net_devpath("leaving"));
    kernel_.push(genuine("remove", "leaving"));
  });
  EventRecorder recorder;
  SubscriberView view;
  auto sub = watch(recorder, &view);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("arriving"))));
  plug("after");  // every datagram before it has been applied once this arrives
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("after"))));
  EXPECT_TRUE(changed.load());
  EXPECT_EQ(view.instances_now(), tree_instances());
  EXPECT_EQ(view.doubled, 0) << "an arrival was delivered twice";
  EXPECT_EQ(view.orphan_removals, 0) << "a removal came without its arrival";
}

TEST_F(SourceFaults, EioNeitherSpinsNorStopsTheSource) {
  install();
  EventRecorder recorder;
  auto sub = watch(recorder);
  plug("before");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("before"))));

  // A socket stuck in an error state: readable, and every read fails. A reader that retried at
  // once would call recvmsg millions of times a second; bounded retries call it a few times.
  const std::uint64_t calls_before = kernel_.recvmsg_calls();
  kernel_.fail_always(EIO);
  std::this_thread::sleep_for(1s);
  const std::uint64_t calls = kernel_.recvmsg_calls() - calls_before;
  kernel_.fail_always(0);
  RecordProperty("recvmsg_calls_in_1s_of_EIO", static_cast<int>(calls));
  EXPECT_GT(calls, 0u) << "the reader stopped retrying";
  EXPECT_LT(calls, 200u) << "the reader spins on a failing socket";

  // Nothing that comes after the errors is lost.
  for (const char* name : {"after1", "after2", "after3"}) plug(name);
  for (const char* name : {"after1", "after2", "after3"})
    EXPECT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id(name)))) << name;
}

// The same, while an EventQueue reads the socket on the application's thread: the application's
// loop (poll on fd(), then dispatch) must not spin on the failing socket either.
TEST_F(SourceFaults, EioWhileAQueueReadsDirectlyNeitherSpinsTheApplicationsLoopNorStopsIt) {
  install();
  EventQueue queue(Filter::all_instances());
  ASSERT_TRUE(queue.stats().reading_directly) << "the queue is the source's only consumer";
  const auto arrived = [&queue](const std::string& name, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      const QueuedEvent e = queue.take(100ms);
      if (e && e->action == Action::instance_enumerated && e->device->instance_id == net_id(name))
        return true;
    }
    return false;
  };
  plug("before");
  ASSERT_TRUE(arrived("before", 5s));
  while (queue.try_take()) {  // the rest of its arrival
  }

  const std::uint64_t calls_before = kernel_.recvmsg_calls();
  kernel_.fail_always(EIO);
  int wakeups = 0;
  std::size_t dispatched = 0;
  pollfd ready{queue.fd(), POLLIN, 0};
  for (const auto end = std::chrono::steady_clock::now() + 1s;
       std::chrono::steady_clock::now() < end;) {
    if (::poll(&ready, 1, 100) <= 0) continue;
    ++wakeups;
    dispatched += queue.dispatch([](const Event&) {});
  }
  const std::uint64_t calls = kernel_.recvmsg_calls() - calls_before;
  kernel_.fail_always(0);
  RecordProperty("recvmsg_calls_in_1s_of_EIO", static_cast<int>(calls));
  RecordProperty("application_wakeups_in_1s_of_EIO", wakeups);
  EXPECT_EQ(dispatched, 0u);
  EXPECT_GT(calls, 0u) << "the queue stopped retrying";
  EXPECT_LT(calls, 200u) << "the queue's reading spins on a failing socket";
  EXPECT_LT(wakeups, 200) << "the application's loop spins on a descriptor that stays readable";
  EXPECT_TRUE(queue.stats().reading_directly);

  // Nothing that comes after the errors is lost, and the queue still reads directly.
  for (const char* name : {"after1", "after2", "after3"}) plug(name);
  for (const char* name : {"after1", "after2", "after3"}) EXPECT_TRUE(arrived(name, 5s)) << name;
  EXPECT_TRUE(queue.stats().reading_directly);
  queue.close();
}

TEST_F(SourceFaults, OneEioIsForgottenOnceReadsSucceedAgain) {
  install();
  EventRecorder recorder;
  auto sub = watch(recorder);
  kernel_.push_error(EIO);
  plug("next");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("next"))));
  // Events keep flowing one by one after a single error; each is delivered.
  for (int i = 0; i < 50; ++i) {
    const std::string name = "burst" + std::to_string(i);
    plug(name);
    ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id(name)))) << name;
  }
  EXPECT_TRUE(eventually([] { return source_stats().accepted == 51; }));
}

// ---- An overflow storm: the socket overflows again during every resync -----------------------

// A sink that only counts: the source alone, its reading lent to the test's thread.
class CountingSink final : public engine::EventSink {
 public:
  void publish(const engine::EventPtr& /*event*/) override { ++published; }
  [[nodiscard]] engine::ChangeInterest change_interest() const noexcept override { return {}; }
  void begin_burst() noexcept override {}
  void end_burst() noexcept override {}
  std::atomic<std::size_t> published{0};
};

// stop() sets stopping_, then writes the reader's eventfd. A reader woken by an earlier wake-up
// (the reading lent or taken back, as the engine does just before it stops the source) that reads
// the eventfd only after stop()'s write drains stop()'s wake-up with its own: it must still end.
// Checked before the read, it was not: the reader polled on with no timeout and stop() waited in
// join() for ever (a monitor with --timeout on the udev group never exited so in CI).
TEST_F(SourceFaults, StopEndsAReaderWhoseEarlierWakeUpIsDrainedWithStops) {
  std::atomic<int> wakeups{0};
  std::atomic<bool> stop_called{false};
  SourceOptions options;
  options.sysfs_root = tree_.root();
  options.syscalls = &kernel_;
  options.before_wake_drain = [&] {
    if (wakeups.fetch_add(1) != 0) return;  // the first wake-up only
    // Held until stop() has been called and has had time to write its own wake-up.
    (void)eventually([&] { return stop_called.load(); }, 10s);
    std::this_thread::sleep_for(100ms);
  };
  LinuxSource source(std::move(options));
  CountingSink sink;
  ASSERT_EQ(source.start(sink), Cr::success);
  std::vector<int> fds;
  ASSERT_TRUE(source.lend_reading(fds));  // wakes the reader: it stops polling the socket
  source.reclaim_reading();               // wakes it again, as the engine does before a stop()
  ASSERT_TRUE(eventually([&] { return wakeups.load() > 0; }, 10s));
  stop_called = true;
  auto stopped = std::async(std::launch::async, [&source] { source.stop(); });
  const bool ended = stopped.wait_for(10s) == std::future_status::ready;
  EXPECT_TRUE(ended) << "stop() waits for a reader that drained its wake-up and polls on";
  // Freed for the rest of the run: one more wake-up, with stopping_ set now, ends the reader.
  if (!ended) (void)source.lend_reading(fds);
  stopped.get();
}

// The same through the engine, as the last consumer goes: the reading is taken back (from the
// pool's reader for a subscription, as the CLI's monitor ends; from a queue reading on its owner's
// thread) with one wake-up of the source's reader, then the source is stopped with another.
class LastConsumer : public SourceFaults {
 protected:
  void install_holding_reader() {
    install(NetlinkGroup::kernel, {}, [this] {
      if (!armed_.load() || held_.exchange(true)) return;  // the first wake-up from the close on
      (void)eventually([this] { return closing_.load(); }, 10s);
      std::this_thread::sleep_for(100ms);  // the close takes the reading back and stops meanwhile
    });
  }

  void expect_close_stops_the_source(const std::function<void()>& close) {
    armed_ = true;
    auto closed = std::async(std::launch::async, [this, &close] {
      closing_ = true;
      close();
    });
    const bool ended = closed.wait_for(10s) == std::future_status::ready;
    EXPECT_TRUE(ended) << "the last close waits in stop() for a reader that polls on";
    std::vector<int> fds;
    if (!ended) (void)source_->lend_reading(fds);  // freed: one more wake-up ends the reader
    closed.get();
    EXPECT_TRUE(held_.load()) << "the close did not wake the source's reader";
  }

 private:
  std::atomic<bool> armed_{false};
  std::atomic<bool> held_{false};
  std::atomic<bool> closing_{false};
};

TEST_F(LastConsumer, ASubscriptionsResetStopsTheSourceWhileItsReaderIsWokenForTheTakeBack) {
  install_holding_reader();
  EventRecorder recorder;
  auto sub = watch(recorder);
  ASSERT_TRUE(engine::Engine::instance().stats().pool_reading);
  expect_close_stops_the_source([&sub] { sub.reset(); });
}

TEST_F(LastConsumer, AQueuesCloseStopsTheSourceWhileItsReaderIsWokenForTheTakeBack) {
  install_holding_reader();
  EventQueue queue(Filter::all_instances());
  ASSERT_TRUE(queue.stats().reading_directly) << "the queue is the source's only consumer";
  expect_close_stops_the_source([&queue] { queue.close(); });
}

class OverflowStorm : public SourceFaults {
 protected:
  // As a tiny receive buffer under a flood of uevents: each resync's rescan outlasts the buffer,
  // so the kernel drops again meanwhile and the next read reports one more overflow. The reading
  // always has more. Counts the rescans made on `counted_thread_` (each reads "kept" once) and
  // the source reader's wake-ups (before_wake_drain).
  void install_storm() {
    add_net("kept");
    const std::string kept = tree_.path(net_devpath("kept"));
    install(
        NetlinkGroup::kernel,
        [this, kept](const std::string& syspath) {
          if (storming_ && kernel_.queued() == 0) kernel_.push_error(ENOBUFS);
          if (syspath == kept && std::this_thread::get_id() == counted_thread_.load())
            ++counted_rescans_;
        },
        [this] { ++reader_wakeups_; });
  }
  [[nodiscard]] std::uint64_t resyncs() const { return source_->stats().resyncs; }

  std::atomic<bool> storming_{false};
  std::atomic<std::thread::id> counted_thread_{};
  std::atomic<int> counted_rescans_{0};
  std::atomic<int> reader_wakeups_{0};
};

// Whoever reads holds the read lock: a pump that went on after a resync would rescan the tree
// once per datagram of its round (256), and a query's catch-up up to 16 such rounds, while the
// pool's reader, a subscription and stop() wait (the storm soak starved so).
TEST_F(OverflowStorm, APumpAndAQueryCatchingUpEachRescanOnce) {
  install_storm();
  CountingSink sink;
  ASSERT_EQ(source_->start(sink), Cr::success);
  std::vector<int> fds;
  ASSERT_TRUE(source_->lend_reading(fds));
  // The source's reader may have been polling the socket too when the reading was lent: the poll
  // that the lending's wake-up ends must not see the storm's first overflow, or that reader
  // resyncs once more alongside the pump below. Once woken, it polls only its wake-up eventfd.
  ASSERT_TRUE(eventually([this] { return reader_wakeups_.load() > 0; }, 10s));
  storming_ = true;
  add_net("came");  // its uevent was dropped: the resync finds it
  kernel_.push_error(ENOBUFS);

  std::uint64_t before = resyncs();
  const engine::DeviceSource::Pumped pumped = source_->pump();
  EXPECT_EQ(resyncs() - before, 1u) << "one pump rescanned once per overflow of its round";
  EXPECT_TRUE(pumped.more) << "the socket overflowed again during the resync: read on";
  EXPECT_GT(sink.published.load(), 0u) << "the resync delivered no arrival";

  // Nobody drains: the query reads what waits first, up to the resync that makes the map current.
  before = resyncs();
  std::size_t present = 0;
  EXPECT_EQ(source_->with_present_devices(
                [&present](std::span<const DevicePtr> devices) { present = devices.size(); }),
            Cr::success);
  EXPECT_EQ(resyncs() - before, 1u) << "the query's catch-up rescanned more than once";
  EXPECT_GT(present, 0u);

  storming_ = false;
  before = resyncs();
  EXPECT_TRUE(source_->pump().more) << "the overflow the last rescan left, and its resync";
  EXPECT_EQ(resyncs() - before, 1u);
  EXPECT_FALSE(source_->pump().more) << "the storm is over: the socket is empty";
  EXPECT_EQ(reader_wakeups_.load(), 1) << "the source's reader was woken while it was lent";
  source_->stop();
}

// A query's catch-up leaves the reading to a pump that holds the read lock, even one that has
// only just taken it: waiting for the lock would compete with a reader that, in a storm, takes it
// again as soon as it lets it go (the pool's reader pumps with no poll in between), and the query
// would wait for as long as the storm lasts. Counted only once it read, such a pump looked like
// the reader thread's short hold, for which the query waits.
TEST_F(SourceFaults, AQueryLeavesTheReadingToAPumpThatHasJustTakenTheReadLock) {
  add_net("kept");
  std::atomic<bool> armed{false};
  std::atomic<bool> held{false};
  std::atomic<bool> released{false};
  SourceOptions options;
  options.sysfs_root = tree_.root();
  options.syscalls = &kernel_;
  options.after_pump_locks = [&] {
    if (!armed.load() || held.exchange(true)) return;
    (void)eventually([&] { return released.load(); }, 30s);
  };
  LinuxSource source(std::move(options));
  CountingSink sink;
  ASSERT_EQ(source.start(sink), Cr::success);
  std::vector<int> fds;
  ASSERT_TRUE(source.lend_reading(fds));
  armed = true;
  auto pumping = std::async(std::launch::async, [&source] { return source.pump(); });
  if (!eventually([&] { return held.load(); }, 10s)) {
    released = true;
    FAIL() << "the pump did not take the read lock";
  }
  auto querying = std::async(std::launch::async, [&source] {
    std::size_t present = 0;
    (void)source.with_present_devices(
        [&present](std::span<const DevicePtr> devices) { present = devices.size(); });
    return present;
  });
  const bool answered = querying.wait_for(10s) == std::future_status::ready;
  released = true;
  EXPECT_TRUE(answered) << "the query waited for a pump that held the read lock";
  EXPECT_EQ(querying.get(), 1u);
  EXPECT_FALSE(pumping.get().more);
  source.stop();
}

// Through the engine, as in the storm soak: a subscription is open, so a pool worker reads, and
// pumps on without polling while the storm lasts. A subscription made meanwhile takes its present
// devices without waiting for the storm to end (here, the storm ends only after it returns).
// Not counted in wall-clock rescans (a loaded machine lets the pool's reader rescan any number
// of times while the subscribing thread waits for a processor), but in what cannot depend on it:
// - held inside a pump (its read lock taken, between receives; not in a rescan, whose device map
//   the subscription reads), the pool's reader makes a subscription that waits for that lock
//   wait for as long as it is held: the subscription must return meanwhile, rescanning nothing;
// - with the reader free, the subscription's own query rescans at most once on its thread
//   (before the fix: up to 4,096 times, 8,190 to 39,018 rescans while subscribing).
TEST_F(OverflowStorm, ASubscriptionMadeDuringTheStormDoesNotWaitForItsEnd) {
  std::atomic<bool> hold{false};
  std::atomic<bool> held{false};
  std::atomic<bool> released{false};
  kernel_.before_recvmsg = [&] {
    if (!hold.load() || held.exchange(true)) return;  // the first read once armed: the pool's
    (void)eventually([&] { return released.load(); }, 30s);
  };
  struct Release {  // whatever fails, the held reader goes on before the subscriptions close
    std::atomic<bool>& released;
    ~Release() { released = true; }
  };
  install_storm();
  EventRecorder first_events;
  auto first = watch(first_events);
  ASSERT_TRUE(first_events.wait_for_event(is(Action::instance_enumerated, net_id("kept"))));
  ASSERT_TRUE(engine::Engine::instance().stats().pool_reading);
  // As in the test above: the source's own reader, woken by the lending, must not see the storm
  // in the poll that wake-up ends. It would drain the socket once more, holding the read lock
  // with no pump counted, and could be the reader held below (a loaded run saw it so).
  ASSERT_TRUE(eventually([this] { return reader_wakeups_.load() > 0; }, 10s));
  storming_ = true;
  kernel_.push_error(ENOBUFS);
  ASSERT_TRUE(eventually([this] { return resyncs() >= 3; })) << "the pool's reader rescans";

  // The pool's reader is the only thread reading now (the source's own reader polls only its
  // eventfd while the reading is lent): it is the one held.
  hold = true;
  if (!eventually([&] { return held.load(); }, 10s)) {
    released = true;  // should it read after all
    FAIL() << "the pool's reader reads no more";
  }
  const std::uint64_t before = resyncs();
  EventRecorder second_events;
  Subscription second;
  auto subscribing = std::async(std::launch::async, [&] { second = watch(second_events); });
  const Release release{released};
  const bool returned = subscribing.wait_for(10s) == std::future_status::ready;
  const std::uint64_t during = resyncs() - before;
  released = true;
  subscribing.get();
  EXPECT_TRUE(returned) << "the subscription waited for the pool's reader in the middle of a pump";
  EXPECT_EQ(during, 0u) << "the subscription rescanned although the pool's reader drains";

  // The reader free again, the storm goes on: a subscription's own query rescans at most once.
  ASSERT_TRUE(eventually([this, before] { return resyncs() >= before + 3; }));
  counted_thread_ = std::this_thread::get_id();
  EventRecorder third_events;
  auto third = watch(third_events);
  counted_thread_ = std::thread::id();
  const int own = counted_rescans_.load();
  storming_ = false;
  RecordProperty("rescans_on_the_subscribing_thread", own);
  EXPECT_LE(own, 1) << "the subscription's query rescanned " << own << " times";
  EXPECT_TRUE(second_events.wait_for_event(is(Action::instance_enumerated, net_id("kept"))));
  EXPECT_TRUE(third_events.wait_for_event(is(Action::instance_enumerated, net_id("kept"))));
}

// ---- Devices vanishing in the middle of a scan (Sysfs::before_read_hook) ----------------------

TEST_F(SourceFaults, ADeviceVanishingDuringTheStartUpScanNeverArrives) {
  for (const char* name : {"a", "b", "c"}) add_net(name);
  // The kernel removes b just before the scan reads it; its remove uevent follows.
  install(NetlinkGroup::kernel, [this](const std::string& syspath) {
    if (syspath == tree_.path(net_devpath("b"))) tree_.remove(net_devpath("b"));
  });
  EventRecorder recorder;
  SubscriberView view;
  auto sub = watch(recorder, &view);
  kernel_.push(genuine("remove", "b"));
  plug("d");  // a marker: everything before it has been applied
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("d"))));
  EXPECT_EQ(view.instances_now(), (std::set<std::string>{net_id("a"), net_id("c"), net_id("d")}));
  EXPECT_EQ(view.orphan_removals, 0) << "a removal was delivered for a device that never arrived";
  EXPECT_EQ(view.doubled, 0);
}

TEST_F(SourceFaults, ADeviceVanishingDuringAResyncIsReportedRemovedAndTheOthersAreIntact) {
  for (const char* name : {"a", "b", "c", "d"}) add_net(name);
  std::atomic<bool> armed{false};
  std::set<std::string> vanished;
  // During the resync, reading "a" makes "c" vanish (a later sibling) and reading "b" makes "b"
  // itself vanish: one is gone before the walk reaches it, the other between listing and reading.
  install(NetlinkGroup::kernel, [&](const std::string& syspath) {
    if (!armed) return;
    for (const auto& [trigger, victim] : {std::pair{"a", "c"}, std::pair{"b", "b"}}) {
      if (syspath == tree_.path(net_devpath(trigger)) && vanished.insert(victim).second)
        tree_.remove(net_devpath(victim));
    }
  });
  EventRecorder recorder;
  SubscriberView view;
  auto sub = watch(recorder, &view);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_started, net_id("d"))));  // the last
  recorder.clear();

  armed = true;
  kernel_.push_error(ENOBUFS);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_removed, net_id("b"))));
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_removed, net_id("c"))));
  plug("e");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("e"))));
  EXPECT_EQ(vanished.size(), 2u);
  for (const Event& e : recorder.events()) {
    EXPECT_NE(e.instance_id(), net_id("a")) << "an untouched device got " << to_string(e.action);
    EXPECT_NE(e.instance_id(), net_id("d")) << "an untouched device got " << to_string(e.action);
  }
  EXPECT_EQ(view.instances_now(), (std::set<std::string>{net_id("a"), net_id("d"), net_id("e")}));
  EXPECT_EQ(view.instances_now(), tree_instances());
  EXPECT_EQ(view.orphan_removals, 0);
  EXPECT_EQ(view.doubled, 0);
}

TEST_F(SourceFaults, ADeviceThatComesAndGoesWithinOneResyncIsNeverReported) {
  add_net("a");
  add_net("z");
  std::atomic<bool> armed{false};
  install(NetlinkGroup::kernel, [&](const std::string& syspath) {
    if (armed && syspath == tree_.path(net_devpath("a"))) tree_.remove(net_devpath("flash"));
  });
  EventRecorder recorder;
  auto sub = watch(recorder);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("z"))));
  add_net("flash");  // appears during the overflow, and is gone before the resync reads it
  armed = true;
  kernel_.push_error(ENOBUFS);
  plug("marker");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("marker"))));
  EXPECT_TRUE(eventually([] { return source_stats().resyncs == 1; }));
  for (const Event& e : recorder.events())
    EXPECT_NE(e.instance_id(), net_id("flash")) << to_string(e.action);
}

// udevd's copies that come after a resync (their kernel copies lost in the overflow), numbered
// before the resync's scan: the kernel's uevent_seqnum is 2000 when the scan reads it.
class LateUdevCopies : public SourceFaults {
 protected:
  void SetUp() override {
    udev_group_ = true;
    udev_data_ = tree_.root() + "/udev-data";
    std::filesystem::create_directories(udev_data_);
    std::filesystem::create_directories(tree_.root() + "/kernel");
    std::ofstream(tree_.root() + "/kernel/uevent_seqnum") << "2000\n";
    seqnum_ = 3000;  // the events after the resync
    install(NetlinkGroup::udev);
  }

  // udevd's copy of `action` on the net device `name`, numbered `seqnum`, with `extra` pairs.
  static FakeDatagram late(const std::string& action, const std::string& name, std::uint64_t seqnum,
                           const std::string& extra = "ID_LATE=yes") {
    const std::string a = "ACTION=" + action, d = "DEVPATH=" + net_devpath(name),
                      s = "SEQNUM=" + std::to_string(seqnum), i = "INTERFACE=" + name;
    FakeDatagram datagram;
    datagram.bytes = linux_source::testing::udev_message(linux_source::testing::nul_join(
        {a, d, "SUBSYSTEM=net", i, "IFINDEX=7", s, "USEC_INITIALIZED=1", extra}));
    datagram.sender = netlink_address(kUdevdPort, 2);
    datagram.creds = credentials(0, 300);
    return datagram;
  }

  // Forces a resync (the scan numbers everything up to 2000 as seen) and waits for it.
  void resync() {
    const auto before = source_stats().resyncs;
    kernel_.push_overflow_then({});
    ASSERT_TRUE(eventually([&] { return source_stats().resyncs == before + 1; }));
  }

  static std::string property_of(const std::string& id, const std::string& key) {
    for (const DevicePtr& d : enumerate(Filter::all_instances()))
      if (d->instance_id == id)
        for (const auto& [k, v] : d->properties)
          if (k == key) return v;
    return {};
  }
};

TEST_F(LateUdevCopies, AnAddOfADeviceGoneBeforeTheScanIsDropped) {
  EventRecorder recorder;
  SubscriberView view;
  auto sub = watch(recorder, &view);
  resync();
  kernel_.push(late("add", "gone", 1500));
  kernel_.push(late("remove", "gone", 1501));
  plug("after");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("after"))));
  for (const Event& e : recorder.events()) EXPECT_NE(e.instance_id(), net_id("gone"));
  EXPECT_EQ(view.instances_now(), tree_instances());
}

TEST_F(LateUdevCopies, AnAddOfADeviceTheScanReadBeforeUdevdRecordedItIsApplied) {
  // The scan read the device before udevd wrote its database record: udevd's "add" carries
  // what the scan could not see.
  EventRecorder recorder;
  auto sub = watch(recorder);
  add_net("late");
  resync();
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("late"))));
  EXPECT_EQ(property_of(net_id("late"), "ID_LATE"), "");
  kernel_.push(late("add", "late", 1500));
  plug("after");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("after"))));
  EXPECT_EQ(property_of(net_id("late"), "ID_LATE"), "yes") << "udevd's late add was dropped";
  EXPECT_EQ(source_stats().discarded, 0u);
}

TEST_F(LateUdevCopies, ADeviceRemovedAndAddedAgainBeforeTheScanStaysPresent) {
  // A tap deleted and made again under the same name during the overflow: the scan saw the new
  // one; udevd's late remove (of the old one) and add (of the new one) follow.
  add_net("again");
  EventRecorder recorder;
  SubscriberView view;
  auto sub = watch(recorder, &view);
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("again"))));
  resync();
  kernel_.push(late("remove", "again", 1501));
  kernel_.push(late("add", "again", 1502));
  plug("after");
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id("after"))));
  EXPECT_EQ(view.instances_now(), tree_instances()) << "a present device was lost";
}

}  // namespace
}  // namespace cmnotify::testing
