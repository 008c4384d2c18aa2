// Test support: a kernel uevent socket that a LinuxSource can run on. Unlike the single-threaded
// fake of the NetlinkSocket tests, its descriptor is real (an eventfd, one per socket() call,
// that is readable exactly while something waits in the inbox), so the source's reader thread
// polls it as it polls the kernel's socket, and the test thread may push datagrams and failures
// at any time.
#pragma once

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "linux/netlink_fake_syscalls.hpp"  // FakeDatagram, netlink_address, credentials
#include "linux/netlink_socket.hpp"

namespace cmnotify::testing {

using linux_source::testing::credentials;
using linux_source::testing::FakeDatagram;
using linux_source::testing::netlink_address;

class FakeNetlink final : public linux_source::SocketSyscalls {
 public:
  FakeNetlink() = default;
  ~FakeNetlink() override {
    if (fd_ >= 0) ::close(fd_);
  }
  FakeNetlink(const FakeNetlink&) = delete;
  FakeNetlink& operator=(const FakeNetlink&) = delete;

  // A datagram from the kernel (group 1) unless the test says otherwise.
  void push(FakeDatagram d) {
    std::lock_guard lock(mutex_);
    inbox_.emplace_back(std::move(d));
    readable_locked();
  }
  // recvmsg fails once with `error` (EINTR, EAGAIN, ENOBUFS, EIO...).
  void push_error(int error) {
    std::lock_guard lock(mutex_);
    inbox_.emplace_back(error);
    readable_locked();
  }
  // An overflow with datagrams still queued behind it, all at once: the reader sees them together.
  void push_overflow_then(std::vector<FakeDatagram> queued) {
    std::lock_guard lock(mutex_);
    inbox_.emplace_back(ENOBUFS);
    for (FakeDatagram& d : queued) inbox_.emplace_back(std::move(d));
    readable_locked();
  }
  // What recvmsg has yet to return.
  [[nodiscard]] std::size_t queued() {
    std::lock_guard lock(mutex_);
    return inbox_.size();
  }
  // Every recvmsg fails with `error` (0: stop) and the descriptor stays readable, as a socket in
  // a persistent error state would.
  void fail_always(int error) {
    std::lock_guard lock(mutex_);
    persistent_error_ = error;
    if (error != 0) {
      readable_locked();
    } else if (inbox_.empty()) {
      drain_locked();
    }
  }

  // Test seam, set before the source starts: called first in every recvmsg, outside the fake's
  // lock, on the reading thread, so a test can hold a reader in the middle of its read.
  std::function<void()> before_recvmsg;

  [[nodiscard]] std::uint64_t recvmsg_calls() const { return calls_.load(); }
  [[nodiscard]] int sockets_opened() const { return opened_.load(); }
  [[nodiscard]] int sockets_closed() const { return closed_.load(); }

  // In a fork() child: a parent thread may have held the lock when the child was made.
  void reset_after_fork() { new (&mutex_) std::mutex; }

  int socket(int domain, int, int) override {
    if (domain != AF_NETLINK) return fail(EAFNOSUPPORT);
    std::lock_guard lock(mutex_);
    if (fd_ >= 0) return fail(EMFILE);  // one socket at a time
    fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd_ < 0) return -1;
    ++opened_;
    if (!inbox_.empty() || persistent_error_ != 0) readable_locked();
    return fd_;
  }
  int setsockopt(int, int, int, const void*, socklen_t) override { return 0; }
  int getsockopt(int, int, int name, void* value, socklen_t* len) override {
    if (name != SO_RCVBUF || *len < sizeof(int)) return fail(EINVAL);
    const int size = 212992;
    std::memcpy(value, &size, sizeof size);
    *len = sizeof size;
    return 0;
  }
  int bind(int, const sockaddr*, socklen_t) override { return 0; }
  int close(int fd) override {
    std::lock_guard lock(mutex_);
    if (fd != fd_ || fd_ < 0) return fail(EBADF);
    ::close(fd_);
    fd_ = -1;
    ++closed_;
    return 0;
  }

  ssize_t recvmsg(int fd, msghdr* msg, int flags) override {
    if (before_recvmsg) before_recvmsg();
    ++calls_;
    std::lock_guard lock(mutex_);
    if (fd != fd_ || fd_ < 0) return fail(EBADF);
    if (persistent_error_ != 0) return fail(persistent_error_);
    if (inbox_.empty()) {
      drain_locked();
      return fail(EAGAIN);
    }
    if (const int* error = std::get_if<int>(&inbox_.front())) {
      const int e = *error;
      pop_locked();
      return fail(e);
    }
    const ssize_t result =
        linux_source::testing::receive_into(std::get<FakeDatagram>(inbox_.front()), *msg, flags);
    if ((flags & MSG_PEEK) == 0) pop_locked();
    return result;
  }

  // As the kernel's: what waits, up to `vlen` datagrams; an error met after the first datagram
  // is left for the next call.
  int recvmmsg(int fd, mmsghdr* msgs, unsigned int vlen, int flags) override {
    unsigned int n = 0;
    for (; n < vlen; ++n) {
      if (n > 0 && !datagram_waits()) break;
      const ssize_t length = recvmsg(fd, &msgs[n].msg_hdr, flags);
      if (length < 0) return n > 0 ? static_cast<int>(n) : -1;
      msgs[n].msg_len = static_cast<unsigned int>(length);
    }
    return static_cast<int>(n);
  }

 private:
  bool datagram_waits() {
    std::lock_guard lock(mutex_);
    return persistent_error_ == 0 && !inbox_.empty() &&
           std::holds_alternative<FakeDatagram>(inbox_.front());
  }

  static int fail(int error) {
    errno = error;
    return -1;
  }

  void readable_locked() {
    const std::uint64_t one = 1;
    if (fd_ >= 0) (void)!::write(fd_, &one, sizeof one);
  }
  void drain_locked() {
    std::uint64_t count;
    if (fd_ >= 0) (void)!::read(fd_, &count, sizeof count);
  }
  void pop_locked() {
    inbox_.pop_front();
    if (inbox_.empty() && persistent_error_ == 0) drain_locked();
  }

  int fd_ = -1;
  std::mutex mutex_;
  std::deque<std::variant<FakeDatagram, int>> inbox_;
  int persistent_error_ = 0;
  std::atomic<std::uint64_t> calls_{0};
  std::atomic<int> opened_{0};
  std::atomic<int> closed_{0};
};

}  // namespace cmnotify::testing
