// The rules for device instance ID strings (identities.md), in one place for every layer.
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

}  // namespace cmnotify::detail
