// The device map builds a device from its uevent's own properties once the device's directory has
// been read: the record must be the one sysfs gives, and the directory must not be read again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "linux/device_map.hpp"
#include "sysfs_test_tree.hpp"
#include "uevent_test_messages.hpp"

namespace cmnotify::linux_source {
namespace {

using testing::Props;
using testing::SysfsTree;

constexpr const char* kPci = "/devices/pci0000:00/0000:00:14.0";
constexpr const char* kUsb = "/devices/pci0000:00/0000:00:14.0/usb1/1-2";
constexpr const char* kDisk = "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/block/sdb";
constexpr const char* kPart = "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/block/sdb/sdb1";
constexpr const char* kTap = "/devices/virtual/net/tap0";

const Props kUsbProps = {{"MAJOR", "189"},
                         {"MINOR", "1"},
                         {"DEVNAME", "bus/usb/001/002"},
                         {"DEVTYPE", "usb_device"},
                         {"PRODUCT", "781/5567/100"},
                         {"TYPE", "0/0/0"}};
const Props kPartProps = {
    {"MAJOR", "8"}, {"MINOR", "17"}, {"DEVNAME", "sdb1"}, {"DEVTYPE", "partition"}, {"PARTN", "1"}};
const Props kTapProps = {{"INTERFACE", "tap0"}, {"IFINDEX", "7"}};

void build(SysfsTree& t) {
  t.add("/devices/pci0000:00", "");
  t.add(kPci, "pci", {{"PCI_ID", "8086:A36D"}, {"DRIVER", "xhci_hcd"}});
  t.driver(kPci, "pci", "xhci_hcd");
  t.add(std::string(kPci) + "/usb1", "usb", {{"DEVTYPE", "usb_device"}, {"PRODUCT", "1d6b/2/606"}});
  t.add(kUsb, "usb", kUsbProps, {{"serial", "4C530001230523112345\n"}, {"idVendor", "0781"}});
  t.add(std::string(kUsb) + "/1-2:1.0", "usb", {{"DEVTYPE", "usb_interface"}});
  t.add(kDisk, "block", {{"MAJOR", "8"}, {"MINOR", "16"}, {"DEVNAME", "sdb"}, {"DEVTYPE", "disk"}});
  t.add(kPart, "block", kPartProps);
  t.add(kTap, "net", kTapProps);
}

// A kernel uevent for `devpath` carrying `props` (what its uevent file says) and a synthetic
// argument, as `echo "<action> <uuid> A=1" > uevent` makes one.
class Message {
 public:
  Message(const std::string& action, const std::string& devpath, const std::string& subsystem,
          const Props& props, int seqnum) {
    std::vector<std::string> pairs = {"ACTION=" + action,
                                      "DEVPATH=" + devpath,
                                      "SUBSYSTEM=" + subsystem,
                                      "SEQNUM=" + std::to_string(seqnum),
                                      "SYNTH_UUID=c3a0f1e2-5707-4000-8000-000000000002",
                                      "SYNTH_ARG_A=1"};
    for (const auto& [key, value] : props) pairs.push_back(key + "=" + value);
    text_ = action + "@" + devpath;
    text_.push_back('\0');
    for (const auto& pair : pairs) {
      text_ += pair;
      text_.push_back('\0');
    }
    EXPECT_EQ(parse_uevent(text_, uevent_), UeventError::none);
  }
  [[nodiscard]] const Uevent& uevent() const { return uevent_; }

 private:
  std::string text_;  // uevent_ points into it
  Uevent uevent_;
};

struct Fixture {
  SysfsTree tree;
  Sysfs sysfs;
  DeviceMap map;
  std::vector<engine::EventPtr> events;
  int seqnum = 100;

