// Tells the source's reader that udevd's control socket may have appeared, so that an idle
// source never wakes up to probe for udevd (docs/performance.md, "Idle"). An inotify watch on the
// socket's directory (/run/udev), or on that directory's parent (/run) while the directory does
// not exist yet. Only udevd's arrival is watched: its leaving leaves the socket file behind when
// it is killed, and the arbiter notices it by the probe it makes while events wait.
#pragma once

#include <string>

#include "linux/unique_fd.hpp"

namespace cmnotify::linux_source {

class UdevdWatch {
 public:
  // Watches for `control_path` (normally /run/udev/control) being created or moved in. not ok()
  // when inotify or both directories are unavailable: the caller then probes on a timer.
  explicit UdevdWatch(const std::string& control_path);

  [[nodiscard]] bool ok() const noexcept {
    return fd_.ok() && (dir_watch_ >= 0 || parent_watch_ >= 0);
  }
  // Readable (POLLIN) when changed() has something to say. -1 when not ok().
  [[nodiscard]] int fd() const noexcept { return ok() ? fd_.get() : -1; }
  // Empties the watch's queue; true when the control socket, or its directory, was created or
  // moved in since the last call (or the queue overflowed: then anything may have happened).
  [[nodiscard]] bool changed();
  // Whether the control socket's file exists now (udevd may be starting, or left it behind).
  [[nodiscard]] bool control_exists() const;

 private:
  // Watches the directory when it exists, else its parent; true when the directory is watched.
  bool arm();

  UniqueFd fd_;
  std::string control_path_;
  std::string dir_;        // /run/udev
  std::string parent_;     // /run
  std::string dir_name_;   // udev
  std::string file_name_;  // control
  int dir_watch_ = -1;
  int parent_watch_ = -1;
};

}  // namespace cmnotify::linux_source
