#include "engine/registration.hpp"

#include <exception>
#include <new>
#include <utility>
#include <vector>

#include "engine/inbox.hpp"

namespace cmnotify::engine {
namespace {

// Serialises edits of the wait graph (CallbackFrame::waiting_for) and the walks over it, so the
// last thread to join a cycle of waits always sees the whole cycle. Immortal: threads may still
// unregister while static destructors run at exit.
std::mutex& wait_graph_mutex() {
  static auto* m = new std::mutex;
  return *m;
}

struct FrameRecycler {
  std::mutex mutex;
  std::vector<CallbackFrame*> free;
};

FrameRecycler& frame_recycler() {
  static auto* r = new FrameRecycler;
  return *r;
}

struct ThreadFrame {
  CallbackFrame* frame = nullptr;
  ~ThreadFrame() {
    if (frame == nullptr) return;
    auto& r = frame_recycler();
    std::lock_guard lock(r.mutex);
    r.free.push_back(frame);
  }
};

thread_local ThreadFrame t_frame;

constexpr std::size_t kBatchSize = 64;  // events per turn before yielding the thread to others

// The events of one turn, taken out of the queue under its lock. Only the slots used are
// constructed and destroyed: at a trickle a turn has one or two events, and an array of 64
// shared_ptrs cost more to make and unmake than the callback's own bookkeeping.
class Batch {
 public:
  Batch() noexcept {}  // NOLINT: the slots are constructed one by one in push()
  ~Batch() {
    for (std::size_t i = 0; i < count_; ++i) slots_[i].~EventPtr();
  }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  [[nodiscard]] bool full() const noexcept { return count_ == kBatchSize; }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  void push(EventPtr event) noexcept { new (&slots_[count_++]) EventPtr(std::move(event)); }
  EventPtr& operator[](std::size_t i) noexcept { return slots_[i]; }

 private:
  union {
    EventPtr slots_[kBatchSize];
  };
  std::size_t count_ = 0;
};

}  // namespace

CallbackFrame& this_thread_frame() {
  if (t_frame.frame == nullptr) {
    auto& r = frame_recycler();
    std::lock_guard lock(r.mutex);
    if (r.free.empty()) {
      t_frame.frame = new CallbackFrame;
    } else {
      t_frame.frame = r.free.back();
      r.free.pop_back();
    }
  }
  return *t_frame.frame;
}

void prepare_fork_registrations() noexcept {
  wait_graph_mutex().lock();
  frame_recycler().mutex.lock();
}

void after_fork_registrations() noexcept {
  frame_recycler().mutex.unlock();
  wait_graph_mutex().unlock();
}

CallbackFrame* current_callback_frame() noexcept {
  CallbackFrame* f = t_frame.frame;
  return (f != nullptr && f->running.load(std::memory_order_acquire) != nullptr) ? f : nullptr;
}

Registration::Registration(RegistrationId id, FilterSpec filter, bool wants_changes,
                           std::unique_ptr<Subscriber> subscriber, ThreadPool& pool,
                           const std::atomic<EngineObserver*>& observer)
    : id_(id),
      filter_(std::move(filter)),
      wants_changes_(wants_changes),
      pool_(pool),
      observer_(observer),
      subscriber_(std::move(subscriber)) {}

Registration::Registration(RegistrationId id, FilterSpec filter, bool wants_changes,
                           std::unique_ptr<Subscriber> subscriber, ThreadPool& pool,
                           const std::atomic<EngineObserver*>& observer,
                           std::shared_ptr<Inbox> inbox, ResyncSource& resync_source)
    : Registration(id, std::move(filter), wants_changes, std::move(subscriber), pool, observer) {
  inbox_ = std::move(inbox);
  resync_source_ = &resync_source;
}

bool Registration::enqueue(const EventPtr& event) noexcept {
  bool schedule = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return true;
    try {
      if (inbox_ != nullptr && state_ != State::held) return enqueue_in_inbox_locked(event, true);
      queue_.push_back(event);
      // Present events are already in the view (seed_view); live ones enter it as accepted.
      if (inbox_ != nullptr && event->origin != Origin::present) view_.apply(filter_, *event);
    } catch (const std::bad_alloc&) {
      return false;  // out of memory: the caller counts the event as dropped
    }
    if (state_ == State::idle) {
      state_ = State::scheduled;
      schedule = true;
    }
  }
  if (schedule) schedule_or_retry();
  return true;
}

