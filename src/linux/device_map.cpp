#include "linux/device_map.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <set>
#include <utility>

#include "common/instance_id.hpp"
#include "engine/device_events.hpp"
#include "linux/identity.hpp"

namespace cmnotify::linux_source {
namespace {

using engine::EventPtr;

// Of the transient pairs (is_transient_key, marked by the parser), those that go to a changed
// event's event_properties: ACTION and SEQNUM are in the event already, UDEV_DATABASE_VERSION is
// about the wire, not the event.
bool is_event_property(std::string_view transient_key) noexcept {
  return transient_key != "ACTION" && transient_key != "SEQNUM" &&
         transient_key != "UDEV_DATABASE_VERSION";
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
  bool matches = true;
  for_each_persistent(uevent, [&](std::string_view key, std::string_view value) {
    if (!matches) return;
    const std::string* stored = device.property(key);
    matches = stored != nullptr && *stored == stored_form(key, value, scratch);
  });
  return matches;
}

// Calls f(range) for each run of persistent pairs of `uevent` as the message holds them
// ("KEY=VALUE\0..."): the parsed bytes between the transient pairs. Keys hold no '=' and values
// no NUL, so two messages' runs give the same bytes exactly when they have the same persistent
// pairs, and a storm's message is compared or copied in a few ranges instead of pair by pair.
template <typename F>
void for_each_persistent_run(const Uevent& uevent, F&& f) {
  const char* at = uevent.pair_bytes.data();
  for (const std::uint32_t index : uevent.transient) {
    const auto& [key, value] = uevent.properties[index];
    if (key.data() != at) f(std::string_view(at, static_cast<std::size_t>(key.data() - at)));
    at = value.data() + value.size() + 1;  // past its NUL
  }
  const char* end = uevent.pair_bytes.data() + uevent.pair_bytes.size();
  if (end != at) f(std::string_view(at, static_cast<std::size_t>(end - at)));
}

// The persistent pairs of `uevent` as "KEY=VALUE\0..." in message order.
void persistent_pairs(const Uevent& uevent, std::string& out) {
  out.clear();
  for_each_persistent_run(uevent, [&](std::string_view run) { out.append(run); });
}

// Whether persistent_pairs(uevent) would write exactly `pairs`, compared in place: a storm of
// change messages on one device repeats the same pairs, and writing them out first cost a copy.
bool same_persistent_pairs(const Uevent& uevent, std::string_view pairs) noexcept {
  bool same = true;
  for_each_persistent_run(uevent, [&](std::string_view run) {
    same = same && pairs.starts_with(run);
    if (same) pairs.remove_prefix(run.size());
  });
  return same && pairs.empty();
}

void overlay(Device& device, const Uevent& uevent) {
  std::string scratch;
  for_each_persistent(uevent, [&](std::string_view key, std::string_view value) {
    set_property(device.properties, key, stored_form(key, value, scratch));
  });
  if (!uevent.driver.empty()) device.driver = std::string(uevent.driver);
  if (uevent.action == "unbind") device.driver.clear();
}

// A failed read means "vanished" only if the directory is gone too (a directory without a
// uevent file is another kobject that is not a device).
bool vanished_device(const std::string& syspath) {
  struct stat st {};
  return ::stat(syspath.c_str(), &st) != 0;
}

// The enumerator of an instance ID ("SWD" of "SWD\NET\LO") or of a symbolic link
// ("\\?\SWD#NET#LO#{...}").
std::string_view enumerator_of(std::string_view name) noexcept {
  if (name.starts_with("\\\\?\\")) {
    name.remove_prefix(4);
    return name.substr(0, name.find('#'));
  }
  return detail::enumerator_of(name);
}

// Sysfs::walk's order: a directory before what is below it, siblings by name ('/' sorts first).
bool walk_order(const std::string& a, const std::string& b) noexcept {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto key = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
    return key(x) < key(y);
  });
}

