#include "cli/json_format.hpp"

#include "cmnotify/device_properties.hpp"

#include <cmath>

#include "cli/time_format.hpp"

namespace cmnotify::cli {
namespace {

Json text_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json guid_or_null(const Guid& guid) {
  return guid.is_null() ? Json(nullptr) : Json(guid.to_string());
}

Json string_list(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const std::string& item : items) out.push_back(item);
  return out;
}

Json property_object(const std::vector<std::pair<std::string, std::string>>& properties) {
  Json out = Json::object();
  for (const auto& [key, value] : properties) out[key] = value;
  return out;
}

bool has_devnum(const Device& d) { return !d.devnode.empty() || d.major != 0 || d.minor != 0; }

// The Linux identity, shared by device and event records.
void add_linux_identity(Json& out, const Device& d) {
  out["syspath"] = d.syspath;
  out["parent_syspath"] = text_or_null(d.parent_syspath);
  out["subsystem"] = text_or_null(d.subsystem);
  out["devtype"] = text_or_null(d.devtype);
  out["driver"] = text_or_null(d.driver);
  out["devnode"] = text_or_null(d.devnode);
  out["major"] = has_devnum(d) ? Json(d.major) : Json(nullptr);
  out["minor"] = has_devnum(d) ? Json(d.minor) : Json(nullptr);
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

}  // namespace

Json device_json(const Device& d, ClassNames& names, bool properties) {
  Json out;
  out["instance_id"] = d.instance_id;
  out["parent_instance_id"] = text_or_null(d.parent_instance_id);
  out["description"] = text_or_null(d.description);
  out["manufacturer"] = text_or_null(d.manufacturer);
  out["hardware_ids"] = string_list(d.hardware_ids);
  out["compatible_ids"] = string_list(d.compatible_ids);
  out["setup_class"] = guid_or_null(d.setup_class);
  out["setup_class_name"] = text_or_null(std::string(cmnotify::setup_class_name(d.setup_class)));
  out["started"] = d.started;
  Json interfaces = Json::array();
  for (const DeviceInterface& i : d.interfaces) {
    Json entry;
    entry["class_guid"] = i.class_guid.to_string();
    entry["class_name"] = text_or_null(names.name(i.class_guid));
    entry["symbolic_link"] = i.symbolic_link;
    interfaces.push_back(std::move(entry));
  }
  out["interfaces"] = std::move(interfaces);
  add_linux_identity(out, d);
  if (properties) out["properties"] = property_object(d.properties);
  return out;
}

Json event_json(const Received& r, ClassNames& names, bool properties) {
  const Event& e = r.event;
  const Device& d = *e.device;
  const bool interface_event = e.filter_type == FilterType::device_interface;
  const bool custom = e.action == Action::custom_event;
  Json out;
  out["schema"] = kJsonSchema;
  out["type"] = "event";
  out["time"] = iso_time(r.time);
  out["sequence"] = e.sequence;
  out["origin"] = std::string(to_string(e.origin));
  out["action"] = std::string(to_string(e.action));
  out["filter_type"] = std::string(to_string(e.filter_type));
  out["instance_id"] = d.instance_id;
  out["parent_instance_id"] = text_or_null(d.parent_instance_id);
  out["description"] = text_or_null(d.description);
  out["symbolic_link"] = interface_event ? text_or_null(e.symbolic_link) : Json(nullptr);
  out["class_guid"] = interface_event ? guid_or_null(e.class_guid) : Json(nullptr);
  out["class_name"] = interface_event ? text_or_null(names.name(e.class_guid)) : Json(nullptr);
  out["event_guid"] = custom ? guid_or_null(e.class_guid) : Json(nullptr);
  out["event_name"] = custom ? text_or_null(custom_event_name(e.class_guid)) : Json(nullptr);
  out["custom_data"] = custom && !e.custom_data.empty() ? Json(hex(e.custom_data)) : Json(nullptr);
  out["custom_name_offset"] =
      custom && e.custom_name_offset >= 0 ? Json(e.custom_name_offset) : Json(nullptr);
  add_linux_identity(out, d);
  out["event_properties"] = property_object(e.event_properties);
  if (properties) out["properties"] = property_object(d.properties);
  return out;
}

Json start_json(const MonitorStart& start, std::chrono::system_clock::time_point time) {
  Json j;
  j["schema"] = kJsonSchema;
  j["type"] = "start";
  j["time"] = iso_time(time);
  j["devices"] = start.devices.devices;
  j["source"] = start.source;
  Json watching = Json::array();
  for (const MonitorStart::Watching& w : start.watching) {
    Json entry;
    entry["filter_type"] = std::string(to_string(w.filter_type));
    entry["description"] = w.description;
    watching.push_back(std::move(entry));
  }
  j["watching"] = std::move(watching);
  j["present"] = start.present;
  j["changes"] = start.changes;
  Json classes = Json::object();
  for (const Count& c : start.devices.interface_classes) classes[c.name] = c.count;
  j["interface_classes"] = std::move(classes);
  Json subsystems = Json::object();
  for (const Count& c : start.devices.subsystems) subsystems[c.name] = c.count;
  j["subsystems"] = std::move(subsystems);
  return j;
}

Json end_json(const MonitorEnd& end, std::chrono::system_clock::time_point time) {
  const SourceStats& s = end.source;
  Json j;
  j["schema"] = kJsonSchema;
  j["type"] = "end";
  j["time"] = iso_time(time);
  j["reason"] = std::string(to_string(end.reason));
  j["signal"] = end.reason == EndReason::signal ? Json(signal_name(end.signal)) : Json(nullptr);
  j["seconds"] = std::round(end.seconds * 1000) / 1000;
  j["events"] = end.events;
  Json actions = Json::object();
  for (const auto& [action, n] : end.actions) actions[std::string(to_string(action))] = n;
  j["actions"] = std::move(actions);
  Json source;
  source["description"] = s.description;
  source["messages"] = s.messages;
  source["accepted"] = s.accepted;
  source["rejected"] = s.rejected;
  source["overflows"] = s.overflows;
  source["resyncs"] = s.resyncs;
  source["resync_events"] = s.resync_events;
  source["receive_buffer_bytes"] = s.receive_buffer_bytes;
  source["devices"] = s.devices;
  Json rejections = Json::object();
  s.rejections.for_each(
      [&](std::string_view cause, std::uint64_t n) { rejections[std::string(cause)] = n; });
  source["rejections"] = std::move(rejections);
  source["from_kernel"] = s.from_kernel;
  source["from_udev"] = s.from_udev;
  source["duplicates"] = s.duplicates;
  source["udev_late"] = s.udev_late;
  source["group_switches"] = s.group_switches;
  Json groups = Json::array();
  for (const SourceGroupPeriod& period : s.groups) {
    Json entry;
    entry["group"] = std::string(to_string(period.group));
    entry["since"] = iso_time(period.since);
    entry["reason"] = period.reason;
    groups.push_back(std::move(entry));
  }
  source["groups"] = std::move(groups);
  j["source"] = std::move(source);
  // --source udev: whether udevd ran, and from when (null with another source).
  Json udevd = nullptr;
  for (const UdevdPeriod& period : end.udevd)
    udevd.push_back({{"since", iso_time(period.since)}, {"running", period.running}});
  j["udevd"] = std::move(udevd);
  return j;
}

std::string json_line(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace cmnotify::cli
