#include "engine/filter_spec.hpp"

#include "engine/registry.hpp"

namespace cmnotify::engine {

bool filter_matches(const FilterSpec& filter, bool wants_changes, const Event& event) {
  if (event.action == Action::changed && !wants_changes) return false;
  if (event.filter_type != filter.type) return false;
  switch (filter.type) {
    case FilterType::device_interface: return filter.all || filter.class_guid == event.class_guid;
    case FilterType::device_instance:
      return filter.all || detail::iequals(filter.instance_id, event.device->instance_id);
    case FilterType::device_handle: return filter.device_key == event.device->syspath;
  }
  return false;
}

}  // namespace cmnotify::engine
