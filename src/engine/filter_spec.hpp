// What a registration listens to, after the API layer has validated and translated its filter,
// and what such a filter selects: the one rule for routing events to registrations, for the
// present devices of a new registration and for enumeration in every API.
#pragma once

#include <cstdint>
#include <string>

#include "cmnotify/device.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/guid.hpp"
#include "common/device_key.hpp"
#include "engine/device_source.hpp"

namespace cmnotify::engine {

struct FilterSpec {
  FilterType type = FilterType::device_interface;
  // ALL_INTERFACE_CLASSES for device_interface, ALL_DEVICE_INSTANCES for device_instance.
  bool all = false;
  Guid class_guid;          // device_interface without `all`
  std::string instance_id;  // device_instance without `all`; matched case-insensitively
  // device_handle: the native handle (an fd on Linux); resolved to device_key at registration.
  std::intptr_t native_handle = -1;
  std::string device_key;
};

struct RegisterOptions {
  // Deliver the devices present at registration first (origin present), then live events,
  // each exactly once and in order.
  bool present = false;
  // Deliver Action::changed events too (the C API never asks for them).
  bool changes = false;
  // With `present`: after the present devices, deliver present_end_marker() once, before any
  // live event (the Dev query API's DevQueryStateEnumCompleted).
  bool present_end = false;
};

// The one event that says "the present devices are all delivered": compare by address.
[[nodiscard]] const EventPtr& present_end_marker();

// ---- The rule ----------------------------------------------------------------------------------
//
// A filter of type T selects the events of type T whose subject it names, or all of them with
// `all`; it selects a device, or one of its interfaces, that has such a subject. The subjects:
//   device_interface  an interface class             Event::class_guid, DeviceInterface::class_guid
//   device_instance   an instance ID, compared ASCII case-insensitively (detail::iequals)
//   device_handle     a device key (detail::device_key); never `all`
// Action::changed events go only to registrations that asked for them.
//
// The registry files each registration under its filter's subject and looks each event up by
// the event's subject (the accessors below), in indexes that compare subjects the same way, so
// routing selects exactly what selects() does (test: Registry.IndexesAgreeWithThePredicate).

[[nodiscard]] inline const Guid& interface_subject(const Event& event) noexcept {
  return event.class_guid;
}

[[nodiscard]] inline const std::string& instance_subject(const Event& event) noexcept {
  return event.device->instance_id;
}

[[nodiscard]] inline const std::string& handle_subject(const Event& event) noexcept {
  return detail::device_key(*event.device);
}

// Whether a registration gets `event` at all: changed events only when it asked for them.
[[nodiscard]] inline bool wanted(const Event& event, bool wants_changes) noexcept {
  return event.action != Action::changed || wants_changes;
}

[[nodiscard]] bool selects(const FilterSpec& filter, const Event& event,
                           bool wants_changes) noexcept;
[[nodiscard]] bool selects(const FilterSpec& filter, const Device& device) noexcept;
// An interface of a device (device_interface filters only).
[[nodiscard]] bool selects(const FilterSpec& filter, const DeviceInterface& interface) noexcept;

}  // namespace cmnotify::engine
