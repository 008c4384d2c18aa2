// A device's key: what tells present devices apart, for the engine (handle registrations are
// filed under it; DeviceSource::resolve_handle returns it) and for every source's device map.
// Unique among present devices. The Linux source keys its devices by sysfs path, which is
// therefore the key; no other layer needs to know that.
#pragma once

#include <string>

#include "cmnotify/device.hpp"

namespace cmnotify::detail {

[[nodiscard]] inline const std::string& device_key(const Device& device) noexcept {
  return device.syspath;
}

}  // namespace cmnotify::detail
