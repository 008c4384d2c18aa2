#include "linux/group_arbiter.hpp"

#include <utility>

namespace cmnotify::linux_source {

void AppearedRetries::start(Clock::time_point now) {
  appeared_at_ = last_ = now;
  retry_ = first_;
}

void AppearedRetries::failed(Clock::time_point now) {
  if (retry_.count() == 0) return;
  last_ = now;
  retry_ *= 2;
  if (now + retry_ - appeared_at_ > window_) stop();
}

std::optional<AppearedRetries::Clock::time_point> AppearedRetries::due() const {
  if (retry_.count() == 0) return std::nullopt;
  return last_ + retry_;
}

GroupArbiter::GroupArbiter(Output& output, std::function<bool()> udevd_answers,
                           ArbiterTiming timing)
    : output_(output), udevd_answers_(std::move(udevd_answers)), timing_(timing) {}

NetlinkGroup GroupArbiter::begin(Clock::time_point now, std::string& reason) {
  const bool answers = probe(now);
  group_ = answers ? NetlinkGroup::udev : NetlinkGroup::kernel;
  reason = answers ? "udevd answers" : "udevd does not answer";
  return group_;
}

bool GroupArbiter::probe(Clock::time_point now) {
  last_probe_ = now;
  udevd_absent_ = !udevd_answers_();
  if (!udevd_absent_) appeared_.stop();
  return !udevd_absent_;
}

bool GroupArbiter::probe_due(Clock::time_point now) const noexcept {
  return now - last_probe_ >= timing_.probe_interval;
}

bool GroupArbiter::delivered(std::uint64_t seqnum) const {
  return seqnum != 0 && delivered_.count(seqnum) != 0;
}

void GroupArbiter::remember(std::uint64_t seqnum) {
  if (seqnum == 0) return;  // no SEQNUM (never from the kernel): nothing to pair it with
  if (!delivered_.insert(seqnum).second) return;
  delivered_order_.push_back(seqnum);
  if (delivered_order_.size() > timing_.remembered) {
    delivered_.erase(delivered_order_.front());
    delivered_order_.pop_front();
  }
}

void GroupArbiter::deliver(const Uevent& uevent, NetlinkGroup from) {
  remember(uevent.seqnum);
  output_.deliver(uevent, from);
}

void GroupArbiter::deliver_held(const Held& held) {
  // Parsed once already when it arrived: it parses again the same way.
  if (parse_uevent(std::span<const char>(held.bytes.data(), held.bytes.size()), scratch_) !=
      UeventError::none)
    return;
  ++expired_;
  deliver(scratch_, NetlinkGroup::kernel);
}

void GroupArbiter::flush() {
  while (!held_.empty()) {
    const Held held = std::move(held_.front());
    held_.pop_front();
    deliver_held(held);
  }
}

void GroupArbiter::switch_to(NetlinkGroup group, const std::string& reason) {
  if (group == NetlinkGroup::kernel) flush();
  if (group == group_) return;
  group_ = group;
  output_.switched(group, reason);
}

void GroupArbiter::on_kernel(const Uevent& uevent, std::span<const char> datagram,
                             Clock::time_point now) {
  if (delivered(uevent.seqnum)) {
    ++duplicates_;  // udevd's copy came first (our kernel socket lagged)
    return;
  }
  if (group_ == NetlinkGroup::udev) {
    if (probe_due(now) && !probe(now)) {
      switch_to(NetlinkGroup::kernel, "udevd stopped answering");
    } else if (held_.size() >= timing_.max_held) {
      switch_to(NetlinkGroup::kernel,
                "udevd fell " + std::to_string(held_.size()) + " events behind");
    } else if (uevent.seqnum != 0) {
      held_.push_back({uevent.seqnum, std::string(uevent.devpath),
                       std::string(datagram.data(), datagram.size()), now + timing_.hold});
      return;
    }
  }
  deliver(uevent, NetlinkGroup::kernel);
}

void GroupArbiter::on_udev(const Uevent& uevent, Clock::time_point now) {
  (void)now;
  if (group_ == NetlinkGroup::kernel) {
    udevd_absent_ = false;
    appeared_.stop();
    switch_to(NetlinkGroup::udev, "udevd forwards events");
  }
  if (delivered(uevent.seqnum)) {
    ++duplicates_;  // the kernel's copy was delivered (udevd was late or not in use)
    return;
  }
  // udevd forwards the events of one device in order: a held event of this device older than
  // this one was skipped by udevd and goes first, so the device's events stay in order.
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->seqnum < uevent.seqnum && it->devpath == uevent.devpath) {
      const Held held = std::move(*it);
      it = held_.erase(it);
      deliver_held(held);
    } else if (it->seqnum == uevent.seqnum) {
      it = held_.erase(it);  // the kernel's copy of this one: udevd's is delivered instead
    } else {
      ++it;
    }
  }
  deliver(uevent, NetlinkGroup::udev);
}