// The real paths behind the entries of `dir` (links into /sys/devices).
void add_entries(const std::string& dir, std::set<std::string>& out) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  while (const dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    const std::string link = dir + "/" + e->d_name;
    if (char* real = ::realpath(link.c_str(), nullptr)) {
      out.emplace(real);
      std::free(real);
    }
  }
  ::closedir(d);
}

}  // namespace

std::optional<std::string> DeviceMap::nearest_known_ancestor(std::string_view syspath,
                                                             RemovedOnTheWay removed) const {
  const std::size_t devices = sysfs_.root().size() + std::string_view("/devices").size();
  std::string_view path = syspath;
  while (true) {
    const auto slash = path.rfind('/');
    if (slash == std::string_view::npos || slash <= devices) return std::string();
    path = path.substr(0, slash);
    const PathView ancestor(path);
    if (table_.entries.count(ancestor) != 0) return std::string(path);
    if (removed == RemovedOnTheWay::unknown && removed_.count(ancestor) != 0) return std::nullopt;
  }
}

Sysfs::SubsystemKind DeviceMap::subsystem_kind(std::string_view subsystem) {
  const PathView name(subsystem);
  if (auto it = subsystem_kinds_.find(name); it != subsystem_kinds_.end()) return it->second;
  const Sysfs::SubsystemKind kind = sysfs_.subsystem_kind(subsystem);
  subsystem_kinds_.emplace(name.key(), kind);
  return kind;
}

void DeviceMap::forget_subsystem_kind(std::string_view devpath) {
  for (const std::string_view top : {std::string_view("/bus/"), std::string_view("/class/")}) {
    if (!devpath.starts_with(top)) continue;
    const std::string_view name = devpath.substr(top.size());
    if (name.find('/') != std::string_view::npos) continue;
    if (auto it = subsystem_kinds_.find(PathView(name)); it != subsystem_kinds_.end())
      subsystem_kinds_.erase(it);
  }
}

std::optional<Sysfs::DirectoryFacts> DeviceMap::first_facts(const PathView& syspath,
                                                            Sysfs::SubsystemKind kind) const {
  if (kind != Sysfs::SubsystemKind::class_only && kind != Sysfs::SubsystemKind::bus_only)
    return std::nullopt;
  if (!sysfs_.is_device_path(syspath.text())) return std::nullopt;
  std::optional<std::string> parent =
      nearest_known_ancestor(syspath.text(), RemovedOnTheWay::unknown);
  if (!parent) return std::nullopt;
  Sysfs::DirectoryFacts facts;
  facts.parent_syspath = std::move(*parent);
  facts.class_device = kind == Sysfs::SubsystemKind::class_only;
  return facts;
}

bool DeviceMap::media_present(const Device& device) const {
  if (device.subsystem != "block" || device.devtype != "disk") return false;
  const auto size = sysfs_.attribute(device.syspath, "size");
  std::uint64_t sectors = 0;
  if (!size) return false;
  std::from_chars(size->data(), size->data() + size->size(), sectors);
  return sectors > 0;
}

DeviceMap::Entry DeviceMap::identify(Device device, const Table& table, bool* fell_back) const {
  const Entry* parent = nullptr;
  if (auto it = table.entries.find(PathView(device.parent_syspath)); it != table.entries.end())
    parent = &it->second;
  assign_identity(device, parent ? parent->device.get() : nullptr, sysfs_);
  if (auto owner = table.owners.find(OwnerView(device.instance_id));
      owner != table.owners.end() && owner->second != device.syspath) {
    // Two devices claim one ID (identical serial numbers): the newcomer gets a location-based one.
    device.instance_id = fallback_instance_id(device);
    if (fell_back != nullptr) *fell_back = true;
    for (DeviceInterface& i : device.interfaces)
      i.symbolic_link = symbolic_link(device.instance_id, i.class_guid);
  }
  Entry entry;
  entry.media_present = media_present(device);
  entry.device = std::make_shared<const Device>(std::move(device));
  return entry;
}

