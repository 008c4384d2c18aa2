// The rules for device instance ID strings (identities.md), in one place for every layer: what
// a valid ID is, its stored (upper-case) form, and how IDs compare.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cmnotify::detail {

inline constexpr std::size_t kMaxDeviceIdLen = 200;  // MAX_DEVICE_ID_LEN, including the NUL

// Non-empty, shorter than MAX_DEVICE_ID_LEN characters, every character in 0x21..0x7F, no ','.
[[nodiscard]] bool is_valid_instance_id(std::string_view id) noexcept;

// ASCII upper-case copy: Windows stores instance IDs upper-case.
[[nodiscard]] std::string to_upper_ascii(std::string_view s);

// The one case-insensitive comparison. Windows compares instance IDs, and the symbolic links,
// enumerator, service and class names built from them or typed next to them, ASCII
// case-insensitively; other bytes compare as they are, whatever the locale.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] bool istarts_with(std::string_view text, std::string_view prefix) noexcept;
// The order that agrees with iequals: byte order of the ASCII upper-case forms (the order in
// which the C API lists devices: CM_Get_Child / CM_Get_Sibling, SetupDi sets).
[[nodiscard]] bool iless(std::string_view a, std::string_view b) noexcept;

// Hashing and equality for unordered containers keyed by instance ID; they agree with iequals.
struct CaseInsensitiveHash {
  [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept;
};
struct CaseInsensitiveEqual {
  [[nodiscard]] bool operator()(std::string_view a, std::string_view b) const noexcept {
    return iequals(a, b);
  }
};

}  // namespace cmnotify::detail
