// The NETLINK_KOBJECT_UEVENT socket.
//
// Sizing the read: datagrams are read with recvmmsg into slots each as large as the datagram limit
// (kNetlinkMaxDatagramBytes), so every datagram within the limit arrives whole, udev's large ones
// too, and one over it is read truncated and rejected. The slots are mapped once and never
// initialised: the kernel copies only the datagrams, so only the pages they touch (a few KiB per
// slot for any real uevent) ever become resident. One recvmmsg takes what waits, up to
// kNetlinkBatch datagrams: in a storm one system call per 16 datagrams instead of one each, at a
// trickle one call that finds the single datagram and learns that nothing else waits. Each
// datagram is then checked alone, in the order read, exactly as a recvmsg of it would be; an
// error met after the first datagram (ENOBUFS) is the kernel's to report on the next call, so it
// comes after the datagrams that preceded it.
//
// Trust (CVE-2009-1185): a datagram becomes a message only if, in this order,
//   1. the kernel did not truncate it or its credentials (MSG_TRUNC, MSG_CTRUNC)  -> truncated
//   2. the sender address is AF_NETLINK and its destination is our multicast group (nl_groups
//      equals the group's mask, so unicast, nl_groups == 0, is dropped from anyone), and on the
//      kernel group the sender is the kernel (nl_pid == 0)            -> sender
//   3. it carries SCM_CREDENTIALS, and on the udev group their uid is 0 -> credentials
//      (the kernel group needs no uid check: nl_pid 0 cannot be forged, and in a user namespace
//      the kernel's uid 0 shows as the overflow uid)
//   4. parse_uevent accepts it                                         -> malformed[UeventError]
//   5. its format is the group's (kernel format on group 1, udev format on group 2)
//                                                                      -> wrong_format
// (the counters of SourceStats::Rejections; `rejected` is their sum).
#include "linux/netlink_socket.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <system_error>

#include <linux/netlink.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <new>

namespace cmnotify::linux_source {
namespace {

class RealSocketSyscalls final : public SocketSyscalls {
 public:
  int socket(int domain, int type, int protocol) override {
    return ::socket(domain, type, protocol);
  }
  int setsockopt(int fd, int level, int name, const void* value, socklen_t len) override {
    return ::setsockopt(fd, level, name, value, len);
  }
  int getsockopt(int fd, int level, int name, void* value, socklen_t* len) override {
    return ::getsockopt(fd, level, name, value, len);
  }
  int bind(int fd, const sockaddr* addr, socklen_t len) override { return ::bind(fd, addr, len); }
  ssize_t recvmsg(int fd, msghdr* msg, int flags) override { return ::recvmsg(fd, msg, flags); }
  int recvmmsg(int fd, mmsghdr* msgs, unsigned int vlen, int flags) override {
    return ::recvmmsg(fd, msgs, vlen, flags, nullptr);
  }
  int close(int fd) override { return ::close(fd); }
};

std::uint32_t group_mask(NetlinkGroup group) noexcept {
  return std::uint32_t{1} << (static_cast<std::uint32_t>(group) - 1);
}

std::string describe(const char* what, int error) {
  return std::string("netlink uevent socket: ") + what + ": " +
         std::system_category().message(error);
}

std::optional<ucred> credentials_of(const msghdr& msg) noexcept {
  for (auto* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&msg), c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
        c->cmsg_len >= CMSG_LEN(sizeof(ucred))) {
      ucred creds;
      std::memcpy(&creds, CMSG_DATA(c), sizeof creds);
      return creds;
    }
  }
  return std::nullopt;
}

}  // namespace

int SocketSyscalls::recvmmsg(int fd, mmsghdr* msgs, unsigned int vlen, int flags) {
  if (vlen == 0) return 0;
  const ssize_t length = recvmsg(fd, &msgs[0].msg_hdr, flags);
  if (length < 0) return -1;
  msgs[0].msg_len = static_cast<unsigned int>(length);
  return 1;
}

SocketSyscalls& real_socket_syscalls() {
  static RealSocketSyscalls instance;
  return instance;
}