std::optional<Sysfs::DirectoryFacts> DeviceMap::known_facts(const PathView& syspath,
                                                            const Uevent& uevent) const {
  if (guessed_.count(syspath) != 0) return std::nullopt;
  Sysfs::DirectoryFacts facts;
  std::string_view subsystem;
  if (auto it = table_.entries.find(syspath); it != table_.entries.end()) {
    // Read from sysfs: a device without a driver counts as started only as a class device.
    const Device& device = *it->second.device;
    subsystem = device.subsystem;
    facts.parent_syspath = device.parent_syspath;
    facts.class_device = device.started && device.driver.empty() && !device.subsystem.empty();
  } else if (auto removed = removed_.find(syspath); removed != removed_.end()) {
    subsystem = removed->second.subsystem;
    facts = removed->second.facts;
  } else {
    return std::nullopt;
  }
  if (subsystem != uevent.subsystem) return std::nullopt;
  // The kernel announces a parent before its children: a parent missing from the map means the
  // tree changed since the facts were read.
  if (!facts.parent_syspath.empty() && table_.entries.count(PathView(facts.parent_syspath)) == 0)
    return std::nullopt;
  return facts;
}

void DeviceMap::remember_removed(const PathView& syspath, const DevicePtr& device) {
  DevicePtr parent;
  bool pure = false;
  if (auto it = pure_.find(syspath); it != pure_.end()) {
    pure = true;
    parent = std::move(it->second);
    erase_to_spare(pure_, spare_pure_, it);
  }
  if (auto it = guessed_.find(syspath); it != guessed_.end()) {
    guessed_.erase(it);
    return;
  }
  constexpr std::size_t kMaxRemembered = 4096;
  if (removed_.size() >= kMaxRemembered) removed_.clear();
  auto at = removed_.find(syspath);
  if (at == removed_.end()) at = removed_.try_emplace(syspath.key()).first;
  RemovedFacts& entry = at->second;
  entry.subsystem = device->subsystem;
  entry.facts.parent_syspath = device->parent_syspath;
  entry.facts.class_device =
      device->started && device->driver.empty() && !device->subsystem.empty();
  if (!pure || entry.record != device) entry.pairs.clear();  // they matched another record
  entry.record = pure ? device : nullptr;
  entry.parent = std::move(parent);
}

const DeviceMap::RemovedFacts* DeviceMap::comes_back(const PathView& syspath,
                                                     const Uevent& uevent) {
  if (uevent.action != "add" || table_.entries.count(syspath) != 0) return nullptr;
  // The kernel's message while udevd's view is used takes the database record, which may change.
  if (uevent.format == UeventFormat::kernel && !sysfs_.udev_data.empty()) return nullptr;
  const auto removed = removed_.find(syspath);
  if (removed == removed_.end() || !removed->second.record) return nullptr;
  RemovedFacts& facts = removed->second;
  const DevicePtr& record = removed->second.record;
  if (record->subsystem != uevent.subsystem) return nullptr;
  // Identified against the same parent record (the parent's identity is part of its own).
  if (!record->parent_syspath.empty()) {
    const auto parent = table_.entries.find(PathView(record->parent_syspath));
    if (parent == table_.entries.end() || parent->second.device != removed->second.parent)
      return nullptr;
  }
  // The same persistent properties, no more and no fewer: answered by comparing the message's
  // runs in place when it repeats the one that last brought this record back (an add/remove
  // storm); they are copied only when another message is found to match.
  if (facts.pairs.empty() || !same_persistent_pairs(uevent, facts.pairs)) {
    const std::size_t persistent = uevent.properties.size() - uevent.transient.size();
    if (persistent != record->properties.size() || !record_matches(*record, uevent)) return nullptr;
    persistent_pairs(uevent, facts.pairs);
  }
  // Its instance ID still free (else identify() would give it the fallback ID).
  if (auto owner = table_.owners.find(owner_key(record));
      owner != table_.owners.end() && owner->second != syspath.text())
    return nullptr;
  return &facts;
}

