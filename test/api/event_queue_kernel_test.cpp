// The EventQueue against the real kernel (root): a tap interface comes and goes, seen by a queue
// in this process and by each integration example (epoll, asio, GLib, sd-event) run as a child;
// a loop block device is added, attached to a small file with losetup, detached and removed.
#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
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
