// An EventQueue on a GLib main loop (GTK applications run one): g_unix_fd_add() watches the
// queue's descriptor and the callback dispatches on the main thread. Prints the arrival and the
// removal of the network interface named on the command line, then closes the queue and quits.
#include <glib-unix.h>
#include <glib.h>

#include <cstdio>
#include <string>

#include "cmnotify/cmnotify.hpp"

namespace {

struct App {
  cmnotify::EventQueue queue{cmnotify::Filter::interface_class(cmnotify::interface_class::net)};
  std::string name;
  GMainLoop* loop = nullptr;
};

gboolean on_readable(gint /*fd*/, GIOCondition /*condition*/, gpointer data) {
  auto& app = *static_cast<App*>(data);
  app.queue.dispatch([&](const cmnotify::Event& event) {
    if (!event.device->syspath.ends_with("/net/" + app.name)) return;
    const bool arrival = event.action == cmnotify::Action::interface_arrival;
    std::printf("%s %s\n", arrival ? "arrival" : "removal", event.symbolic_link.c_str());
    if (!arrival) app.queue.close();  // from inside its own handler: safe
  });
  if (!app.queue.closed()) return G_SOURCE_CONTINUE;
  g_main_loop_quit(app.loop);
  return G_SOURCE_REMOVE;  // the descriptor is closed: stop watching it
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
    app.loop = g_main_loop_new(nullptr, FALSE);
    g_unix_fd_add(app.queue.fd(), G_IO_IN, on_readable, &app);
    std::printf("ready\n");
    g_main_loop_run(app.loop);
    g_main_loop_unref(app.loop);
    std::printf("closed\n");
    return 0;
  } catch (const cmnotify::Error& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
}
