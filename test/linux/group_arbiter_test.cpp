// The choice between the kernel's and udevd's copy of each uevent (linux/group_arbiter.hpp),
// driven with a fake clock and a fake udevd probe: every event exactly once, from the group in
// use, through udevd answering, stopping, dying, hanging and coming back.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "linux/group_arbiter.hpp"
#include "uevent_test_messages.hpp"

namespace cmnotify::linux_source {
namespace {

using namespace std::chrono_literals;
using Clock = GroupArbiter::Clock;
using testing::kernel_message;
using testing::nul_join;
using testing::udev_message;

struct Delivered {
  std::uint64_t seqnum;
  std::string action;
  std::string devpath;
  NetlinkGroup from;
  bool has_udev_property;
};

class GroupArbiterTest : public ::testing::Test, private GroupArbiter::Output {
 protected:
  GroupArbiterTest()
      : arbiter_(
            *this,
            [this] {
              ++probes_;
              return udevd_answers_;
            },
            timing()) {}

  static ArbiterTiming timing() {
    ArbiterTiming t;
    t.hold = 1000ms;
    t.probe_interval = 100ms;
    t.absent_probe_interval = 1000ms;
    t.max_held = 8;
    t.remembered = 16;
    return t;
  }

  void deliver(const Uevent& uevent, NetlinkGroup from) override {
    delivered_.push_back({uevent.seqnum, std::string(uevent.action), std::string(uevent.devpath),
                          from, !uevent.property("ID_NET_NAME").empty()});
    if (while_delivering_) while_delivering_(uevent.seqnum);
  }
  void switched(NetlinkGroup to, const std::string& reason) override {
    switches_.push_back({to, reason});
    delivered_before_switch_.push_back(delivered_.size());
  }

  NetlinkGroup begin(bool udevd) {
    udevd_answers_ = udevd;
    std::string reason;
    return arbiter_.begin(now_, reason);
  }

  static std::string devpath(const std::string& name) { return "/devices/virtual/net/" + name; }

  void kernel(const std::string& action, const std::string& name, std::uint64_t seqnum) {
    const std::string a = "ACTION=" + action, d = "DEVPATH=" + devpath(name),
                      s = "SEQNUM=" + std::to_string(seqnum);
    const std::string bytes =
        kernel_message(action + "@" + devpath(name), {a, d, "SUBSYSTEM=net", s});
    Uevent u;
    ASSERT_EQ(parse_uevent(bytes, u), UeventError::none);
    arbiter_.on_kernel(u, bytes, now_);
  }

  void udev(const std::string& action, const std::string& name, std::uint64_t seqnum) {
    const std::string a = "ACTION=" + action, d = "DEVPATH=" + devpath(name),
                      s = "SEQNUM=" + std::to_string(seqnum);
    const std::string bytes =
        udev_message(nul_join({a, d, "SUBSYSTEM=net", s, "ID_NET_NAME=enx1"}));
    Uevent u;
    ASSERT_EQ(parse_uevent(bytes, u), UeventError::none);
    arbiter_.on_udev(u, now_);
  }

  void advance(std::chrono::milliseconds by) {
    now_ += by;
    arbiter_.on_tick(now_);
  }

  std::vector<std::uint64_t> seqnums() const {
    std::vector<std::uint64_t> out;
    for (const auto& d : delivered_) out.push_back(d.seqnum);
    return out;
  }