bool DeviceMap::says_nothing_new(const DevicePtr& record, const Uevent& uevent) {
  if (last_match_.record == record && same_persistent_pairs(uevent, last_match_.pairs)) return true;
  persistent_pairs(uevent, pairs_scratch_);
  if (!record_matches(*record, uevent)) return false;
  last_match_.record = record;
  std::swap(last_match_.pairs, pairs_scratch_);
  return true;
}

DeviceMap::Entry DeviceMap::build(const PathView& syspath, const Uevent& uevent) {
  if (const RemovedFacts* again = comes_back(syspath, uevent)) {
    assign_in_spare(pure_, spare_pure_, syspath, again->parent);
    Entry entry;
    entry.device = again->record;  // no medium: a disk's is read, so a disk is never pure
    return entry;
  }
  std::optional<Sysfs::DirectoryFacts> facts = known_facts(syspath, uevent);
  if (!facts) {
    const Sysfs::SubsystemKind kind = subsystem_kind(uevent.subsystem);
    // Not a device (no uevent file, so sysfs never lists it: keeping it would make live events
    // disagree with enumeration), whether its directory is still there or already gone.
    if (kind == Sysfs::SubsystemKind::neither && !uevent.subsystem.empty()) return {};
    facts = first_facts(syspath, kind);
  }
  const std::uint64_t reads_before = sysfs_.reads();
  Device device;
  bool guessed = false;
  const bool from_message = facts.has_value();
  if (from_message) {
    // The message carries every line of the uevent file (udevd's also its database record): the
    // directory is not read.
    std::vector<std::pair<std::string, std::string>> properties;
    properties.reserve(uevent.properties.size());
    for_each_persistent(uevent, [&](std::string_view key, std::string_view value) {
      properties.emplace_back(key, value);
    });
    std::string driver;
    if (uevent.driver.empty() && !facts->class_device && !uevent.subsystem.empty())
      driver = sysfs_.driver_link(std::string(syspath.text()));  // bound since it was sent?
    device = sysfs_.assemble(std::string(syspath.text()), std::move(properties), std::move(driver),
                             std::move(*facts), uevent.format == UeventFormat::kernel);
  } else if (auto read = sysfs_.read_device(std::string(syspath.text()))) {
    device = std::move(*read);
  } else if (vanished_device(std::string(syspath.text()))) {
    // Gone already (a short-lived device): describe it from the uevent so its removal, which is
    // on its way, has an arrival to pair with.
    device.syspath = syspath.text();
    device.parent_syspath = *nearest_known_ancestor(syspath.text(), RemovedOnTheWay::skipped);
    device.subsystem = std::string(uevent.subsystem);
    device.devtype = std::string(uevent.devtype);
    device.devnode = devnode_of(uevent.devname);
    if (uevent.has_devnum) {
      device.major = uevent.major;
      device.minor = uevent.minor;
    }
    device.started = !uevent.driver.empty();
    guessed = true;
  } else {
    return {};
  }
  if (guessed) {
    if (guessed_.find(syspath) == guessed_.end()) guessed_.insert(syspath.key());
  } else if (auto it = guessed_.find(syspath); it != guessed_.end()) {
    guessed_.erase(it);
  }
  overlay(device, uevent);
  bool fell_back = false;
  Entry entry = identify(std::move(device), table_, &fell_back);
  if (from_message && !fell_back && sysfs_.reads() == reads_before) {
    const auto parent = table_.entries.find(PathView(entry.device->parent_syspath));
    assign_in_spare(pure_, spare_pure_, syspath,
                    parent == table_.entries.end() ? nullptr : parent->second.device);
  } else if (auto it = pure_.find(syspath); it != pure_.end()) {
    erase_to_spare(pure_, spare_pure_, it);
  }
  return entry;
}