  Fixture() : sysfs((build(tree), tree.sysfs())), map(sysfs) {
    map.rescan(Origin::present, events);
    events.clear();
  }
  void apply(const std::string& action, const std::string& devpath, const std::string& subsystem,
             const Props& props) {
    const Message message(action, devpath, subsystem, props, ++seqnum);
    map.apply(message.uevent(), engine::ChangeInterest{}, events);
  }
  // A synthetic remove and add of the same device with the same properties; its record after.
  [[nodiscard]] DevicePtr remove_and_add(const std::string& devpath, const std::string& subsystem,
                                         const Props& props) {
    apply("remove", devpath, subsystem, props);
    apply("add", devpath, subsystem, props);
    return device(devpath);
  }
  [[nodiscard]] DevicePtr device(const std::string& devpath) const {
    return map.find(tree.path(devpath));
  }
};

struct Case {
  const char* devpath;
  const char* subsystem;
  const Props* props;
  bool identity_reads_attributes;  // a USB device's serial is in sysfs, not in its message
};
const Case kCases[] = {{kTap, "net", &kTapProps, false},
                       {kUsb, "usb", &kUsbProps, true},
                       {kPart, "block", &kPartProps, false}};

TEST(DeviceMapFromMessage, ADeviceThatComesBackIsTheRecordSysfsGaveWithoutReadingItsDirectory) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.devpath);
    Fixture f;
    const DevicePtr before = f.device(c.devpath);
    ASSERT_NE(before, nullptr);
    f.apply("remove", c.devpath, c.subsystem, *c.props);
    EXPECT_EQ(f.device(c.devpath), nullptr);
    // The directory is gone: a device read from it would be described from its uevent alone
    // (no parent, not started). Built from its message, it is the record sysfs gave.
    if (!c.identity_reads_attributes)
      std::filesystem::rename(f.tree.path(c.devpath), f.tree.path(c.devpath) + "-moved");
    f.events.clear();
    f.apply("add", c.devpath, c.subsystem, *c.props);
    const DevicePtr after = f.device(c.devpath);
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(*after, *before);
    EXPECT_FALSE(f.events.empty());  // it arrived again
  }
}

// What the kernel's message for the device at `devpath` carries besides ACTION, DEVPATH,
// SUBSYSTEM and SEQNUM: the lines of its uevent file.
Props uevent_file(const SysfsTree& tree, const std::string& devpath) {
  std::ifstream in(tree.path(devpath) + "/uevent");
  Props props;
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) props.emplace_back(line.substr(0, eq), line.substr(eq + 1));
  }
  return props;
}

// Every device of the tree, and every device below it, arriving after the map was built (moved
// out of the tree before the first read, back after): built from their messages, parents first
// as the kernel sends them, each is the record enumeration reads.
TEST(DeviceMapFromMessage, EveryFirstSeenDeviceBuiltFromItsMessageEqualsEnumeration) {
  for (const char* top : {kPci, kUsb, kDisk, kPart, kTap}) {
    SCOPED_TRACE(top);
    SysfsTree tree;
    build(tree);
    const Sysfs sysfs = tree.sysfs();
    const auto enumerated = testing::identify_all(sysfs);
    const std::string away = tree.root() + "/away";
    std::filesystem::rename(tree.path(top), away);
    DeviceMap map(sysfs);
    map.rescan();
    std::filesystem::rename(away, tree.path(top));
    std::vector<engine::EventPtr> events;
    int seqnum = 0;
    int arrived = 0;
    // By path: a parent before its children.
    for (const auto& [syspath, device] : enumerated) {
      if (syspath != tree.path(top) && !syspath.starts_with(tree.path(top) + "/")) continue;
      const std::string devpath = syspath.substr(tree.root().size());
      const Message add("add", devpath, device.subsystem, uevent_file(tree, devpath), ++seqnum);
      map.apply(add.uevent(), engine::ChangeInterest{}, events);
      const DevicePtr built = map.find(syspath);
      ASSERT_NE(built, nullptr) << devpath;
      EXPECT_EQ(*built, device) << devpath;
      ++arrived;
    }
    EXPECT_GT(arrived, 0);
  }
}

