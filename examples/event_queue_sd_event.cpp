// An EventQueue on a systemd sd-event loop (what many daemons run): an I/O source on the queue's
// descriptor dispatches on the loop's thread. Prints the arrival and the removal of the network
// interface named on the command line, then closes the queue and leaves the loop.
#include <sys/epoll.h>
#include <systemd/sd-event.h>

#include <cstdio>
#include <string>

#include "cmnotify/cmnotify.hpp"

namespace {

struct App {
  cmnotify::EventQueue queue{cmnotify::Filter::interface_class(cmnotify::interface_class::net)};
  std::string name;
};

int on_readable(sd_event_source* source, int /*fd*/, uint32_t /*revents*/, void* data) {
  auto& app = *static_cast<App*>(data);
  app.queue.dispatch([&](const cmnotify::Event& event) {
    if (!event.device->syspath.ends_with("/net/" + app.name)) return;
    const bool arrival = event.action == cmnotify::Action::interface_arrival;
    std::printf("%s %s\n", arrival ? "arrival" : "removal", event.symbolic_link.c_str());
    if (!arrival) app.queue.close();
  });
  if (app.queue.closed()) {
    // Before the descriptor number is reused: the loop must stop watching it.
    sd_event_source_set_enabled(source, SD_EVENT_OFF);
    return sd_event_exit(sd_event_source_get_event(source), 0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s INTERFACE\n", argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it happens, also into a pipe
  try {
    App app;
    app.name = argv[1];
    sd_event* loop = nullptr;
    sd_event_source* source = nullptr;
    if (sd_event_new(&loop) < 0 ||
        sd_event_add_io(loop, &source, app.queue.fd(), EPOLLIN, on_readable, &app) < 0) {
      std::fprintf(stderr, "%s: sd-event failed\n", argv[0]);
      return 1;
    }
    std::printf("ready\n");
    const int result = sd_event_loop(loop);
    sd_event_source_unref(source);
    sd_event_unref(loop);
    std::printf("closed\n");
    return result < 0 ? 1 : 0;
  } catch (const cmnotify::Error& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
}
