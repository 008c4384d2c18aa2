// One listener of the uevent storm, started by uevent_storm_bench in its own process:
//   storm_listener cmnotify|fanout|capi|queue|libudev|sd-device|floor|floor-poll
//                  --device=SYSFS_DIR --warmup=K --capacity=N [--action=change|addremove|taps]
//                  [--registrations=N]
// It says "ready" once it listens, "warm" once it has seen all K warm-up events (and takes its
// baseline of CPU time and allocations there), and "result key=value ..." after the end marker
// (or on SIGUSR1, when the driver gives up waiting). See storm_common.hpp for the protocol.
//
// Each listener does the same work per event: find SYNTH_UUID and SYNTH_ARG_T, count the storm's
// events and record now - T as the latency (now taken as soon as the event is in its hands).
// In an add/remove storm cmnotify's arrival and removal notifications carry no uevent keys: its
// listeners (C++ and C API) count the storm device's arrivals and removals instead (the first K
// are the warm-up, the next N the storm), without a latency.
#include <libudev.h>
#ifdef CMNOTIFY_HAVE_SD_DEVICE
#include <linux/netlink.h>
#include <sys/socket.h>
#include <systemd/sd-device.h>
#include <systemd/sd-event.h>
#endif
#include <linux/netlink.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "alloc_counter.hpp"
#include "cmnotify/error.hpp"
#include "cmnotify/event_queue.hpp"
#include "cmnotify/source.hpp"
#include "cmnotify/subscription.hpp"
#include "storm_common.hpp"

// The C API (include/win32): windows.h before the SDK header, as Windows programs do.
#include <windows.h>
// (kept apart so sorting keeps the order)
#include <cfgmgr32.h>

namespace {

using storm::Kind;

constexpr int kReceiveBufferBytes = 128 << 20;  // what systemd-udevd asks for

std::atomic<bool> g_stop{false};  // SIGUSR1: the driver stopped waiting
int g_wake_fd = -1;               // eventfd the cmnotify listener's main thread sleeps on

void on_stop_signal(int) {
  g_stop.store(true);
  if (g_wake_fd >= 0) {
    const std::uint64_t one = 1;
    (void)!::write(g_wake_fd, &one, sizeof one);
  }
}

struct Options {
  std::string mode;
  std::string device;  // the storm device's sysfs directory
  std::size_t warmup = 0;
  std::size_t capacity = 0;
  bool add_remove = false;        // --action=addremove
  std::size_t registrations = 1;  // fanout: this many registrations, all matching every event
  bool taps = false;              // --action=taps: count the bulk taps' arrivals and removals
};

// "add@/devices/virtual/net/cmnbulk3" (a datagram's first string, or libudev's action and
// devpath): an arrival or removal of one of the real-tap storm's taps.
bool is_bulk_tap_event(std::string_view action, std::string_view devpath) {
  return (action == "add" || action == "remove") && storm::is_bulk_tap(devpath);
}

// Counts one listener's events and takes its measurements. Only one thread calls on_event.
class Tracker {
 public:
  Tracker(std::size_t warmup, std::size_t capacity)
      : warmup_(warmup), capacity_(capacity), latency_(capacity) {}

