#include "engine/delivered_view.hpp"

#include <algorithm>

#include "common/device_key.hpp"
#include "engine/device_events.hpp"

namespace cmnotify::engine {

DeliveredView::Known DeliveredView::from_device(const DevicePtr& device) {
  return Known{device, device->started, device->interfaces};
}

DevicePtr DeliveredView::as_device(const Known& known) {
  if (known.device->started == known.started && known.device->interfaces == known.interfaces)
    return known.device;
  auto device = std::make_shared<Device>(*known.device);
  device->started = known.started;
  device->interfaces = known.interfaces;
  return device;
}

void DeliveredView::seed(const FilterSpec& filter, std::span<const DevicePtr> present) {
  known_.clear();
  for (const DevicePtr& device : present) {
    if (selects(filter, *device)) known_.emplace(detail::device_key(*device), from_device(device));
  }
}

void DeliveredView::apply(const FilterSpec& filter, const Event& event) {
  const std::string& key = detail::device_key(*event.device);
  switch (event.action) {
    case Action::instance_enumerated:
      known_.insert_or_assign(key, Known{event.device, false, {}});
      break;
    case Action::instance_started: {
      auto [it, inserted] = known_.try_emplace(key, Known{event.device, false, {}});
      it->second.device = event.device;
      it->second.started = true;
      break;
    }
    case Action::instance_removed:
    case Action::remove_complete: known_.erase(key); break;
    case Action::interface_arrival: {
      auto [it, inserted] = known_.try_emplace(key, Known{event.device, event.device->started, {}});
      Known& known = it->second;
      known.device = event.device;
      std::erase_if(known.interfaces,
                    [&](const DeviceInterface& i) { return i.class_guid == event.class_guid; });
      known.interfaces.push_back(DeviceInterface{event.class_guid, event.symbolic_link});
      break;
    }
    case Action::interface_removal: {
      auto it = known_.find(key);
      if (it == known_.end()) break;
      std::erase_if(it->second.interfaces, [&](const DeviceInterface& i) {
        return i.class_guid == event.class_guid && i.symbolic_link == event.symbolic_link;
      });
      // An interface registration knows nothing else of the device: forget it.
      if (filter.type == FilterType::device_interface && it->second.interfaces.empty())
        known_.erase(it);
      break;
    }
    default: break;  // changed, custom and query events change no presence
  }
}

void DeliveredView::resync(const FilterSpec& filter, bool wants_changes,
                           std::span<const DevicePtr> present, std::vector<EventPtr>& out) {
  std::vector<EventPtr> events;
  auto emit = [&](const DeviceState& before, const DeviceState& after) {
    events.clear();
    transition_events(before, after, Origin::resync, 0, events);
    for (EventPtr& event : events) {
      if (selects(filter, *event, wants_changes)) out.push_back(std::move(event));
    }
  };
  std::unordered_map<std::string, Known> now;
  for (const DevicePtr& device : present) {
    if (!selects(filter, *device)) continue;
    const std::string& key = detail::device_key(*device);
    auto it = known_.find(key);
    emit(DeviceState{it == known_.end() ? nullptr : as_device(it->second)}, DeviceState{device});
    now.emplace(key, from_device(device));
  }
  // What the application believes present and the map no longer selects: gone.
  for (const auto& [key, known] : known_) {
    if (now.count(key) == 0) emit(DeviceState{as_device(known)}, DeviceState{});
  }
  known_.swap(now);  // only now: a failure (std::bad_alloc) leaves the view as it was
}

}  // namespace cmnotify::engine
