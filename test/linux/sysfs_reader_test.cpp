// Sysfs on a tree of our own: what read_device fills in, the enumeration order, devices vanishing
// mid-walk, attributes and device numbers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "linux/sysfs.hpp"
#include "sysfs_test_tree.hpp"

namespace cmnotify::linux_source {
namespace {

using testing::SysfsTree;

constexpr const char* kPci = "/devices/pci0000:00/0000:00:14.0";
constexpr const char* kUsb = "/devices/pci0000:00/0000:00:14.0/usb1/1-2";
constexpr const char* kDisk =
    "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host6/target6:0:0/6:0:0:0/block/sdb";

// A small machine: a container without subsystem, a PCI function with a driver, a USB device
// with non-device directories around it, a class device with a node, and a partition.
void build(SysfsTree& t) {
  t.add("/devices/pci0000:00", "");
  t.add(kPci, "pci",
        {{"PCI_ID", "8086:A36D"}, {"DRIVER", "xhci_hcd"}, {"PCI_SLOT_NAME", "0000:00:14.0"}});
  t.driver(kPci, "pci", "xhci_hcd");
  t.dir(std::string(kPci) + "/power");  // attribute group: no uevent, not a device
  t.add(std::string(kPci) + "/usb1", "usb", {{"DEVTYPE", "usb_device"}, {"PRODUCT", "1d6b/2/606"}});
  t.add(kUsb, "usb",
        {{"MAJOR", "189"},
         {"MINOR", "1"},
         {"DEVNAME", "bus/usb/001/002"},
         {"DEVTYPE", "usb_device"},
         {"PRODUCT", "781/5567/100"},
         {"TYPE", "0/0/0"}},
        {{"serial", "4C530001230523112345\n"}, {"idVendor", "0781"}});
  t.dir(std::string(kUsb) + "/1-2:1.0/host6/scsi_host");  // intermediate non-device directories
  t.add(std::string(kUsb) + "/1-2:1.0", "usb", {{"DEVTYPE", "usb_interface"}});
  t.add(std::string(kUsb) + "/1-2:1.0/host6", "scsi", {{"DEVTYPE", "scsi_host"}});
  t.add(std::string(kUsb) + "/1-2:1.0/host6/target6:0:0", "scsi", {{"DEVTYPE", "scsi_target"}});
  t.add(std::string(kUsb) + "/1-2:1.0/host6/target6:0:0/6:0:0:0", "scsi",
        {{"DEVTYPE", "scsi_device"}});
  t.add(kDisk, "block", {{"MAJOR", "8"}, {"MINOR", "16"}, {"DEVNAME", "sdb"}, {"DEVTYPE", "disk"}});
  t.dir(std::string(kDisk) + "/queue");
  t.add(std::string(kDisk) + "/sdb1", "block",
        {{"MAJOR", "8"},
         {"MINOR", "17"},
         {"DEVNAME", "sdb1"},
         {"DEVTYPE", "partition"},
         {"PARTN", "1"}});
  t.add("/devices/virtual/net/tap0", "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "7"}});
  t.devnum(true, 8, 16, kDisk);
  t.devnum(false, 189, 1, kUsb);
}

TEST(SysfsReadDevice, FillsTheLinuxFields) {
  SysfsTree t;
  build(t);
  const auto sysfs = t.sysfs();
  const auto usb = sysfs.read_device(t.path(kUsb));
  ASSERT_TRUE(usb.has_value());
  EXPECT_EQ(usb->syspath, t.path(kUsb));
  EXPECT_EQ(usb->parent_syspath, t.path(std::string(kPci) + "/usb1"));
  EXPECT_EQ(usb->subsystem, "usb");
  EXPECT_EQ(usb->devtype, "usb_device");
  EXPECT_EQ(usb->driver, "");
  EXPECT_EQ(usb->devnode, "/dev/bus/usb/001/002");
  EXPECT_EQ(usb->major, 189u);
  EXPECT_EQ(usb->minor, 1u);
  EXPECT_FALSE(usb->started);  // a bus device without a driver
  EXPECT_TRUE(usb->instance_id.empty());
  ASSERT_NE(usb->property("DEVPATH"), nullptr);
  EXPECT_EQ(*usb->property("DEVPATH"), kUsb);
  EXPECT_EQ(*usb->property("SUBSYSTEM"), "usb");
  EXPECT_EQ(*usb->property("PRODUCT"), "781/5567/100");
  EXPECT_TRUE(std::is_sorted(usb->properties.begin(), usb->properties.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }));
  EXPECT_EQ(usb->properties.size(), 8u);
}

TEST(SysfsReadDevice, TakesTheDriverFromTheLinkAndSkipsNonDeviceParents) {
  SysfsTree t;
  build(t);
  const auto sysfs = t.sysfs();
  const auto pci = sysfs.read_device(t.path(kPci));
  ASSERT_TRUE(pci.has_value());
  EXPECT_EQ(pci->driver, "xhci_hcd");
  EXPECT_TRUE(pci->started);
  EXPECT_EQ(pci->parent_syspath, t.path("/devices/pci0000:00"));

  // host6's directory sits under 1-2:1.0; the disk's parent skips block/, a plain directory.
  const auto disk = sysfs.read_device(t.path(kDisk));
  ASSERT_TRUE(disk.has_value());
  EXPECT_EQ(disk->parent_syspath, t.path(std::string(kUsb) + "/1-2:1.0/host6/target6:0:0/6:0:0:0"));
  EXPECT_TRUE(disk->started);  // block is a class
  EXPECT_EQ(disk->devnode, "/dev/sdb");

  const auto top = sysfs.read_device(t.path("/devices/pci0000:00"));
  ASSERT_TRUE(top.has_value());
  EXPECT_EQ(top->parent_syspath, "");
  EXPECT_EQ(top->subsystem, "");
  EXPECT_EQ(top->property("SUBSYSTEM"), nullptr);
  EXPECT_TRUE(top->started);  // a container never binds
}

TEST(SysfsReadDevice, RejectsWhatIsNotADevice) {
  SysfsTree t;
  build(t);
  const auto sysfs = t.sysfs();
  EXPECT_FALSE(sysfs.read_device(t.path(std::string(kPci) + "/power")).has_value());
  EXPECT_FALSE(sysfs.read_device(t.path("/devices/nope")).has_value());
  EXPECT_FALSE(sysfs.read_device(t.path("/devices")).has_value());
  EXPECT_FALSE(sysfs.read_device("/elsewhere/devices/x").has_value());
  EXPECT_FALSE(sysfs.read_device(t.path(std::string(kPci) + "/../0000:00:14.0")).has_value());
  EXPECT_FALSE(sysfs.read_device(t.path("/devices//pci0000:00")).has_value());
  EXPECT_FALSE(sysfs.read_device("").has_value());
  // A trailing slash names the same device.
  EXPECT_TRUE(sysfs.read_device(t.path(kPci) + "/").has_value());
}

TEST(SysfsReadDevice, FileValuesOfDevpathAndSubsystemDoNotWin) {
  SysfsTree t;
  t.add("/devices/virtual/misc/x", "misc",
        {{"SUBSYSTEM", "forged"}, {"DEVPATH", "/forged"}, {"A", "1"}, {"A", "2"}});
  const auto dev = t.sysfs().read_device(t.path("/devices/virtual/misc/x"));
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(*dev->property("SUBSYSTEM"), "misc");
  EXPECT_EQ(*dev->property("DEVPATH"), "/devices/virtual/misc/x");
  EXPECT_EQ(*dev->property("A"), "2");
  EXPECT_EQ(dev->properties.size(), 3u);
}

TEST(SysfsEnumerate, WalksParentsFirstAndOnlyDevices) {
  SysfsTree t;
  build(t);
  const auto devices = t.sysfs().enumerate();
  std::vector<std::string> paths;
  for (const auto& d : devices) paths.push_back(d.syspath.substr(t.root().size()));
  const std::vector<std::string> expected = {
      "/devices/pci0000:00",
      kPci,
      std::string(kPci) + "/usb1",
      kUsb,
      std::string(kUsb) + "/1-2:1.0",
      std::string(kUsb) + "/1-2:1.0/host6",
      std::string(kUsb) + "/1-2:1.0/host6/target6:0:0",
      std::string(kUsb) + "/1-2:1.0/host6/target6:0:0/6:0:0:0",
      kDisk,
      std::string(kDisk) + "/sdb1",
      "/devices/virtual/net/tap0",
  };
  EXPECT_EQ(paths, expected);
}

TEST(SysfsEnumerate, DoesNotFollowSymlinks) {
  SysfsTree t;
  build(t);
  // A link to a device directory (like the kernel's "device" and "port" links) is not a device.
  std::filesystem::create_directory_symlink(t.path(kUsb),
                                            t.path("/devices/virtual/net/tap0/device"));
  EXPECT_EQ(t.sysfs().enumerate().size(), 11u);
}

TEST(SysfsEnumerate, SkipsDevicesThatVanishMidWalk) {
  SysfsTree t;
  build(t);
  auto sysfs = t.sysfs();
  std::vector<std::string> hooked;
  sysfs.before_read_hook = [&](const std::string& syspath) {
    hooked.push_back(syspath);
    // Unplug the USB device (and all below it) just before it is read.
    if (syspath == t.path(kUsb)) t.remove(kUsb);
  };
  const auto devices = sysfs.enumerate();
  EXPECT_EQ(devices.size(), 4u);  // pci0000:00, the PCI function, usb1, tap0
  for (const auto& d : devices) EXPECT_EQ(d.syspath.find("/1-2"), std::string::npos) << d.syspath;
  EXPECT_NE(std::find(hooked.begin(), hooked.end(), t.path(kUsb)), hooked.end());
  EXPECT_EQ(devices.back().syspath, t.path("/devices/virtual/net/tap0"));
}

TEST(SysfsEnumerate, SurvivesAUeventFileVanishingAfterTheListing) {
  SysfsTree t;
  build(t);
  auto sysfs = t.sysfs();
  sysfs.before_read_hook = [&](const std::string& syspath) {
    if (syspath == t.path(kDisk)) std::filesystem::remove(syspath + "/uevent");
  };
  const auto devices = sysfs.enumerate();
  EXPECT_EQ(devices.size(), 10u);  // only sdb is gone; its partition is still read
}

// The walk skips a directory without subdirectories unless it is a device, and knows each
// device's parent from the directories above it: every device it gives is what read_device()
// gives for that directory alone (which probes the ancestors and reads everything again).
TEST(SysfsEnumerate, EachDeviceEqualsItsOwnReadingAndLeavesAreFoundOrSkipped) {
  SysfsTree t;
  build(t);
  t.add("/devices/virtual/leaf0", "misc", {{"MAJOR", "10"}, {"MINOR", "7"}});  // no subdirectory
  t.dir("/devices/virtual/empty/deeper");                                      // nothing inside
  t.dir("/devices/virtual/glue/group");                                        // a leaf, no device
  t.add("/devices/virtual/glue/inner/dev0", "misc");  // below two directories that are not devices
  t.dir("/devices/virtual/glue/inner/dev0/power");
  const auto sysfs = t.sysfs();
  const auto devices = sysfs.enumerate();
  std::vector<std::string> paths;
  for (const auto& d : devices) {
    paths.push_back(d.syspath);
    const auto alone = sysfs.read_device(d.syspath);
    ASSERT_TRUE(alone.has_value()) << d.syspath;
    EXPECT_EQ(*alone, d) << d.syspath;
  }
  EXPECT_NE(std::find(paths.begin(), paths.end(), t.path("/devices/virtual/leaf0")), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), t.path("/devices/virtual/glue/inner/dev0")),
            paths.end());
  EXPECT_EQ(devices.size(), 13u);  // build()'s 11 and the two above
  for (const auto& d : devices) EXPECT_EQ(d.syspath.find("/power"), std::string::npos) << d.syspath;
}

