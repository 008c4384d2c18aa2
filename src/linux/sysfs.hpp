// Reading devices from sysfs. Every read tolerates the device vanishing halfway (hot-unplug
// during enumeration is normal): a vanished device is skipped, never an error or a crash.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cmnotify/device.hpp"

namespace cmnotify::linux_source {

// Sets `key` to `value` in properties sorted by key with each key once (Device::properties).
void set_property(std::vector<std::pair<std::string, std::string>>& properties,
                  std::string_view key, std::string_view value);

class Sysfs {
 public:
  // `root` is "/sys" normally; tests point it at a directory tree of their own (an umockdev
  // testbed's sys directory works as is). Trailing slashes are ignored.
  explicit Sysfs(std::string root = "/sys");

  [[nodiscard]] const std::string& root() const noexcept { return root_; }

  // The Linux fields of one device: syspath (root + devpath), parent_syspath (nearest ancestor
  // that is a device, empty at the top), subsystem, devtype, driver, devnode ("/dev/" + DEVNAME),
  // major/minor, and properties: its uevent file plus DEVPATH and SUBSYSTEM (and udevd's
  // database record when udev_data is set), sorted by key. DEVNAME is the /dev path, as udevd
  // spells it, whatever the source ("vda" in the kernel's uevent file becomes "/dev/vda").
  // Also `started`: a driver is bound, the device belongs to a class (classes never bind), or it
  // has no subsystem at all (a container such as /sys/devices/platform).
  // The Windows fields are left empty. nullopt if it is not (or no longer) a device, or if
  // `syspath` is not a path under root/devices without "." or ".." components.
  [[nodiscard]] std::optional<Device> read_device(std::string_view syspath) const;

  // What read_device() reads besides the uevent file. A device's own uevent message carries
  // every line of that file (and udevd's message every line of its database record), so a device
  // already read once can be rebuilt from its next message with these remembered.
  struct DirectoryFacts {
    std::string parent_syspath;
    bool class_device = false;  // the subsystem link points into root/class
  };

  // The device read_device() would give for `syspath` whose uevent file held `properties`
  // (KEY=VALUE pairs in any order, a repeated key keeps its last value; DEVPATH and SUBSYSTEM
  // as read_device() sets them), with `driver_link` the basename of its driver link ("" when
  // none) and `facts` its directory. Adds udevd's database record when `with_udev_record` and
  // udev_data is set. No other I/O.
  [[nodiscard]] Device assemble(std::string_view syspath,
                                std::vector<std::pair<std::string, std::string>> properties,
                                std::string driver_link, DirectoryFacts facts,
                                bool with_udev_record) const;

  // The basename of the device's driver link, "" when it has none (one readlink).
  [[nodiscard]] std::string driver_link(std::string_view syspath) const;

  // Every device under root/devices, parents before children, siblings in name order.
  [[nodiscard]] std::vector<Device> enumerate() const;
  // The same devices in the same order, each handed to `fn` as soon as it is read, so a caller
  // that keeps them elsewhere (the device map) never holds a second list of them all.
  void for_each_device(const std::function<void(Device&&)>& fn) const;

  // One attribute file of a device, trailing newline removed; nullopt when unreadable.
  // `name` may name a file below the device ("capabilities/ev"); at most 64 KiB are read.
  [[nodiscard]] std::optional<std::string> attribute(std::string_view syspath,
                                                     std::string_view name) const;

  // The device behind a device number (root/dev/{block,char}/MAJ:MIN).
  [[nodiscard]] std::optional<std::string> syspath_of_devnum(bool block, std::uint32_t major,
                                                             std::uint32_t minor) const;

  // Whether the device's subsystem is a class (root/class/...) rather than a bus: class devices
  // never bind a driver and count as started when they appear.
  [[nodiscard]] bool is_class_device(std::string_view syspath) const;

  // What a subsystem name is: a class (root/class/NAME), a bus (root/bus/NAME), both (a few names
  // are, such as gpio and mdio_bus: only the device's own link tells) or neither. A device's
  // SUBSYSTEM is its class or its bus, so a kobject whose subsystem is neither (a network
  // interface's queues) is not a device. Two look-ups; "", "." and names with '/' are neither.
  enum class SubsystemKind : std::uint8_t { neither, class_only, bus_only, both };
  [[nodiscard]] SubsystemKind subsystem_kind(std::string_view name) const;

  // Whether `syspath` is a path under root/devices without "." or ".." components (no I/O):
  // the only paths read_device() reads.
  [[nodiscard]] bool is_device_path(std::string_view syspath) const noexcept;

  // The basename of the device's subsystem link, empty when it has none or is gone.
  [[nodiscard]] std::string subsystem(std::string_view syspath) const;

  // The nearest ancestor directory of `syspath` that is a device; empty at the top.
  [[nodiscard]] std::string parent_syspath(std::string_view syspath) const;

  // udevd's database directory (/run/udev/data) while udevd's view is used, else empty. When
  // set, read_device() adds what the database says of the device (udev_database.hpp), as udevd's
  // live event for it would carry. Changed only under the lock of whoever reads devices.
  std::string udev_data;

  // Test seam: called with each device directory enumerate() is about to read, so a test can
  // make devices vanish in the middle of a walk.
  std::function<void(const std::string& syspath)> before_read_hook;

  // How many times this reader has looked at the file system (any method above that reads, and
  // note_read() for a listing of its own): a device whose identity took no look is a function of
  // its message, its directory facts and its parent.
  [[nodiscard]] std::uint64_t reads() const noexcept {
    return reads_.value.load(std::memory_order_relaxed);
  }
  void note_read() const noexcept { reads_.value.fetch_add(1, std::memory_order_relaxed); }

 private:
  struct Counter {  // copies of a Sysfs count afresh
    mutable std::atomic<std::uint64_t> value{0};
    Counter() = default;
    Counter(const Counter&) noexcept {}
    Counter& operator=(const Counter&) noexcept { return *this; }
  };
  Counter reads_;

  void walk(std::string& dir, const std::string& parent, std::vector<char>& listing,
            const std::function<void(Device&&)>& fn) const;
  void list_directory(int fd, std::vector<char>& buffer, bool& has_uevent,
                      std::vector<std::string>& children) const;
  [[nodiscard]] bool may_hold_devices(int fd, const std::string& child) const;
  // read_device() of the directory open as `dirfd`; `parent` when the caller knows it.
  [[nodiscard]] std::optional<Device> read_device_at(int dirfd, const std::string& path,
                                                     const std::string* parent) const;
  void add_udev_record(Device& dev) const;

  std::string root_;
  std::string devices_;             // root_ + "/devices"
  std::string classes_;             // root_ + "/class/"
  bool kernfs_ = false;             // root is a sysfs mount
  bool exact_link_counts_ = false;  // a directory's link count is 2 + its subdirectories
};

}  // namespace cmnotify::linux_source
