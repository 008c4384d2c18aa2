#include "cli/text_format.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <vector>

#include "cli/display_text.hpp"
#include "cli/summary.hpp"
#include "cli/time_format.hpp"

namespace cmnotify::cli {
namespace {

constexpr std::size_t kTimeWidth = 12;    // "14:03:12.345"
constexpr std::size_t kActionWidth = 24;  // "DEVICEINSTANCEENUMERATED"
constexpr std::size_t kDeviceWidth = 40;  // fits most instance IDs
constexpr std::size_t kLabelWidth = 21;   // "  interface classes  ", the summaries' labels

constexpr std::size_t kUnlimitedSummary = 79;  // the summaries' value width in a pipe
// Narrower than the labels and this many columns for the values, the values go under their label.
constexpr std::size_t kLeastValueWidth = 40;
constexpr std::size_t kValueIndent = 4;  // values under their label
// fold_counts without "+N more": the end summary shows every count.
constexpr std::size_t kAllLines = std::numeric_limits<std::size_t>::max();

// Where a summary's values go: after the label column, or under the label on a narrow terminal.
struct SummaryLayout {
  std::size_t columns = 0;                // the terminal's width; 0 in a pipe (no limit)
  std::size_t width = kUnlimitedSummary;  // for the values: counts are folded to this
  bool values_under_labels = false;
};

SummaryLayout summary_layout(const Terminal& terminal) noexcept {
  if (terminal.columns <= 0) return {};
  const auto columns = static_cast<std::size_t>(terminal.columns);
  if (columns >= kLabelWidth + kLeastValueWidth) return {columns, columns - kLabelWidth, false};
  // Even a very narrow terminal gets a few columns of values (broken up, never cut).
  return {columns, std::max<std::size_t>(columns, kValueIndent + 8) - kValueIndent, true};
}

// "label  line", then the further lines under the first, aligned; on a narrow terminal the label
// on a line of its own and the values under it. A line too long is wrapped, never cut.
void add_section(std::string& text, std::string_view label, const std::vector<std::string>& lines,
                 const SummaryLayout& layout) {
  const std::size_t wrap = layout.columns == 0 ? 0 : layout.width;
  if (layout.values_under_labels && !lines.empty())
    text += cut_end("  " + std::string(label), layout.columns) + "\n";
  bool first = !layout.values_under_labels;
  for (const std::string& line : lines)
    for (const std::string& piece : wrap_words(printable(line), wrap)) {
      text += layout.values_under_labels ? std::string(kValueIndent, ' ')
                                         : pad(first ? "  " + std::string(label) : "", kLabelWidth);
      text += piece + "\n";
      first = false;
    }
}

// Phrases joined by ", " in lines of at most `width` columns (0: one line), broken between
// phrases (a phrase longer than a line is wrapped by add_section).
std::vector<std::string> fold_phrases(const std::vector<std::string>& phrases, std::size_t width) {
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    const std::string item = phrases[i] + (i + 1 < phrases.size() ? "," : "");
    std::string& line = lines.back();
    if (line.empty() || width == 0 || display_width(line) + 1 + display_width(item) <= width) {
      line += (line.empty() ? "" : " ") + item;
    } else {
      lines.push_back(item);
    }
  }
  return lines;
}

// "a, b, c" as {"a", "b", "c"}.
std::vector<std::string> split_phrases(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t comma; (comma = text.find(", ", start)) != std::string::npos; start = comma + 2)
    out.push_back(text.substr(start, comma - start));
  out.push_back(text.substr(start));
  return out;
}

// A summary's first line, wrapped to the terminal's width (whole in a pipe), further lines
// indented.
std::string title(const std::string& text, const Style& style, const Terminal& terminal) {
  const std::size_t columns = terminal.columns > 0 ? static_cast<std::size_t>(terminal.columns) : 0;
  std::string out;
  for (const std::string& line : wrap_indented(printable(text), columns))
    out += style.bold(line) + "\n";
  return out;
}

std::string plural(std::uint64_t n, const std::string& noun, const std::string& nouns = "") {
  return std::to_string(n) + " " + (n == 1 ? noun : nouns.empty() ? noun + "s" : nouns);
}

