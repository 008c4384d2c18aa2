// Test support: the real LinuxSource, installed in the engine, running on a fake kernel socket
// (FakeNetlink) and a sysfs tree of our own (SysfsTree), so tests can inject socket failures,
// forged datagrams and vanishing devices, and check the result against the tree.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "cmnotify/cmnotify.hpp"
#include "engine/engine.hpp"
#include "engine/memory_source.hpp"
#include "linux/linux_source.hpp"
#include "linux/sysfs_test_tree.hpp"
#include "linux/uevent_test_messages.hpp"
#include "reliability/fake_netlink.hpp"
#include "support/kernel_devices.hpp"
#include "support/subscriber_view.hpp"

namespace cmnotify::testing {

using linux_source::LinuxSource;
using linux_source::SourceOptions;
using linux_source::testing::SysfsTree;

inline constexpr std::uint32_t kUdevdPort = 4242;  // udevd's netlink port id in udev-group tests

// "SWD\NET\<NAME>": the identity of a virtual net device (docs/identities.md).
inline std::string net_id(const std::string& name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return "SWD\\NET\\" + upper;
}

inline std::string net_devpath(const std::string& name) { return "/devices/virtual/net/" + name; }

class FakeSourceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    EXPECT_EQ(engine::Engine::instance().stats().registrations, 0u) << "registrations left open";
    // The source refers to this fixture's fake socket: replace it before the fixture goes.
    engine::Engine::instance().set_source(std::make_shared<engine::MemorySource>());
  }

  void install(NetlinkGroup group = NetlinkGroup::kernel,
               std::function<void(const std::string&)> before_read = {},
               std::function<void()> before_wake_drain = {}) {
    SourceOptions options;
    options.group = group;
    options.sysfs_root = tree_.root();
    options.syscalls = &kernel_;
    options.before_sysfs_read = std::move(before_read);
    options.before_wake_drain = std::move(before_wake_drain);
    if (!udev_data_.empty()) options.udev_data = udev_data_;
    source_ = std::make_shared<LinuxSource>(std::move(options));
    ASSERT_TRUE(engine::Engine::instance().set_source(source_));
  }

  // A virtual net device in the tree, as the kernel shows a tap interface.
  void add_net(const std::string& name) {
    tree_.add(net_devpath(name), "net", {{"INTERFACE", name}, {"IFINDEX", "7"}});
  }

  static std::string kernel_bytes(const std::string& action, const std::string& name,
                                  std::uint64_t seqnum) {
    const std::string devpath = net_devpath(name);
    const std::string a = "ACTION=" + action, d = "DEVPATH=" + devpath,
                      s = "SEQNUM=" + std::to_string(seqnum), i = "INTERFACE=" + name;
    return linux_source::testing::kernel_message(action + "@" + devpath,
                                                 {a, d, "SUBSYSTEM=net", i, "IFINDEX=7", s});
  }

  static std::string udev_bytes(const std::string& action, const std::string& name,
                                std::uint64_t seqnum) {
    const std::string a = "ACTION=" + action, d = "DEVPATH=" + net_devpath(name),
                      s = "SEQNUM=" + std::to_string(seqnum), i = "INTERFACE=" + name;
    return linux_source::testing::udev_message(linux_source::testing::nul_join(
        {a, d, "SUBSYSTEM=net", i, "IFINDEX=7", s, "USEC_INITIALIZED=1"}));
  }

  // What the kernel would send for `action` on the net device `name`, on the source's group.
  FakeDatagram genuine(const std::string& action, const std::string& name) {
    FakeDatagram d;
    if (udev_group_) {
      d.bytes = udev_bytes(action, name, ++seqnum_);
      d.sender = netlink_address(kUdevdPort, 2);
      d.creds = credentials(0, 300);
    } else {
      d.bytes = kernel_bytes(action, name, ++seqnum_);
    }
    return d;
  }

  // A net device appears: in sysfs first, then its uevent, as the kernel does it.
  void plug(const std::string& name) {
    add_net(name);
    kernel_.push(genuine("add", name));
  }
  void unplug(const std::string& name) {
    tree_.remove(net_devpath(name));
    kernel_.push(genuine("remove", name));
  }

  // The instance IDs a fresh source reads from the tree now (the truth a view must equal).
  std::set<std::string> tree_instances() const {
    SourceOptions options;
    options.sysfs_root = tree_.root();
    LinuxSource fresh(std::move(options));
    std::set<std::string> out;
    (void)fresh.with_present_devices([&](std::span<const DevicePtr> devices) {
      for (const DevicePtr& d : devices) out.insert(d->instance_id);
    });
    return out;
  }

  // Waits (bounded) until `predicate` holds.
  static bool eventually(const std::function<bool()>& predicate,
                         std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!predicate()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  SysfsTree tree_;
  FakeNetlink kernel_;
  std::shared_ptr<LinuxSource> source_;
  bool udev_group_ = false;
  std::string udev_data_;  // udevd's database folder; empty: the source's default
  std::uint64_t seqnum_ = 1000;
};

}  // namespace cmnotify::testing
