#include "linux/linux_source.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace cmnotify::linux_source {
namespace {

constexpr int kMaxMessagesPerWakeup = 256;  // then poll again, so stop() is never starved
// A wake-up that finds this many datagrams waiting means events come faster than they are read.
constexpr int kStormBurst = 4;
constexpr std::chrono::microseconds kStormGather{100};

NetlinkGroup group_from_environment(NetlinkGroup configured) {
  if (configured != NetlinkGroup::automatic) return configured;
  const char* env = std::getenv("CMNOTIFY_NETLINK_GROUP");
  if (env == nullptr) return configured;
  if (std::strcmp(env, "kernel") == 0) return NetlinkGroup::kernel;
  if (std::strcmp(env, "udev") == 0) return NetlinkGroup::udev;
  return configured;
}

std::string describe(NetlinkGroup group) {
  return group == NetlinkGroup::udev ? "netlink udev group" : "netlink kernel group";
}

}  // namespace

NetlinkGroup choose_group(const SourceOptions& options) {
  const NetlinkGroup chosen = group_from_environment(options.group);
  if (chosen != NetlinkGroup::automatic) return chosen;
  struct stat st {};
  return ::stat(options.udev_control.c_str(), &st) == 0 ? NetlinkGroup::udev : NetlinkGroup::kernel;
}

LinuxSource::LinuxSource(SourceOptions options)
    : options_(std::move(options)), sysfs_(options_.sysfs_root), map_(sysfs_) {
  sysfs_.before_read_hook = options_.before_sysfs_read;
}

LinuxSource::~LinuxSource() { stop(); }

Cr LinuxSource::start(engine::EventSink& sink) {
  if (reader_.joinable()) return Cr::success;
  const NetlinkGroup group = choose_group(options_);
  std::string error;
  // The socket is bound before sysfs is read, so nothing that happens during the scan is missed:
  // those events wait in the socket and are applied (idempotently) afterwards.
  auto socket =
      NetlinkSocket::open(group, options_.receive_buffer_bytes, error,
                          options_.syscalls ? *options_.syscalls : real_socket_syscalls());
  if (!socket) {
    std::lock_guard lock(stats_mutex_);
    last_error_ = describe(group) + ": " + error;
    return Cr::no_cm_services;
  }
  const int wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake < 0) {
    std::lock_guard lock(stats_mutex_);
    last_error_ = std::string("eventfd: ") + std::strerror(errno);
    return Cr::no_cm_services;
  }
  {
    std::lock_guard lock(map_mutex_);
    events_.clear();
    map_.rescan(Origin::present, events_);  // nobody is registered yet: nothing to deliver
    events_.clear();
    sink_ = &sink;
    running_ = true;
  }
  {
    std::lock_guard lock(stats_mutex_);
    last_stats_ = socket->stats();
    last_error_.clear();
  }
  socket_ = std::move(socket);
  wake_fd_ = wake;
  reader_ = std::thread([this] { run(); });
  return Cr::success;
}

void LinuxSource::stop() {
  if (!reader_.joinable()) return;
  const std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
  reader_.join();
  ::close(wake_fd_);
  wake_fd_ = -1;
  {
    std::lock_guard lock(stats_mutex_);
    last_stats_ = socket_->stats();
  }
  socket_.reset();
  std::lock_guard lock(map_mutex_);
  sink_ = nullptr;
  running_ = false;
}

bool LinuxSource::stop_requested_within(std::chrono::nanoseconds timeout) const {
  pollfd wake{wake_fd_, POLLIN, 0};
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec ts{static_cast<time_t>(seconds.count()),
                    static_cast<long>((timeout - seconds).count())};
  return ::ppoll(&wake, 1, &ts, nullptr) > 0;
}

