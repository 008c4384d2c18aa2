#include "linux/linux_source.hpp"

#include <dirent.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "linux/identity.hpp"
#include "linux/udevd.hpp"

namespace cmnotify::linux_source {
namespace {

constexpr int kMaxMessagesPerWakeup = 256;  // then poll again, so stop() is never starved
// A wake-up that finds this many datagrams waiting means events come faster than they are read.
constexpr int kStormBurst = 4;
constexpr std::chrono::microseconds kStormGather{100};
constexpr std::size_t kMaxPeriods = 32;  // the first group and the latest 31

// A socket that keeps failing (EIO) stays readable, so whoever reads it (the reader thread, or a
// consumer's thread while the reading is lent) waits this long after `failures` failed wake-ups in
// a row before reading again: 1 ms, doubling up to 1 s.
std::chrono::milliseconds failure_backoff(int failures) {
  return std::min(std::chrono::milliseconds(1 << std::clamp(failures - 1, 0, 10)),
                  std::chrono::milliseconds(1000));
}

const char* group_name(NetlinkGroup group) {
  return group == NetlinkGroup::udev ? "udev group" : "kernel group";
}

std::string clock_time(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm local{};
  ::localtime_r(&seconds, &local);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return text;
}

// "netlink udev group, then kernel group from 12:00:01 (udevd stopped answering)".
std::string describe_periods(const std::vector<SourceGroupPeriod>& periods,
                             std::uint64_t switches) {
  std::string out = std::string("netlink ") + group_name(periods.front().group);
  if (periods.size() > 1 && switches + 1 > periods.size())
    out += ", ... (" + std::to_string(switches + 1 - periods.size()) + " switches not shown)";
  for (std::size_t i = 1; i < periods.size(); ++i) {
    out += std::string(", then ") + group_name(periods[i].group) + " from " +
           clock_time(periods[i].since) + " (" + periods[i].reason + ")";
  }
  return out;
}

std::string describe_request(NetlinkGroup group) {
  if (group == NetlinkGroup::automatic) return "netlink kernel and udev groups (automatic)";
  return std::string("netlink ") + group_name(group);
}

// The counters of the sockets, summed into what stats() reports.
void add_socket_stats(SourceStats& into, const SourceStats& from) {
  into.messages += from.messages;
  into.accepted += from.accepted;
  into.rejected += from.rejected;
  into.overflows += from.overflows;
  into.discarded += from.discarded;
  into.receive_buffer_bytes = std::max(into.receive_buffer_bytes, from.receive_buffer_bytes);
  auto& a = into.rejections;
  const auto& b = from.rejections;
  a.sender += b.sender;
  a.credentials += b.credentials;
  a.truncated += b.truncated;
  a.wrong_format += b.wrong_format;
  for (std::size_t i = 0; i < a.malformed.size(); ++i) a.malformed[i] += b.malformed[i];
}

// Counts a reader in LinuxSource::pumping_ for as long as it lives.
class Pumping {
 public:
  explicit Pumping(std::atomic<int>& count) : count_(count) { ++count_; }
  ~Pumping() { --count_; }
  Pumping(const Pumping&) = delete;
  Pumping& operator=(const Pumping&) = delete;