  void on_event(Kind kind, std::string_view sent_ns, std::uint64_t now_ns) {
    switch (kind) {
      case Kind::storm:
        received_.store(received_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        if (!sent_ns.empty()) latency_.add(storm::parse_u64(sent_ns), now_ns);
        break;
      case Kind::warmup:
        if (++warm_ == warmup_) {
          storm::emit_line("warm");
          cpu_start_ = storm::process_cpu_us();
          system_start_ = storm::process_system_cpu_us();
          switches_start_ = storm::process_context_switches();
          alloc_start_ = storm::alloc::snapshot();
          CALLGRIND_ZERO_STATS;  // under callgrind: count the storm window only
        }
        break;
      case Kind::end: finish(true); break;
      case Kind::other: break;
    }
  }

  // Takes the final measurements; called once, by the event thread on the end marker or by the
  // main thread when no callback can run any more.
  void finish(bool complete) {
    cpu_end_ = storm::process_cpu_us();
    system_end_ = storm::process_system_cpu_us();
    switches_end_ = storm::process_context_switches();
    alloc_end_ = storm::alloc::snapshot();
    CALLGRIND_DUMP_STATS_AT("storm window");
    complete_ = complete;
    done_.store(true, std::memory_order_release);
    if (g_wake_fd >= 0) {
      const std::uint64_t one = 1;
      (void)!::write(g_wake_fd, &one, sizeof one);
    }
  }

  // An add/remove storm seen as cmnotify's arrivals and removals: the first K are the warm-up,
  // the next `capacity` the storm, after which the listener is done.
  void on_counted(std::uint64_t now_ns) {
    if (done()) return;
    if (warm_ < warmup_) {
      on_event(Kind::warmup, {}, now_ns);
      return;
    }
    on_event(Kind::storm, {}, now_ns);
    if (received_.load(std::memory_order_relaxed) == capacity_) finish(true);
  }

  [[nodiscard]] bool done() const noexcept { return done_.load(std::memory_order_acquire); }

  void report(const char* mode, std::uint64_t datagrams, std::uint64_t overflows) {
    const storm::LatencySummary l = latency_.summarize();
    const auto calls = [&](storm::alloc::Role role) {
      const auto i = static_cast<int>(role);
      return static_cast<unsigned long long>(alloc_end_.calls[i] - alloc_start_.calls[i]);
    };
    storm::emit_line(
        "result mode=%s received=%llu warm=%llu complete=%d cpu_us=%.0f datagrams=%llu "
        "overflows=%llu samples=%zu p50_us=%.1f p99_us=%.1f max_us=%.1f alloc=%d "
        "alloc_callback=%llu alloc_other=%llu alloc_main=%llu alloc_bytes=%llu",
        mode, static_cast<unsigned long long>(received_.load()),
        static_cast<unsigned long long>(warm_), complete_ ? 1 : 0,
        warm_ >= warmup_ ? cpu_end_ - cpu_start_ : 0.0, static_cast<unsigned long long>(datagrams),
        static_cast<unsigned long long>(overflows), l.samples, l.p50_us, l.p99_us, l.max_us,
        alloc_end_.enabled ? 1 : 0, calls(storm::alloc::Role::callback),
        calls(storm::alloc::Role::other), calls(storm::alloc::Role::main),
        static_cast<unsigned long long>(alloc_end_.bytes - alloc_start_.bytes));
    // STORM_CPU_SPLIT=1: the window's CPU split into user space and kernel, per storm event.
    if (std::getenv("STORM_CPU_SPLIT") != nullptr && received_.load() != 0 && warm_ >= warmup_) {
      const double events = static_cast<double>(received_.load());
      const double system = system_end_ - system_start_;
      std::fprintf(stderr, "%s: CPU us/event user %.3f system %.3f; context switches/event %.3f\n",
                   mode, (cpu_end_ - cpu_start_ - system) / events, system / events,
                   static_cast<double>(switches_end_ - switches_start_) / events);
    }
  }

 private:
  const std::size_t warmup_;
  const std::size_t capacity_;
  std::size_t warm_ = 0;
  std::atomic<std::uint64_t> received_{0};
  storm::LatencyRecorder latency_;
  double cpu_start_ = 0, cpu_end_ = 0;
  double system_start_ = 0, system_end_ = 0;  // the kernel's part of the CPU
  std::uint64_t switches_start_ = 0, switches_end_ = 0;
  storm::alloc::Counts alloc_start_{}, alloc_end_{};
  bool complete_ = false;
  std::atomic<bool> done_{false};
};

// The floor: one blocking recv() per datagram and a substring search. With `wait_in_poll`
// ("floor-poll"), the floor of an application's own event loop: the socket is non-blocking and
// each recv() follows a poll() that said it is readable, the two system calls per event that any
// loop (epoll, GLib, asio, sd-event) makes before a library can read for it.
int run_floor(Tracker& tracker, bool taps, bool wait_in_poll) {
  const char* const name = wait_in_poll ? "floor-poll" : "floor";
  const int fd =
      ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | (wait_in_poll ? SOCK_NONBLOCK : 0),
               NETLINK_KOBJECT_UEVENT);
  if (fd < 0) return std::perror("floor: socket"), 1;
  const int size = kReceiveBufferBytes;
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
    return std::perror("floor: SO_RCVBUFFORCE"), 1;
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = 1;  // the kernel's group
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) < 0)
    return std::perror("floor: bind"), 1;
  storm::emit_line("ready");

  static char buffer[16384];
  std::uint64_t datagrams = 0, overflows = 0;
  constexpr std::string_view uuid_key = "SYNTH_UUID=", time_key = "SYNTH_ARG_T=";
  pollfd readable{fd, POLLIN, 0};
  while (!tracker.done() && !g_stop.load(std::memory_order_relaxed)) {
    if (wait_in_poll && ::poll(&readable, 1, -1) < 0) continue;  // EINTR: look at g_stop
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    const std::uint64_t now = storm::monotonic_ns();
    if (n < 0) {
      if (errno == ENOBUFS) ++overflows;
      continue;  // EINTR or EAGAIN: look at g_stop
    }
    ++datagrams;
    const auto length = static_cast<std::size_t>(n);
    const char* uuid =
        static_cast<const char*>(::memmem(buffer, length, uuid_key.data(), uuid_key.size()));
    if (uuid == nullptr) {
      const std::string_view header(buffer, ::strnlen(buffer, length));
      const auto at = header.find('@');
      if (taps && at != std::string_view::npos &&
          is_bulk_tap_event(header.substr(0, at), header.substr(at + 1)))
        tracker.on_event(Kind::storm, {}, now);
      continue;
    }
    uuid += uuid_key.size();
    if (uuid + storm::kUuidLength > buffer + length) continue;
    const char* sent =
        static_cast<const char*>(::memmem(buffer, length, time_key.data(), time_key.size()));
    const std::string_view sent_ns =
        sent == nullptr
            ? std::string_view{}
            : std::string_view(sent + time_key.size(),
                               static_cast<std::size_t>(buffer + length - sent) - time_key.size());
    tracker.on_event(storm::classify_uuid(std::string_view(uuid, storm::kUuidLength)), sent_ns,
                     now);
  }
  if (!tracker.done()) tracker.finish(false);
  tracker.report(name, datagrams, overflows);
  ::close(fd);
  return 0;
}