void LinuxSource::run() {
  pollfd fds[2] = {{socket_->fd(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  int failed_wakeups = 0;  // in a row
  bool gathered = false;   // just waited for a storm's datagrams: read them without a poll first
  while (true) {
    int n = 1;
    if (gathered) {
      fds[0].revents = POLLIN;
      fds[1].revents = 0;
    } else {
      n = ::poll(fds, 2, -1);
    }
    Drained drained;
    drained.failed = n < 0 && errno != EINTR;
    if (n > 0) {
      if (fds[1].revents != 0) break;
      if (fds[0].revents != 0) drained = drain();
      publish_socket_stats();
    }
    const bool failed = drained.failed;
    // In a storm, let the next datagrams gather before reading on: a wake-up costs the same
    // system calls (poll, the last recvmsg, waking a callback thread) for 1 datagram as for
    // 30. Never at a trickle, so an event that comes alone is read at once.
    gathered = !failed && drained.datagrams >= kStormBurst;
    if (gathered && stop_requested_within(kStormGather)) break;
    // A socket that keeps failing (EIO) stays readable: retrying at once would spin. Back off
    // (1 ms, doubling up to 1 s) while the failures last, but keep trying, and answer stop() at
    // once. The first successful read ends the backoff.
    failed_wakeups = failed ? failed_wakeups + 1 : 0;
    if (failed_wakeups > 0) {
      const auto delay = std::chrono::milliseconds(1 << std::min(failed_wakeups - 1, 10));
      if (stop_requested_within(std::min(delay, std::chrono::milliseconds(1000)))) break;
    }
  }
}

LinuxSource::Drained LinuxSource::drain() {
  // Callback threads are woken once for what this wake-up reads, not once per event.
  struct Burst {
    engine::EventSink& sink;
    explicit Burst(engine::EventSink& s) : sink(s) { sink.begin_burst(); }
    ~Burst() { sink.end_burst(); }
    Burst(const Burst&) = delete;
    Burst& operator=(const Burst&) = delete;
  } burst(*sink_);
  Drained drained;
  for (; drained.datagrams < kMaxMessagesPerWakeup; ++drained.datagrams) {
    switch (socket_->receive(uevent_)) {
      case ReceiveStatus::message: apply(uevent_); break;
      case ReceiveStatus::overflow:
        // Empty the queue first: until it is empty the kernel drops without telling us again.
        (void)socket_->discard_queued();
        publish_socket_stats();  // counted before the resync's events are delivered
        resync();
        break;
      case ReceiveStatus::rejected:
        // Counted at once: whoever receives a later event sees the rejection in source_stats().
        publish_socket_stats();
        break;
      case ReceiveStatus::would_block: return drained;
      case ReceiveStatus::error: drained.failed = true; return drained;
    }
  }
  return drained;
}

void LinuxSource::publish_socket_stats() {
  std::lock_guard lock(stats_mutex_);
  last_stats_ = socket_->stats();
}

void LinuxSource::publish_locked() {
  for (const engine::EventPtr& e : events_) sink_->publish(e);
  published_ += events_.size();
  events_.clear();  // drops our references; the registrations hold theirs
}

void LinuxSource::apply(const Uevent& uevent) {
  std::lock_guard lock(map_mutex_);
  map_.apply(uevent, sink_->change_interest(), events_);
  publish_locked();
}

void LinuxSource::resync() {
  // The kernel dropped events. The only correct recovery: re-read the device tree and deliver
  // what differs from what subscribers were last told, as ordinary removals and arrivals.
  std::lock_guard lock(map_mutex_);
  map_.rescan(Origin::resync, events_);
  ++resyncs_;
  resync_events_ += events_.size();
  publish_locked();
}

Cr LinuxSource::with_present_devices(const std::function<void(std::span<const DevicePtr>)>& fn) {
  std::vector<DevicePtr> devices;
  std::lock_guard lock(map_mutex_);
  if (!running_) {
    // Nobody keeps the map current: read the system afresh with the same code.
    map_.rescan(Origin::present, events_);
    events_.clear();
  }
  map_.snapshot(devices);
  fn(devices);
  return Cr::success;
}

Cr LinuxSource::resolve_handle(std::intptr_t native_handle, std::string& device_key) {
  if (native_handle < 0 || native_handle > INT32_MAX) return Cr::invalid_data;
  const int fd = static_cast<int>(native_handle);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Cr::invalid_data;
  std::optional<std::string> syspath;
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
    syspath = sysfs_.syspath_of_devnum(S_ISBLK(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
  } else if (S_ISDIR(st.st_mode)) {
    char link[PATH_MAX];
    const std::string proc = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t len = ::readlink(proc.c_str(), link, sizeof link - 1);
    const std::string devices = sysfs_.root() + "/devices/";
    if (len > 0) {
      std::string path(link, static_cast<std::size_t>(len));
      if (path.starts_with(devices)) syspath = std::move(path);
    }
  }
  if (!syspath) return Cr::invalid_data;
  std::lock_guard lock(map_mutex_);
  if (!running_) {
    map_.rescan(Origin::present, events_);  // nobody keeps the map current: read it afresh
    events_.clear();
  }
  if (!map_.find(*syspath)) return Cr::no_such_devnode;
  device_key = std::move(*syspath);
  return Cr::success;
}

void LinuxSource::prepare_fork() noexcept {
  map_mutex_.lock();
  stats_mutex_.lock();
}

void LinuxSource::after_fork_in_parent() noexcept {
  stats_mutex_.unlock();
  map_mutex_.unlock();
}

std::shared_ptr<engine::DeviceSource> LinuxSource::after_fork_in_child(
    std::shared_ptr<engine::DeviceSource> self) noexcept {
  stats_mutex_.unlock();
  map_mutex_.unlock();
  if (!reader_.joinable()) return self;  // stopped: nothing here belongs to another thread
  // The reader thread is the parent's: never join it. This source is abandoned (never
  // destroyed); the child's copies of its socket and eventfd are closed (the parent keeps its
  // own), and the child starts afresh with the same options when it next registers.
  (options_.syscalls != nullptr ? *options_.syscalls : real_socket_syscalls()).close(socket_->fd());
  ::close(wake_fd_);
  try {
    return std::make_shared<LinuxSource>(options_);
  } catch (...) {
    return nullptr;  // the default source, then
  }
}

SourceStats LinuxSource::stats() const {
  SourceStats s;
  {
    std::lock_guard lock(stats_mutex_);
    s = last_stats_;  // what the socket counts
    s.description = describe(choose_group(options_));
    s.last_error = last_error_;
  }
  std::lock_guard lock(map_mutex_);
  s.resyncs = resyncs_;
  s.resync_events = resync_events_;
  s.events_published = published_;
  s.devices = map_.size();
  return s;
}

}  // namespace cmnotify::linux_source
