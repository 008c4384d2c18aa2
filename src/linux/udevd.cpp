#include "linux/udevd.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "linux/unique_fd.hpp"

namespace cmnotify::linux_source {

bool udevd_answers(const std::string& control_path) {
  sockaddr_un address{};
  if (control_path.empty() || control_path.size() >= sizeof address.sun_path) return false;
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, control_path.data(), control_path.size());
  // udevd's control socket is SOCK_SEQPACKET. Non-blocking: a busy udevd (full backlog) answers
  // EAGAIN, which still proves it listens; we never wait for it.
  const UniqueFd fd(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.ok()) return false;
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0)
    return true;  // closed at once without a message: udevd reads end-of-file and lets it go
  return errno == EAGAIN || errno == EINPROGRESS;
}

std::optional<NetlinkGroup> requested_group(NetlinkGroup configured, std::string& error) {
  if (configured != NetlinkGroup::automatic && configured != NetlinkGroup::kernel &&
      configured != NetlinkGroup::udev) {
    error = "SourceConfig::group " + std::to_string(static_cast<std::uint32_t>(configured)) +
            " is not automatic (0), kernel (1) or udev (2)";
    return std::nullopt;
  }
  if (configured != NetlinkGroup::automatic) return configured;
  const char* value = std::getenv(kGroupVariable);
  if (value == nullptr || *value == '\0') return configured;
  if (auto group = netlink_group_from_name(value)) return group;
  std::string shown(value);  // printable: the message ends up on a terminal
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  error = std::string(kGroupVariable) + "=\"" + shown +
          "\" is not a netlink group: use auto, kernel or udev";
  return std::nullopt;
}

}  // namespace cmnotify::linux_source
