// NetlinkSocket through a fake SocketSyscalls: opening, errors, and every forged datagram.
#include <gtest/gtest.h>

#include <climits>
#include <functional>
#include <string>
#include <vector>

#include "linux/netlink_fake_syscalls.hpp"
#include "linux/netlink_socket.hpp"
#include "linux/uevent_test_messages.hpp"

namespace cmnotify::linux_source {
namespace {

using testing::credentials;
using testing::FakeDatagram;
using testing::FakeSocketSyscalls;
using testing::kernel_message;
using testing::netlink_address;
using testing::nul_join;
using testing::udev_message;

constexpr std::size_t kBuffer = 128u * 1024 * 1024;

std::unique_ptr<NetlinkSocket> open_on(FakeSocketSyscalls& fake, NetlinkGroup group,
                                       std::size_t buffer = kBuffer) {
  std::string error;
  auto socket = NetlinkSocket::open(group, buffer, error, fake);
  EXPECT_NE(socket, nullptr) << error;
  EXPECT_TRUE(error.empty());
  return socket;
}

FakeDatagram from_kernel(std::string bytes = testing::kernel_lo_change()) {
  return FakeDatagram{std::move(bytes), netlink_address(0, 1), credentials(0, 0), 0};
}

FakeDatagram from_udevd(std::string bytes = testing::udev_sda1_add()) {
  return FakeDatagram{std::move(bytes), netlink_address(4242, 2), credentials(0, 311), 0};
}

// A socket of `group` with `count` good datagrams from that group's sender waiting in it.
std::unique_ptr<NetlinkSocket> open_with_waiting(FakeSocketSyscalls& fake, NetlinkGroup group,
                                                 int count) {
  auto socket = open_on(fake, group);
  for (int i = 0; i < count; ++i)
    fake.push(group == NetlinkGroup::kernel ? from_kernel() : from_udevd());
  return socket;
}

// A kernel socket whose next read fails with `error`, with a good datagram after it.
std::unique_ptr<NetlinkSocket> open_failing_once(FakeSocketSyscalls& fake, int error) {
  auto socket = open_on(fake, NetlinkGroup::kernel);
  fake.push_error(error);
  fake.push(from_kernel());
  return socket;
}

// How many messages receive(ev, batch) returns in a row, and what it returns after them.
struct Streak {
  int messages = 0;
  ReceiveStatus then = ReceiveStatus::message;
};
Streak messages_in_a_row(NetlinkSocket& socket, unsigned batch) {
  Uevent ev;
  Streak run;
  while ((run.then = socket.receive(ev, batch)) == ReceiveStatus::message) ++run.messages;
  return run;
}

// ---- open() -----------------------------------------------------------------------------------

TEST(NetlinkSocketOpen, MakesTheCallsInTheRightOrderWithTheRightArguments) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  ASSERT_NE(socket, nullptr);
  EXPECT_EQ(fake.calls, (std::vector<std::string>{"socket", "setsockopt SO_PASSCRED",
                                                  "setsockopt SO_RCVBUFFORCE",
                                                  "getsockopt SO_RCVBUF", "bind"}));
  EXPECT_EQ(fake.socket_type, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK);
  EXPECT_EQ(fake.socket_protocol, NETLINK_KOBJECT_UEVENT);
  ASSERT_EQ(fake.options.size(), 2u);
  EXPECT_EQ(fake.options[0].level, SOL_SOCKET);
  EXPECT_EQ(fake.options[0].value, 1);
  EXPECT_EQ(fake.options[1].value, static_cast<int>(kBuffer));
  EXPECT_EQ(fake.bound.nl_family, AF_NETLINK);
  EXPECT_EQ(fake.bound.nl_pid, 0u) << "the kernel picks the port id";
  EXPECT_EQ(fake.bound.nl_groups, 1u);
  EXPECT_EQ(socket->fd(), FakeSocketSyscalls::kFd);
  EXPECT_EQ(socket->group(), NetlinkGroup::kernel);
  EXPECT_EQ(socket->stats().receive_buffer_bytes, 2 * kBuffer) << "read back, not assumed";
  socket.reset();
  EXPECT_EQ(fake.closed, 1);
}

TEST(NetlinkSocketOpen, UdevGroupBindsMask2) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::udev);
  ASSERT_NE(socket, nullptr);
  EXPECT_EQ(fake.bound.nl_groups, 2u);
}

