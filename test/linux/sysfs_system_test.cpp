// Sysfs on this machine's /sys.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "linux/sysfs.hpp"

namespace cmnotify::linux_source {
namespace {

// Every directory under /sys/devices holding a uevent file is one device: the walk finds as
// many as `find /sys/devices -name uevent` does, give or take devices coming or going meanwhile.
TEST(SysfsSystem, EnumeratesTheMachine) {
  if (::access("/sys/devices", F_OK) != 0) GTEST_SKIP() << "no /sys";
  const Sysfs sysfs;
  const auto devices = sysfs.enumerate();
  std::size_t uevent_files = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(
           "/sys/devices", std::filesystem::directory_options::skip_permission_denied);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    std::error_code ec;
    if (it->path().filename() == "uevent" && !it->is_symlink(ec)) ++uevent_files;
  }
  RecordProperty("devices", static_cast<int>(devices.size()));
  RecordProperty("uevent_files", static_cast<int>(uevent_files));
  EXPECT_GT(devices.size(), 0u);
  const auto difference =
      devices.size() > uevent_files ? devices.size() - uevent_files : uevent_files - devices.size();
  EXPECT_LE(difference, 8u) << devices.size() << " devices, " << uevent_files << " uevent files";
  for (const auto& d : devices) {
    EXPECT_TRUE(d.syspath.starts_with("/sys/devices/")) << d.syspath;
    if (!d.parent_syspath.empty()) {
      EXPECT_TRUE(d.syspath.starts_with(d.parent_syspath + "/")) << d.syspath;
    }
    ASSERT_NE(d.property("DEVPATH"), nullptr);
    EXPECT_EQ("/sys" + *d.property("DEVPATH"), d.syspath);
  }
  // Parents come before their children.
  for (std::size_t i = 0; i < devices.size(); ++i) {
    if (devices[i].parent_syspath.empty()) continue;
    const auto parent =
        std::find_if(devices.begin(), devices.begin() + static_cast<std::ptrdiff_t>(i),
                     [&](const Device& d) { return d.syspath == devices[i].parent_syspath; });
    EXPECT_NE(parent, devices.begin() + static_cast<std::ptrdiff_t>(i)) << devices[i].syspath;
  }
}

// The walk reads each device through the descriptor that listed it, takes its parent from the
// walk and skips directories the kernel's link counts say hold no device: every device equals
// read_device() of its directory alone, and every directory with a uevent file (found by a full
// recursive walk) is one of them unless it vanished meanwhile.
TEST(SysfsSystem, EveryEnumeratedDeviceEqualsItsOwnReadingAndNoneIsMissed) {
  if (::access("/sys/devices", F_OK) != 0) GTEST_SKIP() << "no /sys";
  const Sysfs sysfs;
  const auto devices = sysfs.enumerate();
  std::set<std::string> enumerated;
  std::size_t changed = 0;
  for (const auto& d : devices) {
    enumerated.insert(d.syspath);
    const auto alone = sysfs.read_device(d.syspath);
    if (!alone) continue;  // gone since
    // A few attributes move on their own (a counter in a uevent file): allow a handful.
    if (!(*alone == d)) ++changed;
    EXPECT_EQ(alone->parent_syspath, d.parent_syspath) << d.syspath;
    EXPECT_EQ(alone->subsystem, d.subsystem) << d.syspath;
    EXPECT_EQ(alone->driver, d.driver) << d.syspath;
  }
  EXPECT_LE(changed, 4u);
  for (auto it = std::filesystem::recursive_directory_iterator(
           "/sys/devices", std::filesystem::directory_options::skip_permission_denied);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    std::error_code ec;
    if (it->path().filename() != "uevent" || it->is_symlink(ec)) continue;
    const std::string dir = it->path().parent_path().string();
    if (enumerated.count(dir) == 0 && ::access((dir + "/uevent").c_str(), F_OK) == 0) {
      ADD_FAILURE() << dir << " has a uevent file but was not enumerated";
    }
  }
}

// Real sysfs has write-only attributes (remove, unbind): reading one fails even for root.
TEST(SysfsSystem, WriteOnlyAttributeIsNullopt) {
  const Sysfs sysfs;
  const auto devices = sysfs.enumerate();
  const auto pci = std::find_if(devices.begin(), devices.end(),
                                [](const Device& d) { return d.subsystem == "pci"; });
  if (pci == devices.end()) GTEST_SKIP() << "no PCI device";
  EXPECT_FALSE(sysfs.attribute(pci->syspath, "remove").has_value());
  EXPECT_TRUE(sysfs.attribute(pci->syspath, "vendor").has_value());
}

TEST(SysfsSystem, FindsBlockDevicesByNumber) {
  const Sysfs sysfs;
  for (const auto& d : sysfs.enumerate()) {
    if (d.subsystem != "block" || d.major == 0) continue;
    EXPECT_EQ(sysfs.syspath_of_devnum(true, d.major, d.minor), d.syspath);
    EXPECT_TRUE(sysfs.is_class_device(d.syspath));
  }
}

}  // namespace
}  // namespace cmnotify::linux_source
