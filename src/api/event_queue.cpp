#include "cmnotify/event_queue.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <span>
#include <utility>

#include "api/filter_spec.hpp"
#include "api/registration_error.hpp"
#include "engine/engine.hpp"
#include "engine/inbox.hpp"

namespace cmnotify {
namespace {

// A descriptor closed when its last holder lets go.
struct OwnedFd {
  const int fd;
  explicit OwnedFd(int f) noexcept : fd(f) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() { ::close(fd); }
};

// The queue's descriptor is an epoll instance: readable while its eventfd is (entries wait) and,
// while the queue reads the source directly, while the source's sockets are (input waits).
// The eventfd follows the inbox: readable exactly while entries wait and the owner has not
// taken them at once.
class QueueWaker final : public engine::InboxWaker {
 public:
  QueueWaker(std::shared_ptr<OwnedFd> event, std::shared_ptr<OwnedFd> poll)
      : event_(std::move(event)), poll_(std::move(poll)) {}
  QueueWaker(const QueueWaker&) = delete;
  QueueWaker& operator=(const QueueWaker&) = delete;
  // Readable one last time before it goes: a loop watching a duplicate of the descriptor (the
  // asio adapter does) wakes up and finds the queue closed. The eventfd itself lives as long as
  // the queue's object, so the duplicate stays readable; the epoll descriptor closes now (or when
  // a take() waiting on it returns).
  ~QueueWaker() override {
    const std::uint64_t one = 1;
    (void)!::write(event_->fd, &one, sizeof one);
    if (timer_ >= 0) ::close(timer_);
  }

  void wake() noexcept override {
    const std::uint64_t one = 1;
    // Cannot fail short of a counter at 2^64-1; a failure would leave it readable anyway.
    (void)!::write(event_->fd, &one, sizeof one);
  }

  void drained() noexcept override {
    std::uint64_t count = 0;
    (void)!::read(event_->fd, &count, sizeof count);  // EAGAIN when already reset: fine
  }

  // A timer in the epoll instance, made the first time a failing source asks for a pause; until
  // then the queue has no timer at all.
  bool wake_after(std::chrono::milliseconds delay) noexcept override {
    if (timer_ < 0) {
      if (delay.count() == 0) return true;
      timer_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
      if (timer_ < 0) return false;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = timer_;
      if (::epoll_ctl(poll_->fd, EPOLL_CTL_ADD, timer_, &ev) != 0) {
        ::close(timer_);
        timer_ = -1;
        return false;
      }
    }
    // Setting it (or disarming it with zero) also forgets an expiry not read: not readable after.
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(delay);
    itimerspec when{};
    when.it_value.tv_sec = static_cast<time_t>(seconds.count());
    when.it_value.tv_nsec = static_cast<long>(std::chrono::nanoseconds(delay - seconds).count());
    return ::timerfd_settime(timer_, 0, &when, nullptr) == 0 || delay.count() == 0;
  }

  void watch(std::span<const int> fds, bool on) noexcept override {
    for (const int fd : fds) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      // Cannot fail for an open socket short of memory; the queue then misses readiness of the
      // source, and an application waiting on fd() only wakes for what others queued.
      (void)::epoll_ctl(poll_->fd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &ev);
    }
  }

 private:
  const std::shared_ptr<OwnedFd> event_;
  const std::shared_ptr<OwnedFd> poll_;
  int timer_ = -1;
};

// A new descriptor or Error.
int new_descriptor(int fd, const char* what) {
  if (fd >= 0) return fd;
  const int error = errno;
  throw Error(error == ENOMEM ? Cr::out_of_memory : Cr::failure,
              std::string("EventQueue: no ") + what + ": " + std::strerror(error));
}

}  // namespace

struct EventQueue::Impl {
  std::shared_ptr<engine::Inbox> inbox;
  std::atomic<int> fd{-1};
  std::shared_ptr<OwnedFd> event_fd;  // until the queue's object goes (see QueueWaker)
  std::weak_ptr<OwnedFd> poll_fd;     // fd(): held by the waker until close()
  std::mutex mutex;                   // ids, closed
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
    inbox->close();  // discards waiting events, closes the descriptor (wakes a take() waiting)
  }

  ~Impl() { close(); }
};

EventQueue::EventQueue(const EventQueueOptions& options) : impl_(std::make_shared<Impl>()) {
  impl_->closed = true;  // until it is whole: nothing to unregister, no inbox to close
  impl_->event_fd = std::make_shared<OwnedFd>(
      new_descriptor(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "event descriptor"));
  auto poll = std::make_shared<OwnedFd>(new_descriptor(::epoll_create1(EPOLL_CLOEXEC), "epoll"));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = impl_->event_fd->fd;
  if (::epoll_ctl(poll->fd, EPOLL_CTL_ADD, impl_->event_fd->fd, &ev) != 0)
    (void)new_descriptor(-1, "epoll entry");
  impl_->poll_fd = poll;
  impl_->inbox = std::make_shared<engine::Inbox>(
      std::make_unique<QueueWaker>(impl_->event_fd, poll), options.bound, /*direct=*/true);
  impl_->fd.store(poll->fd);
  impl_->closed = false;
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
    // Held while waiting: a close() meanwhile cannot hand the number to another file. It makes
    // the descriptor readable, so the wait ends.
    const std::shared_ptr<OwnedFd> poll = impl->poll_fd.lock();
    if (!poll || impl->inbox->closed()) return {};
    int wait_ms = -1;
    if (!forever) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) return {};
      wait_ms = static_cast<int>(std::min<std::int64_t>(
          std::chrono::ceil<std::chrono::milliseconds>(left).count(), INT32_MAX));
    }
    pollfd ready{poll->fd, POLLIN, 0};
    (void)::poll(&ready, 1, wait_ms);  // EINTR or a timeout: the loop looks again
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
