// The one device map: every present device, keyed by syspath, built from sysfs at start and kept
// current by uevents. It answers enumeration too, so live and enumerated devices always agree.
// For each uevent (and each resynchronisation) it hands the device's state before and after to
// the event rule (engine/device_events.hpp), which says what Windows would notify.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "common/instance_id.hpp"
#include "engine/device_events.hpp"
#include "engine/device_source.hpp"
#include "engine/event_recycler.hpp"
#include "linux/hashed_key.hpp"
#include "linux/sysfs.hpp"
#include "linux/uevent.hpp"

namespace cmnotify::linux_source {

class DeviceMap {
 public:
  explicit DeviceMap(const Sysfs& sysfs) : sysfs_(sysfs) {}

  // Applies one trusted uevent and appends the events it produces to `out`. Application is
  // idempotent (an "add" of a known device is a change, a "remove" of an unknown one is nothing),
  // so events that were already reflected by a sysfs scan do no harm. `changes`: which kinds of
  // registration listen to Action::changed (only those changed events are built).
  void apply(const Uevent& uevent, engine::ChangeInterest changes,
             std::vector<engine::EventPtr>& out);

  // Re-reads every device from sysfs and appends the differences to `out` as ordinary removals
  // and arrivals with `origin` (resync after an overflow). On an empty map this is the initial
  // build, and the caller drops the events.
  void rescan(Origin origin, std::vector<engine::EventPtr>& out);
  // The same without building the events: nobody would receive them (the first read, and reads
  // for enumeration while nobody is registered). Thousands of devices make thousands of events.
  void rescan();

  void snapshot(std::vector<DevicePtr>& out) const;
  [[nodiscard]] DevicePtr find(std::string_view syspath) const;
  // The device holding this instance ID (case-insensitive), or nullptr.
  [[nodiscard]] DevicePtr find_instance(std::string_view instance_id) const;
  [[nodiscard]] std::size_t size() const noexcept { return table_.entries.size(); }
  // Changes whenever a device is added, removed or replaced: a list of the devices made at one
  // generation is the list as long as the generation stays.
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }

  // One device read from sysfs and identified with the same code a rescan uses, without reading
  // the others (its ancestors are read for its identity); the map is not changed. nullptr when
  // it is not a device. What a rescan could tell and this cannot: that another device claims
  // the same instance ID (identical serial numbers), which gives the later one a location-based
  // ID; a caller that must know uses the map.
  [[nodiscard]] DevicePtr read_one(const std::string& syspath) const;

  // The device whose instance ID or symbolic link is `name` (compared as engine::names_device
  // does), read without reading every device: only the devices of the subsystems the ID's
  // enumerator names (subsystems_of_enumerator), and their ancestors, identified as a rescan
  // would (parents first, in the walk's order, IDs kept unique among them); the map is not
  // changed. nullptr when that cannot decide, and the caller must read all: nothing read answers
  // to `name`, or some device read got a location-based ID for a duplicate (the full map may
  // decide that against devices not read). An ancestor without a subsystem is taken as unique:
  // its generic ID is keyed on its own devpath (docs/identities.md, "generic").
  [[nodiscard]] DevicePtr read_named(std::string_view name) const;

 private:
  // A device and whether a medium is loaded (block disks: size > 0).
  using Entry = engine::DeviceState;
  // Every table keeps its key's hash (linux/hashed_key.hpp): a uevent's path is hashed once,
  // in apply(), and its instance ID once per table change.
  using OwnerView = HashedView<detail::CaseInsensitiveHash>;
  struct Table {
    using Entries = PathMap<Entry>;
    // Instance ID -> syspath of its owner, to keep instance IDs unique.
    using Owners =
        HashedMap<detail::CaseInsensitiveHash, detail::CaseInsensitiveEqual, std::string>;
    Entries entries;
    Owners owners;
    // The nodes of erased entries (emptied of their device or owner), kept for the next put():
    // a device that goes and comes back, as in an add/remove storm, then allocates no map node
    // and no key string (the key keeps its capacity). A few at most.
    std::vector<Entries::node_type> spare_entries;
    std::vector<Owners::node_type> spare_owners;
  };

