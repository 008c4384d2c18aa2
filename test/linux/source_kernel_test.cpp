// The Linux source against real kernel events (root): tap interfaces, loop devices, udevd,
// an overflow storm, and a forged message. Each test configures a fresh source.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "cmnotify/cmnotify.hpp"
#include "engine/engine.hpp"
#include "linux/linux_source.hpp"
#include "support/kernel_devices.hpp"
#include "support/subscriber_view.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using testing::difference;
using testing::EventRecorder;
using testing::is;
using testing::read_sysfs;
using testing::SubscriberView;
using testing::TapInterface;

const std::string kNetLink = "{cac88484-7515-4c03-82e6-71a87abac361}";

class SourceKernelTest : public testing::KernelSourceTest {};

TEST_F(SourceKernelTest, TapInterfaceArrivesAndLeavesWithItsExactIdentity) {
  EventRecorder instances, interfaces;
  auto a = subscribe(Filter::all_instances(), to(instances));
  auto b = subscribe(Filter::interface_class(interface_class::net), to(interfaces));
  const std::string id = "SWD\\NET\\CMNTAP0";
  const std::string link = "\\\\?\\SWD#NET#CMNTAP0#" + kNetLink;

  TapInterface tap("cmntap0");
  auto enumerated = instances.wait_for_event(is(Action::instance_enumerated, id));
  ASSERT_TRUE(enumerated) << "no DEVICEINSTANCEENUMERATED for " << id;
  EXPECT_EQ(enumerated->device->syspath, "/sys/devices/virtual/net/cmntap0");
  EXPECT_EQ(enumerated->device->subsystem, "net");
  EXPECT_EQ(enumerated->filter_type, FilterType::device_instance);
  EXPECT_GT(enumerated->sequence, 0u) << "carries the kernel's SEQNUM";
  ASSERT_TRUE(instances.wait_for_event(is(Action::instance_started, id)));
  auto arrival = interfaces.wait_for_event(is(Action::interface_arrival, id));
  ASSERT_TRUE(arrival);
  EXPECT_EQ(arrival->symbolic_link, link);
  EXPECT_EQ(arrival->class_guid, interface_class::net);

  tap.remove();
  auto removal = interfaces.wait_for_event(is(Action::interface_removal, id));
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->symbolic_link, link);
  ASSERT_TRUE(instances.wait_for_event(is(Action::instance_removed, id)));

  // Windows order for one device: enumerated, started ... removed.
  std::vector<Action> order;
  for (const Event& e : instances.events())
    if (e.instance_id() == id && e.action != Action::changed) order.push_back(e.action);
  const std::vector<Action> expected = {Action::instance_enumerated, Action::instance_started,
                                        Action::instance_removed};
  EXPECT_EQ(order, expected);
}

