// Shared pieces of the enumeration calls: string arguments, multi-string results and lookups in
// the engine's present devices (the same device map that feeds notifications).
#pragma once

#include <cfgmgr32.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/error.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {

enum class ArgError { none, unterminated, not_unicode };

// Reads a NUL-terminated argument of fewer than `max` characters as UTF-8.
ArgError read_arg(const wchar_t* s, std::size_t max, std::string& out);
ArgError read_arg(const char* s, std::size_t max, std::string& out);

// Reads an optional device instance ID argument: `given` is false for NULL and "". Returns
// Cr::invalid_device_id for one that is too long, not Unicode or malformed.
template <typename Char>
Cr read_instance_id_arg(const Char* s, std::string& out, bool& given) {
  given = false;
  if (s == nullptr) return Cr::success;
  if (read_arg(s, MAX_DEVICE_ID_LEN, out) != ArgError::none) return Cr::invalid_device_id;
  if (out.empty()) return Cr::success;
  given = true;
  return Cr::success;
}

Cr present_devices(std::vector<DevicePtr>& out);
// Whether instance ID `id` belongs to the enumerator (or enumerator\device-id, or whole instance
// ID) `filter`: equal to it, or below it by whole '\\' components, case-insensitively.
[[nodiscard]] bool under_enumerator(std::string_view id, std::string_view filter);
// Whether `filter` names a whole enumerator (no '\\') under which devices can exist here, present
// or not (engine::DeviceSource::knows_enumerator): Windows' key under ...\Enum. An
// enumerator\device-id or an instance ID is never known this way; only present devices name it.
Cr known_enumerator(std::string_view filter, bool& known);
// The present device with this instance ID (case-insensitive), or nullptr.
const Device* find_device(const std::vector<DevicePtr>& devices, std::string_view instance_id);

// Multi-strings: each entry NUL-terminated, then one more NUL. Lengths in characters of Char
// (wchar_t: UTF-32 code units; char: UTF-8 bytes).
template <typename Char>
std::size_t multi_length(const std::vector<std::string>& entries) {
  std::size_t n = 1;
  for (const std::string& e : entries) {
    if constexpr (std::is_same_v<Char, wchar_t>) {
      n += wide_length(e) + 1;
    } else {
      n += e.size() + 1;
    }
  }
  return n;
}

template <typename Char>
void write_multi(const std::vector<std::string>& entries, Char* out) {
  for (const std::string& e : entries) {
    if constexpr (std::is_same_v<Char, wchar_t>) {
      out = write_wide(e, out);
    } else {
      std::memcpy(out, e.data(), e.size());
      out += e.size();
    }
    *out++ = Char{};
  }
  *out = Char{};
}

}  // namespace cmnotify::win32
