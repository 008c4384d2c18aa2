#include "linux/device_map.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <charconv>

#include "engine/device_events.hpp"
#include "linux/identity.hpp"

namespace cmnotify::linux_source {
namespace {

using engine::EventPtr;

// Keys that describe one uevent rather than the device: they go to Event::event_properties and
// never into the device record (otherwise every synthetic event would look like a new device).
// UDEV_DATABASE_VERSION is udevd's note on its message format: udevd's database record does not
// hold it, so keeping it would make a live event's device differ from the same device read from
// sysfs and the database (`info`, `list`, --present).
bool is_transient_key(std::string_view key) noexcept {
  return key == "ACTION" || key == "SEQNUM" || key == "DEVPATH_OLD" || key == "SYNTH_UUID" ||
         key.starts_with("SYNTH_ARG_") || key == "DISK_MEDIA_CHANGE" ||
         key == "DISK_EJECT_REQUEST" || key == "UDEV_DATABASE_VERSION";
}

// The transient keys that go to a changed event's event_properties (ACTION and SEQNUM are in the
// event already; UDEV_DATABASE_VERSION is about the wire, not the event).
bool is_event_property(std::string_view key) noexcept {
  return is_transient_key(key) && key != "ACTION" && key != "SEQNUM" &&
         key != "UDEV_DATABASE_VERSION";
}

std::string devnode_of(std::string_view devname) {
  if (devname.empty()) return {};
  if (devname.front() == '/') return std::string(devname);
  return "/dev/" + std::string(devname);
}

// A property as the device record keeps it: DEVNAME is the /dev path whichever group sent it
// (the kernel's "vda", udevd's "/dev/vda"), as Sysfs::read_device spells it.
std::string_view stored_form(std::string_view key, std::string_view value, std::string& scratch) {
  if (key != "DEVNAME" || value.empty() || value.front() == '/') return value;
  scratch = devnode_of(value);
  return scratch;
}

// Whether the device record already holds every persistent key of the uevent with its value.
bool record_matches(const Device& device, const Uevent& uevent) {
  std::string scratch;
  for (const auto& [key, value] : uevent.properties) {
    if (is_transient_key(key)) continue;
    const std::string* stored = device.property(key);
    if (stored == nullptr || *stored != stored_form(key, value, scratch)) return false;
  }
  return true;
}

void overlay(Device& device, const Uevent& uevent) {
  std::string scratch;
  for (const auto& [key, value] : uevent.properties)
    if (!is_transient_key(key))
      set_property(device.properties, key, stored_form(key, value, scratch));
  if (!uevent.driver.empty()) device.driver = std::string(uevent.driver);
  if (uevent.action == "unbind") device.driver.clear();
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
  Entry before;
  if (auto it = table_.entries.find(syspath_); it != table_.entries.end()) {
    before = it->second;  // known already (the start-up scan saw it): only what differs
    erase(table_, syspath_);
  }
  engine::transition_events(before, fresh, Origin::live, uevent.seqnum, out);
  const DevicePtr device = fresh.device;
  insert(table_, std::move(fresh));
  if (before.device) changed(device, uevent, changes, out);
}

void DeviceMap::on_remove(const std::string& syspath, std::uint64_t sequence,
                          std::vector<EventPtr>& out) {
  auto it = table_.entries.find(syspath);
  if (it == table_.entries.end()) return;
  const Entry before = it->second;
  erase(table_, syspath);
  engine::transition_events(before, {}, Origin::live, sequence, out);
}

void DeviceMap::on_change(const Uevent& uevent, bool rebuild, engine::ChangeInterest changes,
                          std::vector<EventPtr>& out) {
  auto it = table_.entries.find(syspath_);
  if (it == table_.entries.end()) {
    on_add(uevent, changes, out);  // a device we missed: it is present, so it arrives
    return;
  }
  const Entry before = it->second;
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
  engine::transition_events(before, after, Origin::live, uevent.seqnum, out);
  changed(after.device, uevent, changes, out);
}

void DeviceMap::changed(const DevicePtr& device, const Uevent& uevent,
                        engine::ChangeInterest changes, std::vector<EventPtr>& out) {
  if (!changes.any()) return;
  event_properties_.clear();  // keeps its capacity: no allocation per uevent
  for (const auto& pair : uevent.properties)
    if (is_event_property(pair.first)) event_properties_.push_back(pair);
  engine::changed_events(device, event_properties_, changes, uevent.seqnum, recycler_, out);
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
    engine::transition_events(table_.entries[syspath], {}, origin, 0, out);

  static const Entry kAbsent;
  for (const std::string& syspath : order) {
    auto old = table_.entries.find(syspath);
    const Entry& before = old == table_.entries.end() ? kAbsent : old->second;
    engine::transition_events(before, fresh.entries[syspath], origin, 0, out);
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
