#include "linux/udevd_watch.hpp"

#include <sys/inotify.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <tuple>
#include <utility>

namespace cmnotify::linux_source {
namespace {

// "/run/udev/control" -> {"/run/udev", "control"}; "/run/udev" -> {"/run", "udev"}.
std::pair<std::string, std::string> split(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return {std::string("."), path};
  return {path.substr(0, slash == 0 ? 1 : slash), path.substr(slash + 1)};
}

// A socket file appears by bind() (IN_CREATE) or, for a tool that prepares it elsewhere, a rename.
constexpr std::uint32_t kDirMask =
    IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
constexpr std::uint32_t kParentMask = IN_CREATE | IN_MOVED_TO | IN_ONLYDIR;

}  // namespace

UdevdWatch::UdevdWatch(const std::string& control_path)
    : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)), control_path_(control_path) {
  if (!fd_.ok() || control_path.empty()) return;
  std::tie(dir_, file_name_) = split(control_path);
  std::tie(parent_, dir_name_) = split(dir_);
  (void)arm();
}

bool UdevdWatch::arm() {
  dir_watch_ = ::inotify_add_watch(fd_.get(), dir_.c_str(), kDirMask);
  if (dir_watch_ >= 0) {
    if (parent_watch_ >= 0) (void)::inotify_rm_watch(fd_.get(), parent_watch_);
    parent_watch_ = -1;
    return true;
  }
  // Not there yet: watch its parent for it. Armed before the directory is tried again, so a
  // directory made in between is seen either way.
  if (parent_watch_ < 0)
    parent_watch_ = ::inotify_add_watch(fd_.get(), parent_.c_str(), kParentMask);
  dir_watch_ = ::inotify_add_watch(fd_.get(), dir_.c_str(), kDirMask);
  if (dir_watch_ >= 0 && parent_watch_ >= 0) {
    (void)::inotify_rm_watch(fd_.get(), parent_watch_);
    parent_watch_ = -1;
  }
  return dir_watch_ >= 0;
}

bool UdevdWatch::control_exists() const {
  struct stat st {};
  return ::stat(control_path_.c_str(), &st) == 0;
}

bool UdevdWatch::changed() {
  if (!fd_.ok()) return false;
  bool appeared = false;
  bool rearm = false;
  alignas(inotify_event) char buffer[4096];
  while (true) {
    const ssize_t n = ::read(fd_.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EAGAIN: empty
    for (std::size_t at = 0; at < static_cast<std::size_t>(n);) {
      inotify_event event;
      std::memcpy(&event, buffer + at, sizeof event);
      const std::string_view name =
          event.len == 0 ? std::string_view() : std::string_view(buffer + at + sizeof event);
      at += sizeof event + event.len;
      if ((event.mask & IN_Q_OVERFLOW) != 0) {
        appeared = rearm = true;
      } else if (event.wd == dir_watch_ && dir_watch_ >= 0) {
        if ((event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) != 0) {
          // The directory went (or was moved away): watch for it to come back.
          (void)::inotify_rm_watch(fd_.get(), dir_watch_);
          dir_watch_ = -1;
          rearm = true;
        } else if (name == file_name_) {
          appeared = true;
        }
      } else if (event.wd == parent_watch_ && parent_watch_ >= 0 && name == dir_name_) {
        appeared = rearm = true;  // the control socket may be made in it before it is watched
      }
    }
  }
  // A directory watched anew may hold a socket made before the watch was: look once.
  if (rearm && dir_watch_ < 0 && arm() && control_exists()) appeared = true;
  return appeared;
}

}  // namespace cmnotify::linux_source
