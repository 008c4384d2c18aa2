// The human-readable forms: one line per monitor event, and small layout helpers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cli/display_text.hpp"
#include "cli/event_order.hpp"
#include "cli/monitor_report.hpp"
#include "cli/names.hpp"
#include "cli/terminal.hpp"
#include "cmnotify/device.hpp"

namespace cmnotify::cli {

// "TIME  ACTION  DEVICE  LINUX": the header above monitor's event lines, as wide as the lines
// below it for `columns` (0: no limit).
[[nodiscard]] std::string event_header(const Style& style, std::size_t columns = 0);

// One event (ends in '\\n'): local time with milliseconds ("present" for a device that was
// already there), the CM_NOTIFY_ACTION name, the instance ID (or, for interface events, the
// symbolic link and the class name), and the device node or sysfs path, each made printable.
// With `columns` 0 (not a terminal) every value is whole and the columns are aligned as far as
// the values allow. Otherwise no line is wider than `columns`: the columns are shared out for the
// width, a long instance ID or link is cut at its end and a path at its start (with "..."), and
// below 66 columns the event takes three lines (time and action; device; node), each cut to fit.
[[nodiscard]] std::string event_text(const Received& received, const Style& style,
                                     ClassNames& names, std::size_t columns = 0);

// The device's properties, one "KEY=VALUE" line each under an event line (monitor --properties),
// printable and cut to `columns` (0: whole).
[[nodiscard]] std::string properties_text(const Device& device, const Style& style,
                                          std::size_t columns = 0);

// monitor's opening summary (the present devices, what it watches, how it stops, then the header
// of the event lines) and its closing one (why it stopped, the events per action, the source's
// counters; empty when the output was closed). Both fit the terminal's width.
[[nodiscard]] std::string start_text(const MonitorStart& start, const Style& style,
                                     const Terminal& terminal);
[[nodiscard]] std::string end_text(const MonitorEnd& end, const Style& style,
                                   const Terminal& terminal);

// The Linux name people know a device by: its node, else its sysfs path.
[[nodiscard]] const std::string& linux_name(const Device& device) noexcept;

}  // namespace cmnotify::cli
