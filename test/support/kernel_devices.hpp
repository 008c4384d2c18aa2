// Test support: real kernel devices that come and go without hardware (root only), and a
// thread-safe recorder of the events a subscription receives.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cmnotify/event.hpp"

namespace cmnotify::testing {

#define CMNOTIFY_REQUIRE_ROOT()                                                      \
  do {                                                                               \
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: creates real kernel devices"; \
  } while (0)

// A persistent tap interface, created through /dev/net/tun and deleted on destruction.
class TapInterface {
 public:
  explicit TapInterface(std::string name);
  ~TapInterface();
  TapInterface(const TapInterface&) = delete;
  TapInterface& operator=(const TapInterface&) = delete;

  void remove();  // deletes it now (idempotent)
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] bool exists() const noexcept { return exists_; }

 private:
  std::string name_;
  bool exists_ = false;
};

// Runs an example program with a tap interface's name as its argument (`timeout 30 PROGRAM NAME`);
// creates the tap once the program prints "ready" and deletes it once it printed a line starting
// with "arrival". Returns the lines it printed, and its exit status in `status`.
std::vector<std::string> run_example_with_tap(const std::string& program, const std::string& name,
                                              int& status);

// Loop devices through /dev/loop-control and the loop ioctls.
namespace loop {
// Adds /dev/loopN with the lowest free N at or above `at_least`; returns N.
int add(int at_least = 64);
// Removes /dev/loopN (it must not be open).
void remove(int n);
// Attaches `file` to the open loop device fd; detaches it.
void attach(int loop_fd, const std::string& file);
void detach(int loop_fd);
// A sparse backing file of `bytes` in a temporary directory.
std::string make_backing_file(std::size_t bytes);
}  // namespace loop

// Writes `action` (with optional UUID and arguments) to a device's uevent file: a synthetic
// uevent from the kernel.
void write_uevent(const std::string& syspath, const std::string& action);

// systemd-udevd started for a test and stopped afterwards, leaving the machine as it was: when
// /run/udev did not exist before, it is removed again (so later sources and tests find neither
// a control socket nor a stale database).
class UdevDaemon {
 public:
  UdevDaemon();
  ~UdevDaemon();
  [[nodiscard]] bool running() const noexcept { return pid_ > 0; }
  [[nodiscard]] int pid() const noexcept { return pid_; }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }

  // `udevadm control --exit`, then waits for udevd to end; its socket file stays behind.
  void exit_by_control();
  // The same, false when udevd still runs after 10 s of asking (udevadm fails while a connection
  // udevd has not accepted yet waits on its socket: then it is asked again).
  [[nodiscard]] bool request_exit();
  // Sends `signal` (SIGKILL: waits for the end; SIGSTOP / SIGCONT: udevd lives on).
  void signal(int signal);
  // Starts udevd again after it exited or was killed (as `systemctl start` would); running()
  // and error() say whether it answers.
  void restart();

 private:
  void start();
  void reap();
  // Whether udevd ended (and was reaped) within `timeout`.
  bool ended_within(std::chrono::milliseconds timeout);

  int pid_ = -1;
  bool created_run_udev_ = false;
  std::string error_;
};

// Records events from any thread; tests wait for a predicate over what was recorded.
class EventRecorder {
 public:
  void operator()(const Event& event);
  // Waits until `predicate(events)` holds (true) or `timeout` passes (false).
  bool wait_for(const std::function<bool(const std::vector<Event>&)>& predicate,
                std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Waits for an event matching `match`; returns a copy of it.
  std::optional<Event> wait_for_event(const std::function<bool(const Event&)>& match,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(20));
  [[nodiscard]] std::vector<Event> events() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Event> events_;
};

// Matches the event of one action for one device instance.
inline auto is(Action action, const std::string& instance_id) {
  return [=](const Event& e) { return e.action == action && e.instance_id() == instance_id; };
}

// Tests of the real Linux source (root): a kernel-group source for each test, every registration
// closed at its end, and an EventRecorder as the subscription's callback.
class KernelSourceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  static std::function<void(const Event&)> to(EventRecorder& recorder) {
    return [&recorder](const Event& e) { recorder(e); };
  }
};

}  // namespace cmnotify::testing
