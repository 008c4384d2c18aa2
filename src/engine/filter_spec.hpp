// What a registration listens to, after the API layer has validated and translated its filter.
#pragma once

#include <cstdint>
#include <string>

#include "cmnotify/event.hpp"
#include "cmnotify/guid.hpp"

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
};

// Whether `filter` selects `event` (the same rule the indexes implement; used where there is no
// index to ask, such as the present devices of a new registration).
[[nodiscard]] bool filter_matches(const FilterSpec& filter, bool wants_changes, const Event& event);

}  // namespace cmnotify::engine
