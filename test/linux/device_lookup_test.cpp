// Single-device lookup (DeviceSource::find_device, cmnotify::find_device) and the shared device
// list: against a sysfs tree of our own (unit) and against real tap interfaces (kernel, root).
#include <gtest/gtest.h>

#include <string>

#include "cmnotify/cmnotify.hpp"
#include "linux/linux_source.hpp"
#include "support/kernel_devices.hpp"
#include "sysfs_test_tree.hpp"

namespace cmnotify::linux_source {
namespace {

using testing::SysfsTree;

// A parent (platform-like container) and a network interface below it, with a device number.
struct Tree {
  SysfsTree sysfs;
  std::string eth;
  Tree() {
    sysfs.add("/devices/platform", "");
    eth = sysfs.add("/devices/platform/net/eth7", "net", {{"INTERFACE", "eth7"}, {"IFINDEX", "7"}});
    sysfs.add("/devices/platform/tty9", "tty",
              {{"MAJOR", "4"}, {"MINOR", "9"}, {"DEVNAME", "tty9"}});
    sysfs.devnum(false, 4, 9, "/devices/platform/tty9");
  }
  SourceOptions options() const {
    SourceOptions o;
    o.sysfs_root = sysfs.root();
    o.group = NetlinkGroup::kernel;
    return o;
  }
};

// The map's record of a syspath, from the whole list.
DevicePtr listed(LinuxSource& source, const std::string& syspath) {
  engine::DeviceList list;
  EXPECT_EQ(source.present_list(list), Cr::success);
  for (const DevicePtr& d : *list)
    if (d->syspath == syspath) return d;
  return nullptr;
}

TEST(DeviceLookup, OneDeviceReadAloneEqualsTheMapsRecord) {
  Tree tree;
  LinuxSource alone(tree.options());
  DevicePtr found;
  ASSERT_EQ(alone.find_device(tree.eth, found), Cr::success);
  ASSERT_NE(found, nullptr);
  LinuxSource whole(tree.options());
  const DevicePtr expected = listed(whole, tree.eth);
  ASSERT_NE(expected, nullptr);
  EXPECT_EQ(*found, *expected);
  EXPECT_FALSE(found->instance_id.empty());
  EXPECT_EQ(found->parent_syspath, tree.sysfs.path("/devices/platform"));
}

TEST(DeviceLookup, EveryNameOfADeviceFindsIt) {
  Tree tree;
  LinuxSource source(tree.options());
  const DevicePtr expected = listed(source, tree.eth);
  ASSERT_NE(expected, nullptr);
  ASSERT_FALSE(expected->interfaces.empty());
  std::string lower_id = expected->instance_id;
  for (char& c : lower_id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& name :
       {expected->instance_id, lower_id, expected->interfaces.front().symbolic_link, tree.eth,
        tree.eth + "/", tree.sysfs.root() + "/devices/platform/net/../net/eth7"}) {
    DevicePtr found;
    ASSERT_EQ(source.find_device(name, found), Cr::success) << name;
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(*found, *expected) << name;
  }
}

TEST(DeviceLookup, NamesOfNothingFindNothing) {
  Tree tree;
  LinuxSource source(tree.options());
  for (const std::string& name :
       {std::string("SWD\\NET\\NO_SUCH"),
        std::string("\\\\?\\SWD#NET#NOPE#{cac88484-7515-4c03-82e6-71a87abac361}"),
        tree.sysfs.root() + "/devices/platform/nope", tree.sysfs.root() + "/devices",
        std::string("/nonexistent/x"), std::string("no-such-kernel-name"), std::string("."),
        std::string(".."), tree.sysfs.root() + "/devices/platform/net/eth7/uevent"}) {
    DevicePtr found = std::make_shared<const Device>();
    EXPECT_EQ(source.find_device(name, found), Cr::success) << name;
    EXPECT_EQ(found, nullptr) << name;
  }
  DevicePtr found;
  EXPECT_EQ(source.find_device("", found), Cr::invalid_data);
}

TEST(DeviceLookup, AFakeTreeIsReadAfreshEveryTime) {
  // A test tree changes without uevents: the source must not answer from its last read.
  Tree tree;
  LinuxSource source(tree.options());
  ASSERT_NE(listed(source, tree.eth), nullptr);
  tree.sysfs.remove("/devices/platform/net/eth7");
  EXPECT_EQ(listed(source, tree.eth), nullptr);
  DevicePtr found;
  ASSERT_EQ(source.find_device(tree.eth, found), Cr::success);
  EXPECT_EQ(found, nullptr);
}

TEST(DeviceLookup, TheListIsSharedWhileNothingChanges) {
  Tree tree;
  auto options = tree.options();
  LinuxSource source(options);
  engine::DeviceList first, second;
  ASSERT_EQ(source.present_list(first), Cr::success);
  ASSERT_EQ(source.present_list(second), Cr::success);
  // Rescanned (a test tree is never trusted) but unchanged records are kept: equal content.
  ASSERT_EQ(first->size(), second->size());
  for (std::size_t i = 0; i < first->size(); ++i) EXPECT_EQ(*(*first)[i], *(*second)[i]);
}

// ---- Real kernel (root): tap interfaces ----

TEST(DeviceLookupKernel, ATapIsFoundByEveryNameAndNotAfterItIsGone) {
  CMNOTIFY_REQUIRE_ROOT();
  cmnotify::testing::TapInterface tap("cmnlookup0");
  const std::vector<DevicePtr> listed_now = enumerate(Filter::all_instances());
  DevicePtr expected;
  for (const DevicePtr& d : listed_now)
    if (d->syspath == "/sys/devices/virtual/net/cmnlookup0") expected = d;
  ASSERT_NE(expected, nullptr);
  for (const std::string& name :
       {std::string("cmnlookup0"), std::string("/sys/class/net/cmnlookup0"), expected->syspath,
        expected->instance_id, expected->interfaces.front().symbolic_link}) {
    const DevicePtr found = find_device(name);
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(*found, *expected) << name;
  }
  tap.remove();
  // Nothing is registered: the last read must not answer once the device is gone.
  for (const std::string& name :
       {std::string("cmnlookup0"), expected->syspath, expected->instance_id})
    EXPECT_EQ(find_device(name), nullptr) << name;
  for (const DevicePtr& d : enumerate(Filter::all_instances()))
    EXPECT_NE(d->syspath, expected->syspath);
}

TEST(DeviceLookupKernel, RepeatedEnumerationSeesEachChange) {
  CMNOTIFY_REQUIRE_ROOT();
  auto has = [](const std::string& syspath) {
    for (const DevicePtr& d : enumerate(Filter::all_instances()))
      if (d->syspath == syspath) return true;
    return false;
  };
  const std::string syspath = "/sys/devices/virtual/net/cmnlookup1";
  for (int round = 0; round < 3; ++round) {
    EXPECT_FALSE(has(syspath));
    cmnotify::testing::TapInterface tap("cmnlookup1");
    EXPECT_TRUE(has(syspath));
    EXPECT_TRUE(has(syspath));  // unchanged: answered from the last read
    tap.remove();
    EXPECT_FALSE(has(syspath));
  }
}

TEST(DeviceLookupKernel, WhileSubscribedTheMapAnswers) {
  CMNOTIFY_REQUIRE_ROOT();
  Subscription all = subscribe(Filter::all_instances(), [](const Event&) {});
  cmnotify::testing::TapInterface tap("cmnlookup2");
  DevicePtr found;
  for (int i = 0; i < 200 && !found; ++i) {  // the map learns of it from the uevent
    found = find_device("cmnlookup2");
    if (!found) ::usleep(10000);
  }
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(find_device(found->instance_id), found);  // the map's own record
  tap.remove();
  for (int i = 0; i < 200 && find_device("cmnlookup2"); ++i) ::usleep(10000);
  EXPECT_EQ(find_device("cmnlookup2"), nullptr);
}

}  // namespace
}  // namespace cmnotify::linux_source