 private:
  std::atomic<int>& count_;
};

}  // namespace

LinuxSource::LinuxSource(SourceOptions options)
    : options_(std::move(options)), sysfs_(options_.sysfs_root), map_(sysfs_) {
  sysfs_.before_read_hook = options_.before_sysfs_read;
}

LinuxSource::~LinuxSource() { stop(); }

Cr LinuxSource::open_sockets(NetlinkGroup group) {
  SocketSyscalls& sys = options_.syscalls ? *options_.syscalls : real_socket_syscalls();
  std::string error;
  const bool kernel = group != NetlinkGroup::udev;
  const bool udev = group != NetlinkGroup::kernel;
  if (kernel) {
    kernel_socket_ =
        NetlinkSocket::open(NetlinkGroup::kernel, options_.receive_buffer_bytes, error, sys);
    if (!kernel_socket_) {
      std::lock_guard lock(stats_mutex_);
      last_error_ = "netlink kernel group: " + error;
      return Cr::no_cm_services;
    }
  }
  if (udev) {
    udev_socket_ =
        NetlinkSocket::open(NetlinkGroup::udev, options_.receive_buffer_bytes, error, sys);
    // Automatic: without udevd's group (a restricted network namespace) the kernel's serves.
    if (!udev_socket_ && !kernel) {
      std::lock_guard lock(stats_mutex_);
      last_error_ = "netlink udev group: " + error;
      return Cr::no_cm_services;
    }
  }
  return Cr::success;
}

Cr LinuxSource::start(engine::EventSink& sink) {
  if (reader_.joinable()) return Cr::success;
  std::string error;
  const auto requested = requested_group(options_.group, error);
  if (!requested) {
    std::lock_guard lock(stats_mutex_);
    last_error_ = error;
    return Cr::no_cm_services;
  }
  // The sockets are bound before sysfs is read, so nothing that happens during the scan is
  // missed: those events wait in the sockets and are applied (idempotently) afterwards.
  if (const Cr cr = open_sockets(*requested); cr != Cr::success) {
    kernel_socket_.reset();
    udev_socket_.reset();
    return cr;
  }
  const int wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake < 0) {
    kernel_socket_.reset();
    udev_socket_.reset();
    std::lock_guard lock(stats_mutex_);
    last_error_ = std::string("eventfd: ") + std::strerror(errno);
    return Cr::no_cm_services;
  }
  {
    std::lock_guard lock(stats_mutex_);
    periods_.clear();
    switches_ = 0;
    udevd_returns_ = 0;
    udevd_returned_at_ = {};
    last_error_.clear();
  }
  watch_udevd();
  if (arbiter_) {
    std::string reason;
    const auto now = GroupArbiter::Clock::now();
    const NetlinkGroup first = arbiter_->begin(now, reason);
    // A socket that does not answer yet: udevd may be between bind() and listen().
    if (udevd_watch_->ok() && udevd_watch_->control_exists()) arbiter_->on_udevd_appeared(now);
    begin_period(first, std::move(reason));
  } else {
    if (udevd_return_) udevd_return_->begin(UdevdReturn::Clock::now());
    begin_period(kernel_socket_ ? NetlinkGroup::kernel : NetlinkGroup::udev,
                 *requested == NetlinkGroup::automatic ? "udev group unavailable" : "configured");
  }
  {
    std::lock_guard lock(map_mutex_);
    read_udev_database(current_group() == NetlinkGroup::udev);
    events_.clear();
    map_.rescan();   // nobody is registered yet: nothing to deliver
    watch_.reset();  // the reader keeps the map current from now on
    rescanned_at_rest_ = false;
    sink_ = &sink;
    running_ = true;
  }
  published_sum_ = 0;  // new sockets: their counters begin again
  publish_socket_stats();
  wake_fd_ = wake;
  reader_ = std::thread([this] { run(); });
  return Cr::success;
}

void LinuxSource::stop() {
  if (!reader_.joinable()) return;
  lent_ = false;
  stopping_ = true;
  wake_reader();
  reader_.join();
  stopping_ = false;
  ::close(wake_fd_);
  wake_fd_ = -1;
  std::lock_guard reading(read_mutex_);  // a pump() that began before has returned
  publish_socket_stats();
  kernel_socket_.reset();
  udev_socket_.reset();
  arbiter_.reset();
  udevd_return_.reset();
  udevd_watch_.reset();
  std::lock_guard lock(map_mutex_);
  sink_ = nullptr;
  running_ = false;
  rescanned_at_rest_ = false;  // nothing watched what changed while running: read afresh
}

void LinuxSource::watch_udevd() {
  const std::string control = options_.udev_control;
  auto answers = [control] { return udevd_answers(control); };
  // Watched before the first probe, so a udevd starting in between is not missed.
  if (kernel_socket_ && udev_socket_) {
    GroupArbiter::Output& output = *this;
    arbiter_ = std::make_unique<GroupArbiter>(output, std::move(answers), options_.timing);
    udevd_watch_ = std::make_unique<UdevdWatch>(control);
    if (udevd_watch_->ok()) arbiter_->watch_udevd();
  } else if (udev_socket_) {
    udevd_watch_ = std::make_unique<UdevdWatch>(control);
    udevd_return_ =
        std::make_unique<UdevdReturn>(std::move(answers), options_.timing, udevd_watch_->ok());
  }
}

