// NetlinkSocket against the real kernel: synthetic events written to /sys/class/net/lo/uevent,
// forged datagrams sent by this process, buffer sizes and overflow. Needs root; skips otherwise.
// Other processes may emit uevents meanwhile, so every check picks its own events by SYNTH_UUID.
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "linux/netlink_socket.hpp"
#include "linux/uevent_test_messages.hpp"
#include "linux/unique_fd.hpp"

namespace cmnotify::linux_source {
namespace {

using testing::kernel_message;
using testing::nul_join;
using testing::udev_message;

constexpr const char* kLoUevent = "/sys/class/net/lo/uevent";
constexpr const char* kLoDevpath = "/devices/virtual/net/lo";
constexpr std::size_t kMiB = 1024 * 1024;

std::string random_uuid() {
  static std::mt19937_64 rng{std::random_device{}()};
  const auto a = rng();
  const auto b = rng();
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>(a >> 16) & 0xffff, static_cast<unsigned>(a) & 0xfff,
                static_cast<unsigned>(b >> 48) & 0xfff,
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return text;
}

// 0 or the errno of the write: each write to a uevent file makes the kernel emit one event.
int write_uevent(int fd, const std::string& text) {
  return ::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()) ? 0 : errno;
}

int write_uevent(const std::string& text) {
  UniqueFd fd(::open(kLoUevent, O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  return write_uevent(fd.get(), text);
}

std::uint64_t current_seqnum() {
  std::ifstream in("/sys/kernel/uevent_seqnum");
  std::uint64_t n = 0;
  in >> n;
  return n;
}

std::unique_ptr<NetlinkSocket> open_socket(NetlinkGroup group, std::size_t buffer) {
  std::string error;
  auto socket = NetlinkSocket::open(group, buffer, error);
  EXPECT_NE(socket, nullptr) << error;
  return socket;
}

// Receives until `match` accepts a delivered message. `seen` sees every delivered message.
// Gives up (false) after 10 s without a match, so a lost event fails instead of hanging.
bool receive_until(NetlinkSocket& socket, Uevent& ev,
                   const std::function<bool(const Uevent&)>& match,
                   const std::function<void(const Uevent&)>& seen = {}) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto status = socket.receive(ev);
    if (status == ReceiveStatus::message) {
      if (seen) seen(ev);
      if (match(ev)) return true;
    } else if (status == ReceiveStatus::would_block) {
      pollfd p{socket.fd(), POLLIN, 0};
      ::poll(&p, 1, 100);
    } else if (status == ReceiveStatus::error) {
      ADD_FAILURE() << "receive error: " << std::strerror(socket.last_errno());
      return false;
    }
  }
  return false;
}

std::function<bool(const Uevent&)> has_uuid(const std::string& uuid) {
  return [uuid](const Uevent& ev) { return ev.property("SYNTH_UUID") == uuid; };
}

// A netlink socket of this process (nl_pid != 0) that sends to `groups` (0: unicast to `pid`),
// with the given SCM_CREDENTIALS or the kernel's default (ours).
class Sender {
 public:
  Sender() : fd_(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT)) {
    sockaddr_nl self{};
    self.nl_family = AF_NETLINK;
    if (fd_.get() >= 0) ::bind(fd_.get(), reinterpret_cast<sockaddr*>(&self), sizeof self);
    socklen_t len = sizeof self;
    if (fd_.get() >= 0) ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&self), &len);
    pid_ = self.nl_pid;
  }

  [[nodiscard]] std::uint32_t pid() const { return pid_; }

  // 0 or errno.
  int send(const std::string& bytes, std::uint32_t groups, std::uint32_t to_pid = 0,
           std::optional<ucred> creds = std::nullopt) const {
    sockaddr_nl to{};
    to.nl_family = AF_NETLINK;
    to.nl_pid = to_pid;
    to.nl_groups = groups;
    iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))] = {};
    msghdr msg{};
    msg.msg_name = &to;
    msg.msg_namelen = sizeof to;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (creds) {
      msg.msg_control = control;
      msg.msg_controllen = sizeof control;
      cmsghdr* c = CMSG_FIRSTHDR(&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_CREDENTIALS;
      c->cmsg_len = CMSG_LEN(sizeof(ucred));
      std::memcpy(CMSG_DATA(c), &*creds, sizeof(ucred));
    }
    return ::sendmsg(fd_.get(), &msg, 0) >= 0 ? 0 : errno;
  }

 private:
  UniqueFd fd_;
  std::uint32_t pid_ = 0;
};

