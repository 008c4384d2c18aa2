// cmnotify monitor: a summary of the present devices, then every notification as it happens.
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
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

  void push(const Event& event) {
    {
      std::lock_guard lock(mutex_);
      events_.push_back(Received{event, std::chrono::system_clock::now(), next_arrival_++});
    }
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

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "signal " + std::to_string(signal);
  }
}

std::string plural(std::uint64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", seconds);
  return text;
}

std::string size_text(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

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

constexpr std::size_t kLabelWidth = 21;  // "  interface classes  "

enum class EndReason { signal, count, timeout, output_closed };

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
      : options_(options), terminal_(detect_terminal(options.json)), style_(terminal_.colour) {}

  int run();

 private:
  void write_start(const std::vector<DevicePtr>& devices);
  void write_end(const SourceStats& stats, SteadyClock::duration elapsed);
  // Prints events; false once the monitor should end (count reached, reader gone).
  bool show(std::vector<Received> events);
  [[nodiscard]] int poll_timeout(SteadyClock::time_point now) const;
  // How wide an event line may be before alignment gives way: the terminal's width, or none.
  [[nodiscard]] std::size_t line_limit() const noexcept {
    return terminal_.is_tty ? static_cast<std::size_t>(terminal_.columns) : 0;
  }
  // Columns left for the values after the summary's labels.
  [[nodiscard]] std::size_t text_width() const noexcept {
    return static_cast<std::size_t>(std::max(terminal_.columns, 60)) - kLabelWidth;
  }

  const MonitorOptions& options_;
  const Terminal terminal_;
  const Style style_;
  Output out_;
  ClassNames names_;
  std::optional<Selection> selection_;
  EventOrder order_{20ms, 250ms};
  std::optional<SteadyClock::time_point> deadline_;
  Tally tally_;
};

