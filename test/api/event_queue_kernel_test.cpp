// The EventQueue against the real kernel (root): a tap interface comes and goes, seen by a queue
// in this process and by each integration example (epoll, asio, GLib, sd-event) run as a child;
// a loop block device is added, attached to a small file with losetup, detached and removed.
#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using testing::TapInterface;

bool is_tap(const Event& event, const std::string& name) {
  return event.device->syspath.ends_with("/net/" + name);
}

TEST(EventQueueKernel, TapInterfaceComesAndGoesThroughTheDescriptor) {
  CMNOTIFY_REQUIRE_ROOT();
  EventQueue queue;
  queue.add(Filter::interface_class(interface_class::net));
  const std::uint64_t instances = queue.add(Filter::all_instances());
  std::vector<Action> seen;
  auto wait_for = [&](Action action) {
    for (int i = 0; i < 200; ++i) {
      pollfd p{queue.fd(), POLLIN, 0};
      if (::poll(&p, 1, 100) == 1) {
        for (const QueuedEvent& e : queue) {
          if (is_tap(*e, "cmnqueue0")) {
            seen.push_back(e->action);
            if (e->action == Action::instance_enumerated) {
              EXPECT_EQ(e.filter_id, instances);
            }
          }
        }
      }
      for (Action a : seen)
        if (a == action) return true;
    }
    return false;
  };
  {
    TapInterface tap("cmnqueue0");
    ASSERT_TRUE(wait_for(Action::interface_arrival));
  }
  ASSERT_TRUE(wait_for(Action::instance_removed));
  const std::vector<Action> expected = {Action::instance_enumerated, Action::instance_started,
                                        Action::interface_arrival, Action::interface_removal,
                                        Action::instance_removed};
  std::vector<Action> filtered;
  for (Action a : seen)
    if (a != Action::changed) filtered.push_back(a);
  EXPECT_EQ(filtered, expected);
  EXPECT_EQ(queue.stats().overflowed, 0u);
}

TEST(EventQueueKernel, PresentTapThenItsRemovalExactlyOnce) {
  CMNOTIFY_REQUIRE_ROOT();
  TapInterface tap("cmnqueue1");
  SubscribeOptions options;
  options.present = true;
  EventQueue queue(Filter::interface_class(interface_class::net), options);
  int arrivals = 0, removals = 0;
  bool present_seen = false;
  for (const QueuedEvent& e : queue) {
    if (is_tap(*e, "cmnqueue1") && e->action == Action::interface_arrival) {
      ++arrivals;
      present_seen = e->origin == Origin::present;
    }
  }
  tap.remove();
  for (int i = 0; i < 100 && removals == 0; ++i) {
    if (QueuedEvent e = queue.take(100ms)) {
      if (is_tap(*e, "cmnqueue1") && e->action == Action::interface_arrival) ++arrivals;
      if (is_tap(*e, "cmnqueue1") && e->action == Action::interface_removal) ++removals;
    }
  }
  EXPECT_EQ(arrivals, 1);
  EXPECT_TRUE(present_seen);
  EXPECT_EQ(removals, 1);
}

// Runs a shell command; true when it exits 0.
bool run_shell(const std::string& command) { return std::system(command.c_str()) == 0; }

