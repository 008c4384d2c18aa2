// One registration: its filter, its queue of pending events, and the state machine that gives
// the lifecycle guarantees:
//  - a registration starts on hold: events queue but no callback runs until release(), which
//    the engine calls once registering can no longer fail (a failed registration never calls
//    its callback);
//  - callbacks of one registration never overlap and arrive in queue order;
//  - after close() + wait_until_idle() return, its callback is not running and never runs again;
//  - close() from inside its own callback returns at once; the subscriber is destroyed when that
//    callback returns;
//  - waits that would close a cycle (callbacks unregistering each other) return at once instead
//    of deadlocking: the target is closed, and its running callback is itself (directly or
//    through a chain) blocked on the caller, so it cannot resume before the caller's callback
//    returns.
// A registration delivers either on the pool (a Task) or into an Inbox a thread owns
// (engine/inbox.hpp); the guarantees are the same, the owner thread's delivery being tracked by
// an InlineDelivery instead of run().
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>

#include "common/ring_queue.hpp"
#include "engine/delivered_view.hpp"
#include "engine/device_source.hpp"
#include "engine/filter_spec.hpp"
#include "engine/subscriber.hpp"
#include "engine/thread_pool.hpp"

namespace cmnotify::engine {

class Registration;
class Inbox;

// How an inbox registration reads the device map to resynchronise after an overflow: the engine
// calls Registration::resync_from() with the present devices while its source publishes nothing.
class ResyncSource {
 public:
  virtual void resync(Registration& registration) = 0;

 protected:
  ~ResyncSource() = default;
};

// Hooks for tests and diagnostics: called around every callback. Must be cheap and not block.
class EngineObserver {
 public:
  virtual ~EngineObserver() = default;
  virtual void callback_begin(RegistrationId id, const Event& event) = 0;
  virtual void callback_end(RegistrationId id) = 0;
  virtual void callback_failed(RegistrationId id, const Event& event, const char* what) = 0;
};

// Per-thread record of the callback a pool thread is running and the registration it waits for.
// Frames are never freed (a finished thread's frame is recycled), so a concurrent reader never
// touches freed memory.
struct CallbackFrame {
  std::atomic<Registration*> running{nullptr};
  std::atomic<Registration*> waiting_for{nullptr};
};

class Registration final : public Task, public std::enable_shared_from_this<Registration> {
 public:
  Registration(RegistrationId id, FilterSpec filter, bool wants_changes,
               std::unique_ptr<Subscriber> subscriber, ThreadPool& pool,
               const std::atomic<EngineObserver*>& observer);
  // A registration that delivers into `inbox`; `resync_source` reads the device map after an
  // overflow. Its subscriber may be null when the inbox's owner delivers by itself
  // (Inbox::take, Inbox::dispatch with a function).
  Registration(RegistrationId id, FilterSpec filter, bool wants_changes,
               std::unique_ptr<Subscriber> subscriber, ThreadPool& pool,
               const std::atomic<EngineObserver*>& observer, std::shared_ptr<Inbox> inbox,
               ResyncSource& resync_source);

  // Appends an event and schedules the registration on the pool if it was idle, or queues it
  // in its inbox. No-op once closed. Called with the registry lock held; takes only this
  // registration's lock (and its inbox's). Returns false only when memory ran out and the event
  // could not be queued.
  bool enqueue(const EventPtr& event) noexcept;

  // Inbox registrations: the devices present when registering, the application's starting
  // point (called with the source's snapshot, before any event is queued).
  void seed_view(std::span<const DevicePtr> present);
  // Inbox registrations: after an overflow, queues the events (Origin::resync) that take what
  // was delivered to `present`, and accepts live events again. Called by the ResyncSource while
  // the source publishes nothing.
  void resync_from(std::span<const DevicePtr> present);
  // Asks the ResyncSource to resynchronise this registration (from the inbox's owner thread).
  void resync();

  // Runs the subscriber for one event with the one guard around callbacks (what it throws goes
  // to deliver_failed). Pool deliveries call it from run(), inbox ones from Inbox::dispatch.
  void deliver(const Event& event);

