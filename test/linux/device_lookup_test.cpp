// Single-device lookup (DeviceSource::find_device, cmnotify::find_device) and the shared device
// list: against a sysfs tree of our own (unit) and against real tap interfaces (kernel, root).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "linux/device_map.hpp"
#include "linux/identity.hpp"
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

// A handle (here a descriptor of the device's directory) resolves to its key and to the device
// the check read, which enumerate() with a handle filter returns without reading it again.
TEST(DeviceLookup, AHandleResolvesToItsKeyAndTheDeviceItsCheckRead) {
  Tree tree;
  LinuxSource source(tree.options());
  const int fd = ::open(tree.eth.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::string key;
  DevicePtr device;
  EXPECT_EQ(source.resolve_handle(fd, key, device), Cr::success);
  ::close(fd);
  EXPECT_EQ(key, tree.eth);
  ASSERT_NE(device, nullptr);
  LinuxSource whole(tree.options());
  const DevicePtr expected = listed(whole, tree.eth);
  ASSERT_NE(expected, nullptr);
  EXPECT_EQ(*device, *expected);

  const int not_a_device = ::open(tree.sysfs.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(not_a_device, 0);
  DevicePtr none;
  EXPECT_EQ(source.resolve_handle(not_a_device, key, none), Cr::invalid_data);
  ::close(not_a_device);
  EXPECT_EQ(none, nullptr);
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
        std::string(".."), tree.sysfs.root() + "/devices/platform/net/eth7/uevent",
        // No name of a device holds a NUL: what comes before one must not be looked up alone.
        std::string("eth7\0junk", 9), tree.eth + std::string("\0/x", 3),
        std::string("SWD\\NET\\ETH7\0", 13)}) {
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

// ---- Lookup by instance ID: only the devices the ID's enumerator names are read ----

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Every name of a device that is not a path: its instance ID (as given and in lower case) and
// its symbolic links.
std::vector<std::string> id_names(const Device& device) {
  std::vector<std::string> names{device.instance_id, lower(device.instance_id)};
  for (const DeviceInterface& i : device.interfaces) names.push_back(i.symbolic_link);
  return names;
}

// Devices of several kinds, among them two USB sticks with one serial number (the second gets a
// location-based ID) and a USB network adapter below the second.
struct KindsTree {
  SysfsTree sysfs;
  const std::string pci = "/devices/pci0000:00";
  const std::string nic = pci + "/0000:00:03.0";
  const std::string xhci = pci + "/0000:00:14.0";
  const std::string hub = xhci + "/usb1";
  const std::string tap = "/devices/virtual/net/tap9";
  KindsTree() {
    sysfs.add(pci, "");
    add_pci(nic, "1AF4:1041", "20000", "0000:00:03.0");
    sysfs.add(nic + "/net/eth0", "net", {{"INTERFACE", "eth0"}, {"IFINDEX", "2"}});
    add_pci(xhci, "8086:A36D", "C0330", "0000:00:14.0");
    add_usb(hub, "1d6b", "0002", "0", "0000:00:14.0");
    for (const char* port : {"1", "2"}) {
      const std::string stick = hub + "/1-" + port;
      add_usb(stick, "0781", "5567", port, "SAME123");
      sysfs.add(stick + "/1-" + port + ":1.0", "usb",
                {{"DEVTYPE", "usb_interface"}, {"INTERFACE", "8/6/80"}},
                {{"bInterfaceNumber", "00"}});
    }
    sysfs.add(hub + "/1-2/1-2:1.0/net/usb0", "net", {{"INTERFACE", "usb0"}, {"IFINDEX", "3"}});
    sysfs.add(tap, "net", {{"INTERFACE", "tap9"}, {"IFINDEX", "9"}});
    sysfs.add("/devices/virtual/block/loop0", "block",
              {{"MAJOR", "7"}, {"MINOR", "0"}, {"DEVNAME", "loop0"}, {"DEVTYPE", "disk"}},
              {{"size", "0"}});
    sysfs.add("/devices/virtual/tty/ttyq0", "tty", {{"MAJOR", "4"}, {"MINOR", "70"}});
  }
  void add_pci(const std::string& devpath, const std::string& id, const std::string& cls,
               const std::string& slot) {
    sysfs.add(devpath, "pci",
              {{"PCI_ID", id},
               {"PCI_SUBSYS_ID", "1AF4:1100"},
               {"PCI_CLASS", cls},
               {"PCI_SLOT_NAME", slot}},
              {{"revision", "0x01"}});
  }
  void add_usb(const std::string& devpath, const std::string& vid, const std::string& pid,
               const std::string& port, const std::string& serial) {
    sysfs.add(devpath, "usb",
              {{"DEVTYPE", "usb_device"}, {"PRODUCT", vid + "/" + pid + "/100"}, {"TYPE", "0/0/0"}},
              {{"idVendor", vid},
               {"idProduct", pid},
               {"bcdDevice", "0100"},
               {"bNumInterfaces", " 1"},
               {"bConfigurationValue", "1"},
               {"devpath", port},
               {"serial", serial}});
  }
  SourceOptions options() const {
    SourceOptions o;
    o.sysfs_root = sysfs.root();
    o.group = NetlinkGroup::kernel;
    return o;
  }
  // The full map's record of every device.
  std::vector<DevicePtr> all() const {
    LinuxSource whole(options());
    engine::DeviceList list;
    EXPECT_EQ(whole.present_list(list), Cr::success);
    return *list;
  }
};

const Device* by_syspath(const std::vector<DevicePtr>& devices, const std::string& syspath) {
  for (const DevicePtr& d : devices)
    if (d->syspath == syspath) return d.get();
  return nullptr;
}

TEST(DeviceLookupById, EveryIdAndLinkAnswersAsTheFullMap) {
  KindsTree tree;
  const std::vector<DevicePtr> all = tree.all();
  ASSERT_GE(all.size(), 12u);
  LinuxSource source(tree.options());
  std::size_t names = 0;
  for (const DevicePtr& expected : all) {
    for (const std::string& name : id_names(*expected)) {
      DevicePtr found;
      ASSERT_EQ(source.find_device(name, found), Cr::success) << name;
      ASSERT_NE(found, nullptr) << name;
      EXPECT_EQ(*found, *expected) << name;
      ++names;
    }
  }
  EXPECT_GE(names, 3 * all.size());
}

TEST(DeviceLookupById, ANarrowedReadDecidesAndReadsLess) {
  KindsTree tree;
  const std::vector<DevicePtr> all = tree.all();
  const Sysfs sysfs = tree.sysfs.sysfs();
  DeviceMap whole(sysfs);
  std::vector<engine::EventPtr> events;
  const std::uint64_t before_rescan = sysfs.reads();
  whole.rescan(Origin::present, events);
  const std::uint64_t rescan_reads = sysfs.reads() - before_rescan;
  DeviceMap narrowed(sysfs);
  // A software device, a PCI device, a disk: each reads its own kind only. (A device below one
  // of another kind, eth0, reads that kind too: in this small tree, nearly everything.)
  for (const std::string& devpath :
       {tree.tap, tree.nic, std::string("/devices/virtual/block/loop0")}) {
    const Device* expected = by_syspath(all, tree.sysfs.path(devpath));
    ASSERT_NE(expected, nullptr) << devpath;
    for (const std::string& name : id_names(*expected)) {
      const std::uint64_t before = sysfs.reads();
      const DevicePtr found = narrowed.read_named(name);
      ASSERT_NE(found, nullptr) << name;
      EXPECT_EQ(*found, *expected) << name;
      EXPECT_LT(sysfs.reads() - before, rescan_reads) << name;
    }
  }
  const Device* eth0 = by_syspath(all, tree.sysfs.path(tree.nic + "/net/eth0"));
  ASSERT_NE(eth0, nullptr);
  const DevicePtr found = narrowed.read_named(eth0->instance_id);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, *eth0);
  EXPECT_EQ(narrowed.size(), 0u);  // the map is not changed
}

TEST(DeviceLookupById, DuplicateSerialsAreLeftToTheFullMap) {
  KindsTree tree;
  const std::vector<DevicePtr> all = tree.all();
  const Device* first = by_syspath(all, tree.sysfs.path(tree.hub + "/1-1"));
  const Device* second = by_syspath(all, tree.sysfs.path(tree.hub + "/1-2"));
  const Device* adapter = by_syspath(all, tree.sysfs.path(tree.hub + "/1-2/1-2:1.0/net/usb0"));
  ASSERT_TRUE(first && second && adapter);
  EXPECT_NE(first->instance_id, second->instance_id);
  EXPECT_TRUE(second->instance_id.find("SAME123") == std::string::npos);  // location-based
  // The narrowed read sees the duplicate (or, for the adapter, an ancestor of its ID that may
  // have one) and does not decide; the lookup then answers from the full map.
  const Sysfs sysfs = tree.sysfs.sysfs();
  DeviceMap narrowed(sysfs);
  LinuxSource source(tree.options());
  for (const Device* expected : {first, second, adapter}) {
    EXPECT_EQ(narrowed.read_named(expected->instance_id), nullptr) << expected->instance_id;
    DevicePtr found;
    ASSERT_EQ(source.find_device(expected->instance_id, found), Cr::success);
    ASSERT_NE(found, nullptr) << expected->instance_id;
    EXPECT_EQ(*found, *expected);
  }
}

TEST(DeviceLookupById, EnumeratorsLeadBackToTheirSubsystems) {
  // Every device's ID names, through its enumerator, the subsystem the device is listed under:
  // what lets a lookup read only those (here over the tree; over this machine in the kernel test).
  KindsTree tree;
  for (const DevicePtr& d : tree.all()) {
    if (d->subsystem.empty()) continue;
    const auto kin = subsystems_of_enumerator(
        std::string_view(d->instance_id).substr(0, d->instance_id.find('\\')));
    EXPECT_NE(std::find(kin.begin(), kin.end(), d->subsystem), kin.end()) << d->instance_id;
  }
  EXPECT_TRUE(subsystems_of_enumerator("").empty());
  EXPECT_EQ(subsystems_of_enumerator("swd"), (std::vector<std::string>{"swd", "net"}));
  EXPECT_EQ(subsystems_of_enumerator("PCI"), (std::vector<std::string>{"pci"}));
  // An enumerator two rules give leads to both; a part of another's name leads to neither.
  EXPECT_EQ(subsystems_of_enumerator("acpi"),
            (std::vector<std::string>{"acpi", "tty", "power_supply"}));
  EXPECT_EQ(subsystems_of_enumerator("VIRTIO"), (std::vector<std::string>{"virtio", "block"}));
  EXPECT_EQ(subsystems_of_enumerator("USB"), (std::vector<std::string>{"usb"}));
  EXPECT_EQ(subsystems_of_enumerator("S"), (std::vector<std::string>{"s"}));
}

// The enumerators Windows would have a key for under ...\Enum with none of their devices
// present: those the identity rules name, and the generic one of a subsystem the kernel has.
TEST(DeviceLookupById, KnownEnumeratorsAreTheRulesAndTheSubsystemsThatExist) {
  // A network interface and a tty, nothing of USB, PCI or HID; two subsystems without a device.
  Tree tree;
  tree.sysfs.dir("/class/backlight");
  tree.sysfs.dir("/bus/mdio_bus");
  const Sysfs sysfs = tree.sysfs.sysfs();
  for (const char* name : {"USB", "usb", "PCI", "HID", "USBSTOR", "SWD", "ROOT", "ACPI", "SYSFS",
                           "NET", "tty", "BACKLIGHT", "MDIO_BUS"})
    EXPECT_TRUE(is_known_enumerator(name, sysfs)) << name;
  for (const char* name : {"", "NOSUCHBUS", "US", "BACK", "DEVICES", ".", "..", "CLASS/NET",
                           "USB\\VID_046D", "../class/net"})
    EXPECT_FALSE(is_known_enumerator(name, sysfs)) << name;
  // The source answers the same through the engine's seam.
  LinuxSource source(tree.options());
  bool known = false;
  EXPECT_EQ(source.knows_enumerator("usb", known), Cr::success);
  EXPECT_TRUE(known);
  EXPECT_EQ(source.knows_enumerator("NOSUCHBUS", known), Cr::success);
  EXPECT_FALSE(known);
}

TEST(DeviceLookupById, OddNamesFindNothingAndDoNotCrash) {
  KindsTree tree;
  LinuxSource source(tree.options());
  for (const std::string& name :
       {std::string("\\"), std::string("\\\\?\\"), std::string("\\\\?\\#"), std::string("PCI\\"),
        std::string("..\\x"), std::string("NET/../..\\X"), std::string("\\\\?\\..#..#{x}"),
        std::string("SWD\\NET\\TAP9\\"), std::string(300, '\\')}) {
    DevicePtr found = std::make_shared<const Device>();
    EXPECT_EQ(source.find_device(name, found), Cr::success) << name;
    EXPECT_EQ(found, nullptr) << name;
  }
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

TEST(DeviceLookupKernel, IdsOfThisMachineAnswerAsTheFullMap) {
  CMNOTIFY_REQUIRE_ROOT();
  cmnotify::testing::TapInterface tap("cmnlookup3");
  const std::string mine = "/sys/devices/virtual/net/cmnlookup3";
  // The full map of this machine, and a map that reads only what each name needs.
  const Sysfs sysfs("/sys");
  DeviceMap whole(sysfs);
  std::vector<engine::EventPtr> events;
  std::uint64_t reads = sysfs.reads();
  whole.rescan(Origin::present, events);
  const std::uint64_t rescan_reads = sysfs.reads() - reads;
  std::vector<DevicePtr> all;
  whole.snapshot(all);
  const DeviceMap narrowed(sysfs);
  // One device of each enumerator and subsystem (the tap among them), by every ID name; other
  // tests' interfaces (cmn*) may come and go meanwhile and are left out.
  std::set<std::string> kinds;
  std::size_t decided = 0;
  for (const DevicePtr& d : all) {
    const std::string enumerator = d->instance_id.substr(0, d->instance_id.find('\\'));
    if (!d->subsystem.empty()) {
      const auto kin = subsystems_of_enumerator(enumerator);
      EXPECT_NE(std::find(kin.begin(), kin.end(), d->subsystem), kin.end()) << d->instance_id;
    }
    const bool is_tap = d->syspath == mine;
    if (!is_tap && d->syspath.starts_with("/sys/devices/virtual/net/cmn")) continue;
    if (!kinds.insert(enumerator + " " + d->subsystem).second && !is_tap) continue;
    for (const std::string& name : id_names(*d)) {
      reads = sysfs.reads();
      const DevicePtr found = narrowed.read_named(name);
      if (!found) continue;  // undecided: the full read answers (tested on our own tree)
      ++decided;
      EXPECT_EQ(*found, *d) << name;
      if (is_tap) {
        EXPECT_LT(sysfs.reads() - reads, rescan_reads) << name;
      }
    }
    if (is_tap) {
      EXPECT_NE(narrowed.read_named(d->instance_id), nullptr);
    }
  }
  EXPECT_NE(whole.find(mine), nullptr);
  EXPECT_GE(kinds.size(), 2u);
  EXPECT_GE(decided, 3u);
  // Through the public call, which reads with udevd's database when udevd runs.
  std::vector<DevicePtr> listed = enumerate(Filter::all_instances());
  const auto it = std::find_if(listed.begin(), listed.end(),
                               [&](const DevicePtr& d) { return d->syspath == mine; });
  ASSERT_NE(it, listed.end());
  for (const std::string& name : id_names(**it)) {
    LinuxSource fresh(SourceOptions{});  // nothing read yet: the narrowed read answers
    DevicePtr found;
    ASSERT_EQ(fresh.find_device(name, found), Cr::success);
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(*found, **it) << name;
  }
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

// Interface names may hold a backslash (`ip tuntap add mode tap 'cm\bk'`): such a name is not
// taken for an instance ID that names nothing.
TEST(DeviceLookupKernel, AKernelNameWithABackslashIsFound) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string name = "cmnlk\\bk";
  cmnotify::testing::TapInterface tap(name);
  const DevicePtr found = find_device(name);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->syspath, "/sys/devices/virtual/net/" + name);
  const DevicePtr by_id = find_device(found->instance_id);
  ASSERT_NE(by_id, nullptr) << "and by its instance ID " << found->instance_id;
  EXPECT_EQ(by_id->syspath, found->syspath);
  EXPECT_EQ(find_device("cmnlk\\zz"), nullptr) << "no such name: nothing";
  tap.remove();
  EXPECT_EQ(find_device(name), nullptr);
}

}  // namespace
}  // namespace cmnotify::linux_source
