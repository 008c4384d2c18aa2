#include "engine/filter_spec.hpp"

#include <algorithm>
#include <memory>

#include "common/instance_id.hpp"

namespace cmnotify::engine {
namespace {

bool names_class(const FilterSpec& filter, const Guid& class_guid) noexcept {
  return filter.all || filter.class_guid == class_guid;
}

bool names_instance(const FilterSpec& filter, const std::string& instance_id) noexcept {
  return filter.all || detail::iequals(filter.instance_id, instance_id);
}

bool names_device(const FilterSpec& filter, const std::string& device_key) noexcept {
  return filter.device_key == device_key;
}

}  // namespace

bool selects(const FilterSpec& filter, const Event& event, bool wants_changes) noexcept {
  if (!wanted(event, wants_changes) || event.filter_type != filter.type) return false;
  switch (filter.type) {
    case FilterType::device_interface: return names_class(filter, interface_subject(event));
    case FilterType::device_instance: return names_instance(filter, instance_subject(event));
    case FilterType::device_handle: return names_device(filter, handle_subject(event));
  }
  return false;
}

bool selects(const FilterSpec& filter, const DeviceInterface& interface) noexcept {
  return filter.type == FilterType::device_interface && names_class(filter, interface.class_guid);
}

bool selects(const FilterSpec& filter, const Device& device) noexcept {
  switch (filter.type) {
    case FilterType::device_interface:
      return std::any_of(device.interfaces.begin(), device.interfaces.end(),
                         [&](const DeviceInterface& i) { return selects(filter, i); });
    case FilterType::device_instance: return names_instance(filter, device.instance_id);
    case FilterType::device_handle: return names_device(filter, detail::device_key(device));
  }
  return false;
}

const EventPtr& present_end_marker() {
  // Never freed, so comparing an event's address with it is safe at any time; its device is
  // empty (an event's device is never null).
  static const EventPtr* const marker = [] {
    auto event = std::make_shared<Event>();
    event->origin = Origin::present;
    event->device = std::make_shared<const Device>();
    return new EventPtr(std::move(event));
  }();
  return *marker;
}

}  // namespace cmnotify::engine
