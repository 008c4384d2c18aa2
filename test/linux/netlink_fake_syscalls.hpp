// Test support: a SocketSyscalls that behaves like the kernel's netlink socket as far as
// NetlinkSocket can tell (MSG_PEEK, MSG_TRUNC, SCM_CREDENTIALS, errors reported once, recvmmsg
// batches that stop before an error), fed with
// datagrams from any sender with any credentials.
#pragma once

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <linux/netlink.h>
#include <sys/socket.h>

#include "linux/netlink_socket.hpp"

namespace cmnotify::linux_source::testing {

inline sockaddr_nl netlink_address(std::uint32_t pid, std::uint32_t groups) {
  sockaddr_nl a{};
  a.nl_family = AF_NETLINK;
  a.nl_pid = pid;
  a.nl_groups = groups;
  return a;
}

inline ucred credentials(uid_t uid, pid_t pid = 1) { return ucred{pid, uid, 0}; }

struct FakeDatagram {
  std::string bytes;
  sockaddr_nl sender = netlink_address(0, 1);      // the kernel, to group 1
  std::optional<ucred> creds = credentials(0, 0);  // what the kernel attaches
  int extra_flags = 0;                             // e.g. MSG_CTRUNC from a fuller control
};

// What the kernel's recvmsg does with one datagram: the sender's address, the bytes (MSG_TRUNC
// when they do not fit), SCM_CREDENTIALS (MSG_CTRUNC when they do not fit), and the return value
// (the full length when the caller passed MSG_TRUNC). Shared by every fake netlink socket.
inline ssize_t receive_into(const FakeDatagram& d, msghdr& msg, int flags) {
  msg.msg_flags = d.extra_flags;
  if (msg.msg_name != nullptr) {
    std::memcpy(msg.msg_name, &d.sender, std::min<std::size_t>(msg.msg_namelen, sizeof d.sender));
    msg.msg_namelen = sizeof d.sender;
  }
  std::size_t copied = 0;
  for (std::size_t i = 0; i < msg.msg_iovlen && copied < d.bytes.size(); ++i) {
    const auto n = std::min(msg.msg_iov[i].iov_len, d.bytes.size() - copied);
    std::memcpy(msg.msg_iov[i].iov_base, d.bytes.data() + copied, n);
    copied += n;
  }
  if (copied < d.bytes.size()) msg.msg_flags |= MSG_TRUNC;
  if (!d.creds || msg.msg_control == nullptr || msg.msg_controllen < CMSG_SPACE(sizeof(ucred))) {
    if (d.creds) msg.msg_flags |= MSG_CTRUNC;
    msg.msg_controllen = 0;
  } else {
    msg.msg_controllen = CMSG_SPACE(sizeof(ucred));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(ucred));
    std::memcpy(CMSG_DATA(c), &*d.creds, sizeof(ucred));
  }
  return static_cast<ssize_t>((flags & MSG_TRUNC) != 0 ? d.bytes.size() : copied);
}

struct SetsockoptCall {
  int level;
  int name;
  int value;
};

class FakeSocketSyscalls : public SocketSyscalls {
 public:
  static constexpr int kFd = 42;

  // What recvmsg returns next: a datagram, or a failure with that errno (reported once, peek or
  // not, like the kernel's sk_err).
  std::deque<std::variant<FakeDatagram, int>> inbox;
  bool replay_forever = false;     // the front datagram is never consumed
  int eintr_before_each_read = 0;  // EINTRs on the non-peek read, per datagram

  std::map<int, int> fail_option;  // setsockopt name -> errno
  int fail_socket = 0;
  int fail_getsockopt = 0;
  int fail_bind = 0;
  int rcvbuf_cap = 0;  // SO_RCVBUF (not FORCE) is capped to this when non-zero

  // What happened.
  std::vector<std::string> calls;
  std::vector<SetsockoptCall> options;
  int socket_type = 0;
  int socket_protocol = 0;
  sockaddr_nl bound{};
  int closed = 0;
  int reads = 0;  // datagrams (or failures) taken, one recvmsg each
  int peeks = 0;
  int batch_reads = 0;  // recvmmsg calls

  void push(FakeDatagram d) { inbox.emplace_back(std::move(d)); }
  void push_error(int error) { inbox.emplace_back(error); }

