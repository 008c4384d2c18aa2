// cmnotify: the device source (where events come from), its statistics, and enumeration of
// present devices.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/filter.hpp"

namespace cmnotify {

// The netlink multicast group the Linux source listens to. kernel and udev are the group
// numbers on the wire.
enum class NetlinkGroup : std::uint32_t {
  automatic = 0,  // both, switching as udevd comes and goes (docs/guarantees.md)
  kernel = 1,     // events straight from the kernel (containers, no udevd)
  udev = 2,       // events re-broadcast by systemd-udevd after its rules ran
};

// "auto", "kernel" or "udev": the names CMNOTIFY_NETLINK_GROUP and `cmnotify monitor --source`
// take. to_string gives "unknown" for a value outside the enum.
[[nodiscard]] std::string_view to_string(NetlinkGroup group) noexcept;
// The group named `name` (exactly one of to_string's names), or nullopt.
[[nodiscard]] std::optional<NetlinkGroup> netlink_group_from_name(std::string_view name) noexcept;

struct SourceConfig {
  using Group = NetlinkGroup;
  // The environment variable CMNOTIFY_NETLINK_GROUP=auto|kernel|udev overrides `automatic` (an
  // empty value is as if unset; any other value makes the source fail to start, saying so in
  // SourceStats::last_error). A value outside the enum fails the same way.
  NetlinkGroup group = NetlinkGroup::automatic;
  // Requested socket receive buffer. Root gets it (SO_RCVBUFFORCE); others get at most
  // net.core.rmem_max. Overflows are recovered either way.
  std::size_t receive_buffer_bytes = std::size_t{128} << 20;
};

// Configures the device source. Takes effect at once; throws Error(Cr::invalid_api) while any
// subscription or registration is open (the source is running then).
void configure_source(const SourceConfig& config);

// Why the uevent parser refused a message, in the order it checks (rules table in
// src/linux/uevent.cpp).
enum class UeventError : std::uint8_t {
  none,
  empty,
  truncated_header,  // shorter than the header it claims
  bad_udev_magic,
  bad_udev_header_size,
  bad_udev_offsets,  // properties_off/properties_len outside the message
  not_nul_terminated,
  malformed_pair,  // no '=' or an empty / invalid key
  value_too_long,
  invalid_utf8,  // never counted: values are bytes, not text (kept so the others keep their place)
  missing_action,
  missing_devpath,
  missing_subsystem,
  bad_seqnum,
  bad_devnum,
  header_mismatch,  // kernel "action@devpath" disagrees with ACTION/DEVPATH
  bad_devpath,      // DEVPATH/DEVPATH_OLD not absolute, or with an empty, "." or ".." part
  duplicate_key,    // a key this parser interprets (ACTION, DEVPATH, ...) given twice
};
inline constexpr std::size_t kUeventErrorCount =
    static_cast<std::size_t>(UeventError::duplicate_key) + 1;

// The value's name: "malformed_pair" for UeventError::malformed_pair, "none" for none.
[[nodiscard]] std::string_view to_string(UeventError error) noexcept;

// A period during which the source delivered from one netlink group.
struct SourceGroupPeriod {
  NetlinkGroup group = NetlinkGroup::kernel;  // kernel or udev
  std::chrono::system_clock::time_point since;
  std::string reason;  // why: "udevd answers", "udevd stopped answering", "configured", ...
};

// The device source's counters. Every source fills the fields that apply to it; the Linux
// source fills them all.
struct SourceStats {
  // Why messages were dropped, one count per reason (docs/guarantees.md lists the checks).
  struct Rejections {
    std::uint64_t sender = 0;        // not the kernel (kernel group), or not multicast to us
    std::uint64_t credentials = 0;   // no SCM_CREDENTIALS, or not uid 0 (udev group)
    std::uint64_t truncated = 0;     // cut short (MSG_TRUNC, MSG_CTRUNC) or over the size limit
    std::uint64_t wrong_format = 0;  // a well-formed uevent in the other group's wire format
    // Refused by the parser, by UeventError (the `none` slot stays 0).
    std::array<std::uint64_t, kUeventErrorCount> malformed{};