// A new device of a kind already met (a class, or a bus with its driver named in the message),
// whose parent the map holds and whose identity needs no attribute, reads nothing from sysfs;
// the first of its kind reads only what its subsystem is.
TEST(DeviceMapFromMessage, ANewDeviceOfAKnownKindReadsNothing) {
  Fixture f;
  for (int n = 1; n <= 3; ++n) {
    const std::string name = "tap" + std::to_string(n);
    const std::string devpath = "/devices/virtual/net/" + name;
    const Props props = {{"INTERFACE", name}, {"IFINDEX", std::to_string(10 + n)}};
    f.tree.add(devpath, "net", props);
    const std::uint64_t reads = f.sysfs.reads();
    f.apply("add", devpath, "net", props);
    const std::uint64_t reads_applying = f.sysfs.reads() - reads;
    ASSERT_NE(f.device(devpath), nullptr);
    EXPECT_EQ(*f.device(devpath), testing::identify_all(f.sysfs).at(f.tree.path(devpath)));
    // The first: what "net" is (Sysfs::subsystem_kind); after it, nothing.
    EXPECT_EQ(reads_applying, n == 1 ? 1u : 0u) << name;
  }
  // A bus device below a device the map holds: its parent is that device.
  const std::string pci = "/devices/pci0000:00/0000:00:1f.0";
  const Props props = {{"PCI_ID", "8086:A30E"}, {"DRIVER", "lpc_ich"}};
  f.tree.add(pci, "pci", props);
  f.tree.driver(pci, "pci", "lpc_ich");
  f.apply("add", pci, "pci", props);
  ASSERT_NE(f.device(pci), nullptr);
  EXPECT_EQ(f.device(pci)->parent_syspath, f.tree.path("/devices/pci0000:00"));
  EXPECT_TRUE(f.device(pci)->started);
  EXPECT_EQ(*f.device(pci), testing::identify_all(f.sysfs).at(f.tree.path(pci)));
}

// A name that is both a bus and a class (gpio, mdio_bus): only the device's own subsystem link
// says which, so its directory is read.
TEST(DeviceMapFromMessage, ASubsystemThatIsBothABusAndAClassIsReadFromTheDevicesLink) {
  Fixture f;
  const std::string chip = "/devices/virtual/gpio/gpiochip9";
  const Props props = {{"DEVNAME", "gpiochip9"}};
  f.tree.add(chip, "gpio", props);  // a class device
  f.tree.dir("/bus/gpio");
  f.apply("add", chip, "gpio", props);
  ASSERT_NE(f.device(chip), nullptr);
  EXPECT_TRUE(f.device(chip)->started);  // a class device needs no driver
  EXPECT_EQ(*f.device(chip), testing::identify_all(f.sysfs).at(f.tree.path(chip)));
}

// Whether a name is a bus or a class is looked up again when the bus or class itself comes or
// goes (its own uevent, outside /devices): a module that registers a class after a kobject of
// that name was found to be no device.
TEST(DeviceMapFromMessage, AClassRegisteredLaterIsLookedUpAgain) {
  Fixture f;
  const std::string devpath = "/devices/virtual/cmnfoo/foo0";
  const Props props = {{"DEVNAME", "foo0"}};
  f.apply("add", devpath, "cmnfoo", props);  // no class or bus of that name yet
  EXPECT_EQ(f.device(devpath), nullptr);
  f.tree.add(devpath, "cmnfoo", props);  // the class and its first device
  f.apply("add", devpath, "cmnfoo", props);
  EXPECT_EQ(f.device(devpath), nullptr);  // the kind is remembered: no look
  f.apply("add", "/class/cmnfoo", "class", {});
  f.apply("add", devpath, "cmnfoo", props);
  ASSERT_NE(f.device(devpath), nullptr);
  EXPECT_EQ(*f.device(devpath), testing::identify_all(f.sysfs).at(f.tree.path(devpath)));
}

