#include "engine/inbox.hpp"

#include <algorithm>

namespace cmnotify::engine {

Inbox::Inbox(std::unique_ptr<InboxWaker> waker, std::size_t bound)
    : waker_(std::move(waker)), bound_(std::max<std::size_t>(bound, 1)) {
  stats_.bound = bound_;
}

Inbox::~Inbox() { close(); }

bool Inbox::push(std::shared_ptr<Registration> registration, EventPtr event, bool bounded) {
  std::lock_guard lock(mutex_);
  if (closed_) return true;
  if (bounded && entries_.size() >= bound_) {
    ++stats_.overflowed;
    return false;
  }
  const bool was_empty = entries_.empty();
  entries_.push_back(InboxEntry{std::move(registration), std::move(event)});
  stats_.peak_pending = std::max(stats_.peak_pending, entries_.size());
  if (was_empty) waker_->wake();
  return true;
}

void Inbox::resync_later(std::shared_ptr<Registration> registration) {
  std::lock_guard lock(mutex_);
  if (!closed_) to_resync_.push_back(std::move(registration));
}

void Inbox::count_dropped() {
  std::lock_guard lock(mutex_);
  ++stats_.overflowed;
}

void Inbox::count_resync(std::size_t events) {
  std::lock_guard lock(mutex_);
  ++stats_.resyncs;
  stats_.resync_events += events;
}

bool Inbox::pop_locked(InboxEntry& out) {
  while (!entries_.empty()) {
    InboxEntry entry = entries_.pop_front();
    if (entry.registration->closed()) continue;  // closed: its events are discarded
    out = std::move(entry);
    ++stats_.delivered;
    return true;
  }
  return false;
}

bool Inbox::take(InboxEntry& out) {
  std::unique_lock lock(mutex_);
  bool taken = pop_locked(out);
  if (!to_resync_.empty() && entries_.size() <= bound_ / 2) {
    // Drained enough: resynchronise the registrations that overflowed. Unlocked, because a
    // resync takes the source's and the registration's locks, which come before this one.
    std::vector<std::shared_ptr<Registration>> due;
    due.swap(to_resync_);
    lock.unlock();
    for (const auto& registration : due) registration->resync();
    due.clear();
    lock.lock();
    if (!taken) taken = pop_locked(out);
  }
  if (entries_.empty() && !closed_) waker_->drained();
  return taken;
}

std::size_t Inbox::dispatch(std::size_t max) {
  return dispatch(
      max, [](Registration& registration, const Event& event) { registration.deliver(event); });
}

void Inbox::close() noexcept {
  std::unique_ptr<InboxWaker> waker;
  detail::RingQueue<InboxEntry> entries;
  std::vector<std::shared_ptr<Registration>> to_resync;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    waker.swap(waker_);
    std::swap(entries, entries_);
    to_resync.swap(to_resync_);
  }
  // Destroyed unlocked: the last reference to a closed registration may go with its entries.
}

bool Inbox::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

InboxStats Inbox::stats() const {
  std::lock_guard lock(mutex_);
  InboxStats s = stats_;
  s.pending = entries_.size();
  return s;
}

}  // namespace cmnotify::engine
