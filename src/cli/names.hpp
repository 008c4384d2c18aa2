// Names for the GUIDs the command prints: interface classes, setup classes and custom events.
#pragma once

#include <string>
#include <unordered_map>

#include "cmnotify/guid.hpp"

namespace cmnotify::cli {

// interface_class_name(), remembered: it lists the Linux subsystems on every call.
class ClassNames {
 public:
  // "net", "subsystem:block", or "" for a GUID nothing names.
  const std::string& name(const Guid& interface_class);

 private:
  std::unordered_map<Guid, std::string> cache_;
};

// Microsoft's name of a system-defined setup class ("Net", "DiskDrive"), or "": the public
// cmnotify::setup_class_name (the device model's one table).

// "GUID_IO_MEDIA_ARRIVAL" and the other ioevent.h names, or "".
[[nodiscard]] std::string custom_event_name(const Guid& event_guid);

}  // namespace cmnotify::cli