std::string forged_lo_change(const std::string& uuid) {
  return kernel_message("change@/devices/virtual/net/lo",
                        {"ACTION=change", "DEVPATH=/devices/virtual/net/lo", "SUBSYSTEM=net",
                         "SYNTH_UUID=" + uuid, "INTERFACE=lo", "IFINDEX=1", "SEQNUM=1"});
}

class NetlinkKernel : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "needs root: writes " << kLoUevent
                   << ", SO_RCVBUFFORCE and netlink multicast sends need CAP_NET_ADMIN";
    }
    if (::access(kLoUevent, W_OK) != 0) {
      GTEST_SKIP() << "needs a writable " << kLoUevent << " (read-only sysfs in a container?)";
    }
  }
};

TEST_F(NetlinkKernel, ReceivesAChangeWrittenToLo) {
  auto socket = open_socket(NetlinkGroup::kernel, 16 * kMiB);
  ASSERT_NE(socket, nullptr);
  const auto before = current_seqnum();
  ASSERT_EQ(write_uevent("change"), 0);
  Uevent ev;
  ASSERT_TRUE(receive_until(*socket, ev, [before](const Uevent& e) {
    return e.devpath == kLoDevpath && e.action == "change" && e.property("SYNTH_UUID") == "0" &&
           e.seqnum > before;
  })) << "the change event on lo never arrived";
  EXPECT_EQ(ev.format, UeventFormat::kernel);
  EXPECT_EQ(ev.subsystem, "net");
  EXPECT_EQ(ev.property("INTERFACE"), "lo");
  std::ifstream ifindex("/sys/class/net/lo/ifindex");
  std::string index;
  ifindex >> index;
  EXPECT_EQ(ev.property("IFINDEX"), index);
  EXPECT_FALSE(ev.has_devnum);
  EXPECT_GE(socket->stats().accepted, 1u);
}

TEST_F(NetlinkKernel, SyntheticEventCarriesUuidAndArguments) {
  auto socket = open_socket(NetlinkGroup::kernel, 16 * kMiB);
  ASSERT_NE(socket, nullptr);
  const auto uuid = random_uuid();
  ASSERT_EQ(write_uevent("change " + uuid + " T=123"), 0);
  Uevent ev;
  ASSERT_TRUE(receive_until(*socket, ev, has_uuid(uuid))) << "event " << uuid << " never arrived";
  EXPECT_EQ(ev.action, "change");
  EXPECT_EQ(ev.devpath, kLoDevpath);
  EXPECT_EQ(ev.property("SYNTH_ARG_T"), "123");
  EXPECT_GT(ev.seqnum, 0u);
}

TEST_F(NetlinkKernel, ForgedMulticastFromAProcessIsRejectedAndTheRealEventAccepted) {
  auto socket = open_socket(NetlinkGroup::kernel, 16 * kMiB);
  ASSERT_NE(socket, nullptr);
  Sender sender;
  ASSERT_NE(sender.pid(), 0u) << "a process's netlink socket has a non-zero port id";

  const auto forged = random_uuid();
  const auto real = random_uuid();
  ASSERT_EQ(sender.send(forged_lo_change(forged), 1), 0) << "root may send to group 1";
  ASSERT_EQ(write_uevent("change " + real), 0);

  bool forged_delivered = false;
  Uevent ev;
  ASSERT_TRUE(receive_until(*socket, ev, has_uuid(real), [&](const Uevent& e) {
    forged_delivered = forged_delivered || e.property("SYNTH_UUID") == forged;
  }));
  EXPECT_FALSE(forged_delivered) << "a uevent from nl_pid " << sender.pid() << " was trusted";
  EXPECT_GE(socket->stats().rejections.sender, 1u);
}