TEST_F(SourceKernelTest, HandleRegistrationOnANetDeviceGetsRemoveComplete) {
  TapInterface tap("cmntap1");
  EventRecorder recorder;
  // A device without a node is opened through its sysfs directory.
  const int fd = ::open("/sys/class/net/cmntap1", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto sub = subscribe(Filter::device(fd), to(recorder));
  ::close(fd);  // the registration outlives the descriptor
  tap.remove();
  auto done =
      recorder.wait_for_event([](const Event& e) { return e.action == Action::remove_complete; });
  ASSERT_TRUE(done);
  EXPECT_EQ(done->filter_type, FilterType::device_handle);
  EXPECT_EQ(done->instance_id(), "SWD\\NET\\CMNTAP1");
}

TEST_F(SourceKernelTest, LoopMediaAttachAndDetachAreCustomEventsOnTheHandle) {
  const int n = testing::loop::add();
  const std::string node = "/dev/loop" + std::to_string(n);
  // Each step opens the node and closes it again: the kernel defers a detach until the last
  // opener closes, and a handle registration does not need its descriptor kept open.
  auto with_node = [&](auto fn) {
    const int fd = ::open(node.c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fd, 0) << node;
    fn(fd);
    ::close(fd);
  };
  EventRecorder recorder;
  Subscription sub;
  with_node([&](int fd) { sub = subscribe(Filter::device(fd), to(recorder)); });
  const std::string file = testing::loop::make_backing_file(1 << 20);

  with_node([&](int fd) { testing::loop::attach(fd, file); });
  auto arrived = recorder.wait_for_event([](const Event& e) {
    return e.action == Action::custom_event && e.class_guid == io_event::media_arrival;
  });
  ASSERT_TRUE(arrived) << "no GUID_IO_MEDIA_ARRIVAL after attaching";
  EXPECT_EQ(arrived->device->devnode, node);
  EXPECT_EQ(arrived->filter_type, FilterType::device_handle);
  EXPECT_EQ(arrived->custom_name_offset, -1);

  with_node([&](int fd) { testing::loop::detach(fd); });
  ASSERT_TRUE(recorder.wait_for_event([](const Event& e) {
    return e.action == Action::custom_event && e.class_guid == io_event::media_removal;
  })) << "no GUID_IO_MEDIA_REMOVAL after detaching";

  sub.reset();
  ::unlink(file.c_str());
  testing::loop::remove(n);
}

TEST_F(SourceKernelTest, LoopDeviceAddedThroughLoopControlArrivesAsADisk) {
  EventRecorder disks, handle;
  auto sub = subscribe(Filter::interface_class(interface_class::disk), to(disks));
  const int n = testing::loop::add();
  char id[32];
  std::snprintf(id, sizeof id, "ROOT\\LOOP\\%04d", n);
  auto arrival = disks.wait_for_event(is(Action::interface_arrival, id));
  ASSERT_TRUE(arrival) << "no disk interface arrival for " << id;
  EXPECT_EQ(arrival->device->devnode, "/dev/loop" + std::to_string(n));
  EXPECT_EQ(arrival->device->subsystem, "block");

  const int fd = ::open(("/dev/loop" + std::to_string(n)).c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto watch = subscribe(Filter::device(fd), to(handle));
  ::close(fd);  // it must be closed before the loop device can be removed
  testing::loop::remove(n);
  ASSERT_TRUE(handle.wait_for_event(is(Action::remove_complete, id)));
  ASSERT_TRUE(disks.wait_for_event(is(Action::interface_removal, id)));
}

TEST_F(SourceKernelTest, TheUdevGroupDeliversTheSameEvents) {
  testing::UdevDaemon udevd;
  if (!udevd.running()) GTEST_SKIP() << "systemd-udevd could not be started: " << udevd.error();
  SourceConfig config;
  config.group = SourceConfig::Group::automatic;  // udevd answers now: udev's group
  configure_source(config);
  EventRecorder recorder;
  auto sub = subscribe(Filter::interface_class(interface_class::net), to(recorder));
  EXPECT_EQ(source_stats().description, "netlink udev group");
  const std::string id = "SWD\\NET\\CMNTAP2";
  {
    TapInterface tap("cmntap2");
    auto arrival = recorder.wait_for_event(is(Action::interface_arrival, id));
    ASSERT_TRUE(arrival) << "no arrival through udevd";
    EXPECT_EQ(arrival->symbolic_link, "\\\\?\\SWD#NET#CMNTAP2#" + kNetLink);
    // udev's re-broadcast carries udev's own properties.
    EXPECT_NE(arrival->device->property("USEC_INITIALIZED"), nullptr);
  }
  ASSERT_TRUE(recorder.wait_for_event(is(Action::interface_removal, id)));
  EXPECT_GT(source_stats().accepted, 0u);
}

TEST_F(SourceKernelTest, AfterAnOverflowStormTheSubscriberViewEqualsSysfs) {
  SourceConfig config;
  config.group = SourceConfig::Group::kernel;
  config.receive_buffer_bytes = 4096;  // deliberately tiny: the storm must overflow it
  configure_source(config);
  SubscriberView view;
  SubscribeOptions options;
  options.present = true;
  options.changes = false;
  auto instances = subscribe(
      Filter::all_instances(), [&](const Event& e) { view.apply(e); }, options);
  auto links = subscribe(
      Filter::all_interface_classes(), [&](const Event& e) { view.apply(e); }, options);

  // 100,000+ synthetic uevents from two writers while tap interfaces really come and go.
  constexpr int kSynthetic = 100'000;
  std::atomic<int> written{0};
  std::vector<std::thread> writers;
  for (const char* path : {"/sys/devices/virtual/net/lo", "/sys/devices/virtual/mem/null"}) {
    writers.emplace_back([&, path] {
      while (written.fetch_add(1) < kSynthetic) testing::write_uevent(path, "change");
    });
  }
  std::thread churn([&] {
    for (int round = 0; round < 20; ++round) {
      TapInterface a("cmnstorm" + std::to_string(round % 4));
      if (round % 2 == 0) a.remove();
    }
  });
  for (auto& w : writers) w.join();
  churn.join();
  TapInterface survivor("cmnstorm9");  // arrives after the storm: must be in the final view

  std::set<std::string> expect_instances, expect_links;
  // Converges once the last resync and the events after it are applied.
  bool equal = false;
  for (int i = 0; i < 200 && !equal; ++i) {
    std::this_thread::sleep_for(100ms);
    expect_instances.clear();
    expect_links.clear();
    read_sysfs(expect_instances, expect_links);
    std::lock_guard lock(view.mutex);
    equal = view.instances == expect_instances && view.links == expect_links;
  }
  const SourceStats stats = source_stats();
  RecordProperty("overflows", static_cast<int>(stats.overflows));
  RecordProperty("resyncs", static_cast<int>(stats.resyncs));
  RecordProperty("resync_events", static_cast<int>(stats.resync_events));
  RecordProperty("messages", static_cast<int>(stats.messages));
  EXPECT_GT(stats.overflows, 0u) << "the storm did not overflow a " << stats.receive_buffer_bytes
                                 << "-byte buffer";
  EXPECT_GT(stats.resyncs, 0u);
  std::lock_guard lock(view.mutex);
  EXPECT_TRUE(equal) << "the subscriber's view differs from sysfs:\n"
                     << difference("instance", view.instances, expect_instances)
                     << difference("interface", view.links, expect_links);
  EXPECT_EQ(view.doubled, 0) << "an arrival was delivered twice";
  EXPECT_EQ(view.orphan_removals, 0) << "a removal came without its arrival";
  EXPECT_EQ(view.instances.count("SWD\\NET\\CMNSTORM9"), 1u);
}

TEST_F(SourceKernelTest, AForgedUeventFromAUserProcessIsRejected) {
  EventRecorder recorder;
  auto sub = subscribe(Filter::all_instances(), to(recorder));
  const std::uint64_t rejected_before = source_stats().rejected;

  // Root may send to the kernel's multicast group; only the kernel sends with nl_pid 0.
  const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
  ASSERT_GE(fd, 0);
  sockaddr_nl self{};
  self.nl_family = AF_NETLINK;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&self), sizeof self), 0);
  const char forged[] =
      "add@/devices/virtual/net/forged0\0ACTION=add\0DEVPATH=/devices/virtual/net/forged0\0"
      "SUBSYSTEM=net\0INTERFACE=forged0\0IFINDEX=999\0SEQNUM=999999";
  sockaddr_nl group{};
  group.nl_family = AF_NETLINK;
  group.nl_groups = 1;
  ASSERT_EQ(
      ::sendto(fd, forged, sizeof forged, 0, reinterpret_cast<sockaddr*>(&group), sizeof group),
      static_cast<ssize_t>(sizeof forged));
  ::close(fd);

  TapInterface tap("cmntap3");  // a real event after the forged one still arrives
  ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, "SWD\\NET\\CMNTAP3")));
  EXPECT_GT(source_stats().rejected, rejected_before);
  for (const Event& e : recorder.events())
    EXPECT_EQ(e.device->syspath.find("forged0"), std::string::npos) << "forged event delivered";
}

}  // namespace
}  // namespace cmnotify
