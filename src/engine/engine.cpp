#include "engine/engine.hpp"

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

}  // namespace

Engine& Engine::instance() {
  static Engine* engine = new Engine;  // immortal: see the class comment
  return *engine;
}

Engine::Engine() : pool_(pool_options()), next_id_(first_id()) {}

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
  const Cr cr = source_->start(*this);
  if (cr != Cr::success) {
    pool_.set_active(false);
    return cr;
  }
  started_ = true;
  return Cr::success;
}

void Engine::stop_if_unused() {
  std::lock_guard life(lifecycle_mutex_);
  {
    std::lock_guard lock(registry_mutex_);
    if (!handles_.empty() || !started_) return;
  }
  source_->stop();
  pool_.set_active(false);
  started_ = false;
}

void Engine::insert(const std::shared_ptr<Registration>& registration) {
  std::lock_guard lock(registry_mutex_);
  auto [it, inserted] = handles_.emplace(registration->id(), registration);
  try {
    registry_.insert(registration.get());
  } catch (...) {
    handles_.erase(it);
    throw;
  }
  count_change_listener(*registration, +1);
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
    arrival_events(device, Origin::present, 0, events);
    for (const EventPtr& event : events) {
      if (filter_matches(registration.filter(), registration.wants_changes(), *event))
        if (!registration.enqueue(event)) throw std::bad_alloc();  // fail the registration
    }
  }
}

Cr Engine::register_subscriber(FilterSpec filter, std::unique_ptr<Subscriber> subscriber,
                               const RegisterOptions& options, RegistrationId& out_id) {
  try {
    std::unique_lock life(lifecycle_mutex_);
    Cr cr = start_locked();
    if (cr != Cr::success) return cr;
    const bool first = [&] {
      std::lock_guard lock(registry_mutex_);
      return handles_.empty();
    }();
    auto undo_start = [&] {
      if (!first) return;
      life.unlock();
      stop_if_unused();
    };
    if (filter.type == FilterType::device_handle) {
      cr = source_->resolve_handle(filter.native_handle, filter.device_key);
      if (cr != Cr::success) {
        undo_start();
        return cr;
      }
    }
    const RegistrationId id = next_id_.fetch_add(1);
    auto registration = std::make_shared<Registration>(id, std::move(filter), options.changes,
                                                       std::move(subscriber), pool_, observer_);
    if (options.present) {
      std::exception_ptr failure;
      cr = source_->with_present_devices([&](std::span<const DevicePtr> devices) {
        try {
          insert(registration);
          enqueue_present(*registration, devices);
        } catch (...) {
          failure = std::current_exception();
        }
      });
      if (failure || cr != Cr::success) {
        {
          std::lock_guard lock(registry_mutex_);
          if (handles_.erase(id) != 0) {
            registry_.remove(registration.get());
            count_change_listener(*registration, -1);
          }
        }
        registration->close();
        undo_start();
        if (failure) std::rethrow_exception(failure);
        return cr;
      }
    } else {
      try {
        insert(registration);
      } catch (...) {
        undo_start();
        throw;
      }
    }
    out_id = id;
    if (RegistrationObserver* o = registration_observer_.load()) o->registered(id);
    return Cr::success;
  } catch (const std::bad_alloc&) {
    return Cr::out_of_memory;
  }
}

Cr Engine::unregister(RegistrationId id) {
  std::shared_ptr<Registration> registration;
  {
    std::lock_guard lock(registry_mutex_);
    auto it = handles_.find(id);
    if (it == handles_.end()) return Cr::invalid_data;
    registration = std::move(it->second);
    handles_.erase(it);
    registry_.remove(registration.get());
    count_change_listener(*registration, -1);
  }
  registration->close();
  registration->wait_until_idle();
  stop_if_unused();
  return Cr::success;
}

void Engine::publish(const EventPtr& event) {
  std::lock_guard lock(registry_mutex_);
  ++events_published_;
  registry_.for_each_match(*event, [&](Registration& r) {
    if (!r.enqueue(event)) ++events_dropped_;
  });
}

Cr Engine::present_devices(std::vector<DevicePtr>& out) {
  std::shared_ptr<DeviceSource> src = source();
  if (!src) return Cr::no_cm_services;
  try {
    return src->with_present_devices(
        [&](std::span<const DevicePtr> devices) { out.assign(devices.begin(), devices.end()); });
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
  }
  s.threads = pool_.thread_count();
  s.peak_threads = pool_.peak_thread_count();
  return s;
}

bool Engine::is_open(RegistrationId id) const {
  std::lock_guard lock(registry_mutex_);
  return handles_.count(id) != 0;
}

}  // namespace cmnotify::engine
