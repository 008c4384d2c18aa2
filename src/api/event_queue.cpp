#include "cmnotify/event_queue.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <utility>

#include "api/filter_spec.hpp"
#include "api/registration_error.hpp"
#include "engine/engine.hpp"
#include "engine/inbox.hpp"

namespace cmnotify {
namespace {

// What take() with a timeout waits on: whether events wait, and whether the queue closed. A
// condition variable rather than the descriptor, so close() can wake a waiter without racing
// against the descriptor's number being reused.
struct WaitState {
  std::mutex mutex;
  std::condition_variable cv;
  bool ready = false;
  bool closed = false;
};

// Makes the queue's eventfd follow its inbox: readable exactly while entries wait.
class EventFdWaker final : public engine::InboxWaker {
 public:
  EventFdWaker(int fd, std::shared_ptr<WaitState> wait) : fd_(fd), wait_(std::move(wait)) {}
  EventFdWaker(const EventFdWaker&) = delete;
  EventFdWaker& operator=(const EventFdWaker&) = delete;
  // Readable one last time before it goes: a loop watching a duplicate of the descriptor (the
  // asio adapter does) wakes up and finds the queue closed.
  ~EventFdWaker() override {
    const std::uint64_t one = 1;
    (void)!::write(fd_, &one, sizeof one);
    ::close(fd_);
  }

  void wake() noexcept override {
    const std::uint64_t one = 1;
    // Cannot fail short of a counter at 2^64-1; a failure would leave it readable anyway.
    (void)!::write(fd_, &one, sizeof one);
    {
      std::lock_guard lock(wait_->mutex);
      wait_->ready = true;
    }
    wait_->cv.notify_all();
  }

  void drained() noexcept override {
    std::uint64_t count = 0;
    (void)!::read(fd_, &count, sizeof count);  // EAGAIN when already reset: fine
    std::lock_guard lock(wait_->mutex);
    wait_->ready = false;
  }

 private:
  const int fd_;
  const std::shared_ptr<WaitState> wait_;
};

}  // namespace

struct EventQueue::Impl {
  std::shared_ptr<engine::Inbox> inbox;
  std::atomic<int> fd{-1};
  std::shared_ptr<WaitState> wait = std::make_shared<WaitState>();
  std::mutex mutex;  // ids, closed
  std::vector<std::uint64_t> ids;
  bool closed = false;

  void close() noexcept {
    std::vector<std::uint64_t> open_ids;
    {
      std::lock_guard lock(mutex);
      if (closed) return;
      closed = true;
      open_ids.swap(ids);
    }
    // Registrations first, so nothing routes into the inbox any more; each unregister waits for
    // a running handler of its filter, except from inside that handler.
    for (std::uint64_t id : open_ids) (void)engine::Engine::instance().unregister(id);
    fd.store(-1);
    inbox->close();  // discards waiting events, closes the descriptor
    {
      std::lock_guard lock(wait->mutex);
      wait->closed = true;
    }
    wait->cv.notify_all();
  }

  ~Impl() { close(); }
};

EventQueue::EventQueue(const EventQueueOptions& options) : impl_(std::make_shared<Impl>()) {
  const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    throw Error(error == ENOMEM ? Cr::out_of_memory : Cr::failure,
                std::string("EventQueue: no event descriptor: ") + std::strerror(error));
  }
  try {
    impl_->inbox = std::make_shared<engine::Inbox>(std::make_unique<EventFdWaker>(fd, impl_->wait),
                                                   options.bound);
  } catch (...) {
    ::close(fd);
    impl_->closed = true;  // nothing to unregister, no inbox to close
    throw;
  }
  impl_->fd.store(fd);
}

EventQueue::EventQueue(const Filter& filter, const SubscribeOptions& options,
                       const EventQueueOptions& queue_options)
    : EventQueue(queue_options) {
  add(filter, options);
}

EventQueue::EventQueue(EventQueue&& other) noexcept : impl_(std::move(other.impl_)) {}

