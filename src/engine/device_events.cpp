#include "engine/device_events.hpp"

#include <cstring>
#include <utility>

#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"

namespace cmnotify::engine {
namespace {

// A recycler's event with what only some events set emptied: every caller sets the other fields,
// so a recycled event carries nothing of its previous use. Strings and vectors keep their
// capacity. event_properties is left to the caller: changed_events() assigns its pairs in place
// (clearing them would free each pair's strings, and a storm's SYNTH_UUID would allocate again).
std::shared_ptr<Event> reused_event(EventRecycler& recycler) {
  std::shared_ptr<Event> event = recycler.acquire();
  event->custom_data.clear();
  event->custom_name_offset = -1;
  return event;
}

// `to = from` for a string that usually has `from`'s length already (a storm repeats its keys,
// and most values keep their length): the bytes are copied over, without std::string::assign's
// general replace. `from` never points into `to` (it is the uevent's).
void assign_in_place(std::string& to, std::string_view from) {
  if (to.size() != from.size()) {
    to.assign(from);
  } else if (!from.empty()) {
    std::memcpy(to.data(), from.data(), from.size());
  }
}

// Where a transition's events come from: fresh ones, or a recycler's (live events of a source,
// so a storm of arrivals and removals does not allocate an event each).
struct Maker {
  Origin origin;
  std::uint64_t sequence;
  EventRecycler* recycler;

  [[nodiscard]] EventPtr operator()(Action action, FilterType type, const DevicePtr& device,
                                    const Guid& guid = {}, const std::string& link = {}) const {
    if (recycler == nullptr) return make_event(action, type, device, origin, sequence, guid, link);
    std::shared_ptr<Event> event = reused_event(*recycler);
    event->event_properties.clear();
    event->action = action;
    event->filter_type = type;
    event->origin = origin;
    event->class_guid = guid;
    event->symbolic_link.assign(link);
    event->device = device;
    event->sequence = sequence;
    return event;
  }
};

EventPtr interface_event(const Maker& make, Action action, const DevicePtr& device,
                         const DeviceInterface& i) {
  return make(action, FilterType::device_interface, device, i.class_guid, i.symbolic_link);
}

EventPtr started_event(const Maker& make, const DevicePtr& device) {
  return make(Action::instance_started, FilterType::device_instance, device);
}

void arrival(const Maker& make, const DevicePtr& device, std::vector<EventPtr>& out) {
  out.push_back(make(Action::instance_enumerated, FilterType::device_instance, device));
  if (device->started) out.push_back(started_event(make, device));
  for (const DeviceInterface& i : device->interfaces)
    out.push_back(interface_event(make, Action::interface_arrival, device, i));
}

void removal(const Maker& make, const DevicePtr& device, std::vector<EventPtr>& out) {
  for (const DeviceInterface& i : device->interfaces)
    out.push_back(interface_event(make, Action::interface_removal, device, i));
  out.push_back(make(Action::remove_complete, FilterType::device_handle, device));
  out.push_back(make(Action::instance_removed, FilterType::device_instance, device));
}

// Whether `device` has `i`, under the same symbolic link.
bool keeps(const Device& device, const DeviceInterface& i) {
  const DeviceInterface* same = device.find_interface(i.class_guid);
  return same != nullptr && same->symbolic_link == i.symbolic_link;
}

// The same device (same key, same instance ID) before and after.
void update(const Maker& make, const DeviceState& before, const DeviceState& after,
            std::vector<EventPtr>& out) {
  const Device& b = *before.device;
  const Device& a = *after.device;
  if (before.device != after.device) {  // one record has one set of interfaces and one start
    for (const DeviceInterface& i : b.interfaces) {
      if (keeps(a, i)) continue;
      out.push_back(interface_event(make, Action::interface_removal, before.device, i));
    }
    if (!b.started && a.started) out.push_back(started_event(make, after.device));
    for (const DeviceInterface& i : a.interfaces) {
      if (keeps(b, i)) continue;
      out.push_back(interface_event(make, Action::interface_arrival, after.device, i));
    }
  }
  if (before.media_present != after.media_present) {
    out.push_back(make(Action::custom_event, FilterType::device_handle, after.device,
                       after.media_present ? io_event::media_arrival : io_event::media_removal));
  }
}

}  // namespace

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

void transition_events(const DeviceState& before, const DeviceState& after, Origin origin,
                       std::uint64_t sequence, std::vector<EventPtr>& out,
                       EventRecycler* recycler) {
  const Maker make{origin, sequence, recycler};
  if (!before.device) {
    if (after.device) arrival(make, after.device, out);
  } else if (!after.device) {
    removal(make, before.device, out);
  } else if (!detail::iequals(before.device->instance_id, after.device->instance_id)) {
    removal(make, before.device, out);
    arrival(make, after.device, out);
  } else {
    update(make, before, after, out);
  }
}

void changed_events(const DevicePtr& device, std::span<const EventProperty> properties,
                    ChangeInterest interest, std::uint64_t sequence, EventRecycler& recycler,
                    std::vector<EventPtr>& out) {
  // Every field is set: a recycled event must carry nothing of its previous use. Strings and
  // pairs are assigned in place, so a recycled event's capacity is reused.
  auto add = [&](FilterType type, const Guid& guid, const std::string& link) {
    std::shared_ptr<Event> event = reused_event(recycler);
    event->action = Action::changed;
    event->filter_type = type;
    event->origin = Origin::live;
    event->class_guid = guid;
    event->symbolic_link.assign(link);
    event->device = device;
    event->sequence = sequence;
    auto& pairs = event->event_properties;
    // Sized once: growing the vector pair by pair cost an allocation per pair.
    if (pairs.capacity() < properties.size()) pairs.reserve(properties.size());
    std::size_t n = 0;
    for (const auto& [key, value] : properties) {
      if (n < pairs.size()) {
        assign_in_place(pairs[n].first, key);
        assign_in_place(pairs[n].second, value);
      } else {
        pairs.emplace_back(key, value);
      }
      ++n;
    }
    pairs.erase(pairs.begin() + static_cast<std::ptrdiff_t>(n), pairs.end());
    out.push_back(std::move(event));
  };
  // Only the kinds someone listens to: the others would be built and routed to nobody.
  if (interest.device_instance) add(FilterType::device_instance, Guid{}, {});
  if (interest.device_handle) add(FilterType::device_handle, Guid{}, {});
  if (interest.device_interface) {
    for (const DeviceInterface& i : device->interfaces)
      add(FilterType::device_interface, i.class_guid, i.symbolic_link);
  }
}

}  // namespace cmnotify::engine