std::unique_ptr<NetlinkSocket> NetlinkSocket::open(NetlinkGroup group, std::size_t buffer_bytes,
                                                   std::string& error, SocketSyscalls& sys) {
  if (group != NetlinkGroup::kernel && group != NetlinkGroup::udev) {
    error = "netlink uevent socket: group must be 1 (kernel) or 2 (udev), not " +
            std::to_string(static_cast<std::uint32_t>(group));
    return nullptr;
  }
  if (buffer_bytes == 0 || buffer_bytes > static_cast<std::size_t>(INT_MAX)) {
    error = "netlink uevent socket: receive buffer of " + std::to_string(buffer_bytes) +
            " bytes is out of range (1.." + std::to_string(INT_MAX) + ")";
    return nullptr;
  }

  const int fd =
      sys.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
  if (fd < 0) {
    error = describe("socket(AF_NETLINK, NETLINK_KOBJECT_UEVENT)", errno);
    return nullptr;
  }
  std::unique_ptr<NetlinkSocket> socket(new NetlinkSocket(fd, group, sys));  // closes on failure

  // Before bind, so no datagram can arrive without credentials.
  const int on = 1;
  if (sys.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0) {
    error = describe("setsockopt(SO_PASSCRED)", errno);
    return nullptr;
  }
  // SO_RCVBUFFORCE needs CAP_NET_ADMIN; SO_RCVBUF is capped by net.core.rmem_max.
  const int wanted = static_cast<int>(buffer_bytes);
  if (sys.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &wanted, sizeof wanted) < 0 &&
      sys.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &wanted, sizeof wanted) < 0) {
    error = describe("setsockopt(SO_RCVBUF)", errno);
    return nullptr;
  }
  int effective = 0;
  socklen_t length = sizeof effective;
  if (sys.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &effective, &length) < 0) {
    error = describe("getsockopt(SO_RCVBUF)", errno);
    return nullptr;
  }
  socket->stats_.receive_buffer_bytes = effective > 0 ? static_cast<std::size_t>(effective) : 0;

  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_pid = 0;  // the kernel picks our port id
  address.nl_groups = group_mask(group);
  if (sys.bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) < 0) {
    const int bind_errno = errno;
    error = describe(group == NetlinkGroup::kernel ? "bind(group 1)" : "bind(group 2)", bind_errno);
    return nullptr;
  }
  error.clear();
  return socket;
}

void NetlinkSocket::Mapping::operator()(char* p) const noexcept {
  ::munmap(p, kNetlinkBatch * kNetlinkMaxDatagramBytes);
}