// A block device through the queue's descriptor: a new loop device arrives (disk interface),
// `losetup` attaching a small file and detaching it are CHANGED events of that device (the kernel
// sends one or more for each), and removing it is the interface's removal: arrival and removal
// exactly once, in order, with the device's node on every event.
TEST(EventQueueKernel, LoopDeviceAttachedWithLosetupAndRemoved) {
  CMNOTIFY_REQUIRE_ROOT();
  if (!run_shell("command -v losetup >/dev/null")) GTEST_SKIP() << "no losetup (util-linux)";
  if (::access("/dev/loop-control", R_OK | W_OK) != 0) GTEST_SKIP() << "no /dev/loop-control";
  SubscribeOptions options;
  options.changes = true;
  EventQueue queue(Filter::interface_class(interface_class::disk), options);
  const std::string file = testing::loop::make_backing_file(std::size_t{1} << 20);
  const int n = testing::loop::add();
  const std::string name = "loop" + std::to_string(n);
  const std::string node = "/dev/" + name;
  std::vector<Action> seen;
  auto count = [&](Action action) { return std::count(seen.begin(), seen.end(), action); };
  // Drains the queue until `done` holds (true) or `polls` times 100 ms pass (false).
  auto collect = [&](auto done, int polls = 100) {
    for (int i = 0; i < polls && !done(); ++i) {
      pollfd p{queue.fd(), POLLIN, 0};
      if (::poll(&p, 1, 100) != 1) continue;
      for (const QueuedEvent& e : queue) {
        if (!e->device->syspath.ends_with("/block/" + name)) continue;
        EXPECT_EQ(e->device->devnode, node);
        EXPECT_EQ(e->device->subsystem, "block");
        seen.push_back(e->action);
      }
    }
    return done();
  };
  const bool arrived = collect([&] { return count(Action::interface_arrival) == 1; });
  const bool attached = arrived && run_shell("losetup " + node + " " + file) &&
                        collect([&] { return count(Action::changed) >= 1; });
  const std::ptrdiff_t changes_after_attach = count(Action::changed);
  const bool detached = attached && run_shell("losetup -d " + node) &&
                        collect([&] { return count(Action::changed) > changes_after_attach; });
  testing::loop::remove(n);
  std::filesystem::remove(file);
  ASSERT_TRUE(arrived) << "no arrival of " << name;
  ASSERT_TRUE(attached) << "no CHANGED when losetup attached " << file;
  ASSERT_TRUE(detached) << "no CHANGED when losetup -d detached it";
  ASSERT_TRUE(collect([&] { return count(Action::interface_removal) == 1; })) << "no removal";
  // Nothing of it comes late.
  collect([] { return false; }, 3);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front(), Action::interface_arrival);
  EXPECT_EQ(seen.back(), Action::interface_removal);
  EXPECT_EQ(count(Action::interface_arrival), 1);
  EXPECT_EQ(count(Action::interface_removal), 1);
  EXPECT_EQ(count(Action::changed) + 2, static_cast<std::ptrdiff_t>(seen.size()));
  EXPECT_EQ(queue.stats().overflowed, 0u);
}

// ---- Direct reading: the queue's own thread reads the source while it is its only consumer ----

constexpr const char* kSynthUuid = "00000000-0000-4000-8000-00000000c0de";

// Writes synthetic "change" uevents numbered from..to-1 (SYNTH_ARG_N) to a device.
void write_numbered(const std::string& syspath, int from, int to) {
  for (int n = from; n < to; ++n)
    testing::write_uevent(syspath, std::string("change ") + kSynthUuid + " N=" + std::to_string(n));
}

// The number of a synthetic change written by write_numbered(), or -1.
long synthetic_number(const Event& event) {
  for (const auto& [key, value] : event.event_properties)
    if (key == "SYNTH_ARG_N") return std::stol(value);
  return -1;
}

SubscribeOptions with_changes() {
  SubscribeOptions options;
  options.changes = true;
  return options;
}

// Restores the default source configuration when a test changed it.
struct DefaultSourceAfterwards {
  ~DefaultSourceAfterwards() { configure_source(SourceConfig{}); }
};