void DeviceMap::insert(Table& table, const PathView& syspath, Entry entry) {
  ++generation_;
  const OwnerView owner = owner_key(entry.device);
  put(table, syspath, owner, std::move(entry));
}

DeviceMap::OwnerView DeviceMap::owner_key(const DevicePtr& record) {
  if (owner_memo_.record != record || !owner_memo_.key) {
    owner_memo_.key.emplace(record->instance_id);
    owner_memo_.record = record;
  }
  return *owner_memo_.key;
}

void DeviceMap::put(Table& table, const PathView& syspath, const OwnerView& owner, Entry entry) {
  assign_in_spare(table.owners, table.spare_owners, owner, syspath.text());
  assign_in_spare(table.entries, table.spare_entries, syspath, std::move(entry));
}

void DeviceMap::erase(Table& table, Table::Entries::iterator it) {
  ++generation_;
  auto owner = table.owners.find(owner_key(it->second.device));
  if (owner != table.owners.end() && owner->second == it->first.text)
    erase_to_spare(table.owners, table.spare_owners, owner);
  erase_to_spare(table.entries, table.spare_entries, it);  // a spare node holds no device
}

void DeviceMap::apply(const Uevent& uevent, engine::ChangeInterest changes,
                      std::vector<EventPtr>& out) {
  // Modules, drivers, buses, classes and slabs send uevents too; only /devices holds devices.
  if (!uevent.devpath.starts_with("/devices/")) {
    forget_subsystem_kind(uevent.devpath);
    return;
  }
  syspath_.assign(sysfs_.root());
  syspath_.append(uevent.devpath);
  const PathView syspath(syspath_);  // the one hash of the path for this uevent
  const std::string_view action = uevent.action;
  if (action == "add") {
    on_add(syspath, uevent, changes, out);
  } else if (action == "remove") {
    on_remove(syspath, uevent.seqnum, out);
  } else if (action == "move") {
    const std::string old_path = sysfs_.root() + std::string(uevent.devpath_old);
    on_remove(PathView(old_path), uevent.seqnum, out);
    on_add(syspath, uevent, changes, out);
  } else if (action == "bind" || action == "unbind") {
    on_change(syspath, uevent, /*rebuild=*/true, changes, out);
  } else {
    // change, online, offline and any action a future kernel adds.
    on_change(syspath, uevent, /*rebuild=*/false, changes, out);
  }
}

void DeviceMap::on_add(const PathView& syspath, const Uevent& uevent,
                       engine::ChangeInterest changes, std::vector<EventPtr>& out) {
  const auto known = table_.entries.find(syspath);
  if (known != table_.entries.end() && uevent.action == "add" &&
      says_nothing_new(known->second.device, uevent)) {
    // Known (the start-up scan saw it, or a synthetic "add"), and the message adds nothing.
    on_change(syspath, uevent, /*rebuild=*/false, changes, out);
    return;
  }
  Entry fresh = build(syspath, uevent);  // reads the table, never changes it: `known` holds
  if (!fresh.device) return;
  Entry before;
  if (known != table_.entries.end()) {
    before = known->second;  // known already (the start-up scan saw it): only what differs
    erase(table_, known);
  }
  engine::transition_events(before, fresh, Origin::live, uevent.seqnum, out, &recycler_);
  const DevicePtr device = fresh.device;
  insert(table_, syspath, std::move(fresh));
  if (before.device) changed(device, uevent, changes, out);
}

void DeviceMap::on_remove(const PathView& syspath, std::uint64_t sequence,
                          std::vector<EventPtr>& out) {
  auto it = table_.entries.find(syspath);
  if (it == table_.entries.end()) return;
  const Entry before = it->second;
  remember_removed(syspath, before.device);  // leaves the table alone: `it` holds
  erase(table_, it);
  engine::transition_events(before, {}, Origin::live, sequence, out, &recycler_);
}