bool Registration::schedule_or_retry(bool by_finishing_worker) noexcept {
  try {
    if (by_finishing_worker) {
      pool_.post_before_next(shared_from_this());
    } else {
      pool_.post(shared_from_this());
    }
    return true;
  } catch (const std::bad_alloc&) {
    // Not scheduled: back to idle so the next event schedules it again. The queued events stay.
    std::lock_guard lock(mutex_);
    if (state_ == State::scheduled) state_ = State::idle;
    return false;
  }
}

bool Registration::enqueue_in_inbox_locked(const EventPtr& event, bool bounded) {
  if (resync_pending_) {
    inbox_->count_dropped();  // the resync will deliver its outcome
    return true;
  }
  if (!inbox_->push(shared_from_this(), event, bounded)) {
    resync_pending_ = true;
    inbox_->resync_later(shared_from_this());
    return true;
  }
  if (event->origin != Origin::present) view_.apply(filter_, *event);
  return true;
}

void Registration::seed_view(std::span<const DevicePtr> present) {
  std::lock_guard lock(mutex_);
  view_.seed(filter_, present);
}

void Registration::resync_from(std::span<const DevicePtr> present) {
  std::lock_guard lock(mutex_);
  if (closed_ || !resync_pending_) return;
  std::vector<EventPtr> events;
  view_.resync(filter_, wants_changes_, present, events);
  for (const EventPtr& event : events) inbox_->push(shared_from_this(), event, false);
  resync_pending_ = false;
  inbox_->count_resync(events.size());
}

void Registration::resync() {
  if (resync_source_ == nullptr || closed()) return;
  try {
    resync_source_->resync(*this);
  } catch (const std::bad_alloc&) {
    // Out of memory: still pending; the owner's next take() tries again. If even that request
    // cannot be recorded, live events stay dropped until memory allows the next overflow's.
    try {
      inbox_->resync_later(shared_from_this());
    } catch (const std::bad_alloc&) {
    }
  }
}

bool Registration::release() noexcept {
  if (inbox_ != nullptr) {
    // The events queued while on hold (present devices, then live ones) go to the inbox in
    // order, before any later event: enqueue() takes this lock too.
    std::lock_guard lock(mutex_);
    if (state_ != State::held) return true;
    try {
      while (!closed_ && !queue_.empty())
        inbox_->push(shared_from_this(), queue_.pop_front(), false);
    } catch (const std::bad_alloc&) {
      return false;
    }
    state_ = State::idle;
    return true;
  }
  {
    std::lock_guard lock(mutex_);
    if (state_ == State::held) state_ = State::idle;
    if (closed_ || state_ != State::idle || queue_.empty()) return true;
    state_ = State::scheduled;
  }
  return schedule_or_retry();
}

void Registration::close() {
  std::unique_ptr<Subscriber> doomed;
  detail::RingQueue<EventPtr> dropped;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    closed_flag_.store(true, std::memory_order_release);
    std::swap(dropped, queue_);
    if (running_frame_.load(std::memory_order_acquire) == nullptr) doomed = std::move(subscriber_);
  }
  // Destroyed unlocked: a subscriber's destructor is user code (a C++ lambda's captures).
}

bool Registration::wait_would_deadlock(const CallbackFrame& caller) const {
  // Follow "registration -> thread running its callback -> registration that thread waits for"
  // until the chain ends (no deadlock) or comes back to the caller (deadlock).
  const Registration* target = this;
  for (int hops = 0; hops < 100000 && target != nullptr; ++hops) {
    const CallbackFrame* runner = target->running_frame_.load(std::memory_order_acquire);
    if (runner == nullptr) return false;
    if (runner == &caller) return true;
    target = runner->waiting_for.load(std::memory_order_acquire);
  }
  return false;
}

