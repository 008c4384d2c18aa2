// Which copy of each uevent is delivered when the source listens to both netlink groups: the
// kernel's (group 1, at once) and systemd-udevd's re-broadcast (group 2, after its rules ran,
// with its properties). Every uevent is delivered exactly once, identified by the kernel's
// SEQNUM, which udevd's copy carries unchanged:
//   - udev group in use (udevd answers): a kernel event waits (is "held") up to `hold` for
//     udevd's copy; the copy is delivered and the held one dropped. If udevd stops answering on
//     its control socket (probed at most every `probe_interval` while events wait) or lets a
//     held event expire, the held events are delivered, oldest first, and the kernel group takes
//     over.
//   - kernel group in use: kernel events are delivered at once; udevd's copies of them are
//     duplicates and dropped. The first message udevd forwards, or (when udevd had stopped
//     answering) a successful probe, switches back to udev's group. While udevd is absent the
//     probe runs every `absent_probe_interval`, or, when the caller watches udevd's control
//     socket appear (watch_udevd(), UdevdWatch), only after it appeared (on_udevd_appeared():
//     at once, then at doubling intervals from `appeared_retry` for `appeared_window`, since
//     udevd binds its socket some time before it listens): an idle source never wakes up.
// Pure logic over a clock and a liveness probe the caller passes, so tests drive every case with
// fakes (test/linux/group_arbiter_test.cpp). Used by one thread (the source's reader).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

#include "cmnotify/source.hpp"
#include "linux/uevent.hpp"

namespace cmnotify::linux_source {

struct ArbiterTiming {
  // How long a kernel event waits for udevd's copy: longer than udevd takes for any rule set we
  // know, short enough that a hung udevd delays events by at most this.
  std::chrono::milliseconds hold{1000};
  std::chrono::milliseconds probe_interval{100};          // while kernel events wait
  std::chrono::milliseconds absent_probe_interval{1000};  // while udevd does not answer
  std::chrono::milliseconds appeared_retry{10};           // udevd's socket appeared: first retry
  std::chrono::milliseconds appeared_window{10000};       // ...and retries until this long after
  std::size_t max_held = 4096;     // more held than this: udevd is too far behind (memory bound)
  std::size_t remembered = 65536;  // SEQNUMs remembered to drop the second copy
};

// Probes of a udevd whose control socket just appeared: udevd binds the socket some time before
// it listens (its rules load in between), so a probe that fails is retried at doubling intervals
// from `appeared_retry` until `appeared_window` after the socket appeared. A socket left behind
// (nobody listens) ends there too.
class AppearedRetries {
 public:
  using Clock = std::chrono::steady_clock;

  explicit AppearedRetries(const ArbiterTiming& timing)
      : first_(timing.appeared_retry), window_(timing.appeared_window) {}
  // The socket appeared at `now`: the first retry is due `appeared_retry` later.
  void start(Clock::time_point now);
  void stop() noexcept { retry_ = std::chrono::milliseconds(0); }
  // A probe at `now` failed: the next one later, or none once the window closed.
  void failed(Clock::time_point now);
  // When the next probe is due; nullopt: none.
  [[nodiscard]] std::optional<Clock::time_point> due() const;

 private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds window_;
  Clock::time_point appeared_at_{};
  Clock::time_point last_{};
  std::chrono::milliseconds retry_{0};  // 0: no retry due
};

class GroupArbiter {
 public:
  using Clock = std::chrono::steady_clock;

  class Output {
   public:
    virtual void deliver(const Uevent& uevent, NetlinkGroup from) = 0;
    // The group in use changed to `to` (held events were delivered first); the source resyncs.
    virtual void switched(NetlinkGroup to, const std::string& reason) = 0;

   protected:
    ~Output() = default;
  };

  GroupArbiter(Output& output, std::function<bool()> udevd_answers, ArbiterTiming timing = {});

  // Probes udevd and returns the group to start with; `reason` says why.
  NetlinkGroup begin(Clock::time_point now, std::string& reason);
  // A trusted uevent from the kernel's group; `datagram` is its bytes (kept while it waits).
  void on_kernel(const Uevent& uevent, std::span<const char> datagram, Clock::time_point now);
  // A trusted uevent from udevd's group.
  void on_udev(const Uevent& uevent, Clock::time_point now);
  // The caller tells on_udevd_appeared() when udevd's control socket appears: no probe on a
  // timer while udevd is absent.
  void watch_udevd() noexcept { watched_ = true; }
  // udevd's control socket appeared (or may have: it exists and udevd did not answer yet).
  void on_udevd_appeared(Clock::time_point now);
  // Time passed: probes, and expires held events. Call at next_tick() (or later).
  void on_tick(Clock::time_point now);
  // Delivers every held event now, oldest first (before a resync, which must come after them).
  void flush();
  // When on_tick() wants to be called next; nullopt: not before the next message.
  [[nodiscard]] std::optional<Clock::time_point> next_tick() const;