TEST(NetlinkSocketOpen, FallsBackToSoRcvbufWithoutCapNetAdmin) {
  FakeSocketSyscalls fake;
  fake.fail_option[SO_RCVBUFFORCE] = EPERM;
  fake.rcvbuf_cap = 212992;  // net.core.rmem_max
  auto socket = open_on(fake, NetlinkGroup::kernel);
  ASSERT_NE(socket, nullptr);
  ASSERT_EQ(fake.options.size(), 2u);
  EXPECT_EQ(fake.options[1].name, SO_RCVBUF);
  EXPECT_EQ(fake.options[1].value, static_cast<int>(kBuffer));
  EXPECT_EQ(socket->stats().receive_buffer_bytes, 2u * 212992u) << "the capped size, read back";
}

struct OpenFailure {
  std::string name;
  std::function<void(FakeSocketSyscalls&)> inject;
  std::string expected_text;
  bool socket_was_created;
};

TEST(NetlinkSocketOpen, EveryFailureIsAOneLineErrorAndClosesTheSocket) {
  const std::vector<OpenFailure> failures = {
      {"socket", [](auto& f) { f.fail_socket = EPROTONOSUPPORT; }, "socket(", false},
      {"passcred", [](auto& f) { f.fail_option[SO_PASSCRED] = EINVAL; }, "SO_PASSCRED", true},
      {"rcvbuf",
       [](auto& f) {
         f.fail_option[SO_RCVBUFFORCE] = EPERM;
         f.fail_option[SO_RCVBUF] = ENOMEM;
       },
       "SO_RCVBUF", true},
      {"getsockopt", [](auto& f) { f.fail_getsockopt = EBADF; }, "getsockopt", true},
      {"bind", [](auto& f) { f.fail_bind = EPERM; }, "bind(group 1)", true},
  };
  for (const auto& failure : failures) {
    SCOPED_TRACE(failure.name);
    FakeSocketSyscalls fake;
    failure.inject(fake);
    std::string error;
    auto socket = NetlinkSocket::open(NetlinkGroup::kernel, kBuffer, error, fake);
    EXPECT_EQ(socket, nullptr);
    EXPECT_NE(error.find(failure.expected_text), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    EXPECT_EQ(fake.closed, failure.socket_was_created ? 1 : 0);
  }
}

TEST(NetlinkSocketOpen, ErrorNamesTheErrno) {
  FakeSocketSyscalls fake;
  fake.fail_bind = EADDRINUSE;
  std::string error;
  EXPECT_EQ(NetlinkSocket::open(NetlinkGroup::udev, kBuffer, error, fake), nullptr);
  EXPECT_EQ(error, "netlink uevent socket: bind(group 2): Address already in use");
}

TEST(NetlinkSocketOpen, ValidatesItsArgumentsBeforeAnySyscall) {
  FakeSocketSyscalls fake;
  std::string error;
  EXPECT_EQ(NetlinkSocket::open(static_cast<NetlinkGroup>(3), kBuffer, error, fake), nullptr);
  EXPECT_NE(error.find("group"), std::string::npos) << error;
  EXPECT_EQ(NetlinkSocket::open(static_cast<NetlinkGroup>(0), kBuffer, error, fake), nullptr);
  EXPECT_EQ(NetlinkSocket::open(NetlinkGroup::kernel, 0, error, fake), nullptr);
  EXPECT_NE(error.find("receive buffer"), std::string::npos) << error;
  EXPECT_EQ(NetlinkSocket::open(NetlinkGroup::kernel, std::size_t{INT_MAX} + 1, error, fake),
            nullptr);
  EXPECT_TRUE(fake.calls.empty());
  EXPECT_NE(NetlinkSocket::open(NetlinkGroup::kernel, INT_MAX, error, fake), nullptr);
}

// ---- receive(): errors ------------------------------------------------------------------------

TEST(NetlinkSocketReceive, RetriesEintrUntilTheReadSucceeds) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  fake.push_error(EINTR);
  fake.push_error(EINTR);
  fake.push(from_kernel());
  fake.eintr_before_each_read = 3;
  Uevent ev;
  ASSERT_EQ(socket->receive(ev), ReceiveStatus::message);
  EXPECT_EQ(ev.devpath, "/devices/virtual/net/lo");
  EXPECT_EQ(fake.reads, 6) << "two interrupted calls, three interrupted reads, then the real one";
  EXPECT_EQ(fake.peeks, 0) << "one recvmsg per datagram: no size probe";
  EXPECT_EQ(socket->stats().messages, 1u);
  EXPECT_EQ(socket->stats().accepted, 1u);
}