  // Builds a device from its uevent and gives it its identity. sysfs is read only for what the
  // message lacks: at most the driver link of a bus device the message names no driver for, and
  // the attributes its identity rule needs. The directory facts (parent, class or bus) come from
  // the map: remembered for a device read or removed before, told by the map and the kind of its
  // subsystem for a new one (first_facts). Only when the map cannot tell is the whole directory
  // read, falling back to the uevent alone if the device already vanished. A kobject whose
  // subsystem is neither a bus nor a class is not a device: nothing (after the first look at
  // its subsystem's kind).
  [[nodiscard]] Entry build(const PathView& syspath, const Uevent& uevent);
  // The directory facts of `syspath` if a device there was read before and they still hold for
  // `uevent` (same subsystem, parent still present).
  [[nodiscard]] std::optional<Sysfs::DirectoryFacts> known_facts(const PathView& syspath,
                                                                 const Uevent& uevent) const;
  // The directory facts of a device not read before, as Sysfs::read_device would find them,
  // without reading: its parent from the map (nearest_known_ancestor) and whether it is a class
  // device from its subsystem's kind. nullopt when the map cannot tell (a subsystem that is both a
  // bus and a class, or none at all; a removed device between it and the nearest device the map
  // holds; a path read_device would refuse).
  [[nodiscard]] std::optional<Sysfs::DirectoryFacts> first_facts(const PathView& syspath,
                                                                 Sysfs::SubsystemKind kind) const;
  // What a device removed at a path between a device and its nearest known ancestor means:
  // `unknown`, the parent is unknown (the removed one's directory may still be there: only sysfs
  // can tell); `skipped`, it is passed over (a vanished device's parent is the nearest one left).
  enum class RemovedOnTheWay { unknown, skipped };
  // The nearest ancestor of `syspath` that is a device, told by the map: the kernel announces a
  // parent before its children and removes it after them, so it is the nearest ancestor the map
  // holds ("" when none: a top-level device such as a tap). nullopt only for `unknown`.
  [[nodiscard]] std::optional<std::string> nearest_known_ancestor(std::string_view syspath,
                                                                  RemovedOnTheWay removed) const;
  // Sysfs::subsystem_kind(subsystem), looked up once per name (subsystem_kinds_).
  [[nodiscard]] Sysfs::SubsystemKind subsystem_kind(std::string_view subsystem);
  // A uevent outside /devices: a bus or a class itself registered or unregistered (a module
  // loaded or unloaded) makes its name's kind be looked up again.
  void forget_subsystem_kind(std::string_view devpath);
  // `syspath` is the device's own.
  void remember_removed(const PathView& syspath, const DevicePtr& device);
  struct RemovedFacts;
  // What was kept of the removed device at `syspath` if `uevent` ("add") would build exactly its
  // record again (RemovedFacts::record, identified against RemovedFacts::parent), else nullptr.
  [[nodiscard]] const RemovedFacts* comes_back(const PathView& syspath, const Uevent& uevent);
  // Gives `device` (Linux fields filled) its identity, unique within `table`.
  // `fell_back` (when not null) is set when the device got the fallback ID.
  [[nodiscard]] Entry identify(Device device, const Table& table, bool* fell_back = nullptr) const;
  [[nodiscard]] bool media_present(const Device& device) const;

  // `syspath` is the entry's device's own.
  void insert(Table& table, const PathView& syspath, Entry entry);
  // `owner`: the entry's device's instance ID.
  static void put(Table& table, const PathView& syspath, const OwnerView& owner, Entry entry);
  // The device directories of `subsystems` (as /sys/class and /sys/bus list them) and their
  // ancestors, in the order a walk of all of sysfs reads them.
  [[nodiscard]] std::vector<std::string> devices_of(
      const std::vector<std::string>& subsystems) const;
  void erase(Table& table, Table::Entries::iterator it);