void DeviceMap::on_change(const PathView& syspath, const Uevent& uevent, bool rebuild,
                          engine::ChangeInterest changes, std::vector<EventPtr>& out) {
  auto it = table_.entries.find(syspath);
  if (it == table_.entries.end()) {
    on_add(syspath, uevent, changes, out);  // a device we missed: it is present, so it arrives
    return;
  }
  if (!rebuild && says_nothing_new(it->second.device, uevent)) {
    // The same record (a storm of change events): no copy of the entry, no transition to work
    // out; only a disk's medium may have been loaded or ejected.
    Entry& entry = it->second;
    if (entry.device->subsystem == "block" && entry.device->devtype == "disk") {
      const bool media = media_present(*entry.device);
      if (media != entry.media_present) {
        const Entry before = entry;
        entry.media_present = media;
        engine::transition_events(before, entry, Origin::live, uevent.seqnum, out, &recycler_);
      }
    }
    changed(entry.device, uevent, changes, out);
    return;
  }
  const Entry before = it->second;
  const Entry after = build(syspath, uevent);
  if (!after.device) return;
  if (after.device != before.device) {
    erase(table_, it);  // build() left the table alone: `it` holds
    insert(table_, syspath, after);
  } else {
    it->second.media_present = after.media_present;
  }
  engine::transition_events(before, after, Origin::live, uevent.seqnum, out, &recycler_);
  changed(after.device, uevent, changes, out);
}

void DeviceMap::changed(const DevicePtr& device, const Uevent& uevent,
                        engine::ChangeInterest changes, std::vector<EventPtr>& out) {
  if (!changes.any()) return;
  event_properties_.clear();  // keeps its capacity: no allocation per uevent
  for (const std::uint32_t index : uevent.transient) {
    const auto& pair = uevent.properties[index];
    if (is_event_property(pair.first)) event_properties_.push_back(pair);
  }
  engine::changed_events(device, event_properties_, changes, uevent.seqnum, recycler_, out);
}

void DeviceMap::rescan(Origin origin, std::vector<EventPtr>& out) { rescan(origin, &out); }

void DeviceMap::rescan() { rescan(Origin::present, nullptr); }

void DeviceMap::rescan(Origin origin, std::vector<EventPtr>* out) {
  Table fresh;
  std::vector<DevicePtr> order;  // parents before children, as the walk gives them
  sysfs_.for_each_device([&](Device&& device) {
    Entry entry = identify(std::move(device), fresh);
    const DevicePtr read = entry.device;  // holds the string `syspath` views
    const PathView syspath(read->syspath);
    // Keep the old record when nothing changed, so unchanged devices keep their identity object.
    if (auto old = table_.entries.find(syspath);
        old != table_.entries.end() && *old->second.device == *entry.device) {
      entry.device = old->second.device;
    }
    if (out != nullptr) order.push_back(entry.device);
    insert(fresh, syspath, std::move(entry));
  });
  if (out != nullptr) {
    std::vector<const Entry*> gone;
    for (const auto& [syspath, entry] : table_.entries)
      if (fresh.entries.count(syspath) == 0) gone.push_back(&entry);
    // Children before parents, as the kernel removes them.
    std::sort(gone.begin(), gone.end(), [](const Entry* a, const Entry* b) {
      return a->device->syspath.size() > b->device->syspath.size();
    });
    for (const Entry* entry : gone) engine::transition_events(*entry, {}, origin, 0, *out);

    static const Entry kAbsent;
    for (const DevicePtr& device : order) {
      const PathView syspath(device->syspath);
      auto old = table_.entries.find(syspath);
      const Entry& before = old == table_.entries.end() ? kAbsent : old->second;
      engine::transition_events(before, fresh.entries.find(syspath)->second, origin, 0, *out);
    }
  }
  table_ = std::move(fresh);
  ++generation_;
  guessed_.clear();  // every device is read afresh
  pure_.clear();
  subsystem_kinds_.clear();
}