// Another consumer (a pool subscription) comes and goes every 200 events while 3,000 flow: the
// queue reads directly while alone, cmnotify's reader thread reads while shared, and the queue
// sees every event exactly once and in order across the switches.
TEST(EventQueueKernel, DirectAndSharedReadingTakeTurnsWhileEventsFlowExactlyOnceInOrder) {
  CMNOTIFY_REQUIRE_ROOT();
  TapInterface tap("cmnqdirect0");
  const SubscribeOptions options = with_changes();
  const Filter filter = Filter::instance("SWD\\NET\\CMNQDIRECT0");
  EventQueue queue(filter, options);
  EXPECT_TRUE(queue.stats().reading_directly);
  constexpr int kEvents = 3000;
  // The writer stays at most kAhead events ahead of what the queue took. The other subscription
  // lives while the queue takes 200 events, and receives only what is read after it subscribed:
  // unpaced, the writer could be done and the queue's direct reading have taken everything before
  // the first switch (an ASan build did so about one run in ten), and the other would see nothing.
  constexpr long kAhead = 100;
  std::atomic<long> taken{0};
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  std::thread writer([&taken, deadline] {
    for (int n = 0; n < kEvents; ++n) {
      while (n - taken.load() > kAhead && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(100us);
      write_numbered("/sys/devices/virtual/net/cmnqdirect0", n, n + 1);
    }
  });
  std::vector<long> got;
  std::optional<Subscription> other;
  std::atomic<long> other_count{0};
  long other_count_at_start = 0;
  int direct_seen = 0, shared_seen = 0;
  while (got.size() < kEvents && std::chrono::steady_clock::now() < deadline) {
    pollfd p{queue.fd(), POLLIN, 0};
    (void)::poll(&p, 1, 100);
    // At most 50 at a time, so that every stretch of 200 events sees its switch.
    queue.dispatch(
        [&](const Event& e) {
          if (const long n = synthetic_number(e); n >= 0) got.push_back(n);
        },
        50);
    taken = static_cast<long>(got.size());
    const bool want_other = got.size() / 200 % 2 == 1;
    if (want_other && !other) {
      other_count_at_start = other_count.load();
      other.emplace(subscribe(
          filter, [&](const Event&) { other_count.fetch_add(1); }, options));
      EXPECT_FALSE(queue.stats().reading_directly);
      ++shared_seen;
    } else if (!want_other && other) {
      // The events from kAhead past the switch on were written after the other subscribed (the
      // writer waits for the queue to take more first), and the queue has taken some of them, so
      // they were read while both listened: each stretch delivers to the other. Its callbacks run
      // on the pool, perhaps later than the queue took them.
      const auto reached = [&] { return other_count.load() > other_count_at_start; };
      const auto wait_until = std::chrono::steady_clock::now() + 10s;
      while (!reached() && std::chrono::steady_clock::now() < wait_until)
        std::this_thread::sleep_for(1ms);
      EXPECT_TRUE(reached()) << "nothing reached the other subscription";
      other.reset();
      EXPECT_TRUE(queue.stats().reading_directly);
      ++direct_seen;
    }
  }
  writer.join();
  other.reset();
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kEvents));
  for (long i = 0; i < kEvents; ++i) ASSERT_EQ(got[i], i) << "out of order or doubled at " << i;
  EXPECT_GE(shared_seen, 5);
  EXPECT_GE(direct_seen, 5);
  EXPECT_GT(other_count.load(), 0);
  EXPECT_EQ(queue.stats().overflowed, 0u);
  EXPECT_TRUE(queue.stats().reading_directly);
}

// Closing the queue from inside its handler while it reads directly and events keep coming: no
// handler runs afterwards, the descriptor is gone, and the next queue reads directly again.
TEST(EventQueueKernel, CloseFromTheHandlerWhileReadingDirectly) {
  CMNOTIFY_REQUIRE_ROOT();
  TapInterface tap("cmnqdirect1");
  const SubscribeOptions options = with_changes();
  const Filter filter = Filter::instance("SWD\\NET\\CMNQDIRECT1");
  const std::string syspath = "/sys/devices/virtual/net/cmnqdirect1";
  EventQueue queue(filter, options);
  ASSERT_TRUE(queue.stats().reading_directly);
  std::thread writer([&] { write_numbered(syspath, 0, 500); });
  int calls = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!queue.closed() && std::chrono::steady_clock::now() < deadline) {
    pollfd p{queue.fd(), POLLIN, 0};
    (void)::poll(&p, 1, 100);
    queue.dispatch([&](const Event& e) {
      if (synthetic_number(e) >= 0 && ++calls == 50) queue.close();
    });
  }
  writer.join();
  EXPECT_EQ(calls, 50);
  EXPECT_EQ(queue.fd(), -1);
  EXPECT_EQ(queue.dispatch([&](const Event&) { ++calls; }), 0u);
  EventQueue again(filter, options);
  EXPECT_TRUE(again.stats().reading_directly);
  write_numbered(syspath, 1000, 1001);
  QueuedEvent e = again.take(5s);
  ASSERT_TRUE(e) << "no event after the first queue closed inside its handler";
  EXPECT_EQ(synthetic_number(*e), 1000);
}

