// An in-memory DeviceSource: devices and events under a test's control, behind the same seam the
// Linux source uses. Used by the engine, API and example tests, and by the benchmarks.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/device_key.hpp"
#include "engine/device_source.hpp"

namespace cmnotify::engine {

class MemorySource final : public DeviceSource {
 public:
  MemorySource() = default;
  MemorySource(const MemorySource&) = delete;
  MemorySource& operator=(const MemorySource&) = delete;
  ~MemorySource() override;
  Cr start(EventSink& sink) override;
  void stop() override;
  Cr with_present_devices(const std::function<void(std::span<const DevicePtr>)>& fn) override;
  // Resolves through fstat(): a character or block device handle maps to the present device
  // with the same major:minor.
  Cr resolve_handle(std::intptr_t native_handle, std::string& device_key,
                    DevicePtr& device) override;
  [[nodiscard]] SourceStats stats() const override;
  // Reading on a consumer's thread, as the Linux source does, once allowed by
  // set_lends_reading(true) (tests of the engine's pool reading and direct inboxes): while lent,
  // add_device(), remove_device() and publish() queue their events and make a descriptor
  // readable; pump() publishes them on the calling thread in one burst.
  bool lend_reading(std::vector<int>& fds) override;
  void reclaim_reading() override;
  Pumped pump() override;
  void set_lends_reading(bool lends) { lends_ = lends; }
  // fork(): the child keeps this source, stopped, with its devices.
  void prepare_fork() noexcept override;
  void after_fork_in_parent() noexcept override;
  std::shared_ptr<DeviceSource> after_fork_in_child(
      std::shared_ptr<DeviceSource> self) noexcept override;

  // The enumerators of present devices, and those added here: the ones a platform source's
  // naming rules could give with none of their devices present.
  Cr knows_enumerator(std::string_view enumerator, bool& known) override;
  void add_known_enumerator(std::string enumerator);

  // Adds (or replaces) a device and publishes its arrival events if started.
  void add_device(DevicePtr device);
  // Removes the device with this key (detail::device_key) and publishes its removal events if
  // started. False if unknown.
  bool remove_device(const std::string& key);
  // Publishes one event as is (if started). Returns whether a sink received it.
  bool publish(const EventPtr& event);

  [[nodiscard]] bool running() const;
  [[nodiscard]] int start_count() const { return starts_.load(); }
  [[nodiscard]] int stop_count() const { return stops_.load(); }
  // Makes the next start() fail with `code` (Cr::success to clear).
  void fail_next_start(Cr code) { fail_start_.store(code); }

 private:
  void publish_locked(const std::vector<EventPtr>& events);
  void publish_pending_locked();

  mutable std::mutex mutex_;  // held while publishing, like the real source's map lock
  EventSink* sink_ = nullptr;
  std::map<std::string, DevicePtr> devices_;
  std::vector<std::string> known_enumerators_;
  std::uint64_t published_ = 0;
  std::atomic<bool> lends_{false};
  bool lent_ = false;
  int input_fd_ = -1;  // eventfd, readable while events wait to be pumped
  std::vector<EventPtr> pending_;
  std::atomic<int> starts_{0};
  std::atomic<int> stops_{0};
  std::atomic<Cr> fail_start_{Cr::success};
};

}  // namespace cmnotify::engine
