#include "engine/memory_source.hpp"

#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <unistd.h>

#include <algorithm>

#include "common/instance_id.hpp"
#include "engine/device_events.hpp"

namespace cmnotify::engine {

MemorySource::~MemorySource() {
  if (input_fd_ >= 0) ::close(input_fd_);
}

Cr MemorySource::start(EventSink& sink) {
  const Cr injected = fail_start_.exchange(Cr::success);
  if (injected != Cr::success) return injected;
  std::lock_guard lock(mutex_);
  sink_ = &sink;
  ++starts_;
  return Cr::success;
}

void MemorySource::stop() {
  std::lock_guard lock(mutex_);
  publish_pending_locked();  // as a reader thread would have before stopping
  lent_ = false;
  sink_ = nullptr;
  ++stops_;
}

bool MemorySource::running() const {
  std::lock_guard lock(mutex_);
  return sink_ != nullptr;
}

Cr MemorySource::with_present_devices(const std::function<void(std::span<const DevicePtr>)>& fn) {
  std::lock_guard lock(mutex_);
  std::vector<DevicePtr> present;
  present.reserve(devices_.size());
  for (const auto& [key, device] : devices_) present.push_back(device);
  fn(present);
  return Cr::success;
}

Cr MemorySource::knows_enumerator(std::string_view enumerator, bool& known) {
  {
    std::lock_guard lock(mutex_);
    known = !enumerator.empty() &&
            std::any_of(known_enumerators_.begin(), known_enumerators_.end(),
                        [&](const std::string& e) { return detail::iequals(e, enumerator); });
  }
  return known ? Cr::success : DeviceSource::knows_enumerator(enumerator, known);
}

void MemorySource::add_known_enumerator(std::string enumerator) {
  std::lock_guard lock(mutex_);
  known_enumerators_.push_back(std::move(enumerator));
}

Cr MemorySource::resolve_handle(std::intptr_t native_handle, std::string& device_key,
                                DevicePtr& found) {
  struct stat st {};
  if (native_handle < 0 || native_handle > INT32_MAX ||
      ::fstat(static_cast<int>(native_handle), &st) != 0)
    return Cr::invalid_data;
  if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) return Cr::invalid_data;
  std::lock_guard lock(mutex_);
  for (const auto& [key, device] : devices_) {
    if (device->major == major(st.st_rdev) && device->minor == minor(st.st_rdev)) {
      device_key = key;
      found = device;
      return Cr::success;
    }
  }
  return Cr::no_such_devnode;
}

SourceStats MemorySource::stats() const {
  std::lock_guard lock(mutex_);
  SourceStats s;
  s.description = "in-memory";
  s.devices = devices_.size();
  s.events_published = published_;
  return s;
}

void MemorySource::prepare_fork() noexcept { mutex_.lock(); }

void MemorySource::after_fork_in_parent() noexcept { mutex_.unlock(); }

std::shared_ptr<DeviceSource> MemorySource::after_fork_in_child(
    std::shared_ptr<DeviceSource> self) noexcept {
  sink_ = nullptr;  // the child's engine is not started: it starts this source again
  lent_ = false;
  pending_.clear();
  if (input_fd_ >= 0) ::close(input_fd_);  // shared with the parent: the child makes its own
  input_fd_ = -1;
  mutex_.unlock();  // held by this thread since prepare_fork()
  return self;
}

bool MemorySource::lend_reading(std::vector<int>& fds) {
  std::lock_guard lock(mutex_);
  if (!lends_ || sink_ == nullptr) return false;
  if (input_fd_ < 0) input_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (input_fd_ < 0) return false;
  fds.assign({input_fd_});
  lent_ = true;
  return true;
}

void MemorySource::reclaim_reading() {
  std::lock_guard lock(mutex_);
  lent_ = false;
  publish_pending_locked();  // what the source's own reading would now deliver
}

DeviceSource::Pumped MemorySource::pump() {
  std::lock_guard lock(mutex_);
  if (!lent_) return {};
  std::uint64_t count = 0;
  (void)!::read(input_fd_, &count, sizeof count);
  if (pending_.empty() || sink_ == nullptr) return {};
  sink_->begin_burst();
  publish_pending_locked();
  sink_->end_burst();
  return {};  // everything that waited is read
}

void MemorySource::publish_pending_locked() {
  if (sink_ != nullptr)
    for (const EventPtr& e : pending_) sink_->publish(e);
  published_ += pending_.size();
  pending_.clear();
}

void MemorySource::publish_locked(const std::vector<EventPtr>& events) {
  if (sink_ == nullptr) return;
  if (lent_) {
    pending_.insert(pending_.end(), events.begin(), events.end());
    const std::uint64_t one = 1;
    (void)!::write(input_fd_, &one, sizeof one);
    return;
  }
  for (const EventPtr& e : events) sink_->publish(e);
  published_ += events.size();
}

void MemorySource::add_device(DevicePtr device) {
  std::vector<EventPtr> events;
  std::lock_guard lock(mutex_);
  auto& slot = devices_[detail::device_key(*device)];
  // A replaced device leaves and comes back: tests replace devices to see both.
  transition_events({slot}, {}, Origin::live, 0, events);
  transition_events({}, {device}, Origin::live, 0, events);
  slot = std::move(device);
  publish_locked(events);
}

bool MemorySource::remove_device(const std::string& key) {
  std::vector<EventPtr> events;
  std::lock_guard lock(mutex_);
  auto it = devices_.find(key);
  if (it == devices_.end()) return false;
  transition_events({it->second}, {}, Origin::live, 0, events);
  devices_.erase(it);
  publish_locked(events);
  return true;
}

bool MemorySource::publish(const EventPtr& event) {
  std::lock_guard lock(mutex_);
  if (sink_ == nullptr) return false;
  if (lent_) {
    pending_.push_back(event);
    const std::uint64_t one = 1;
    (void)!::write(input_fd_, &one, sizeof one);
    return true;
  }
  sink_->publish(event);
  ++published_;
  return true;
}

}  // namespace cmnotify::engine