// --source udev: whether udevd ran ("not running at start", "back at 12:00:03", ...).
std::vector<std::string> udevd_phrases(const std::vector<UdevdPeriod>& periods) {
  if (periods.size() == 1)
    return {periods[0].running ? "running throughout"
                               : "NOT running: the udev group carried no events"};
  std::vector<std::string> out;
  for (const UdevdPeriod& p : periods) {
    if (out.empty())
      out.push_back(p.running ? "running at start" : "NOT running at start");
    else
      out.push_back((p.running ? "back at " : "stopped at ") + clock_time(p.since));
  }
  out.push_back("no events while it was not running");
  return out;
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

// The action's name in its column (or cut to `width` in a stacked layout), coloured by kind.
std::string coloured_action(Action action, const Style& style, std::size_t width = 0) {
  const std::string text =
      width == 0 ? pad(to_string(action), kActionWidth) : cut_end(to_string(action), width);
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
      out += printable(key) + "=" + printable(value);
    }
    out += ")";
  }
  if (e.origin == Origin::resync) out += out.empty() ? "[resync]" : " [resync]";
  return out;
}

// How an event line shares out the width of the terminal. 0 widths: no limit (not a terminal).
struct EventColumns {
  std::size_t device = 0;  // the instance ID or symbolic link, with its note
  std::size_t where = 0;   // the node or sysfs path
  bool stacked = false;    // too narrow for one line: time and action, device, node
};

EventColumns event_columns(std::size_t columns) {
  if (columns == 0) return {};
  constexpr std::size_t kFixed = kTimeWidth + 1 + kActionWidth + 1 + 2;  // and the gaps
  constexpr std::size_t kLeast = 26;  // below this, a device and a node do not both fit
  if (columns < kFixed + kLeast) return {.stacked = true};
  const std::size_t rest = columns - kFixed;
  const std::size_t where = std::clamp<std::size_t>(rest * 2 / 5, 10, 40);
  return {.device = rest - where, .where = where};
}

// "device (note)" in at most `width` columns (0: no limit): the device is cut, the note kept (it
// names the class, which the end of a cut symbolic link would have shown).
std::string with_note(const std::string& device, const std::string& note, std::size_t width) {
  if (note.empty()) return width == 0 ? device : cut_end(device, width);
  if (width == 0) return device + " " + note;
  const std::size_t note_width = display_width(note) + 1;
  if (note_width + 8 > width) return cut_end(device + " " + note, width);
  return cut_end(device, width - note_width) + " " + note;
}

}  // namespace

std::string start_text(const MonitorStart& start, const Style& style, const Terminal& terminal) {
  const SummaryLayout layout = summary_layout(terminal);
  const std::size_t width = layout.width;
  const auto subsystem_lines = static_cast<std::size_t>(std::clamp((terminal.rows - 10) / 3, 1, 6));
  const PresentSummary& devices = start.devices;
  std::string text = title("cmnotify monitor: " + std::to_string(devices.devices) +
                               " devices present (source: " + start.source + ")",
                           style, terminal);
  const auto class_lines = fold_counts(devices.interface_classes, width, 3);
  add_section(text, "interface classes",
              class_lines.empty() ? std::vector<std::string>{"(none)"} : class_lines, layout);
  add_section(text, "Linux subsystems", fold_counts(devices.subsystems, width, subsystem_lines),
              layout);
  std::vector<std::string> watching;
  for (const MonitorStart::Watching& w : start.watching) watching.push_back(w.description);
  add_section(text, "watching", watching, layout);
  std::string mode = start.present ? "present devices first, then live events" : "live events";
  mode += start.changes ? ", CHANGED included" : " (CHANGED with --changes)";
  add_section(text, "showing", {mode}, layout);
  std::string stop = "Ctrl-C";
  if (start.count) stop += ", or after " + plural(*start.count, "event");
  if (start.timeout) stop += ", or after " + seconds_text(*start.timeout);
  add_section(text, "stop with", {stop}, layout);
  text += event_header(style, static_cast<std::size_t>(terminal.columns));
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
  const SummaryLayout layout = summary_layout(terminal);
  const std::size_t width = layout.width;
  const SourceStats& s = end.source;
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1f s", end.seconds);  // "12.3 s"
  std::string text;
  if (end.reason == EndReason::signal && terminal.is_tty) text += "\n";  // after the "^C" echo
  text += title(
      "cmnotify monitor: " + plural(end.events, "event") + " in " + duration + " (" + why + ")",
      style, terminal);
  std::vector<Count> actions;
  for (const auto& [action, n] : end.actions)
    actions.push_back({std::string(to_string(action)), n});
  std::vector<std::string> lines = fold_counts(actions, width, kAllLines);
  if (lines.empty()) lines.emplace_back("(none)");
  add_section(text, "per action", lines, layout);
  auto phrases = [&](std::string_view label, const std::vector<std::string>& items) {
    add_section(text, label, fold_phrases(items, layout.columns == 0 ? 0 : width), layout);
  };
  std::vector<std::string> source = split_phrases(s.description);
  source.push_back("receive buffer " + size_text(s.receive_buffer_bytes));
  source.push_back(std::to_string(s.devices) + " devices");
  phrases("source", source);
  if (!end.udevd.empty()) phrases("udevd", udevd_phrases(end.udevd));
  phrases("messages",
          {std::to_string(s.messages) + " received", std::to_string(s.accepted) + " accepted",
           std::to_string(s.rejected) + " rejected"});
  // Which copy of each uevent was used (the `source` line says when each group was in use).
  phrases("groups", {std::to_string(s.from_kernel) + " from kernel",
                     std::to_string(s.from_udev) + " from udev",
                     std::to_string(s.duplicates) + " duplicates dropped",
                     std::to_string(s.udev_late) + " late from udevd",
                     plural(s.group_switches, "switch", "switches")});
  std::vector<Count> causes;
  s.rejections.for_each([&](std::string_view cause, std::uint64_t n) {
    if (n > 0) causes.push_back({std::string(cause), static_cast<std::size_t>(n)});
  });
  add_section(text, "rejected", fold_counts(causes, width, kAllLines), layout);
  phrases("overflows",
          {std::to_string(s.overflows) + " recovered by " + plural(s.resyncs, "resync"),
           "which delivered " + plural(s.resync_events, "event")});
  return text;
}

