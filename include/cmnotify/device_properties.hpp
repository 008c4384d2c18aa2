// cmnotify: a device's properties by key, its parent and its children: what Windows answers for
// the DEVPKEY_Device_* keys. CM_Get_DevNode_PropertyW and SetupDiGetDevicePropertyW of the C API
// return the same values for the same device (one model answers both; where each value comes
// from on Linux: docs/cpp-api.md, "Device properties").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/guid.hpp"

namespace cmnotify {

// The keys, each with its Windows key and the type of its value.
enum class DeviceProperty : std::uint8_t {
  instance_id,               // string  DEVPKEY_Device_InstanceId
  description,               // string  DEVPKEY_Device_DeviceDesc (and DEVPKEY_NAME)
  friendly_name,             // string  DEVPKEY_Device_FriendlyName
  manufacturer,              // string  DEVPKEY_Device_Manufacturer
  bus_reported_description,  // string  DEVPKEY_Device_BusReportedDeviceDesc (USB iProduct)
  hardware_ids,              // list    DEVPKEY_Device_HardwareIds
  compatible_ids,            // list    DEVPKEY_Device_CompatibleIds
  driver,                    // string  DEVPKEY_Device_Service: the bound kernel driver ("e1000e")
  driver_key,                // string  DEVPKEY_Device_Driver: "{class GUID}\<driver>"
  class_name,                // string  DEVPKEY_Device_Class ("Net", "USB", ...)
  class_guid,                // Guid    DEVPKEY_Device_ClassGuid
  enumerator,                // string  DEVPKEY_Device_EnumeratorName ("USB", "PCI", ...)
  location_info,             // string  DEVPKEY_Device_LocationInfo ("Port_#0002.Hub_#0001")
  location_paths,            // list    DEVPKEY_Device_LocationPaths ("PCIROOT(0)#PCI(1400)...")
  bus_number,                // uint32  DEVPKEY_Device_BusNumber
  address,                   // uint32  DEVPKEY_Device_Address
  physical_object_name,      // string  DEVPKEY_Device_PDOName (here the syspath)
  parent,                    // string  DEVPKEY_Device_Parent ("HTREE\ROOT\0" for a top device)
  children,                  // list    DEVPKEY_Device_Children, in instance-ID order
  siblings,                  // list    DEVPKEY_Device_Siblings
  container_id,              // Guid    DEVPKEY_Device_ContainerId
  started,                   // bool    DN_STARTED of DEVPKEY_Device_DevNodeStatus
  removable,                 // bool    DN_REMOVABLE of DEVPKEY_Device_DevNodeStatus
  problem_code,              // uint32  DEVPKEY_Device_ProblemCode (0, or 28: no driver bound)
  has_problem,               // bool    DEVPKEY_Device_HasProblem
  is_present,                // bool    DEVPKEY_Device_IsPresent
  devnode,                   // string  DEVPKEY_Cmnotify_LinuxDevnode ("/dev/sda")
  syspath,                   // string  DEVPKEY_Cmnotify_LinuxSyspath
  subsystem,                 // string  DEVPKEY_Cmnotify_LinuxSubsystem ("usb", "net", ...)
};

// A value: UTF-8 text, a list of texts, a GUID, a number or a flag (the key says which).
using DevicePropertyValue =
    std::variant<std::string, std::vector<std::string>, Guid, std::uint32_t, bool>;

// Every key, in the order above.
[[nodiscard]] std::span<const DeviceProperty> device_property_keys() noexcept;
// The key's name as spelled above ("friendly_name"); empty for a value outside the enum.
[[nodiscard]] std::string_view device_property_name(DeviceProperty key) noexcept;
// The key of a name (as device_property_name spells it), or nullopt.
[[nodiscard]] std::optional<DeviceProperty> device_property_from_name(std::string_view name);

// The name Windows gives a setup class ("Net", "USB", "DiskDrive": DEVPKEY_Device_Class's value
// for a device of that class), or empty for a class cmnotify does not assign.
[[nodiscard]] std::string_view setup_class_name(const Guid& setup_class) noexcept;

// The value of `key` for the present device with `device`'s instance ID (the device as it is
// now, not as the snapshot was), or nullopt when the device does not have it (Windows:
// CR_NO_SUCH_VALUE; an empty text or list counts as absent). Throws Error(Cr::invalid_property)
// for a key outside the enum, Error(Cr::no_such_devnode) when the device is not present any more,
// Error when the devices cannot be read.
[[nodiscard]] std::optional<DevicePropertyValue> device_property(const Device& device,
                                                                 DeviceProperty key);
// Every property the device has, in key order. Throws as device_property.
[[nodiscard]] std::vector<std::pair<DeviceProperty, DevicePropertyValue>> device_properties(
    const Device& device);

// The present parent of a device, or nullptr for a device at the top of the tree. Throws
// Error(Cr::no_such_devnode) when the device is not present any more.
[[nodiscard]] DevicePtr parent(const Device& device);
// The present devices whose parent is `device`, in instance-ID order. Throws as parent().
[[nodiscard]] std::vector<DevicePtr> children(const Device& device);

}  // namespace cmnotify