// A device whose uevent file vanishes after the listing is not its children's parent: they get
// the next device above, as reading each of them alone would say.
TEST(SysfsEnumerate, ChildrenOfADeviceThatVanishedGetTheNextParentUp) {
  SysfsTree t;
  build(t);
  auto sysfs = t.sysfs();
  sysfs.before_read_hook = [&](const std::string& syspath) {
    if (syspath == t.path(kDisk)) std::filesystem::remove(syspath + "/uevent");
  };
  for (const auto& d : sysfs.enumerate()) {
    EXPECT_NE(d.parent_syspath, t.path(kDisk)) << d.syspath;
    EXPECT_EQ(d.parent_syspath, sysfs.parent_syspath(d.syspath)) << d.syspath;
  }
}

TEST(SysfsAttribute, ReadsTrimsAndRefuses) {
  SysfsTree t;
  build(t);
  const auto sysfs = t.sysfs();
  EXPECT_EQ(sysfs.attribute(t.path(kUsb), "serial"), "4C530001230523112345");
  EXPECT_EQ(sysfs.attribute(t.path(kUsb), "idVendor"), "0781");
  EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "missing").has_value());
  EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "../1-2/serial").has_value());
  EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "/etc/passwd").has_value());
  EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "").has_value());
  EXPECT_FALSE(sysfs.attribute("/etc", "passwd").has_value());
  // A file below the device, and a directory (unreadable as a file).
  t.attr(kUsb, "capabilities/ev", "3\n");
  EXPECT_EQ(sysfs.attribute(t.path(kUsb), "capabilities/ev"), "3");
  EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "capabilities").has_value());
}