void LinuxSource::udevd_appeared() {
  if (!udevd_watch_->changed()) return;
  const auto now = GroupArbiter::Clock::now();
  if (arbiter_) arbiter_->on_udevd_appeared(now);
  if (udevd_return_) udevd_return_->on_udevd_appeared(now);
}

void LinuxSource::tick_udevd() {
  const auto now = GroupArbiter::Clock::now();
  if (arbiter_) arbiter_->on_tick(now);
  // udevd is back: what it did not forward while it was dead is read from sysfs. Counted first,
  // so whoever receives the resync's events can tell why they came (SourceStats::udevd_returns).
  if (udevd_return_ && udevd_return_->on_tick(now)) {
    {
      std::lock_guard lock(stats_mutex_);
      ++udevd_returns_;
      udevd_returned_at_ = std::chrono::system_clock::now();
    }
    resync();
  }
}

NetlinkGroup LinuxSource::current_group() const {
  std::lock_guard lock(stats_mutex_);
  return periods_.empty() ? NetlinkGroup::kernel : periods_.back().group;
}

void LinuxSource::read_udev_database(bool on) { sysfs_.udev_data = on ? options_.udev_data : ""; }

bool LinuxSource::udev_view_now() const {
  std::string error;
  const auto requested = requested_group(options_.group, error);
  if (!requested || *requested == NetlinkGroup::kernel) return false;
  return *requested == NetlinkGroup::udev || udevd_answers(options_.udev_control);
}

void LinuxSource::begin_period(NetlinkGroup group, std::string reason) {
  std::lock_guard lock(stats_mutex_);
  if (periods_.size() >= kMaxPeriods) periods_.erase(periods_.begin() + 1);
  periods_.push_back({group, std::chrono::system_clock::now(), std::move(reason)});
}

bool LinuxSource::stop_requested_within(std::chrono::nanoseconds timeout) const {
  pollfd wake{wake_fd_, POLLIN, 0};
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec ts{static_cast<time_t>(seconds.count()),
                    static_cast<long>((timeout - seconds).count())};
  // Woken for a change of reader (not a stop): the run loop looks again.
  return ::ppoll(&wake, 1, &ts, nullptr) > 0 && stopping_.load();
}

