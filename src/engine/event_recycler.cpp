#include "engine/event_recycler.hpp"

#include <atomic>
#include <utility>

namespace cmnotify::engine {

std::shared_ptr<Event> EventRecycler::acquire() {
  if (!pool_.empty()) {
    std::shared_ptr<Event> oldest = pool_.pop_front();
    if (oldest.use_count() == 1) {
      // Only the pool holds it: the last other owner released it, on a callback thread, with a
      // release decrement that this relaxed read saw (use_count() reads the shared count in
      // libstdc++ and libc++). The fence orders that thread's reads of the event before the
      // writes our caller is about to make. No new reference can appear meanwhile: there is no
      // other reference left to copy.
      std::atomic_thread_fence(std::memory_order_acquire);
      pool_.push_back(oldest);
      return oldest;
    }
    pool_.push_back(std::move(oldest));  // still being delivered: to the back of the line
  }
  auto fresh = std::make_shared<Event>();
  if (pool_.size() < kMaxPooled) pool_.push_back(fresh);
  return fresh;
}

}  // namespace cmnotify::engine
