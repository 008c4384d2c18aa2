// The notifications a device's arrival or removal produces, in the order Windows gives them.
// One place for this rule: the Linux source uses it for add/remove and for resynchronisation,
// the engine for the present devices of a new registration.
#pragma once

#include <cstdint>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/event.hpp"
#include "engine/device_source.hpp"

namespace cmnotify::engine {

// DEVICEINSTANCEENUMERATED, DEVICEINSTANCESTARTED (if started), then DEVICEINTERFACEARRIVAL for
// each interface: a driver enables its interfaces when it starts the device.
void arrival_events(const DevicePtr& device, Origin origin, std::uint64_t sequence,
                    std::vector<EventPtr>& out);

// DEVICEINTERFACEREMOVAL for each interface, DEVICEREMOVECOMPLETE for handle registrations, then
// DEVICEINSTANCEREMOVED.
void removal_events(const DevicePtr& device, Origin origin, std::uint64_t sequence,
                    std::vector<EventPtr>& out);

// DEVICEINSTANCESTARTED alone (a driver bound to a device already enumerated).
EventPtr started_event(const DevicePtr& device, Origin origin, std::uint64_t sequence);

// One event of any kind for `device`; the building block of the above.
EventPtr make_event(Action action, FilterType type, const DevicePtr& device, Origin origin,
                    std::uint64_t sequence, const Guid& guid = {}, std::string symbolic_link = {});

}  // namespace cmnotify::engine