TEST(NetlinkSocketReceive, EagainIsWouldBlockAndCountsNothing) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  Uevent ev;
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::would_block);
  fake.push_error(EAGAIN);
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::would_block);
  EXPECT_EQ(socket->stats().messages, 0u);
  EXPECT_EQ(socket->stats().rejected, 0u);
  EXPECT_EQ(socket->stats().overflows, 0u);
  EXPECT_EQ(socket->last_errno(), 0);
}

TEST(NetlinkSocketReceive, EnobufsIsReportedOnceAsOverflowAndReadingContinues) {
  FakeSocketSyscalls fake;
  auto socket = open_failing_once(fake, ENOBUFS);
  Uevent ev;
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::overflow);
  EXPECT_EQ(socket->stats().overflows, 1u);
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::message);
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::would_block);
  EXPECT_EQ(socket->stats().overflows, 1u);
  fake.push_error(ENOBUFS);
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::overflow);
  EXPECT_EQ(socket->stats().overflows, 2u);
}

TEST(NetlinkSocketReceive, OtherErrnoIsAnErrorWithItsValue) {
  FakeSocketSyscalls fake;
  auto socket = open_failing_once(fake, EIO);
  Uevent ev;
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::error);
  EXPECT_EQ(socket->last_errno(), EIO);
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::message) << "the socket stays usable";
}

// ---- receive() in batches (recvmmsg) ------------------------------------------------------------

TEST(NetlinkSocketBatch, AStormIsReadWithOneCallPerBatchAndEachDatagramIsCheckedAlone) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  FakeDatagram forged_sender = from_kernel();
  forged_sender.sender = netlink_address(4242, 1);  // a process posing as the kernel
  FakeDatagram no_credentials = from_kernel();
  no_credentials.creds.reset();
  FakeDatagram truncated = from_kernel();
  truncated.extra_flags = MSG_CTRUNC;
  fake.push(from_kernel(kernel_message(
      "change@/devices/a", {"ACTION=change", "DEVPATH=/devices/a", "SUBSYSTEM=net", "SEQNUM=1"})));
  fake.push(forged_sender);
  fake.push(from_kernel(kernel_message(
      "change@/devices/b", {"ACTION=change", "DEVPATH=/devices/b", "SUBSYSTEM=net", "SEQNUM=2"})));
  fake.push(no_credentials);
  fake.push(truncated);
  fake.push(from_kernel(kernel_message(
      "change@/devices/c", {"ACTION=change", "DEVPATH=/devices/c", "SUBSYSTEM=net", "SEQNUM=3"})));
  Uevent ev;
  std::vector<std::string> accepted;
  std::vector<ReceiveStatus> statuses;
  for (ReceiveStatus status; (status = socket->receive(ev, 16)) != ReceiveStatus::would_block;) {
    statuses.push_back(status);
    if (status == ReceiveStatus::message) {
      accepted.emplace_back(ev.devpath);
      // The bytes handed on (the arbiter keeps them) are this datagram's.
      EXPECT_NE(std::string_view(socket->last_datagram().data(), socket->last_datagram().size())
                    .find(std::string(ev.devpath)),
                std::string_view::npos);
    }
  }
  EXPECT_EQ(accepted, (std::vector<std::string>{"/devices/a", "/devices/b", "/devices/c"}));
  EXPECT_EQ(statuses.size(), 6u);
  EXPECT_EQ(fake.batch_reads, 1) << "six datagrams, one recvmmsg; and none that finds nothing";
  const SourceStats& stats = socket->stats();
  EXPECT_EQ(stats.messages, 6u);
  EXPECT_EQ(stats.accepted, 3u);
  EXPECT_EQ(stats.rejected, 3u);
  EXPECT_EQ(stats.rejections.sender, 1u);
  EXPECT_EQ(stats.rejections.credentials, 1u);
  EXPECT_EQ(stats.rejections.truncated, 1u);
}