TEST(DeviceMapFromMessage, AnAddOfAKnownDeviceThatSaysNothingNewKeepsItsRecord) {
  Fixture f;
  const DevicePtr before = f.device(kTap);
  f.apply("add", kTap, "net", kTapProps);
  EXPECT_EQ(f.device(kTap), before);  // the same record: nothing was rebuilt
  EXPECT_TRUE(f.events.empty());      // and nothing is announced again
  // A message that says something new rebuilds it from the message.
  f.apply("add", kTap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "9"}});
  ASSERT_NE(f.device(kTap), nullptr);
  EXPECT_EQ(*f.device(kTap)->property("IFINDEX"), "9");
  EXPECT_EQ(f.device(kTap)->instance_id, before->instance_id);
}

// A network interface's queues (queues/rx-0, queues/tx-0) send uevents of their own with every
// interface made or deleted, but are not devices (no uevent file; "queues" is neither a bus nor a
// class): their messages make no device, whether their directory is there or already gone, and
// read nothing from sysfs after the one look at what "queues" is.
TEST(DeviceMapFromMessage, AQueueOfANetworkInterfaceIsNeverReadAndNeverADevice) {
  Fixture f;
  const std::string rx = std::string(kTap) + "/queues/rx-0";
  const std::string tx = std::string(kTap) + "/queues/tx-0";
  std::filesystem::create_directories(f.tree.path(rx));  // the kobject's directory, no uevent
  const std::size_t devices = f.map.size();
  const std::uint64_t reads = f.sysfs.reads();
  for (int round = 0; round < 2; ++round) {
    if (round == 1) std::filesystem::remove_all(f.tree.path(std::string(kTap) + "/queues"));
    for (const std::string& queue : {rx, tx}) {
      f.apply("add", queue, "queues", {});
      f.apply("change", queue, "queues", {});
      f.apply("remove", queue, "queues", {});
      EXPECT_EQ(f.device(queue), nullptr) << queue;
    }
  }
  EXPECT_EQ(f.sysfs.reads(), reads + 1);  // Sysfs::subsystem_kind("queues"), once
  EXPECT_EQ(f.map.size(), devices);
  EXPECT_TRUE(f.events.empty());
  // The interface itself still arrives.
  f.apply("remove", kTap, "net", kTapProps);
  f.apply("add", kTap, "net", kTapProps);
  EXPECT_NE(f.device(kTap), nullptr);
}

TEST(DeviceMapFromMessage, ARemovedDevicesFactsHoldOnlyUnderItsSubsystemAndParent) {
  Fixture f;
  f.apply("remove", kPart, "block", kPartProps);
  f.apply("remove", kDisk, "block", {});
  // Its parent disk is gone: the remembered parent no longer holds, so sysfs is read (and says
  // the partition's parent is the disk, which is not in the map yet but is on disk).
  f.apply("add", kPart, "block", kPartProps);
  ASSERT_NE(f.device(kPart), nullptr);
  EXPECT_EQ(f.device(kPart)->parent_syspath, f.tree.path(kDisk));
  // Another subsystem at a remembered path: the remembered facts (a class device) are not
  // used; it is a new device of its bus, not started without a driver (unlike the net device it
  // was), though its directory is gone.
  f.apply("remove", kTap, "net", kTapProps);
  std::filesystem::remove_all(f.tree.path(kTap));
  f.apply("add", kTap, "usb", kTapProps);
  ASSERT_NE(f.device(kTap), nullptr);
  EXPECT_EQ(f.device(kTap)->subsystem, "usb");
  EXPECT_FALSE(f.device(kTap)->started);
}

