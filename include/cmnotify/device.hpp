// cmnotify: one device as every layer sees it: its Windows identity next to its Linux one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cmnotify/guid.hpp"

namespace cmnotify {

// One device interface: what CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE registrations match.
struct DeviceInterface {
  Guid class_guid;
  std::string symbolic_link;  // "\\?\USB#VID_046D&PID_0826#9DC49FA0#{a5dcbf10-...}"

  friend bool operator==(const DeviceInterface&, const DeviceInterface&) = default;
};

// An immutable snapshot of a device. The device map replaces the whole record when something
// changes, so a record handed to a callback never changes under it.
struct Device {
  // Windows identity.
  std::string instance_id;         // upper-case, "USB\VID_046D&PID_0826\9DC49FA0"
  std::string parent_instance_id;  // empty for a root
  std::vector<std::string> hardware_ids;
  std::vector<std::string> compatible_ids;
  std::string description;  // a friendly name where the device has one
  Guid setup_class;         // GUID_DEVCLASS_* of the device, null when unknown
  std::vector<DeviceInterface> interfaces;
  bool started = false;  // a driver is bound, or the device is a class device that never binds
  // Who made it: the vendor name of systemd's hardware database for the device's modalias (what
  // lspci and lsusb print), else the name the device reports (USB iManufacturer); may be empty.
  std::string manufacturer;
  // The name the device reports on its bus (USB iProduct), empty for buses without one.
  std::string bus_reported_description;

  // Linux identity. `syspath` is unique among present devices and is the device map's key.
  std::string syspath;  // "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
  std::string parent_syspath;
  std::string subsystem;  // "usb", "net", "block", ...
  std::string devtype;    // "usb_device", "disk", "partition", ...
  std::string driver;
  std::string devnode;  // "/dev/sda1", empty without a node
  std::uint32_t major = 0;
  std::uint32_t minor = 0;
  // The uevent environment (and udev's properties when udev runs), sorted by key.
  std::vector<std::pair<std::string, std::string>> properties;

  // Value of a property, or nullptr.
  [[nodiscard]] const std::string* property(std::string_view key) const noexcept;
  // The interface of a class, or nullptr.
  [[nodiscard]] const DeviceInterface* find_interface(const Guid& class_guid) const noexcept;

  friend bool operator==(const Device&, const Device&) = default;
};

using DevicePtr = std::shared_ptr<const Device>;

// Whether two instance IDs (or two symbolic links) name the same device. Windows compares them
// ASCII case-insensitively: "usb\vid_046d&pid_0826\9dc49fa0" is "USB\VID_046D&PID_0826\9DC49FA0".
[[nodiscard]] bool same_instance_id(std::string_view a, std::string_view b) noexcept;

}  // namespace cmnotify
