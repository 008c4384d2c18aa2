#include "tap_bulk.hpp"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace storm {
namespace {

// A descriptor attached to tap `name` (made when it does not exist), or -1 with errno set.
int attach(const std::string& name) {
  const int fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) return -1;
  ifreq request{};
  request.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::strncpy(request.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd, TUNSETIFF, &request) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

bool set_persistent(const std::string& name, bool persistent) {
  const int fd = attach(name);
  if (fd < 0) return false;
  const bool ok = ::ioctl(fd, TUNSETPERSIST, persistent ? 1 : 0) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::string tap_name(const std::string& prefix, std::size_t index) {
  return prefix + std::to_string(index);
}

std::size_t create_taps(const std::string& prefix, std::size_t count, std::string& error) {
  for (std::size_t i = 0; i < count; ++i) {
    if (!set_persistent(tap_name(prefix, i), true)) {
      error = "tap " + tap_name(prefix, i) + ": " + std::strerror(errno);
      return i;
    }
  }
  return count;
}

std::size_t delete_taps(const std::string& prefix, std::size_t count) {
  std::size_t deleted = 0;
  for (std::size_t i = 0; i < count; ++i) {
    // Attaching to a tap that does not exist would make it: only those present are deleted.
    if (::access(("/sys/class/net/" + tap_name(prefix, i)).c_str(), F_OK) != 0) continue;
    if (set_persistent(tap_name(prefix, i), false)) ++deleted;
  }
  return deleted;
}

}  // namespace storm