// A queue reading directly that nobody drains: the socket overflows (the reader thread does not
// read for it), the tap leaves meanwhile, and the queue's own thread recovers with a resync:
// the removal arrives exactly once, with no arrival again.
TEST(EventQueueKernel, OverflowWhileReadingDirectlyIsResynchronisedOnTheQueuesThread) {
  CMNOTIFY_REQUIRE_ROOT();
  const DefaultSourceAfterwards restore;
  SourceConfig config;
  config.group = SourceConfig::Group::kernel;
  config.receive_buffer_bytes = 4096;  // deliberately tiny: the storm must overflow it
  configure_source(config);
  std::optional<TapInterface> tap(std::in_place, "cmnqdirect2");
  SubscribeOptions options;
  options.present = true;
  EventQueue queue(Filter::all_instances(), options);
  ASSERT_TRUE(queue.stats().reading_directly);
  int arrivals = 0, removals = 0;
  auto count = [&](const Event& e) {
    if (!e.device->syspath.ends_with("/net/cmnqdirect2")) return;
    arrivals += e.action == Action::instance_enumerated;
    removals += e.action == Action::instance_removed;
  };
  queue.dispatch(count);  // the present devices
  ASSERT_EQ(arrivals, 1);
  const std::uint64_t overflows_before = source_stats().overflows;
  const std::uint64_t resyncs_before = source_stats().resyncs;
  write_numbered("/sys/devices/virtual/net/lo", 0, 2000);
  tap.reset();
  write_numbered("/sys/devices/virtual/net/lo", 2000, 4000);
  for (int i = 0; i < 50 && removals == 0; ++i) {
    pollfd p{queue.fd(), POLLIN, 0};
    (void)::poll(&p, 1, 100);
    queue.dispatch(count);
  }
  for (int i = 0; i < 5; ++i) {  // nothing of it comes late
    pollfd p{queue.fd(), POLLIN, 0};
    (void)::poll(&p, 1, 20);
    queue.dispatch(count);
  }
  EXPECT_GT(source_stats().overflows, overflows_before);
  EXPECT_GT(source_stats().resyncs, resyncs_before);
  EXPECT_EQ(arrivals, 1);
  EXPECT_EQ(removals, 1);
  EXPECT_TRUE(queue.stats().reading_directly);
}

void expect_example_sees_the_tap(const char* program, const std::string& name) {
  CMNOTIFY_REQUIRE_ROOT();
  if (program == nullptr || *program == '\0')
    GTEST_SKIP() << "example not built (its development package is not installed)";
  int status = -1;
  const std::vector<std::string> lines =
      cmnotify::testing::run_example_with_tap(program, name, status);
  EXPECT_EQ(status, 0) << "exit status";
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "ready");
  EXPECT_TRUE(lines[1].starts_with("arrival \\\\?\\")) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("removal \\\\?\\")) << lines[2];
  EXPECT_EQ(lines[1].substr(8), lines[2].substr(8)) << "the same symbolic link";
  EXPECT_EQ(lines[3], "closed");
}

TEST(EventQueueExamples, Epoll) {
  expect_example_sees_the_tap(CMNOTIFY_EXAMPLE_EPOLL, "cmnqepoll");
}
TEST(EventQueueExamples, Asio) { expect_example_sees_the_tap(CMNOTIFY_EXAMPLE_ASIO, "cmnqasio"); }
TEST(EventQueueExamples, Glib) { expect_example_sees_the_tap(CMNOTIFY_EXAMPLE_GLIB, "cmnqglib"); }
TEST(EventQueueExamples, SdEvent) {
  expect_example_sees_the_tap(CMNOTIFY_EXAMPLE_SD_EVENT, "cmnqsdev");
}

}  // namespace
}  // namespace cmnotify
