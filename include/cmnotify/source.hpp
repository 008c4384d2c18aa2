// cmnotify: the device source (where events come from) and enumeration of present devices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/filter.hpp"

namespace cmnotify {

struct SourceConfig {
  enum class Group {
    automatic,  // udev's netlink group when systemd-udevd runs, else the kernel's
    kernel,     // events straight from the kernel (containers, no udevd)
    udev,       // events re-broadcast by systemd-udevd after its rules ran
  };
  // The environment variable CMNOTIFY_NETLINK_GROUP=kernel|udev overrides `automatic`.
  Group group = Group::automatic;
  // Requested socket receive buffer. Root gets it (SO_RCVBUFFORCE); others get at most
  // net.core.rmem_max. Overflows are recovered either way.
  std::size_t receive_buffer_bytes = std::size_t{128} << 20;
};

// Configures the device source. Takes effect at once; throws Error(Cr::invalid_api) while any
// subscription or registration is open (the source is running then).
void configure_source(const SourceConfig& config);

struct SourceStats {
  std::string description;          // "netlink kernel group", "netlink udev group"
  std::string last_error;           // why the source could not start, if it could not
  std::uint64_t messages = 0;       // netlink datagrams read
  std::uint64_t accepted = 0;       // trusted uevents applied to the device map
  std::uint64_t rejected = 0;       // forged, malformed or truncated messages dropped
  std::uint64_t overflows = 0;      // kernel buffer overflows (ENOBUFS) ...
  std::uint64_t resyncs = 0;        // ... each recovered by a sysfs rescan
  std::uint64_t resync_events = 0;  // events those rescans delivered
  std::uint64_t events_published = 0;
  std::size_t receive_buffer_bytes = 0;  // effective, as the kernel reports it
  std::size_t devices = 0;               // devices in the map
};

// Counters of the device source (zeros before it first ran).
SourceStats source_stats();

// The devices present now that `filter` selects, parents before children: read from the same
// device map that feeds live events (or from sysfs, with the same code, when nothing is
// subscribed). Throws Error on failure.
std::vector<DevicePtr> enumerate(const Filter& filter = Filter::all_instances());

}  // namespace cmnotify