void GroupArbiter::on_tick(Clock::time_point now) {
  if (!held_.empty()) {
    if (probe_due(now) && !probe(now)) {
      switch_to(NetlinkGroup::kernel, "udevd stopped answering");
    } else if (held_.front().deadline <= now) {
      switch_to(NetlinkGroup::kernel, "udevd did not forward event " +
                                          std::to_string(held_.front().seqnum) + " within " +
                                          std::to_string(timing_.hold.count()) + " ms");
    }
    return;
  }
  if (const auto due = absent_probe_at(); due && now >= *due && !absent_probe(now) && watched_)
    appeared_.failed(now);
}

void GroupArbiter::on_udevd_appeared(Clock::time_point now) {
  if (group_ != NetlinkGroup::kernel || !udevd_absent_) return;  // in use, or not judged absent
  appeared_.start(now);
  (void)absent_probe(now);
}

std::optional<GroupArbiter::Clock::time_point> GroupArbiter::absent_probe_at() const {
  if (group_ != NetlinkGroup::kernel || !udevd_absent_) return std::nullopt;
  if (!watched_) return last_probe_ + timing_.absent_probe_interval;
  return appeared_.due();
}

bool GroupArbiter::absent_probe(Clock::time_point now) {
  if (!probe(now)) return false;
  switch_to(NetlinkGroup::udev, "udevd answers");
  return true;
}

std::optional<GroupArbiter::Clock::time_point> GroupArbiter::next_tick() const {
  if (!held_.empty()) return std::min(held_.front().deadline, last_probe_ + timing_.probe_interval);
  return absent_probe_at();
}

UdevdReturn::UdevdReturn(std::function<bool()> udevd_answers, ArbiterTiming timing, bool watched)
    : udevd_answers_(std::move(udevd_answers)), timing_(timing), watched_(watched) {}

void UdevdReturn::begin(Clock::time_point now) {
  last_probe_ = now;
  if (!watched_) answered_ = udevd_answers_();
}

void UdevdReturn::on_udevd_appeared(Clock::time_point now) {
  if (watched_) appeared_.start(now);  // a new udevd, even when the last probe found one
}

bool UdevdReturn::on_tick(Clock::time_point now) {
  if (watched_) {
    const auto due = appeared_.due();
    if (!due || now < *due) return false;
    if (udevd_answers_()) {
      appeared_.stop();
      return true;
    }
    appeared_.failed(now);
    return false;
  }
  if (now < last_probe_ + timing_.absent_probe_interval) return false;
  last_probe_ = now;
  const bool was = answered_;
  answered_ = udevd_answers_();
  return answered_ && !was;
}

std::optional<UdevdReturn::Clock::time_point> UdevdReturn::next_tick() const {
  if (watched_) return appeared_.due();
  return last_probe_ + timing_.absent_probe_interval;
}

}  // namespace cmnotify::linux_source
