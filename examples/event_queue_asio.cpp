// An EventQueue on an asio io_context (include/cmnotify/asio.hpp): the handler runs on the
// thread that runs the io_context, one coroutine waits for the events. Prints the arrival and
// the removal of the network interface named on the command line, then closes the queue; io.run()
// returns when nothing is left to do.
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <cstdio>
#include <string>

#include "cmnotify/asio.hpp"
#include "cmnotify/cmnotify.hpp"

namespace {

asio::awaitable<void> watch_interface(cmnotify::EventQueue& queue,
                                      asio::posix::stream_descriptor& descriptor,
                                      std::string name) {
  while (cmnotify::QueuedEvent event = co_await cmnotify::asio_adapter::async_take(descriptor, queue)) {
    if (!event->device->syspath.ends_with("/net/" + name)) continue;
    const bool arrival = event->action == cmnotify::Action::interface_arrival;
    std::printf("%s %s\n", arrival ? "arrival" : "removal", event->symbolic_link.c_str());
    if (!arrival) queue.close();  // the next async_take returns an empty event
  }
  std::printf("closed\n");
}

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
    asio::co_spawn(io, watch_interface(queue, descriptor, argv[1]), asio::detached);
    std::printf("ready\n");
    io.run();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
}
