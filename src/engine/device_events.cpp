#include "engine/device_events.hpp"

#include <utility>

namespace cmnotify::engine {

EventPtr make_event(Action action, FilterType type, const DevicePtr& device, Origin origin,
                    std::uint64_t sequence, const Guid& guid, std::string symbolic_link) {
  auto event = std::make_shared<Event>();
  event->action = action;
  event->filter_type = type;
  event->origin = origin;
  event->class_guid = guid;
  event->symbolic_link = std::move(symbolic_link);
  event->device = device;
  event->sequence = sequence;
  return event;
}

EventPtr started_event(const DevicePtr& device, Origin origin, std::uint64_t sequence) {
  return make_event(Action::instance_started, FilterType::device_instance, device, origin,
                    sequence);
}

void arrival_events(const DevicePtr& device, Origin origin, std::uint64_t sequence,
                    std::vector<EventPtr>& out) {
  out.push_back(make_event(Action::instance_enumerated, FilterType::device_instance, device, origin,
                           sequence));
  if (device->started) out.push_back(started_event(device, origin, sequence));
  for (const DeviceInterface& i : device->interfaces) {
    out.push_back(make_event(Action::interface_arrival, FilterType::device_interface, device,
                             origin, sequence, i.class_guid, i.symbolic_link));
  }
}

void removal_events(const DevicePtr& device, Origin origin, std::uint64_t sequence,
                    std::vector<EventPtr>& out) {
  for (const DeviceInterface& i : device->interfaces) {
    out.push_back(make_event(Action::interface_removal, FilterType::device_interface, device,
                             origin, sequence, i.class_guid, i.symbolic_link));
  }
  out.push_back(
      make_event(Action::remove_complete, FilterType::device_handle, device, origin, sequence));
  out.push_back(
      make_event(Action::instance_removed, FilterType::device_instance, device, origin, sequence));
}

}  // namespace cmnotify::engine