  // Ends the hold a registration starts in and schedules the events queued meanwhile. Also
  // retries a scheduling that ran out of memory. False when it still cannot be scheduled.
  bool release() noexcept;

  // Marks the registration closed and drops its pending events. No callback starts afterwards.
  // If no callback is running, the subscriber is destroyed before this returns.
  void close();

  // Returns when no callback of this registration is running, or at once when waiting would
  // deadlock (called from this registration's own callback, or closing a cycle of waits).
  // Returns true when it waited until idle, false when it returned to avoid a deadlock.
  bool wait_until_idle();

  void run() override;  // Task: deliver one batch on a pool thread

  [[nodiscard]] RegistrationId id() const noexcept { return id_; }
  [[nodiscard]] const FilterSpec& filter() const noexcept { return filter_; }
  [[nodiscard]] bool wants_changes() const noexcept { return wants_changes_; }
  [[nodiscard]] bool closed() const noexcept {
    return closed_flag_.load(std::memory_order_acquire);
  }
  [[nodiscard]] bool delivers_to_inbox() const noexcept { return inbox_ != nullptr; }
  [[nodiscard]] const std::shared_ptr<Inbox>& inbox() const noexcept { return inbox_; }

  // Position in its registry bucket, owned by the registry (under its lock).
  std::size_t bucket_slot = 0;

 private:
  friend class InlineDelivery;
  enum class State { held, idle, scheduled, running };

  bool enqueue_in_inbox_locked(const EventPtr& event, bool bounded);
  // False: out of memory, left idle. by_finishing_worker: called by run() as it ends, on the
  // pool thread that takes the next task right after (ThreadPool::post_before_next).
  bool schedule_or_retry(bool by_finishing_worker = false) noexcept;
  [[nodiscard]] bool wait_would_deadlock(const CallbackFrame& caller) const;

  const RegistrationId id_;
  const FilterSpec filter_;
  const bool wants_changes_;
  ThreadPool& pool_;
  const std::atomic<EngineObserver*>& observer_;

  std::mutex mutex_;
  std::condition_variable idle_cv_;
  detail::RingQueue<EventPtr> queue_;
  State state_ = State::held;
  bool closed_ = false;
  std::atomic<bool> closed_flag_{false};  // read before each callback without the lock
  std::atomic<CallbackFrame*> running_frame_{nullptr};
  std::unique_ptr<Subscriber> subscriber_;

  // Inbox registrations only (under mutex_).
  std::shared_ptr<Inbox> inbox_;  // set by the constructor only
  ResyncSource* resync_source_ = nullptr;
  DeliveredView view_;
  bool resync_pending_ = false;  // overflowed: live events dropped until resync_from()
};

// One delivery of an inbox registration on its owner's thread, for as long as this lives: while
// it does, the registration counts as running a callback on this thread (close() +
// wait_until_idle() from another thread wait for it; from inside it they return at once). False
// when the registration is closed: then nothing may be delivered. Nests (a handler that pumps
// its own inbox again).
class InlineDelivery {
 public:
  explicit InlineDelivery(Registration& registration);
  InlineDelivery(const InlineDelivery&) = delete;
  InlineDelivery& operator=(const InlineDelivery&) = delete;
  ~InlineDelivery();

  explicit operator bool() const noexcept { return active_; }

 private:
  Registration& registration_;
  CallbackFrame& frame_;
  Registration* outer_running_ = nullptr;              // what this thread was running before
  CallbackFrame* outer_registration_frame_ = nullptr;  // the registration's runner before
  bool active_ = false;
};

// The calling thread's frame if it is running a callback right now, else nullptr.
CallbackFrame* current_callback_frame() noexcept;
// The calling thread's frame, created on first use.
CallbackFrame& this_thread_frame();

// fork(): lock (before fork()) and unlock (after, in parent and child) the process-wide locks of
// registrations: the wait graph's and the frame recycler's.
void prepare_fork_registrations() noexcept;
void after_fork_registrations() noexcept;

}  // namespace cmnotify::engine
