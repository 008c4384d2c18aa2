#include "cmnotify/event.hpp"

namespace cmnotify {

std::string_view to_string(Action action) noexcept {
  switch (action) {
    case Action::interface_arrival: return "DEVICEINTERFACEARRIVAL";
    case Action::interface_removal: return "DEVICEINTERFACEREMOVAL";
    case Action::query_remove: return "DEVICEQUERYREMOVE";
    case Action::query_remove_failed: return "DEVICEQUERYREMOVEFAILED";
    case Action::remove_pending: return "DEVICEREMOVEPENDING";
    case Action::remove_complete: return "DEVICEREMOVECOMPLETE";
    case Action::custom_event: return "DEVICECUSTOMEVENT";
    case Action::instance_enumerated: return "DEVICEINSTANCEENUMERATED";
    case Action::instance_started: return "DEVICEINSTANCESTARTED";
    case Action::instance_removed: return "DEVICEINSTANCEREMOVED";
    case Action::changed: return "CHANGED";
  }
  return "UNKNOWN";
}

std::string_view to_string(FilterType type) noexcept {
  switch (type) {
    case FilterType::device_interface: return "DEVICEINTERFACE";
    case FilterType::device_handle: return "DEVICEHANDLE";
    case FilterType::device_instance: return "DEVICEINSTANCE";
  }
  return "UNKNOWN";
}

std::string_view to_string(Origin origin) noexcept {
  switch (origin) {
    case Origin::live: return "live";
    case Origin::present: return "present";
    case Origin::resync: return "resync";
  }
  return "unknown";
}

}  // namespace cmnotify
