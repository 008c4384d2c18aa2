// The examples' C code (compiled as C11, exactly as the example programs use it) driven against
// the in-memory source.
//
// The linker wraps CM_Unregister_Notification, CreateThreadpoolWork, CreateFileW and CloseHandle
// (--wrap, see CMakeLists.txt): the wrappers record which thread called them and whether it was
// running a threadpool work item or an engine callback, then call the real functions. An engine
// observer numbers every callback's begin and end on the same clock as the unregister calls, so
// "no callback began after the unregister returned" is a comparison of numbers, not of times.
#include <cfgmgr32.h>
#include <ntddstor.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/device_events.hpp"
#include "interface_and_handle.h"
#include "support/memory_engine.hpp"
#include "support/recording_subscriber.hpp"
#include "win32/win32_support.hpp"

extern "C" VOID NotificationFunction(void);  // examples/seed_unregister.c

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::Signal;

// ---- What the wrappers record ----

std::atomic<std::uint64_t> g_clock{1};
std::uint64_t tick() { return g_clock.fetch_add(1); }

thread_local bool t_in_work = false;             // running a threadpool work item
thread_local bool t_in_engine_callback = false;  // running an engine callback

struct UnregisterCall {
  HCMNOTIFICATION handle = nullptr;
  std::thread::id thread;
  bool in_work = false;
  bool in_engine_callback = false;
  std::uint64_t entered = 0;
  std::uint64_t returned = 0;
  CONFIGRET cr = CR_DEFAULT;
};

struct CloseCall {
  HANDLE handle = nullptr;
  BOOL result = FALSE;
  bool in_engine_callback = false;
};

struct WorkTrampoline {
  PTP_WORK_CALLBACK callback;
  PVOID context;
};

struct Record {
  std::mutex mutex;
  std::vector<UnregisterCall> unregisters;
  std::vector<HANDLE> opened;
  std::vector<CloseCall> closed;
  std::deque<WorkTrampoline> trampolines;
  std::atomic<int> work_runs{0};
  std::function<void(HCMNOTIFICATION)> on_unregister_entered;

  std::vector<UnregisterCall> unregisters_of(HCMNOTIFICATION h) {
    std::lock_guard lock(mutex);
    std::vector<UnregisterCall> out;
    for (const auto& u : unregisters)
      if (u.handle == h) out.push_back(u);
    return out;
  }
};

Record* g_record = nullptr;  // set while a test runs

VOID CALLBACK work_trampoline(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  auto* t = static_cast<WorkTrampoline*>(context);
  g_record->work_runs.fetch_add(1);
  t_in_work = true;
  t->callback(instance, t->context, work);
  t_in_work = false;
}

}  // namespace
}  // namespace cmnotify

using cmnotify::g_record;

extern "C" {

CONFIGRET __real_CM_Unregister_Notification(HCMNOTIFICATION);
PTP_WORK __real_CreateThreadpoolWork(PTP_WORK_CALLBACK, PVOID, PTP_CALLBACK_ENVIRON);
HANDLE __real_CreateFileW(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD, HANDLE);
BOOL __real_CloseHandle(HANDLE);

CONFIGRET __wrap_CM_Unregister_Notification(HCMNOTIFICATION h) {
  cmnotify::UnregisterCall call;
  call.handle = h;
  call.thread = std::this_thread::get_id();
  call.in_work = cmnotify::t_in_work;
  call.in_engine_callback = cmnotify::t_in_engine_callback;
  call.entered = cmnotify::tick();
  if (g_record->on_unregister_entered) g_record->on_unregister_entered(h);
  call.cr = __real_CM_Unregister_Notification(h);
  call.returned = cmnotify::tick();
  std::lock_guard lock(g_record->mutex);
  g_record->unregisters.push_back(call);
  return call.cr;
}

PTP_WORK __wrap_CreateThreadpoolWork(PTP_WORK_CALLBACK pfnwk, PVOID pv, PTP_CALLBACK_ENVIRON pcbe) {
  cmnotify::WorkTrampoline* t = nullptr;
  {
    std::lock_guard lock(g_record->mutex);
    t = &g_record->trampolines.emplace_back(cmnotify::WorkTrampoline{pfnwk, pv});
  }
  return __real_CreateThreadpoolWork(cmnotify::work_trampoline, t, pcbe);
}

HANDLE __wrap_CreateFileW(LPCWSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES security,
                          DWORD disposition, DWORD flags, HANDLE templ) {
  const HANDLE h = __real_CreateFileW(name, access, share, security, disposition, flags, templ);
  std::lock_guard lock(g_record->mutex);
  g_record->opened.push_back(h);
  return h;
}

BOOL __wrap_CloseHandle(HANDLE h) {
  const BOOL result = __real_CloseHandle(h);
  std::lock_guard lock(g_record->mutex);
  g_record->closed.push_back({h, result, cmnotify::t_in_engine_callback});
  return result;
}

}  // extern "C"

