#include "cli/names.hpp"

#include <utility>

#include "cmnotify/interface_classes.hpp"

namespace cmnotify::cli {

const std::string& ClassNames::name(const Guid& interface_class) {
  auto it = cache_.find(interface_class);
  if (it == cache_.end())
    it = cache_.emplace(interface_class, interface_class_name(interface_class)).first;
  return it->second;
}

std::string custom_event_name(const Guid& event_guid) {
  if (event_guid == io_event::media_arrival) return "GUID_IO_MEDIA_ARRIVAL";
  if (event_guid == io_event::media_removal) return "GUID_IO_MEDIA_REMOVAL";
  if (event_guid == io_event::volume_change) return "GUID_IO_VOLUME_CHANGE";
  return {};
}

}  // namespace cmnotify::cli
