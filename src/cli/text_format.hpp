// The human-readable forms: one line per monitor event, and small layout helpers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cli/event_order.hpp"
#include "cli/names.hpp"
#include "cli/terminal.hpp"
#include "cmnotify/device.hpp"

namespace cmnotify::cli {

// "TIME  ACTION  DEVICE  LINUX": the header above monitor's event lines.
[[nodiscard]] std::string event_header(const Style& style);

// One event, one line (ends in '\\n'): local time with milliseconds ("present" for a device that
// was already there), the CM_NOTIFY_ACTION name, the instance ID (or, for interface events, the
// symbolic link and the class name), and the device node or sysfs path. Columns are aligned as
// far as that keeps the line within `columns` (0: no limit).
[[nodiscard]] std::string event_text(const Received& received, const Style& style,
                                     ClassNames& names, std::size_t columns = 0);

// The Linux name people know a device by: its node, else its sysfs path.
[[nodiscard]] const std::string& linux_name(const Device& device) noexcept;

// `text` padded with spaces to `width` characters (never cut).
[[nodiscard]] std::string pad(std::string_view text, std::size_t width);

}  // namespace cmnotify::cli