  Clock::time_point now_{std::chrono::seconds(1000)};
  bool udevd_answers_ = false;
  int probes_ = 0;
  std::vector<Delivered> delivered_;
  std::vector<std::pair<NetlinkGroup, std::string>> switches_;
  std::vector<std::size_t> delivered_before_switch_;  // delivered_.size() at each switch
  // Called from deliver(), after recording the event: an output that acts from inside.
  std::function<void(std::uint64_t seqnum)> while_delivering_;
  GroupArbiter arbiter_;
};

TEST_F(GroupArbiterTest, WithoutUdevdKernelEventsAreDeliveredAtOnce) {
  EXPECT_EQ(begin(false), NetlinkGroup::kernel);
  kernel("add", "tap0", 1);
  kernel("remove", "tap0", 2);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(delivered_[0].from, NetlinkGroup::kernel);
  EXPECT_EQ(arbiter_.held(), 0u);
  EXPECT_TRUE(switches_.empty());
}

TEST_F(GroupArbiterTest, WithUdevdTheKernelCopyWaitsAndUdevsCopyIsDeliveredOnce) {
  EXPECT_EQ(begin(true), NetlinkGroup::udev);
  kernel("add", "tap0", 1);
  EXPECT_TRUE(delivered_.empty());
  EXPECT_EQ(arbiter_.held(), 1u);
  now_ += 20ms;
  udev("add", "tap0", 1);
  ASSERT_EQ(seqnums(), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(delivered_[0].from, NetlinkGroup::udev);
  EXPECT_TRUE(delivered_[0].has_udev_property);
  EXPECT_EQ(arbiter_.held(), 0u);
  advance(5s);  // nothing held: nothing expires
  EXPECT_EQ(delivered_.size(), 1u);
  EXPECT_TRUE(switches_.empty());
}

TEST_F(GroupArbiterTest, AKernelCopyReadAfterUdevsCopyIsADuplicate) {
  begin(true);
  udev("add", "tap0", 7);
  kernel("add", "tap0", 7);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{7}));
  EXPECT_EQ(arbiter_.duplicates(), 1u);
  EXPECT_EQ(arbiter_.held(), 0u);
}

TEST_F(GroupArbiterTest, UdevdKilledIsNoticedByTheProbeAndEventsComeFromTheKernelAtOnce) {
  begin(true);
  kernel("add", "tap0", 1);
  udev("add", "tap0", 1);
  udevd_answers_ = false;  // SIGKILL, or `udevadm control --exit`: the socket file stays
  now_ += 150ms;           // past the probe interval
  kernel("add", "tap1", 2);
  ASSERT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(delivered_[1].from, NetlinkGroup::kernel);
  ASSERT_EQ(switches_.size(), 1u);
  EXPECT_EQ(switches_[0].first, NetlinkGroup::kernel);
  EXPECT_EQ(switches_[0].second, "udevd stopped answering");
  kernel("remove", "tap1", 3);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2, 3}));
}

TEST_F(GroupArbiterTest, UdevdDyingWhileEventsWaitDeliversThemInOrderWithinAProbeInterval) {
  begin(true);
  kernel("add", "tap0", 1);
  kernel("add", "tap1", 2);
  udevd_answers_ = false;
  const auto tick = arbiter_.next_tick();
  ASSERT_TRUE(tick.has_value());
  EXPECT_LE(*tick - now_, 100ms);
  advance(100ms);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(arbiter_.expired(), 2u);
  ASSERT_EQ(switches_.size(), 1u);
  // udevd's late copies, should any come, are not delivered again; they prove it forwards, so
  // its group is used again.
  udev("add", "tap0", 1);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  ASSERT_EQ(switches_.size(), 2u);
  EXPECT_EQ(switches_[1].first, NetlinkGroup::udev);
}

TEST_F(GroupArbiterTest, AHungUdevdThatStillAnswersLetsHeldEventsExpireAfterTheHold) {
  begin(true);  // SIGSTOP: the kernel still completes connections to its socket
  kernel("add", "tap0", 1);
  advance(500ms);
  EXPECT_TRUE(delivered_.empty());
  advance(500ms);
  ASSERT_EQ(seqnums(), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(delivered_[0].from, NetlinkGroup::kernel);
  ASSERT_EQ(switches_.size(), 1u);
  EXPECT_NE(switches_[0].second.find("did not forward event 1"), std::string::npos);
  kernel("add", "tap1", 2);  // the kernel group now: at once
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  // A hung udevd answers probes: no probe switches back, only a forwarded event does.
  advance(5s);
  EXPECT_EQ(switches_.size(), 1u);
  udev("add", "tap0", 1);  // SIGCONT: its queue comes through
  udev("add", "tap1", 2);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(arbiter_.duplicates(), 2u);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::udev);
}