// libudev's monitor on the kernel group, used the way applications use it: poll, then receive
// until it has nothing more.
int run_libudev(Tracker& tracker, bool taps) {
  udev* context = udev_new();
  udev_monitor* monitor = context ? udev_monitor_new_from_netlink(context, "kernel") : nullptr;
  if (monitor == nullptr) return std::fprintf(stderr, "libudev: no monitor\n"), 1;
  if (udev_monitor_set_receive_buffer_size(monitor, kReceiveBufferBytes) < 0)
    return std::fprintf(stderr, "libudev: cannot set the receive buffer\n"), 1;
  if (udev_monitor_enable_receiving(monitor) < 0)
    return std::fprintf(stderr, "libudev: cannot enable receiving\n"), 1;
  storm::emit_line("ready");

  std::uint64_t received = 0, overflows = 0;
  pollfd fds{udev_monitor_get_fd(monitor), POLLIN, 0};
  while (!tracker.done() && !g_stop.load(std::memory_order_relaxed)) {
    if (::poll(&fds, 1, -1) < 0) continue;  // EINTR: look at g_stop
    errno = 0;
    while (udev_device* device = udev_monitor_receive_device(monitor)) {
      const std::uint64_t now = storm::monotonic_ns();
      ++received;
      const char* uuid = udev_device_get_property_value(device, "SYNTH_UUID");
      const char* sent = udev_device_get_property_value(device, "SYNTH_ARG_T");
      Kind kind = uuid ? storm::classify_uuid(uuid) : Kind::other;
      if (taps && uuid == nullptr) {
        const char* action = udev_device_get_action(device);
        const char* devpath = udev_device_get_devpath(device);
        if (action && devpath && is_bulk_tap_event(action, devpath)) kind = Kind::storm;
      }
      tracker.on_event(kind, sent ? sent : "", now);
      udev_device_unref(device);
      if (tracker.done()) break;
    }
    if (errno == ENOBUFS) ++overflows;
  }
  if (!tracker.done()) tracker.finish(false);
  tracker.report("libudev", received, overflows);
  udev_monitor_unref(monitor);
  udev_unref(context);
  return 0;
}

