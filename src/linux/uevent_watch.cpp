#include "linux/uevent_watch.hpp"

#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>

namespace cmnotify::linux_source {
namespace {

constexpr unsigned kBothGroups = 1U | 2U;  // the kernel's and udevd's (NetlinkGroup values)

// The inode number of the initial user namespace (the kernel's PROC_USER_INIT_INO): fixed.
constexpr ino_t kInitialUserNamespace = 0xEFFFFFFDU;

}  // namespace

bool uevents_reach_this_namespace() noexcept {
  const UniqueFd net(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!net.ok()) return false;
  // The owner's descriptor comes with O_CLOEXEC. EPERM: the owner is outside this process's user
  // namespace, so not the initial one unless this process is in none of it (cannot be told).
  const UniqueFd owner(::ioctl(net.get(), NS_GET_USERNS));
  struct stat st {};
  return owner.ok() && ::fstat(owner.get(), &st) == 0 && st.st_ino == kInitialUserNamespace;
}

UeventWatch::UeventWatch() { bind_socket(); }

UeventWatch::~UeventWatch() {
  if (fd_.ok() && !still_ours()) fd_.forget();
}

void UeventWatch::bind_socket() noexcept {
  fd_ = UniqueFd(
      ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT));
  if (!fd_.ok()) return;
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = kBothGroups;
  struct stat st {};
  if (::bind(fd_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::fstat(fd_.get(), &st) != 0) {
    fd_.reset();
    return;
  }
  device_ = st.st_dev;
  inode_ = st.st_ino;
}

// The socket lives between discovery calls, so the program may have closed its descriptor and
// got the number back for its own file or socket; reading that would take the program's data.
bool UeventWatch::still_ours() const noexcept {
  struct stat st {};
  return ::fstat(fd_.get(), &st) == 0 && st.st_dev == device_ && st.st_ino == inode_;
}

bool UeventWatch::changed() noexcept {
  if (fd_.ok() && !still_ours()) {
    fd_.forget();
    bind_socket();  // bound before the read this answer causes, as the first one was
    return true;
  }
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
