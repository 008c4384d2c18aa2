// A registration flood: 100,000 registrations (CMNOTIFY_FLOOD_REGISTRATIONS) through the C API,
// from several threads at once. Each works (receives its event, exactly once) or fails cleanly
// (CR_OUT_OF_MEMORY and no handle); then all are unregistered, and the memory they used is
// given back: the heap in use returns to where it was before the flood.
#include <cfgmgr32.h>
#include <unistd.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "engine/device_events.hpp"
#include "support/heap_usage.hpp"
#include "support/memory_engine.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using testing::heap_in_use;

std::size_t registrations_to_make() {
  if (const char* env = std::getenv("CMNOTIFY_FLOOD_REGISTRATIONS"))
    return std::strtoul(env, nullptr, 10);
  return 100'000;
}

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

struct Slot {
  std::atomic<int> calls{0};
};

DWORD CALLBACK on_event(HCMNOTIFICATION, PVOID context, CM_NOTIFY_ACTION action,
                        PCM_NOTIFY_EVENT_DATA, DWORD) {
  if (action == CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL) static_cast<Slot*>(context)->calls++;
  return ERROR_SUCCESS;
}

const GUID kFloodClass = {
    0x7a3c1f00, 0x1d2e, 0x4b5a, {0x90, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};

class Flood : public cmnotify::testing::MemoryEngineTest {
 protected:
  // One device with one interface of the flood's class arrives (its events go to everyone).
  void arrive(const std::string& name) {
    const Guid guid = Guid::from_string("{7a3c1f00-1d2e-4b5a-9011-223344556677}");  // kFloodClass
    source().add_device(cmnotify::testing::make_device(
        "ROOT\\FLOOD\\" + name, "/sys/devices/flood/" + name,
        {{guid, "\\\\?\\ROOT#FLOOD#" + name + "#" + guid.to_string()}}));
  }
};

TEST_F(Flood, HundredThousandRegistrationsEachGetTheirEventThenMemoryReturns) {
  const std::size_t n = registrations_to_make();
  CM_NOTIFY_FILTER filter{};
  filter.cbSize = sizeof filter;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  filter.u.DeviceInterface.ClassGuid = kFloodClass;

  // Warm-up: a small flood first, so what the engine keeps for the whole process exists.
  const auto flood = [&](std::size_t count, const std::string& device, bool check) {
    std::vector<Slot> slots(count);
    std::vector<HCMNOTIFICATION> handles(count, nullptr);
    std::atomic<std::size_t> failed{0};
    std::vector<std::thread> registrars;
    constexpr std::size_t kThreads = 4;
    for (std::size_t t = 0; t < kThreads; ++t) {
      registrars.emplace_back([&, t] {
        for (std::size_t i = t; i < count; i += kThreads) {
          const CONFIGRET cr = CM_Register_Notification(&filter, &slots[i], on_event, &handles[i]);
          if (cr != CR_SUCCESS) {
            EXPECT_EQ(cr, CR_OUT_OF_MEMORY) << "registration " << i;
            EXPECT_EQ(handles[i], nullptr);
            ++failed;
          }
        }
      });
    }
    for (auto& r : registrars) r.join();
    const std::size_t peak_heap = heap_in_use();
    const std::size_t peak_rss = rss_bytes();
    arrive(device);
    std::size_t received = 0;
    for (int wait = 0; wait < 600; ++wait) {  // up to a minute (sanitizers are slow)
      received = 0;
      for (std::size_t i = 0; i < count; ++i)
        received += handles[i] != nullptr && slots[i].calls == 1;
      if (received + failed == count) break;
      std::this_thread::sleep_for(100ms);
    }
    std::vector<std::thread> closers;
    for (std::size_t t = 0; t < kThreads; ++t) {
      closers.emplace_back([&, t] {
        for (std::size_t i = t; i < count; i += kThreads) {
          if (handles[i] == nullptr) continue;
          EXPECT_EQ(CM_Unregister_Notification(handles[i]), CR_SUCCESS);
        }
      });
    }
    for (auto& c : closers) c.join();
    ASSERT_TRUE(source().remove_device("/sys/devices/flood/" + device));
    if (!check) return;
    for (std::size_t i = 0; i < count; ++i) {
      if (handles[i] != nullptr && slots[i].calls != 1) {
        ADD_FAILURE() << "registration " << i << " got " << slots[i].calls << " events, not 1";
        break;
      }
    }
    EXPECT_EQ(received + failed, count);
    RecordProperty("registrations", static_cast<int>(count));
    RecordProperty("failed_cleanly", static_cast<int>(failed.load()));
    RecordProperty("peak_heap_bytes", static_cast<int>(peak_heap));
    RecordProperty("peak_rss_bytes", static_cast<int>(peak_rss));
  };

  flood(n / 10, "warmup", false);
  engine().wait_for_threads_to_exit();
  const std::size_t heap_before = heap_in_use();
  const std::size_t rss_before = rss_bytes();
  flood(n, "flood", true);
  EXPECT_EQ(engine().stats().registrations, 0u);
  engine().wait_for_threads_to_exit();
  std::this_thread::sleep_for(100ms);  // detached workers finish exiting (thread-local buffers)
  const std::size_t heap_after = heap_in_use();
  const std::size_t rss_after = rss_bytes();
  RecordProperty("heap_before_bytes", static_cast<int>(heap_before));
  RecordProperty("heap_after_bytes", static_cast<int>(heap_after));
  RecordProperty("rss_before_bytes", static_cast<int>(rss_before));
  RecordProperty("rss_after_bytes", static_cast<int>(rss_after));
  // The allocator keeps freed pages for reuse; trimmed, the RSS shows what is really held.
  ::malloc_trim(0);
  const std::size_t rss_trimmed = rss_bytes();
  RecordProperty("rss_after_malloc_trim_bytes", static_cast<int>(rss_trimmed));
  std::printf(
      "flood of %zu: heap in use %zu -> %zu bytes, RSS %zu -> %zu bytes (%zu after "
      "malloc_trim)\n",
      n, heap_before, heap_after, rss_before, rss_after, rss_trimmed);
  // What 100,000 registrations held (tens of megabytes) is back; allow a little slack for
  // allocator bookkeeping.
  EXPECT_LT(heap_after, heap_before + 256 * 1024)
      << "the flood left " << (heap_after - heap_before) << " bytes in use";
}

}  // namespace
}  // namespace cmnotify
