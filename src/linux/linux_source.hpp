// The Linux device source: a netlink uevent socket read by one thread, the device map it keeps
// current, and recovery from receive-buffer overflows by rescanning sysfs.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/source.hpp"
#include "engine/device_source.hpp"
#include "linux/device_map.hpp"
#include "linux/group_arbiter.hpp"
#include "linux/netlink_socket.hpp"
#include "linux/sysfs.hpp"
#include "linux/udevd_watch.hpp"
#include "linux/uevent_watch.hpp"

namespace cmnotify::linux_source {

// What configure_source() sets (the group and the receive buffer), and the test seams.
// `automatic` listens to both groups and uses udevd's while udevd answers on udev_control and
// forwards events (group_arbiter.hpp); CMNOTIFY_NETLINK_GROUP=auto|kernel|udev overrides it.
struct SourceOptions : SourceConfig {
  std::string sysfs_root = "/sys";
  std::string udev_control = "/run/udev/control";
  std::string udev_data = "/run/udev/data";  // read while udevd's group is in use
  ArbiterTiming timing;  // test seam: how long kernel events wait for udevd, how often to probe
  SocketSyscalls* syscalls = nullptr;  // test seam; nullptr = the real system calls
  // Test seam: the Sysfs::before_read_hook of the source's sysfs reader, so a test can make
  // devices vanish in the middle of the start-up scan or of a resync.
  std::function<void(const std::string& syspath)> before_sysfs_read;
  // Test seam: called on the reader thread when its wake-up eventfd woke it (stop(), a change of
  // reader), just before it reads the eventfd, so a test can hold it there while stop() is called.
  std::function<void()> before_wake_drain;
  // Test seam: called in pump() once it holds the read lock, before it reads, so a test can hold
  // a pump there while a query is made.
  std::function<void()> after_pump_locks;
};

class LinuxSource final : public engine::DeviceSource, private GroupArbiter::Output {
 public:
  explicit LinuxSource(SourceOptions options = {});
  ~LinuxSource() override;

  Cr start(engine::EventSink& sink) override;
  void stop() override;
  Cr with_present_devices(const std::function<void(std::span<const DevicePtr>)>& fn) override;
  // The map's devices as one list, rebuilt only when the map changed.
  Cr present_list(engine::DeviceList& out) override;
  // Reads only the device named (and its ancestors) when the source is not running and the name
  // is a path or a kernel name; see find_device in include/cmnotify/source.hpp for the names.
  Cr find_device(std::string_view name, DevicePtr& out) override;
  // An enumerator the identity rules can give on this system (is_known_enumerator), else one of
  // a present device's.
  Cr knows_enumerator(std::string_view enumerator, bool& known) override;
  // A character or block device fd resolves through /sys/dev; a directory fd opened on a device's
  // sysfs directory resolves to that device. The fd may be closed afterwards.
  Cr resolve_handle(std::intptr_t native_handle, std::string& device_key,
                    DevicePtr& device) override;
  [[nodiscard]] SourceStats stats() const override;
  // Reading on the thread of the source's only consumer (engine/device_source.hpp): the reader
  // thread then watches only for stop() and the arbiter's ticks, and pump() drains the sockets.
  bool lend_reading(std::vector<int>& fds) override;
  void reclaim_reading() override;
  Pumped pump() override;
  // fork(): a stopped source is kept by the child; a running one is handed over as a fresh,
  // stopped source with the same options, after closing the descriptors the child inherited.
  void prepare_fork() noexcept override;
  void after_fork_in_parent() noexcept override;
  std::shared_ptr<engine::DeviceSource> after_fork_in_child(
      std::shared_ptr<engine::DeviceSource> self) noexcept override;