// fill() sets again only the headers the previous recvmmsg wrote: each of them must be whole
// again (name and control lengths, flags), whichever slots the next call uses, or a good datagram
// landing in a slot a rejected one used would be refused (no credentials leaves the control length
// at 0: the next would look truncated).
TEST(NetlinkSocketBatch, EverySlotTheLastCallWroteIsSetAgainBeforeTheNextCall) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  FakeDatagram no_credentials = from_kernel();
  no_credentials.creds.reset();
  FakeDatagram truncated = from_kernel();
  truncated.extra_flags = MSG_CTRUNC;
  FakeDatagram forged_sender = from_kernel();
  forged_sender.sender = netlink_address(4242, 1);
  Uevent ev;
  // Calls of 3, 1, 3 then 2 datagrams: slot 0 is written by every call, slots 1 and 2 by the
  // first, third and fourth; a slot not written by the call before keeps what was set before it.
  const std::vector<std::vector<FakeDatagram>> calls{
      {no_credentials, truncated, forged_sender},
      {from_kernel()},
      {from_kernel(), from_kernel(), from_kernel()},
      {no_credentials, from_kernel()},
  };
  const std::vector<Streak> expected{{0, ReceiveStatus::rejected},
                                     {1, ReceiveStatus::would_block},
                                     {3, ReceiveStatus::would_block},
                                     {0, ReceiveStatus::rejected}};
  for (std::size_t i = 0; i < calls.size(); ++i) {
    SCOPED_TRACE(i);
    for (const FakeDatagram& d : calls[i]) fake.push(d);
    const Streak got = messages_in_a_row(*socket, 16);
    EXPECT_EQ(got.messages, expected[i].messages);
    EXPECT_EQ(got.then, expected[i].then);
    // The rest of the call: after a rejection, what the call read is still to come.
    if (got.then == ReceiveStatus::rejected) {
      ReceiveStatus status;
      while ((status = socket->receive(ev, 16)) != ReceiveStatus::would_block)
        EXPECT_NE(status, ReceiveStatus::error);
    }
    EXPECT_EQ(fake.batch_reads, static_cast<int>(i + 1)) << "one recvmmsg per call";
  }
  const SourceStats& stats = socket->stats();
  EXPECT_EQ(stats.messages, 9u);
  EXPECT_EQ(stats.accepted, 5u) << "every good datagram, whatever its slot held before";
  EXPECT_EQ(stats.rejections.credentials, 2u);
  EXPECT_EQ(stats.rejections.truncated, 1u);
  EXPECT_EQ(stats.rejections.sender, 1u);
}

