// A sysfs tree of our own in a temporary directory, laid out like the kernel's: device
// directories under devices/ with a uevent file, relative subsystem and driver links into bus/ or
// class/, and dev/{block,char}/MAJ:MIN links. Tests point Sysfs(root = tree.root()) at it.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "linux/identity.hpp"
#include "linux/sysfs.hpp"

namespace cmnotify::linux_source::testing {

using Props = std::vector<std::pair<std::string, std::string>>;
using Attrs = std::map<std::string, std::string>;

class SysfsTree {
 public:
  SysfsTree() {
    std::string templ = (std::filesystem::temp_directory_path() / "cmnotify-sysfs-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = templ;
    std::filesystem::create_directories(root_ + "/devices");
  }
  ~SysfsTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  SysfsTree(const SysfsTree&) = delete;
  SysfsTree& operator=(const SysfsTree&) = delete;

  [[nodiscard]] const std::string& root() const { return root_; }
  [[nodiscard]] std::string path(const std::string& devpath) const { return root_ + devpath; }

  // A device at `devpath` ("/devices/..."): its uevent file holds `props`; an empty `subsystem`
  // makes a device without one (like /sys/devices/platform).
  std::string add(const std::string& devpath, const std::string& subsystem, const Props& props = {},
                  const Attrs& attrs = {}) {
    const auto dir = path(devpath);
    std::filesystem::create_directories(dir);
    std::string uevent;
    for (const auto& [k, v] : props) uevent += k + "=" + v + "\n";
    write(dir + "/uevent", uevent);
    if (!subsystem.empty()) {
      const bool bus = kBuses.count(subsystem) != 0;
      const auto target = std::string(bus ? "bus/" : "class/") + subsystem;
      std::filesystem::create_directories(root_ + "/" + target);
      std::filesystem::create_directory_symlink(dotdots(devpath) + target, dir + "/subsystem");
      // Listed by its subsystem as the kernel lists it (class/net/eth0, bus/pci/devices/...); the
      // first of two devices with one name keeps the entry.
      const auto listing = root_ + "/" + target + (bus ? "/devices" : "");
      std::filesystem::create_directories(listing);
      std::error_code taken;
      std::filesystem::create_directory_symlink(
          dir, listing + "/" + std::filesystem::path(devpath).filename().string(), taken);
    }
    for (const auto& [name, value] : attrs) attr(devpath, name, value);
    return dir;
  }

  void attr(const std::string& devpath, const std::string& name, const std::string& value) {
    const auto file = path(devpath) + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    write(file, value);
  }

  void dir(const std::string& devpath) { std::filesystem::create_directories(path(devpath)); }

  void driver(const std::string& devpath, const std::string& subsystem, const std::string& name) {
    const auto target = "bus/" + subsystem + "/drivers/" + name;
    std::filesystem::create_directories(root_ + "/" + target);
    std::filesystem::create_directory_symlink(dotdots(devpath) + target, path(devpath) + "/driver");
  }

  void devnum(bool block, unsigned major, unsigned minor, const std::string& devpath) {
    const auto dir = root_ + (block ? "/dev/block" : "/dev/char");
    std::filesystem::create_directories(dir);
    std::filesystem::create_directory_symlink(
        "../.." + devpath, dir + "/" + std::to_string(major) + ":" + std::to_string(minor));
  }

  void remove(const std::string& devpath) { std::filesystem::remove_all(path(devpath)); }

  [[nodiscard]] Sysfs sysfs() const { return Sysfs(root_); }

 private:
  static void write(const std::string& file, const std::string& value) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << value;
  }

  // From a device directory back up to the root: one ".." per component of the devpath.
  static std::string dotdots(const std::string& devpath) {
    std::string out;
    for (char c : devpath)
      if (c == '/') out += "../";
    return out;
  }

  inline static const std::set<std::string> kBuses = {
      "usb",      "pci",          "hid",         "scsi",       "virtio", "pnp",
      "platform", "acpi",         "serial-base", "usb-serial", "mmc",    "serio",
      "i2c",      "event_source", "cpu",         "memory",     "node"};
  std::string root_;
};

// Every device of `sysfs`, identified parents first, by syspath.
inline std::map<std::string, Device> identify_all(const Sysfs& sysfs) {
  std::map<std::string, Device> out;
  for (auto& dev : sysfs.enumerate()) {
    const auto parent = out.find(dev.parent_syspath);
    assign_identity(dev, parent == out.end() ? nullptr : &parent->second, sysfs);
    auto key = dev.syspath;
    out.emplace(std::move(key), std::move(dev));
  }
  return out;
}

}  // namespace cmnotify::linux_source::testing