#ifdef CMNOTIFY_HAVE_SD_DEVICE
struct SdDeviceListener {
  Tracker* tracker;
  bool taps;
  std::uint64_t received = 0;
};

int on_sd_device(sd_device_monitor* monitor, sd_device* device, void* userdata) {
  auto& listener = *static_cast<SdDeviceListener*>(userdata);
  const std::uint64_t now = storm::monotonic_ns();
  ++listener.received;
  const char* uuid = nullptr;
  const char* sent = nullptr;
  (void)sd_device_get_property_value(device, "SYNTH_UUID", &uuid);
  (void)sd_device_get_property_value(device, "SYNTH_ARG_T", &sent);
  Kind kind = uuid ? storm::classify_uuid(uuid) : Kind::other;
  if (listener.taps && uuid == nullptr) {
    const char* action = nullptr;
    const char* devpath = nullptr;
    if (sd_device_get_property_value(device, "ACTION", &action) >= 0 &&
        sd_device_get_devpath(device, &devpath) >= 0 && is_bulk_tap_event(action, devpath))
      kind = Kind::storm;
  }
  listener.tracker->on_event(kind, sent ? sent : "", now);
  if (listener.tracker->done()) (void)sd_event_exit(sd_device_monitor_get_event(monitor), 0);
  return 0;
}

