// cmnotify: an EventQueue on an asio event loop. Header-only and optional: include it only in a
// program that uses standalone asio (Debian: libasio-dev); libcmnotify does not depend on asio.
//
//   asio::io_context io;
//   cmnotify::EventQueue queue(cmnotify::Filter::all_interface_classes());
//   auto descriptor = cmnotify::asio_adapter::watch(io.get_executor(), queue);
//   cmnotify::asio_adapter::async_dispatch(descriptor, queue, [&](const cmnotify::Event& e) {
//     ...                  // runs on the thread that runs io
//   });
//   io.run();              // returns once the queue is closed (queue.close(), from anywhere)
//
// or, in a coroutine (asio::awaitable, C++20 coroutines):
//   while (cmnotify::QueuedEvent e = co_await cmnotify::asio_adapter::async_take(descriptor,
//   queue))
//     ...
//
// The descriptor asio watches is a duplicate of the queue's, so asio closing its own never
// closes the queue's, and it becomes readable one last time when the queue closes: a pending
// wait then completes, sees the queue closed and ends. Close the queue (rather than destroy it)
// while a wait may be pending; destroy it once the io_context has stopped or the descriptor is
// gone.
#pragma once

#include <fcntl.h>

#include <asio/any_io_executor.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <system_error>
#include <utility>

#include "cmnotify/event_queue.hpp"

#if defined(ASIO_HAS_CO_AWAIT)
#include <asio/awaitable.hpp>
#include <asio/use_awaitable.hpp>
#endif

namespace cmnotify::asio_adapter {

// An asio descriptor readable while `queue` has events waiting (a duplicate of queue.fd()).
// Throws std::system_error when the queue is closed or no descriptor is left.
inline ::asio::posix::stream_descriptor watch(const ::asio::any_io_executor& executor,
                                              const EventQueue& queue) {
  const int fd = queue.fd() < 0 ? -1 : ::fcntl(queue.fd(), F_DUPFD_CLOEXEC, 0);
  if (fd < 0) {
    throw std::system_error(queue.fd() < 0 ? EBADF : errno, std::generic_category(),
                            "cmnotify::asio_adapter::watch");
  }
  return ::asio::posix::stream_descriptor(executor, fd);
}

// Calls `handler(const Event&)` for every event of `queue`, on the executor's thread, until the
// queue is closed or the wait is cancelled (descriptor.cancel() or close()). `descriptor` (from
// watch()) and `queue` must outlive the wait.
template <typename Handler>
void async_dispatch(::asio::posix::stream_descriptor& descriptor, EventQueue& queue,
                    Handler handler) {
  descriptor.async_wait(
      ::asio::posix::stream_descriptor::wait_read,
      [&descriptor, &queue, handler = std::move(handler)](const std::error_code& error) mutable {
        if (error || queue.closed()) return;  // cancelled, or the queue closed
        queue.dispatch(std::ref(handler));
        if (!queue.closed()) async_dispatch(descriptor, queue, std::move(handler));
      });
}

#if defined(ASIO_HAS_CO_AWAIT)
// The next event of `queue`, waiting on `descriptor` (from watch()) without blocking the
// thread; an empty QueuedEvent once the queue is closed.
inline ::asio::awaitable<QueuedEvent> async_take(::asio::posix::stream_descriptor& descriptor,
                                                 EventQueue& queue) {
  for (;;) {
    if (QueuedEvent event = queue.try_take()) co_return event;
    if (queue.closed()) co_return QueuedEvent{};
    co_await descriptor.async_wait(::asio::posix::stream_descriptor::wait_read,
                                   ::asio::use_awaitable);
  }
}
#endif

}  // namespace cmnotify::asio_adapter
