#include "cli/text_format.hpp"

#include <algorithm>

#include "cli/time_format.hpp"

namespace cmnotify::cli {
namespace {

constexpr std::size_t kTimeWidth = 12;    // "14:03:12.345"
constexpr std::size_t kActionWidth = 24;  // "DEVICEINSTANCEENUMERATED"
constexpr std::size_t kDeviceWidth = 40;  // fits most instance IDs

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
