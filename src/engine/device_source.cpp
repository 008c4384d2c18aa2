#include "engine/device_source.hpp"

#include <algorithm>
#include <new>

#include "common/instance_id.hpp"

namespace cmnotify::engine {

Cr DeviceSource::present_list(DeviceList& out) {
  auto devices = std::make_shared<std::vector<DevicePtr>>();
  const Cr cr = with_present_devices(
      [&](std::span<const DevicePtr> present) { devices->assign(present.begin(), present.end()); });
  if (cr == Cr::success) out = std::move(devices);
  return cr;
}

bool names_device(const Device& device, std::string_view name) noexcept {
  if (detail::iequals(device.instance_id, name) || device.syspath == name) return true;
  for (const DeviceInterface& i : device.interfaces)
    if (detail::iequals(i.symbolic_link, name)) return true;
  return false;
}

Cr DeviceSource::find_device(std::string_view name, DevicePtr& out) {
  out = nullptr;
  if (name.empty()) return Cr::invalid_data;
  DeviceList devices;
  if (const Cr cr = present_list(devices); cr != Cr::success) return cr;
  for (const DevicePtr& d : *devices) {
    if (names_device(*d, name)) {
      out = d;
      break;
    }
  }
  return Cr::success;
}

Cr DeviceSource::knows_enumerator(std::string_view enumerator, bool& known) {
  known = false;
  if (enumerator.empty()) return Cr::success;
  DeviceList devices;
  if (const Cr cr = present_list(devices); cr != Cr::success) return cr;
  known = std::any_of(devices->begin(), devices->end(), [&](const DevicePtr& d) {
    return detail::iequals(detail::enumerator_of(d->instance_id), enumerator);
  });
  return Cr::success;
}

}  // namespace cmnotify::engine