EventQueue& EventQueue::operator=(EventQueue&& other) noexcept {
  if (this != &other) {
    close();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

EventQueue::~EventQueue() { close(); }

std::uint64_t EventQueue::add(const Filter& filter, const SubscribeOptions& options) {
  if (!impl_) throw Error(Cr::invalid_api, "EventQueue::add(): the queue was moved from");
  std::lock_guard lock(impl_->mutex);  // a concurrent close() cannot miss the new filter
  if (impl_->closed) throw Error(Cr::invalid_api, "EventQueue::add(): the queue is closed");
  const engine::RegisterOptions register_options = api::to_register_options(options);
  engine::RegistrationId id = 0;
  Cr cr = Cr::out_of_memory;
  try {
    impl_->ids.reserve(impl_->ids.size() + 1);  // nothing can fail once registered
    // No subscriber: the queue's owner takes or dispatches the events itself.
    cr = engine::Engine::instance().register_subscriber(api::to_spec(filter), nullptr,
                                                        register_options, id, impl_->inbox);
  } catch (const std::bad_alloc&) {
  }
  if (cr != Cr::success) api::throw_registration_error(cr, filter, "EventQueue::add()");
  impl_->ids.push_back(id);
  return id;
}

bool EventQueue::remove(std::uint64_t filter_id) noexcept {
  if (!impl_) return false;
  {
    std::lock_guard lock(impl_->mutex);
    auto it = std::find(impl_->ids.begin(), impl_->ids.end(), filter_id);
    if (it == impl_->ids.end()) return false;
    impl_->ids.erase(it);
  }
  return engine::Engine::instance().unregister(filter_id) == Cr::success;
}

int EventQueue::fd() const noexcept { return impl_ ? impl_->fd.load() : -1; }

QueuedEvent EventQueue::try_take() {
  if (!impl_) return {};
  engine::InboxEntry entry;
  if (!impl_->inbox->take(entry)) return {};
  return QueuedEvent{std::move(entry.event), entry.registration->id()};
}

QueuedEvent EventQueue::take(std::chrono::milliseconds timeout) {
  const std::shared_ptr<Impl> impl = impl_;  // a handler elsewhere may destroy *this
  if (!impl) return {};
  const bool forever = timeout == std::chrono::milliseconds::max();
  const auto deadline = forever ? std::chrono::steady_clock::time_point::max()
                                : std::chrono::steady_clock::now() + timeout;
  for (;;) {
    engine::InboxEntry entry;
    if (impl->inbox->take(entry))
      return QueuedEvent{std::move(entry.event), entry.registration->id()};
    std::unique_lock lock(impl->wait->mutex);
    auto woken = [&] { return impl->wait->ready || impl->wait->closed; };
    if (forever) {
      impl->wait->cv.wait(lock, woken);
    } else if (!impl->wait->cv.wait_until(lock, deadline, woken)) {
      return {};
    }
    if (impl->wait->closed) return {};
  }
}

std::size_t EventQueue::take_waiting(std::vector<QueuedEvent>& out, std::size_t max) {
  std::size_t taken = 0;
  while (taken < max) {
    QueuedEvent event = try_take();
    if (!event) break;
    out.push_back(std::move(event));
    ++taken;
  }
  return taken;
}

std::size_t EventQueue::dispatch(const EventHandler& handler, std::size_t max) {
  if (!handler) throw Error(Cr::invalid_pointer, "EventQueue::dispatch() needs a handler");
  // The handler may close or destroy this queue: only the local reference is used from here.
  const std::shared_ptr<Impl> impl = impl_;
  if (!impl) return 0;
  return impl->inbox->dispatch(
      max, [&handler](engine::Registration& /*filter*/, const Event& event) { handler(event); });
}

void EventQueue::close() noexcept {
  if (impl_) impl_->close();
}

bool EventQueue::closed() const noexcept {
  if (!impl_) return true;
  std::lock_guard lock(impl_->mutex);
  return impl_->closed;
}

EventQueueStats EventQueue::stats() const {
  return impl_ ? impl_->inbox->stats() : EventQueueStats{};
}

EventQueue::iterator::iterator(EventQueue* queue) : queue_(queue), current_(queue->try_take()) {}

EventQueue::iterator& EventQueue::iterator::operator++() {
  current_ = queue_->try_take();
  return *this;
}

}  // namespace cmnotify