TEST_F(NetlinkKernel, UnicastFromAProcessIsRejected) {
  auto socket = open_socket(NetlinkGroup::kernel, 16 * kMiB);
  ASSERT_NE(socket, nullptr);
  sockaddr_nl self{};
  socklen_t len = sizeof self;
  ASSERT_EQ(::getsockname(socket->fd(), reinterpret_cast<sockaddr*>(&self), &len), 0);
  ASSERT_NE(self.nl_pid, 0u);

  Sender sender;
  const auto forged = random_uuid();
  const auto real = random_uuid();
  ASSERT_EQ(sender.send(forged_lo_change(forged), 0, self.nl_pid), 0);
  ASSERT_EQ(write_uevent("change " + real), 0);
  bool forged_delivered = false;
  Uevent ev;
  ASSERT_TRUE(receive_until(*socket, ev, has_uuid(real), [&](const Uevent& e) {
    forged_delivered = forged_delivered || e.property("SYNTH_UUID") == forged;
  }));
  EXPECT_FALSE(forged_delivered);
  EXPECT_GE(socket->stats().rejections.sender, 1u);
}

TEST_F(NetlinkKernel, ReceiveBufferIsWhatWasAskedFor) {
  auto big = open_socket(NetlinkGroup::kernel, 128 * kMiB);
  ASSERT_NE(big, nullptr);
  EXPECT_GE(big->stats().receive_buffer_bytes, 128 * kMiB) << "SO_RCVBUFFORCE as root";

  const std::size_t small_request = 256 * 1024;
  auto small = open_socket(NetlinkGroup::kernel, small_request);
  ASSERT_NE(small, nullptr);
  const auto effective = small->stats().receive_buffer_bytes;
  EXPECT_GE(effective, small_request);
  EXPECT_LE(effective, 2 * small_request) << "the kernel doubles the request, no more";

  int actual = 0;
  socklen_t len = sizeof actual;
  ASSERT_EQ(::getsockopt(small->fd(), SOL_SOCKET, SO_RCVBUF, &actual, &len), 0);
  EXPECT_EQ(effective, static_cast<std::size_t>(actual));
}

TEST_F(NetlinkKernel, OverflowIsReportedOnceAndReadingContinues) {
  auto socket = open_socket(NetlinkGroup::kernel, 4096);
  ASSERT_NE(socket, nullptr);
  ASSERT_LT(socket->stats().receive_buffer_bytes, 64u * 1024u);

  {
    UniqueFd file(::open(kLoUevent, O_WRONLY | O_CLOEXEC));
    ASSERT_GE(file.get(), 0);
    const auto burst = random_uuid();
    for (int i = 0; i < 3000; ++i) {
      ASSERT_EQ(write_uevent(file.get(), "change " + burst + " N=" + std::to_string(i)), 0);
    }
  }

  Uevent ev;
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::overflow) << "the first receive reports ENOBUFS";
  EXPECT_GE(socket->stats().overflows, 1u);

  // What the buffer held is still readable...
  int held = 0;
  for (auto status = socket->receive(ev); status != ReceiveStatus::would_block;
       status = socket->receive(ev)) {
    ASSERT_NE(status, ReceiveStatus::error) << std::strerror(socket->last_errno());
    held += status == ReceiveStatus::message;
  }
  EXPECT_GT(held, 0) << "the events queued before the kernel dropped the rest";
  EXPECT_LT(held, 3000) << "a 4 KiB buffer cannot hold the burst";

  // ...and so is what comes after.
  const auto after = random_uuid();
  ASSERT_EQ(write_uevent("change " + after), 0);
  ASSERT_TRUE(receive_until(*socket, ev, has_uuid(after))) << "no event after the overflow";
  EXPECT_GE(socket->stats().accepted, 1u);
}