namespace cmnotify {
namespace {

// Numbers the begin and end of every callback of the watched registration (the first one
// registered after arm()). In the seed's callback path it publishes the early event while that
// registration is being made and waits until the callback has returned; in the direct path it
// holds that event's callback at its start until the example's unregister has been entered, so
// the unregister must wait for a callback in flight.
class Tracker final : public engine::EngineObserver, public engine::RegistrationObserver {
 public:
  enum class Mode { observe, early_event_handled, early_event_in_flight };

  // Registrations up to `older` (an EventFlow's own) are never the example's.
  Tracker(Mode mode, engine::MemorySource& source, DevicePtr device,
          engine::RegistrationId older = 0)
      : mode_(mode), source_(source), device_(std::move(device)), older_(older) {}

  void registered(engine::RegistrationId id) override {
    const int n = ++registrations_;
    if (n == 1) watched_ = id;
    if (n == 2) second_ = id;
    if (n == 2) second_registered_.notify();
    if (n != 1 || mode_ == Mode::observe) return;
    source_.publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                       device_, Origin::live, 0));
    Signal& wait_for = mode_ == Mode::early_event_handled ? first_end_ : first_begin_;
    early_event_ok_ = wait_for.wait(30s);
  }

  void callback_begin(engine::RegistrationId id, const Event&) override {
    t_in_engine_callback = true;
    // Events keep flowing: the first registration's first callback can begin before the engine
    // reports the registration (registered() runs just after). It is the watched one all the same.
    engine::RegistrationId unset = 0;
    if (id > older_) watched_.compare_exchange_strong(unset, id);
    if (id != watched_.load()) return;
    {
      std::lock_guard lock(mutex_);
      begins_.push_back(tick());
    }
    first_begin_.notify();
    if (mode_ == Mode::early_event_in_flight) gate_.wait(30s);
  }

  void callback_end(engine::RegistrationId id) override {
    t_in_engine_callback = false;
    if (id != watched_.load()) return;
    {
      std::lock_guard lock(mutex_);
      ends_.push_back(tick());
    }
    first_end_.notify();
  }

  void callback_failed(engine::RegistrationId, const Event&, const char* what) override {
    ADD_FAILURE() << "a callback threw: " << what;
  }

  void open_gate() { gate_.notify(); }

  HCMNOTIFICATION watched() const {
    return reinterpret_cast<HCMNOTIFICATION>(static_cast<std::uintptr_t>(watched_.load()));
  }
  HCMNOTIFICATION second() const {
    return reinterpret_cast<HCMNOTIFICATION>(static_cast<std::uintptr_t>(second_.load()));
  }
  engine::RegistrationId watched_id() const { return watched_.load(); }
  bool early_event_ok() const { return early_event_ok_; }
  Signal& second_registered() { return second_registered_; }
  std::vector<std::uint64_t> begins() {
    std::lock_guard lock(mutex_);
    return begins_;
  }
  std::vector<std::uint64_t> ends() {
    std::lock_guard lock(mutex_);
    return ends_;
  }

 private:
  const Mode mode_;
  engine::MemorySource& source_;
  const DevicePtr device_;
  const engine::RegistrationId older_;
  std::atomic<int> registrations_{0};
  std::atomic<engine::RegistrationId> watched_{0};
  std::atomic<engine::RegistrationId> second_{0};
  std::atomic<bool> early_event_ok_{false};
  Signal first_begin_, first_end_, gate_, second_registered_;
  std::mutex mutex_;
  std::vector<std::uint64_t> begins_, ends_;
};