namespace {

char* map_slots() {
  void* p = ::mmap(nullptr, kNetlinkBatch * kNetlinkMaxDatagramBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return static_cast<char*>(p);
}

}  // namespace

NetlinkSocket::NetlinkSocket(int fd, NetlinkGroup group, SocketSyscalls& sys)
    : fd_(fd), group_(group), sys_(sys) {
  try {
    buffer_.reset(map_slots());
  } catch (...) {
    sys_.close(fd_);  // the destructor does not run for a constructor that throws
    throw;
  }
  for (unsigned i = 0; i < kNetlinkBatch; ++i) {
    slots_[i].iov = {buffer_.get() + i * kNetlinkMaxDatagramBytes, kNetlinkMaxDatagramBytes};
    msghdr& msg = headers_[i].msg_hdr;
    msg.msg_name = &slots_[i].sender;
    msg.msg_iov = &slots_[i].iov;
    msg.msg_iovlen = 1;
    msg.msg_control = slots_[i].control;
  }
}

NetlinkSocket::~NetlinkSocket() {
  // No retry on EINTR: Linux releases the descriptor even then.
  if (fd_ >= 0) sys_.close(fd_);
}

ssize_t NetlinkSocket::recvmsg_retrying(msghdr& msg, int flags) {
  while (true) {
    const ssize_t n = sys_.recvmsg(fd_, &msg, flags);
    if (n >= 0 || errno != EINTR) return n;
  }
}

ReceiveStatus NetlinkSocket::failed(int error) {
  if (error == EAGAIN || error == EWOULDBLOCK) return ReceiveStatus::would_block;
  if (error == ENOBUFS) {
    ++stats_.overflows;
    return ReceiveStatus::overflow;
  }
  last_errno_ = error;
  return ReceiveStatus::error;
}

bool NetlinkSocket::fill(unsigned count, ReceiveStatus& status) {
  received_ = next_ = 0;
  socket_empty_ = false;
  count = std::clamp(count, 1U, kNetlinkBatch);
  // The datagrams whole (see the top of this file), with their senders and credentials. Only the
  // headers of the datagrams the last call returned were written since they were last set (the
  // kernel writes nothing back for one it does not return): at a trickle one, not sixteen.
  for (unsigned i = 0; i < written_; ++i) {
    msghdr& msg = headers_[i].msg_hdr;
    std::memset(&slots_[i].sender, 0, sizeof slots_[i].sender);
    msg.msg_namelen = sizeof slots_[i].sender;
    msg.msg_controllen = sizeof slots_[i].control;
    msg.msg_flags = 0;
    headers_[i].msg_len = 0;
  }
  int n = 0;
  do {
    n = sys_.recvmmsg(fd_, headers_.data(), count, 0);
  } while (n < 0 && errno == EINTR);
  written_ = n > 0 ? std::min(static_cast<unsigned>(n), count) : 0;
  if (n <= 0) {
    status = n < 0 ? failed(errno) : ReceiveStatus::would_block;
    return false;
  }
  received_ = std::min(static_cast<unsigned>(n), count);
  socket_empty_ = received_ < count;
  return true;
}

ReceiveStatus NetlinkSocket::receive(Uevent& out, unsigned batch) {
  if (next_ == received_) {
    if (socket_empty_) {  // the last recvmmsg found no more: no call that would find nothing
      socket_empty_ = false;
      received_ = next_ = 0;
      return ReceiveStatus::would_block;
    }
    ReceiveStatus status = ReceiveStatus::would_block;
    if (!fill(batch, status)) return status;
  }
  const mmsghdr& header = headers_[next_];
  last_data_ = static_cast<const char*>(slots_[next_].iov.iov_base);
  ++next_;
  ++stats_.messages;
  last_length_ = std::min<std::size_t>(header.msg_len, kNetlinkMaxDatagramBytes);
  return check_and_parse(header.msg_hdr, header.msg_len, out);
}

bool NetlinkSocket::discard_queued() {
  // Bounded, so a sender faster than this loop cannot hold the reader here forever; reading
  // without parsing is several times faster than the kernel can emit uevents.
  constexpr int kMaxDiscarded = 1 << 20;
  received_ = next_ = 0;  // nothing waits in the slots when the kernel reports an overflow
  socket_empty_ = false;
  iovec iov{buffer_.get(), kNetlinkMaxDatagramBytes};
  for (int i = 0; i < kMaxDiscarded; ++i) {
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (recvmsg_retrying(msg, 0) >= 0) {
      ++stats_.discarded;
      continue;
    }
    const int error = errno;
    if (error == EAGAIN || error == EWOULDBLOCK) return true;
    if (error == ENOBUFS) {  // dropped again meanwhile: the queue is still to be emptied
      ++stats_.overflows;
      continue;
    }
    last_errno_ = error;
    return false;
  }
  return false;
}

ReceiveStatus NetlinkSocket::reject(std::uint64_t& reason) noexcept {
  ++reason;
  ++stats_.rejected;
  return ReceiveStatus::rejected;
}

ReceiveStatus NetlinkSocket::check_and_parse(const msghdr& msg, std::size_t length, Uevent& out) {
  SourceStats::Rejections& why = stats_.rejections;
  if ((msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0 || length > kNetlinkMaxDatagramBytes)
    return reject(why.truncated);

  sockaddr_nl sender{};
  if (msg.msg_name != nullptr && msg.msg_namelen >= sizeof sender) {
    std::memcpy(&sender, msg.msg_name, sizeof sender);
  }
  if (sender.nl_family != AF_NETLINK || sender.nl_groups != group_mask(group_) ||
      (group_ == NetlinkGroup::kernel && sender.nl_pid != 0))
    return reject(why.sender);

  const auto creds = credentials_of(msg);
  if (!creds || (group_ == NetlinkGroup::udev && creds->uid != 0)) return reject(why.credentials);

  const auto* data = static_cast<const char*>(msg.msg_iov[0].iov_base);
  const UeventError error = parse_uevent(std::span<const char>(data, length), out);
  if (error != UeventError::none) return reject(why.malformed[static_cast<std::size_t>(error)]);
  const auto expected = group_ == NetlinkGroup::kernel ? UeventFormat::kernel : UeventFormat::udev;
  if (out.format != expected) return reject(why.wrong_format);
  ++stats_.accepted;
  return ReceiveStatus::message;
}

}  // namespace cmnotify::linux_source
