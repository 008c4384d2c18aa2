// The JSON the command writes (docs/cli.md documents it; "schema" changes when a field's meaning
// does). Keys are always present; null means "does not apply" or "not known".
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/event_order.hpp"
#include "cli/monitor_report.hpp"
#include "cli/names.hpp"
#include "cmnotify/device.hpp"

namespace cmnotify::cli {

inline constexpr int kJsonSchema = 1;

using Json = nlohmann::ordered_json;

// A device, as list and info write it. Properties only when asked for.
[[nodiscard]] Json device_json(const Device& device, ClassNames& names, bool properties);

// One monitor event record ("type": "event").
[[nodiscard]] Json event_json(const Received& received, ClassNames& names, bool properties);

// monitor's first and last records ("type": "start" and "end"), written at `time`.
[[nodiscard]] Json start_json(const MonitorStart& start,
                              std::chrono::system_clock::time_point time);
[[nodiscard]] Json end_json(const MonitorEnd& end, std::chrono::system_clock::time_point time);

// One line of output: compact, invalid UTF-8 (device properties are bytes) replaced, not fatal.
[[nodiscard]] std::string json_line(const Json& json);

}  // namespace cmnotify::cli