// Runs fn on its own thread; false (and the thread left behind) if it does not finish in time,
// so a deadlock fails the test instead of hanging it.
bool run_with_timeout(std::function<void()> fn, std::chrono::seconds limit, std::thread::id& id,
                      std::uint64_t& finished_at) {
  auto done = std::make_shared<Signal>();
  auto finished = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::thread t([fn = std::move(fn), done, finished] {
    fn();
    finished->store(tick());
    done->notify();
  });
  id = t.get_id();
  if (!done->wait(limit)) {
    t.detach();
    return false;
  }
  t.join();
  finished_at = finished->load();
  return true;
}

// Publishes events for a device continuously, and counts what a second (engine) registration of
// the same device receives: once it has seen an event, every registration had its chance at it.
class EventFlow {
 public:
  EventFlow(engine::Engine& engine, engine::MemorySource& source, DevicePtr device)
      : engine_(engine), source_(source), device_(std::move(device)) {
    engine::FilterSpec spec;
    spec.type = FilterType::device_instance;
    spec.instance_id = device_->instance_id;
    EXPECT_EQ(
        engine_.register_subscriber(
            spec, cmnotify::testing::subscriber([this](const Event& e, engine::RegistrationId) {
              {
                std::lock_guard lock(mutex_);
                seen_ = std::max(seen_, e.sequence);
              }
              cv_.notify_all();
            }),
            {}, keeper_),
        Cr::success);
  }

  void start() {
    thread_ = std::thread([this] {
      for (std::uint64_t seq = 1; !stop_; ++seq) {
        source_.publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                           device_, Origin::live, seq));
        published_ = seq;
        if (seq % 64 == 0) wait_seen(seq - 32);  // keep the queues short
      }
    });
  }

  // Publishes `more` further events, stops, and waits until all were delivered.
  bool finish(std::uint64_t more) {
    const std::uint64_t mark = published_.load() + more;
    while (published_.load() < mark && thread_.joinable()) std::this_thread::yield();
    stop_ = true;
    thread_.join();
    return wait_seen(published_.load());
  }

  void close() { EXPECT_EQ(engine_.unregister(keeper_), Cr::success); }
  [[nodiscard]] engine::RegistrationId keeper() const { return keeper_; }

 private:
  bool wait_seen(std::uint64_t seq) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 30s, [&] { return seen_ >= seq; });
  }

  engine::Engine& engine_;
  engine::MemorySource& source_;
  DevicePtr device_;
  engine::RegistrationId keeper_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> published_{0};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t seen_ = 0;
};

class Win32Examples : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    g_record = &record_;
  }
  void TearDown() override {
    engine().set_registration_observer(nullptr);
    engine().set_observer(nullptr);
    MemoryEngineTest::TearDown();
    g_record = nullptr;
  }
  void watch(Tracker& tracker) {
    engine().set_observer(&tracker);
    engine().set_registration_observer(&tracker);
  }

  Record record_;
};

// ---- The seed (CM_Unregister_Notification's example) ----

DevicePtr seed_device() {
  // TEST_DEVICE_INSTANCE_ID's default in examples/seed_unregister.c.
  return cmnotify::testing::make_device("ROOT\\CMNOTIFY\\0000", "/sys/devices/virtual/cmnotify/0");
}

