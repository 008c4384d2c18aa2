// The device map on the real kernel's uevents (root): devices never seen before (tap interfaces,
// a loop device and its bdi) are built from their messages, without reading their directories,
// and equal what a full read of sysfs gives; a tap's queues are no devices and, once their kind
// is known, read nothing.
#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "linux/device_map.hpp"
#include "linux/netlink_socket.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify::linux_source {
namespace {

constexpr std::size_t kBufferBytes = 4 * 1024 * 1024;

// A device map kept current by the kernel's group, as the source keeps it, counting the sysfs
// reads each uevent cost.
class LiveMap {
 public:
  LiveMap() : map_(sysfs_) {
    std::string error;
    socket_ = NetlinkSocket::open(NetlinkGroup::kernel, kBufferBytes, error);
    if (!socket_) throw std::runtime_error(error);
    map_.rescan();  // after the socket is bound: nothing between is missed
  }

  // Applies uevents until `done` holds or 20 s pass (false). Each uevent's sysfs reads are added
  // to reads_[its devpath].
  bool apply_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      Uevent uevent;
      const ReceiveStatus status = socket_->receive(uevent);
      if (status == ReceiveStatus::would_block) {
        pollfd p{socket_->fd(), POLLIN, 0};
        ::poll(&p, 1, 100);
        continue;
      }
      if (status == ReceiveStatus::overflow) throw std::runtime_error("uevents lost (ENOBUFS)");
      if (status != ReceiveStatus::message) continue;
      const std::uint64_t before = sysfs_.reads();
      std::vector<engine::EventPtr> events;
      map_.apply(uevent, engine::ChangeInterest{}, events);
      const std::string devpath(uevent.devpath);
      reads_[devpath] += sysfs_.reads() - before;
      seen_.insert(devpath);
    }
    return true;
  }
  [[nodiscard]] bool seen(const std::string& devpath) const { return seen_.count(devpath) != 0; }
  [[nodiscard]] std::uint64_t reads(const std::string& devpath) const {
    const auto it = reads_.find(devpath);
    return it == reads_.end() ? 0 : it->second;
  }
  [[nodiscard]] DevicePtr find(const std::string& devpath) const {
    return map_.find("/sys" + devpath);
  }

 private:
  Sysfs sysfs_{"/sys"};
  DeviceMap map_;
  std::unique_ptr<NetlinkSocket> socket_;
  std::map<std::string, std::uint64_t> reads_;
  std::set<std::string> seen_;
};

// What a full read of sysfs says of `devpath` now (a fresh map, every device read).
DevicePtr read_whole(const std::string& devpath) {
  const Sysfs sysfs("/sys");
  DeviceMap whole(sysfs);
  whole.rescan();
  return whole.find("/sys" + devpath);
}

TEST(DeviceMapKernel, NewTapsAreBuiltFromTheirMessagesAndEqualSysfs) {
  CMNOTIFY_REQUIRE_ROOT();
  LiveMap live;
  const std::string first = "/devices/virtual/net/cmnmsg0";
  const std::string second = "/devices/virtual/net/cmnmsg1";
  cmnotify::testing::TapInterface tap0("cmnmsg0");
  ASSERT_TRUE(live.apply_until([&] { return live.find(first) != nullptr; }));
  cmnotify::testing::TapInterface tap1("cmnmsg1");
  // The queues' events come after the interface's.
  ASSERT_TRUE(live.apply_until([&] { return live.seen(second + "/queues/tx-0"); }));
  for (const std::string& devpath : {first, second}) {
    SCOPED_TRACE(devpath);
    const DevicePtr built = live.find(devpath);
    ASSERT_NE(built, nullptr);
    const DevicePtr read = read_whole(devpath);
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(*built, *read);
  }
  // The second tap: its kind ("net", a class) and its parent (none) known, nothing read at all,
  // and its queues (neither a bus nor a class: no devices) read nothing either.
  EXPECT_EQ(live.reads(second), 0u);
  for (const std::string queue : {"/queues/rx-0", "/queues/tx-0"}) {
    EXPECT_EQ(live.reads(second + queue), 0u) << queue;
    EXPECT_EQ(live.find(second + queue), nullptr) << queue;
    EXPECT_EQ(live.find(first + queue), nullptr) << queue;
  }
  tap0.remove();
  tap1.remove();
  ASSERT_TRUE(live.apply_until(
      [&] { return live.find(first) == nullptr && live.find(second) == nullptr; }));
}

TEST(DeviceMapKernel, ANewLoopDeviceAndItsBdiAreBuiltFromTheirMessagesAndEqualSysfs) {
  CMNOTIFY_REQUIRE_ROOT();
  LiveMap live;
  const int n = cmnotify::testing::loop::add();
  const std::string disk = "/devices/virtual/block/loop" + std::to_string(n);
  // Its backing device info, named after its device number ("7:N" without partitions).
  std::error_code error;
  const std::string bdi =
      std::filesystem::canonical("/sys" + disk + "/bdi", error).string().substr(4);
  ASSERT_FALSE(error) << error.message();
  const bool arrived = live.apply_until([&] { return live.find(disk) && live.find(bdi); });
  // Read before the loop device goes, whatever the outcome.
  const DevicePtr disk_read = read_whole(disk);
  const DevicePtr bdi_read = read_whole(bdi);
  cmnotify::testing::loop::remove(n);
  ASSERT_TRUE(arrived);
  ASSERT_NE(disk_read, nullptr);
  ASSERT_NE(bdi_read, nullptr);
  EXPECT_EQ(*live.find(disk), *disk_read);
  EXPECT_EQ(*live.find(bdi), *bdi_read);
  ASSERT_TRUE(live.apply_until([&] { return live.find(disk) == nullptr; }));
}

}  // namespace
}  // namespace cmnotify::linux_source
