// fork() in a process with live registrations, while events flow and callbacks run. What the
// child gets (docs/guarantees.md, "fork"): the parent's registrations are inert (never called
// back there); unregistering them succeeds once without touching anything the parent's threads
// held; new registrations start a fresh engine and source and receive events; the child exits
// normally. Each child reports through its exit status; the parent never waits unboundedly.
#include <cfgmgr32.h>
#include <unistd.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "engine/device_events.hpp"
#include "reliability/forked_child.hpp"
#include "reliability/source_fixture.hpp"
#include "support/memory_engine.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::g_test_process;
using cmnotify::testing::is;
using cmnotify::testing::make_device;
using cmnotify::testing::net_id;
using cmnotify::testing::run_in_child;

// Exit codes a child reports (0: every check passed).
enum ChildFailure : int {
  kInheritedCallbackRan = 101,
  kUnexpectedRegistrations,
  kInheritedUnregisterFailed,
  kSecondUnregisterNotInvalid,
  kNewRegistrationFailed,
  kNewEventsMissing,
  kNewUnregisterFailed,
  kCApiFailed,
};

// Waits in a child (no gtest there) until `predicate` holds, for up to 20 s.
template <typename Fn>
bool child_wait(Fn predicate) {
  for (int i = 0; i < 2000; ++i) {
    if (predicate()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

struct CContext {
  std::atomic<int> calls{0};
  pid_t owner = ::getpid();  // the process that registered
};

DWORD CALLBACK c_callback(HCMNOTIFICATION, PVOID context, CM_NOTIFY_ACTION, PCM_NOTIFY_EVENT_DATA,
                          DWORD) {
  auto* c = static_cast<CContext*>(context);
  if (::getpid() != c->owner) std::_Exit(kInheritedCallbackRan);
  c->calls.fetch_add(1);
  return ERROR_SUCCESS;
}

class Fork : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    for (int i = 0; i < 4; ++i) source().add_device(device(i));
  }
  static DevicePtr device(int i) {
    const std::string n = std::to_string(i);
    return make_device("ROOT\\FORK\\" + n, "/sys/devices/fork/" + n);
  }

  // What a child does with what it inherited, then with registrations of its own.
  int child_checks(std::vector<Subscription>& inherited, std::vector<HCMNOTIFICATION>& c_handles) {
    auto& e = engine::Engine::instance();
    const std::size_t inherited_count = inherited.size() + c_handles.size();
    if (e.stats().registrations != 0 || e.stats().inherited != inherited_count)
      return kUnexpectedRegistrations;
    std::this_thread::sleep_for(50ms);  // an inherited callback would have time to run now
    for (Subscription& s : inherited) {
      const std::uint64_t id = s.id();
      if (e.unregister(id) != Cr::success) return kInheritedUnregisterFailed;
      if (e.unregister(id) != Cr::invalid_data) return kSecondUnregisterNotInvalid;
      s = Subscription();  // (its destructor would unregister again: harmless, invalid_data)
    }
    for (HCMNOTIFICATION h : c_handles) {
      if (CM_Unregister_Notification(h) != CR_SUCCESS) return kInheritedUnregisterFailed;
      if (CM_Unregister_Notification(h) != CR_FAILURE) return kSecondUnregisterNotInvalid;
    }
    if (e.stats().inherited != 0) return kUnexpectedRegistrations;

    // Registrations of the child's own, on the in-memory source it inherited.
    std::mutex mutex;
    std::set<std::string> seen;
    SubscribeOptions options;
    options.present = true;
    options.changes = false;
    Subscription own;
    try {
      own = subscribe(
          Filter::all_instances(),
          [&](const Event& e2) {
            std::lock_guard lock(mutex);
            seen.insert(e2.instance_id() + " " + std::string(to_string(e2.action)));
          },
          options);
    } catch (const Error&) {
      return kNewRegistrationFailed;
    }
    CContext c_context;
    CM_NOTIFY_FILTER filter{};
    filter.cbSize = sizeof filter;
    filter.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES;
    filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
    HCMNOTIFICATION h = nullptr;
    if (CM_Register_Notification(&filter, &c_context, c_callback, &h) != CR_SUCCESS)
      return kCApiFailed;
    source().add_device(make_device("ROOT\\FORK\\CHILD", "/sys/devices/fork/child"));
    const bool got_all = child_wait([&] {
      std::lock_guard lock(mutex);
      return seen.count("ROOT\\FORK\\CHILD DEVICEINSTANCESTARTED") == 1 &&
             seen.count("ROOT\\FORK\\3 DEVICEINSTANCESTARTED") == 1;
    });
    if (!got_all) return kNewEventsMissing;
    if (!child_wait([&] { return c_context.calls.load() >= 2; })) return kCApiFailed;
    if (CM_Unregister_Notification(h) != CR_SUCCESS) return kNewUnregisterFailed;
    own.reset();
    if (e.stats().registrations != 0) return kNewUnregisterFailed;
    return 0;
  }
};

TEST_F(Fork, ChildrenForkedWhileEventsFlowAndCallbacksRunGetInertHandlesAndAFreshEngine) {
  // The parent: C++ and C API registrations whose callbacks are slow enough to be running when
  // fork() happens, and a thread publishing all the time.
  std::atomic<int> cpp_calls{0};
  std::vector<Subscription> subs;
  for (int i = 0; i < 4; ++i) {
    subs.push_back(subscribe(Filter::all_instances(), [&](const Event&) {
      if (::getpid() != g_test_process) std::_Exit(kInheritedCallbackRan);
      ++cpp_calls;
      std::this_thread::sleep_for(100us);
    }));
  }
  CContext c_context;
  std::vector<HCMNOTIFICATION> handles;
  for (int i = 0; i < 3; ++i) {
    CM_NOTIFY_FILTER filter{};
    filter.cbSize = sizeof filter;
    filter.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES;
    filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
    HCMNOTIFICATION h = nullptr;
    ASSERT_EQ(CM_Register_Notification(&filter, &c_context, c_callback, &h), CR_SUCCESS);
    handles.push_back(h);
  }
  std::atomic<bool> stop{false}, paused{false};
  std::thread publisher([&] {
    for (std::uint64_t seq = 1; !stop; ++seq) {
      if (paused) {
        std::this_thread::sleep_for(1ms);
        continue;
      }
      source().publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                          device(static_cast<int>(seq % 4)), Origin::live, seq));
    }
  });
  ASSERT_TRUE(child_wait([&] { return cpp_calls.load() > 100; }));

  constexpr int kChildren = 20;
  for (int i = 0; i < kChildren; ++i) {
    SCOPED_TRACE("child " + std::to_string(i));
    paused = cmnotify::testing::kQuietForks;  // its threads can then fall asleep before fork()
    EXPECT_EQ(run_in_child([&] { return child_checks(subs, handles); }), 0);
    paused = false;
  }
  stop = true;
  publisher.join();

  // The parent is untouched: its registrations are still open and still receiving.
  const int before = cpp_calls.load();
  source().add_device(make_device("ROOT\\FORK\\LATE", "/sys/devices/fork/late"));
  EXPECT_TRUE(child_wait([&] { return cpp_calls.load() >= before + 8; }));
  EXPECT_EQ(engine().stats().registrations, 7u);
  EXPECT_EQ(engine().stats().inherited, 0u);
  subs.clear();
  for (HCMNOTIFICATION h : handles) EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

