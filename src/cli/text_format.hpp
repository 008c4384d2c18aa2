// The human-readable forms: one line per monitor event, and small layout helpers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cli/event_order.hpp"
#include "cli/monitor_report.hpp"
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

// monitor's opening summary (the present devices, what it watches, how it stops, then the header
// of the event lines) and its closing one (why it stopped, the events per action, the source's
// counters; empty when the output was closed). Both fit the terminal's width.
[[nodiscard]] std::string start_text(const MonitorStart& start, const Style& style,
                                     const Terminal& terminal);
[[nodiscard]] std::string end_text(const MonitorEnd& end, const Style& style,
                                   const Terminal& terminal);

// The Linux name people know a device by: its node, else its sysfs path.
[[nodiscard]] const std::string& linux_name(const Device& device) noexcept;

// `text` padded with spaces to `width` characters (never cut).
[[nodiscard]] std::string pad(std::string_view text, std::size_t width);

}  // namespace cmnotify::cli
