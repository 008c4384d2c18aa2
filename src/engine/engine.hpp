// The notification engine: registrations, dispatch and lifecycle. It starts with the first
// registration (there is no init call, as on Windows), stops its source and lets its threads go
// when the last registration is gone, and is never destroyed, so process exit never waits for it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "cmnotify/error.hpp"
#include "engine/device_source.hpp"
#include "engine/filter_spec.hpp"
#include "engine/inbox.hpp"
#include "engine/registration.hpp"
#include "engine/registry.hpp"
#include "engine/subscriber.hpp"
#include "engine/thread_pool.hpp"

namespace cmnotify::engine {

struct EngineStats {
  std::uint64_t events_published = 0;
  std::uint64_t events_dropped = 0;  // out of memory while queueing (never otherwise)
  std::size_t registrations = 0;
  std::size_t inherited = 0;  // registrations a fork() child inherited and has not closed
  std::size_t threads = 0;
  std::size_t peak_threads = 0;
  // Pool reading (ThreadPool::set_reading): tasks the reading worker ran itself, and readings
  // handed to another worker because such a task outlasted the stall period.
  std::uint64_t reader_runs = 0;
  std::uint64_t reader_handoffs = 0;
  bool pool_reading = false;
};

// Test and diagnostic hook called inside the registering thread, after the registration is
// visible to events and before the registering call returns.
class RegistrationObserver {
 public:
  virtual ~RegistrationObserver() = default;
  virtual void registered(RegistrationId id) = 0;
};

// fork(): pthread_atfork handlers hold every engine lock across fork(), so the child inherits
// none locked. In the child, where only the forking thread exists, the parent's registrations
// are inert: no callback of theirs ever runs and they are never destroyed (the parent's threads
// may have held their locks); unregistering one succeeds once and touches none of its state.
// The child's engine is stopped, with no thread; its next registration starts the source the
// old one handed over (DeviceSource::after_fork_in_child) and new pool threads.
class Engine final : private EventSink, private ResyncSource {
 public:
  static Engine& instance();

  // Validated filter in, registration out. May deliver before it returns. Without an inbox the
  // subscriber runs on the pool; with one, the registration's events go into `inbox` and its
  // owner thread delivers them (engine/inbox.hpp; the subscriber may then be null).
  Cr register_subscriber(FilterSpec filter, std::unique_ptr<Subscriber> subscriber,
                         const RegisterOptions& options, RegistrationId& out_id,
                         std::shared_ptr<Inbox> inbox = nullptr);

  // Closes a registration. Returns Cr::invalid_data for an id that is not open (never issued,
  // already closed). When it returns, the callback is not running and never runs again, except
  // where waiting would deadlock (see Registration::wait_until_idle). In a fork() child, closing
  // a registration inherited from the parent only forgets its handle (see the fork section).
  Cr unregister(RegistrationId id);

  // The devices present now, from the same device map that feeds live events.
  Cr present_devices(std::vector<DevicePtr>& out);
  // The same as one shared list: no copy while the devices stay the same (discovery calls).
  Cr present_list(DeviceList& out);

  // Whether devices under this enumerator can exist here, present or not
  // (DeviceSource::knows_enumerator).
  Cr knows_enumerator(std::string_view enumerator, bool& known);

  // Replaces the device source; refused (false) while any registration is open.
  bool set_source(std::shared_ptr<DeviceSource> source);
  // The current source (created on first use); for the API layers' queries.
  std::shared_ptr<DeviceSource> source();

  void set_observer(EngineObserver* observer) noexcept { observer_.store(observer); }
  void set_registration_observer(RegistrationObserver* observer) noexcept {
    registration_observer_.store(observer);
  }

  // Blocks until the pool has no thread left (after the last registration is gone). For tests.
  void wait_for_threads_to_exit() { pool_.wait_for_threads_to_exit(); }

  [[nodiscard]] EngineStats stats() const;
  [[nodiscard]] bool is_open(RegistrationId id) const;

 private:
  Engine();
  void publish(const EventPtr& event) override;
  void publish_all(std::span<const EventPtr> events) override;
  [[nodiscard]] ChangeInterest change_interest() const noexcept override;
  void begin_burst() noexcept override {
    pool_.hold_wakeups();
    Inbox::begin_burst();
  }
  void end_burst() noexcept override {
    Inbox::end_burst();
    pool_.release_wakeups();
  }
  void resync(Registration& registration) override;  // ResyncSource
  ResyncSource& resync_source() noexcept { return *this; }
  void count_change_listener(const Registration& registration, int delta) noexcept;
  void count_consumer(const Registration& registration, int delta);  // registry_mutex_ held

  static void prepare_fork() noexcept;
  static void after_fork_in_parent() noexcept;
  static void after_fork_in_child() noexcept;
  Cr close_inherited_locked(RegistrationId id);

  std::shared_ptr<DeviceSource> source_locked();
  Cr start_locked();
  void stop_if_unused();
  // Lends the source's reading to the inbox that is its only consumer, else to the pool while
  // any registration delivers on it (ThreadPool::set_reading: its reading worker runs a small
  // burst's callback itself), or takes it back (DeviceSource::lend_reading). lifecycle_mutex_
  // held.
  void update_direct_locked();
  [[nodiscard]] bool pool_reads() const;                           // takes registry_mutex_
  [[nodiscard]] std::shared_ptr<Inbox> sole_direct_inbox() const;  // takes registry_mutex_
  // Everything registering does once the source runs; may throw std::bad_alloc. On failure the
  // registration is in no table.
  Cr add_registration(FilterSpec filter, std::unique_ptr<Subscriber> subscriber,
                      const RegisterOptions& options, std::shared_ptr<Inbox> inbox,
                      std::shared_ptr<Registration>& out);
  void insert(const std::shared_ptr<Registration>& registration);
  void remove_locked(const std::shared_ptr<Registration>& registration);  // registry_mutex_ held
  void enqueue_present(Registration& registration, std::span<const DevicePtr> devices);

  std::mutex lifecycle_mutex_;  // start/stop of source and pool; serialises registrations
  bool started_ = false;
  std::shared_ptr<DeviceSource> source_;

  mutable std::mutex registry_mutex_;  // registry_, handles_; held while an event is routed
  Registry registry_;
  std::unordered_map<RegistrationId, std::shared_ptr<Registration>> handles_;
  std::uint64_t events_published_ = 0;
  std::uint64_t events_dropped_ = 0;  // could not be queued: out of memory
  // Consumers: registrations delivering on the pool, and by inbox (for direct reading).
  std::size_t pool_registrations_ = 0;
  std::unordered_map<const Inbox*, std::size_t> inbox_registrations_;
  std::shared_ptr<Inbox> direct_inbox_;  // reading the source now; under lifecycle_mutex_
  bool pool_reading_ = false;            // the pool reads the source now; lifecycle_mutex_
  // Registrations that want Action::changed, by FilterType (its value is the index).
  std::atomic<std::size_t> change_listeners_[3] = {};
  // fork() children only: the parent's registrations, open and closed here, and the parent's
  // source. Kept, never destroyed (see the fork comment above). Under registry_mutex_.
  std::unordered_map<RegistrationId, std::shared_ptr<Registration>> inherited_;
  std::vector<std::shared_ptr<Registration>> inherited_closed_;
  std::vector<std::shared_ptr<DeviceSource>> abandoned_sources_;

  ThreadPool pool_;
  std::atomic<RegistrationId> next_id_;
  std::atomic<EngineObserver*> observer_{nullptr};
  std::atomic<RegistrationObserver*> registration_observer_{nullptr};
};

}  // namespace cmnotify::engine
