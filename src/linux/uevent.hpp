// The one parser for uevent messages, in both wire formats: the kernel's
// ("ACTION@DEVPATH\0KEY=VALUE\0...") and udev's ("libudev\0" + 40-byte header + KEY=VALUE\0...).
// Pure: no I/O, no allocation once `Uevent::properties` has grown to its high-water mark.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "cmnotify/source.hpp"

namespace cmnotify::linux_source {

enum class UeventFormat : std::uint8_t { kernel, udev };

// Limits of one KEY=VALUE pair (rules table in uevent.cpp). The kernel's whole environment is
// 2048 bytes; udev values (DEVLINKS, TAGS, DMI modaliases) stay far below 8 KiB.
inline constexpr std::size_t kUeventMaxKeyBytes = 128;
inline constexpr std::size_t kUeventMaxValueBytes = 8192;

// One parsed uevent. Every string_view points into the message buffer it was parsed from.
struct Uevent {
  UeventFormat format = UeventFormat::kernel;
  std::string_view action;       // ACTION: add, remove, change, move, online, offline, bind, unbind
  std::string_view devpath;      // DEVPATH, "/devices/virtual/net/lo" (no /sys prefix)
  std::string_view subsystem;    // SUBSYSTEM
  std::string_view devtype;      // DEVTYPE, empty when absent
  std::string_view driver;       // DRIVER, empty when absent
  std::string_view devname;      // DEVNAME as sent: "sda1" (kernel) or "/dev/sda1" (udev)
  std::string_view devpath_old;  // DEVPATH_OLD, for "move"
  std::uint64_t seqnum = 0;      // SEQNUM; 0 when absent (the kernel counts from 1)
  std::uint32_t major = 0;       // MAJOR/MINOR when has_devnum
  std::uint32_t minor = 0;
  bool has_devnum = false;
  // Every KEY=VALUE pair in message order, including the ones above.
  std::vector<std::pair<std::string_view, std::string_view>> properties;
  // The positions in `properties` of the pairs whose key is_transient_key(), ascending: found
  // while parsing, which reads every key anyway, so that the device map never asks per pair.
  std::vector<std::uint32_t> transient;
  // The bytes every pair was parsed from, "KEY=VALUE\0" after "KEY=VALUE\0" and nothing else:
  // a run of persistent pairs is one range of it.
  std::string_view pair_bytes;

  // The value of `key`, or an empty view when absent.
  [[nodiscard]] std::string_view property(std::string_view key) const noexcept;
};

// Whether `key` describes one uevent rather than the device: ACTION, SEQNUM, DEVPATH_OLD,
// SYNTH_UUID, SYNTH_ARG_*, DISK_MEDIA_CHANGE, DISK_EJECT_REQUEST, UDEV_DATABASE_VERSION. They
// go to Event::event_properties and never into the device record (otherwise every synthetic
// event would look like a new device). UDEV_DATABASE_VERSION is udevd's note on its message
// format: udevd's database record does not hold it, so keeping it would make a live event's
// device differ from the same device read from sysfs and the database (`info`, `list`,
// --present). The one list: parse_uevent marks these pairs in Uevent::transient.
[[nodiscard]] bool is_transient_key(std::string_view key) noexcept;

// Calls f(key, value) for each pair of `uevent` that is not transient, in message order.
template <typename F>
void for_each_persistent(const Uevent& uevent, F&& f) {
  auto next = uevent.transient.begin();
  for (std::size_t i = 0; i < uevent.properties.size(); ++i) {
    if (next != uevent.transient.end() && *next == i) {
      ++next;
      continue;
    }
    f(uevent.properties[i].first, uevent.properties[i].second);
  }
}

// Parses one datagram; UeventError (cmnotify/source.hpp) says why it was refused. On error `out`
// is unspecified. `out.properties` keeps its capacity, so
// parsing allocates only while a message has more pairs than any before it.
[[nodiscard]] UeventError parse_uevent(std::span<const char> message, Uevent& out);

}  // namespace cmnotify::linux_source
