#include "linux/uevent_watch.hpp"

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>

namespace cmnotify::linux_source {
namespace {

constexpr unsigned kBothGroups = 1U | 2U;  // the kernel's and udevd's (NetlinkGroup values)

}  // namespace

UeventWatch::UeventWatch()
    : fd_(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT)) {
  if (!fd_.ok()) return;
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = kBothGroups;
  if (::bind(fd_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    fd_.reset();
}

bool UeventWatch::changed() noexcept {
  if (!fd_.ok()) return true;
  bool any = false;
  char byte;
  while (true) {
    // MSG_TRUNC: the datagram is dropped whole; its content does not matter, only that it came.
    const ssize_t n = ::recv(fd_.get(), &byte, sizeof byte, MSG_DONTWAIT | MSG_TRUNC);
    if (n >= 0) {
      any = true;
      continue;
    }
    if (errno == EINTR) continue;
    // EAGAIN: the queue is empty. ENOBUFS (messages lost) and anything else: not fresh.
    return any || errno != EAGAIN;
  }
}

}  // namespace cmnotify::linux_source