const std::string& linux_name(const Device& device) noexcept {
  return device.devnode.empty() ? device.syspath : device.devnode;
}

std::string event_header(const Style& style, std::size_t columns) {
  const EventColumns c = event_columns(columns);
  if (c.stacked) {  // as the events are: time and action, then the device, then the node
    const std::string indent(kTimeWidth + 1, ' ');
    return style.dim(cut_end("TIME         ACTION", columns)) + "\n" +
           style.dim(cut_end(indent + "DEVICE", columns)) + "\n" +
           style.dim(cut_end(indent + "NODE or SYSPATH", columns)) + "\n";
  }
  const std::string device_label =
      c.device >= 36 || c.device == 0 ? "INSTANCE ID or SYMBOLIC LINK (CLASS)" : "DEVICE";
  const std::string where_label = c.where >= 15 || c.where == 0 ? "NODE or SYSPATH" : "NODE";
  return style.dim(pad("TIME", kTimeWidth) + " " + pad("ACTION", kActionWidth) + " " +
                   pad(device_label, c.device == 0 ? kDeviceWidth : c.device) + "  " +
                   where_label) +
         "\n";
}

std::string properties_text(const Device& device, const Style& style, std::size_t columns) {
  constexpr std::size_t kIndent = kTimeWidth + 1;
  std::string text;
  for (const auto& [key, value] : device.properties) {
    const std::string line = printable(key) + "=" + printable(value);
    text += std::string(kIndent, ' ') +
            style.dim(columns > kIndent ? cut_end(line, columns - kIndent) : line) + "\n";
  }
  return text;
}

std::string event_text(const Received& r, const Style& style, ClassNames& names,
                       std::size_t columns) {
  const Event& e = r.event;
  const bool present = e.origin == Origin::present;
  const std::string when = present ? style.dim(pad("present", kTimeWidth)) : clock_time(r.time);
  const bool interface_event =
      e.filter_type == FilterType::device_interface && !e.symbolic_link.empty();
  const std::string device = printable(interface_event ? e.symbolic_link : e.device->instance_id);
  const std::string extra = note(e, names);
  const std::string where = printable(linux_name(*e.device));
  const EventColumns c = event_columns(columns);
  if (c.stacked) {
    const std::size_t indent = kTimeWidth + 1;
    return when + " " + coloured_action(e.action, style, columns - indent) + "\n" +
           std::string(indent, ' ') + with_note(device, extra, columns - indent) + "\n" +
           std::string(indent, ' ') + style.cyan(cut_start(where, columns - indent)) + "\n";
  }
  if (c.device == 0)
    return when + " " + coloured_action(e.action, style) + " " +
           pad(with_note(device, extra, 0), kDeviceWidth) + "  " + style.cyan(where) + "\n";
  // The columns are where the values start when they fit; a line whose values do not fit them
  // but fit the line together is shown whole; only a line too long for the terminal is cut.
  const std::size_t both = c.device + c.where;
  const std::size_t full = display_width(with_note(device, extra, 0));
  std::size_t where_width =
      std::min(display_width(where), std::max(c.where, both - std::min(full, both)));
  const std::size_t device_width = both - where_width;
  const std::string shown = with_note(device, extra, device_width);
  const std::size_t column = std::max(display_width(shown), std::min(c.device, device_width));
  return when + " " + coloured_action(e.action, style) + " " + pad(shown, column) + "  " +
         style.cyan(cut_start(where, both - column)) + "\n";
}

}  // namespace cmnotify::cli