TEST(SysfsAttribute, UnreadableAttributeIsNullopt) {
  SysfsTree t;
  build(t);
  const auto sysfs = t.sysfs();
  t.dir(std::string(kUsb) + "/descriptors");  // a directory where a file is expected
  EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "descriptors").has_value());
  std::filesystem::create_symlink("gone", t.path(kUsb) + "/dangling");
  EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "dangling").has_value());
  if (::geteuid() != 0) {  // root reads files whatever their mode
    std::filesystem::permissions(t.path(kUsb) + "/serial", std::filesystem::perms::none);
    EXPECT_FALSE(sysfs.attribute(t.path(kUsb), "serial").has_value());
  }
}

TEST(SysfsDevnum, FindsTheDeviceBehindANumber) {
  SysfsTree t;
  build(t);
  const auto sysfs = t.sysfs();
  EXPECT_EQ(sysfs.syspath_of_devnum(true, 8, 16), t.path(kDisk));
  EXPECT_EQ(sysfs.syspath_of_devnum(false, 189, 1), t.path(kUsb));
  EXPECT_FALSE(sysfs.syspath_of_devnum(false, 8, 16).has_value());
  EXPECT_FALSE(sysfs.syspath_of_devnum(true, 1, 2).has_value());
}

TEST(SysfsClassDevice, TellsClassesFromBuses) {
  SysfsTree t;
  build(t);
  const auto sysfs = t.sysfs();
  EXPECT_TRUE(sysfs.is_class_device(t.path(kDisk)));
  EXPECT_TRUE(sysfs.is_class_device(t.path("/devices/virtual/net/tap0")));
  EXPECT_FALSE(sysfs.is_class_device(t.path(kUsb)));
  EXPECT_FALSE(sysfs.is_class_device(t.path("/devices/pci0000:00")));
  EXPECT_FALSE(sysfs.is_class_device(t.path("/devices/gone")));
  EXPECT_EQ(sysfs.subsystem(t.path(kDisk)), "block");
  EXPECT_EQ(sysfs.subsystem(t.path("/devices/pci0000:00")), "");
  EXPECT_EQ(sysfs.parent_syspath(t.path(kDisk) + "/sdb1"), t.path(kDisk));
  EXPECT_EQ(sysfs.parent_syspath(t.path("/devices/pci0000:00")), "");
}

TEST(SysfsRoot, IgnoresTrailingSlashes) {
  SysfsTree t;
  build(t);
  const Sysfs sysfs(t.root() + "//");
  EXPECT_EQ(sysfs.root(), t.root());
  EXPECT_EQ(sysfs.enumerate().size(), 11u);
}

}  // namespace
}  // namespace cmnotify::linux_source
