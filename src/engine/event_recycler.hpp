// Reuses Event objects once nobody holds them any more, so a storm of changed events is built
// without allocating: the strings and vectors of a reused event keep their capacity. The event
// rule (device_events.hpp) builds changed events on it.
#pragma once

#include <cstddef>
#include <memory>

#include "cmnotify/event.hpp"
#include "common/ring_queue.hpp"

namespace cmnotify::engine {

class EventRecycler {
 public:
  // Pooled events beyond this are left to be freed (a backlog this deep is rare and transient).
  static constexpr std::size_t kMaxPooled = 4096;

  // An event to fill in completely: a fresh one, or a pooled one that only the pool still holds
  // (every registration delivered it and let it go), with stale contents but warm capacity.
  [[nodiscard]] std::shared_ptr<Event> acquire();

  [[nodiscard]] std::size_t pooled() const noexcept { return pool_.size(); }

 private:
  // Oldest first: events are delivered, and released, roughly in the order they were made.
  detail::RingQueue<std::shared_ptr<Event>> pool_;
};

}  // namespace cmnotify::engine
