// cmnotify: device notifications delivered on a thread the application owns. An EventQueue is
// bound to one or several filters; its file descriptor is readable while events wait, and the
// application takes them (take, try_take, iterating the queue) or dispatches them to a handler,
// always on its own thread: an epoll loop, asio, a GLib or Qt main loop, sd-event.
//
// Everything subscribe() offers works here too: every filter kind, present devices first then
// live events exactly once, resync events after an overflow, changes on request. Each filter's
// events keep their order; all of the queue's events come in one FIFO in the order they happened.
//
// The queue is bounded (EventQueueOptions::bound live events). A queue nobody drains holds at most
// that many and never delays anything else; what did not fit is counted (stats().overflowed) and
// recovered: once the application has taken the queue down to half the bound, each filter that
// lost events is compared with the device map and the difference is queued as Origin::resync
// events, so the application's view still ends equal to the system's (docs/guarantees.md).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <vector>

#include "cmnotify/event.hpp"
#include "cmnotify/filter.hpp"
#include "cmnotify/subscription.hpp"

namespace cmnotify {

struct EventQueueOptions {
  // Live events that may wait at most; present and resync events are not counted against it
  // (at most a few per device). 4096 holds a storm of hundreds of devices.
  std::size_t bound = 4096;
};

struct EventQueueStats {
  std::size_t pending = 0;  // events waiting
  std::size_t peak_pending = 0;
  std::size_t bound = 0;
  std::uint64_t delivered = 0;      // events taken or dispatched
  std::uint64_t overflowed = 0;     // live events dropped because the queue was full
  std::uint64_t resyncs = 0;        // filters resynchronised after an overflow
  std::uint64_t resync_events = 0;  // events those resyncs queued
  // The queue's own thread reads the system's device events (take() and dispatch() receive,
  // match and hand them out with no other thread involved): true while this queue is the only
  // consumer of events in the process. Otherwise cmnotify's reader thread reads and queues them.
  bool reading_directly = false;
};

// One event taken from a queue, and the filter it came through.
struct QueuedEvent {
  std::shared_ptr<const Event> event;  // null: no event (nothing waited, or the queue is closed)
  std::uint64_t filter_id = 0;         // what EventQueue::add() returned for its filter

  explicit operator bool() const noexcept { return event != nullptr; }
  const Event& operator*() const noexcept { return *event; }
  const Event* operator->() const noexcept { return event.get(); }
};

using EventHandler = std::function<void(const Event&)>;

class EventQueue {
 public:
  // An open queue with no filter yet. Throws Error when no descriptor can be created.
  explicit EventQueue(const EventQueueOptions& options = {});
  // An open queue bound to `filter` (add(filter, options)).
  explicit EventQueue(const Filter& filter, const SubscribeOptions& options = {},
                      const EventQueueOptions& queue_options = {});
  EventQueue(EventQueue&& other) noexcept;
  EventQueue& operator=(EventQueue&& other) noexcept;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;
  // close().
  ~EventQueue();

  // Binds one more filter; its events (present ones first, if asked) queue from now on. Returns
  // the filter's id (QueuedEvent::filter_id; the same value the C API hands out as an
  // HCMNOTIFICATION). Throws Error with the CR_ code, as subscribe() does, or Cr::invalid_api
  // when the queue is closed. Any thread.
  std::uint64_t add(const Filter& filter, const SubscribeOptions& options = {});
  // Unbinds a filter, with the guarantees of Subscription::reset(): when it returns, no handler
  // runs for it and none will; its waiting events are discarded. False for an id this queue does
  // not hold. Any thread, also inside a handler.
  bool remove(std::uint64_t filter_id) noexcept;

  // Readable (poll, epoll, select: POLLIN) while events wait; -1 once closed. Only watch it: a
  // read would not take events. Stays valid until close(). While the queue reads the system's
  // events itself (stats().reading_directly), it is also readable while input waits that may not
  // be for this queue: a take then finds nothing, and the descriptor is quiet again.
  [[nodiscard]] int fd() const noexcept;

  // The next waiting event, or an empty QueuedEvent at once when none waits. Never blocks.
  QueuedEvent try_take();
  // The next event, waiting for one up to `timeout`; empty on timeout or when the queue is (or
  // gets) closed. On the thread that owns the queue.
  QueuedEvent take(std::chrono::milliseconds timeout = std::chrono::milliseconds::max());
  // Appends up to `max` waiting events to `out`; never blocks. Returns how many.
  std::size_t take_waiting(std::vector<QueuedEvent>& out, std::size_t max = SIZE_MAX);

  // Calls `handler` on this thread for up to `max` waiting events; never blocks. Returns how
  // many it called. What the handler throws propagates from dispatch() (that event counts as
  // taken, the rest stay). The handler may close or destroy the queue, or remove filters.
  std::size_t dispatch(const EventHandler& handler, std::size_t max = SIZE_MAX);

  // Unbinds every filter and closes the descriptor; events not taken yet are discarded. When it
  // returns, no handler is running (except the one calling it, which returns at once) and none
  // will, and take() blocked in another thread returns. Any thread, any number of times, also
  // inside a handler.
  void close() noexcept;
  [[nodiscard]] bool closed() const noexcept;

  [[nodiscard]] EventQueueStats stats() const;

  // The queue as an input range of the events waiting now: iterating takes them, without
  // blocking, and ends when none waits.
  //   for (const QueuedEvent& e : queue) handle(*e);
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = QueuedEvent;
    using difference_type = std::ptrdiff_t;
    using reference = const QueuedEvent&;
    using pointer = const QueuedEvent*;

    iterator() = default;
    reference operator*() const noexcept { return current_; }
    pointer operator->() const noexcept { return &current_; }
    iterator& operator++();
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
      return !it.current_;
    }

   private:
    friend class EventQueue;
    explicit iterator(EventQueue* queue);
    EventQueue* queue_ = nullptr;
    QueuedEvent current_;
  };
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace cmnotify
