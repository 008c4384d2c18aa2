// Says whether any uevent came since it was last asked: how a source that is not running knows
// that the devices it read last are still the devices present (docs/win32-api.md, "Freshness").
#pragma once

#include "linux/unique_fd.hpp"

namespace cmnotify::linux_source {

// Whether the kernel's uevents reach this process's network namespace: it broadcasts a device's
// uevent (one not tagged with a network namespace: every device but a network interface) only to
// the network namespaces the initial user namespace owns. In a rootless container's a watch would
// hear nothing while the host's devices come and go under /sys. false when it cannot be told.
[[nodiscard]] bool uevents_reach_this_namespace() noexcept;

class UeventWatch {
 public:
  // Binds a small netlink socket to both uevent groups (the kernel's and udevd's, so udevd's
  // database updates count too). not ok() when that fails: then nothing is ever fresh.
  UeventWatch();

  [[nodiscard]] bool ok() const noexcept { return fd_.ok(); }

  // Whether a message (or an overflow, or an error) arrived since the last call; empties the
  // queue. Bound before the devices are read, so anything that happens during a read counts.
  [[nodiscard]] bool changed() noexcept;

 private:
  UniqueFd fd_;
};

}  // namespace cmnotify::linux_source
