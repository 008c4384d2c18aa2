// The one device map: every present device, keyed by syspath, built from sysfs at start and kept
// current by uevents. It answers enumeration too, so live and enumerated devices always agree.
// It turns each uevent (and each resynchronisation) into the Windows-style events of the change.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cmnotify/device.hpp"
#include "common/instance_id.hpp"
#include "engine/device_source.hpp"
#include "linux/event_recycler.hpp"
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

  void snapshot(std::vector<DevicePtr>& out) const;
  [[nodiscard]] DevicePtr find(std::string_view syspath) const;
  [[nodiscard]] std::size_t size() const noexcept { return table_.entries.size(); }

 private:
  struct Entry {
    DevicePtr device;
    bool media_present = false;  // block disks: a medium is loaded (size > 0)
  };
  struct Table {
    std::unordered_map<std::string, Entry> entries;
    // Instance ID -> syspath of its owner, to keep instance IDs unique.
    std::unordered_map<std::string, std::string, detail::CaseInsensitiveHash,
                       detail::CaseInsensitiveEqual>
        owners;
  };

  // Reads a device (sysfs, or the uevent alone if it already vanished) and gives it its identity.
  [[nodiscard]] Entry build(const std::string& syspath, const Uevent* uevent) const;
  // Gives `device` (Linux fields filled) its identity, unique within `table`.
  [[nodiscard]] Entry identify(Device device, const Table& table) const;
  [[nodiscard]] bool media_present(const Device& device) const;
  [[nodiscard]] std::string nearest_known_ancestor(std::string_view syspath) const;

  static void insert(Table& table, Entry entry);
  static void erase(Table& table, const std::string& syspath);

  void on_add(const Uevent& uevent, engine::ChangeInterest changes,
              std::vector<engine::EventPtr>& out);
  void on_remove(const std::string& syspath, std::uint64_t sequence,
                 std::vector<engine::EventPtr>& out);
  void on_change(const Uevent& uevent, bool rebuild, engine::ChangeInterest changes,
                 std::vector<engine::EventPtr>& out);

  // The events that turn `before` into `after` (same syspath).
  static void diff(const Entry& before, const Entry& after, Origin origin, std::uint64_t sequence,
                   std::vector<engine::EventPtr>& out);
  void changed_events(const DevicePtr& device, const Uevent& uevent, engine::ChangeInterest changes,
                      std::vector<engine::EventPtr>& out);

  const Sysfs& sysfs_;
  Table table_;
  std::string syspath_;     // scratch: root + DEVPATH of the uevent being applied (no allocation)
  EventRecycler recycler_;  // changed events, reused once delivered
};

}  // namespace cmnotify::linux_source