  // Whether `record` already holds every persistent pair of `uevent` (record_matches), answered
  // from last_match_ when the message repeats the last one that matched this record: a storm of
  // change events on one device then compares one string instead of looking up every key.
  [[nodiscard]] bool says_nothing_new(const DevicePtr& record, const Uevent& uevent);
  // `syspath`: the device's path (for a "move", the new one), hashed once per uevent.
  void on_add(const PathView& syspath, const Uevent& uevent, engine::ChangeInterest changes,
              std::vector<engine::EventPtr>& out);
  void on_remove(const PathView& syspath, std::uint64_t sequence,
                 std::vector<engine::EventPtr>& out);
  void on_change(const PathView& syspath, const Uevent& uevent, bool rebuild,
                 engine::ChangeInterest changes, std::vector<engine::EventPtr>& out);

  void rescan(Origin origin, std::vector<engine::EventPtr>* out);
  // The changed events of a device a uevent touched, for the registrations in `changes`.
  void changed(const DevicePtr& device, const Uevent& uevent, engine::ChangeInterest changes,
               std::vector<engine::EventPtr>& out);

  const Sysfs& sysfs_;
  Table table_;
  std::uint64_t generation_ = 0;
  std::string syspath_;  // scratch: root + DEVPATH of the uevent being applied (no allocation)
  std::vector<engine::EventProperty> event_properties_;  // scratch: those of the uevent applied
  engine::EventRecycler recycler_;                       // live events, reused once delivered
  // The last record a message was found to match, and that message's persistent pairs
  // ("KEY=VALUE\0..."). Records never change, so the same pairs match the same record again.
  struct LastMatch {
    DevicePtr record;
    std::string pairs;
  };
  LastMatch last_match_;
  // The hashed instance ID of `record`: records never change, so the view of the last one asked
  // about is kept with it (the record holds the text it views). An add/remove storm asks about
  // the same record in comes_back(), put() and erase(), which each hashed its ID before.
  [[nodiscard]] OwnerView owner_key(const DevicePtr& record);
  struct OwnerMemo {
    DevicePtr record;
    std::optional<OwnerView> key;
  };
  OwnerMemo owner_memo_;
  std::string pairs_scratch_;  // the pairs of the uevent being applied (no allocation)
  // What the directories of removed devices said (a device that comes back at the same path, as
  // in an add/remove storm, is built from its message). Bounded: emptied when it grows too big.
  struct RemovedFacts {
    std::string subsystem;
    Sysfs::DirectoryFacts facts;
    // The removed record itself when it was a function of its message (see pure_), with the
    // parent record it was identified against: the same message brings the same record back.
    DevicePtr record;
    DevicePtr parent;
    // The persistent pairs of the last message found to match `record` (persistent_pairs(); empty:
    // none yet): the same pairs match the same record again.
    std::string pairs;
  };
  PathMap<RemovedFacts> removed_;
  // Devices built from their message whose identity read nothing from sysfs, with the parent
  // record they were identified against (null at the top). Erased nodes are kept for the next.
  PathMap<DevicePtr> pure_;
  std::vector<PathMap<DevicePtr>::node_type> spare_pure_;
  // Devices described from their uevent alone because they had vanished: their directory facts
  // were never read, so they are not reused.
  PathSet guessed_;
  // The kind of each subsystem name met in a message for a device not read before. A bus or a
  // class stays while it has devices; a name's entry goes when a uevent says the bus or class
  // itself came or went (forget_subsystem_kind), and all go with a rescan.
  PathMap<Sysfs::SubsystemKind> subsystem_kinds_;
};

}  // namespace cmnotify::linux_source