TEST(DeviceMapFromMessage, TheSameMessageBringsBackTheSameRecordWhenItsIdentityReadNothing) {
  Fixture f;
  const DevicePtr scanned = f.device(kTap);
  // Built from the message: its identity read nothing.
  const DevicePtr first = f.remove_and_add(kTap, "net", kTapProps);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(*first, *scanned);
  EXPECT_EQ(f.remove_and_add(kTap, "net", kTapProps), first);  // the very record: no rebuild
  EXPECT_EQ(f.remove_and_add(kTap, "net", kTapProps), first);  // (the message remembered)
  // The same pairs in another order: still the same record.
  EXPECT_EQ(f.remove_and_add(kTap, "net", {kTapProps[1], kTapProps[0]}), first);
  // One more pair, or one pair fewer: a new record each time, with what the message says.
  const Props more = {kTapProps[0], kTapProps[1], {"EXTRA", "1"}};
  const DevicePtr with_more = f.remove_and_add(kTap, "net", more);
  ASSERT_NE(with_more, nullptr);
  EXPECT_NE(with_more, first);
  EXPECT_EQ(*with_more->property("EXTRA"), "1");
  const DevicePtr with_fewer = f.remove_and_add(kTap, "net", {kTapProps[0]});
  ASSERT_NE(with_fewer, nullptr);
  EXPECT_EQ(with_fewer->property("IFINDEX"), nullptr);
  EXPECT_EQ(f.remove_and_add(kTap, "net", {kTapProps[0]}), with_fewer);
  EXPECT_NE(f.remove_and_add(kTap, "net", kTapProps), with_fewer);
  // Another message (another IFINDEX) builds a new record.
  f.apply("remove", kTap, "net", kTapProps);
  f.apply("add", kTap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "8"}});
  ASSERT_NE(f.device(kTap), nullptr);
  EXPECT_NE(f.device(kTap), first);
  EXPECT_EQ(*f.device(kTap)->property("IFINDEX"), "8");
  // A USB device's identity reads its serial from sysfs: rebuilt every time, always equal.
  const DevicePtr usb = f.device(kUsb);
  for (int i = 0; i < 2; ++i) {
    const DevicePtr again = f.remove_and_add(kUsb, "usb", kUsbProps);
    ASSERT_NE(again, nullptr);
    EXPECT_NE(again, usb);
    EXPECT_EQ(*again, *usb);
  }
}

// A virtual network interface's instance ID is its name (SWD\NET\TAP0): another interface whose
// message says that name takes the ID while it is free, and the record that had it comes back
// only once it is free again. The map hashes an ID once per record it asks about; the owners'
// table must still say who has it after every removal and comeback.
TEST(DeviceMapFromMessage, AnInstanceIdStaysWithOneDeviceThroughRemovalsAndComebacks) {
  Fixture f;
  const std::string tap1 = "/devices/virtual/net/tap1";
  const Props tap1_props = {{"INTERFACE", "tap1"}, {"IFINDEX", "9"}};
  f.tree.add(tap1, "net", tap1_props);
  f.apply("add", tap1, "net", tap1_props);
  ASSERT_NE(f.device(tap1), nullptr);
  const std::string id = f.device(kTap)->instance_id;
  const DevicePtr first = f.remove_and_add(kTap, "net", kTapProps);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(f.remove_and_add(kTap, "net", kTapProps), first);
  EXPECT_EQ(f.map.find_instance(id), first);

  // While tap0 is away, tap1 comes back saying it is tap0: it takes the free ID.
  f.apply("remove", kTap, "net", kTapProps);
  EXPECT_EQ(f.map.find_instance(id), nullptr);
  f.apply("remove", tap1, "net", tap1_props);
  const Props claims_tap0 = {{"INTERFACE", "tap0"}, {"IFINDEX", "9"}};
  f.apply("add", tap1, "net", claims_tap0);
  ASSERT_NE(f.device(tap1), nullptr);
  EXPECT_EQ(f.device(tap1)->instance_id, id);
  // tap0's message, the one that brought its record back before: the ID is taken, so tap0 is
  // built again with another ID.
  f.apply("add", kTap, "net", kTapProps);
  ASSERT_NE(f.device(kTap), nullptr);
  EXPECT_NE(f.device(kTap), first);
  EXPECT_NE(f.device(kTap)->instance_id, id);
  EXPECT_EQ(f.map.find_instance(id), f.device(tap1));
  EXPECT_EQ(f.map.find_instance(f.device(kTap)->instance_id), f.device(kTap));

  // tap0 goes first: tap1 keeps the ID. Then tap1 goes, and tap0 comes back with its own again.
  f.apply("remove", kTap, "net", kTapProps);
  EXPECT_EQ(f.map.find_instance(id), f.device(tap1));
  f.apply("remove", tap1, "net", claims_tap0);
  EXPECT_EQ(f.map.find_instance(id), nullptr);
  f.apply("add", kTap, "net", kTapProps);
  ASSERT_NE(f.device(kTap), nullptr);
  EXPECT_EQ(f.device(kTap)->instance_id, id);
  EXPECT_EQ(*f.device(kTap), *first);
  EXPECT_EQ(f.map.find_instance(id), f.device(kTap));
  // And the record built from that message comes back again.
  const DevicePtr rebuilt = f.device(kTap);
  EXPECT_EQ(f.remove_and_add(kTap, "net", kTapProps), rebuilt);
  EXPECT_EQ(f.map.find_instance(id), rebuilt);
}

