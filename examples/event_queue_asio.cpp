// An EventQueue on an asio io_context (include/cmnotify/asio.hpp): the handler runs on the
// thread that runs the io_context, one coroutine (or, where asio has none, a handler) waits for
// the events. Prints the arrival and the removal of the network interface named on the command
// line, then closes the queue; io.run() returns when nothing is left to do.
#include <asio/io_context.hpp>
#include <cstdio>
#include <string>

#include "cmnotify/asio.hpp"
#include "cmnotify/cmnotify.hpp"

#if defined(ASIO_HAS_CO_AWAIT)
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#endif

namespace {

// Prints what the queue delivers about interface `name`; closes the queue after its removal.
void print_event(cmnotify::EventQueue& queue, const cmnotify::Event& event,
                 const std::string& name) {
  if (!event.device->syspath.ends_with("/net/" + name)) return;
  const bool arrival = event.action == cmnotify::Action::interface_arrival;
  std::printf("%s %s\n", arrival ? "arrival" : "removal", event.symbolic_link.c_str());
  if (!arrival) queue.close();
}

#if defined(ASIO_HAS_CO_AWAIT)
// With coroutines (asio enables them for g++; not for clang 14 with libstdc++): one coroutine
// takes the events one by one.
asio::awaitable<void> watch_interface(cmnotify::EventQueue& queue,
                                      asio::posix::stream_descriptor& descriptor,
                                      std::string name) {
  while (cmnotify::QueuedEvent event = co_await cmnotify::asio_adapter::async_take(descriptor, queue)) {
    print_event(queue, *event, name);  // after close(), the next async_take returns empty
  }
  std::printf("closed\n");
}

void start_watching(asio::io_context& io, cmnotify::EventQueue& queue,
                    asio::posix::stream_descriptor& descriptor, const std::string& name) {
  asio::co_spawn(io, watch_interface(queue, descriptor, name), asio::detached);
}
#else
// Without coroutines: the completion-handler form, the handler run on io's thread.
void start_watching(asio::io_context&, cmnotify::EventQueue& queue,
                    asio::posix::stream_descriptor& descriptor, const std::string& name) {
  cmnotify::asio_adapter::async_dispatch(descriptor, queue, [&queue, name](const cmnotify::Event& e) {
    print_event(queue, e, name);
    if (queue.closed()) std::printf("closed\n");
  });
}
#endif

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s INTERFACE\n", argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it happens, also into a pipe
  try {
    asio::io_context io;
    cmnotify::EventQueue queue(cmnotify::Filter::interface_class(cmnotify::interface_class::net));
    auto descriptor = cmnotify::asio_adapter::watch(io.get_executor(), queue);
    start_watching(io, queue, descriptor, argv[1]);
    std::printf("ready\n");
    io.run();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
}
