#include "linux/device_map.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <charconv>

#include "cmnotify/interface_classes.hpp"
#include "engine/device_events.hpp"
#include "linux/identity.hpp"

namespace cmnotify::linux_source {
namespace {

using engine::EventPtr;

// Keys that describe one uevent rather than the device: they go to Event::event_properties and
// never into the device record (otherwise every synthetic event would look like a new device).
bool is_transient_key(std::string_view key) noexcept {
  return key == "ACTION" || key == "SEQNUM" || key == "DEVPATH_OLD" || key == "SYNTH_UUID" ||
         key.starts_with("SYNTH_ARG_") || key == "DISK_MEDIA_CHANGE" || key == "DISK_EJECT_REQUEST";
}

using Properties = std::vector<std::pair<std::string, std::string>>;

Properties::iterator find_key(Properties& properties, std::string_view key) {
  return std::lower_bound(properties.begin(), properties.end(), key,
                          [](const auto& p, std::string_view k) { return p.first < k; });
}

void set_property(Properties& properties, std::string_view key, std::string_view value) {
  auto it = find_key(properties, key);
  if (it != properties.end() && it->first == key) {
    it->second.assign(value);
  } else {
    properties.emplace(it, std::string(key), std::string(value));
  }
}

// Whether the device record already holds every persistent key of the uevent with its value.
bool record_matches(const Device& device, const Uevent& uevent) {
  for (const auto& [key, value] : uevent.properties) {
    if (is_transient_key(key)) continue;
    const std::string* stored = device.property(key);
    if (stored == nullptr || *stored != value) return false;
  }
  return true;
}

void overlay(Device& device, const Uevent& uevent) {
  for (const auto& [key, value] : uevent.properties)
    if (!is_transient_key(key)) set_property(device.properties, key, value);
  if (!uevent.driver.empty()) device.driver = std::string(uevent.driver);
  if (uevent.action == "unbind") device.driver.clear();
}

std::string devnode_of(std::string_view devname) {
  if (devname.empty()) return {};
  if (devname.front() == '/') return std::string(devname);
  return "/dev/" + std::string(devname);
}

EventPtr media_event(const DevicePtr& device, bool arrived, Origin origin, std::uint64_t seq) {
  return engine::make_event(Action::custom_event, FilterType::device_handle, device, origin, seq,
                            arrived ? io_event::media_arrival : io_event::media_removal);
}

// Kobjects that send uevents but are not devices (a net device's queues/rx-0) have no uevent
// file, so sysfs can never list them; keeping them would make live events disagree with
// enumeration. A failed read therefore means "vanished" only if the directory is gone too, and
// only for something that lives under /devices and is not one of those kobjects.
bool vanished_device(const std::string& syspath, const Uevent& uevent) {
  struct stat st {};
  if (::stat(syspath.c_str(), &st) == 0) return false;  // still there: not a device
  return uevent.subsystem != "queues";
}

}  // namespace

std::string DeviceMap::nearest_known_ancestor(std::string_view syspath) const {
  std::string_view path = syspath;
  while (true) {
    const auto slash = path.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return {};
    path = path.substr(0, slash);
    if (table_.entries.count(std::string(path)) != 0) return std::string(path);
  }
}

bool DeviceMap::media_present(const Device& device) const {
  if (device.subsystem != "block" || device.devtype != "disk") return false;
  const auto size = sysfs_.attribute(device.syspath, "size");
  std::uint64_t sectors = 0;
  if (!size) return false;
  std::from_chars(size->data(), size->data() + size->size(), sectors);
  return sectors > 0;
}

DeviceMap::Entry DeviceMap::identify(Device device, const Table& table) const {
  const Entry* parent = nullptr;
  if (auto it = table.entries.find(device.parent_syspath); it != table.entries.end())
    parent = &it->second;
  assign_identity(device, parent ? parent->device.get() : nullptr, sysfs_);
  if (auto owner = table.owners.find(device.instance_id);
      owner != table.owners.end() && owner->second != device.syspath) {
    // Two devices claim one ID (identical serial numbers): the newcomer gets a location-based one.
    device.instance_id = fallback_instance_id(device);
    for (DeviceInterface& i : device.interfaces)
      i.symbolic_link = symbolic_link(device.instance_id, i.class_guid);
  }
  Entry entry;
  entry.media_present = media_present(device);
  entry.device = std::make_shared<const Device>(std::move(device));
  return entry;
}

DeviceMap::Entry DeviceMap::build(const std::string& syspath, const Uevent* uevent) const {
  std::optional<Device> read = sysfs_.read_device(syspath);
  Device device;
  if (read) {
    device = std::move(*read);
  } else if (uevent != nullptr && vanished_device(syspath, *uevent)) {
    // Gone already (a short-lived device): describe it from the uevent so its removal, which is
    // on its way, has an arrival to pair with.
    device.syspath = syspath;
    device.parent_syspath = nearest_known_ancestor(syspath);
    device.subsystem = std::string(uevent->subsystem);
    device.devtype = std::string(uevent->devtype);
    device.devnode = devnode_of(uevent->devname);
    if (uevent->has_devnum) {
      device.major = uevent->major;
      device.minor = uevent->minor;
    }
    device.started = !uevent->driver.empty();
  } else {
    return {};
  }
  if (uevent != nullptr) overlay(device, *uevent);
  return identify(std::move(device), table_);
}

void DeviceMap::insert(Table& table, Entry entry) {
  const Device& d = *entry.device;
  table.owners[d.instance_id] = d.syspath;
  table.entries[d.syspath] = std::move(entry);
}

void DeviceMap::erase(Table& table, const std::string& syspath) {
  auto it = table.entries.find(syspath);
  if (it == table.entries.end()) return;
  auto owner = table.owners.find(it->second.device->instance_id);
  if (owner != table.owners.end() && owner->second == syspath) table.owners.erase(owner);
  table.entries.erase(it);
}

void DeviceMap::apply(const Uevent& uevent, engine::ChangeInterest changes,
                      std::vector<EventPtr>& out) {
  // Modules, drivers and slabs send uevents too; only /devices holds devices.
  if (!uevent.devpath.starts_with("/devices/")) return;
  syspath_.assign(sysfs_.root());
  syspath_.append(uevent.devpath);
  const std::string_view action = uevent.action;
  if (action == "add") {
    on_add(uevent, changes, out);
  } else if (action == "remove") {
    on_remove(syspath_, uevent.seqnum, out);
  } else if (action == "move") {
    std::string old_path = sysfs_.root() + std::string(uevent.devpath_old);
    on_remove(old_path, uevent.seqnum, out);
    on_add(uevent, changes, out);
  } else if (action == "bind" || action == "unbind") {
    on_change(uevent, /*rebuild=*/true, changes, out);
  } else {
    // change, online, offline and any action a future kernel adds.
    on_change(uevent, /*rebuild=*/false, changes, out);
  }
}

void DeviceMap::on_add(const Uevent& uevent, engine::ChangeInterest changes,
                       std::vector<EventPtr>& out) {
  Entry fresh = build(syspath_, &uevent);
  if (!fresh.device) return;
  auto it = table_.entries.find(syspath_);
  if (it == table_.entries.end()) {
    DevicePtr device = fresh.device;
    insert(table_, std::move(fresh));
    engine::arrival_events(device, Origin::live, uevent.seqnum, out);
    return;
  }
  // Known already (the start-up scan saw it): report only what differs.
  Entry before = it->second;
  erase(table_, syspath_);
  diff(before, fresh, Origin::live, uevent.seqnum, out);
  DevicePtr device = fresh.device;
  insert(table_, std::move(fresh));
  if (changes.any()) changed_events(device, uevent, changes, out);
}

void DeviceMap::on_remove(const std::string& syspath, std::uint64_t sequence,
                          std::vector<EventPtr>& out) {
  auto it = table_.entries.find(syspath);
  if (it == table_.entries.end()) return;
  DevicePtr device = it->second.device;
  erase(table_, syspath);
  engine::removal_events(device, Origin::live, sequence, out);
}

void DeviceMap::on_change(const Uevent& uevent, bool rebuild, engine::ChangeInterest changes,
                          std::vector<EventPtr>& out) {
  auto it = table_.entries.find(syspath_);
  if (it == table_.entries.end()) {
    on_add(uevent, changes, out);  // a device we missed: it is present, so it arrives
    return;
  }
  Entry before = it->second;
  Entry after = before;
  if (rebuild || !record_matches(*before.device, uevent)) {
    after = build(syspath_, &uevent);
    if (!after.device) return;
  } else if (before.device->subsystem == "block" && before.device->devtype == "disk") {
    after.media_present = media_present(*before.device);
  }
  if (after.device != before.device) {
    erase(table_, syspath_);
    insert(table_, after);
  } else {
    it->second.media_present = after.media_present;
  }
  diff(before, after, Origin::live, uevent.seqnum, out);
  if (changes.any()) changed_events(after.device, uevent, changes, out);
}

void DeviceMap::diff(const Entry& before, const Entry& after, Origin origin, std::uint64_t sequence,
                     std::vector<EventPtr>& out) {
  const Device& b = *before.device;
  const Device& a = *after.device;
  if (!detail::iequals(b.instance_id, a.instance_id)) {
    engine::removal_events(before.device, origin, sequence, out);
    engine::arrival_events(after.device, origin, sequence, out);
    return;
  }
  for (const DeviceInterface& i : b.interfaces) {
    const DeviceInterface* kept = a.find_interface(i.class_guid);
    if (kept == nullptr || kept->symbolic_link != i.symbolic_link) {
      out.push_back(engine::make_event(Action::interface_removal, FilterType::device_interface,
                                       before.device, origin, sequence, i.class_guid,
                                       i.symbolic_link));
    }
  }
  if (!b.started && a.started) out.push_back(engine::started_event(after.device, origin, sequence));
  for (const DeviceInterface& i : a.interfaces) {
    const DeviceInterface* had = b.find_interface(i.class_guid);
    if (had == nullptr || had->symbolic_link != i.symbolic_link) {
      out.push_back(engine::make_event(Action::interface_arrival, FilterType::device_interface,
                                       after.device, origin, sequence, i.class_guid,
                                       i.symbolic_link));
    }
  }
  if (before.media_present != after.media_present)
    out.push_back(media_event(after.device, after.media_present, origin, sequence));
}

void DeviceMap::changed_events(const DevicePtr& device, const Uevent& uevent,
                               engine::ChangeInterest changes, std::vector<EventPtr>& out) {
  auto is_event_property = [](std::string_view key) {
    return is_transient_key(key) && key != "ACTION" && key != "SEQNUM";
  };
  // Sized once: growing the vector pair by pair cost an allocation per pair.
  const auto count = static_cast<std::size_t>(
      std::count_if(uevent.properties.begin(), uevent.properties.end(),
                    [&](const auto& pair) { return is_event_property(pair.first); }));
  // Every field is set: a recycled event must carry nothing of its previous use. Strings and
  // pairs are assigned in place, so a recycled event's capacity is reused.
  auto add = [&](FilterType type, const Guid& guid, const std::string& link) {
    std::shared_ptr<Event> event = recycler_.acquire();
    event->action = Action::changed;
    event->filter_type = type;
    event->origin = Origin::live;
    event->class_guid = guid;
    event->symbolic_link.assign(link);
    event->device = device;
    event->custom_data.clear();
    event->custom_name_offset = -1;
    event->sequence = uevent.seqnum;
    auto& properties = event->event_properties;
    if (properties.capacity() < count) properties.reserve(count);
    std::size_t n = 0;
    for (const auto& [key, value] : uevent.properties) {
      if (!is_event_property(key)) continue;
      if (n < properties.size()) {
        properties[n].first.assign(key);
        properties[n].second.assign(value);
      } else {
        properties.emplace_back(key, value);
      }
      ++n;
    }
    properties.erase(properties.begin() + static_cast<std::ptrdiff_t>(n), properties.end());
    out.push_back(std::move(event));
  };
  // Only the kinds someone listens to: the others would be built and routed to nobody.
  if (changes.device_instance) add(FilterType::device_instance, Guid{}, {});
  if (changes.device_handle) add(FilterType::device_handle, Guid{}, {});
  if (changes.device_interface) {
    for (const DeviceInterface& i : device->interfaces)
      add(FilterType::device_interface, i.class_guid, i.symbolic_link);
  }
}

void DeviceMap::rescan(Origin origin, std::vector<EventPtr>& out) {
  Table fresh;
  std::vector<std::string> order;  // parents before children, as enumerate() gives them
  for (Device& device : sysfs_.enumerate()) {
    Entry entry = identify(std::move(device), fresh);
    // Keep the old record when nothing changed, so unchanged devices keep their identity object.
    if (auto old = table_.entries.find(entry.device->syspath);
        old != table_.entries.end() && *old->second.device == *entry.device) {
      entry.device = old->second.device;
    }
    order.push_back(entry.device->syspath);
    insert(fresh, std::move(entry));
  }

  std::vector<std::string> gone;
  for (const auto& [syspath, entry] : table_.entries)
    if (fresh.entries.count(syspath) == 0) gone.push_back(syspath);
  // Children before parents, as the kernel removes them.
  std::sort(gone.begin(), gone.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& syspath : gone)
    engine::removal_events(table_.entries[syspath].device, origin, 0, out);

  for (const std::string& syspath : order) {
    const Entry& now = fresh.entries[syspath];
    auto old = table_.entries.find(syspath);
    if (old == table_.entries.end()) {
      engine::arrival_events(now.device, origin, 0, out);
    } else {
      diff(old->second, now, origin, 0, out);
    }
  }
  table_ = std::move(fresh);
}

void DeviceMap::snapshot(std::vector<DevicePtr>& out) const {
  out.clear();
  out.reserve(table_.entries.size());
  for (const auto& [syspath, entry] : table_.entries) out.push_back(entry.device);
  // Parents before children, like enumeration on Windows walks the tree.
  std::sort(out.begin(), out.end(),
            [](const DevicePtr& a, const DevicePtr& b) { return a->syspath < b->syspath; });
}

DevicePtr DeviceMap::find(std::string_view syspath) const {
  auto it = table_.entries.find(std::string(syspath));
  return it == table_.entries.end() ? nullptr : it->second.device;
}

}  // namespace cmnotify::linux_source
