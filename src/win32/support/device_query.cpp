#include "win32/support/device_query.hpp"

#include "common/instance_id.hpp"
#include "engine/engine.hpp"

namespace cmnotify::win32 {

ArgError read_arg(const wchar_t* s, std::size_t max, std::string& out) {
  const auto length = bounded_length(s, max);
  if (!length) return ArgError::unterminated;
  if (!utf8_from_wide(std::wstring_view(s, *length), out)) return ArgError::not_unicode;
  return ArgError::none;
}

ArgError read_arg(const char* s, std::size_t max, std::string& out) {
  const auto length = bounded_length(s, max);
  if (!length) return ArgError::unterminated;
  out.assign(s, *length);
  return ArgError::none;
}

Cr present_devices(std::vector<DevicePtr>& out) {
  return engine::Engine::instance().present_devices(out);
}

bool under_enumerator(std::string_view id, std::string_view filter) {
  return detail::iequals(id, filter) || (detail::istarts_with(id, filter) &&
                                         id.size() > filter.size() && id[filter.size()] == '\\');
}

Cr known_enumerator(std::string_view filter, bool& known) {
  known = false;
  if (filter.find('\\') != std::string_view::npos) return Cr::success;
  return engine::Engine::instance().knows_enumerator(filter, known);
}

const Device* find_device(const std::vector<DevicePtr>& devices, std::string_view instance_id) {
  for (const DevicePtr& d : devices)
    if (detail::iequals(d->instance_id, instance_id)) return d.get();
  return nullptr;
}

}  // namespace cmnotify::win32