TEST(DeviceMapFromMessage, ARecordComesBackOnlyUnderTheSameParentRecord) {
  Fixture f;
  const DevicePtr first = f.remove_and_add(kPart, "block", kPartProps);
  ASSERT_NE(first, nullptr);
  // The disk is rebuilt (a change that says something new): the partition's identity is
  // derived from the disk's, so it is built again rather than brought back.
  f.apply("change", kDisk, "block",
          {{"MAJOR", "8"}, {"MINOR", "16"}, {"DEVNAME", "sdb"}, {"DEVTYPE", "disk"}, {"X", "1"}});
  const DevicePtr again = f.remove_and_add(kPart, "block", kPartProps);
  ASSERT_NE(again, nullptr);
  EXPECT_NE(again, first);
  EXPECT_EQ(*again, *first);
}

TEST(DeviceMapFromMessage, TheKernelsMessageTakesUdevsDatabaseRecordAndUdevdsCarriesIt) {
  Fixture f;
  const std::string data = f.tree.root() + "/udev-data";
  std::filesystem::create_directories(data);
  {
    std::ofstream record(data + "/n7");
    record << "E:ID_NET_DRIVER=tun\nG:systemd\n";
  }
  f.sysfs.udev_data = data;
  f.apply("remove", kTap, "net", kTapProps);
  f.apply("add", kTap, "net", kTapProps);
  ASSERT_NE(f.device(kTap), nullptr);
  ASSERT_NE(f.device(kTap)->property("ID_NET_DRIVER"), nullptr);
  EXPECT_EQ(*f.device(kTap)->property("ID_NET_DRIVER"), "tun");
  EXPECT_EQ(*f.device(kTap)->property("TAGS"), ":systemd:");
}