TEST(NetlinkSocketBatch, AnOverflowAfterSomeDatagramsComesAfterThemAndReadingGoesOn) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  FakeDatagram forged = from_kernel();
  forged.sender = netlink_address(0, 0);  // unicast
  fake.push(from_kernel());
  fake.push(forged);
  fake.push_error(ENOBUFS);
  fake.push(from_kernel());
  fake.push_error(EIO);
  Uevent ev;
  EXPECT_EQ(socket->receive(ev, 16), ReceiveStatus::message);
  EXPECT_EQ(socket->receive(ev, 16), ReceiveStatus::rejected);
  // The batch stopped before the error: the socket says would_block without a call (the kernel
  // keeps the error, so poll() says readable), then the next call reports it.
  EXPECT_EQ(socket->receive(ev, 16), ReceiveStatus::would_block);
  EXPECT_EQ(fake.batch_reads, 1);
  EXPECT_EQ(socket->stats().overflows, 0u);
  EXPECT_EQ(socket->receive(ev, 16), ReceiveStatus::overflow);
  EXPECT_EQ(socket->stats().overflows, 1u);
  EXPECT_EQ(socket->receive(ev, 16), ReceiveStatus::message);
  EXPECT_EQ(socket->receive(ev, 16), ReceiveStatus::would_block);
  EXPECT_EQ(socket->receive(ev, 16), ReceiveStatus::error);
  EXPECT_EQ(socket->last_errno(), EIO);
  EXPECT_EQ(socket->stats().accepted, 2u);
  EXPECT_EQ(socket->stats().rejections.sender, 1u);
}

TEST(NetlinkSocketBatch, NeverTakesMoreThanTheCallerWillReceive) {
  FakeSocketSyscalls fake;
  auto socket = open_with_waiting(fake, NetlinkGroup::kernel, 40);
  Uevent ev;
  for (unsigned left = 3; left > 0; --left)
    ASSERT_EQ(socket->receive(ev, left), ReceiveStatus::message);
  EXPECT_EQ(fake.inbox.size(), 37u) << "three asked for, three taken from the kernel";
  EXPECT_EQ(messages_in_a_row(*socket, 64).messages, 37);
  EXPECT_EQ(fake.batch_reads, 1 + 3) << "16, 16 and 5: a batch is at most kNetlinkBatch datagrams";
}

// ---- receive(): trust -------------------------------------------------------------------------

struct Forged {
  std::string name;
  NetlinkGroup group;
  FakeDatagram datagram;
  std::string_view reason;  // the SourceStats::Rejections counter it must land in
};

// The count of one reason, by its name; and the sum of them all.
std::uint64_t reason_count(const SourceStats& s, std::string_view reason) {
  std::uint64_t count = 0;
  s.rejections.for_each([&](std::string_view name, std::uint64_t n) {
    if (name == reason) count += n;
  });
  return count;
}

std::uint64_t all_reasons(const SourceStats& s) {
  std::uint64_t count = 0;
  s.rejections.for_each([&](std::string_view, std::uint64_t n) { count += n; });
  return count;
}

FakeDatagram with(FakeDatagram d, const std::function<void(FakeDatagram&)>& change) {
  change(d);
  return d;
}