 private:
  void run();
  // Opens the socket(s) `group` needs (both for automatic) into kernel_socket_ / udev_socket_.
  Cr open_sockets(NetlinkGroup group);
  // Where reader_ waits next: -1 (until a message), or the milliseconds until the arbiter's (or
  // udevd_return_'s) tick.
  [[nodiscard]] int poll_timeout() const;
  // Watches udevd's control socket for the arbiter, or for udevd_return_ (the udev group alone).
  void watch_udevd();
  // udevd's control socket may have appeared; time passed (both under read_mutex_).
  void udevd_appeared();
  void tick_udevd();
  struct Drained {
    int datagrams = 0;      // read (delivered, rejected or overflowed) in this wake-up
    bool failed = false;    // reading failed (an errno other than EAGAIN and ENOBUFS)
    bool resynced = false;  // an overflow ended it, after its resync
  };
  // Reads what is waiting on `socket`, up to kMaxMessagesPerWakeup datagrams or the first
  // overflow (whose resync ends the round).
  Drained drain(NetlinkSocket& socket);
  Drained drain(NetlinkSocket& socket, int max_datagrams);  // up to max_datagrams
  void received(NetlinkSocket& socket);
  // GroupArbiter::Output: apply one uevent; the group in use changed.
  void deliver(const Uevent& uevent, NetlinkGroup from) override;
  void switched(NetlinkGroup to, const std::string& reason) override;
  void begin_period(NetlinkGroup group, std::string reason);
  // Devices are read with udevd's database while udevd's group is in use (map_mutex_ held).
  void read_udev_database(bool on);
  // Whether a source that is not running would use udevd's view now.
  [[nodiscard]] bool udev_view_now() const;
  [[nodiscard]] NetlinkGroup current_group() const;
  // Waits up to `timeout` for stop(); true when stop() was called.
  [[nodiscard]] bool stop_requested_within(std::chrono::nanoseconds timeout) const;
  void wake_reader() const;
  // While the reading is lent and nobody drains, the map lags behind the sockets: a query reads
  // what waits first, so it answers with the devices present now. Not while another thread
  // pumps (it drains), and never past a resync (the map was just read from sysfs).
  void catch_up();
  // pump()'s round, read_mutex_ held; `resynced`: an overflow was recovered in it.
  Pumped pump_locked(bool& resynced);
  void resync();
  // Whether `uevent` is udevd's late copy of an "add" numbered before the last resync's scan, of
  // a device gone since (map_mutex_ held): applying it would announce a device that is no more.
  [[nodiscard]] bool stale_add_locked(const Uevent& uevent, NetlinkGroup from) const;
  // Not running (map_mutex_ held): makes the map the devices present now, rescanning sysfs unless
  // the last rescan still holds (no uevent since; docs/win32-api.md, "Freshness").
  Cr refresh_at_rest_locked();
  // Whether the last rescan at rest still holds (no uevent since, the same udev view).
  [[nodiscard]] bool at_rest_map_holds_locked();
  // The udev database folder the devices are read with now ("" for the kernel's view).
  [[nodiscard]] std::string udev_data_now() const;
  // Cr::no_cm_services (saying why in last_error_) when the configured group cannot be used.
  Cr check_group_locked();
  // Whether a rescan made at rest may answer later calls: only for the real /sys, where every
  // change comes with a uevent (a test tree or umockdev's testbed changes without one), and
  // only where the kernel's uevents arrive (not in a rootless container's network namespace).
  [[nodiscard]] bool can_watch() const;
  // The map as one list (map_mutex_ held).
  const engine::DeviceList& list_locked();
  // find_device() of an instance ID or a symbolic link; of a path or a kernel name.
  Cr find_by_id(std::string_view name, DevicePtr& out);
  Cr find_named(std::string_view name, DevicePtr& out);
  // The syspath a path or kernel name leads to, or empty (linux_source.cpp says which names).
  [[nodiscard]] std::string syspath_named(std::string_view name) const;
  void publish_locked();
  void publish_socket_stats();  // the reader's socket counters, for stats()

  const SourceOptions options_;
  Sysfs sysfs_;

  mutable std::mutex map_mutex_;  // held while the map changes and its events are published
  DeviceMap map_;
  engine::DeviceList list_;             // the map's devices at list_generation_
  std::uint64_t list_generation_ = 0;   // of map_, when list_ was made
  std::unique_ptr<UeventWatch> watch_;  // while not running: what changed since the last rescan
  bool rescanned_at_rest_ = false;      // the map is a rescan made while not running
  engine::EventSink* sink_ = nullptr;
  bool running_ = false;
  std::vector<engine::EventPtr> events_;  // scratch, reused for every uevent
  std::uint64_t resyncs_ = 0;
  std::uint64_t resync_events_ = 0;
  std::uint64_t published_ = 0;
  std::uint64_t from_kernel_ = 0;
  std::uint64_t from_udev_ = 0;
  // The kernel's last SEQNUM when the map was last read from sysfs: an "add" numbered up to it
  // that arrives afterwards (udevd's copy of an event whose kernel copy was lost in an overflow)
  // of a device gone again is dropped (stale_add_locked; counted in `stale_adds_`).
  std::uint64_t scanned_through_ = 0;
  std::uint64_t stale_adds_ = 0;

  // Whoever reads the sockets holds read_mutex_: the reader thread, or while the reading is lent
  // (lent_), the consumer's thread in pump(). Either socket may be absent (a group forced).
  std::mutex read_mutex_;
  std::atomic<bool> lent_{false};
  // pump()s reading or waiting for read_mutex_, and a catch_up() reading: someone drains.
  std::atomic<int> pumping_{0};
  std::atomic<bool> stopping_{false};
  int failed_pumps_ = 0;  // pump()s in a row whose reading failed (under read_mutex_)
  // The arbiter's tick the reader thread sleeps until (none: it sleeps until woken; read_mutex_).
  std::optional<GroupArbiter::Clock::time_point> reader_tick_;
  std::uint64_t published_sum_ = 0;  // of the counters publish_socket_stats() last published
  std::unique_ptr<NetlinkSocket> kernel_socket_;
  std::unique_ptr<NetlinkSocket> udev_socket_;
  std::unique_ptr<GroupArbiter> arbiter_;  // when both are open
  // With arbiter_ or udevd_return_: tells it when udevd may have come.
  std::unique_ptr<UdevdWatch> udevd_watch_;
  // The udev group alone: when udevd comes back, what changed while it was dead is resynced.
  std::unique_ptr<UdevdReturn> udevd_return_;
  Uevent uevent_;  // scratch, reused
  int wake_fd_ = -1;
  std::thread reader_;
  std::string last_error_;
  SourceStats last_stats_;  // the sockets' and the arbiter's counters, published by the reader
  std::vector<SourceGroupPeriod> periods_;  // under stats_mutex_
  std::uint64_t switches_ = 0;              // under stats_mutex_
  // The udev group alone: udevd's returns, and when the latest was (under stats_mutex_).
  std::uint64_t udevd_returns_ = 0;
  std::chrono::system_clock::time_point udevd_returned_at_{};
  mutable std::mutex stats_mutex_;
};

}  // namespace cmnotify::linux_source
