// udevd's database (linux/udev_database.hpp): the file name of each kind of device, the record's
// lines as udevd's live event spells them, and the sysfs reader adding them only while asked.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "linux/sysfs.hpp"
#include "linux/udev_database.hpp"
#include "sysfs_test_tree.hpp"

namespace cmnotify::linux_source {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(UdevDatabaseId, NamesEachKindOfDeviceAsUdevdDoes) {
  EXPECT_EQ(udev_database_id("block", "vda", true, true, 254, 0, ""), "b254:0");
  EXPECT_EQ(udev_database_id("tty", "ttyS0", true, false, 4, 64, ""), "c4:64");
  EXPECT_EQ(udev_database_id("net", "tap0", false, false, 0, 0, "12"), "n12");
  EXPECT_EQ(udev_database_id("pci", "0000:00:01.0", false, false, 0, 0, ""), "+pci:0000:00:01.0");
  EXPECT_EQ(udev_database_id("net", "odd", false, false, 0, 0, "1x"), "+net:odd");
  EXPECT_EQ(udev_database_id("", "platform", false, false, 0, 0, ""), "");
  EXPECT_EQ(udev_database_id("pci", "", false, false, 0, 0, ""), "");
}

TEST(UdevDatabase, ReadsPropertiesLinksTagsAndTheInitialisationTime) {
  const Pairs got = parse_udev_database(
      "S:disk/by-id/virtio-abc\n"
      "S:disk/by-path/pci-0000:00:05.0\n"
      "L:0\n"
      "W:3\n"
      "I:5123456\n"
      "E:ID_SERIAL=abc\n"
      "E:ID_PATH=pci-0000:00:05.0\n"
      "E:EMPTY=\n"
      "G:systemd\n"
      "Q:systemd\n"
      "G:uaccess\n"
      "V:1\n");
  const Pairs expected = {
      {"USEC_INITIALIZED", "5123456"},
      {"ID_SERIAL", "abc"},
      {"ID_PATH", "pci-0000:00:05.0"},
      {"EMPTY", ""},
      {"DEVLINKS", "/dev/disk/by-id/virtio-abc /dev/disk/by-path/pci-0000:00:05.0"},
      {"TAGS", ":systemd:uaccess:"},
      {"CURRENT_TAGS", ":systemd:"}};
  EXPECT_EQ(got, expected);
}

TEST(UdevDatabase, SkipsMalformedLines) {
  const Pairs got = parse_udev_database(
      "\n"
      "E\n"
      "E:\n"
      "E:NOEQUALS\n"
      "E:=value\n"
      "E:1KEY=v\n"
      "E:A B=v\n"
      "X-E:KEY=v\n"
      "S:\n"
      "S:two words\n"
      "G:a:b\n"
      "I:12x\n"
      "E:TAGS=notatag\n"  // the derived keys come from their own lines only
      "E:DEVLINKS=/x\n"
      "E:GOOD=1\xff\n"  // a value is bytes, as in a uevent
      "E:LAST=no newline");
  const Pairs expected = {{"GOOD", "1\xff"}, {"LAST", "no newline"}};
  EXPECT_EQ(got, expected);
}

TEST(UdevDatabase, TheSysfsReaderAddsTheRecordOnlyWhileAsked) {
  testing::SysfsTree t;
  const std::string vda = "/devices/pci0000:00/0000:00:05.0/virtio2/block/vda";
  t.add(vda, "block", {{"MAJOR", "254"}, {"MINOR", "0"}, {"DEVNAME", "vda"}, {"DEVTYPE", "disk"}});
  const std::string tap = "/devices/virtual/net/tap0";
  t.add(tap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "7"}});
  const std::string data = t.root() + "/udev-data";
  std::filesystem::create_directories(data);
  std::ofstream(data + "/b254:0") << "S:disk/by-id/virtio-x\nE:ID_SERIAL=x\nE:DEVNAME=/dev/vda\n"
                                     "E:DEVPATH=/devices/lies\nG:systemd\n";
  std::ofstream(data + "/n7") << "I:99\nE:ID_NET_NAME_MAC=enx00\nG:systemd\nQ:systemd\n";

  Sysfs sysfs(t.root());
  auto kernel_view = sysfs.read_device(t.path(vda));
  ASSERT_TRUE(kernel_view);
  EXPECT_EQ(kernel_view->property("ID_SERIAL"), nullptr);
  ASSERT_NE(kernel_view->property("DEVNAME"), nullptr);
  EXPECT_EQ(*kernel_view->property("DEVNAME"), "/dev/vda") << "the /dev path in every view";
  EXPECT_EQ(kernel_view->devnode, "/dev/vda");

  sysfs.udev_data = data;
  auto udev_view = sysfs.read_device(t.path(vda));
  ASSERT_TRUE(udev_view);
  EXPECT_EQ(*udev_view->property("ID_SERIAL"), "x");
  EXPECT_EQ(*udev_view->property("DEVLINKS"), "/dev/disk/by-id/virtio-x");
  EXPECT_EQ(*udev_view->property("TAGS"), ":systemd:");
  EXPECT_EQ(*udev_view->property("DEVNAME"), "/dev/vda");
  EXPECT_EQ(*udev_view->property("DEVPATH"), vda) << "sysfs's DEVPATH wins";
  EXPECT_TRUE(std::is_sorted(udev_view->properties.begin(), udev_view->properties.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }));
  auto net = sysfs.read_device(t.path(tap));
  ASSERT_TRUE(net);
  EXPECT_EQ(*net->property("ID_NET_NAME_MAC"), "enx00");
  EXPECT_EQ(*net->property("USEC_INITIALIZED"), "99");
  EXPECT_EQ(*net->property("CURRENT_TAGS"), ":systemd:");

  std::filesystem::remove(data + "/n7");  // no record (udevd has not seen it yet): the kernel's
  net = sysfs.read_device(t.path(tap));
  ASSERT_TRUE(net);
  EXPECT_EQ(net->property("ID_NET_NAME_MAC"), nullptr);
}

}  // namespace
}  // namespace cmnotify::linux_source
