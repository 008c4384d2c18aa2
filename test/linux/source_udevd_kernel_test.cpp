// The automatic source against real kernel events while systemd-udevd comes and goes (root):
// udevd absent, running, a control socket left behind, udevd stopped with `udevadm control
// --exit`, killed, started, and stopped with SIGSTOP, each while tap interfaces come and go. In
// every case each arrival and removal is delivered exactly once and the subscriber's view ends
// equal to sysfs. And names that are not UTF-8. Label kernel: runs under the device lock.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "common/instance_id.hpp"
#include "common/utf8.hpp"
#include "linux/udevd.hpp"
#include "support/delivery_tally.hpp"
#include "support/kernel_devices.hpp"
#include "support/subscriber_view.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using testing::EventRecorder;
using testing::TapInterface;
using testing::UdevDaemon;

constexpr const char* kControl = "/run/udev/control";

class SourceUdevdKernelTest : public testing::KernelSourceTest {
 protected:
  void SetUp() override {
    KernelSourceTest::SetUp();
    if (IsSkipped()) return;
    if (::access("/lib/systemd/systemd-udevd", X_OK) != 0)
      GTEST_SKIP() << "no /lib/systemd/systemd-udevd";
    if (linux_source::udevd_answers(kControl))
      GTEST_SKIP() << "systemd-udevd already runs: these tests start and stop their own";
    SourceConfig config;
    config.group = SourceConfig::Group::automatic;
    configure_source(config);
  }

  Subscription subscribe_all() {
    SubscribeOptions options;
    options.present = true;
    return subscribe(
        Filter::all_instances(), [this](const Event& e) { tally_(e); }, options);
  }

  // Taps that each come and go, `gap` apart; returns their instance IDs.
  std::vector<std::string> churn(const std::string& prefix, int count,
                                 std::chrono::milliseconds gap = 30ms) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      const std::string name = prefix + std::to_string(i);
      {
        TapInterface tap(name);
        std::this_thread::sleep_for(gap);
      }
      std::this_thread::sleep_for(gap);
      ids.push_back(tap_id(name));
    }
    return ids;
  }

  void expect_all(const std::vector<std::string>& ids) {
    EXPECT_TRUE(tally_.wait(ids)) << "not every tap arrived and left";
    tally_.expect_exactly_once(ids);
    tally_.expect_view_equals_sysfs();
  }

  static std::string tap_id(const std::string& name) {
    return "SWD\\NET\\" + detail::to_upper_ascii(name);
  }

  // A tap deleted and another created while udevd is dead (SIGKILL, or `udevadm control
  // --exit`), then udevd started again: once it answers, the first is reported removed and the
  // second arrived, exactly once, and the view ends equal to sysfs.
  void udevd_dead_while_taps_change(const std::string& prefix, bool kill) {
    UdevDaemon udevd;
    ASSERT_TRUE(udevd.running()) << udevd.error();
    auto sub = subscribe_all();
    const std::string gone_id = tap_id(prefix + "gone");
    const std::string born_id = tap_id(prefix + "born");
    auto gone = std::make_unique<TapInterface>(prefix + "gone");
    ASSERT_TRUE(tally_.wait({gone_id}, 1, 0)) << "arrival while udevd runs";
    if (kill) {
      udevd.signal(SIGKILL);
    } else {
      udevd.exit_by_control();
    }
    gone.reset();
    TapInterface born(prefix + "born");
    std::this_thread::sleep_for(200ms);
    udevd.restart();
    ASSERT_TRUE(udevd.running()) << udevd.error();
    EXPECT_TRUE(tally_.wait({gone_id}, 1, 1)) << "deleted while udevd was dead: never removed";
    EXPECT_TRUE(tally_.wait({born_id}, 1, 0)) << "created while udevd was dead: never arrived";
    born.remove();  // heard through udevd again
    expect_all({gone_id, born_id});
  }

  static std::string groups() { return source_stats().description; }

  // The groups' history once it names `text` (or as it is after 20 s). A switch to the kernel
  // group delivers the events it held first (they are older than the switch's resync), and only
  // then is recorded: a subscriber can see those events before the record.
  static std::string groups_naming(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (groups().find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return groups();
  }

  testing::DeliveryTally tally_;
};

TEST_F(SourceUdevdKernelTest, WithoutUdevdTheKernelGroupDeliversEverything) {
  auto sub = subscribe_all();
  const auto ids = churn("cmnua", 4);
  expect_all(ids);
  EXPECT_EQ(groups(), "netlink kernel group");
  EXPECT_EQ(source_stats().from_udev, 0u);
  EXPECT_GT(source_stats().from_kernel, 0u);
}

TEST_F(SourceUdevdKernelTest, WithUdevdRunningUdevsCopiesAreDeliveredOnce) {
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  auto sub = subscribe_all();
  const auto ids = churn("cmnub", 4);
  expect_all(ids);
  const SourceStats stats = source_stats();
  EXPECT_EQ(stats.description, "netlink udev group");
  EXPECT_GE(stats.from_udev, ids.size() * 2) << "each tap's add and remove through udevd";
  EXPECT_EQ(stats.group_switches, 0u);
}