// A storm of change events on one device: a message that repeats the last one matched against
// the record is answered from memory; anything else is compared key by key as before, and a
// record that changed is never taken for the one the memory was of.
TEST(DeviceMapFromMessage, RepeatedChangeMessagesKeepTheRecordAndAnyNewValueRebuildsIt) {
  Fixture f;
  const DevicePtr first = f.device(kTap);
  for (int i = 0; i < 3; ++i) f.apply("change", kTap, "net", kTapProps);
  EXPECT_EQ(f.device(kTap), first);
  // The same pairs in another order: not the remembered bytes, still nothing new.
  f.apply("change", kTap, "net", {{"IFINDEX", "7"}, {"INTERFACE", "tap0"}});
  EXPECT_EQ(f.device(kTap), first);
  // A new value right after repeats: rebuilt from the message.
  f.apply("change", kTap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "9"}});
  const DevicePtr second = f.device(kTap);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second, first);
  EXPECT_EQ(*second->property("IFINDEX"), "9");
  // The first message again: it matched the first record, not this one.
  f.apply("change", kTap, "net", kTapProps);
  ASSERT_NE(f.device(kTap), nullptr);
  EXPECT_NE(f.device(kTap), second);
  EXPECT_EQ(*f.device(kTap)->property("IFINDEX"), "7");
  // An "add" that repeats it keeps that record, as a "change" does.
  const DevicePtr third = f.device(kTap);
  f.apply("add", kTap, "net", kTapProps);
  EXPECT_EQ(f.device(kTap), third);
  EXPECT_TRUE(f.events.empty());
}
// The remembered pairs are compared in place with the message's: a message that repeats only
// part of them, or adds to them, or changes one value to another of the same length, is not
// taken for a repeat.
TEST(DeviceMapFromMessage, AMessageThatRepeatsOnlyPartOfTheLastOneIsComparedInFull) {
  Fixture f;
  f.apply("change", kTap, "net", kTapProps);  // remembered: INTERFACE=tap0, IFINDEX=7
  const DevicePtr first = f.device(kTap);
  // Fewer pairs (a prefix of the remembered ones): the record still holds them all.
  f.apply("change", kTap, "net", {{"INTERFACE", "tap0"}});
  EXPECT_EQ(f.device(kTap), first);
  f.apply("change", kTap, "net", kTapProps);
  EXPECT_EQ(f.device(kTap), first);
  // One more pair after the remembered ones: new, so rebuilt.
  f.apply("change", kTap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "7"}, {"NEW_KEY", "x"}});
  const DevicePtr second = f.device(kTap);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second, first);
  ASSERT_NE(second->property("NEW_KEY"), nullptr);
  // The same keys, a value of the same length changed: rebuilt.
  f.apply("change", kTap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "8"}, {"NEW_KEY", "x"}});
  const DevicePtr third = f.device(kTap);
  ASSERT_NE(third, nullptr);
  EXPECT_NE(third, second);
  EXPECT_EQ(*third->property("IFINDEX"), "8");
  // A pair of the same length with its '=' elsewhere ("NEW_KEYS=" after "NEW_KEY=x"): rebuilt.
  f.apply("change", kTap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "8"}, {"NEW_KEYS", ""}});
  EXPECT_NE(f.device(kTap), third);
  EXPECT_TRUE(f.events.empty()) << "a tap's properties changing is not an arrival or removal";
}

// A message's persistent pairs are compared as the runs between its transient pairs (marked by
// the parser): transient pairs anywhere, with any values, change nothing; a persistent value
// changed next to one is seen; the persistent pairs split differently by transient ones are
// the same pairs.
TEST(DeviceMapFromMessage, TransientPairsAnywhereInAMessageAreNeverPartOfTheDevice) {
  Fixture f;
  f.apply("change", kTap, "net", kTapProps);
  const DevicePtr first = f.device(kTap);
  ASSERT_NE(first, nullptr);
  f.apply("change", kTap, "net",
          {{"SYNTH_ARG_B", "1"},
           {"INTERFACE", "tap0"},
           {"DISK_MEDIA_CHANGE", "1"},
           {"IFINDEX", "7"},
           {"UDEV_DATABASE_VERSION", "1"}});
  EXPECT_EQ(f.device(kTap), first);
  f.apply("change", kTap, "net",
          {{"INTERFACE", "tap0"}, {"IFINDEX", "7"}, {"SYNTH_ARG_B", "a longer value"}});
  EXPECT_EQ(f.device(kTap), first);
  EXPECT_EQ(first->property("SYNTH_ARG_B"), nullptr);
  EXPECT_EQ(first->property("DISK_MEDIA_CHANGE"), nullptr);
  // A persistent value changed right after a transient pair: rebuilt, without the transient.
  f.apply("change", kTap, "net",
          {{"INTERFACE", "tap0"}, {"SYNTH_ARG_B", "1"}, {"IFINDEX", "9"}, {"SYNTH_ARG_C", "2"}});
  const DevicePtr second = f.device(kTap);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second, first);
  EXPECT_EQ(*second->property("IFINDEX"), "9");
  EXPECT_EQ(second->property("SYNTH_ARG_B"), nullptr);
  EXPECT_EQ(second->property("SYNTH_ARG_C"), nullptr);
  // Removed and added again with its transient pairs elsewhere: the same record comes back.
  const DevicePtr again = f.remove_and_add(
      kTap, "net", {{"SYNTH_ARG_D", "x"}, {"INTERFACE", "tap0"}, {"IFINDEX", "9"}});
  EXPECT_EQ(again, second);
  EXPECT_EQ(f.remove_and_add(kTap, "net", {{"INTERFACE", "tap0"}, {"IFINDEX", "9"}}), second);
}