TEST_F(Fork, AChildOfAChildInheritsBothGenerations) {
  std::atomic<int> calls{0};
  auto parent_sub = subscribe(Filter::all_instances(), [&](const Event&) { ++calls; });
  const int status = run_in_child([&]() -> int {
    auto& e = engine::Engine::instance();
    if (e.stats().inherited != 1) return kUnexpectedRegistrations;
    auto own = subscribe(Filter::all_instances(), [&](const Event&) {});
    // The grandchild inherits the parent's registration and the child's.
    const int grandchild = run_in_child([&]() -> int {
      if (e.stats().inherited != 2 || e.stats().registrations != 0) return kUnexpectedRegistrations;
      if (e.unregister(own.id()) != Cr::success) return kInheritedUnregisterFailed;
      if (e.unregister(parent_sub.id()) != Cr::success) return kInheritedUnregisterFailed;
      std::vector<Subscription> none;
      std::vector<HCMNOTIFICATION> no_handles;
      own = Subscription();
      parent_sub = Subscription();
      return child_checks(none, no_handles);
    });
    return grandchild;
  });
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(engine().is_open(parent_sub.id()));
}

TEST_F(Fork, ForkFromInsideACallbackGivesAChildThatCanRegisterAnew) {
  // The child of a fork() made inside a callback runs on inside that callback: it may use
  // cmnotify, but must leave with exit() or exec rather than return into the callback (which
  // belongs to a registration it inherited).
  std::atomic<int> status{-2};
  std::atomic<bool> forked{false};
  // The present device may be delivered before subscribe() returns: the callback waits until
  // the registration's id is known (it forks with it), which happens once `sub` is assigned.
  std::atomic<std::uint64_t> id{0};
  Subscription sub;
  sub = subscribe(
      Filter::instance("ROOT\\FORK\\0"),
      [&](const Event&) {
        if (forked.exchange(true)) return;
        id.wait(0);
        status = run_in_child([&] {
          std::vector<Subscription> none;
          std::vector<HCMNOTIFICATION> no_handles;
          if (engine::Engine::instance().unregister(id.load()) != Cr::success)
            return static_cast<int>(kInheritedUnregisterFailed);
          sub = Subscription();
          return child_checks(none, no_handles);
        });
      },
      SubscribeOptions{true, false});
  id = sub.id();
  id.notify_all();
  ASSERT_TRUE(child_wait([&] { return status.load() != -2; }));
  EXPECT_EQ(status.load(), 0);
}

