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

// An instance ID's enumerator: its first component, up to the first '\' ("USB" of
// "USB\VID_046D&PID_0826\9DC49FA0"), or the whole ID when it has none. One rule, so that
// DEVPKEY_Device_EnumeratorName, CM_Enumerate_Enumerators' list, whether an enumerator is known
// here and the subsystems the Linux source reads for an ID agree. The case is kept (compare with
// iequals); an ID that is empty or begins with '\' has an empty enumerator, which names none.
[[nodiscard]] constexpr std::string_view enumerator_of(std::string_view id) noexcept {
  return id.substr(0, id.find('\\'));
}

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