// A change message that says nothing new about a disk keeps its record, yet a medium loaded or
// ejected meanwhile (its size in sysfs) is still the handle's custom event, once.
TEST(DeviceMapFromMessage, ARepeatedChangeOfADiskStillReportsItsMedium) {
  Fixture f;
  const Props disk = {{"MAJOR", "8"}, {"MINOR", "16"}, {"DEVNAME", "sdb"}, {"DEVTYPE", "disk"}};
  const DevicePtr record = f.device(kDisk);
  ASSERT_NE(record, nullptr);
  const auto set_size = [&](const char* sectors) {
    std::ofstream(f.tree.path(kDisk) + "/size") << sectors << "\n";
  };
  const auto media_events = [&] {
    std::vector<Guid> guids;
    for (const engine::EventPtr& e : f.events)
      if (e->action == Action::custom_event) guids.push_back(e->class_guid);
    f.events.clear();
    return guids;
  };
  f.apply("change", kDisk, "block", disk);
  EXPECT_TRUE(media_events().empty());
  set_size("2048");
  f.apply("change", kDisk, "block", disk);
  EXPECT_EQ(media_events(), std::vector<Guid>{io_event::media_arrival});
  f.apply("change", kDisk, "block", disk);
  EXPECT_TRUE(media_events().empty()) << "the medium was reported already";
  set_size("0");
  f.apply("change", kDisk, "block", disk);
  EXPECT_EQ(media_events(), std::vector<Guid>{io_event::media_removal});
  EXPECT_EQ(f.device(kDisk), record) << "nothing new about the disk itself: the same record";
}

// A rescan nobody receives events from (the first read, enumeration at rest) builds none, and
// leaves the same devices as one that does; a later rescan with events still reports only what
// changed since.
TEST(DeviceMapRescan, WithoutEventsItReadsTheSameDevicesAndALaterRescanSeesOnlyChanges) {
  Fixture f;  // read with events (then dropped)
  DeviceMap quiet(f.sysfs);
  quiet.rescan();
  std::vector<DevicePtr> with, without;
  f.map.snapshot(with);
  quiet.snapshot(without);
  ASSERT_EQ(with.size(), without.size());
  ASSERT_FALSE(with.empty());
  for (std::size_t i = 0; i < with.size(); ++i) EXPECT_EQ(*with[i], *without[i]);
  EXPECT_GT(quiet.generation(), 0u);
  std::vector<engine::EventPtr> events;
  quiet.rescan(Origin::resync, events);
  EXPECT_TRUE(events.empty()) << "nothing changed, yet " << events.size() << " events";
  const std::uint64_t before = quiet.generation();
  quiet.rescan();
  EXPECT_GT(quiet.generation(), before);  // lists handed out before are known to be stale
}

}  // namespace
}  // namespace cmnotify::linux_source