bool Registration::wait_until_idle() {
  CallbackFrame* caller = current_callback_frame();
  if (caller != nullptr) {
    std::lock_guard graph(wait_graph_mutex());
    if (wait_would_deadlock(*caller)) return false;
    caller->waiting_for.store(this, std::memory_order_release);
  }
  {
    std::unique_lock lock(mutex_);
    idle_cv_.wait(lock,
                  [this] { return running_frame_.load(std::memory_order_acquire) == nullptr; });
  }
  if (caller != nullptr) {
    std::lock_guard graph(wait_graph_mutex());
    caller->waiting_for.store(nullptr, std::memory_order_release);
  }
  return true;
}

void Registration::run() {
  Batch batch;
  CallbackFrame& frame = this_thread_frame();
  {
    std::lock_guard lock(mutex_);
    if (closed_) {
      state_ = State::idle;
      return;
    }
    state_ = State::running;
    running_frame_.store(&frame, std::memory_order_release);
    while (!batch.full() && !queue_.empty()) batch.push(queue_.pop_front());
  }

  frame.running.store(this, std::memory_order_release);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (closed_flag_.load(std::memory_order_acquire)) break;
    deliver(*batch[i]);
    batch[i].reset();
  }
  frame.running.store(nullptr, std::memory_order_release);

  bool reschedule = false;
  {
    std::unique_lock lock(mutex_);
    if (closed_) {
      // User resources go before any waiter learns the callback is over, so "unregister
      // returned" also means "the context may be freed". Destroyed unlocked (user code).
      std::unique_ptr<Subscriber> doomed = std::move(subscriber_);
      lock.unlock();
      doomed.reset();
      lock.lock();
    }
    // When open, close() cannot come between the check above and this store (one lock); after
    // the store, close() destroys the subscriber itself.
    running_frame_.store(nullptr, std::memory_order_release);
    if (!closed_ && !queue_.empty()) {
      state_ = State::scheduled;
      reschedule = true;
    } else {
      state_ = State::idle;
    }
  }
  idle_cv_.notify_all();
  // To the back of the pool's queue: a busy registration takes turns with the others. This
  // thread goes to the queue next, so no other is woken for it.
  if (reschedule) schedule_or_retry(/*by_finishing_worker=*/true);
}

void Registration::deliver(const Event& event) {
  if (subscriber_ == nullptr) return;  // an inbox registration whose owner delivers by itself
  EngineObserver* observer = observer_.load(std::memory_order_acquire);
  if (observer != nullptr) observer->callback_begin(id_, event);
  // The one guard around callbacks: what a callback throws goes to its subscriber's handler.
  try {
    subscriber_->deliver(event, id_);
  } catch (...) {
    const std::exception_ptr error = std::current_exception();
    if (observer != nullptr) observer->callback_failed(id_, event, exception_text(error).c_str());
    subscriber_->deliver_failed(event, id_, error);
  }
  if (observer != nullptr) observer->callback_end(id_);
}

InlineDelivery::InlineDelivery(Registration& registration)
    : registration_(registration), frame_(this_thread_frame()) {
  std::lock_guard lock(registration_.mutex_);
  if (registration_.closed_) return;
  active_ = true;
  outer_registration_frame_ = registration_.running_frame_.load(std::memory_order_relaxed);
  registration_.running_frame_.store(&frame_, std::memory_order_release);
  outer_running_ = frame_.running.load(std::memory_order_relaxed);
  frame_.running.store(&registration_, std::memory_order_release);
}

InlineDelivery::~InlineDelivery() {
  if (!active_) return;
  frame_.running.store(outer_running_, std::memory_order_release);
  std::unique_ptr<Subscriber> doomed;
  {
    std::lock_guard lock(registration_.mutex_);
    // Closed from inside this delivery: its subscriber goes now that the delivery is over
    // (unless an outer delivery of the same registration still runs on this thread).
    if (registration_.closed_ && outer_registration_frame_ == nullptr)
      doomed = std::move(registration_.subscriber_);
    // Nothing to destroy (every event of a queue, which has no subscriber): the delivery ends
    // under this lock, without taking it a second time.
    if (!doomed)
      registration_.running_frame_.store(outer_registration_frame_, std::memory_order_release);
  }
  if (doomed) {
    doomed.reset();  // before any waiter learns the delivery is over, as after run()
    std::lock_guard lock(registration_.mutex_);
    registration_.running_frame_.store(outer_registration_frame_, std::memory_order_release);
  }
  registration_.idle_cv_.notify_all();
}

}  // namespace cmnotify::engine