TEST_F(SourceUdevdKernelTest, AControlSocketLeftBehindIsNotUdevd) {
  // What udevd leaves when it exits: the socket file, with nobody listening on it.
  struct stat st {};
  const bool made_dir = ::stat("/run/udev", &st) != 0;
  std::filesystem::create_directories("/run/udev");
  const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, kControl, sizeof address.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ::close(fd);
  {
    auto sub = subscribe_all();
    const auto ids = churn("cmnuc", 3);
    expect_all(ids);
    EXPECT_EQ(groups(), "netlink kernel group");
  }
  ::unlink(kControl);
  if (made_dir) std::filesystem::remove_all("/run/udev");
}

TEST_F(SourceUdevdKernelTest, UdevdStoppedMidStreamHandsOverToTheKernelGroup) {
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  auto sub = subscribe_all();
  auto ids = churn("cmnud", 3);
  TapInterface survivor("cmnudkeep");  // arrives through udevd, leaves without it
  std::this_thread::sleep_for(200ms);
  udevd.exit_by_control();
  const auto after = churn("cmnude", 3);
  ids.insert(ids.end(), after.begin(), after.end());
  survivor.remove();
  ids.push_back("SWD\\NET\\CMNUDKEEP");
  expect_all(ids);
  EXPECT_NE(groups().find("netlink udev group, then kernel group from "), std::string::npos)
      << groups();
}

TEST_F(SourceUdevdKernelTest, UdevdKilledMidStreamHandsOverToTheKernelGroup) {
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  auto sub = subscribe_all();
  auto ids = churn("cmnuf", 3);
  // Killed while taps come and go: some events reach udevd and never come back.
  std::thread storm([&] {
    const auto more = churn("cmnug", 6, 10ms);
    ids.insert(ids.end(), more.begin(), more.end());
  });
  std::this_thread::sleep_for(40ms);
  udevd.signal(SIGKILL);
  storm.join();
  const auto after = churn("cmnuh", 3);
  ids.insert(ids.end(), after.begin(), after.end());
  expect_all(ids);
  EXPECT_NE(groups().find("then kernel group from "), std::string::npos) << groups();
}

TEST_F(SourceUdevdKernelTest, UdevdStartedMidStreamTakesOverFromTheKernelGroup) {
  auto sub = subscribe_all();
  auto ids = churn("cmnui", 3);
  {
    UdevDaemon udevd;
    ASSERT_TRUE(udevd.running()) << udevd.error();
    // udevd binds its socket, loads its rules, listens: the source's watch sees the socket and
    // probes until udevd answers, then switches, before any event. Waited for, not slept on: on
    // a loaded machine that takes longer than any fixed pause.
    const std::string switched = groups_naming("then udev group from ");
    EXPECT_NE(switched.find("netlink kernel group, then udev group from "), std::string::npos)
        << switched;
    const auto during = churn("cmnuj", 3);
    ids.insert(ids.end(), during.begin(), during.end());
    expect_all(ids);
    EXPECT_NE(groups().find("netlink kernel group, then udev group from "), std::string::npos)
        << groups();
    EXPECT_GT(source_stats().from_udev, 0u);
  }
  // And back when it goes again.
  const auto after = churn("cmnuk", 3);
  ids.insert(ids.end(), after.begin(), after.end());
  expect_all(ids);
}

TEST_F(SourceUdevdKernelTest, AStoppedUdevdDelaysEventsByTheHoldThenTheKernelGroupServes) {
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  auto sub = subscribe_all();
  auto ids = churn("cmnul", 2);
  udevd.signal(SIGSTOP);
  const auto stopped = churn("cmnum", 3);
  ids.insert(ids.end(), stopped.begin(), stopped.end());
  EXPECT_TRUE(tally_.wait(ids)) << "events stuck behind a stopped udevd";
  const std::string history = groups_naming("did not forward event");
  EXPECT_NE(history.find("did not forward event"), std::string::npos) << history;
  udevd.signal(SIGCONT);  // its late copies are duplicates; it forwards again
  const auto resumed = churn("cmnun", 3);
  ids.insert(ids.end(), resumed.begin(), resumed.end());
  expect_all(ids);
}

TEST_F(SourceUdevdKernelTest, AStormWhileUdevdIsKilledLosesAndDoublesNothing) {
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  auto sub = subscribe_all();
  std::vector<std::string> ids;
  {
    std::vector<std::unique_ptr<TapInterface>> taps;
    for (int i = 0; i < 40; ++i) {
      taps.push_back(std::make_unique<TapInterface>("cmnuo" + std::to_string(i)));
      ids.push_back("SWD\\NET\\CMNUO" + std::to_string(i));
      if (i == 20) udevd.signal(SIGKILL);
    }
  }  // all removed at once
  expect_all(ids);
}

