// The seed's example program (examples/seed_unregister.c, compiled as C with
// TEST_DEVICE_INSTANCE_ID naming a tap interface) against a real device (root): the tap appears
// while the example is registering, so its callback runs before CM_Register_Notification
// returns, submits the work item, and the work item unregisters. No deadlock, and no callback of
// that registration begins after the unregister returned, although the device keeps producing
// events (it is deleted afterwards).
#include <cfgmgr32.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "engine/engine.hpp"
#include "support/kernel_devices.hpp"

extern "C" VOID NotificationFunction(void);  // examples/seed_unregister.c

namespace {

std::atomic<std::uint64_t> g_clock{1};
std::uint64_t tick() { return g_clock.fetch_add(1); }
thread_local bool t_in_work = false;

struct UnregisterCall {
  HCMNOTIFICATION handle = nullptr;
  bool in_work = false;
  CONFIGRET cr = CR_DEFAULT;
  std::uint64_t returned = 0;
};

std::mutex g_mutex;
std::vector<UnregisterCall> g_unregisters;
PTP_WORK_CALLBACK g_work_callback = nullptr;

VOID CALLBACK work_trampoline(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work) {
  t_in_work = true;
  g_work_callback(instance, context, work);
  t_in_work = false;
}

}  // namespace

extern "C" {
CONFIGRET __real_CM_Unregister_Notification(HCMNOTIFICATION);
PTP_WORK __real_CreateThreadpoolWork(PTP_WORK_CALLBACK, PVOID, PTP_CALLBACK_ENVIRON);

CONFIGRET __wrap_CM_Unregister_Notification(HCMNOTIFICATION h) {
  UnregisterCall call;
  call.handle = h;
  call.in_work = t_in_work;
  call.cr = __real_CM_Unregister_Notification(h);
  call.returned = tick();
  std::lock_guard lock(g_mutex);
  g_unregisters.push_back(call);
  return call.cr;
}

PTP_WORK __wrap_CreateThreadpoolWork(PTP_WORK_CALLBACK callback, PVOID context,
                                     PTP_CALLBACK_ENVIRON environment) {
  g_work_callback = callback;  // the example creates one work item
  return __real_CreateThreadpoolWork(work_trampoline, context, environment);
}
}  // extern "C"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;

// Creates the tap while the example's registration is being made, waits until the example's
// callback has run, and numbers every callback of that registration.
class RealDeviceDriver final : public engine::RegistrationObserver, public engine::EngineObserver {
 public:
  void registered(engine::RegistrationId id) override {
    watched_ = id;
    tap_ = std::make_unique<testing::TapInterface>("cmnseed0");
    std::unique_lock lock(mutex_);
    callback_done_in_time_ = cv_.wait_for(lock, 20s, [&] { return ends_ > 0; });
  }
  void callback_begin(engine::RegistrationId id, const Event&) override {
    if (id != watched_.load()) return;
    std::lock_guard lock(mutex_);
    begins_.push_back(tick());
  }
  void callback_end(engine::RegistrationId id) override {
    if (id != watched_.load()) return;
    {
      std::lock_guard lock(mutex_);
      ++ends_;
    }
    cv_.notify_all();
  }
  void callback_failed(engine::RegistrationId, const Event&, const char* what) override {
    ADD_FAILURE() << "callback threw: " << what;
  }

  std::unique_ptr<testing::TapInterface> tap_;
  std::atomic<engine::RegistrationId> watched_{0};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::uint64_t> begins_;
  int ends_ = 0;
  bool callback_done_in_time_ = false;
};

TEST(Win32SeedExampleOnARealDevice, UnregistersFromItsCallbackThroughTheWorkItem) {
  CMNOTIFY_REQUIRE_ROOT();
  SourceConfig config;
  config.group = SourceConfig::Group::kernel;
  configure_source(config);
  auto& engine = engine::Engine::instance();
  RealDeviceDriver driver;
  engine.set_observer(&driver);
  engine.set_registration_observer(&driver);

  auto done = std::async(std::launch::async, [] { NotificationFunction(); });
  const bool finished = done.wait_for(60s) == std::future_status::ready;
  engine.set_registration_observer(nullptr);
  ASSERT_TRUE(finished) << "NotificationFunction() did not return: deadlock";
  EXPECT_TRUE(driver.callback_done_in_time_) << "the tap's events never reached the callback";

  // Keep the device busy, then remove it: none of this may reach the closed registration.
  testing::write_uevent("/sys/class/net/cmnseed0", "change");
  driver.tap_->remove();
  std::this_thread::sleep_for(300ms);
  engine.set_observer(nullptr);

  const auto handle =
      reinterpret_cast<HCMNOTIFICATION>(static_cast<std::uintptr_t>(driver.watched_.load()));
  std::lock_guard lock(g_mutex);
  ASSERT_EQ(g_unregisters.size(), 1u) << "the example unregisters exactly once";
  const UnregisterCall& call = g_unregisters.front();
  EXPECT_EQ(call.handle, handle);
  EXPECT_TRUE(call.in_work) << "unregistered from the threadpool work item";
  EXPECT_EQ(call.cr, static_cast<CONFIGRET>(CR_SUCCESS));
  std::lock_guard driver_lock(driver.mutex_);
  ASSERT_FALSE(driver.begins_.empty());
  for (std::uint64_t begin : driver.begins_)
    EXPECT_LT(begin, call.returned) << "a callback began after CM_Unregister_Notification returned";
  EXPECT_FALSE(engine.is_open(driver.watched_.load()));
  EXPECT_EQ(engine.stats().registrations, 0u);
}

}  // namespace
}  // namespace cmnotify
