// Process exit never waits for the engine: a program may exit (or return from main) with
// registrations open, with a callback blocked forever, while events flow, and from inside a
// callback (hidapi issue 795: exit() from a callback joined its own thread). Each case runs in a
// child process, which must end with its own exit status and never hang.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "cmnotify/cmnotify.hpp"
#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"

namespace {
const pid_t g_test_process = ::getpid();
}  // namespace

// LeakSanitizer checks the test process, not the children: they exit on purpose with
// registrations open and callbacks running, whose memory is theirs to drop.
extern "C" int __lsan_is_turned_off() { return ::getpid() != g_test_process ? 1 : 0; }
extern "C" const char* __tsan_default_options() { return "die_after_fork=0"; }

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::make_device;

// Runs `child` in a child process and returns how it ended: its exit status, -signal, or -1000
// when it had not ended after 30 s (it is then killed).
template <typename Fn>
int run_child(Fn child) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    child();
    std::_Exit(99);  // `child` must have left the process itself
  }
  int status = 0;
  for (int i = 0; i < 3000; ++i) {
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    std::this_thread::sleep_for(10ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1000;
}

class ProcessExit : public cmnotify::testing::MemoryEngineTest {
 protected:
  // In the child: events flowing to registrations, one of whose callbacks never returns.
  void busy_engine(std::atomic<bool>& blocked) {
    // Still open when the process exits. (Not static objects: a Subscription destroyed during
    // exit unregisters, and unregistering waits for its callback, which here never returns.)
    auto* subs = new std::vector<Subscription>;
    subs->push_back(subscribe(Filter::all_instances(), [&blocked](const Event&) {
      blocked = true;
      for (;;) std::this_thread::sleep_for(1s);
    }));
    for (int i = 0; i < 4; ++i)
      subs->push_back(subscribe(Filter::all_instances(), [](const Event&) {}));
    static std::thread publisher([this] {
      for (std::uint64_t seq = 1;; ++seq)
        source().publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                            make_device("ROOT\\EXIT\\0", "/sys/devices/exit/0"),
                                            Origin::live, seq));
    });
    publisher.detach();
    while (!blocked) std::this_thread::sleep_for(1ms);
  }
};

TEST_F(ProcessExit, ExitWithOpenRegistrationsAndABlockedCallbackDoesNotWait) {
  const int status = run_child([this] {
    std::atomic<bool> blocked{false};
    busy_engine(blocked);
    std::exit(7);  // static destructors and atexit handlers run; the engine is not waited for
  });
  EXPECT_EQ(status, 7);
}

TEST_F(ProcessExit, ExitFromInsideACallbackDoesNotJoinItself) {
  const int status = run_child([this] {
    source().add_device(make_device("ROOT\\EXIT\\1", "/sys/devices/exit/1"));
    // Static: exit() destroys it, so its destructor unregisters from inside its own callback,
    // which returns at once instead of waiting for itself.
    // The callback may start before subscribe() returns: it waits until `sub` holds the handle,
    // so exit() never destroys `sub` while this thread still assigns it.
    static Subscription sub;
    static std::atomic<bool> assigned{false};
    sub = subscribe(Filter::all_instances(),
                    [](const Event&) {
                      while (!assigned.load()) std::this_thread::sleep_for(1ms);
                      std::exit(8);
                    },
                    SubscribeOptions{true, false});
    assigned = true;
    for (;;) std::this_thread::sleep_for(1s);  // the callback ends the process
  });
  EXPECT_EQ(status, 8);
}

TEST_F(ProcessExit, ExitWhileAnotherThreadUnregistersDoesNotHang) {
  const int status = run_child([this] {
    std::atomic<bool> blocked{false};
    busy_engine(blocked);
    // A thread waiting in unregister for the blocked callback, forever.
    std::thread([] {
      auto sub = subscribe(Filter::all_instances(), [](const Event&) {
        for (;;) std::this_thread::sleep_for(1s);
      });
      std::this_thread::sleep_for(50ms);
      sub.reset();
    }).detach();
    std::this_thread::sleep_for(100ms);
    std::exit(9);
  });
  EXPECT_EQ(status, 9);
}

}  // namespace
}  // namespace cmnotify