TEST_F(GroupArbiterTest, UdevdStartingIsNoticedByTheProbeWithinItsInterval) {
  begin(false);
  kernel("add", "tap0", 1);
  udevd_answers_ = true;
  advance(999ms);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::kernel);
  advance(1ms);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::udev);
  ASSERT_EQ(switches_.size(), 1u);
  EXPECT_EQ(switches_[0].second, "udevd answers");
  kernel("remove", "tap0", 2);
  EXPECT_TRUE(arbiter_.held() == 1u);
  udev("remove", "tap0", 2);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(delivered_[1].from, NetlinkGroup::udev);
}

TEST_F(GroupArbiterTest, WatchedAnAbsentUdevdIsNeverProbedOnATimer) {
  arbiter_.watch_udevd();
  begin(false);
  const int probes = probes_;
  EXPECT_FALSE(arbiter_.next_tick().has_value());
  kernel("add", "tap0", 1);
  advance(60s);
  EXPECT_EQ(probes_, probes);
  EXPECT_FALSE(arbiter_.next_tick().has_value());
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1}));
}

TEST_F(GroupArbiterTest, WatchedUdevdAppearingIsProbedAtOnceAndTakesOver) {
  arbiter_.watch_udevd();
  begin(false);
  kernel("add", "tap0", 1);
  udevd_answers_ = true;
  arbiter_.on_udevd_appeared(now_);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::udev);
  ASSERT_EQ(switches_.size(), 1u);
  EXPECT_EQ(switches_[0].second, "udevd answers");
  EXPECT_FALSE(arbiter_.next_tick().has_value());
}

TEST_F(GroupArbiterTest, WatchedUdevdListeningAfterItsSocketAppearedIsFoundByTheRetries) {
  arbiter_.watch_udevd();
  begin(false);
  arbiter_.on_udevd_appeared(now_);  // bound, not listening yet
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::kernel);
  ASSERT_TRUE(arbiter_.next_tick().has_value());
  advance(500ms);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::kernel);
  udevd_answers_ = true;  // listens now
  for (int i = 0; i < 20 && arbiter_.group() == NetlinkGroup::kernel; ++i) advance(100ms);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::udev);
}

TEST_F(GroupArbiterTest, WatchedASocketLeftBehindIsProbedAFewTimesThenLeftAlone) {
  arbiter_.watch_udevd();
  begin(false);
  const int probes = probes_;
  arbiter_.on_udevd_appeared(now_);
  for (int i = 0; i < 1000; ++i) advance(100ms);  // 100 s
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::kernel);
  EXPECT_FALSE(arbiter_.next_tick().has_value());
  // At once, then at doubling intervals from 10 ms within the 10 s window.
  EXPECT_GE(probes_ - probes, 5);
  EXPECT_LE(probes_ - probes, 12);
}

TEST_F(GroupArbiterTest, WatchedUdevdDyingIsStillNoticedByTheProbeWhileEventsWait) {
  arbiter_.watch_udevd();
  begin(true);
  kernel("add", "tap0", 1);
  udevd_answers_ = false;
  advance(100ms);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::kernel);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1}));
  EXPECT_FALSE(arbiter_.next_tick().has_value());  // and no timer afterwards
  udevd_answers_ = true;
  arbiter_.on_udevd_appeared(now_);  // restarted
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::udev);
}

TEST_F(GroupArbiterTest, WhileUdevdAnswersNoProbeIsMadeWithoutWaitingEvents) {
  begin(true);
  const int probes = probes_;
  EXPECT_FALSE(arbiter_.next_tick().has_value());
  advance(10s);
  EXPECT_EQ(probes_, probes);
}

TEST_F(GroupArbiterTest, AnEventUdevdSkippedGoesBeforeTheDevicesNextOne) {
  begin(true);
  kernel("add", "tap0", 1);
  kernel("add", "tap1", 2);
  kernel("remove", "tap0", 3);
  udev("remove", "tap0", 3);  // udevd never forwarded 1
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 3}));
  EXPECT_EQ(delivered_[0].from, NetlinkGroup::kernel);
  EXPECT_EQ(arbiter_.held(), 1u);  // tap1's add still waits for its copy
  udev("add", "tap1", 2);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 3, 2}));
}

