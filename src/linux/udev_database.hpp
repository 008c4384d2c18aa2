// udevd's database (/run/udev/data): what its rules added to each device, so an enumerated
// device carries the same properties, tags and links as udevd's live event for it.
//
// One file per device, named by udev's device ID: "b<major>:<minor>" (block), "c<major>:<minor>"
// (other devices with a number), "n<ifindex>" (network interfaces), else "+<subsystem>:<sysname>".
// Lines "<letter>:<rest>": E (a property KEY=VALUE), S (a link below /dev), G (a tag), Q (a
// current tag), I (the time it was initialised, µs); others (L, W, V, ...) are udevd's own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cmnotify::linux_source {

// At most this much of a database file is read; a record is a few hundred bytes.
inline constexpr std::size_t kUdevDatabaseMaxBytes = 64 * 1024;

// The name of the device's file (empty when it has none): `block` and a device number first,
// then IFINDEX for subsystem "net", else subsystem and sysname.
[[nodiscard]] std::string udev_database_id(std::string_view subsystem, std::string_view sysname,
                                           bool has_devnum, bool block, std::uint32_t major,
                                           std::uint32_t minor, std::string_view ifindex);

// The properties a database file gives, as udevd's live event spells them: every E: pair, then
// DEVLINKS ("/dev/a /dev/b", from S:), TAGS and CURRENT_TAGS (":a:b:", from G: and Q:) and
// USEC_INITIALIZED (from I:), those four from their own lines only (an E: line naming one is
// skipped). Malformed lines are skipped; keys keep the uevent parser's rules
// (1..128 bytes of [A-Za-z0-9_.], not starting with a digit). Unsorted; later pairs win.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_udev_database(
    std::string_view text);

}  // namespace cmnotify::linux_source