// An event arrives while the example registers: its callback sets bUnregister and submits the
// work item, so NotificationFunction waits for the work item, which unregisters.
TEST_F(Win32Examples, SeedCallbackPathUnregistersFromTheWorkItem) {
  const DevicePtr device = seed_device();
  source().add_device(device);
  EventFlow flow(engine(), source(), device);
  Tracker tracker(Tracker::Mode::early_event_handled, source(), device, flow.keeper());
  watch(tracker);
  flow.start();

  std::thread::id example_thread;
  std::uint64_t returned_at = 0;
  ASSERT_TRUE(run_with_timeout(NotificationFunction, 60s, example_thread, returned_at))
      << "NotificationFunction did not return: deadlock";
  EXPECT_TRUE(flow.finish(200)) << "events stopped flowing";

  ASSERT_NE(tracker.watched_id(), 0u) << "the example never registered";
  EXPECT_TRUE(tracker.early_event_ok()) << "the early event's callback never returned";
  EXPECT_FALSE(engine().is_open(tracker.watched_id()));
  const auto calls = record_.unregisters_of(tracker.watched());
  ASSERT_EQ(calls.size(), 1u);
  const UnregisterCall& u = calls[0];
  EXPECT_EQ(u.cr, CR_SUCCESS);
  EXPECT_TRUE(u.in_work) << "the unregister ran in the threadpool work item";
  EXPECT_FALSE(u.in_engine_callback);
  EXPECT_NE(u.thread, example_thread);
  EXPECT_LT(u.returned, returned_at) << "NotificationFunction waited for the work item";
  EXPECT_EQ(record_.work_runs.load(), 1);
  const auto begins = tracker.begins();
  ASSERT_GE(begins.size(), 1u);
  for (std::uint64_t b : begins) EXPECT_LT(b, u.returned) << "a callback began after unregister";
  flow.close();
}

// No early event: NotificationFunction unregisters itself while events flow. The first event's
// callback is held at its start until that unregister has been entered, so the unregister has a
// callback in flight to wait for.
TEST_F(Win32Examples, SeedDirectPathUnregistersFromNotificationFunction) {
  const DevicePtr device = seed_device();
  source().add_device(device);
  EventFlow flow(engine(), source(), device);
  Tracker tracker(Tracker::Mode::early_event_in_flight, source(), device, flow.keeper());
  record_.on_unregister_entered = [&tracker](HCMNOTIFICATION h) {
    if (h == tracker.watched()) tracker.open_gate();
  };
  watch(tracker);
  flow.start();

  std::thread::id example_thread;
  std::uint64_t returned_at = 0;
  const bool returned = run_with_timeout(NotificationFunction, 60s, example_thread, returned_at);
  if (!returned) tracker.open_gate();
  ASSERT_TRUE(returned) << "NotificationFunction did not return: deadlock";
  EXPECT_TRUE(flow.finish(200)) << "events stopped flowing";

  ASSERT_NE(tracker.watched_id(), 0u);
  EXPECT_TRUE(tracker.early_event_ok()) << "the first callback never began";
  EXPECT_FALSE(engine().is_open(tracker.watched_id()));
  const auto calls = record_.unregisters_of(tracker.watched());
  ASSERT_EQ(calls.size(), 1u);
  const UnregisterCall& u = calls[0];
  EXPECT_EQ(u.cr, CR_SUCCESS);
  EXPECT_EQ(u.thread, example_thread) << "NotificationFunction unregistered directly";
  EXPECT_FALSE(u.in_work);
  EXPECT_EQ(record_.work_runs.load(), 0) << "the work item never ran";
  const auto begins = tracker.begins();
  const auto ends = tracker.ends();
  ASSERT_GE(begins.size(), 1u);
  ASSERT_GE(ends.size(), 1u);
  EXPECT_LT(begins[0], u.entered) << "the callback was in flight when unregister began";
  EXPECT_LT(ends[0], u.returned) << "unregister waited for the callback in flight";
  for (std::uint64_t b : begins) EXPECT_LT(b, u.returned) << "a callback began after unregister";
  flow.close();
}

// ---- Microsoft's interface-and-handle sequence ----

class Win32InterfaceAndHandle : public Win32Examples {
 protected:
  void SetUp() override {
    Win32Examples::SetUp();
    struct stat st {};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    auto d = std::make_shared<Device>();
    d->instance_id = "ROOT\\CMNOTIFY\\0001";
    d->syspath = "/sys/devices/virtual/cmnotify/1";
    d->devnode = "/dev/null";  // a real character device, so CreateFile works
    d->major = major(st.st_rdev);
    d->minor = minor(st.st_rdev);
    d->interfaces = {
        {make_guid(0x53F56307, 0xB6BF, 0x11D0, 0x94, 0xF2, 0x00, 0xA0, 0xC9, 0x1E, 0xFB, 0x8B),
         "\\\\?\\ROOT#CMNOTIFY#0001#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}"}};
    device_ = d;
    source().add_device(device_);
  }

