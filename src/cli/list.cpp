// cmnotify list: the present devices, flat or as the parent/child tree.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/errors.hpp"
#include "cli/json_format.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"
#include "cli/text_format.hpp"
#include "cmnotify/cmnotify.hpp"

namespace cmnotify::cli {
namespace {

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

std::string flat_entry(const Device& d, const Style& style, ClassNames& names, bool properties) {
  std::string text = style.bold(d.instance_id);
  if (!d.description.empty()) text += "  " + d.description;
  text +=
      "\n    " + style.cyan(d.devnode.empty() ? d.syspath : d.devnode + "  " + d.syspath) + "\n";
  std::size_t width = 0;
  for (const DeviceInterface& i : d.interfaces)
    width = std::max(width, names.name(i.class_guid).size());
  for (const DeviceInterface& i : d.interfaces) {
    const std::string& name = names.name(i.class_guid);
    text += "    " + pad(name.empty() ? "(class)" : name, std::max<std::size_t>(width, 7)) + "  " +
            i.symbolic_link + "\n";
  }
  if (properties)
    for (const auto& [key, value] : d.properties)
      text += "    " + style.dim(key + "=" + value) + "\n";
  return text;
}

void tree_text(const Children& children, const std::string& parent, const std::string& prefix,
               const Style& style, ClassNames& names, std::string& out) {
  const auto it = children.find(parent);
  if (it == children.end()) return;
  const std::vector<DevicePtr>& list = it->second;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Device& d = *list[i];
    const bool root = parent.empty();
    const bool last = i + 1 == list.size();
    std::string line = prefix + (root ? "" : (last ? "`-- " : "|-- ")) + style.bold(d.instance_id);
    if (!d.description.empty()) line += "  " + style.dim(d.description);
    if (const std::string classes = named_classes(d, names); !classes.empty())
      line += "  " + classes;
    if (!d.devnode.empty()) line += "  " + style.cyan(d.devnode);
    out += line + "\n";
    tree_text(children, d.instance_id, root ? "" : prefix + (last ? "    " : "|   "), style, names,
              out);
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

}  // namespace

int run_list(const ListOptions& options) {
  const Selection selection = Selection::resolve(options.selection);
  const std::vector<DevicePtr> devices = selection.present_devices();
  ClassNames names;
  Output out;
  if (options.json) {
    Json j;
    j["schema"] = kJsonSchema;
    j["type"] = "list";
    if (options.tree) {
      j["devices"] = tree_json(children_of(devices), "", names, options.properties);
    } else {
      Json list = Json::array();
      for (const DevicePtr& d : devices) list.push_back(device_json(*d, names, options.properties));
      j["devices"] = std::move(list);
    }
    out.write(json_line(j));
    return kExitOk;
  }
  const Style style(detect_terminal(false).colour);
  std::string text;
  if (options.tree) {
    tree_text(children_of(devices), "", "", style, names, text);
  } else {
    for (const DevicePtr& d : devices) text += flat_entry(*d, style, names, options.properties);
  }
  out.write(text);
  return kExitOk;
}

}  // namespace cmnotify::cli