std::vector<Forged> forgeries() {
  const auto k = NetlinkGroup::kernel;
  const auto u = NetlinkGroup::udev;
  const auto base = nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"});
  testing::UdevHeader lying_len;
  lying_len.properties_len = static_cast<std::uint32_t>(base.size() + 100);
  testing::UdevHeader lying_off;
  lying_off.properties_off = 8;
  testing::UdevHeader bad_magic;
  bad_magic.magic = 0xdeadbeef;
  const std::string too_big(kNetlinkMaxDatagramBytes + 1, 'x');
  return {
      // The kernel group: only the kernel (nl_pid 0), only multicast to group 1.
      {"kernel group: a process's pid", k,
       with(from_kernel(), [](auto& d) { d.sender.nl_pid = 31337; }), "sender"},
      {"kernel group: udevd's message", k,
       with(from_udevd(), [](auto& d) { d.sender = netlink_address(4242, 1); }), "sender"},
      {"kernel group: unicast from pid 0", k,
       with(from_kernel(), [](auto& d) { d.sender.nl_groups = 0; }), "sender"},
      {"kernel group: unicast from a process", k,
       with(from_kernel(), [](auto& d) { d.sender = netlink_address(777, 0); }), "sender"},
      {"kernel group: sent to group 2", k,
       with(from_kernel(), [](auto& d) { d.sender.nl_groups = 2; }), "sender"},
      {"kernel group: sent to groups 1 and 2", k,
       with(from_kernel(), [](auto& d) { d.sender.nl_groups = 3; }), "sender"},
      {"kernel group: not AF_NETLINK", k,
       with(from_kernel(), [](auto& d) { d.sender.nl_family = AF_UNIX; }), "sender"},
      {"kernel group: no credentials", k, with(from_kernel(), [](auto& d) { d.creds.reset(); }),
       "credentials"},
      {"kernel group: MSG_TRUNC", k,
       with(from_kernel(), [](auto& d) { d.extra_flags = MSG_TRUNC; }), "truncated"},
      {"kernel group: MSG_CTRUNC", k,
       with(from_kernel(), [](auto& d) { d.extra_flags = MSG_CTRUNC; }), "truncated"},
      {"kernel group: over the datagram limit", k, from_kernel(too_big), "truncated"},
      {"kernel group: udev format from pid 0", k, from_kernel(testing::udev_sda1_add()),
       "wrong_format"},
      {"kernel group: header mismatch", k, from_kernel(kernel_message("remove@/devices/x", base)),
       "header_mismatch"},
      {"kernel group: truncated (no final NUL)", k,
       from_kernel(kernel_message("add@/devices/x", base + "SEQNUM=1")), "not_nul_terminated"},
      {"kernel group: over-long value", k,
       from_kernel(kernel_message(
           "add@/devices/x", base + nul_join({"V=" + std::string(kUeventMaxValueBytes + 1, 'v')}))),
       "value_too_long"},
      {"kernel group: empty datagram", k, from_kernel(""), "empty"},
      // The udev group: only uid 0, only multicast to group 2, only the udev format.
      {"udev group: uid 1000", u,
       with(from_udevd(), [](auto& d) { d.creds = credentials(1000, 5000); }), "credentials"},
      {"udev group: uid 65534", u,
       with(from_udevd(), [](auto& d) { d.creds = credentials(65534, 5000); }), "credentials"},
      {"udev group: no credentials", u, with(from_udevd(), [](auto& d) { d.creds.reset(); }),
       "credentials"},
      {"udev group: unicast from root", u,
       with(from_udevd(), [](auto& d) { d.sender.nl_groups = 0; }), "sender"},
      {"udev group: sent to group 1", u,
       with(from_udevd(), [](auto& d) { d.sender.nl_groups = 1; }), "sender"},
      {"udev group: MSG_TRUNC", u, with(from_udevd(), [](auto& d) { d.extra_flags = MSG_TRUNC; }),
       "truncated"},
      {"udev group: kernel format from root", u, from_udevd(testing::kernel_lo_change()),
       "wrong_format"},
      {"udev group: bad magic", u, from_udevd(udev_message(base, bad_magic)), "bad_udev_magic"},
      {"udev group: header lies about the length", u, from_udevd(udev_message(base, lying_len)),
       "bad_udev_offsets"},
      {"udev group: header lies about the offset", u, from_udevd(udev_message(base, lying_off)),
       "bad_udev_offsets"},
      {"udev group: truncated header", u, from_udevd(udev_message(base).substr(0, 30)),
       "truncated_header"},
      {"udev group: truncated properties", u, from_udevd(udev_message(base).substr(0, 50)),
       "bad_udev_offsets"},
      {"udev group: over-long value", u,
       from_udevd(
           udev_message(base + nul_join({"V=" + std::string(kUeventMaxValueBytes + 1, 'v')}))),
       "value_too_long"},
  };
}

