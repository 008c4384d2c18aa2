// The reliability guarantees against the real kernel (root): forged and malformed datagrams sent
// on real netlink sockets, on the kernel group and on the udev group, and fork() while the real
// source runs. Devices are tap interfaces.
#include <gtest/gtest.h>

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "engine/engine.hpp"
#include "linux/uevent_test_messages.hpp"
#include "reliability/forked_child.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using linux_source::testing::kernel_message;
using linux_source::testing::nul_join;
using linux_source::testing::udev_message;
using linux_source::testing::UdevHeader;
using testing::EventRecorder;
using testing::is;
using testing::run_in_child;
using testing::TapInterface;

// Sends one datagram to a uevent multicast group (1 kernel, 2 udev) from a socket of our own:
// as root, any process may; the kernel stamps our port id and credentials on it.
void send_to_group(const std::string& bytes, std::uint32_t group) {
  const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
  ASSERT_GE(fd, 0) << std::strerror(errno);
  sockaddr_nl self{};
  self.nl_family = AF_NETLINK;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&self), sizeof self), 0);
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  to.nl_groups = group == 1 ? 1u : 2u;
  const auto sent =
      ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  ::close(fd);
  ASSERT_EQ(sent, static_cast<ssize_t>(bytes.size())) << std::strerror(errno);
}

std::string forged_pairs(std::initializer_list<std::string_view> extra = {}) {
  return nul_join({"ACTION=add", "DEVPATH=/devices/virtual/net/cmnforged0", "SUBSYSTEM=net",
                   "INTERFACE=cmnforged0", "IFINDEX=4242", "SEQNUM=99999999"}) +
         nul_join(extra);
}

std::string forged_kernel(std::initializer_list<std::string_view> extra = {}) {
  return kernel_message("add@/devices/virtual/net/cmnforged0", forged_pairs(extra));
}

class KernelReliability : public ::testing::Test {
 protected:
  void SetUp() override { CMNOTIFY_REQUIRE_ROOT(); }
  void TearDown() override { EXPECT_EQ(engine::Engine::instance().stats().registrations, 0u); }
  static void use_group(SourceConfig::Group group) {
    SourceConfig config;
    config.group = group;
    configure_source(config);
  }
  static void expect_nothing_forged(const EventRecorder& recorder) {
    for (const Event& e : recorder.events()) {
      EXPECT_EQ(e.device->syspath.find("cmnforged"), std::string::npos)
          << "forged event delivered: " << to_string(e.action) << " " << e.instance_id();
    }
  }
};

TEST_F(KernelReliability, ForgeriesOnTheKernelGroupAreRejectedAndTheNextRealEventArrives) {
  use_group(SourceConfig::Group::kernel);
  EventRecorder recorder;
  auto sub = subscribe(Filter::all_instances(), [&](const Event& e) { recorder(e); });
  const std::vector<std::string> forgeries = {
      forged_kernel(),                          // well formed, but not from the kernel
      forged_kernel({"ID_MODEL=caf\xc3\x28"}),  // with bytes that are not UTF-8
      forged_kernel({"MODALIAS=" + std::string(9000, 'x')}),  // and a value too long
      udev_message(forged_pairs()),                           // udev's format on the kernel group
  };
  for (std::size_t i = 0; i < forgeries.size(); ++i) {
    const std::uint64_t rejected_before = source_stats().rejected;
    send_to_group(forgeries[i], 1);
    const std::string name = "cmnrel" + std::to_string(i);
    TapInterface tap(name);
    std::string id = "SWD\\NET\\CMNREL" + std::to_string(i);
    ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, id))) << "forgery " << i;
    EXPECT_EQ(source_stats().rejected, rejected_before + 1) << "forgery " << i;
  }
  expect_nothing_forged(recorder);
}

TEST_F(KernelReliability, MalformedMessagesOnTheUdevGroupAreRejectedAndAWellFormedOneIsNot) {
  // Root may send on udev's group, as udevd does: messages that pass the trust checks (port,
  // uid 0) are then judged on their form alone.
  use_group(SourceConfig::Group::udev);
  EventRecorder recorder;
  auto sub = subscribe(Filter::all_instances(), [&](const Event& e) { recorder(e); });
  UdevHeader bad_magic;
  bad_magic.magic = 0x12345678;
  UdevHeader lying_offset;
  lying_offset.properties_off = 4096;
  UdevHeader lying_length;
  lying_length.properties_len = 10;
  const std::vector<std::string> malformed = {
      udev_message(forged_pairs(), bad_magic),
      udev_message(forged_pairs(), lying_offset),
      udev_message(forged_pairs(), lying_length),
      udev_message(forged_pairs()).substr(0, 30),  // shorter than its header
      forged_kernel(),                             // the kernel's format on group 2
  };
  const std::uint64_t rejected_before = source_stats().rejected;
  for (const std::string& m : malformed) send_to_group(m, 2);
  // A well-formed message from root: trusted on this group (it is how udevd speaks), and the
  // marker that everything sent before it has been read.
  const std::string marker =
      udev_message(nul_join({"ACTION=change", "DEVPATH=/devices/virtual/net/lo", "SUBSYSTEM=net",
                             "INTERFACE=lo", "IFINDEX=1", "SEQNUM=1", "CMNOTIFY_MARKER=1"}));
  send_to_group(marker, 2);
  auto changed = recorder.wait_for_event([](const Event& e) {
    return e.action == Action::changed && e.device->syspath.ends_with("/net/lo");
  });
  ASSERT_TRUE(changed) << "the well-formed message was not delivered";
  EXPECT_EQ(source_stats().rejected, rejected_before + malformed.size());
  expect_nothing_forged(recorder);
}

TEST_F(KernelReliability, AChildForkedWhileTheSourceRunsGetsItsOwnSourceAndTheParentKeepsIts) {
  use_group(SourceConfig::Group::kernel);
  EventRecorder parent;
  auto sub = subscribe(Filter::all_instances(), [&](const Event& e) { parent(e); });
  {
    TapInterface warm("cmnforkp0");
    ASSERT_TRUE(parent.wait_for_event(is(Action::instance_enumerated, "SWD\\NET\\CMNFORKP0")));
  }
  const int status = run_in_child([&]() -> int {
    // The child: the inherited registration closes at once; a new one hears a new device.
    int code = 0;
    if (engine::Engine::instance().unregister(sub.id()) != Cr::success) code = 1;
    std::mutex mutex;
    std::set<std::string> seen;
    {
      auto own = subscribe(Filter::all_instances(), [&](const Event& e) {
        std::lock_guard lock(mutex);
        seen.insert(e.instance_id() + " " + std::string(to_string(e.action)));
      });
      TapInterface tap("cmnforkc0");
      bool arrived = false;
      for (int i = 0; i < 2000 && !arrived; ++i) {
        std::this_thread::sleep_for(10ms);
        std::lock_guard lock(mutex);
        arrived = seen.count("SWD\\NET\\CMNFORKC0 DEVICEINSTANCEENUMERATED") == 1;
      }
      if (!arrived) code = 2;
    }
    sub = Subscription();  // already closed: its reset finds nothing
    return code;
  });
  EXPECT_EQ(status, 0);
  // The parent's source saw the child's device too (same kernel), and still runs.
  EXPECT_TRUE(parent.wait_for_event(is(Action::instance_removed, "SWD\\NET\\CMNFORKC0")));
  TapInterface after("cmnforkp1");
  EXPECT_TRUE(parent.wait_for_event(is(Action::instance_enumerated, "SWD\\NET\\CMNFORKP1")));
}

}  // namespace
}  // namespace cmnotify
