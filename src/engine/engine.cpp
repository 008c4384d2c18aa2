#include "engine/engine.hpp"

#include <pthread.h>

#include <algorithm>
#include <new>
#include <random>
#include <thread>

#include "engine/device_events.hpp"

namespace cmnotify::engine {
namespace {

ThreadPool::Options pool_options() {
  ThreadPool::Options o;
  o.min_threads = std::max<std::size_t>(2, std::thread::hardware_concurrency());
  return o;
}

// Ids are never reused, so a stale or doubled handle is always recognised. Starting at a random
// point makes small integers and other garbage miss the table.
RegistrationId first_id() {
  std::random_device rd;
  const std::uint64_t high = (std::uint64_t{rd()} & 0x7fffffffu) | 0x40000000u;
  return (high << 32) | 1u;
}

Engine* g_engine = nullptr;  // for the fork handlers; set once, never cleared

}  // namespace

Engine& Engine::instance() {
  static Engine* engine = new Engine;  // immortal: see the class comment
  return *engine;
}

Engine::Engine() : pool_(pool_options()), next_id_(first_id()) {
  g_engine = this;
  ::pthread_atfork(&Engine::prepare_fork, &Engine::after_fork_in_parent,
                   &Engine::after_fork_in_child);
}

// Lock order, as everywhere else: lifecycle, source, registry, pool, wait graph, frames.
void Engine::prepare_fork() noexcept {
  Engine& e = *g_engine;
  e.lifecycle_mutex_.lock();
  if (e.source_) e.source_->prepare_fork();
  e.registry_mutex_.lock();
  try {
    // What the child's handler moves into these must not need memory there.
    if (!e.inherited_.empty()) e.inherited_.reserve(e.inherited_.size() + e.handles_.size());
    e.abandoned_sources_.reserve(e.abandoned_sources_.size() + 1);
  } catch (const std::bad_alloc&) {
    // The child then allocates (glibc's malloc works after fork) or, failing, keeps less.
  }
  e.pool_.prepare_fork();
  prepare_fork_registrations();
}

void Engine::after_fork_in_parent() noexcept {
  Engine& e = *g_engine;
  after_fork_registrations();
  e.pool_.after_fork_in_parent();
  e.registry_mutex_.unlock();
  if (e.source_) e.source_->after_fork_in_parent();
  e.lifecycle_mutex_.unlock();
}

void Engine::after_fork_in_child() noexcept {
  Engine& e = *g_engine;
  after_fork_registrations();
  e.pool_.reset_after_fork();
  if (e.inherited_.empty()) {
    e.inherited_.swap(e.handles_);
  } else {
    try {
      e.inherited_.merge(e.handles_);  // a child forking again: its own become inherited too
    } catch (const std::bad_alloc&) {
      // Cannot happen: prepare_fork() reserved the room. Were it to, the rest would stay in
      // handles_, unrouted (the registry is emptied below), and be closed as ordinary ones.
    }
  }
  e.registry_ = Registry();  // routes nothing to the inherited registrations
  e.pool_registrations_ = 0;
  e.inbox_registrations_.clear();
  e.direct_inbox_ = nullptr;  // the source handed over reads on its own thread again
  e.pool_reading_ = false;    // the pool forgot its reading (ThreadPool::reset_after_fork)
  for (auto& listeners : e.change_listeners_) listeners = 0;
  e.started_ = false;
  if (e.source_) {
    std::shared_ptr<DeviceSource> next = e.source_->after_fork_in_child(e.source_);
    if (next != e.source_) {
      try {
        e.abandoned_sources_.push_back(std::move(e.source_));
      } catch (const std::bad_alloc&) {
        // Never destroyed, whatever it takes: its destructor would join the parent's threads.
        alignas(std::shared_ptr<DeviceSource>) static unsigned char spare[sizeof(e.source_)];
        auto* keep = new (std::nothrow) std::shared_ptr<DeviceSource>(std::move(e.source_));
        if (keep == nullptr) new (spare) std::shared_ptr<DeviceSource>(std::move(e.source_));
      }
    }
    e.source_ = std::move(next);
  }
  e.registry_mutex_.unlock();
  e.lifecycle_mutex_.unlock();
}

Cr Engine::close_inherited_locked(RegistrationId id) {
  auto it = inherited_.find(id);
  if (it == inherited_.end()) return Cr::invalid_data;
  try {
    inherited_closed_.push_back(std::move(it->second));  // kept: see the fork comment
  } catch (const std::bad_alloc&) {
    return Cr::out_of_memory;
  }
  inherited_.erase(it);
  return Cr::success;
}

std::shared_ptr<DeviceSource> Engine::source_locked() {
  if (!source_) source_ = make_default_source();
  return source_;
}

std::shared_ptr<DeviceSource> Engine::source() {
  std::lock_guard life(lifecycle_mutex_);
  return source_locked();
}

bool Engine::set_source(std::shared_ptr<DeviceSource> source) {
  std::lock_guard life(lifecycle_mutex_);
  if (started_) return false;
  source_ = std::move(source);
  return true;
}

Cr Engine::start_locked() {
  if (started_) return Cr::success;
  if (!source_locked()) return Cr::no_cm_services;
  pool_.set_active(true);
  Cr cr = Cr::failure;
  try {
    cr = source_->start(*this);
  } catch (...) {
    pool_.set_active(false);
    throw;
  }
  if (cr != Cr::success) {
    pool_.set_active(false);
    return cr;
  }
  started_ = true;
  return Cr::success;
}

void Engine::stop_if_unused() {
  std::lock_guard life(lifecycle_mutex_);
  update_direct_locked();  // before a stop: the source's reading is back on its own thread
  {
    std::lock_guard lock(registry_mutex_);
    if (!handles_.empty() || !started_) return;
    // Give back what the tables grew to: after a flood of registrations their bucket arrays
    // would otherwise keep the peak's size for the life of the process.
    decltype(handles_)().swap(handles_);
    registry_ = Registry();
  }
  source_->stop();
  pool_.set_active(false);
  started_ = false;
}

std::shared_ptr<Inbox> Engine::sole_direct_inbox() const {
  std::lock_guard lock(registry_mutex_);
  if (pool_registrations_ != 0 || inbox_registrations_.size() != 1 || handles_.empty())
    return nullptr;
  const std::shared_ptr<Inbox>& inbox = handles_.begin()->second->inbox();
  return inbox && inbox->allows_direct() ? inbox : nullptr;
}

bool Engine::pool_reads() const {
  std::lock_guard lock(registry_mutex_);
  return pool_registrations_ != 0;
}

void Engine::update_direct_locked() {
  std::shared_ptr<Inbox> sole = started_ ? sole_direct_inbox() : nullptr;
  const bool to_pool = started_ && !sole && pool_reads();
  if (sole == direct_inbox_ && to_pool == pool_reading_) return;
  if (direct_inbox_) {
    direct_inbox_->set_direct(nullptr, {});
    source_->reclaim_reading();
    direct_inbox_ = nullptr;
  }
  if (pool_reading_) {
    source_->reclaim_reading();  // pump() is a no-op from here on
    pool_.clear_reading();       // no worker polls the source's descriptors any more
    pool_reading_ = false;
  }
  if (!sole && !to_pool) return;
  std::vector<int> fds;
  try {
    if (!source_->lend_reading(fds)) return;
    if (sole) {
      sole->set_direct(source_, std::move(fds));
      direct_inbox_ = std::move(sole);
    } else {
      std::shared_ptr<DeviceSource> source = source_;
      pool_.set_reading([source] { return source->pump(); }, fds);
      pool_reading_ = true;
    }
  } catch (const std::bad_alloc&) {
    source_->reclaim_reading();  // stays with the source's thread: slower, still correct
  }
}

void Engine::insert(const std::shared_ptr<Registration>& registration) {
  std::lock_guard lock(registry_mutex_);
  count_consumer(*registration, +1);  // may throw: nothing is changed yet
  try {
    auto [it, inserted] = handles_.emplace(registration->id(), registration);
    try {
      registry_.insert(registration.get());
    } catch (...) {
      handles_.erase(it);
      throw;
    }
  } catch (...) {
    count_consumer(*registration, -1);
    throw;
  }
  count_change_listener(*registration, +1);
}

void Engine::count_consumer(const Registration& registration, int delta) {
  if (!registration.delivers_to_inbox()) {
    pool_registrations_ += static_cast<std::size_t>(delta);
    return;
  }
  const Inbox* inbox = registration.inbox().get();
  if (delta > 0) {
    ++inbox_registrations_[inbox];  // may throw: insert() then undoes itself
  } else if (auto it = inbox_registrations_.find(inbox);
             it != inbox_registrations_.end() && --it->second == 0) {
    inbox_registrations_.erase(it);
  }
}

void Engine::count_change_listener(const Registration& registration, int delta) noexcept {
  if (!registration.wants_changes()) return;
  auto& counter = change_listeners_[static_cast<std::size_t>(registration.filter().type)];
  if (delta > 0) {
    counter.fetch_add(1, std::memory_order_relaxed);
  } else {
    counter.fetch_sub(1, std::memory_order_relaxed);
  }
}

ChangeInterest Engine::change_interest() const noexcept {
  auto wanted = [this](FilterType type) {
    return change_listeners_[static_cast<std::size_t>(type)].load(std::memory_order_relaxed) > 0;
  };
  ChangeInterest interest;
  interest.device_interface = wanted(FilterType::device_interface);
  interest.device_handle = wanted(FilterType::device_handle);
  interest.device_instance = wanted(FilterType::device_instance);
  return interest;
}

void Engine::enqueue_present(Registration& registration, std::span<const DevicePtr> devices) {
  std::vector<EventPtr> events;
  for (const DevicePtr& device : devices) {
    events.clear();
    transition_events({}, {device}, Origin::present, 0, events);
    for (const EventPtr& event : events) {
      if (selects(registration.filter(), *event, registration.wants_changes()))
        if (!registration.enqueue(event)) throw std::bad_alloc();  // fail the registration
    }
  }
}

void Engine::remove_locked(const std::shared_ptr<Registration>& registration) {
  if (handles_.erase(registration->id()) == 0) return;
  registry_.remove(registration.get());
  count_change_listener(*registration, -1);
  count_consumer(*registration, -1);
}

Cr Engine::add_registration(FilterSpec filter, std::unique_ptr<Subscriber> subscriber,
                            const RegisterOptions& options, std::shared_ptr<Inbox> inbox,
                            std::shared_ptr<Registration>& out) {
  if (filter.type == FilterType::device_handle) {
    DevicePtr device;
    const Cr cr = source_->resolve_handle(filter.native_handle, filter.device_key, device);
    if (cr != Cr::success) return cr;
  }
  const RegistrationId id = next_id_.fetch_add(1);
  const bool to_inbox = inbox != nullptr;
  auto registration = to_inbox
                          ? std::make_shared<Registration>(id, std::move(filter), options.changes,
                                                           std::move(subscriber), pool_, observer_,
                                                           std::move(inbox), resync_source())
                          : std::make_shared<Registration>(id, std::move(filter), options.changes,
                                                           std::move(subscriber), pool_, observer_);
  std::exception_ptr failure;
  Cr cr = Cr::success;
  try {
    // An inbox registration always starts from a snapshot: what it delivers is compared with
    // the device map after an overflow, starting from the devices present now.
    if (options.present || to_inbox) {
      cr = source_->with_present_devices([&](std::span<const DevicePtr> devices) {
        try {
          insert(registration);
          if (to_inbox) registration->seed_view(devices);
          if (options.present) enqueue_present(*registration, devices);
          if (options.present && options.present_end &&
              !registration->enqueue(present_end_marker()))
            throw std::bad_alloc();
        } catch (...) {
          failure = std::current_exception();
        }
      });
    } else {
      insert(registration);
    }
    // Delivery starts only now that nothing can fail: a failed registration never calls its
    // callback. Its present devices must not wait for a scheduling that ran out of memory.
    if (!failure && cr == Cr::success && !registration->release()) throw std::bad_alloc();
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure || cr != Cr::success) {
    {
      std::lock_guard lock(registry_mutex_);
      remove_locked(registration);
    }
    registration->close();  // on hold: no callback ran, none will
    if (failure) std::rethrow_exception(failure);
    return cr;
  }
  out = std::move(registration);
  return Cr::success;
}

Cr Engine::register_subscriber(FilterSpec filter, std::unique_ptr<Subscriber> subscriber,
                               const RegisterOptions& options, RegistrationId& out_id,
                               std::shared_ptr<Inbox> inbox) {
  std::unique_lock life(lifecycle_mutex_);
  std::shared_ptr<Registration> registration;
  Cr cr = Cr::success;
  try {
    cr = start_locked();
    if (cr == Cr::success) {
      cr = add_registration(std::move(filter), std::move(subscriber), options, std::move(inbox),
                            registration);
    }
  } catch (const std::bad_alloc&) {
    cr = Cr::out_of_memory;
  } catch (...) {
    cr = Cr::failure;
  }
  if (cr != Cr::success) {
    // A failed registration leaves the engine as it found it: if this call started the source
    // and nothing else is registered, it is stopped again.
    life.unlock();
    stop_if_unused();
    return cr;
  }
  out_id = registration->id();
  try {
    update_direct_locked();
  } catch (...) {
    // Not lent: the source's own thread goes on reading.
  }
  if (RegistrationObserver* o = registration_observer_.load()) o->registered(out_id);
  return Cr::success;
}

Cr Engine::unregister(RegistrationId id) {
  std::shared_ptr<Registration> registration;
  {
    std::lock_guard lock(registry_mutex_);
    auto it = handles_.find(id);
    if (it == handles_.end()) return close_inherited_locked(id);
    registration = it->second;
    remove_locked(registration);
  }
  registration->close();
  registration->wait_until_idle();
  stop_if_unused();
  return Cr::success;
}

void Engine::publish(const EventPtr& event) { publish_all({&event, 1}); }

void Engine::publish_all(std::span<const EventPtr> events) {
  std::lock_guard lock(registry_mutex_);
  for (const EventPtr& event : events) {
    ++events_published_;
    registry_.for_each_match(*event, [&](Registration& r) {
      if (!r.enqueue(event)) ++events_dropped_;
    });
  }
}

void Engine::resync(Registration& registration) {
  std::shared_ptr<DeviceSource> src;
  {
    std::lock_guard life(lifecycle_mutex_);
    if (!started_) return;  // stopped: every registration is closed
    src = source_;
  }
  // While the callback runs the source publishes nothing, so the resync's events and the live
  // ones that follow neither overlap nor leave a gap.
  (void)src->with_present_devices(
      [&](std::span<const DevicePtr> devices) { registration.resync_from(devices); });
}

Cr Engine::present_devices(std::vector<DevicePtr>& out) {
  DeviceList list;
  const Cr cr = present_list(list);
  if (cr != Cr::success) return cr;
  try {
    out.assign(list->begin(), list->end());
  } catch (const std::bad_alloc&) {
    return Cr::out_of_memory;
  }
  return Cr::success;
}

Cr Engine::present_list(DeviceList& out) {
  std::shared_ptr<DeviceSource> src = source();
  if (!src) return Cr::no_cm_services;
  try {
    return src->present_list(out);
  } catch (const std::bad_alloc&) {
    return Cr::out_of_memory;
  }
}

Cr Engine::knows_enumerator(std::string_view enumerator, bool& known) {
  known = false;
  std::shared_ptr<DeviceSource> src = source();
  if (!src) return Cr::no_cm_services;
  try {
    return src->knows_enumerator(enumerator, known);
  } catch (const std::bad_alloc&) {
    return Cr::out_of_memory;
  }
}

EngineStats Engine::stats() const {
  EngineStats s;
  {
    std::lock_guard lock(registry_mutex_);
    s.events_published = events_published_;
    s.events_dropped = events_dropped_;
    s.registrations = handles_.size();
    s.inherited = inherited_.size();
  }
  s.threads = pool_.thread_count();
  s.peak_threads = pool_.peak_thread_count();
  const ThreadPool::ReadingStats reading = pool_.reading_stats();
  s.reader_runs = reading.runs;
  s.reader_handoffs = reading.handoffs;
  s.pool_reading = reading.reading;
  return s;
}

bool Engine::is_open(RegistrationId id) const {
  std::lock_guard lock(registry_mutex_);
  return handles_.count(id) != 0;
}

}  // namespace cmnotify::engine