    // Calls fn(name, count) for every reason: "sender", "credentials", "truncated",
    // "wrong_format", then each parser error under its to_string() name.
    template <typename Fn>
    void for_each(Fn&& fn) const {
      fn(std::string_view("sender"), sender);
      fn(std::string_view("credentials"), credentials);
      fn(std::string_view("truncated"), truncated);
      fn(std::string_view("wrong_format"), wrong_format);
      for (std::size_t i = 1; i < kUeventErrorCount; ++i)
        fn(to_string(static_cast<UeventError>(i)), malformed[i]);
    }
  };

  // The groups used, as they were used: "netlink kernel group", or with switches
  // "netlink udev group, then kernel group from 12:00:01 (udevd stopped answering)".
  std::string description;
  std::string last_error;  // why the source could not start, if it could not
  // The group asked for: SourceConfig::group, or CMNOTIFY_NETLINK_GROUP's when that is automatic.
  // udev alone hears nothing while udevd does not run (udevd_running() says when).
  NetlinkGroup requested_group = NetlinkGroup::automatic;
  std::uint64_t messages = 0;       // messages read (netlink datagrams)
  std::uint64_t accepted = 0;       // trusted uevents applied to the device map
  std::uint64_t rejected = 0;       // forged, malformed or truncated messages dropped ...
  std::uint64_t overflows = 0;      // times events were lost (the kernel's ENOBUFS) ...
  std::uint64_t resyncs = 0;        // ... each recovered by a rescan of the devices (sysfs)
  std::uint64_t resync_events = 0;  // events those rescans delivered
  std::uint64_t events_published = 0;
  std::size_t receive_buffer_bytes = 0;  // effective, as the kernel reports it
  std::size_t devices = 0;               // devices in the map
  Rejections rejections;                 // ... `rejected` of them, by reason
  // Read unparsed after an overflow, or udevd's late copy of an "add" numbered before a resync's
  // scan (its kernel copy lost in the overflow) whose device is gone: their outcome is rescanned.
  std::uint64_t discarded = 0;

  // Listening to both groups (NetlinkGroup::automatic): which copy of each uevent was used.
  std::uint64_t from_kernel = 0;  // uevents delivered from the kernel's group
  std::uint64_t from_udev = 0;    // ... from udevd's group
  std::uint64_t duplicates = 0;   // second copies (same SEQNUM) dropped
  std::uint64_t udev_late = 0;    // kernel copies delivered after waiting for udevd in vain
  std::uint64_t group_switches = 0;
  // The udev group alone (NetlinkGroup::udev): times systemd-udevd came back after it had not
  // run, each followed by a resync (origin resync) of what changed meanwhile, and when the latest
  // did. Counted before the resync delivers its events: whoever receives one sees the count grown.
  std::uint64_t udevd_returns = 0;
  std::chrono::system_clock::time_point udevd_returned_at{};
  // The group in use since the source started, oldest first (the first and the latest 31 when
  // it switched more often).
  std::vector<SourceGroupPeriod> groups;
};

// Counters of the device source (zeros before it first ran).
SourceStats source_stats();

// Whether systemd-udevd runs now: a process accepts connections on its control socket
// (/run/udev/control). The socket file udevd leaves behind when it exits or is killed does not
// count; a stopped (SIGSTOP) udevd does. Asks without waiting.
[[nodiscard]] bool udevd_running();

// The devices present now that `filter` selects, parents before children: read from the same
// device map that feeds live events (or from sysfs, with the same code, when nothing is
// subscribed). Throws Error on failure.
std::vector<DevicePtr> enumerate(const Filter& filter = Filter::all_instances());

// The present device `name` names, or nullptr when none does. `name` is one of: an instance ID
// ("SWD\NET\ETH0", case-insensitive), a device interface's symbolic link ("\\?\..."), a /dev
// node or a link to one ("/dev/vda", "/dev/disk/by-id/..."), a /sys device directory or a link to
// one ("/sys/class/net/eth0"), or a kernel name ("eth0", "vda", "ttyS0": a network interface, a
// /dev node, then a device of that name in any class or bus; a name with a backslash is such a
// name when no device has it as its instance ID: `ip tuntap` makes "a\b"). Answered from the device
// map while anything is subscribed; otherwise a path or a kernel name reads only that device (and
// its ancestors, for its identity), and an instance ID or a link only the devices of the kinds its
// enumerator can name (all of them when it names no known kind, when nothing there answers, or
// when two devices there share an ID), not every device. Throws Error(Cr::invalid_data) for an
// empty name, Error when the devices cannot be read.
DevicePtr find_device(std::string_view name);

}  // namespace cmnotify
