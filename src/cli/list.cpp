// cmnotify list: the present devices, flat or as the parent/child tree.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/display_text.hpp"
#include "cli/errors.hpp"
#include "cli/json_format.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"
#include "cli/text_format.hpp"
#include "cmnotify/cmnotify.hpp"

namespace cmnotify::cli {
namespace {

enum class Shade { plain, bold, dim, cyan };

// The devices whose parent is `parent_id`, keyed by parent; roots under "". A device whose parent
// is not listed (filtered out) is a root.
using Children = std::map<std::string, std::vector<DevicePtr>>;

Children children_of(const std::vector<DevicePtr>& devices) {
  std::map<std::string, bool> listed;
  for (const DevicePtr& d : devices) listed[d->instance_id] = true;
  Children out;
  for (const DevicePtr& d : devices)
    out[listed.count(d->parent_instance_id) ? d->parent_instance_id : ""].push_back(d);
  return out;
}

std::string named_classes(const Device& d, ClassNames& names) {
  std::string out;
  for (const DeviceInterface& i : d.interfaces) {
    const std::string& name = names.name(i.class_guid);
    if (name.empty() || name.starts_with("subsystem:")) continue;
    out += out.empty() ? "[" : ", ";
    out += name;
  }
  return out.empty() ? out : out + "]";
}

// Lines of text for a terminal `width` columns wide (0: no limit). Every device value is made
// printable first. A value that does not fit beside what comes before it goes to a line of its
// own (stacked); a value wider than a whole line is cut (the full one: info, or --json).
class Lines {
 public:
  Lines(const Style& style, std::size_t width) : style_(style), width_(width) {}

  // `lead` (spaces, tree branches), then the pieces two spaces apart, stacked two columns in from
  // the lead when they do not fit, or (`stack` false: the tree, whose lines are its drawing) cut.
  void add(const std::string& lead, const std::vector<std::pair<std::string, Shade>>& pieces,
           bool stack = true) {
    const std::size_t indent = display_width(lead);
    std::string line = lead;
    std::size_t used = indent;
    bool first = true;
    for (const auto& [raw, shade] : pieces) {
      if (raw.empty()) continue;
      std::string text = printable(raw);
      const std::size_t gap = first ? 0 : 2;
      if (stack && !first && width_ != 0 && used + gap + display_width(text) > width_) {
        text_ += line + "\n";
        line.assign(indent + 2, ' ');
        used = indent + 2;
      } else {
        if (width_ != 0 && used + gap >= width_) break;  // nothing more fits on the line
        line.append(gap, ' ');
        used += gap;
      }
      if (width_ != 0) text = cut_end(text, width_ > used ? width_ - used : 0);
      used += display_width(text);
      line += shaded(text, shade);
      first = false;
    }
    text_ += line + "\n";
  }
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

 private:
  [[nodiscard]] std::string shaded(const std::string& text, Shade shade) const {
    switch (shade) {
      case Shade::bold: return style_.bold(text);
      case Shade::dim: return style_.dim(text);
      case Shade::cyan: return style_.cyan(text);
      case Shade::plain: break;
    }
    return text;
  }

  const Style& style_;
  std::size_t width_;
  std::string text_;
};

void flat_entry(const Device& d, Lines& lines, ClassNames& names, bool properties) {
  lines.add("", {{d.instance_id, Shade::bold}, {d.description, Shade::plain}});
  lines.add("    ", {{d.devnode, Shade::cyan}, {d.syspath, Shade::cyan}});
  std::size_t width = 7;
  for (const DeviceInterface& i : d.interfaces)
    width = std::max(width, names.name(i.class_guid).size());
  for (const DeviceInterface& i : d.interfaces) {
    const std::string& name = names.name(i.class_guid);
    lines.add("    ", {{pad(name.empty() ? "(class)" : name, width), Shade::plain},
                       {i.symbolic_link, Shade::plain}});
  }
  if (properties)
    for (const auto& [key, value] : d.properties)
      lines.add("    ", {{key + "=" + value, Shade::dim}});
}

void tree_text(const Children& children, const std::string& parent, const std::string& prefix,
               Lines& lines, ClassNames& names) {
  const auto it = children.find(parent);
  if (it == children.end()) return;
  const std::vector<DevicePtr>& list = it->second;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Device& d = *list[i];
    const bool root = parent.empty();
    const bool last = i + 1 == list.size();
    const std::string branch = prefix + (root ? "" : (last ? "`-- " : "|-- "));
    lines.add(branch,
              {{d.instance_id, Shade::bold},
               {d.description, Shade::dim},
               {named_classes(d, names), Shade::plain},
               {d.devnode, Shade::cyan}},
              false);
    tree_text(children, d.instance_id, root ? "" : prefix + (last ? "    " : "|   "), lines, names);
  }
}

Json tree_json(const Children& children, const std::string& parent, ClassNames& names,
               bool properties) {
  Json out = Json::array();
  const auto it = children.find(parent);
  if (it == children.end()) return out;
  for (const DevicePtr& d : it->second) {
    Json entry = device_json(*d, names, properties);
    entry["children"] = tree_json(children, d->instance_id, names, properties);
    out.push_back(std::move(entry));
  }
  return out;
}

// The flat list as one JSON document, written a device at a time rather than built whole: the
// same bytes as json_line() of the whole document, with memory for one device, not thousands.
void write_json_list(Json head, const std::vector<DevicePtr>& devices, ClassNames& names,
                     bool properties, Output& out) {
  constexpr std::size_t kChunk = 64 * 1024;
  head["devices"] = Json::array();  // the last key: its "[]" closes the document with "}"
  std::string text = json_line(head);
  const std::string close = "]}\n";
  text.resize(text.size() - close.size());  // open: ends with "["
  for (std::size_t i = 0; i < devices.size(); ++i) {
    if (i != 0) text += ',';
    std::string item = json_line(device_json(*devices[i], names, properties));
    item.pop_back();  // its newline
    text += item;
    if (text.size() >= kChunk) {
      if (!out.write(text)) return;  // the reader has gone
      text.clear();
    }
  }
  out.write(text + close);
}

}  // namespace

int run_list(const ListOptions& options) {
  const Selection selection = Selection::resolve(options.selection);
  const std::vector<DevicePtr> devices = selection.present_devices();
  if (devices.empty())
    throw RuntimeError(selection.everything() ? "no device is present"
                                              : "no present device matches the filters");
  ClassNames names;
  Output out;
  if (options.json) {
    Json j;
    j["schema"] = kJsonSchema;
    j["type"] = "list";
    if (options.tree) {
      j["devices"] = tree_json(children_of(devices), "", names, options.properties);
      out.write(json_line(j));
      return kExitOk;
    }
    write_json_list(j, devices, names, options.properties, out);
    return kExitOk;
  }
  const Terminal terminal = detect_terminal(false, options.colour);
  const Style style(terminal.colour);
  Lines lines(style, static_cast<std::size_t>(terminal.columns));
  if (options.tree) {
    tree_text(children_of(devices), "", "", lines, names);
  } else {
    for (const DevicePtr& d : devices) flat_entry(*d, lines, names, options.properties);
  }
  out.write(lines.text());
  return kExitOk;
}

}  // namespace cmnotify::cli
