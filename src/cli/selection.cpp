#include "cli/selection.hpp"

#include <algorithm>
#include <unordered_set>

#include "cli/errors.hpp"
#include "cli/pattern.hpp"
#include "cmnotify/error.hpp"
#include "cmnotify/interface_classes.hpp"
#include "cmnotify/source.hpp"

namespace cmnotify::cli {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Filter::instance's validation also checks patterns: a wildcard stands for one valid character.
void validate_instance_text(const std::string& typed, const std::string& id) {
  std::string probe = id;
  std::replace_if(
      probe.begin(), probe.end(), [](char c) { return c == '*' || c == '?'; }, 'X');
  try {
    (void)Filter::instance(probe);
  } catch (const Error&) {
    throw UsageError("not a device instance ID or pattern: '" + typed +
                     "' (1 to 199 characters from 0x21-0x7F, no ','; '*' and '?' are wildcards)");
  }
}

// A subsystem not on this machine yet ("-i subsystem:sound" before the module loads) has no name
// the library can give back: it keeps the one typed, so the summary still says which it is.
Watch interface_watch(const Guid& guid, const std::string& typed) {
  std::string name = interface_class_name(guid);
  if (name.empty() && typed.size() > 10 && typed.compare(0, 10, "subsystem:") == 0) name = typed;
  return Watch{Filter::interface_class(guid), {}, name, {}, {}};
}

}  // namespace

bool Watch::accepts(const std::string& id) const noexcept {
  if (patterns.empty()) return true;
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return wildcard_match(p, id); });
}

std::string Watch::describe() const {
  switch (filter.type()) {
    case FilterType::device_interface:
      if (filter.all()) return "all interface classes";
      return "interface class " + (class_name.empty() ? "" : class_name + " ") +
             filter.class_guid().to_string();
    case FilterType::device_instance:
      if (!filter.all()) return "instance " + instance_id;
      if (patterns.empty()) return "all instances";
      return "instances matching " + join(patterns, ", ");
    case FilterType::device_handle:
      return "device " + device_path + (instance_id.empty() ? "" : " (" + instance_id + ")");
  }
  return {};
}

std::string unknown_interface_message(const std::string& name) {
  std::vector<std::string> names;
  for (const NamedInterfaceClass& c : named_interface_classes()) names.emplace_back(c.name);
  return "unknown interface class '" + name + "'; use one of " + join(names, ", ") +
         ", an SDK name such as GUID_DEVINTERFACE_DISK, any GUID such as " +
         "{53f56307-b6bf-11d0-94f2-00a0c91efb8b}, or any Linux subsystem on this machine " +
         "(ls /sys/class /sys/bus; subsystem:NAME for one not loaded yet)";
}

Selection Selection::resolve(const SelectionArgs& args) {
  Selection s;
  std::vector<Guid> classes;
  for (const std::string& typed : args.interfaces) {
    const std::string name = trimmed(typed);  // "-i 'disk, partition'"
    const auto guid = find_interface_class(name);
    if (!guid) throw UsageError(unknown_interface_message(name));
    if (guid->is_null())
      throw UsageError("the null GUID names no interface class; leave out --interface to see all");
    if (std::find(classes.begin(), classes.end(), *guid) != classes.end()) continue;
    classes.push_back(*guid);
    s.watches_.push_back(interface_watch(*guid, name));
  }

  std::vector<std::string> patterns;
  std::vector<std::string> exact;
  for (const std::string& typed : args.instances) {
    const std::string id = canonical_instance_text(typed);
    validate_instance_text(typed, id);
    (has_wildcards(id) ? patterns : exact).push_back(id);
  }
  if (!patterns.empty()) s.watches_.push_back(Watch{Filter::all_instances(), patterns, {}, {}, {}});
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const std::string& id = exact[i];
    const bool covered = std::any_of(patterns.begin(), patterns.end(),
                                     [&](const std::string& p) { return wildcard_match(p, id); }) ||
                         std::any_of(exact.begin(), exact.begin() + static_cast<std::ptrdiff_t>(i),
                                     [&](const std::string& e) { return same_instance_id(e, id); });
    if (!covered) s.watches_.push_back(Watch{Filter::instance(id), {}, {}, {}, id});
  }

  for (const std::string& path : args.devices) {
    DeviceHandle handle = DeviceHandle::open(path);
    const std::string id = handle.present_device()->instance_id;  // says so if it is not present
    s.watches_.push_back(Watch{Filter::device(handle.fd()), {}, {}, path, id});
    s.handles_.push_back(std::move(handle));
  }

  if (s.watches_.empty()) {
    s.everything_ = true;
    s.watches_.push_back(Watch{Filter::all_interface_classes(), {}, {}, {}, {}});
    s.watches_.push_back(Watch{Filter::all_instances(), {}, {}, {}, {}});
  }
  return s;
}

const DeviceHandle* Selection::handle_for(const Watch& watch) const noexcept {
  if (watch.filter.type() != FilterType::device_handle) return nullptr;
  for (const DeviceHandle& h : handles_)
    if (h.fd() == watch.filter.fd()) return &h;
  return nullptr;
}

std::vector<DevicePtr> Selection::present_devices() const {
  std::vector<DevicePtr> all = enumerate();
  if (everything_) return all;
  std::unordered_set<std::string> selected;
  for (const Watch& w : watches_) {
    if (const DeviceHandle* handle = handle_for(w)) {
      selected.insert(handle->present_device()->syspath);
      continue;
    }
    for (const DevicePtr& d : enumerate(w.filter))
      if (w.accepts(d->instance_id)) selected.insert(d->syspath);
  }
  std::erase_if(all, [&](const DevicePtr& d) { return selected.count(d->syspath) == 0; });
  return all;
}

}  // namespace cmnotify::cli