int Monitor::poll_timeout(SteadyClock::time_point now) const {
  std::optional<SteadyClock::time_point> next = order_.release_time();
  if (deadline_ && (!next || *deadline_ < *next)) next = deadline_;
  if (!next) return -1;
  if (*next <= now) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
  return static_cast<int>(std::min<decltype(ms)>(ms, 60'000));
}

bool Monitor::show(std::vector<Received> events) {
  for (const Received& r : events) {
    const std::string line = options_.json ? json_line(event_json(r, names_, options_.properties))
                                           : event_text(r, style_, names_, line_limit());
    if (!out_.write(line)) {
      tally_.reason = EndReason::output_closed;
      return false;
    }
    ++tally_.events;
    ++tally_.per_action[r.event.action];
    if (options_.count && tally_.events >= *options_.count) {
      tally_.reason = EndReason::count;
      return false;
    }
  }
  return true;
}

void Monitor::write_start(const std::vector<DevicePtr>& devices) {
  const PresentSummary summary = summarize(devices);
  const std::string source = source_stats().description;
  if (options_.json) {
    Json j;
    j["schema"] = kJsonSchema;
    j["type"] = "start";
    j["time"] = iso_time(std::chrono::system_clock::now());
    j["devices"] = summary.devices;
    j["source"] = source;
    Json watching = Json::array();
    for (const Watch& w : selection_->watches()) {
      Json entry;
      entry["filter_type"] = std::string(to_string(w.filter.type()));
      entry["description"] = w.describe();
      watching.push_back(std::move(entry));
    }
    j["watching"] = std::move(watching);
    j["present"] = options_.present;
    j["changes"] = options_.changes;
    Json classes = Json::object();
    for (const Count& c : summary.interface_classes) classes[c.name] = c.count;
    j["interface_classes"] = std::move(classes);
    Json subsystems = Json::object();
    for (const Count& c : summary.subsystems) subsystems[c.name] = c.count;
    j["subsystems"] = std::move(subsystems);
    out_.write(json_line(j));
    return;
  }
  const std::size_t width = text_width();
  const std::size_t subsystem_lines = std::clamp((terminal_.rows - 10) / 3, 1, 6);
  std::string text =
      style_.bold("cmnotify monitor: " + std::to_string(summary.devices) + " devices present") +
      " (source: " + source + ")\n";
  auto section = [&](std::string_view label, const std::vector<std::string>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i)
      text += pad(i == 0 ? "  " + std::string(label) : "", kLabelWidth) + lines[i] + "\n";
  };
  const auto class_lines = fold_counts(summary.interface_classes, width, 3);
  section("interface classes",
          class_lines.empty() ? std::vector<std::string>{"(none)"} : class_lines);
  section("Linux subsystems", fold_counts(summary.subsystems, width, subsystem_lines));
  std::vector<std::string> watching;
  for (const Watch& w : selection_->watches()) watching.push_back(w.describe());
  section("watching", watching);
  std::string mode = options_.present ? "present devices first, then live events" : "live events";
  mode += options_.changes ? ", CHANGED included" : " (CHANGED with --changes)";
  section("showing", {mode});
  std::string stop = "Ctrl-C";
  if (options_.count) stop += ", or after " + plural(*options_.count, "event");
  if (options_.timeout) stop += ", or after " + seconds_text(*options_.timeout);
  section("stop with", {stop});
  text += event_header(style_);
  out_.write(text);
}

void Monitor::write_end(const SourceStats& s, SteadyClock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const char* reasons[] = {"signal", "count", "timeout", "output closed"};
  const std::string reason = reasons[static_cast<int>(tally_.reason)];
  if (options_.json) {
    Json j;
    j["schema"] = kJsonSchema;
    j["type"] = "end";
    j["time"] = iso_time(std::chrono::system_clock::now());
    j["reason"] = reason;
    j["signal"] =
        tally_.reason == EndReason::signal ? Json(signal_name(tally_.signal)) : Json(nullptr);
    j["seconds"] = std::round(seconds * 1000) / 1000;
    j["events"] = tally_.events;
    Json actions = Json::object();
    for (const auto& [action, n] : tally_.actions()) actions[std::string(to_string(action))] = n;
    j["actions"] = std::move(actions);
    Json source;
    source["description"] = s.description;
    source["messages"] = s.messages;
    source["accepted"] = s.accepted;
    source["rejected"] = s.rejected;
    Json rejections = Json::object();
    s.rejections.for_each(
        [&](std::string_view cause, std::uint64_t n) { rejections[std::string(cause)] = n; });
    source["rejections"] = std::move(rejections);
    source["overflows"] = s.overflows;
    source["resyncs"] = s.resyncs;
    source["resync_events"] = s.resync_events;
    source["receive_buffer_bytes"] = s.receive_buffer_bytes;
    source["devices"] = s.devices;
    j["source"] = std::move(source);
    out_.write(json_line(j));
    return;
  }
  std::string why;
  switch (tally_.reason) {
    case EndReason::signal: why = "stopped by " + signal_name(tally_.signal); break;
    case EndReason::count: why = "--count reached"; break;
    case EndReason::timeout: why = "--timeout reached"; break;
    case EndReason::output_closed: return;
  }
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1f s", seconds);  // "12.3 s"
  std::string text;
  if (tally_.reason == EndReason::signal && terminal_.is_tty) text += "\n";  // after the "^C" echo
  text += style_.bold("cmnotify monitor: " + plural(tally_.events, "event") + " in " + duration +
                      " (" + why + ")") +
          "\n";
  std::vector<Count> actions;
  for (const auto& [action, n] : tally_.actions())
    actions.push_back({std::string(to_string(action)), n});
  std::vector<std::string> lines = fold_counts(actions, text_width(), actions.size());
  if (lines.empty()) lines.emplace_back("(none)");
  for (std::size_t i = 0; i < lines.size(); ++i)
    text += pad(i == 0 ? "  per action" : "", kLabelWidth) + lines[i] + "\n";
  text += "  source             " + s.description + ", receive buffer " +
          size_text(s.receive_buffer_bytes) + ", " + std::to_string(s.devices) + " devices\n";
  text += "  messages           " + std::to_string(s.messages) + " received, " +
          std::to_string(s.accepted) + " accepted, " + std::to_string(s.rejected) + " rejected\n";
  std::vector<Count> causes;
  s.rejections.for_each([&](std::string_view cause, std::uint64_t n) {
    if (n > 0) causes.push_back({std::string(cause), static_cast<std::size_t>(n)});
  });
  lines = fold_counts(causes, text_width(), causes.size());
  for (std::size_t i = 0; i < lines.size(); ++i)
    text += pad(i == 0 ? "  rejected" : "", kLabelWidth) + lines[i] + "\n";
  text += "  overflows          " + std::to_string(s.overflows) + " recovered by " +
          std::to_string(s.resyncs) + " resyncs, which delivered " +
          std::to_string(s.resync_events) + " events\n";
  out_.write(text);
}

int Monitor::run() {
  SignalWatch signals;  // before the first subscription creates threads
  selection_.emplace(Selection::resolve(options_.selection));
  Inbox inbox;
  std::vector<Subscription> subscriptions = subscribe_all(*selection_, inbox, options_);
  const auto started = SteadyClock::now();
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
    pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {inbox.fd(), POLLIN, 0}};
    if (::poll(fds, 2, poll_timeout(SteadyClock::now())) < 0 && errno != EINTR)
      throw RuntimeError(std::string("poll: ") + std::strerror(errno));
    const auto now = SteadyClock::now();
    for (Received& r : inbox.take()) order_.add(std::move(r), now);
    if (const auto signal = signals.take()) {
      tally_.signal = *signal;
      finish(EndReason::signal);
      break;
    }
    if (!show(order_.take_ready(now))) break;
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
