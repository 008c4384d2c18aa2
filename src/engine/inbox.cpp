#include "engine/inbox.hpp"

#include <algorithm>
#include <new>

namespace cmnotify::engine {
namespace {

// The burst of the calling thread (a source's reader): the inboxes to wake when it ends.
thread_local bool t_in_burst = false;
thread_local std::vector<std::shared_ptr<Inbox>> t_deferred;
// The inbox whose owner is reading the source on this thread: what it queues is taken at once,
// so it needs no notifier (take() leaves it readable when entries remain).
thread_local const Inbox* t_reading_owner = nullptr;

struct OwnerReading {
  explicit OwnerReading(const Inbox* inbox) noexcept { t_reading_owner = inbox; }
  ~OwnerReading() { t_reading_owner = nullptr; }
  OwnerReading(const OwnerReading&) = delete;
  OwnerReading& operator=(const OwnerReading&) = delete;
};

}  // namespace

void Inbox::begin_burst() noexcept { t_in_burst = true; }

void Inbox::end_burst() noexcept {
  t_in_burst = false;
  for (const auto& inbox : t_deferred) inbox->wake_if_deferred();
  t_deferred.clear();  // keeps its capacity: no allocation per burst
}

void Inbox::wake_locked() {
  if (t_reading_owner == this) return;  // settle_locked() wakes if the owner leaves some
  if (t_in_burst) {
    if (wake_deferred_) return;  // this burst wakes it at its end already
    try {
      if (std::shared_ptr<Inbox> self = weak_from_this().lock()) {
        t_deferred.push_back(std::move(self));
        wake_deferred_ = true;
        return;
      }
    } catch (const std::bad_alloc&) {
      // Wake now instead.
    }
  }
  waker_->wake();
  signalled_ = true;
}

void Inbox::wake_if_deferred() {
  std::lock_guard lock(mutex_);
  if (!wake_deferred_) return;
  wake_deferred_ = false;
  // Taken meanwhile by the owner (who found it by itself): nothing to announce.
  if (!closed_ && !entries_.empty() && !signalled_) {
    waker_->wake();
    signalled_ = true;
  }
}

void Inbox::settle_locked() {
  if (closed_) return;
  if (entries_.empty()) {
    if (signalled_) waker_->drained();
    signalled_ = false;
  } else if (!signalled_ && !wake_deferred_) {
    waker_->wake();  // the owner read more than it took
    signalled_ = true;
  }
}

Inbox::Inbox(std::unique_ptr<InboxWaker> waker, std::size_t bound, bool direct)
    : waker_(std::move(waker)), bound_(std::max<std::size_t>(bound, 1)), allows_direct_(direct) {
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
  entries_.push_back(InboxEntry{std::move(registration), std::move(event)});
  stats_.peak_pending = std::max(stats_.peak_pending, entries_.size());
  if (!signalled_) wake_locked();
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

void Inbox::set_direct(std::shared_ptr<DeviceSource> source, std::vector<int> fds) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  if (direct_ && !paused_) waker_->watch(direct_fds_, false);
  end_pause_locked();
  direct_ = std::move(source);
  direct_fds_ = std::move(fds);
  if (direct_) waker_->watch(direct_fds_, true);
  stats_.reading_directly = direct_ != nullptr;
}

void Inbox::end_pause_locked() {
  if (!paused_) return;
  paused_ = false;
  (void)waker_->wake_after(std::chrono::milliseconds(0));
}

bool Inbox::may_read_direct_locked() {
  if (!paused_) return true;
  if (std::chrono::steady_clock::now() < resume_at_) return false;
  end_pause_locked();
  waker_->watch(direct_fds_, true);
  return true;
}

void Inbox::pause_direct_locked(const std::shared_ptr<DeviceSource>& source,
                                std::chrono::milliseconds delay) {
  if (closed_ || direct_ != source || paused_) return;  // taken back meanwhile: nothing to pause
  resume_at_ = std::chrono::steady_clock::now() + delay;
  // Armed before the descriptors go: without a wake-up to come, they must stay watched.
  if (!waker_->wake_after(delay)) return;
  paused_ = true;
  waker_->watch(direct_fds_, false);
}

void Inbox::settle() {
  std::lock_guard lock(mutex_);
  settle_locked();
}

bool Inbox::take(InboxEntry& out, bool may_read, Settle settle) {
  std::shared_ptr<DeviceSource> source;  // declared first: released after the lock
  std::unique_lock lock(mutex_);
  if (may_read && entries_.empty() && !closed_ && direct_ && may_read_direct_locked()) {
    source = direct_;
    // Unlocked while pumping: the source publishes into this inbox (and takes its own locks
    // first). The lock taken after the last pump is kept for the pop below: one lock per take.
    lock.unlock();
    const OwnerReading reading(this);
    while (true) {  // read in batches until something waits or nothing is left
      const DeviceSource::Pumped pumped = source->pump();
      lock.lock();
      if (pumped.retry_after > std::chrono::milliseconds(0)) {
        pause_direct_locked(source, pumped.retry_after);
        break;
      }
      if (!pumped.more || !entries_.empty() || closed_) break;
      lock.unlock();
    }
  }
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
  if (settle == Settle::always || (settle == Settle::when_empty && !taken)) settle_locked();
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
    if (direct_ && !paused_) waker_->watch(direct_fds_, false);
    end_pause_locked();
    direct_.reset();
    stats_.reading_directly = false;
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