// systemd's sd_device_monitor, driven by its sd_event loop as systemd's own tools drive it.
// libsystemd 252's public API listens to udevd's group only (no receive call, no group choice):
// the listener moves the monitor's own socket to the kernel's group with NETLINK_ADD_MEMBERSHIP
// (and leaves udevd's), so sd_device_monitor receives, checks and parses the same datagrams as
// the other listeners with its own code.
int run_sd_device(Tracker& tracker, bool taps) {
  sd_event* loop = nullptr;
  sd_device_monitor* monitor = nullptr;
  if (sd_event_new(&loop) < 0 || sd_device_monitor_new(&monitor) < 0)
    return std::fprintf(stderr, "sd-device: no monitor\n"), 1;
  if (sd_device_monitor_set_receive_buffer_size(monitor, kReceiveBufferBytes) < 0)
    return std::fprintf(stderr, "sd-device: cannot set the receive buffer\n"), 1;
  SdDeviceListener listener{&tracker, taps};
  if (sd_device_monitor_attach_event(monitor, loop) < 0 ||
      sd_device_monitor_start(monitor, on_sd_device, &listener) < 0)
    return std::fprintf(stderr, "sd-device: cannot start the monitor\n"), 1;
  const int fd = sd_event_source_get_io_fd(sd_device_monitor_get_event_source(monitor));
  int group = 1;  // the kernel's uevent group
  if (fd < 0 || ::setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof group) < 0)
    return std::perror("sd-device: kernel group"), 1;
  group = 2;  // udevd's
  (void)::setsockopt(fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &group, sizeof group);
  storm::emit_line("ready");

  // A bounded wait, so that the driver's SIGUSR1 (g_stop) is seen without a signal source.
  while (!tracker.done() && !g_stop.load(std::memory_order_relaxed)) {
    if (sd_event_run(loop, 100'000) < 0) break;
    if (sd_event_get_state(loop) == SD_EVENT_FINISHED) break;
  }
  if (!tracker.done()) tracker.finish(false);
  tracker.report("sd-device", listener.received, 0);  // the monitor hides ENOBUFS
  sd_device_monitor_unref(monitor);
  sd_event_unref(loop);
  return 0;
}
#endif

std::string instance_id_of(const std::string& sysfs_dir) {
  char resolved[PATH_MAX];
  if (::realpath(sysfs_dir.c_str(), resolved) == nullptr) return {};
  for (const cmnotify::DevicePtr& device : cmnotify::enumerate())
    if (device->syspath == resolved) return device->instance_id;
  return {};
}

// The storm device's instance ID with cmnotify's source configured as every listener's (the
// kernel group, the same receive buffer); empty when the device is unknown.
std::string configure_cmnotify(const Options& options) {
  cmnotify::SourceConfig config;
  config.group = cmnotify::SourceConfig::Group::kernel;
  config.receive_buffer_bytes = kReceiveBufferBytes;
  cmnotify::configure_source(config);
  std::string instance_id = instance_id_of(options.device);
  if (instance_id.empty())
    std::fprintf(stderr, "cmnotify: %s is not a device\n", options.device.c_str());
  return instance_id;
}

// The storm's keys of one cmnotify event, to the tracker.
void track(Tracker& tracker, const cmnotify::Event& event) {
  const std::uint64_t now = storm::monotonic_ns();
  std::string_view uuid, sent;
  for (const auto& [key, value] : event.event_properties) {
    if (key == "SYNTH_UUID") uuid = value;
    if (key == "SYNTH_ARG_T") sent = value;
  }
  if (!tracker.done()) tracker.on_event(storm::classify_uuid(uuid), sent, now);
}

void report_cmnotify(Tracker& tracker, const char* mode) {
  const cmnotify::SourceStats stats = cmnotify::source_stats();
  tracker.report(mode, stats.messages, stats.overflows);
  if (stats.overflows != 0)
    std::fprintf(stderr, "%s: %llu overflows, %llu resyncs\n", mode,
                 static_cast<unsigned long long>(stats.overflows),
                 static_cast<unsigned long long>(stats.resyncs));
}

// cmnotify's EventQueue (issue 13): the same events, taken on this thread from a poll() loop on
// the queue's descriptor, as an application's own event loop would.
int run_queue(Tracker& tracker, const Options& options) {
  const std::string instance_id = configure_cmnotify(options);
  if (instance_id.empty()) return 1;
  cmnotify::SubscribeOptions subscribe_options;
  subscribe_options.changes = !options.add_remove;  // synthetic "change" events
  cmnotify::EventQueue queue(cmnotify::Filter::instance(instance_id), subscribe_options);
  storm::alloc::set_thread_role(storm::alloc::Role::callback);  // this thread delivers
  storm::emit_line("ready");
  pollfd fds{queue.fd(), POLLIN, 0};
  const bool add_remove = options.add_remove;
  const cmnotify::EventHandler handler = [&tracker, add_remove](const cmnotify::Event& event) {
    if (!add_remove) {
      track(tracker, event);
    } else if (event.action == cmnotify::Action::instance_enumerated ||
               event.action == cmnotify::Action::instance_removed) {
      tracker.on_counted(storm::monotonic_ns());
    }
  };
  while (!tracker.done() && !g_stop.load(std::memory_order_relaxed)) {
    if (::poll(&fds, 1, -1) < 0) continue;  // EINTR: look at g_stop
    queue.dispatch(handler);
  }
  if (!tracker.done()) tracker.finish(false);
  queue.close();
  report_cmnotify(tracker, "queue");
  if (queue.stats().overflowed != 0)
    std::fprintf(stderr, "queue: %llu events overflowed the queue\n",
                 static_cast<unsigned long long>(queue.stats().overflowed));
  return 0;
}

// Sleeps on g_wake_fd until the tracker is done or the driver gives up.
void wait_until_done(const Tracker& tracker) {
  while (!tracker.done() && !g_stop.load()) {
    std::uint64_t value = 0;
    (void)!::read(g_wake_fd, &value, sizeof value);
  }
}

// cmnotify's C++ API: the events of the storm device's instance, delivered to a callback.
int run_cmnotify(Tracker& tracker, const Options& options) {
  const std::string instance_id = configure_cmnotify(options);
  if (instance_id.empty()) return 1;

  g_wake_fd = ::eventfd(0, EFD_CLOEXEC);
  cmnotify::SubscribeOptions subscribe_options;
  subscribe_options.changes = !options.add_remove;  // synthetic "change" events
  const bool add_remove = options.add_remove;
  const bool taps = options.taps;
  cmnotify::Subscription subscription = cmnotify::subscribe(
      taps ? cmnotify::Filter::all_instances() : cmnotify::Filter::instance(instance_id),
      [&tracker, add_remove, taps, &instance_id](const cmnotify::Event& event) {
        storm::alloc::set_thread_role(storm::alloc::Role::callback);
        if (taps) {
          // Every device's events: the bulk taps' arrivals and removals, the storm device's
          // warm-up and end marker.
          const std::string& syspath = event.device->syspath;
          const auto devices = syspath.find("/devices/");
          const bool bulk = devices != std::string::npos &&
                            storm::is_bulk_tap(std::string_view(syspath).substr(devices));
          const bool counted = event.action == cmnotify::Action::instance_enumerated ||
                               event.action == cmnotify::Action::instance_removed;
          if (bulk && counted)
            tracker.on_event(Kind::storm, {}, storm::monotonic_ns());
          else if (!bulk && event.instance_id() == instance_id)  // warm-up pairs, end marker
            counted ? tracker.on_event(Kind::warmup, {}, storm::monotonic_ns())
                    : track(tracker, event);
        } else if (!add_remove) {
          track(tracker, event);
        } else if (event.action == cmnotify::Action::instance_enumerated ||
                   event.action == cmnotify::Action::instance_removed) {
          tracker.on_counted(storm::monotonic_ns());
        }
      },
      subscribe_options);
  // fanout: the same filter N - 1 times more, each callback only counted (the tracker is fed
  // by the first); the driver divides the CPU by N for the cost per delivered callback.
  std::atomic<std::uint64_t> others{0};
  std::vector<cmnotify::Subscription> more;
  for (std::size_t i = 1; i < options.registrations; ++i)
    more.push_back(cmnotify::subscribe(
        cmnotify::Filter::instance(instance_id),
        [&others](const cmnotify::Event&) { others.fetch_add(1, std::memory_order_relaxed); },
        subscribe_options));
  storm::emit_line("ready");
  wait_until_done(tracker);
  if (!tracker.done()) {
    subscription.reset();  // no callback runs any more
    tracker.finish(false);
  }
  more.clear();
  report_cmnotify(tracker, options.mode.c_str());
  if (options.registrations > 1)  // every registration had every event: N - 1 times the count
    std::fprintf(stderr, "%s: %llu callbacks on the %zu other registrations\n",
                 options.mode.c_str(), static_cast<unsigned long long>(others.load()),
                 options.registrations - 1);
  return 0;
}

// The C API as a Windows program uses it: one CM_Register_Notification for every device
// instance (CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES), counting the storm device's arrivals
// and removals (an add/remove storm only: the C API has no notification for a "change").
// In a real-tap storm (--action=taps) the storm device's remove/add pairs are the warm-up and
// the bulk taps' arrivals and removals the storm (they come after it): the C API has no
// "change", so the listener is done when it has counted them all, not at the end marker.
struct CapiContext {
  Tracker* tracker;
  std::wstring instance_id;
  bool taps;
};

// Whether `id` is one of the real-tap storm's taps ("SWD\NET\CMNBULK12": tap IDs are the
// upper-cased name).
bool is_bulk_tap_id(std::wstring_view id) {
  static const std::wstring prefix = [] {
    std::wstring p = L"SWD\\NET\\";
    for (const char c : storm::kBulkTapPrefix)
      p.push_back(static_cast<wchar_t>(std::toupper(static_cast<unsigned char>(c))));
    return p;
  }();
  return id.starts_with(prefix);
}

DWORD CALLBACK capi_callback(HCMNOTIFICATION, PVOID context, CM_NOTIFY_ACTION action,
                             PCM_NOTIFY_EVENT_DATA data, DWORD) {
  const std::uint64_t now = storm::monotonic_ns();
  storm::alloc::set_thread_role(storm::alloc::Role::callback);
  auto* c = static_cast<CapiContext*>(context);
  if (action != CM_NOTIFY_ACTION_DEVICEINSTANCEENUMERATED &&
      action != CM_NOTIFY_ACTION_DEVICEINSTANCEREMOVED)
    return ERROR_SUCCESS;
  const std::wstring_view id = data->u.DeviceInstance.InstanceId;
  if (id == c->instance_id || (c->taps && is_bulk_tap_id(id))) c->tracker->on_counted(now);
  return ERROR_SUCCESS;
}

int run_capi(Tracker& tracker, const Options& options) {
  const std::string instance_id = configure_cmnotify(options);
  if (instance_id.empty()) return 1;
  if (!options.add_remove && !options.taps)
    return std::fprintf(stderr, "capi: add/remove and tap storms only\n"), 1;
  g_wake_fd = ::eventfd(0, EFD_CLOEXEC);
  CapiContext context{&tracker, std::wstring(instance_id.begin(), instance_id.end()), options.taps};
  CM_NOTIFY_FILTER filter{};
  filter.cbSize = sizeof filter;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  filter.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES;
  HCMNOTIFICATION registration = nullptr;
  if (CM_Register_Notification(&filter, &context, capi_callback, &registration) != CR_SUCCESS)
    return std::fprintf(stderr, "capi: CM_Register_Notification failed\n"), 1;
  storm::emit_line("ready");
  wait_until_done(tracker);
  CM_Unregister_Notification(registration);  // no callback runs any more
  if (!tracker.done()) tracker.finish(false);
  report_cmnotify(tracker, "capi");
  return 0;
}

bool parse(int argc, char** argv, Options& options) {
  if (argc < 2) return false;
  options.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view name) -> std::string_view {
      return arg.starts_with(name) ? arg.substr(name.size()) : std::string_view{};
    };
    if (auto v = value("--device="); !v.empty())
      options.device = v;
    else if (auto w = value("--warmup="); !w.empty())
      options.warmup = storm::parse_u64(w);
    else if (auto c = value("--capacity="); !c.empty())
      options.capacity = storm::parse_u64(c);
    else if (auto a = value("--action="); a == "change" || a == "addremove" || a == "taps") {
      options.add_remove = a == "addremove";
      options.taps = a == "taps";
    } else if (auto r = value("--registrations="); !r.empty())
      options.registrations = storm::parse_u64(r);
    else
      return false;
  }
  return options.mode == "floor" || options.mode == "floor-poll" || options.mode == "libudev" ||
         options.mode == "sd-device" ||
         ((options.mode == "cmnotify" || options.mode == "fanout" || options.mode == "queue" ||
           options.mode == "capi") &&
          !options.device.empty());
}

}  // namespace