// The udev group, fed by this process as udevd would feed it. Skipped when a real udevd runs,
// so that its listeners do not see test events.
class NetlinkUdev : public NetlinkKernel {
 protected:
  void SetUp() override {
    NetlinkKernel::SetUp();
    if (IsSkipped()) return;
    if (::access("/run/udev/control", F_OK) == 0) {
      GTEST_SKIP() << "udevd is running (/run/udev/control): not sending fake udev events";
    }
  }
};

std::string fake_udev_event(const std::string& uuid, std::size_t padding = 0) {
  std::string properties =
      nul_join({"ACTION=add", "DEVPATH=/devices/virtual/cmnotify-test/" + uuid,
                "SUBSYSTEM=cmnotify_test", "SEQNUM=1", "USEC_INITIALIZED=1", "SYNTH_UUID=" + uuid});
  for (std::size_t i = 0; i < padding; ++i) {
    properties += "ID_PAD_" + std::to_string(i) + "=" + std::string(200, 'p');
    properties.push_back('\0');
  }
  return udev_message(properties);
}

TEST_F(NetlinkUdev, AcceptsRootAndRejectsOtherUids) {
  auto socket = open_socket(NetlinkGroup::udev, 16 * kMiB);
  ASSERT_NE(socket, nullptr);
  Sender sender;
  const ucred root{::getpid(), 0, 0};
  const ucred nobody{::getpid(), 65534, 65534};

  const auto forged = random_uuid();
  const auto genuine = random_uuid();
  ASSERT_EQ(sender.send(fake_udev_event(forged), 2, 0, nobody), 0) << "root may claim any uid";
  ASSERT_EQ(sender.send(fake_udev_event(genuine), 2, 0, root), 0);

  bool forged_delivered = false;
  Uevent ev;
  ASSERT_TRUE(receive_until(*socket, ev, has_uuid(genuine), [&](const Uevent& e) {
    forged_delivered = forged_delivered || e.property("SYNTH_UUID") == forged;
  }));
  EXPECT_EQ(ev.format, UeventFormat::udev);
  EXPECT_EQ(ev.action, "add");
  EXPECT_EQ(ev.subsystem, "cmnotify_test");
  EXPECT_EQ(ev.devpath, "/devices/virtual/cmnotify-test/" + genuine);
  EXPECT_FALSE(forged_delivered) << "a udev message from uid 65534 was trusted";
  EXPECT_GE(socket->stats().rejections.credentials, 1u);
}

TEST_F(NetlinkUdev, RejectsTheKernelFormatAndDeliversLargeMessagesWhole) {
  auto socket = open_socket(NetlinkGroup::udev, 16 * kMiB);
  ASSERT_NE(socket, nullptr);
  Sender sender;
  const ucred root{::getpid(), 0, 0};

  const auto kernel_format = random_uuid();
  const auto large = random_uuid();
  ASSERT_EQ(sender.send(forged_lo_change(kernel_format), 2, 0, root), 0);
  const auto big = fake_udev_event(large, 100);  // about 21 KiB
  ASSERT_GT(big.size(), 16u * 1024u);
  ASSERT_EQ(sender.send(big, 2, 0, root), 0);

  bool kernel_format_delivered = false;
  Uevent ev;
  ASSERT_TRUE(receive_until(*socket, ev, has_uuid(large), [&](const Uevent& e) {
    kernel_format_delivered = kernel_format_delivered || e.property("SYNTH_UUID") == kernel_format;
  }));
  EXPECT_EQ(ev.properties.size(), 106u);
  EXPECT_EQ(ev.property("ID_PAD_99"), std::string(200, 'p'));
  EXPECT_FALSE(kernel_format_delivered);
  EXPECT_GE(socket->stats().rejections.wrong_format, 1u);
  EXPECT_EQ(socket->stats().rejections.truncated, 0u);
}

}  // namespace
}  // namespace cmnotify::linux_source
