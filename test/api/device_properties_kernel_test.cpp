// The C++ API's parent, children and driver against sysfs (root: a tap interface comes and goes;
// every present device is compared with its /sys directory).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify {
namespace {

namespace fs = std::filesystem;
using testing::TapInterface;

// The kernel driver bound to a device: the name its "driver" link points at; empty without.
std::string sysfs_driver(const std::string& syspath) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(fs::path(syspath) / "driver", ec);
  return ec ? std::string() : target.filename().string();
}

std::string driver_of(const Device& d) {
  const auto v = device_property(d, DeviceProperty::driver);
  return v ? std::get<std::string>(*v) : std::string();
}

std::string text_of(const std::optional<DevicePropertyValue>& v) {
  return v ? std::get<std::string>(*v) : std::string();
}

class DevicePropertiesKernel : public testing::KernelSourceTest {};

TEST_F(DevicePropertiesKernel, TapInterfaceParentChildrenDriverThenGone) {
  Subscription live = subscribe(Filter::all_instances(), [](const Event&) {});
  TapInterface tap("cmnprops0");
  DevicePtr d;
  for (int i = 0; i < 200 && d == nullptr; ++i) {  // the map learns it from netlink
    d = find_device("cmnprops0");
    if (d == nullptr) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->syspath, fs::canonical("/sys/class/net/cmnprops0").string());
  EXPECT_EQ(driver_of(*d), sysfs_driver(d->syspath));  // a tap has no driver link: both empty
  EXPECT_EQ(text_of(device_property(*d, DeviceProperty::subsystem)), "net");
  EXPECT_TRUE(children(*d).empty());
  // Its parent in sysfs is /sys/devices/virtual/net, no device: it is at the top of the tree.
  EXPECT_FALSE(fs::exists(fs::path(d->syspath).parent_path() / "uevent"));
  EXPECT_EQ(parent(*d), nullptr);
  EXPECT_EQ(text_of(device_property(*d, DeviceProperty::parent)), "HTREE\\ROOT\\0");

  tap.remove();
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    try {
      (void)device_property(*d, DeviceProperty::driver);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Cr::no_such_devnode);
      gone = true;
    }
  }
  EXPECT_TRUE(gone) << "device_property() still answers for a removed tap";
  EXPECT_THROW((void)children(*d), Error);
}

// Every present device: its driver is its sysfs driver link's name; its parent the device of
// the nearest ancestor directory the map holds; its children those whose parent it is.
TEST_F(DevicePropertiesKernel, EveryDeviceAgainstSysfs) {
  Subscription live = subscribe(Filter::all_instances(), [](const Event&) {});
  const std::vector<DevicePtr> devices = enumerate();
  ASSERT_FALSE(devices.empty());
  std::set<std::string> syspaths;
  for (const DevicePtr& d : devices) syspaths.insert(d->syspath);
  int checked = 0;
  for (const DevicePtr& d : devices) {
    if (!fs::exists(d->syspath)) continue;  // gone since (another test's device)
    SCOPED_TRACE(d->syspath);
    std::string ancestor = fs::path(d->syspath).parent_path().string();
    while (ancestor.size() > 4 && syspaths.count(ancestor) == 0)
      ancestor = fs::path(ancestor).parent_path().string();
    try {
      EXPECT_EQ(driver_of(*d), sysfs_driver(d->syspath));
      const DevicePtr p = parent(*d);
      if (syspaths.count(ancestor) != 0 && p != nullptr) {
        EXPECT_EQ(p->syspath, ancestor);
      }
      for (const DevicePtr& child : children(*d)) {
        EXPECT_EQ(child->parent_instance_id, d->instance_id);
        EXPECT_EQ(parent(*child), find_device(d->instance_id));
      }
      ++checked;
    } catch (const Error& e) {
      if (e.code() != Cr::no_such_devnode) throw;  // removed meanwhile: nothing to compare
    }
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace cmnotify
