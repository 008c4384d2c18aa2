// A thread-owned inbox: the delivery target of registrations whose events go to a thread the
// application owns instead of the pool. One mechanism, two faces: the C++ EventQueue (a file
// descriptor that is readable while events wait) and Win32's thread message queue
// (WM_DEVICECHANGE sent to windows while their thread pumps messages).
//
// How it works:
//  - Any number of registrations deliver into one inbox (Engine::register_subscriber with an
//    inbox). Their events wait in one FIFO in the order the engine routed them, so one
//    registration's events keep their order and the inbox shows the device tree's history.
//  - The inbox tells its owner through an InboxWaker when it goes from empty to non-empty (and
//    when it is empty again): an eventfd, a condition variable, a window-message wake-up.
//  - The owner thread takes entries (take()) or runs them (dispatch()). A running delivery is
//    tracked like a pool callback, so Engine::unregister() from another thread waits for it and
//    from inside it returns at once; no delivery of a closed registration starts.
//  - Live events are bounded (`bound` entries). When the inbox is full the event is dropped and
//    counted, and its registration stops accepting live events until it is resynchronised: when
//    the owner has taken the inbox down to half the bound, the engine compares what the
//    registration delivered so far (DeliveredView) with the device map and queues the difference
//    as Origin::resync events. The application's view thus still ends equal to the device map,
//    and a queue nobody drains holds at most `bound` events and never delays anyone else.
//    Present and resync events are not bounded: there are at most a few per device.
//  - Direct reading: while an inbox that allows it is the source's only consumer, the engine
//    lends it the source's reading (DeviceSource::lend_reading). The waker then also watches the
//    source's descriptors, and take() on the owner's thread, finding nothing waiting, reads the
//    source itself (DeviceSource::pump): receive, parse, match and queue happen on the owner's
//    thread, with no wake-up of another thread and no notifier written for what the owner takes
//    at once. When another consumer appears the engine takes the reading back; the source reads
//    under one lock whoever reads, so events are neither lost, doubled nor reordered.
//    A source whose reading fails (a socket stuck in EIO, which stays readable) asks for a pause
//    (DeviceSource::Pumped::retry_after, the reader thread's back-off): the waker stops watching
//    its descriptors and wakes the owner when the pause ends (wake_after), so the owner's loop
//    does not spin; takes in between return what waits without reading.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <utility>
#include <vector>

#include "cmnotify/event_queue.hpp"
#include "common/ring_queue.hpp"
#include "engine/device_source.hpp"
#include "engine/registration.hpp"

namespace cmnotify::engine {

// How an inbox tells its owner thread. Both calls are made with the inbox's lock held, from
// whatever thread queued or took (a source thread, a registering thread, the owner); they must
// not block and must not call into the engine. Never called after Inbox::close() returns.
class InboxWaker {
 public:
  virtual ~InboxWaker() = default;
  // The inbox went from empty to non-empty.
  virtual void wake() noexcept = 0;
  // The inbox is empty again (its last entry was taken). A level-triggered notifier (an
  // eventfd) is reset here; the default does nothing.
  virtual void drained() noexcept {}
  // Direct reading began (`on`) or ended: the owner should also wake when `fds` are readable.
  virtual void watch(std::span<const int> fds, bool on) noexcept {
    (void)fds;
    (void)on;
  }
  // Wake the owner once `delay` has passed (zero: cancel, and no longer wake for it); the inbox
  // retries reading a failing source then. False when it cannot (the inbox then keeps watching
  // the source's descriptors: its owner retries at once, as it would without this).
  virtual bool wake_after(std::chrono::milliseconds delay) noexcept {
    (void)delay;
    return false;
  }
};

// The counters of an inbox are the public EventQueue's (cmnotify/event_queue.hpp).
using InboxStats = EventQueueStats;

struct InboxEntry {
  std::shared_ptr<Registration> registration;
  EventPtr event;
};

class Inbox : public std::enable_shared_from_this<Inbox> {
 public:
  // 4096: a storm of several hundred devices fits (a USB hub with its children gives tens of
  // events), while a queue nobody drains holds a few hundred kilobytes at most. See
  // docs/guarantees.md.
  static constexpr std::size_t kDefaultBound = 4096;

  // `direct`: the owner's thread may read the source itself while this inbox is its only
  // consumer (see the file comment); only for an owner that calls take() or dispatch() when its
  // waker says so (the EventQueue).
  explicit Inbox(std::unique_ptr<InboxWaker> waker, std::size_t bound = kDefaultBound,
                 bool direct = false);
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;
  ~Inbox();

  // ---- Owner side -------------------------------------------------------------------------

  // When take() makes the notifier say whether entries still wait: after every take (always), or
  // only when it found nothing (when_empty: a caller that goes on taking until the inbox is
  // empty, as dispatch() does, settles once, under the lock of its last take, and calls settle()
  // itself when it stops before).
  enum class Settle { always, when_empty };