  int socket(int domain, int type, int protocol) override {
    calls.push_back("socket");
    if (fail_socket != 0) return fail(fail_socket);
    if (domain != AF_NETLINK) return fail(EAFNOSUPPORT);
    socket_type = type;
    socket_protocol = protocol;
    return kFd;
  }

  int setsockopt(int fd, int level, int name, const void* value, socklen_t len) override {
    calls.push_back("setsockopt " + option_name(name));
    if (fd != kFd || len != sizeof(int)) return fail(EINVAL);
    int v;
    std::memcpy(&v, value, sizeof v);
    if (auto it = fail_option.find(name); it != fail_option.end()) return fail(it->second);
    options.push_back({level, name, v});
    // As the kernel: the value is capped at INT_MAX / 2 before it is doubled.
    if (name == SO_RCVBUFFORCE) rcvbuf_ = 2 * std::min(v, INT_MAX / 2);
    if (name == SO_RCVBUF) {
      rcvbuf_ = 2 * std::min(rcvbuf_cap != 0 ? std::min(v, rcvbuf_cap) : v, INT_MAX / 2);
    }
    return 0;
  }

  int getsockopt(int fd, int level, int name, void* value, socklen_t* len) override {
    calls.push_back("getsockopt " + option_name(name));
    if (fail_getsockopt != 0) return fail(fail_getsockopt);
    if (fd != kFd || level != SOL_SOCKET || name != SO_RCVBUF || *len < sizeof(int)) {
      return fail(EINVAL);
    }
    std::memcpy(value, &rcvbuf_, sizeof rcvbuf_);
    *len = sizeof rcvbuf_;
    return 0;
  }

  int bind(int fd, const sockaddr* addr, socklen_t len) override {
    calls.push_back("bind");
    if (fail_bind != 0) return fail(fail_bind);
    if (fd != kFd || len != sizeof(sockaddr_nl)) return fail(EINVAL);
    std::memcpy(&bound, addr, sizeof bound);
    return 0;
  }

  ssize_t recvmsg(int fd, msghdr* msg, int flags) override {
    if (fd != kFd) return fail(EBADF);
    const bool peek = (flags & MSG_PEEK) != 0;
    if (peek) {
      ++peeks;
    } else {
      ++reads;
    }
    if (inbox.empty()) return fail(EAGAIN);
    if (const int* error = std::get_if<int>(&inbox.front())) {
      const int e = *error;
      inbox.pop_front();
      return fail(e);
    }
    if (!peek && eintrs_done_ < eintr_before_each_read) {
      ++eintrs_done_;
      return fail(EINTR);
    }
    const ssize_t result = receive_into(std::get<FakeDatagram>(inbox.front()), *msg, flags);
    if (!peek) {
      if (!replay_forever) inbox.pop_front();
      eintrs_done_ = 0;
    }
    return result;
  }

  // As the kernel's: what waits, up to `vlen` datagrams; an error (or an EINTR) met after the
  // first datagram is left for the next call.
  int recvmmsg(int fd, mmsghdr* msgs, unsigned int vlen, int flags) override {
    ++batch_reads;
    unsigned int n = 0;
    for (; n < vlen; ++n) {
      if (n > 0 && (inbox.empty() || std::holds_alternative<int>(inbox.front()))) break;
      const ssize_t length = recvmsg(fd, &msgs[n].msg_hdr, flags);
      if (length < 0) return n > 0 ? static_cast<int>(n) : -1;
      msgs[n].msg_len = static_cast<unsigned int>(length);
    }
    return static_cast<int>(n);
  }

  int close(int fd) override {
    calls.push_back("close");
    if (fd == kFd) ++closed;
    return 0;
  }

 private:
  static int fail(int error) {
    errno = error;
    return -1;
  }

  static std::string option_name(int name) {
    switch (name) {
      case SO_PASSCRED: return "SO_PASSCRED";
      case SO_RCVBUFFORCE: return "SO_RCVBUFFORCE";
      case SO_RCVBUF: return "SO_RCVBUF";
      default: return std::to_string(name);
    }
  }

  int rcvbuf_ = 212992;
  int eintrs_done_ = 0;
};

}  // namespace cmnotify::linux_source::testing
