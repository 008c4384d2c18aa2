// Out of memory during registration. This binary (only this one) replaces the global operator
// new with one that can be told to fail the Nth allocation of the calling thread; each test
// sweeps N over every allocation one registration makes, through the C API and the C++ API.
// For every N the registration either fails with CR_OUT_OF_MEMORY / Error(Cr::out_of_memory),
// leaving nothing behind (no registration, the source stopped, every allocation it made freed),
// or succeeds and then delivers everything it owes exactly once. Either way the engine works
// normally afterwards. LeakSanitizer (the asan stage) checks the same run for leaks.
#include <cfgmgr32.h>
#include <dirent.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>
#include <new>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "support/memory_engine.hpp"

namespace {

std::atomic<long> g_live{0};  // allocations not yet freed, all threads

thread_local long t_fail_at = 0;  // fail this allocation of this thread (1-based); 0: never
thread_local long t_count = 0;    // allocations of this thread since arming

bool should_fail() noexcept {
  if (t_fail_at == 0 && t_count < 0) return false;
  ++t_count;
  return t_fail_at != 0 && t_count == t_fail_at;
}

void* allocate(std::size_t size) noexcept {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p != nullptr) g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}

void release(void* p) noexcept {
  if (p == nullptr) return;
  g_live.fetch_sub(1, std::memory_order_relaxed);
  std::free(p);
}

// Arms the calling thread: its Nth allocation from now fails (fail_at 0: count only).
class FailNth {
 public:
  explicit FailNth(long fail_at) {
    t_count = 0;
    t_fail_at = fail_at;
  }
  ~FailNth() { disarm(); }
  FailNth(const FailNth&) = delete;
  FailNth& operator=(const FailNth&) = delete;
  long disarm() {
    const long n = t_count;
    t_fail_at = 0;
    t_count = -1;
    return n;
  }
};

}  // namespace

// The replaceable allocation functions. GCC sees free() paired with operator new and warns;
// they do match here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  if (should_fail()) throw std::bad_alloc();
  if (void* p = allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return should_fail() ? nullptr : allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return should_fail() ? nullptr : allocate(size);
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using cmnotify::testing::make_device;

std::size_t thread_count() {
  std::size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/task")) {
    while (const dirent* e = ::readdir(d)) n += e->d_name[0] != '.';
    ::closedir(d);
  }
  return n;
}

class OutOfMemory : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    t_count = -1;
    MemoryEngineTest::SetUp();
    for (int i = 0; i < 3; ++i) {
      source().add_device(make_device("ROOT\\OOM\\" + std::to_string(i),
                                      "/sys/devices/oom/" + std::to_string(i),
                                      {{kClass, "\\\\?\\ROOT#OOM#" + std::to_string(i) + "#x"}}));
    }
    static const std::size_t before_any_engine_thread = thread_count();  // the first SetUp
    threads_ = before_any_engine_thread;
  }

  // Waits until no engine thread is left (every registration is closed by now), so the live
  // allocation count means something. Fails instead of hanging.
  void settle() {
    auto done = std::async(std::launch::async,
                           [] { engine::Engine::instance().wait_for_threads_to_exit(); });
    ASSERT_EQ(done.wait_for(20s), std::future_status::ready)
        << "the pool still counts threads that do not exist";
    done.get();
    for (int i = 0; i < 20000 && thread_count() > threads_; ++i) std::this_thread::sleep_for(1ms);
    ASSERT_EQ(thread_count(), threads_);
  }

  // After any failure the engine works as new: a registration receives the present devices and
  // a live event, once each.
  void expect_engine_works() {
    std::mutex mutex;
    std::multiset<std::string> seen;
    SubscribeOptions options;
    options.present = true;
    {
      auto sub = subscribe(
          Filter::all_instances(),
          [&](const Event& e) {
            std::lock_guard lock(mutex);
            seen.insert(std::string(to_string(e.action)) + " " + e.instance_id());
          },
          options);
      source().add_device(make_device("ROOT\\OOM\\LIVE", "/sys/devices/oom/live"));
      const auto deadline = std::chrono::steady_clock::now() + 20s;
      while (std::chrono::steady_clock::now() < deadline) {
        std::lock_guard lock(mutex);
        if (seen.size() >= 8) break;
      }
    }
    ASSERT_TRUE(source().remove_device("/sys/devices/oom/live"));
    EXPECT_EQ(seen.size(), 8u) << "3 present and 1 live device, enumerated and started";
    for (const auto& s : seen) EXPECT_EQ(seen.count(s), 1u) << s;
  }

  static constexpr Guid kClass = make_guid(0x6f0e1c77, 0x1, 0x2, 3, 4, 5, 6, 7, 8, 9, 10);
  std::size_t threads_ = 0;
};

DWORD CALLBACK count_event(HCMNOTIFICATION, PVOID context, CM_NOTIFY_ACTION, PCM_NOTIFY_EVENT_DATA,
                           DWORD) {
  static_cast<std::atomic<int>*>(context)->fetch_add(1);
  return ERROR_SUCCESS;
}

CM_NOTIFY_FILTER instance_filter(const wchar_t* id) {
  CM_NOTIFY_FILTER f{};
  f.cbSize = sizeof f;
  f.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  std::wcscpy(f.u.DeviceInstance.InstanceId, id);
  return f;
}