TEST_F(GroupArbiterTest, FlushDeliversHeldEventsOldestFirst) {
  begin(true);
  kernel("add", "tap0", 1);
  kernel("add", "tap1", 2);
  arbiter_.flush();
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2}));
  udev("add", "tap0", 1);
  udev("add", "tap1", 2);
  EXPECT_EQ(delivered_.size(), 2u);
}

// switch_to() delivers the held events before it records the kernel group as in use, and tells
// the output last. Both are what keep every event once and in order when the output acts from
// inside a delivery or throws in the middle of it:
TEST_F(GroupArbiterTest, AKernelEventArrivingWhileHeldOnesAreLetGoComesAfterThem) {
  begin(true);
  kernel("add", "tap0", 1);
  kernel("add", "tap1", 2);
  udevd_answers_ = false;
  // The output reads a newer kernel event while the first held one is delivered: recorded as on
  // the kernel group already, it would be delivered at once, before tap1's older event.
  while_delivering_ = [this](std::uint64_t seqnum) {
    if (seqnum == 1) kernel("add", "tap2", 3);
  };
  advance(100ms);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2, 3}));
  ASSERT_EQ(switches_.size(), 1u);
  EXPECT_EQ(switches_[0].first, NetlinkGroup::kernel);
  EXPECT_EQ(delivered_before_switch_[0], 3u) << "the resync comes after every held event";
  EXPECT_EQ(arbiter_.held(), 0u);
}

TEST_F(GroupArbiterTest, AnOutputThrowingWhileHeldEventsAreLetGoLeavesTheSwitchToTheNextTick) {
  begin(true);
  kernel("add", "tap0", 1);
  kernel("add", "tap1", 2);
  kernel("add", "tap2", 3);
  udevd_answers_ = false;
  while_delivering_ = [this](std::uint64_t seqnum) {
    if (seqnum != 2) return;
    while_delivering_ = nullptr;
    throw std::bad_alloc();
  };
  EXPECT_THROW(advance(100ms), std::bad_alloc);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::udev) << "the switch is not recorded half done";
  EXPECT_TRUE(switches_.empty());
  EXPECT_EQ(arbiter_.held(), 1u);
  // The next tick lets the rest go and switches: the output's resync then repairs what the
  // failed delivery of 2 left out (recorded first, the switch would never be told).
  advance(100ms);
  EXPECT_EQ(seqnums(), (std::vector<std::uint64_t>{1, 2, 3}));
  ASSERT_EQ(switches_.size(), 1u);
  EXPECT_EQ(switches_[0].first, NetlinkGroup::kernel);
  EXPECT_EQ(delivered_before_switch_[0], 3u);
  EXPECT_EQ(arbiter_.group(), NetlinkGroup::kernel);
}

TEST_F(GroupArbiterTest, TooManyHeldEventsSwitchToTheKernelGroup) {
  begin(true);
  for (std::uint64_t s = 1; s <= 8; ++s) kernel("add", "tap" + std::to_string(s), s);
  EXPECT_TRUE(delivered_.empty());
  kernel("add", "tap9", 9);
  EXPECT_EQ(delivered_.size(), 9u);
  ASSERT_EQ(switches_.size(), 1u);
  EXPECT_NE(switches_[0].second.find("8 events behind"), std::string::npos);
}

TEST_F(GroupArbiterTest, EveryEventOnceThroughAStormOfSwitches) {
  begin(true);
  std::uint64_t seq = 0;
  std::vector<std::uint64_t> expected;
  // Rounds: udevd forwards, dies, hangs, comes back; the copies of each event come in both
  // groups in any of those states.
  for (int round = 0; round < 20; ++round) {
    const int phase = round % 4;
    udevd_answers_ = phase != 1;
    for (int i = 0; i < 3; ++i) {
      const std::string name = "tap" + std::to_string(++seq);
      expected.push_back(seq);
      kernel("add", name, seq);
      if (phase == 0) udev("add", name, seq);
      now_ += 40ms;
      arbiter_.on_tick(now_);
    }
    advance(1200ms);
    if (phase == 2) {
      for (std::uint64_t late = seq - 2; late <= seq; ++late)
        udev("add", "tap" + std::to_string(late), late);  // a hung udevd resumes
    }
  }
  arbiter_.flush();
  std::vector<std::uint64_t> got = seqnums();
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
}

