#include "cmnotify/device.hpp"

#include <algorithm>

namespace cmnotify {

const std::string* Device::property(std::string_view key) const noexcept {
  auto it = std::lower_bound(properties.begin(), properties.end(), key,
                             [](const auto& p, std::string_view k) { return p.first < k; });
  return (it != properties.end() && it->first == key) ? &it->second : nullptr;
}

const DeviceInterface* Device::find_interface(const Guid& class_guid) const noexcept {
  for (const auto& i : interfaces)
    if (i.class_guid == class_guid) return &i;
  return nullptr;
}

}  // namespace cmnotify
