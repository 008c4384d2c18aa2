// The NETLINK_KOBJECT_UEVENT socket: opening it, sizing its receive buffer, reading whole
// datagrams of any size, and rejecting every message that is not to be trusted (the checks and
// their order are at the top of netlink_socket.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <linux/netlink.h>
#include <sys/socket.h>

#include "cmnotify/source.hpp"
#include "linux/uevent.hpp"

namespace cmnotify::linux_source {

// Datagrams longer than this are read truncated and rejected (Rejections::truncated). The receive
// buffer has this size, so it fits any real uevent (the kernel's are under 8 KiB, udev's can
// pass 8 KiB) in one read, and a root sender cannot make it grow without bound.
inline constexpr std::size_t kNetlinkMaxDatagramBytes = 1024 * 1024;
// How many datagrams one recvmmsg takes at most: a storm's datagrams come in with one system call
// per 16 instead of one each (the kernel's copy of each stays).
inline constexpr unsigned kNetlinkBatch = 16;

// The system calls the socket makes, behind a seam so tests can inject failures (EINTR, EAGAIN,
// ENOBUFS, EIO) and forged datagrams with any sender address and credentials.
class SocketSyscalls {
 public:
  virtual ~SocketSyscalls() = default;
  virtual int socket(int domain, int type, int protocol) = 0;
  virtual int setsockopt(int fd, int level, int name, const void* value, socklen_t len) = 0;
  virtual int getsockopt(int fd, int level, int name, void* value, socklen_t* len) = 0;
  virtual int bind(int fd, const sockaddr* addr, socklen_t len) = 0;
  virtual ssize_t recvmsg(int fd, msghdr* msg, int flags) = 0;
  // recvmmsg(2) without a timeout. The default takes one datagram with recvmsg(), so a seam that
  // knows only recvmsg still works, one datagram a call. An override must report an error met
  // after the first datagram on the next call, as the kernel does.
  virtual int recvmmsg(int fd, mmsghdr* msgs, unsigned int vlen, int flags);
  virtual int close(int fd) = 0;
};

SocketSyscalls& real_socket_syscalls();

enum class ReceiveStatus : std::uint8_t {
  message,      // `out` holds a trusted, parsed uevent
  would_block,  // nothing to read now
  overflow,     // ENOBUFS: events were lost; the caller must resynchronise
  rejected,     // a datagram was read and dropped (counted in stats)
  error,        // another errno (in last_errno()); EINTR is retried inside
};

class NetlinkSocket {
 public:
  // Opens a non-blocking, close-on-exec socket with SO_PASSCRED, asks for `buffer_bytes` of
  // receive buffer (SO_RCVBUFFORCE, falling back to SO_RCVBUF), and binds it to `group` (kernel
  // or udev; the automatic source opens one of each, see group_arbiter.hpp).
  // Returns nullptr and sets `error` to a one-line reason on failure.
  static std::unique_ptr<NetlinkSocket> open(NetlinkGroup group, std::size_t buffer_bytes,
                                             std::string& error,
                                             SocketSyscalls& sys = real_socket_syscalls());
  ~NetlinkSocket();
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;

  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] NetlinkGroup group() const noexcept { return group_; }

  // Returns the next datagram without blocking, checked and parsed as if it were read alone.
  // Datagrams are taken from the kernel with one recvmmsg, up to `batch` (at most kNetlinkBatch)
  // at a time: `batch` is how many the caller will still take in this round, so none is left
  // waiting here when the round ends. When the kernel gave fewer than asked, the socket was
  // empty: the receive() after the last of them answers would_block without a system call (the
  // socket's poll says when more comes). On ReceiveStatus::message the views in `out` point into
  // this socket's buffers and stay valid until the next receive(). Every datagram up to
  // kNetlinkMaxDatagramBytes is read whole (see netlink_socket.cpp).
  ReceiveStatus receive(Uevent& out, unsigned batch = 1);
  // The bytes of the datagram the last receive() returned as a message (valid as long as `out`).
  [[nodiscard]] std::span<const char> last_datagram() const noexcept {
    return {last_data_, last_length_};
  }

  // After an overflow: reads and drops every queued datagram, until the queue is empty (true) or
  // reading fails. Why: the kernel reports ENOBUFS once and then drops silently until the queue
  // has been emptied (NETLINK_S_CONGESTED), so a resync must start from an empty queue, or events
  // dropped while it scans are lost without a word. What is dropped happened before the scan
  // that follows, which sees its outcome.
  bool discard_queued();

  // What the socket counts: messages, accepted, rejected and rejections, overflows, discarded
  // and receive_buffer_bytes. The rest belongs to the source.
  [[nodiscard]] const SourceStats& stats() const noexcept { return stats_; }
  [[nodiscard]] int last_errno() const noexcept { return last_errno_; }

 private:
  NetlinkSocket(int fd, NetlinkGroup group, SocketSyscalls& sys);

  ssize_t recvmsg_retrying(msghdr& msg, int flags);
  // Takes up to `count` datagrams into the slots; false with the status when none came.
  bool fill(unsigned count, ReceiveStatus& status);
  ReceiveStatus failed(int error);
  ReceiveStatus check_and_parse(const msghdr& msg, std::size_t length, Uevent& out);
  ReceiveStatus reject(std::uint64_t& reason) noexcept;

  int fd_;
  NetlinkGroup group_;
  SocketSyscalls& sys_;
  // kNetlinkBatch slots of kNetlinkMaxDatagramBytes, an anonymous mapping: only the pages
  // datagrams touch become resident (a few KiB per slot for any real uevent).
  struct Mapping {
    void operator()(char* p) const noexcept;
  };
  std::unique_ptr<char, Mapping> buffer_;
  // One recvmmsg's headers and what each datagram comes with.
  struct Slot {
    sockaddr_nl sender;
    iovec iov;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
  };
  std::array<mmsghdr, kNetlinkBatch> headers_{};
  std::array<Slot, kNetlinkBatch> slots_{};
  unsigned received_ = 0;             // datagrams in the slots
  unsigned written_ = kNetlinkBatch;  // headers to set again before the next recvmmsg: [0, this)
  unsigned next_ = 0;                 // the next slot receive() returns
  bool socket_empty_ = false;         // the last recvmmsg gave fewer than asked
  SourceStats stats_;
  int last_errno_ = 0;
  const char* last_data_ = nullptr;
  std::size_t last_length_ = 0;
};

}  // namespace cmnotify::linux_source