VOID CALLBACK count_work(PTP_CALLBACK_INSTANCE, PVOID context, PTP_WORK) {
  static_cast<std::atomic<int>*>(context)->fetch_add(1);
}

TEST_F(Fork, Win32ThreadpoolWorkRunsInAChildOfAProcessThatUsedIt) {
  // The seed example unregisters from a threadpool work item: the pool is reset in a child too.
  std::atomic<int> runs{0};
  PTP_WORK work = CreateThreadpoolWork(count_work, &runs, nullptr);
  ASSERT_NE(work, nullptr);
  for (int i = 0; i < 10; ++i) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  ASSERT_EQ(runs.load(), 10);
  const int status = run_in_child([]() -> int {
    std::atomic<int> child_runs{0};
    PTP_WORK own = CreateThreadpoolWork(count_work, &child_runs, nullptr);
    if (own == nullptr) return kNewRegistrationFailed;
    SubmitThreadpoolWork(own);
    if (!child_wait([&] { return child_runs.load() == 1; })) return kNewEventsMissing;
    WaitForThreadpoolWorkCallbacks(own, FALSE);
    CloseThreadpoolWork(own);
    return 0;
  });
  EXPECT_EQ(status, 0);
  CloseThreadpoolWork(work);
}

// The Linux source runs a reader thread: the child abandons it (never joining it) and starts a
// fresh source with the same options, on a socket of its own.
class ForkLinuxSource : public cmnotify::testing::FakeSourceTest {};

TEST_F(ForkLinuxSource, TheChildStartsAFreshSourceAndTheParentKeepsItsOwn) {
  add_net("before");
  install();
  testing::EventRecorder parent_events;
  auto sub = subscribe(Filter::all_instances(), [&](const Event& e) { parent_events(e); });
  plug("flowing");
  ASSERT_TRUE(parent_events.wait_for_event(is(Action::instance_enumerated, net_id("flowing"))));

  const int status = run_in_child([&]() -> int {
    kernel_.reset_after_fork();
    auto& e = engine::Engine::instance();
    if (e.unregister(sub.id()) != Cr::success) return kInheritedUnregisterFailed;
    sub = Subscription();
    std::mutex mutex;
    std::set<std::string> seen;
    SubscribeOptions options;
    options.present = true;
    Subscription own = subscribe(
        Filter::all_instances(),
        [&](const Event& ev) {
          std::lock_guard lock(mutex);
          seen.insert(ev.instance_id() + " " + std::string(to_string(ev.action)));
        },
        options);
    plug("childs");  // through the child's own socket: a fresh reader thread reads it
    if (!child_wait([&] {
          std::lock_guard lock(mutex);
          return seen.count(net_id("before") + " DEVICEINSTANCEENUMERATED") == 1 &&
                 seen.count(net_id("childs") + " DEVICEINSTANCEENUMERATED") == 1;
        }))
      return kNewEventsMissing;
    if (kernel_.sockets_opened() != 2) return kNewRegistrationFailed;  // the parent's and its own
    own.reset();
    return 0;
  });
  EXPECT_EQ(status, 0);
  // The parent's source is still the parent's: its events still arrive.
  plug("afterwards");
  EXPECT_TRUE(parent_events.wait_for_event(is(Action::instance_enumerated, net_id("afterwards"))));
}

}  // namespace
}  // namespace cmnotify