  // The one handle CreateFile returned, and how often CloseHandle closed it.
  HANDLE opened_handle() {
    std::lock_guard lock(record_.mutex);
    EXPECT_EQ(record_.opened.size(), 1u);
    return record_.opened.empty() ? INVALID_HANDLE_VALUE : record_.opened[0];
  }
  std::vector<CloseCall> closes_of(HANDLE h) {
    std::lock_guard lock(record_.mutex);
    std::vector<CloseCall> out;
    for (const auto& c : record_.closed)
      if (c.handle == h) out.push_back(c);
    return out;
  }

  DevicePtr device_;
};

TEST_F(Win32InterfaceAndHandle, RemovalIsHandledAndTheProgramEndsCleanly) {
  Tracker tracker(Tracker::Mode::observe, source(), device_);
  watch(tracker);
  int rc = -1;
  std::thread remover([&] {
    // Remove the device once the example has registered on its handle.
    if (tracker.second_registered().wait(60s)) source().remove_device(device_->syspath);
  });
  std::thread::id example_thread;
  std::uint64_t returned_at = 0;
  const bool returned =
      run_with_timeout([&rc] { rc = RunInterfaceAndHandle(&GUID_DEVINTERFACE_DISK, 120000); }, 150s,
                       example_thread, returned_at);
  if (!returned) tracker.second_registered().notify();
  remover.join();
  ASSERT_TRUE(returned) << "the example did not end";
  EXPECT_EQ(rc, 0) << "0: the removal was handled";

  const HANDLE h = opened_handle();
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  const auto closes = closes_of(h);
  ASSERT_EQ(closes.size(), 1u) << "the device handle is closed exactly once";
  EXPECT_TRUE(closes[0].result);
  EXPECT_TRUE(closes[0].in_engine_callback) << "closed in the REMOVECOMPLETE callback";

  const auto handle_calls = record_.unregisters_of(tracker.second());
  ASSERT_EQ(handle_calls.size(), 1u);
  EXPECT_EQ(handle_calls[0].cr, CR_SUCCESS);
  EXPECT_TRUE(handle_calls[0].in_work) << "deferred to the work item, not in its own callback";
  const auto interface_calls = record_.unregisters_of(tracker.watched());
  ASSERT_EQ(interface_calls.size(), 1u);
  EXPECT_EQ(interface_calls[0].cr, CR_SUCCESS);
  EXPECT_EQ(interface_calls[0].thread, example_thread);
  EXPECT_EQ(record_.work_runs.load(), 1);
}

TEST_F(Win32InterfaceAndHandle, TimeoutUnregistersDirectly) {
  Tracker tracker(Tracker::Mode::observe, source(), device_);
  watch(tracker);
  int rc = -1;
  std::thread::id example_thread;
  std::uint64_t returned_at = 0;
  ASSERT_TRUE(run_with_timeout([&rc] { rc = RunInterfaceAndHandle(&GUID_DEVINTERFACE_DISK, 50); },
                               60s, example_thread, returned_at));
  EXPECT_EQ(rc, 2) << "2: timeout";
  const HANDLE h = opened_handle();
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  ASSERT_EQ(closes_of(h).size(), 1u);
  const auto handle_calls = record_.unregisters_of(tracker.second());
  ASSERT_EQ(handle_calls.size(), 1u);
  EXPECT_EQ(handle_calls[0].cr, CR_SUCCESS);
  EXPECT_EQ(handle_calls[0].thread, example_thread);
  EXPECT_EQ(record_.work_runs.load(), 0);
}

TEST_F(Win32InterfaceAndHandle, NoInterfacePresentOnlyWatchesArrivals) {
  Tracker tracker(Tracker::Mode::observe, source(), device_);
  watch(tracker);
  int rc = -1;
  std::thread::id example_thread;
  std::uint64_t returned_at = 0;
  ASSERT_TRUE(run_with_timeout([&rc] { rc = RunInterfaceAndHandle(&GUID_DEVINTERFACE_CDROM, 50); },
                               60s, example_thread, returned_at));
  EXPECT_EQ(rc, 2);
  EXPECT_EQ(tracker.second(), nullptr) << "no handle registration";
  EXPECT_TRUE(record_.opened.empty());
  EXPECT_EQ(record_.unregisters_of(tracker.watched()).size(), 1u);
}

}  // namespace
}  // namespace cmnotify
