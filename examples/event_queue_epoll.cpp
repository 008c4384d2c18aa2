// An EventQueue in a plain epoll loop: the application owns the thread and the loop; cmnotify
// only makes a descriptor readable. Prints the arrival and the removal of the network interface
// named on the command line, then closes the queue and exits.
//
//   event_queue_epoll tap0      (then: ip tuntap add tap0 mode tap; ip tuntap del tap0 mode tap)
#include <sys/epoll.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cmnotify/cmnotify.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s INTERFACE\n", argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it happens, also into a pipe
  const std::string name = argv[1];
  try {
    cmnotify::EventQueue queue(cmnotify::Filter::interface_class(cmnotify::interface_class::net));
    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event watch{};
    watch.events = EPOLLIN;
    watch.data.fd = queue.fd();
    if (epoll < 0 || ::epoll_ctl(epoll, EPOLL_CTL_ADD, queue.fd(), &watch) != 0) {
      std::perror("epoll");
      return 1;
    }
    std::printf("ready\n");
    bool removed = false;
    while (!removed) {
      epoll_event ready[4];
      const int n = ::epoll_wait(epoll, ready, 4, -1);
      if (n < 0) continue;  // EINTR
      queue.dispatch([&](const cmnotify::Event& event) {
        if (event.device->syspath.ends_with("/net/" + name)) {
          const bool arrival = event.action == cmnotify::Action::interface_arrival;
          std::printf("%s %s\n", arrival ? "arrival" : "removal", event.symbolic_link.c_str());
          removed = !arrival;
        }
      });
    }
    ::close(epoll);
    queue.close();
    std::printf("closed\n");
    return 0;
  } catch (const cmnotify::Error& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
}