// The udev group alone (Source::udev, `cmnotify monitor --source udev`) hears nothing while udevd
// is dead, and udevd started again does not replay what it missed: the source rereads sysfs when
// udevd returns, as after an overflow.
TEST_F(SourceUdevdKernelTest, UdevGroupAloneReportsWhatChangedWhileUdevdWasKilled) {
  SourceConfig config;
  config.group = SourceConfig::Group::udev;
  configure_source(config);
  udevd_dead_while_taps_change("cmnuq", true);
  EXPECT_EQ(groups(), "netlink udev group");
  EXPECT_GE(source_stats().resyncs, 1u);
}

TEST_F(SourceUdevdKernelTest, UdevGroupAloneReportsWhatChangedWhileUdevdHadExited) {
  SourceConfig config;
  config.group = SourceConfig::Group::udev;
  configure_source(config);
  udevd_dead_while_taps_change("cmnur", false);
}

// Automatic: the kernel group serves while udevd is dead, and udevd's group takes over again
// when it returns, with nothing lost or doubled across either switch.
TEST_F(SourceUdevdKernelTest, AutomaticLosesNothingWhileUdevdIsKilledAndStartedAgain) {
  udevd_dead_while_taps_change("cmnus", true);
  EXPECT_NE(groups_naming("then udev group").find("then udev group from "), std::string::npos)
      << groups();
}

// The tests' UdevDaemon: udevd's control socket holds one connection udevd has not accepted yet,
// and while a probe waits there (the source's or the monitor's, made while a loaded machine did not
// schedule udevd), `udevadm control --exit` fails with EAGAIN and udevd never hears it.
// exit_by_control() asks again until udevd ends, leaving its socket file behind.
TEST(UdevDaemonExit, EndsUdevdThoughAProbeWaitsUnacceptedOnItsSocket) {
  CMNOTIFY_REQUIRE_ROOT();
  if (::access("/lib/systemd/systemd-udevd", X_OK) != 0)
    GTEST_SKIP() << "no /lib/systemd/systemd-udevd";
  if (linux_source::udevd_answers(kControl))
    GTEST_SKIP() << "systemd-udevd already runs: this test starts and stops its own";
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  const int pid = udevd.pid();
  udevd.signal(SIGSTOP);
  ASSERT_TRUE(linux_source::udevd_answers(kControl));  // the probe udevd cannot accept yet
  std::thread resume([pid] {
    std::this_thread::sleep_for(300ms);  // udevadm's first attempt meets the waiting probe
    ::kill(pid, SIGCONT);
  });
  udevd.exit_by_control();
  resume.join();
  EXPECT_FALSE(udevd.running());
  EXPECT_FALSE(linux_source::udevd_answers(kControl));
  EXPECT_EQ(::access(kControl, F_OK), 0) << "udevd exits by control, leaving its socket file";
}

// A tap whose name is not UTF-8 (ip tuntap add mode tap "$(printf 'cm\xff\xe9x')"): a genuine
// kernel event, delivered with the name's bytes kept in the Linux identity and a stable ASCII
// instance ID, listed by enumerate(), the same identity when it is made again.
TEST_F(SourceUdevdKernelTest, ATapNamedWithBytesThatAreNotUtf8IsDeliveredAndKeepsItsIdentity) {
  const std::string name = "cm\xff\xe9x";
  EventRecorder recorder;
  auto sub = subscribe(Filter::all_instances(), to(recorder));
  std::string first_id;
  for (int round = 0; round < 2; ++round) {
    TapInterface tap(name);
    auto arrival = recorder.wait_for_event([&](const Event& e) {
      return e.action == Action::instance_enumerated && e.device->syspath.ends_with("/" + name);
    });
    ASSERT_TRUE(arrival) << "the tap's arrival was rejected or lost";
    EXPECT_EQ(arrival->device->syspath, "/sys/devices/virtual/net/" + name);
    ASSERT_NE(arrival->device->property("INTERFACE"), nullptr);
    EXPECT_EQ(*arrival->device->property("INTERFACE"), name);
    EXPECT_TRUE(detail::is_valid_instance_id(arrival->instance_id()));
    EXPECT_TRUE(detail::is_valid_utf8(arrival->device->description));
    if (round == 0) first_id = arrival->instance_id();
    EXPECT_EQ(arrival->instance_id(), first_id) << "stable across re-creation";
    bool listed = false;
    for (const DevicePtr& d : enumerate(Filter::instance(first_id)))
      listed = listed || d->syspath == arrival->device->syspath;
    EXPECT_TRUE(listed);
    tap.remove();
    ASSERT_TRUE(recorder.wait_for_event([&](const Event& e) {
      return e.action == Action::instance_removed && e.instance_id() == first_id;
    }));
    recorder.clear();
  }
  EXPECT_EQ(source_stats().rejected, 0u);
}

}  // namespace
}  // namespace cmnotify