TEST(NetlinkSocketReceive, EveryForgedDatagramIsRejectedCountedAndNeverDelivered) {
  for (const auto& forged : forgeries()) {
    SCOPED_TRACE(forged.name);
    FakeSocketSyscalls fake;
    auto socket = open_on(fake, forged.group);
    ASSERT_NE(socket, nullptr);
    fake.push(forged.datagram);
    fake.push(forged.group == NetlinkGroup::kernel ? from_kernel() : from_udevd());

    Uevent ev;
    EXPECT_EQ(socket->receive(ev), ReceiveStatus::rejected);
    const auto& stats = socket->stats();
    EXPECT_EQ(reason_count(stats, forged.reason), 1u) << forged.reason;
    EXPECT_EQ(all_reasons(stats), 1u) << "counted under exactly one reason";
    EXPECT_EQ(stats.rejected, 1u);
    EXPECT_EQ(stats.accepted, 0u);
    EXPECT_EQ(stats.messages, 1u);

    // The genuine datagram behind it still arrives, and nothing else does.
    EXPECT_EQ(socket->receive(ev), ReceiveStatus::message);
    EXPECT_EQ(socket->receive(ev), ReceiveStatus::would_block);
    EXPECT_EQ(stats.accepted, 1u);
    EXPECT_EQ(stats.messages, 2u);
  }
}

TEST(NetlinkSocketReceive, AcceptsTheKernelWhateverUidItsCredentialsShow) {
  // In a user namespace the kernel's uid 0 shows as the overflow uid; nl_pid 0 is the proof.
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  fake.push(with(from_kernel(), [](auto& d) { d.creds = credentials(65534, 0); }));
  Uevent ev;
  EXPECT_EQ(socket->receive(ev), ReceiveStatus::message);
}

TEST(NetlinkSocketReceive, DeliversAKernelEventWithAllItsFields) {
  FakeSocketSyscalls fake;
  auto socket = open_on(fake, NetlinkGroup::kernel);
  fake.push(from_kernel(testing::kernel_lo_change("99")));
  Uevent ev;
  ASSERT_EQ(socket->receive(ev), ReceiveStatus::message);
  EXPECT_EQ(ev.format, UeventFormat::kernel);
  EXPECT_EQ(ev.action, "change");
  EXPECT_EQ(ev.subsystem, "net");
  EXPECT_EQ(ev.seqnum, 99u);
  EXPECT_EQ(ev.property("INTERFACE"), "lo");
}

TEST(NetlinkSocketReceive, DeliversUdevDatagramsLargerThan8KiBWhole) {
  for (const std::size_t fields : {50u, 500u}) {  // ~12 KiB, then ~110 KiB: beyond the buffer
    SCOPED_TRACE(fields);
    std::string properties = nul_join(
        {"ACTION=change", "DEVPATH=/devices/virtual/dmi/id", "SUBSYSTEM=dmi", "SEQNUM=77"});
    for (std::size_t i = 0; i < fields; ++i) {
      properties += "ID_DMI_" + std::to_string(i) + "=" + std::string(200, 'a' + i % 26);
      properties.push_back('\0');
    }
    properties += "LAST=end";
    properties.push_back('\0');
    const auto message = udev_message(properties);
    ASSERT_GT(message.size(), 8u * 1024u);

    FakeSocketSyscalls fake;
    auto socket = open_on(fake, NetlinkGroup::udev);
    fake.push(from_udevd(message));
    Uevent ev;
    ASSERT_EQ(socket->receive(ev), ReceiveStatus::message);
    EXPECT_EQ(ev.properties.size(), fields + 5);
    EXPECT_EQ(ev.property("LAST"), "end");
    EXPECT_EQ(socket->stats().rejections.truncated, 0u);
  }
}

TEST(NetlinkSocketReceive, EachReceiveReadsOneDatagram) {
  FakeSocketSyscalls fake;
  auto socket = open_with_waiting(fake, NetlinkGroup::udev, 5);
  const Streak run = messages_in_a_row(*socket, 1);
  EXPECT_EQ(run.messages, 5);
  EXPECT_EQ(run.then, ReceiveStatus::would_block);
  EXPECT_EQ(fake.reads, 6) << "one read per datagram, then the one that found none";
  EXPECT_EQ(socket->stats().accepted, 5u);
}

}  // namespace
}  // namespace cmnotify::linux_source
