// Windows identities for Linux devices (identities.md): device instance IDs, hardware and
// compatible IDs, setup classes, interface classes and their symbolic links.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/guid.hpp"
#include "cmnotify/interface_classes.hpp"
#include "linux/sysfs.hpp"

namespace cmnotify::linux_source {

// Fills instance_id, parent_instance_id, hardware_ids, compatible_ids, description, setup_class
// and interfaces of `device` from its Linux fields, reading extra attributes through `sysfs`.
// `parent` is the device's parent as already identified, or nullptr: then the parent (and any
// ancestor a rule needs) is read from sysfs and identified on the way, with the same result, only
// slower. The instance ID is always valid (common/instance_id.hpp), upper-case, under 200
// characters, and stable across re-plugging and reboots where the hardware allows; the mapping is
// docs/identities.md. Never fails for a device that vanished meanwhile (it gets what could be
// read). Throws Error(Cr::invalid_data) for a device without a syspath.
void assign_identity(Device& device, const Device* parent, const Sysfs& sysfs);

// A location-based instance ID for `device`, unique among present devices; used when two devices
// would otherwise share an ID (identical serial numbers). Keeps the ENUMERATOR\DEVICE-ID of
// device.instance_id and keys the instance part on the devpath; never equal to a primary ID.
[[nodiscard]] std::string fallback_instance_id(const Device& device);

// The subsystems whose devices can have an instance ID beginning with `enumerator` (its first
// part: "PCI" of "PCI\VEN_...", matched case-insensitively) by the rules above, including the
// generic form every subsystem falls back to (its name, upper-cased, as the enumerator). Lets a
// lookup by ID read only those devices; a subsystem whose name escaping changes is not named.
[[nodiscard]] std::vector<std::string> subsystems_of_enumerator(std::string_view enumerator);

// Whether the rules above can give an instance ID beginning with `enumerator` (matched
// case-insensitively) on the system `sysfs` reads, whether or not such a device is present: an
// enumerator a rule names, the one of devices without a subsystem, or the generic one of a
// subsystem the kernel has (root/class/NAME or root/bus/NAME). Windows keeps a key under
// HKLM\SYSTEM\CurrentControlSet\Enum for each enumerator it knows; these are ours.
[[nodiscard]] bool is_known_enumerator(std::string_view enumerator, const Sysfs& sysfs);

// "\\?\" + the instance ID with every '\' replaced by '#' + "#{guid}" (lower-case GUID).
[[nodiscard]] std::string symbolic_link(std::string_view instance_id, const Guid& class_guid);

}  // namespace cmnotify::linux_source