void LinuxSource::wake_reader() const {
  const std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

bool LinuxSource::lend_reading(std::vector<int>& fds) {
  if (!reader_.joinable()) return false;
  fds.clear();
  for (const auto* socket : {kernel_socket_.get(), udev_socket_.get()})
    if (socket != nullptr) fds.push_back(socket->fd());
  lent_ = true;
  wake_reader();  // so it stops polling the sockets
  return true;
}

void LinuxSource::reclaim_reading() {
  if (!reader_.joinable() || !lent_.exchange(false)) return;
  wake_reader();  // reads what waits; a pump() running holds read_mutex_ until it is done
}

engine::DeviceSource::Pumped LinuxSource::pump() {
  if (!lent_.load()) return {};  // (a fork() child never takes the lock: its holder may be gone)
  // Counted before the lock is taken and until it is let go: whenever a pump holds the lock, or
  // waits for it, a query's catch_up() sees someone drain. Counted only once it held the lock, a
  // pump that had just taken it looked like the reader thread's short hold: the query waited for
  // the lock, which in a storm the pool's reader takes again as soon as it lets it go.
  const Pumping pumping(pumping_);
  std::lock_guard reading(read_mutex_);
  if (!lent_.load()) return {};  // taken back (the reader thread reads) or stopped
  if (options_.after_pump_locks) options_.after_pump_locks();
  bool resynced = false;
  return pump_locked(resynced);
}

engine::DeviceSource::Pumped LinuxSource::pump_locked(bool& resynced) {
  // One recvmmsg takes what waits (up to kNetlinkBatch): at a trickle one system call per event,
  // in a storm one per 16; the socket's own answer says when it is empty, so no call finds
  // nothing (netlink_socket.cpp).
  Pumped pumped;
  bool failed = false;
  for (NetlinkSocket* socket : {kernel_socket_.get(), udev_socket_.get()}) {
    if (socket == nullptr) continue;
    const Drained drained = drain(*socket, kMaxMessagesPerWakeup);
    // After an overflow's resync the socket holds what came during the rescan: more to read.
    pumped.more = pumped.more || drained.datagrams >= kMaxMessagesPerWakeup || drained.resynced;
    failed = failed || drained.failed;
    resynced = resynced || drained.resynced;
  }
  // The reader thread's back-off, on the consumer's thread: its loop must not spin on a socket
  // that stays readable; the consumer stops watching it for this long (engine/inbox.hpp).
  failed_pumps_ = failed ? failed_pumps_ + 1 : 0;
  if (failed) pumped.retry_after = failure_backoff(failed_pumps_);
  if (arbiter_) {
    arbiter_->on_tick(GroupArbiter::Clock::now());
    // Kernel events held for udevd's copy are let go on a tick: the reader thread, which ticks
    // while the reading is lent, looks at the arbiter's next tick again, if it sleeps past it.
    // Not woken when it wakes soon enough already: else every event held (each one, while
    // udevd's group is in use) would wake a second thread, the hand-off direct reading avoids.
    const auto tick = arbiter_->next_tick();
    if (tick && (!reader_tick_ || *tick < *reader_tick_)) {
      reader_tick_ = tick;  // woken for it: no other pump() wakes it again for a later tick
      wake_reader();
    }
  }
  publish_socket_stats();
  return pumped;
}

void LinuxSource::catch_up() {
  if (!lent_.load()) return;
  // Another thread pumps now (the pool's reader, a queue's owner): the sockets are being
  // drained, as the reader thread drains them when the reading is not lent. Waiting for the lock
  // would only compete with that reader, which takes it again as soon as it lets it go: in a
  // storm (its pumps follow each other with no poll in between) a query would wait for as long
  // as the storm lasts.
  std::unique_lock reading(read_mutex_, std::try_to_lock);
  if (!reading.owns_lock()) {
    if (pumping_.load() > 0) return;
    reading.lock();  // the reader thread's short look at its next tick, or stop()
  }
  if (!lent_.load()) return;
  const Pumping pumping(pumping_);  // seen by another query: this one drains
  // Bounded, so a storm that never lets the socket empty cannot hold the caller forever; a
  // resync ends it: the map was just read from sysfs, and in an overflow storm every round
  // would be one more rescan of the whole tree.
  for (int round = 0; round < 16; ++round) {
    bool resynced = false;
    if (!pump_locked(resynced).more || resynced) break;
  }
}

int LinuxSource::poll_timeout() const {
  const auto tick = arbiter_        ? arbiter_->next_tick()
                    : udevd_return_ ? udevd_return_->next_tick()
                                    : std::nullopt;
  if (!tick) return -1;
  const auto left = *tick - GroupArbiter::Clock::now();
  if (left <= decltype(left)::zero()) return 0;
  // Rounded up: waking before the tick would only poll again.
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

void LinuxSource::run() {
  // The kernel's socket is read before udevd's: the kernel queues its copy of an event before
  // udevd has even received it, so reading in this order sees the copies in the order sent.
  std::vector<std::pair<NetlinkSocket*, pollfd>> sockets;
  for (NetlinkSocket* socket : {kernel_socket_.get(), udev_socket_.get()})
    if (socket != nullptr) sockets.push_back({socket, {socket->fd(), POLLIN, 0}});
  const int udevd_fd = udevd_watch_ ? udevd_watch_->fd() : -1;  // polled last, after the sockets
  std::vector<pollfd> fds;
  int failed_wakeups = 0;  // in a row
  bool gathered = false;   // just waited for a storm's datagrams: read them without a poll first
  while (true) {
    // While the reading is lent, the consumer's thread reads: only stop() and ticks wake this.
    const bool lent = lent_.load();
    fds.assign({{wake_fd_, POLLIN, 0}});
    if (!lent)
      for (const auto& s : sockets) fds.push_back(s.second);
    const std::size_t socket_count = fds.size() - 1;
    if (udevd_fd >= 0) fds.push_back({udevd_fd, POLLIN, 0});
    gathered = gathered && !lent;
    int n = 1;
    if (gathered) {
      for (std::size_t i = 1; i < fds.size(); ++i) fds[i].revents = i <= socket_count ? POLLIN : 0;
      fds[0].revents = 0;
    } else {
      int timeout = -1;
      {
        std::lock_guard reading(read_mutex_);  // the arbiter may be ticked by a pump()
        timeout = poll_timeout();
        reader_tick_ = arbiter_ ? arbiter_->next_tick() : std::nullopt;
      }
      n = ::poll(fds.data(), fds.size(), timeout);
    }
    Drained drained;
    drained.failed = n < 0 && errno != EINTR;
    if (n > 0 && fds[0].revents != 0) {
      // Read first, then look: one read takes every wake-up written so far (an eventfd sums
      // them), stop()'s too when it came after an earlier one (the reading lent or taken back, as
      // the engine does just before stopping), and stop() sets stopping_ before it writes. Looked
      // at before the read, a stop() in between was drained unseen: the reader polled on with no
      // timeout and stop() waited for it for ever.
      if (options_.before_wake_drain) options_.before_wake_drain();
      std::uint64_t count = 0;
      (void)!::read(wake_fd_, &count, sizeof count);
      if (stopping_.load()) break;  // else a change of reader: look again
    }
    std::unique_lock reading(read_mutex_);
    if (n > 0) {
      for (std::size_t i = 1; i <= socket_count; ++i) {
        if (fds[i].revents == 0) continue;
        const Drained one = drain(*sockets[i - 1].first);
        drained.datagrams += one.datagrams;
        drained.failed = drained.failed || one.failed;
      }
    }
    if (udevd_fd >= 0 && fds.back().revents != 0) udevd_appeared();
    tick_udevd();
    publish_socket_stats();
    reading.unlock();
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
    if (failed_wakeups > 0 && stop_requested_within(failure_backoff(failed_wakeups))) break;
  }
}

LinuxSource::Drained LinuxSource::drain(NetlinkSocket& socket) {
  return drain(socket, kMaxMessagesPerWakeup);
}

LinuxSource::Drained LinuxSource::drain(NetlinkSocket& socket, int max_datagrams) {
  // Callback threads are woken once for what this wake-up reads, not once per event.
  struct Burst {
    engine::EventSink& sink;
    explicit Burst(engine::EventSink& s) : sink(s) { sink.begin_burst(); }
    ~Burst() { sink.end_burst(); }
    Burst(const Burst&) = delete;
    Burst& operator=(const Burst&) = delete;
  } burst(*sink_);
  Drained drained;
  for (; drained.datagrams < max_datagrams; ++drained.datagrams) {
    // Never more than this round takes, so nothing read waits in the socket's slots after it.
    switch (socket.receive(uevent_, static_cast<unsigned>(max_datagrams - drained.datagrams))) {
      case ReceiveStatus::message: received(socket); break;
      case ReceiveStatus::overflow:
        // Held events are older than what the resync reads: they go first.
        if (arbiter_) arbiter_->flush();
        // Empty the queue first: until it is empty the kernel drops without telling us again.
        (void)socket.discard_queued();
        publish_socket_stats();  // counted before the resync's events are delivered
        resync();
        // The round ends here: the resync read every device, so what the socket holds now came
        // during it. In a storm that overflows the socket again during every resync, going on
        // would rescan the tree once per datagram of the round (kMaxMessagesPerWakeup rescans
        // with read_mutex_ held, and as many in each round of a query's catch_up()).
        ++drained.datagrams;
        drained.resynced = true;
        return drained;
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

void LinuxSource::received(NetlinkSocket& socket) {
  if (!arbiter_) {
    deliver(uevent_, socket.group());
    return;
  }
  const auto now = GroupArbiter::Clock::now();
  if (socket.group() == NetlinkGroup::kernel) {
    arbiter_->on_kernel(uevent_, socket.last_datagram(), now);
  } else {
    arbiter_->on_udev(uevent_, now);
  }
}

// The SEQNUM of the kernel's latest uevent (/sys/kernel/uevent_seqnum), 0 when unreadable.
static std::uint64_t kernel_seqnum(const std::string& sysfs_root) {
  std::FILE* file = std::fopen((sysfs_root + "/kernel/uevent_seqnum").c_str(), "re");
  if (file == nullptr) return 0;
  unsigned long long seqnum = 0;
  if (std::fscanf(file, "%llu", &seqnum) != 1) seqnum = 0;
  std::fclose(file);
  return seqnum;
}

bool LinuxSource::stale_add_locked(const Uevent& uevent, NetlinkGroup from) const {
  // Only udevd's copies are judged so: they are the ones that come late.
  if (from != NetlinkGroup::udev || uevent.action != "add" || uevent.seqnum == 0 ||
      uevent.seqnum > scanned_through_)
    return false;
  // A device's "add" is sent once its sysfs directory exists, so the scan saw the device, or saw
  // it gone already. Seen: the message still applies as any "add" of a known device does (the
  // scan may have read it before udevd wrote its database record, which the message carries).
  const std::string syspath = sysfs_.root() + std::string(uevent.devpath);
  if (map_.find(syspath)) return false;
  // Not in the map but there now: a late "remove" (sent before its directory went, so not
  // judged) took out what the scan saw, and this "add" is of the device made again.
  // Gone: its "remove" follows; applying the "add" would announce a device that is no more.
  return ::access((syspath + "/uevent").c_str(), F_OK) != 0;
}

void LinuxSource::deliver(const Uevent& uevent, NetlinkGroup from) {
  std::lock_guard lock(map_mutex_);
  if (stale_add_locked(uevent, from)) {
    ++stale_adds_;
    return;
  }
  ++(from == NetlinkGroup::udev ? from_udev_ : from_kernel_);
  map_.apply(uevent, sink_->change_interest(), events_);
  publish_locked();
}

void LinuxSource::switched(NetlinkGroup to, const std::string& reason) {
  begin_period(to, reason);
  {
    std::lock_guard lock(stats_mutex_);
    ++switches_;
  }
  {
    std::lock_guard lock(map_mutex_);
    read_udev_database(to == NetlinkGroup::udev);
  }
  // The view is checked against the devices as they are now (and takes the properties of the
  // group now in use): what differs is delivered as after an overflow.
  publish_socket_stats();
  resync();
}

void LinuxSource::publish_socket_stats() {
  // Every counter only grows: an unchanged sum means nothing to publish (a wake-up or a pump()
  // that read nothing new, the common case at a trickle between events).
  std::uint64_t sum = 0;
  for (const auto* socket : {kernel_socket_.get(), udev_socket_.get()})
    if (socket != nullptr)
      sum += socket->stats().messages + socket->stats().overflows + socket->stats().discarded;
  if (arbiter_) sum += arbiter_->duplicates() + arbiter_->expired();
  if (sum == published_sum_ && published_sum_ != 0) return;
  published_sum_ = sum;
  // Written in place: a socket's statistics hold only the counters add_socket_stats() sums, so
  // the first socket's are copied and the second's added (at a trickle, where every pump has
  // something new to publish, building a whole SourceStats and moving it cost more than the rest).
  std::lock_guard lock(stats_mutex_);
  bool first = true;
  for (const auto* socket : {kernel_socket_.get(), udev_socket_.get()}) {
    if (socket == nullptr) continue;
    if (first) {
      last_stats_ = socket->stats();
    } else {
      add_socket_stats(last_stats_, socket->stats());
    }
    first = false;
  }
  if (first) last_stats_ = SourceStats{};
  if (arbiter_) {
    last_stats_.duplicates = arbiter_->duplicates();
    last_stats_.udev_late = arbiter_->expired();
  }
}

void LinuxSource::publish_locked() {
  sink_->publish_all(events_);
  published_ += events_.size();
  events_.clear();  // drops our references; the registrations hold theirs
}

void LinuxSource::resync() {
  // The kernel dropped events. The only correct recovery: re-read the device tree and deliver
  // what differs from what subscribers were last told, as ordinary removals and arrivals.
  std::lock_guard lock(map_mutex_);
  scanned_through_ = kernel_seqnum(sysfs_.root());  // before the scan: all it numbered is seen
  map_.rescan(Origin::resync, events_);
  ++resyncs_;
  resync_events_ += events_.size();
  publish_locked();
}

bool LinuxSource::can_watch() const {
  return options_.sysfs_root == "/sys" && options_.syscalls == nullptr &&
         !options_.before_sysfs_read && std::getenv("UMOCKDEV_DIR") == nullptr &&
         uevents_reach_this_namespace();
}

Cr LinuxSource::refresh_at_rest_locked() {
  if (const Cr cr = check_group_locked(); cr != Cr::success) return cr;
  // Nobody keeps the map current: read the system afresh with the same code, with udevd's
  // database when a source started now would use udevd's group. The last read still holds when
  // no uevent came since it began (the watch was bound before it) and the view is the same.
  const std::string udev_data = udev_data_now();
  if (!watch_ && can_watch()) watch_ = std::make_unique<UeventWatch>();
  const bool changed = !watch_ || watch_->changed();  // emptied before the rescan, not after
  if (rescanned_at_rest_ && !changed && sysfs_.udev_data == udev_data) return Cr::success;
  sysfs_.udev_data = udev_data;
  map_.rescan();
  rescanned_at_rest_ = watch_ && watch_->ok();
  return Cr::success;
}

const engine::DeviceList& LinuxSource::list_locked() {
  if (!list_ || list_generation_ != map_.generation()) {
    auto devices = std::make_shared<std::vector<DevicePtr>>();
    map_.snapshot(*devices);
    list_ = std::move(devices);
    list_generation_ = map_.generation();
  }
  return list_;
}

Cr LinuxSource::with_present_devices(const std::function<void(std::span<const DevicePtr>)>& fn) {
  catch_up();
  std::lock_guard lock(map_mutex_);
  if (!running_)
    if (const Cr cr = refresh_at_rest_locked(); cr != Cr::success) return cr;
  const engine::DeviceList& devices = list_locked();
  fn(*devices);
  return Cr::success;
}

Cr LinuxSource::present_list(engine::DeviceList& out) {
  catch_up();
  std::lock_guard lock(map_mutex_);
  if (!running_)
    if (const Cr cr = refresh_at_rest_locked(); cr != Cr::success) return cr;
  out = list_locked();
  return Cr::success;
}

namespace {

// The device directory or device number behind an existing path: a /sys device directory (or a
// link to one, /sys/class/net/eth0), or a device node (or a link to one, /dev/disk/by-id/...).
std::string syspath_of_path(const Sysfs& sysfs, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    return sysfs.syspath_of_devnum(S_ISBLK(st.st_mode), major(st.st_rdev), minor(st.st_rdev))
        .value_or(std::string());
  if (!S_ISDIR(st.st_mode)) return {};
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return {};
  std::string real(resolved);
  std::free(resolved);
  return real.starts_with(sysfs.root() + "/devices/") ? real : std::string();
}

}  // namespace

std::string LinuxSource::syspath_named(std::string_view name) const {
  if (name.front() == '/') return syspath_of_path(sysfs_, std::string(name));
  if (name == "." || name == "..") return {};
  // A kernel name (eth0, vda, ttyS0, card0): a network interface, a /dev node, then any class or
  // bus that has a device of that name.
  const std::string base(name);
  for (const std::string& place : {sysfs_.root() + "/class/net/" + base, "/dev/" + base})
    if (std::string syspath = syspath_of_path(sysfs_, place); !syspath.empty()) return syspath;
  for (const char* group : {"/class", "/bus"}) {
    const std::string dir = sysfs_.root() + group;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) continue;
    std::string found;
    while (const dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::string place = dir + "/" + e->d_name + (group[1] == 'b' ? "/devices/" : "/") + base;
      found = syspath_of_path(sysfs_, place);
      if (!found.empty()) break;
    }
    ::closedir(d);
    if (!found.empty()) return found;
  }
  return {};
}

Cr LinuxSource::find_device(std::string_view name, DevicePtr& out) {
  out = nullptr;
  if (name.empty()) return Cr::invalid_data;
  // No device's name holds a NUL; the system calls below would read only what precedes one.
  if (name.find('\0') != std::string_view::npos) return Cr::success;
  const bool path = name.front() == '/';
  const bool kernel_name = name.find_first_of("\\/") == std::string_view::npos;
  if (path || kernel_name) return find_named(name, out);
  // An instance ID or a symbolic link.
  if (const Cr cr = find_by_id(name, out); cr != Cr::success || out) return cr;
  // A kernel name may hold a backslash too (ip tuntap add mode tap 'a\b'): tried as one when
  // no device has the ID. A symbolic link is never one.
  if (name.find('/') == std::string_view::npos && !name.starts_with("\\\\?\\"))
    return find_named(name, out);
  return Cr::success;
}

Cr LinuxSource::knows_enumerator(std::string_view enumerator, bool& known) {
  known = is_known_enumerator(enumerator, sysfs_);
  return known ? Cr::success : DeviceSource::knows_enumerator(enumerator, known);
}

Cr LinuxSource::find_by_id(std::string_view name, DevicePtr& out) {
  catch_up();
  std::lock_guard lock(map_mutex_);
  if (!running_) {
    if (const Cr cr = check_group_locked(); cr != Cr::success) return cr;
    if (!at_rest_map_holds_locked()) {
      // Only the devices that could hold this ID are read, when that decides; else all.
      rescanned_at_rest_ = false;
      sysfs_.udev_data = udev_data_now();
      if ((out = map_.read_named(name))) return Cr::success;
      if (const Cr cr = refresh_at_rest_locked(); cr != Cr::success) return cr;
    }
  }
  out = map_.find_instance(name);
  if (!out)
    for (const DevicePtr& d : *list_locked())
      if (engine::names_device(*d, name)) out = d;
  return Cr::success;
}

Cr LinuxSource::find_named(std::string_view name, DevicePtr& out) {
  const std::string syspath = syspath_named(name);
  if (syspath.empty()) return Cr::success;
  catch_up();
  std::lock_guard lock(map_mutex_);
  if (!running_)
    if (const Cr cr = check_group_locked(); cr != Cr::success) return cr;
  if (running_ || at_rest_map_holds_locked()) {
    out = map_.find(syspath);  // kept current, or the last rescan still holds
    return Cr::success;
  }
  // Only this device (and its ancestors, for its identity) is read: no walk of all of sysfs.
  rescanned_at_rest_ = false;
  sysfs_.udev_data = udev_data_now();
  out = map_.read_one(syspath);
  return Cr::success;
}

bool LinuxSource::at_rest_map_holds_locked() {
  return rescanned_at_rest_ && sysfs_.udev_data == udev_data_now() && watch_ && !watch_->changed();
}

std::string LinuxSource::udev_data_now() const {
  return udev_view_now() ? options_.udev_data : std::string();
}

Cr LinuxSource::check_group_locked() {
  std::string error;
  if (requested_group(options_.group, error)) return Cr::success;
  std::lock_guard stats_lock(stats_mutex_);
  last_error_ = error;  // the same error a start would give
  return Cr::no_cm_services;
}

Cr LinuxSource::resolve_handle(std::intptr_t native_handle, std::string& device_key,
                               DevicePtr& device) {
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
  if (const Cr cr = find_device(*syspath, device); cr != Cr::success) return cr;
  if (!device) return Cr::no_such_devnode;
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
  if (!reader_.joinable()) {
    // Stopped: nothing here belongs to another thread. The watch's socket is shared with the
    // parent, which would take the child's news (and the child the parent's): the child reads
    // afresh and watches with its own.
    watch_.reset();
    rescanned_at_rest_ = false;
    return self;
  }
  // The reader thread is the parent's: never join it. This source is abandoned (never
  // destroyed); the child's copies of its socket and eventfd are closed (the parent keeps its
  // own), and the child starts afresh with the same options when it next registers.
  SocketSyscalls& sys = options_.syscalls != nullptr ? *options_.syscalls : real_socket_syscalls();
  for (const auto* socket : {kernel_socket_.get(), udev_socket_.get()})
    if (socket != nullptr) sys.close(socket->fd());
  ::close(wake_fd_);
  lent_ = false;  // a queue the child inherited must not read the parent's sockets
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
    s = last_stats_;  // what the sockets and the arbiter count
    s.description =
        periods_.empty() ? describe_request(options_.group) : describe_periods(periods_, switches_);
    s.groups = periods_;
    s.group_switches = switches_;
    s.udevd_returns = udevd_returns_;
    s.udevd_returned_at = udevd_returned_at_;
    s.last_error = last_error_;
  }
  std::string invalid;  // a bad CMNOTIFY_NETLINK_GROUP: last_error says so when the source starts
  s.requested_group = requested_group(options_.group, invalid).value_or(options_.group);
  std::lock_guard lock(map_mutex_);
  s.resyncs = resyncs_;
  s.resync_events = resync_events_;
  s.events_published = published_;
  s.from_kernel = from_kernel_;
  s.from_udev = from_udev_;
  s.discarded += stale_adds_;
  s.devices = map_.size();
  return s;
}

}  // namespace cmnotify::linux_source