int main(int argc, char** argv) {
  storm::alloc::set_thread_role(storm::alloc::Role::main);
  Options options;
  if (!parse(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: %s cmnotify|fanout|capi|queue|libudev|sd-device|floor|floor-poll "
                 "--device=SYSFS_DIR "
                 "--warmup=K\n"
                 "       --capacity=N [--action=change|addremove|taps] [--registrations=N]\n"
                 "(started by uevent_storm_bench)\n",
                 argv[0]);
    return 2;
  }
  struct sigaction action {};
  action.sa_handler = on_stop_signal;  // no SA_RESTART: a blocked recv/poll returns EINTR
  sigaction(SIGUSR1, &action, nullptr);

  Tracker tracker(options.warmup, options.capacity);
  try {
    if (options.mode == "floor" || options.mode == "floor-poll")
      return run_floor(tracker, options.taps, options.mode == "floor-poll");
    if (options.mode == "libudev") return run_libudev(tracker, options.taps);
    if (options.mode == "sd-device") {
#ifdef CMNOTIFY_HAVE_SD_DEVICE
      return run_sd_device(tracker, options.taps);
#else
      return std::fprintf(stderr, "sd-device: built without libsystemd-dev\n"), 1;
#endif
    }
    if (options.mode == "queue") return run_queue(tracker, options);
    if (options.mode == "capi") return run_capi(tracker, options);
    return run_cmnotify(tracker, options);  // cmnotify, fanout
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s listener: %s\n", options.mode.c_str(), e.what());
    return 1;
  }
}
