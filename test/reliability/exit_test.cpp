// Process exit never waits for the engine: a program may exit (or return from main) with
// registrations open, with a callback blocked forever, while events flow, and from inside a
// callback (hidapi issue 795: exit() from a callback joined its own thread). Each case runs in a
// child process, which must end with its own exit status and never hang.
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "cmnotify/cmnotify.hpp"
#include "engine/device_events.hpp"
#include "reliability/forked_child.hpp"
#include "support/memory_engine.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::make_device;
using cmnotify::testing::run_in_child;

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
  const int status = run_in_child([this] {
    std::atomic<bool> blocked{false};
    busy_engine(blocked);
    std::exit(7);  // static destructors and atexit handlers run; the engine is not waited for
  });
  EXPECT_EQ(status, 7);
}

TEST_F(ProcessExit, ExitFromInsideACallbackDoesNotJoinItself) {
  const int status = run_in_child([this] {
    source().add_device(make_device("ROOT\\EXIT\\1", "/sys/devices/exit/1"));
    // Static: exit() destroys it, so its destructor unregisters from inside its own callback,
    // which returns at once instead of waiting for itself.
    // The callback may start before subscribe() returns: it waits until `sub` holds the handle,
    // so exit() never destroys `sub` while this thread still assigns it.
    static Subscription sub;
    static std::atomic<bool> assigned{false};
    sub = subscribe(
        Filter::all_instances(),
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
  const int status = run_in_child([this] {
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