TEST_F(OutOfMemory, CmRegisterNotificationFailsCleanlyAtEveryAllocation) {
  CM_NOTIFY_FILTER filter = instance_filter(L"ROOT\\OOM\\LATE");
  std::atomic<int> calls{0};
  expect_engine_works();  // warm-up: what exists once per process exists now
  settle();

  long total = 0;
  {
    HCMNOTIFICATION h = nullptr;
    FailNth count_only(0);
    ASSERT_EQ(CM_Register_Notification(&filter, &calls, count_event, &h), CR_SUCCESS);
    total = count_only.disarm();
    ASSERT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
  }
  RecordProperty("allocations_per_registration", static_cast<int>(total));
  ASSERT_GT(total, 0);

  int failed = 0;
  for (long n = 1; n <= total; ++n) {
    SCOPED_TRACE("allocation " + std::to_string(n) + " of " + std::to_string(total));
    settle();
    const long live_before = g_live.load();
    HCMNOTIFICATION h = reinterpret_cast<HCMNOTIFICATION>(std::uintptr_t{1});
    CONFIGRET cr;
    {
      FailNth fail(n);
      cr = CM_Register_Notification(&filter, &calls, count_event, &h);
    }
    if (cr == CR_SUCCESS) {
      // The failure was absorbed: the registration must then be whole.
      calls = 0;
      source().add_device(make_device("ROOT\\OOM\\LATE", "/sys/devices/oom/late"));
      for (int i = 0; i < 20000 && calls.load() < 2; ++i) std::this_thread::sleep_for(1ms);
      EXPECT_EQ(calls.load(), 2) << "enumerated and started, once each";
      EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
      ASSERT_TRUE(source().remove_device("/sys/devices/oom/late"));
    } else {
      ++failed;
      const std::size_t registrations = engine().stats().registrations;
      const bool running = source().running();
      settle();
      const long live_after = g_live.load();  // before any failure message allocates
      EXPECT_EQ(live_after, live_before) << "allocations of the failed registration leaked";
      EXPECT_EQ(cr, CR_OUT_OF_MEMORY);
      EXPECT_EQ(h, nullptr);
      EXPECT_EQ(registrations, 0u);
      EXPECT_FALSE(running) << "the source was left running with no registration";
    }
    expect_engine_works();
  }
  RecordProperty("allocations_failing_the_registration", failed);
  EXPECT_GT(failed, 0);
}

TEST_F(OutOfMemory, SubscribeWithPresentDevicesFailsCleanlyAtEveryAllocation) {
  std::mutex mutex;
  std::multiset<std::string> seen;
  auto record = [&](const Event& e) {
    std::lock_guard lock(mutex);
    seen.insert(std::string(to_string(e.action)) + " " + e.instance_id());
  };
  SubscribeOptions options;
  options.present = true;
  expect_engine_works();
  settle();

  long total = 0;
  {
    FailNth count_only(0);
    auto sub = subscribe(Filter::all_instances(), record, options);
    total = count_only.disarm();
  }
  RecordProperty("allocations_per_subscription", static_cast<int>(total));
  ASSERT_GT(total, 0);

  int failed = 0;
  for (long n = 1; n <= total; ++n) {
    SCOPED_TRACE("allocation " + std::to_string(n) + " of " + std::to_string(total));
    settle();
    {
      std::lock_guard lock(mutex);
      seen.clear();
    }
    const long live_before = g_live.load();
    Subscription sub;
    bool out_of_memory = false;
    {
      FailNth fail(n);
      try {
        sub = subscribe(Filter::all_instances(), record, options);
      } catch (const Error& e) {
        out_of_memory = true;
        fail.disarm();
        EXPECT_EQ(e.code(), Cr::out_of_memory) << e.what();
      } catch (const std::bad_alloc&) {
        out_of_memory = true;
        fail.disarm();
        ADD_FAILURE() << "subscribe() let std::bad_alloc out instead of Error(Cr::out_of_memory)";
      }
    }
    if (!out_of_memory) {
      // Subscribed: the 3 present devices arrive (enumerated, started), each exactly once.
      for (int i = 0; i < 20000; ++i) {
        {
          std::lock_guard lock(mutex);
          if (seen.size() >= 6) break;
        }
        std::this_thread::sleep_for(1ms);
      }
      sub.reset();
      std::lock_guard lock(mutex);
      EXPECT_EQ(seen.size(), 6u) << "present devices lost or doubled";
      for (const auto& s : seen) EXPECT_EQ(seen.count(s), 1u) << s;
    } else {
      ++failed;
      const std::size_t registrations = engine().stats().registrations;
      const bool running = source().running();
      settle();
      const long live_after = g_live.load();  // before any failure message allocates
      EXPECT_EQ(live_after, live_before) << "allocations of the failed subscription leaked";
      EXPECT_EQ(registrations, 0u);
      {
        // Its present devices were scheduled before the failure: none may reach the callback.
        std::lock_guard lock(mutex);
        EXPECT_TRUE(seen.empty()) << "a failed subscription called its callback " << seen.size()
                                  << " times";
      }
      EXPECT_FALSE(running) << "the source was left running with no registration";
    }
    expect_engine_works();
  }
  RecordProperty("allocations_failing_the_subscription", failed);
  EXPECT_GT(failed, 0);
}

}  // namespace
}  // namespace cmnotify
