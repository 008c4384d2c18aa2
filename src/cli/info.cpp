// cmnotify info: everything known about one device, in Windows terms and in Linux terms.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/device_path.hpp"
#include "cli/display_text.hpp"
#include "cli/errors.hpp"
#include "cli/json_format.hpp"
#include "cli/output.hpp"
#include "cli/pattern.hpp"
#include "cli/terminal.hpp"
#include "cli/text_format.hpp"
#include "cmnotify/cmnotify.hpp"

namespace cmnotify::cli {
namespace {

constexpr std::size_t kLabel = 19;

DevicePtr by_symbolic_link(const std::string& link) {
  if (DevicePtr device = cmnotify::find_device(link)) return device;
  throw RuntimeError("no present device has the interface " + link);
}

DevicePtr by_instance_id(const std::string& typed) {
  const std::string id = canonical_instance_text(typed);
  try {
    (void)Filter::instance(id);  // validates it
  } catch (const Error&) {
    throw UsageError("not a device instance ID: '" + printable(typed) +
                     "' (1 to 199 characters from 0x21-0x7F, no ',')");
  }
  if (DevicePtr device = cmnotify::find_device(id)) return device;
  std::string message = "no present device has the instance ID " + id;
  if (id.find('\\') == std::string::npos)
    message +=
        " (instance IDs contain backslashes: quote them, 'SWD\\NET\\ETH0', or write / for \\)";
  throw RuntimeError(message);
}

// Text copied from JSON has its backslashes doubled ("SWD\\NET\\LO"): a real instance ID or
// symbolic link never has two in a row (past a link's leading "\\?\\"), so they are undone.
std::string undo_json_escaping(const std::string& what) {
  if (what.starts_with("\\\\?\\") || what.find("\\\\") == std::string::npos) return what;
  std::string out;
  for (std::size_t i = 0; i < what.size(); ++i) {
    out += what[i];
    if (what[i] == '\\' && i + 1 < what.size() && what[i + 1] == '\\') ++i;
  }
  return out;
}

DevicePtr find_device(const std::string& typed) {
  const std::string what = undo_json_escaping(typed);
  if (what.starts_with("\\\\?\\")) return by_symbolic_link(what);
  if (looks_like_path(what)) return DeviceHandle::open(what).present_device();
  // Every instance ID has a backslash (or / for it); a kernel name has neither.
  if (what.find_first_of("\\/") == std::string::npos) {
    if (DevicePtr device = cmnotify::find_device(what)) return device;
    throw RuntimeError("no device is named " + what +
                       " (not a network interface, /dev node or sysfs device name; an instance "
                       "ID has backslashes: quote them, 'SWD\\NET\\LO', or write / for \\)");
  }
  return by_instance_id(what);
}

// Labelled rows. Values are made printable and shown whole (info is where a value is seen in
// full): one that does not fit beside its label on a terminal `width` columns wide goes to the
// lines below it, indented, wrapped at the width (as udevadm-like tools stack a long value), so
// that no line is wider than the terminal and nothing is cut.
class Sheet {
 public:
  Sheet(const Style& style, std::size_t width) : style_(style), width_(width) {}
  void title(std::string_view text) {
    for (const std::string& part : wrap_words(printable(text), width_))
      text_ += style_.bold(part) + "\n";
  }
  void heading(std::string_view title) {
    const std::size_t indent = width_ == 0 ? 2 : std::min<std::size_t>(2, width_ / 4);
    for (const std::string& part : wrap_words(title, width_ == 0 ? 0 : width_ - indent))
      text_ += std::string(indent, ' ') + style_.bold(part) + "\n";
  }
  void row(std::string_view label, const std::string& value) {
    const std::string shown_label = printable(label);
    const std::string lead = "    " + pad(shown_label, std::max(kLabel, shown_label.size() + 2));
    const std::string shown = value.empty() ? std::string() : printable(value);
    if (width_ == 0 ||
        display_width(lead) + std::max<std::size_t>(display_width(shown), 6) <= width_) {
      text_ += lead + (value.empty() ? style_.dim("(none)") : shown) + "\n";
      return;
    }
    if (!label.empty()) indented(4, shown_label);
    indented(6, value.empty() ? "(none)" : shown);
  }
  void rows(std::string_view label, const std::vector<std::string>& values) {
    if (values.empty()) return row(label, "");
    for (std::size_t i = 0; i < values.size(); ++i) row(i == 0 ? label : "", values[i]);
  }
  std::string& text() { return text_; }

 private:
  // `text` on lines of their own, `indent` columns in (less on a terminal too narrow for it).
  void indented(std::size_t indent, const std::string& text) {
    indent = std::min(indent, width_ / 4);
    for (const std::string& part : wrap_words(text, width_ - indent))
      text_ += std::string(indent, ' ') + part + "\n";
  }

  const Style& style_;
  std::size_t width_;
  std::string text_;
};

std::string info_text(const Device& d, const Style& style, std::size_t width, ClassNames& names) {
  Sheet sheet(style, width);
  sheet.title(d.instance_id);
  sheet.heading("Windows identity");
  sheet.row("instance ID", d.instance_id);
  sheet.row("parent", d.parent_instance_id);
  sheet.row("description", d.description);
  sheet.row("manufacturer", d.manufacturer);
  sheet.rows("hardware IDs", d.hardware_ids);
  sheet.rows("compatible IDs", d.compatible_ids);
  const std::string setup(cmnotify::setup_class_name(d.setup_class));
  sheet.row("setup class", d.setup_class.is_null()
                               ? ""
                               : (setup.empty() ? "" : setup + " ") + d.setup_class.to_string());
  sheet.row("status", d.started ? "started" : "not started (no driver bound)");
  sheet.heading("Interfaces");
  if (d.interfaces.empty()) sheet.row("", "");
  for (const DeviceInterface& i : d.interfaces) {
    const std::string& name = names.name(i.class_guid);
    sheet.row(name.empty() ? i.class_guid.to_string() : name, i.symbolic_link);
  }
  sheet.heading("Linux identity");
  sheet.row("syspath", d.syspath);
  sheet.row("parent syspath", d.parent_syspath);
  sheet.row("subsystem", d.subsystem);
  sheet.row("devtype", d.devtype);
  sheet.row("driver", d.driver);
  sheet.row("devnode", d.devnode);
  const bool has_devnum = !d.devnode.empty() || d.major != 0 || d.minor != 0;
  sheet.row("major:minor",
            has_devnum ? std::to_string(d.major) + ":" + std::to_string(d.minor) : "");
  sheet.heading("Properties");
  if (d.properties.empty()) sheet.row("", "");
  for (const auto& [key, value] : d.properties) sheet.row(key, value);
  return sheet.text();
}

}  // namespace

int run_info(const InfoOptions& options) {
  const DevicePtr device = find_device(options.device);
  ClassNames names;
  Output out;
  if (options.json) {
    Json j;
    j["schema"] = kJsonSchema;
    j["type"] = "info";
    j["device"] = device_json(*device, names, true);
    out.write(json_line(j));
  } else {
    const Terminal terminal = detect_terminal(false, options.colour);
    out.write(info_text(*device, Style(terminal.colour), static_cast<std::size_t>(terminal.columns),
                        names));
  }
  return kExitOk;
}

}  // namespace cmnotify::cli
