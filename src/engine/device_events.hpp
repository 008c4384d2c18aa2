// The notifications a change of a device produces, in the order Windows gives them: the one home
// of this rule. The Linux source's device map calls it for every uevent and every resync, the
// engine for the present devices of a new registration, the in-memory source for its devices.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/event.hpp"
#include "engine/device_source.hpp"
#include "engine/event_recycler.hpp"

namespace cmnotify::engine {

// A device as the rule sees it: its record, and whether it holds a medium (a disk whose medium
// is loaded and ejected while the device stays).
struct DeviceState {
  DevicePtr device;  // null: no device
  bool media_present = false;
};

// The notifications that turn `before` into `after` (the same device key, or no device):
//   none -> device    DEVICEINSTANCEENUMERATED, DEVICEINSTANCESTARTED if started, then an
//                     interface ARRIVAL for each interface (a driver enables its interfaces when
//                     it starts the device)
//   device -> none    an interface REMOVAL for each interface, DEVICEREMOVECOMPLETE (for handle
//                     registrations), DEVICEINSTANCEREMOVED
//   device -> device  under another instance ID: the removal of the one, then the arrival of
//                     the other; else an interface REMOVAL for each interface gone or re-linked,
//                     DEVICEINSTANCESTARTED when a driver bound, an interface ARRIVAL for each
//                     new or re-linked interface, and a media ARRIVAL or REMOVAL custom event
//                     (GUID_IO_MEDIA_*) when the medium was loaded or ejected
//   none -> none      nothing
// With a recycler the events are built on its events (a source's live events: a storm of
// arrivals and removals then allocates none); without, fresh.
void transition_events(const DeviceState& before, const DeviceState& after, Origin origin,
                       std::uint64_t sequence, std::vector<EventPtr>& out,
                       EventRecycler* recycler = nullptr);

// A key and value that describe one change report rather than the device
// (Event::event_properties).
using EventProperty = std::pair<std::string_view, std::string_view>;

// The Action::changed events of `device`, which a change report carrying `properties` touched:
// one for instance registrations, one for handle registrations and one per interface, each only
// if `interest` says that kind of registration listens. Built on `recycler`'s events, so a storm
// of changes does not allocate.
void changed_events(const DevicePtr& device, std::span<const EventProperty> properties,
                    ChangeInterest interest, std::uint64_t sequence, EventRecycler& recycler,
                    std::vector<EventPtr>& out);

// One event of any kind for `device`; the building block of the above.
EventPtr make_event(Action action, FilterType type, const DevicePtr& device, Origin origin,
                    std::uint64_t sequence, const Guid& guid = {}, std::string symbolic_link = {});

}  // namespace cmnotify::engine