void DeviceMap::snapshot(std::vector<DevicePtr>& out) const {
  out.clear();
  out.reserve(table_.entries.size());
  for (const auto& [syspath, entry] : table_.entries) out.push_back(entry.device);
  // Parents before children, like enumeration on Windows walks the tree.
  std::sort(out.begin(), out.end(),
            [](const DevicePtr& a, const DevicePtr& b) { return a->syspath < b->syspath; });
}

DevicePtr DeviceMap::find_instance(std::string_view instance_id) const {
  auto owner = table_.owners.find(OwnerView(instance_id));
  return owner == table_.owners.end() ? nullptr : find(owner->second);
}

DevicePtr DeviceMap::read_one(const std::string& syspath) const {
  std::optional<Device> device = sysfs_.read_device(syspath);
  if (!device) return nullptr;
  static const Table kNoOthers;
  return identify(std::move(*device), kNoOthers).device;
}

std::vector<std::string> DeviceMap::devices_of(const std::vector<std::string>& subsystems) const {
  std::set<std::string> found;
  for (const std::string& subsystem : subsystems) {
    if (subsystem.find('/') != std::string::npos || subsystem == "." || subsystem == "..") continue;
    add_entries(sysfs_.root() + "/class/" + subsystem, found);
    add_entries(sysfs_.root() + "/bus/" + subsystem + "/devices", found);
  }
  const std::string devices = sysfs_.root() + "/devices/";
  std::set<std::string> with_ancestors;
  for (const std::string& syspath : found) {
    if (!syspath.starts_with(devices)) continue;  // read_device checks the rest
    for (std::string at = syspath; !at.empty() && with_ancestors.insert(at).second;)
      at = sysfs_.parent_syspath(at);
  }
  std::vector<std::string> out(with_ancestors.begin(), with_ancestors.end());
  std::sort(out.begin(), out.end(), walk_order);
  return out;
}

DevicePtr DeviceMap::read_named(std::string_view name) const {
  std::vector<std::string> subsystems = subsystems_of_enumerator(enumerator_of(name));
  // An ancestor of another kind (the USB device above a NET\USB\... interface) is part of the
  // answer's identity: the devices that could share its ID are read too, in a second round.
  for (int round = 0; round < 3 && !subsystems.empty(); ++round) {
    Table read;
    DevicePtr answer;
    for (const std::string& syspath : devices_of(subsystems)) {
      std::optional<Device> device = sysfs_.read_device(syspath);
      if (!device) continue;
      bool fell_back = false;
      Entry entry = identify(std::move(*device), read, &fell_back);
      if (fell_back) return nullptr;  // a duplicate: the full map decides who keeps the ID
      if (!answer && engine::names_device(*entry.device, name)) answer = entry.device;
      const PathView at(entry.device->syspath);  // the entry's own strings: they outlive put()
      const OwnerView owner(entry.device->instance_id);
      put(read, at, owner, std::move(entry));
    }
    if (!answer) return nullptr;
    bool complete = true;
    for (auto at = read.entries.find(PathView(answer->syspath)); at != read.entries.end();
         at = read.entries.find(PathView(at->second.device->parent_syspath))) {
      const Device& link = *at->second.device;
      // A device without a subsystem has the generic ID, keyed on its own location.
      if (link.subsystem.empty()) continue;
      std::vector<std::string> kin = subsystems_of_enumerator(enumerator_of(link.instance_id));
      // An ID the enumerator table does not lead back to: only the full map can tell.
      if (std::find(kin.begin(), kin.end(), link.subsystem) == kin.end()) return nullptr;
      for (std::string& more : kin) {
        if (std::find(subsystems.begin(), subsystems.end(), more) != subsystems.end()) continue;
        subsystems.push_back(std::move(more));
        complete = false;
      }
    }
    if (complete) return answer;
  }
  return nullptr;
}

DevicePtr DeviceMap::find(std::string_view syspath) const {
  auto it = table_.entries.find(PathView(syspath));
  return it == table_.entries.end() ? nullptr : it->second.device;
}

}  // namespace cmnotify::linux_source
