// Says whether any uevent came since it was last asked: how a source that is not running knows
// that the devices it read last are still the devices present (docs/win32-api.md, "Freshness").
#pragma once

#include <sys/types.h>

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
  // Closes the socket only if its descriptor still names it.
  ~UeventWatch();
  UeventWatch(const UeventWatch&) = delete;
  UeventWatch& operator=(const UeventWatch&) = delete;

  [[nodiscard]] bool ok() const noexcept { return fd_.ok(); }

  // Whether a message (or an overflow, or an error) arrived since the last call; empties the
  // queue. Bound before the devices are read, so anything that happens during a read counts.
  // When the program has closed the socket's descriptor (a daemon's close-all loop) and the
  // number now names a file or socket of its own, that is neither read nor closed: the watch
  // binds a new socket and answers true.
  [[nodiscard]] bool changed() noexcept;

 private:
  void bind_socket() noexcept;
  [[nodiscard]] bool still_ours() const noexcept;

  UniqueFd fd_;
  dev_t device_ = 0;  // the socket's identity, which a reused descriptor number does not have
  ino_t inode_ = 0;
};

}  // namespace cmnotify::linux_source