  // Takes the next entry of an open registration; false when none waits (never blocks). While
  // reading directly and nothing waits, reads the source first unless `may_read` is false.
  bool take(InboxEntry& out, bool may_read = true, Settle settle = Settle::always);
  void settle();

  // Runs up to `max` entries on the calling thread: fn(Registration&, const Event&) for each,
  // as the registration's delivery (see the file comment). What fn throws propagates; the
  // entry counts as delivered and the rest stay queued. Returns how many ran.
  template <typename Fn>
  std::size_t dispatch(std::size_t max, Fn&& fn);

  // The same, delivering each entry to its registration's subscriber (Registration::deliver:
  // what the subscriber throws goes to its deliver_failed()).
  std::size_t dispatch(std::size_t max);

  // Drops every waiting entry; afterwards nothing is queued and the waker is destroyed (so an
  // eventfd it owns is closed) and never called again. Close the registrations first
  // (Engine::unregister): an open one would go on routing into a closed inbox, discarded.
  void close() noexcept;

  [[nodiscard]] bool closed() const;
  [[nodiscard]] InboxStats stats() const;

  // ---- Engine side (Registration) -----------------------------------------------------------

  // Queues an event. A bounded push into a full inbox drops it and returns false (counted).
  // Returns true, queueing nothing, once closed. Throws std::bad_alloc.
  bool push(std::shared_ptr<Registration> registration, EventPtr event, bool bounded);
  // Asks for `registration` to be resynchronised once the owner has drained the inbox enough.
  void resync_later(std::shared_ptr<Registration> registration);
  // Between these (the engine's EventSink burst, on the source's thread), an inbox that goes
  // non-empty is woken only at end_burst(): one wake-up per burst of datagrams, not one per
  // event, as the pool holds its wake-ups. Same thread, not nested.
  static void begin_burst() noexcept;
  static void end_burst() noexcept;

  // Whether this inbox may read its source directly (the constructor's `direct`).
  [[nodiscard]] bool allows_direct() const noexcept { return allows_direct_; }
  // Direct reading begins (`source` lent to this inbox, readable when `fds` are) or ends
  // (nullptr). Called by the engine with its lifecycle lock held.
  void set_direct(std::shared_ptr<DeviceSource> source, std::vector<int> fds);

  // Counts a live event dropped because its registration awaits a resync.
  void count_dropped();
  // Counts a finished resync and its events.
  void count_resync(std::size_t events);

 private:
  bool pop_locked(InboxEntry& out);
  void wake_locked();
  void wake_if_deferred();
  // After the owner took: the notifier says whether entries still wait.
  void settle_locked();
  // Whether the owner may read `direct_` now: not while a failing source's pause lasts; when it
  // has passed, the source's descriptors are watched again.
  bool may_read_direct_locked();
  // `source` failed to read: stop watching its descriptors and wake the owner after `delay`.
  void pause_direct_locked(const std::shared_ptr<DeviceSource>& source,
                           std::chrono::milliseconds delay);
  // Ends a pause (the descriptors stay unwatched: the caller decides).
  void end_pause_locked();

  mutable std::mutex mutex_;
  std::unique_ptr<InboxWaker> waker_;
  detail::RingQueue<InboxEntry> entries_;
  std::vector<std::shared_ptr<Registration>> to_resync_;
  const std::size_t bound_;
  bool closed_ = false;
  bool wake_deferred_ = false;  // woken at the end of the current burst
  bool signalled_ = false;      // the waker was woken and not drained since
  const bool allows_direct_;
  std::shared_ptr<DeviceSource> direct_;  // the source lent to this inbox, while it is
  std::vector<int> direct_fds_;
  bool paused_ = false;  // direct_'s reading failed: its descriptors are unwatched until resume_at_
  std::chrono::steady_clock::time_point resume_at_;
  InboxStats stats_;
};

template <typename Fn>
std::size_t Inbox::dispatch(std::size_t max, Fn&& fn) {
  std::size_t ran = 0;
  InboxEntry entry;
  // The notifier is set once, when the call ends, not after each entry: a batch read from the
  // source and run here costs no eventfd write and read. The take that finds the inbox empty
  // settles it; a call that stops before (`max`, or a handler that throws) settles on its way
  // out. (A handler may drop the last other reference to this inbox: it is held until then.)
  struct SettleUnlessEmpty {
    std::shared_ptr<Inbox> self;
    Inbox& inbox;
    bool settled = false;
    ~SettleUnlessEmpty() {
      if (!settled) inbox.settle();
    }
  } settle_at_end{weak_from_this().lock(), *this};
  // The source is read at most once per call: a second read would only find it empty (the
  // waker says when more comes).
  while (ran < max) {
    if (!take(entry, ran == 0, Settle::when_empty)) {
      settle_at_end.settled = true;
      break;
    }
    const InlineDelivery delivery(*entry.registration);
    ++ran;
    if (delivery) fn(*entry.registration, *entry.event);
  }
  return ran;
}

}  // namespace cmnotify::engine