// The udev group alone (UdevdReturn): udevd coming back is when the source rereads sysfs.
class UdevdReturnTest : public ::testing::Test {
 protected:
  UdevdReturn make(bool watched) {
    ArbiterTiming t;
    t.absent_probe_interval = 1000ms;
    t.appeared_retry = 10ms;
    t.appeared_window = 1000ms;
    return UdevdReturn(
        [this] {
          ++probes_;
          return answers_;
        },
        t, watched);
  }
  // Ticks every millisecond for `span`; how many times udevd was found back.
  int run_for(UdevdReturn& r, std::chrono::milliseconds span) {
    int returns = 0;
    for (auto end = now_ + span; now_ < end; now_ += 1ms) returns += r.on_tick(now_) ? 1 : 0;
    return returns;
  }

  Clock::time_point now_{std::chrono::seconds(1000)};
  bool answers_ = false;
  int probes_ = 0;
};

TEST_F(UdevdReturnTest, WatchedNothingIsProbedUntilTheSocketAppears) {
  UdevdReturn r = make(true);
  answers_ = true;
  r.begin(now_);
  EXPECT_FALSE(r.next_tick()) << "an idle source never wakes up";
  EXPECT_EQ(run_for(r, 5s), 0);
  EXPECT_EQ(probes_, 0);
}

TEST_F(UdevdReturnTest, WatchedAUdevdStartedAgainIsBackOnceAfterItsSocketAppeared) {
  UdevdReturn r = make(true);
  answers_ = true;
  r.begin(now_);
  // Killed and started again: the new udevd binds its socket anew, answering at once. The probe
  // waits the first retry (udevd binds its kernel socket just after it listens).
  r.on_udevd_appeared(now_);
  EXPECT_FALSE(r.on_tick(now_));
  ASSERT_TRUE(r.next_tick());
  EXPECT_EQ(*r.next_tick(), now_ + 10ms);
  EXPECT_EQ(run_for(r, 2s), 1);
  EXPECT_FALSE(r.next_tick());
  r.on_udevd_appeared(now_);  // and again
  EXPECT_EQ(run_for(r, 2s), 1);
}

TEST_F(UdevdReturnTest, WatchedAUdevdListeningLateIsFoundByTheRetries) {
  UdevdReturn r = make(true);
  r.begin(now_);
  r.on_udevd_appeared(now_);  // bound, still loading its rules
  EXPECT_EQ(run_for(r, 100ms), 0);
  const int probes = probes_;
  EXPECT_GE(probes, 3);
  EXPECT_LE(probes, 5) << "doubling intervals, not every tick";
  answers_ = true;
  EXPECT_EQ(run_for(r, 500ms), 1);
}

TEST_F(UdevdReturnTest, WatchedASocketLeftBehindIsProbedAFewTimesThenLeftAlone) {
  UdevdReturn r = make(true);
  r.begin(now_);
  r.on_udevd_appeared(now_);
  EXPECT_EQ(run_for(r, 3s), 0);
  EXPECT_FALSE(r.next_tick());
  EXPECT_LE(probes_, 10);
}

TEST_F(UdevdReturnTest, UnwatchedUdevdIsProbedOnATimerAndBackWhenItAnswersAgain) {
  UdevdReturn r = make(false);
  answers_ = true;
  r.begin(now_);
  EXPECT_EQ(probes_, 1);
  EXPECT_EQ(run_for(r, 2500ms), 0) << "answering all along";
  answers_ = false;
  EXPECT_EQ(run_for(r, 2s), 0);
  answers_ = true;
  EXPECT_EQ(run_for(r, 2s), 1);
  EXPECT_LE(probes_, 8);
}

}  // namespace
}  // namespace cmnotify::linux_source
