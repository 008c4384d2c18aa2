// The EventQueue against the real kernel (root): a tap interface comes and goes, seen by a queue
// in this process and by each integration example (epoll, asio, GLib, sd-event) run as a child.
#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
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
