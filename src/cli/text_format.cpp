#include "cli/text_format.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "cli/summary.hpp"
#include "cli/time_format.hpp"

namespace cmnotify::cli {
namespace {

constexpr std::size_t kTimeWidth = 12;    // "14:03:12.345"
constexpr std::size_t kActionWidth = 24;  // "DEVICEINSTANCEENUMERATED"
constexpr std::size_t kDeviceWidth = 40;  // fits most instance IDs
constexpr std::size_t kLabelWidth = 21;   // "  interface classes  ", the summaries' labels

// Columns left for the values after the summaries' labels.
std::size_t summary_width(const Terminal& terminal) noexcept {
  return static_cast<std::size_t>(std::max(terminal.columns, 60)) - kLabelWidth;
}

// "label  line", then the further lines under the first, aligned.
void add_section(std::string& text, std::string_view label, const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    text += pad(i == 0 ? "  " + std::string(label) : "", kLabelWidth) + lines[i] + "\n";
}

std::string plural(std::uint64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", seconds);
  return text;
}

std::string size_text(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string coloured_action(Action action, const Style& style) {
  const std::string text = pad(to_string(action), kActionWidth);
  switch (action) {
    case Action::interface_arrival:
    case Action::instance_enumerated:
    case Action::instance_started: return style.green(text);
    case Action::interface_removal:
    case Action::instance_removed:
    case Action::remove_complete:
    case Action::remove_pending: return style.red(text);
    case Action::custom_event: return style.magenta(text);
    case Action::changed:
    case Action::query_remove:
    case Action::query_remove_failed: return style.yellow(text);
  }
  return text;
}

// What the event says beyond the device: the interface class, the custom event, the keys of a
// change, where it came from.
std::string note(const Event& e, ClassNames& names) {
  std::string out;
  if (e.filter_type == FilterType::device_interface) {
    const std::string& name = names.name(e.class_guid);
    if (!name.empty()) out = "(" + name + ")";
  } else if (e.action == Action::custom_event) {
    const std::string name = custom_event_name(e.class_guid);
    out = "(" + (name.empty() ? e.class_guid.to_string() : name) + ")";
  } else if (e.action == Action::changed && !e.event_properties.empty()) {
    out = "(";
    for (const auto& [key, value] : e.event_properties) {
      if (out.size() > 1) out += ' ';
      out += key + "=" + value;
    }
    out += ")";
  }
  if (e.origin == Origin::resync) out += out.empty() ? "[resync]" : " [resync]";
  return out;
}

}  // namespace

std::string start_text(const MonitorStart& start, const Style& style, const Terminal& terminal) {
  const std::size_t width = summary_width(terminal);
  const auto subsystem_lines = static_cast<std::size_t>(std::clamp((terminal.rows - 10) / 3, 1, 6));
  const PresentSummary& devices = start.devices;
  std::string text =
      style.bold("cmnotify monitor: " + std::to_string(devices.devices) + " devices present") +
      " (source: " + start.source + ")\n";
  const auto class_lines = fold_counts(devices.interface_classes, width, 3);
  add_section(text, "interface classes",
              class_lines.empty() ? std::vector<std::string>{"(none)"} : class_lines);
  add_section(text, "Linux subsystems", fold_counts(devices.subsystems, width, subsystem_lines));
  std::vector<std::string> watching;
  for (const MonitorStart::Watching& w : start.watching) watching.push_back(w.description);
  add_section(text, "watching", watching);
  std::string mode = start.present ? "present devices first, then live events" : "live events";
  mode += start.changes ? ", CHANGED included" : " (CHANGED with --changes)";
  add_section(text, "showing", {mode});
  std::string stop = "Ctrl-C";
  if (start.count) stop += ", or after " + plural(*start.count, "event");
  if (start.timeout) stop += ", or after " + seconds_text(*start.timeout);
  add_section(text, "stop with", {stop});
  text += event_header(style);
  return text;
}

std::string end_text(const MonitorEnd& end, const Style& style, const Terminal& terminal) {
  std::string why;
  switch (end.reason) {
    case EndReason::signal: why = "stopped by " + signal_name(end.signal); break;
    case EndReason::count: why = "--count reached"; break;
    case EndReason::timeout: why = "--timeout reached"; break;
    case EndReason::output_closed: return {};
  }
  const std::size_t width = summary_width(terminal);
  const SourceStats& s = end.source;
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1f s", end.seconds);  // "12.3 s"
  std::string text;
  if (end.reason == EndReason::signal && terminal.is_tty) text += "\n";  // after the "^C" echo
  text += style.bold("cmnotify monitor: " + plural(end.events, "event") + " in " + duration + " (" +
                     why + ")") +
          "\n";
  std::vector<Count> actions;
  for (const auto& [action, n] : end.actions)
    actions.push_back({std::string(to_string(action)), n});
  std::vector<std::string> lines = fold_counts(actions, width, actions.size());
  if (lines.empty()) lines.emplace_back("(none)");
  add_section(text, "per action", lines);
  add_section(text, "source",
              {s.description + ", receive buffer " + size_text(s.receive_buffer_bytes) + ", " +
               std::to_string(s.devices) + " devices"});
  add_section(text, "messages",
              {std::to_string(s.messages) + " received, " + std::to_string(s.accepted) +
               " accepted, " + std::to_string(s.rejected) + " rejected"});
  std::vector<Count> causes;
  s.rejections.for_each([&](std::string_view cause, std::uint64_t n) {
    if (n > 0) causes.push_back({std::string(cause), static_cast<std::size_t>(n)});
  });
  add_section(text, "rejected", fold_counts(causes, width, causes.size()));
  add_section(text, "overflows",
              {std::to_string(s.overflows) + " recovered by " + std::to_string(s.resyncs) +
               " resyncs, which delivered " + std::to_string(s.resync_events) + " events"});
  return text;
}

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

const std::string& linux_name(const Device& device) noexcept {
  return device.devnode.empty() ? device.syspath : device.devnode;
}

std::string event_header(const Style& style) {
  return style.dim(pad("TIME", kTimeWidth) + " " + pad("ACTION", kActionWidth) + " " +
                   pad("INSTANCE ID or SYMBOLIC LINK (CLASS)", kDeviceWidth) +
                   "  NODE or SYSPATH") +
         "\n";
}

std::string event_text(const Received& r, const Style& style, ClassNames& names,
                       std::size_t columns) {
  const Event& e = r.event;
  const bool present = e.origin == Origin::present;
  std::string when = present ? style.dim(pad("present", kTimeWidth)) : clock_time(r.time);
  std::string device = e.filter_type == FilterType::device_interface && !e.symbolic_link.empty()
                           ? e.symbolic_link
                           : e.device->instance_id;
  const std::string extra = note(e, names);
  if (!extra.empty()) device += " " + extra;
  const std::string& where = linux_name(*e.device);
  // Aligned columns, as far as the terminal is wide enough for them without wrapping.
  std::size_t width = kDeviceWidth;
  if (columns != 0) {
    const std::size_t fixed = kTimeWidth + 1 + kActionWidth + 1 + 2 + where.size();
    width = columns > fixed ? std::min(columns - fixed, kDeviceWidth) : 0;
  }
  device = pad(device, width);
  return when + " " + coloured_action(e.action, style) + " " + device + "  " + style.cyan(where) +
         "\n";
}

}  // namespace cmnotify::cli
