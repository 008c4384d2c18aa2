// Identities for this machine's devices, and for a tap interface made for the test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <set>

#include "common/instance_id.hpp"
#include "linux/identity.hpp"
#include "linux/sysfs.hpp"

namespace cmnotify::linux_source {
namespace {

bool well_formed_link(const DeviceInterface& i, const std::string& instance_id) {
  const std::string prefix = "\\\\?\\";
  const std::string suffix = "#" + i.class_guid.to_string();
  const auto& link = i.symbolic_link;
  if (!link.starts_with(prefix) || !link.ends_with(suffix)) return false;
  const auto middle = link.substr(prefix.size(), link.size() - prefix.size() - suffix.size());
  if (middle.find('\\') != std::string::npos || middle.size() != instance_id.size()) return false;
  for (std::size_t k = 0; k < middle.size(); ++k)
    if (middle[k] != (instance_id[k] == '\\' ? '#' : instance_id[k])) return false;
  return true;
}

TEST(IdentitySystem, EveryDeviceOfThisMachine) {
  const Sysfs sysfs;
  auto devices = sysfs.enumerate();
  ASSERT_FALSE(devices.empty());
  std::map<std::string, const Device*> by_path;
  std::set<std::string> ids;
  std::map<std::string, int> per_subsystem;
  for (auto& dev : devices) {
    const auto parent = by_path.find(dev.parent_syspath);
    ASSERT_NO_THROW(assign_identity(dev, parent == by_path.end() ? nullptr : parent->second, sysfs))
        << dev.syspath;
    by_path[dev.syspath] = &dev;
    EXPECT_TRUE(detail::is_valid_instance_id(dev.instance_id))
        << dev.syspath << " " << dev.instance_id;
    EXPECT_EQ(dev.instance_id, detail::to_upper_ascii(dev.instance_id));
    EXPECT_TRUE(ids.insert(dev.instance_id).second)
        << "duplicate " << dev.instance_id << " at " << dev.syspath;
    if (parent != by_path.end()) {
      EXPECT_EQ(dev.parent_instance_id, parent->second->instance_id);
    }
    for (const auto& i : dev.interfaces)
      EXPECT_TRUE(well_formed_link(i, dev.instance_id)) << i.symbolic_link;
    if (!dev.subsystem.empty()) {
      EXPECT_NE(dev.find_interface(subsystem_interface_class(dev.subsystem)), nullptr);
    }
    ++per_subsystem[dev.subsystem.empty() ? "(none)" : dev.subsystem];
  }
  RecordProperty("devices", static_cast<int>(devices.size()));
  for (const auto& [subsystem, count] : per_subsystem)
    RecordProperty("subsystem_" + subsystem, count);
  // Fallback IDs are unique too, and never one of the primary IDs.
  std::set<std::string> fallbacks;
  for (const auto& dev : devices) {
    const auto fallback = fallback_instance_id(dev);
    EXPECT_TRUE(detail::is_valid_instance_id(fallback)) << fallback;
    EXPECT_TRUE(fallbacks.insert(fallback).second) << fallback;
    EXPECT_EQ(ids.count(fallback), 0u) << fallback;
  }
}

TEST(IdentitySystem, SameIdentitiesOnASecondWalk) {
  const Sysfs sysfs;
  auto walk = [&] {
    std::map<std::string, std::string> ids;
    std::map<std::string, const Device*> by_path;
    auto devices = sysfs.enumerate();
    for (auto& dev : devices) {
      const auto parent = by_path.find(dev.parent_syspath);
      assign_identity(dev, parent == by_path.end() ? nullptr : parent->second, sysfs);
      by_path[dev.syspath] = &dev;
      ids[dev.syspath] = dev.instance_id;
    }
    return ids;
  };
  const auto first = walk();
  const auto second = walk();
  for (const auto& [path, id] : first) {
    const auto it = second.find(path);
    if (it != second.end()) {  // devices may come and go between walks
      EXPECT_EQ(it->second, id) << path;
    }
  }
}

// A tap interface is a software device named after itself: SWD\NET\<NAME>.
class TapInterface : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: ip tuntap add";
    (void)std::system("ip tuntap del mode tap cmnid0 >/dev/null 2>&1");
    if (std::system("ip tuntap add mode tap cmnid0 >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "ip tuntap add mode tap cmnid0 failed (no tun support?)";
    created_ = true;
  }
  void TearDown() override {
    if (created_) (void)std::system("ip tuntap del mode tap cmnid0 >/dev/null 2>&1");
  }
  bool created_ = false;
};

TEST_F(TapInterface, HasTheDocumentedIdentity) {
  const Sysfs sysfs;
  auto tap = sysfs.read_device("/sys/devices/virtual/net/cmnid0");
  ASSERT_TRUE(tap.has_value());
  assign_identity(*tap, nullptr, sysfs);
  EXPECT_EQ(tap->instance_id, "SWD\\NET\\CMNID0");
  EXPECT_EQ(tap->parent_instance_id, "");
  ASSERT_EQ(tap->interfaces.size(), 2u);
  EXPECT_EQ(tap->interfaces[0].symbolic_link,
            "\\\\?\\SWD#NET#CMNID0#{cac88484-7515-4c03-82e6-71a87abac361}");
  EXPECT_EQ(tap->interfaces[1].class_guid, subsystem_interface_class("net"));
  EXPECT_EQ(tap->description, "cmnid0");
  // Found by the walk too.
  bool seen = false;
  for (const auto& dev : sysfs.enumerate())
    seen = seen || dev.syspath == "/sys/devices/virtual/net/cmnid0";
  EXPECT_TRUE(seen);
}

// A virtio network card gets the names systemd's hardware database gives it (what lspci prints),
// not the made-up "Ethernet controller 1AF4:1041". Skipped on machines without one or without
// the database.
TEST(IdentitySystem, PciNamesFromTheHardwareDatabase) {
  if (access("/usr/lib/udev/hwdb.bin", R_OK) != 0 && access("/etc/udev/hwdb.bin", R_OK) != 0)
    GTEST_SKIP() << "no hwdb.bin";
  const Sysfs sysfs;
  auto devices = sysfs.enumerate();
  int checked = 0;
  for (auto& dev : devices) {
    if (dev.subsystem != "pci") continue;
    ASSERT_NO_THROW(assign_identity(dev, nullptr, sysfs));
    if (!dev.instance_id.starts_with("PCI\\VEN_1AF4&DEV_1041&")) continue;
    EXPECT_EQ(dev.description, "Virtio 1.0 network device") << dev.syspath;
    EXPECT_EQ(dev.manufacturer, "Red Hat, Inc.") << dev.syspath;
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no virtio 1.0 network card";
}

}  // namespace
}  // namespace cmnotify::linux_source