  [[nodiscard]] NetlinkGroup group() const noexcept { return group_; }
  [[nodiscard]] std::size_t held() const noexcept { return held_.size(); }
  [[nodiscard]] std::uint64_t duplicates() const noexcept { return duplicates_; }
  [[nodiscard]] std::uint64_t expired() const noexcept { return expired_; }

 private:
  struct Held {
    std::uint64_t seqnum;
    std::string devpath;
    std::string bytes;
    Clock::time_point deadline;
  };

  bool probe(Clock::time_point now);
  [[nodiscard]] std::optional<Clock::time_point> absent_probe_at() const;
  bool absent_probe(Clock::time_point now);  // true: udevd answers (and is in use now)
  [[nodiscard]] bool probe_due(Clock::time_point now) const noexcept;
  void switch_to(NetlinkGroup group, const std::string& reason);
  void deliver(const Uevent& uevent, NetlinkGroup from);
  void deliver_held(const Held& held);
  [[nodiscard]] bool delivered(std::uint64_t seqnum) const;
  void remember(std::uint64_t seqnum);

  Output& output_;
  std::function<bool()> udevd_answers_;
  const ArbiterTiming timing_;
  NetlinkGroup group_ = NetlinkGroup::kernel;
  bool udevd_absent_ = true;  // the last probe failed: probe on while on the kernel group
  Clock::time_point last_probe_{};
  bool watched_ = false;  // watch_udevd(): probe for an absent udevd only after it appeared
  AppearedRetries appeared_{timing_};
  std::deque<Held> held_;  // kernel events waiting for udevd's copy, oldest first
  std::unordered_set<std::uint64_t> delivered_;
  std::deque<std::uint64_t> delivered_order_;  // to forget the oldest first
  Uevent scratch_;                             // a held event parsed again for delivery
  std::uint64_t duplicates_ = 0;
  std::uint64_t expired_ = 0;
};

// The udev group alone (SourceConfig::Group::udev): udevd forwards nothing while it is dead, and a
// udevd started again does not replay what it missed. So when udevd comes back the source rereads
// sysfs, as after an overflow (docs/guarantees.md, "udevd coming and going"). A udevd starting
// binds its control socket anew (the file a dead one left behind is replaced), which UdevdWatch
// sees: udevd is back once it answers there. The first probe waits `appeared_retry` after the
// socket appeared, since udevd binds its kernel socket just after it starts listening (systemd
// 252: 0.3 ms later), and a resync made before would miss what comes in between. Without the
// watch (no inotify), udevd is probed every `absent_probe_interval` and counts as back when it
// answers after not answering: a restart faster than that is missed. A udevd that binds its
// socket just as the source starts is taken as running. Pure logic over a clock and
// the probe, like GroupArbiter; used by the source's reader thread.
class UdevdReturn {
 public:
  using Clock = std::chrono::steady_clock;

  UdevdReturn(std::function<bool()> udevd_answers, ArbiterTiming timing, bool watched);

  // At the start (the source reads sysfs then). Watched, nothing is probed: udevd listens with
  // a backlog of one, and every probe is a connection that `udevadm control` may find in its way.
  void begin(Clock::time_point now);
  // udevd's control socket appeared (UdevdWatch::changed()), or exists without an answer yet.
  void on_udevd_appeared(Clock::time_point now);
  // Time passed: probes when due. True when udevd came back: resync now.
  [[nodiscard]] bool on_tick(Clock::time_point now);
  // When on_tick() wants to be called next; nullopt: not before the socket appears again.
  [[nodiscard]] std::optional<Clock::time_point> next_tick() const;

 private:
  std::function<bool()> udevd_answers_;
  const ArbiterTiming timing_;
  const bool watched_;
  AppearedRetries appeared_{timing_};
  bool answered_ = false;           // unwatched: at the last probe
  Clock::time_point last_probe_{};  // unwatched
};

}  // namespace cmnotify::linux_source
