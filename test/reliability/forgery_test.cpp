// Forged and malformed datagrams fed to the Linux source through its socket seam, on the kernel
// group and on the udev group: every one is rejected and counted (source_stats().rejected), none
// reaches a subscriber, none crashes, and a genuine event right after each is delivered.
#include <gtest/gtest.h>

#include <linux/netlink.h>
#include <sys/socket.h>

#include <functional>
#include <string>
#include <vector>

#include "reliability/source_fixture.hpp"

namespace cmnotify::testing {
namespace {

using linux_source::kNetlinkMaxDatagramBytes;
using linux_source::testing::kernel_message;
using linux_source::testing::nul_join;
using linux_source::testing::udev_message;
using linux_source::testing::UdevHeader;

const std::string kForgedDevpath = "/devices/virtual/net/forged0";

std::string kernel_add(std::initializer_list<std::string_view> extra = {}) {
  std::string pairs = nul_join({"ACTION=add", "DEVPATH=/devices/virtual/net/forged0",
                                "SUBSYSTEM=net", "INTERFACE=forged0", "SEQNUM=77"});
  pairs += nul_join(extra);
  return kernel_message("add@/devices/virtual/net/forged0", pairs);
}

std::string udev_pairs(std::initializer_list<std::string_view> extra = {}) {
  std::string pairs = nul_join({"ACTION=add", "DEVPATH=/devices/virtual/net/forged0",
                                "SUBSYSTEM=net", "INTERFACE=forged0", "SEQNUM=77"});
  return pairs + nul_join(extra);
}

FakeDatagram from_kernel(std::string bytes) {
  FakeDatagram d;
  d.bytes = std::move(bytes);
  return d;
}

FakeDatagram from_udevd(std::string bytes) {
  FakeDatagram d;
  d.bytes = std::move(bytes);
  d.sender = netlink_address(kUdevdPort, 2);
  d.creds = credentials(0, 300);
  return d;
}

template <typename Fn>
FakeDatagram edited(FakeDatagram d, Fn edit) {
  edit(d);
  return d;
}

struct Forgery {
  std::string name;
  bool udev_group;
  std::function<FakeDatagram()> make;
  friend void PrintTo(const Forgery& f, std::ostream* os) { *os << f.name; }
};

std::string long_value() { return "ID_MODEL=" + std::string(8193, 'x'); }

std::vector<Forgery> forgeries() {
  const std::string big = long_value();
  return {
      // ---- the kernel group: only the kernel (nl_pid 0) multicasting to group 1 ----
      {"KernelGroupWrongSenderPid", false,
       [] { return edited(from_kernel(kernel_add()), [](auto& d) { d.sender.nl_pid = 1234; }); }},
      {"KernelGroupUnicastFromTheKernelPid", false,
       [] { return edited(from_kernel(kernel_add()), [](auto& d) { d.sender.nl_groups = 0; }); }},
      {"KernelGroupUnicastFromAProcess", false,
       [] {
         return edited(from_kernel(kernel_add()),
                       [](auto& d) { d.sender = netlink_address(999, 0); });
       }},
      {"KernelGroupSentToTheUdevGroup", false,
       [] { return edited(from_kernel(kernel_add()), [](auto& d) { d.sender.nl_groups = 2; }); }},
      {"KernelGroupNotNetlinkFamily", false,
       [] {
         return edited(from_kernel(kernel_add()), [](auto& d) { d.sender.nl_family = AF_UNIX; });
       }},
      {"KernelGroupNoCredentials", false,
       [] { return edited(from_kernel(kernel_add()), [](auto& d) { d.creds.reset(); }); }},
      {"KernelGroupTruncatedByTheKernel", false,
       [] {
         return edited(from_kernel(kernel_add()), [](auto& d) { d.extra_flags = MSG_TRUNC; });
       }},
      {"KernelGroupCredentialsTruncated", false,
       [] {
         return edited(from_kernel(kernel_add()), [](auto& d) { d.extra_flags = MSG_CTRUNC; });
       }},
      {"KernelGroupLargerThanAnyUevent", false,
       [] {
         return from_kernel(kernel_add({"ID_X=" + std::string(kNetlinkMaxDatagramBytes, 'x')}));
       }},
      {"KernelGroupUdevFormat", false, [] { return from_kernel(udev_message(udev_pairs())); }},
      {"KernelGroupValueTooLong", false, [big] { return from_kernel(kernel_add({big})); }},
      {"KernelGroupHeaderDisagreesWithDevpath", false,
       [] { return from_kernel(kernel_message("add@/devices/virtual/net/other", udev_pairs())); }},
      {"KernelGroupDevpathEscapesSysfs", false,
       [] {
         return from_kernel(
             kernel_message("add@/devices/../../etc",
                            {"ACTION=add", "DEVPATH=/devices/../../etc", "SUBSYSTEM=net"}));
       }},
      {"KernelGroupNotNulTerminated", false,
       [] {
         std::string m = kernel_add();
         m += "TRAILING=no-nul";
         return from_kernel(m);
       }},
      {"KernelGroupDuplicateAction", false,
       [] { return from_kernel(kernel_add({"ACTION=remove"})); }},
      {"KernelGroupBadSeqnum", false,
       [] {
         return from_kernel(kernel_message(
             "add@/devices/virtual/net/forged0",
             {"ACTION=add", "DEVPATH=/devices/virtual/net/forged0", "SUBSYSTEM=net", "SEQNUM=-1"}));
       }},
      {"KernelGroupMissingSubsystem", false,
       [] {
         return from_kernel(kernel_message("add@/devices/virtual/net/forged0",
                                           {"ACTION=add", "DEVPATH=/devices/virtual/net/forged0"}));
       }},
      {"KernelGroupEmptyDatagram", false, [] { return from_kernel(std::string()); }},
      // ---- the udev group: multicast to group 2 with SCM_CREDENTIALS uid 0 ----
      {"UdevGroupNonRootSender", true,
       [] {
         return edited(from_udevd(udev_message(udev_pairs())),
                       [](auto& d) { d.creds = credentials(1000, 300); });
       }},
      {"UdevGroupNoCredentials", true,
       [] {
         return edited(from_udevd(udev_message(udev_pairs())), [](auto& d) { d.creds.reset(); });
       }},
      {"UdevGroupUnicast", true,
       [] {
         return edited(from_udevd(udev_message(udev_pairs())),
                       [](auto& d) { d.sender.nl_groups = 0; });
       }},
      {"UdevGroupSentToTheKernelGroup", true,
       [] {
         return edited(from_udevd(udev_message(udev_pairs())),
                       [](auto& d) { d.sender.nl_groups = 1; });
       }},
      {"UdevGroupTruncated", true,
       [] {
         return edited(from_udevd(udev_message(udev_pairs())),
                       [](auto& d) { d.extra_flags = MSG_TRUNC; });
       }},
      {"UdevGroupBadMagic", true,
       [] {
         UdevHeader h;
         h.magic = 0xcafefeed;
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupMagicInHostOrder", true,
       [] {
         UdevHeader h;
         h.magic_in_host_order = true;
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupHeaderSizeTooSmall", true,
       [] {
         UdevHeader h;
         h.header_size = 20;
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupHeaderSizeBeyondTheMessage", true,
       [] {
         UdevHeader h;
         h.header_size = 1 << 20;
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupPropertiesOffsetBeyondTheMessage", true,
       [] {
         UdevHeader h;
         h.properties_off = 1 << 20;
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupPropertiesOffsetInsideTheHeader", true,
       [] {
         UdevHeader h;
         h.properties_off = 8;
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupPropertiesLengthTooLong", true,
       [] {
         UdevHeader h;
         h.properties_len = 0xffffffffu;
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupPropertiesLengthHidesTrailingBytes", true,
       [] {
         UdevHeader h;
         h.properties_len = static_cast<std::uint32_t>(udev_pairs().size() - 10);
         return from_udevd(udev_message(udev_pairs(), h));
       }},
      {"UdevGroupShorterThanItsHeader", true,
       [] { return from_udevd(udev_message(udev_pairs()).substr(0, 30)); }},
      {"UdevGroupKernelFormat", true, [] { return from_udevd(kernel_add()); }},
      {"UdevGroupValueTooLong", true,
       [big] { return from_udevd(udev_message(udev_pairs({big}))); }},
      {"UdevGroupMalformedPair", true,
       [] { return from_udevd(udev_message(udev_pairs({"NOEQUALSSIGN"}))); }},
  };
}

class Forged : public FakeSourceTest, public ::testing::WithParamInterface<Forgery> {};

TEST_P(Forged, IsRejectedCountedNeverDeliveredAndTheNextGenuineEventArrives) {
  const Forgery& forgery = GetParam();
  udev_group_ = forgery.udev_group;
  install(udev_group_ ? NetlinkGroup::udev : NetlinkGroup::kernel);
  EventRecorder recorder;
  auto instances = subscribe(Filter::all_instances(), [&](const Event& e) { recorder(e); });
  auto interfaces =
      subscribe(Filter::all_interface_classes(), [&](const Event& e) { recorder(e); });

  // Three rounds, so a forgery cannot hide behind the start-up state.
  for (int round = 0; round < 3; ++round) {
    kernel_.push(forgery.make());
    const std::string genuine_name = "genuine" + std::to_string(round);
    plug(genuine_name);
    ASSERT_TRUE(recorder.wait_for_event(is(Action::instance_enumerated, net_id(genuine_name))))
        << "the genuine event after the forged one was not delivered";
    // Counted before anything that came after it was delivered.
    EXPECT_EQ(source_stats().rejected, static_cast<std::uint64_t>(round + 1));
  }
  // The counters are published after each batch the reader thread reads.
  EXPECT_TRUE(eventually([] { return source_stats().accepted == 3; }));
  EXPECT_EQ(source_stats().messages, 6u);
  for (const Event& e : recorder.events()) {
    EXPECT_EQ(e.device->syspath.find("forged"), std::string::npos)
        << "forged event delivered: " << to_string(e.action) << " " << e.instance_id();
  }
}

INSTANTIATE_TEST_SUITE_P(Forgery, Forged, ::testing::ValuesIn(forgeries()),
                         [](const auto& p) { return p.param.name; });

// The same genuine message is accepted on its own group: the table above rejects forgeries, not
// the format.
TEST_F(FakeSourceTest, TheUnforgedMessagesOfBothGroupsAreAccepted) {
  for (const bool udev : {false, true}) {
    udev_group_ = udev;
    install(udev ? NetlinkGroup::udev : NetlinkGroup::kernel);
    EventRecorder recorder;
    {
      auto sub = subscribe(Filter::all_instances(), [&](const Event& e) { recorder(e); });
      plug(udev ? "viaudev" : "viakernel");
      ASSERT_TRUE(recorder.wait_for_event(
          is(Action::instance_enumerated, net_id(udev ? "viaudev" : "viakernel"))));
      EXPECT_TRUE(eventually([] { return source_stats().accepted == 1; }));
      EXPECT_EQ(source_stats().rejected, 0u);
    }
  }
}

}  // namespace
}  // namespace cmnotify::testing
