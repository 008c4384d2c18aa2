// cmnotify monitor: a summary of the present devices, then every notification as it happens.
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "cli/commands.hpp"
#include "cli/device_path.hpp"
#include "cli/errors.hpp"
#include "cli/event_order.hpp"
#include "cli/journal.hpp"
#include "cli/json_format.hpp"
#include "cli/output.hpp"
#include "cli/summary.hpp"
#include "cli/terminal.hpp"
#include "cli/text_format.hpp"
#include "cli/time_format.hpp"
#include "cmnotify/cmnotify.hpp"

namespace cmnotify::cli {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// SIGINT, SIGTERM and SIGHUP are blocked in every thread (the library's threads inherit the mask,
// so this must run before the first subscription) and read from a signalfd by the main loop: no
// work is ever done in a signal handler. SIGPIPE is ignored so a closed pipe is an EPIPE.
class SignalWatch {
 public:
  SignalWatch() {
    sigemptyset(&set_);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, s);
    if (::pthread_sigmask(SIG_BLOCK, &set_, &previous_) != 0)
      throw RuntimeError("cannot block signals");
    fd_ = ::signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd_ < 0) throw RuntimeError(std::string("signalfd: ") + std::strerror(errno));
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~SignalWatch() {
    ::close(fd_);
    ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  [[nodiscard]] int fd() const noexcept { return fd_; }
  // The signal that arrived, if one did.
  std::optional<int> take() const {
    signalfd_siginfo info{};
    if (::read(fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return std::nullopt;
    return static_cast<int>(info.ssi_signo);
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
  int fd_ = -1;
};

// Where the callbacks (on the library's threads) leave events for the main loop: a locked list
// and an eventfd that wakes poll().
class Inbox {
 public:
  Inbox() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (fd_ < 0) throw RuntimeError(std::string("eventfd: ") + std::strerror(errno));
  }
  ~Inbox() { ::close(fd_); }
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;

  [[nodiscard]] int fd() const noexcept { return fd_; }

  // The eventfd is written only when the list was empty: the main loop reads the eventfd before
  // it takes the list, so a list with events in it always has a wake-up on its way, and a burst
  // (the present devices) costs one write, not one per event.
  void push(const Event& event) {
    bool was_empty = false;
    {
      std::lock_guard lock(mutex_);
      was_empty = events_.empty();
      events_.push_back(Received{event, std::chrono::system_clock::now(), next_arrival_++});
    }
    if (!was_empty) return;
    const std::uint64_t one = 1;
    (void)!::write(fd_, &one, sizeof one);  // can only fail when the counter is saturated
  }

  std::vector<Received> take() {
    std::uint64_t count = 0;
    (void)!::read(fd_, &count, sizeof count);
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
  }

 private:
  int fd_;
  std::mutex mutex_;
  std::vector<Received> events_;
  std::uint64_t next_arrival_ = 0;
};

std::vector<Subscription> subscribe_all(const Selection& selection, Inbox& inbox,
                                        const MonitorOptions& options) {
  SubscribeOptions subscribe_options;
  subscribe_options.present = options.present;
  subscribe_options.changes = options.changes;
  std::vector<Subscription> subscriptions;
  for (const Watch& watch : selection.watches()) {
    auto callback = [&inbox, &watch](const Event& event) {
      if (watch.accepts(event.instance_id())) inbox.push(event);
    };
    try {
      subscriptions.push_back(subscribe(watch.filter, callback, subscribe_options));
    } catch (const Error& e) {
      const DeviceHandle* handle = selection.handle_for(watch);
      if (handle != nullptr && means_not_present(e)) handle->rethrow_not_present();
      const std::string why = source_stats().last_error;
      if (why.empty()) throw;
      throw RuntimeError(std::string(e.what()) + ": " + why);
    }
  }
  return subscriptions;
}

// The udev group alone (--source udev, or CMNOTIFY_NETLINK_GROUP=udev) carries only what
// systemd-udevd forwards: nothing while udevd does not run. A deaf monitor must not look like a
// quiet system, so whether udevd runs is asked at the start and once a second after; when it does
// not, and at every change, a warning goes to stderr, and the end record lists the changes.
// udevd's return is told from the source's own record of it (SourceStats::udevd_returns) as soon
// as the resync it caused delivers an event, so the line comes before the events it announces,
// with the moment the source saw udevd back; the probe tells it when that finds udevd first.
class UdevdWatch {
 public:
  static constexpr auto kInterval = 1s;

  void start(SteadyClock::time_point now) {
    active_ = true;
    check(now);
  }
  [[nodiscard]] std::optional<SteadyClock::time_point> next_check() const {
    return active_ ? std::optional(next_check_) : std::nullopt;
  }
  void check(SteadyClock::time_point now) {
    if (!active_ || now < next_check_) return;
    next_check_ = now + kInterval;
    const bool running = udevd_running();
    if (!periods_.empty() && periods_.back().running == running) return;
    if (running && !periods_.empty() && source_returned()) return;
    record(running, std::chrono::system_clock::now());
  }
  // Events of a resync came: said first when it was udevd's return that caused it.
  void resynced() {
    if (active_ && !periods_.empty() && !periods_.back().running) (void)source_returned();
  }
  [[nodiscard]] const std::vector<UdevdPeriod>& periods() const noexcept { return periods_; }

 private:
  // Whether the source saw udevd back since udevd was found stopped; if so, says so.
  bool source_returned() {
    const SourceStats stats = source_stats();
    if (stats.udevd_returns == 0 || stats.udevd_returned_at <= periods_.back().since) return false;
    record(true, stats.udevd_returned_at);
    return true;
  }
  void record(bool running, std::chrono::system_clock::time_point time) {
    warn(running, time);
    periods_.push_back({time, running});
  }

 private:
  void warn(bool running, std::chrono::system_clock::time_point time) const {
    std::string message;
    if (periods_.empty() && running) return;  // as it should be: nothing to say
    if (periods_.empty())
      message =
          "warning: systemd-udevd is not running: --source udev hears no events until it "
          "starts (--source auto or kernel hears the kernel's)";
    else if (running)
      message = "systemd-udevd runs again from " + clock_time(time) +
                ": events resume, and what changed while it was away is reported";
    else
      message = "warning: systemd-udevd stopped at " + clock_time(time) +
                ": --source udev hears no events until it comes back, then reports what "
                "changed meanwhile";
    write_message("cmnotify monitor: " + message);
  }

  bool active_ = false;
  SteadyClock::time_point next_check_{};
  std::vector<UdevdPeriod> periods_;
};

// Everything the end summary reports.
struct Tally {
  std::uint64_t events = 0;
  std::map<Action, std::uint64_t> per_action;

  // The actions seen, in the order one device's notifications come.
  [[nodiscard]] std::vector<std::pair<Action, std::uint64_t>> actions() const {
    std::vector<std::pair<Action, std::uint64_t>> out(per_action.begin(), per_action.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return action_rank(a.first) < action_rank(b.first);
    });
    return out;
  }
  EndReason reason = EndReason::signal;
  int signal = 0;
};

class Monitor {
 public:
  explicit Monitor(const MonitorOptions& options)
      : options_(options),
        terminal_(detect_terminal(options.json, options.colour)),
        style_(terminal_.colour) {}

  int run();

 private:
  void write_start(const std::vector<DevicePtr>& devices);
  void write_end(const SourceStats& stats, SteadyClock::duration elapsed);
  // Prints events; false once the monitor should end (count reached, reader gone).
  bool show(std::vector<Received> events);
  [[nodiscard]] int poll_timeout(SteadyClock::time_point now) const;
  // How wide an event line may be: the terminal's width, or 0 (no limit) in a pipe.
  [[nodiscard]] std::size_t line_limit() const noexcept {
    return static_cast<std::size_t>(terminal_.columns);
  }
  [[nodiscard]] std::string event_line(const Received& r);
  void to_journal(const Received& r);

  const MonitorOptions& options_;
  const Terminal terminal_;
  const Style style_;
  Output out_;
  ClassNames names_;
  std::optional<Selection> selection_;
  EventOrder order_{20ms, 250ms};
  std::optional<SteadyClock::time_point> deadline_;
  Tally tally_;
  UdevdWatch udevd_;
  std::uint64_t journaled_resyncs_ = 0;
};

int Monitor::poll_timeout(SteadyClock::time_point now) const {
  std::optional<SteadyClock::time_point> next = order_.release_time();
  for (const auto& other : {deadline_, udevd_.next_check()})
    if (other && (!next || *other < *next)) next = other;
  if (!next) return -1;
  if (*next <= now) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
  return static_cast<int>(std::min<decltype(ms)>(ms, 60'000));
}

std::string Monitor::event_line(const Received& r) {
  if (options_.json) return json_line(event_json(r, names_, options_.properties));
  std::string text = event_text(r, style_, names_, line_limit());
  if (options_.properties) text += properties_text(*r.event.device, style_, line_limit());
  return text;
}

void Monitor::to_journal(const Received& r) {
  // A resync's events follow the overflow that caused them: the record of the recovery, with the
  // counters, comes first, once per resync.
  if (r.event.origin == Origin::resync) {
    const SourceStats stats = source_stats();
    if (stats.resyncs > journaled_resyncs_) {
      journal_resync(stats);
      journaled_resyncs_ = stats.resyncs;
    }
  }
  journal_event(r, names_);
}

// The events ready at one moment go out in one write: each is still out as soon as it is ready,
// and a burst (every present device at the start) costs a write and a flush per 64 KiB, not one
// a line.
bool Monitor::show(std::vector<Received> events) {
  constexpr std::size_t kBatchBytes = 64 * 1024;
  std::string batch;
  bool more = true;
  for (const Received& r : events) {
    if (options_.journal) {
      to_journal(r);
    } else {
      batch += event_line(r);
      if (batch.size() >= kBatchBytes) {  // the batch's memory stays small
        if (!out_.write(batch)) {
          tally_.reason = EndReason::output_closed;
          return false;
        }
        batch.clear();
      }
    }
    ++tally_.events;
    ++tally_.per_action[r.event.action];
    if (options_.count && tally_.events >= *options_.count) {
      tally_.reason = EndReason::count;
      more = false;
      break;
    }
  }
  if (!batch.empty() && !out_.write(batch)) {
    tally_.reason = EndReason::output_closed;
    return false;
  }
  return more;
}

void Monitor::write_start(const std::vector<DevicePtr>& devices) {
  MonitorStart start;
  start.devices = summarize(devices);
  start.source = source_stats().description;
  for (const Watch& w : selection_->watches())
    start.watching.push_back({w.filter.type(), w.describe()});
  start.present = options_.present;
  start.changes = options_.changes;
  start.count = options_.count;
  start.timeout = options_.timeout;
  out_.write(options_.json ? json_line(start_json(start, std::chrono::system_clock::now()))
                           : start_text(start, style_, terminal_));
}

void Monitor::write_end(const SourceStats& stats, SteadyClock::duration elapsed) {
  MonitorEnd end;
  end.reason = tally_.reason;
  end.signal = tally_.signal;
  end.seconds = std::chrono::duration<double>(elapsed).count();
  end.events = tally_.events;
  end.actions = tally_.actions();
  end.source = stats;
  end.udevd = udevd_.periods();
  if (options_.json) {
    out_.write(json_line(end_json(end, std::chrono::system_clock::now())));
  } else if (const std::string text = end_text(end, style_, terminal_); !text.empty()) {
    out_.write(text);
  }
}

int Monitor::run() {
  if (options_.journal && !journal_available())
    throw RuntimeError("--journal: this cmnotify was built without libsystemd");
  if (options_.journal)
    if (const std::optional<std::string> why = journal_unreachable())
      throw RuntimeError("--journal: " + *why + "; the events would be lost");
  SignalWatch signals;  // before the first subscription creates threads
  SourceConfig source_config;
  source_config.group = options_.source;
  configure_source(source_config);
  selection_.emplace(Selection::resolve(options_.selection));
  Inbox inbox;
  std::vector<Subscription> subscriptions = subscribe_all(*selection_, inbox, options_);
  const auto started = SteadyClock::now();
  if (source_stats().requested_group == NetlinkGroup::udev) udevd_.start(started);
  if (options_.timeout)
    deadline_ = started + std::chrono::duration_cast<SteadyClock::duration>(
                              std::chrono::duration<double>(*options_.timeout));
  write_start(enumerate());

  // Ending flushes what is held: those events happened before the signal or the deadline.
  auto finish = [&](EndReason reason) {
    tally_.reason = reason;
    (void)show(order_.take_all());  // may turn the reason into count or output_closed
  };
  while (!out_.closed()) {
    // stdout too, for nothing but POLLERR and POLLHUP: a reader that goes away (`| head -1`) ends
    // the monitor at once, as udevadm's does, not at the next event's failed write.
    pollfd fds[3] = {{signals.fd(), POLLIN, 0}, {inbox.fd(), POLLIN, 0}, {STDOUT_FILENO, 0, 0}};
    if (::poll(fds, 3, poll_timeout(SteadyClock::now())) < 0 && errno != EINTR)
      throw RuntimeError(std::string("poll: ") + std::strerror(errno));
    if ((fds[2].revents & (POLLERR | POLLHUP)) != 0) {
      tally_.reason = EndReason::output_closed;
      break;
    }
    const auto now = SteadyClock::now();
    bool resynced = false;
    for (Received& r : inbox.take()) {
      resynced = resynced || r.event.origin == Origin::resync;
      order_.add(std::move(r), now);
    }
    if (resynced) udevd_.resynced();
    if (const auto signal = signals.take()) {
      tally_.signal = *signal;
      finish(EndReason::signal);
      break;
    }
    if (!show(order_.take_ready(now))) break;
    udevd_.check(now);
    if (deadline_ && now >= *deadline_) {
      finish(EndReason::timeout);
      break;
    }
  }
  const SourceStats stats = source_stats();  // before the last subscription stops the source
  subscriptions.clear();
  write_end(stats, SteadyClock::now() - started);
  const bool short_of_count = tally_.reason == EndReason::timeout && options_.count;
  return short_of_count ? kExitTimedOut : kExitOk;
}

}  // namespace

int run_monitor(const MonitorOptions& options) { return Monitor(options).run(); }

}  // namespace cmnotify::cli
