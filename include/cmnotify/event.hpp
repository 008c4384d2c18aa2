// cmnotify: one notification, shared by every registration it matches.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/guid.hpp"

namespace cmnotify {

// The CM_NOTIFY_ACTION values, with the same numbers, plus `changed`, which Windows has no
// action for and only the C++ API delivers.
enum class Action : std::uint32_t {
  interface_arrival = 0,
  interface_removal = 1,
  query_remove = 2,         // never produced on Linux (no query-remove protocol)
  query_remove_failed = 3,  // never produced on Linux
  remove_pending = 4,       // never produced on Linux
  remove_complete = 5,
  custom_event = 6,
  instance_enumerated = 7,
  instance_started = 8,
  instance_removed = 9,
  changed = 16,  // a "change" uevent: the device's properties changed
};

// The CM_NOTIFY_FILTER_TYPE values: which kind of registration an event is routed to.
enum class FilterType : std::uint32_t {
  device_interface = 0,
  device_handle = 1,
  device_instance = 2,
};

// Why an event was delivered.
enum class Origin : std::uint8_t {
  live,     // the device changed just now
  present,  // the device was already present when a subscription asked for present devices
  resync,   // found by comparing sysfs with the device map after the kernel dropped events
};

// "DEVICEINTERFACEARRIVAL" etc., the CM_NOTIFY_ACTION_ suffix; "CHANGED" for changed.
std::string_view to_string(Action action) noexcept;
// "DEVICEINTERFACE", "DEVICEHANDLE", "DEVICEINSTANCE".
std::string_view to_string(FilterType type) noexcept;
// "live", "present", "resync".
std::string_view to_string(Origin origin) noexcept;

struct Event {
  Action action = Action::changed;
  FilterType filter_type = FilterType::device_instance;
  Origin origin = Origin::live;
  // Interface events: the interface class. Custom events: the event GUID (GUID_IO_MEDIA_...).
  Guid class_guid;
  // Interface events: the interface's symbolic link. Empty otherwise.
  std::string symbolic_link;
  // The device, as it is after the event (as it was, for removals). Never null.
  DevicePtr device;
  // Custom events: the driver-defined payload and the offset of a name string in it (-1: none).
  std::vector<std::uint8_t> custom_data;
  std::int32_t custom_name_offset = -1;
  // The source's sequence number (the kernel's SEQNUM) when the event came from one, else 0.
  std::uint64_t sequence = 0;
  // Live "change" events: the uevent's keys that describe the event rather than the device
  // (DISK_MEDIA_CHANGE, SYNTH_UUID, SYNTH_ARG_*, ...). Device properties are in device->properties.
  std::vector<std::pair<std::string, std::string>> event_properties;

  [[nodiscard]] const std::string& instance_id() const noexcept { return device->instance_id; }
};

}  // namespace cmnotify
