// advapi32's services without a Service Control Manager: validation and last-error codes, the
// dispatcher running the first service and HandlerEx on its own thread, device events from
// RegisterDeviceNotification(DEVICE_NOTIFY_SERVICE_HANDLE) over the in-memory source in order,
// and SIGTERM as SERVICE_CONTROL_STOP. Runs under ThreadSanitizer too.
#include <dbt.h>
#include <signal.h>
#include <windows.h>
#include <winsvc.h>
#include <winuser.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/memory_engine.hpp"
#include "win32/support/guid_convert.hpp"

namespace cmnotify {
namespace {

using namespace cmnotify::testing;

const Guid kClass = Guid::from_string("{cac88484-7515-4c03-82e6-71a87abac361}");

struct Service {
  std::atomic<SERVICE_STATUS_HANDLE> status_handle{nullptr};
  std::atomic<HDEVNOTIFY> notify{nullptr};
  HANDLE stop = nullptr;
  std::mutex mutex;
  std::vector<std::pair<DWORD, std::string>> device_events;  // DBT_ type, link
  std::vector<DWORD> controls;
  std::vector<DWORD> handler_threads;
  bool register_for_devices = true;
  std::wstring name_given;
};
Service* g_service = nullptr;

DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
  auto* s = static_cast<Service*>(context);
  std::lock_guard lock(s->mutex);
  s->controls.push_back(control);
  s->handler_threads.push_back(GetCurrentThreadId());
  if (control == SERVICE_CONTROL_DEVICEEVENT) {
    const auto* b = static_cast<const DEV_BROADCAST_DEVICEINTERFACE_W*>(data);
    std::string link;
    for (const wchar_t* p = b->dbcc_name; *p != L'\0'; ++p) link += static_cast<char>(*p);
    s->device_events.emplace_back(type, link);
  }
  if (control == SERVICE_CONTROL_STOP) SetEvent(s->stop);
  return NO_ERROR;
}

void report(SERVICE_STATUS_HANDLE h, DWORD state) {
  SERVICE_STATUS status{};
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted = SERVICE_ACCEPT_STOP;
  EXPECT_TRUE(SetServiceStatus(h, &status));
}

VOID WINAPI service_main(DWORD argc, LPWSTR* argv) {
  Service& s = *g_service;
  if (argc >= 1) s.name_given = argv[0];
  // The name is not checked for a one-service table, as on Windows.
  SERVICE_STATUS_HANDLE h = RegisterServiceCtrlHandlerExW(L"any name", handler, &s);
  if (h == nullptr) return;
  if (s.register_for_devices) {
    DEV_BROADCAST_DEVICEINTERFACE_W filter{};
    filter.dbcc_size = sizeof(filter);
    filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
    filter.dbcc_classguid = win32::to_win_guid(kClass);
    s.notify = RegisterDeviceNotificationW(h, &filter, DEVICE_NOTIFY_SERVICE_HANDLE);
  }
  report(h, SERVICE_RUNNING);
  s.status_handle = h;
  WaitForSingleObject(s.stop, INFINITE);
  if (s.notify != nullptr) UnregisterDeviceNotification(s.notify);
  report(h, SERVICE_STOPPED);
}

class Win32Advapi32ServiceRuns : public MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    service_.stop = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    g_service = &service_;
  }
  void TearDown() override {
    CloseHandle(service_.stop);
    g_service = nullptr;
    MemoryEngineTest::TearDown();
  }

  // Runs the dispatcher on a thread of its own; waits until the service runs.
  void start() {
    dispatcher_ = std::thread([this] {
      dispatcher_thread_ = GetCurrentThreadId();
      SERVICE_TABLE_ENTRYW table[] = {{const_cast<LPWSTR>(L"CmnTestService"), service_main},
                                      {nullptr, nullptr}};
      dispatched_ = StartServiceCtrlDispatcherW(table);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (service_.status_handle == nullptr && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_NE(service_.status_handle.load(), nullptr);
  }
  void join() {
    dispatcher_.join();
    EXPECT_TRUE(dispatched_);
  }

  Service service_;
  std::thread dispatcher_;
  std::atomic<DWORD> dispatcher_thread_{0};
  BOOL dispatched_ = FALSE;
};

TEST(Win32Advapi32Services, ValidationWithoutADispatcher) {
  SetLastError(0xdeadbeef);
  EXPECT_FALSE(StartServiceCtrlDispatcherW(nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  SERVICE_TABLE_ENTRYW empty[] = {{nullptr, nullptr}};
  EXPECT_FALSE(StartServiceCtrlDispatcherW(empty));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(RegisterServiceCtrlHandlerExW(L"CmnTestService", handler, nullptr), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SERVICE_NOT_IN_EXE));
  EXPECT_EQ(RegisterServiceCtrlHandlerExW(L"CmnTestService", nullptr, nullptr), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  SERVICE_STATUS status{};
  status.dwCurrentState = SERVICE_RUNNING;
  EXPECT_FALSE(SetServiceStatus(nullptr, &status));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_FALSE(
      SetServiceStatus(reinterpret_cast<SERVICE_STATUS_HANDLE>(std::uintptr_t{0x99}), &status));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  DEV_BROADCAST_DEVICEINTERFACE_W filter{};
  filter.dbcc_size = sizeof(filter);
  filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
  EXPECT_EQ(RegisterDeviceNotificationW(reinterpret_cast<HANDLE>(std::uintptr_t{0x99}), &filter,
                                        DEVICE_NOTIFY_SERVICE_HANDLE),
            nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

TEST_F(Win32Advapi32ServiceRuns, DeviceEventsReachHandlerExOnTheDispatcherThreadInOrder) {
  start();
  // While it runs: a second dispatcher is refused, and bad states are.
  SERVICE_TABLE_ENTRYW table[] = {{const_cast<LPWSTR>(L"Other"), service_main}, {nullptr, nullptr}};
  SetLastError(0xdeadbeef);
  EXPECT_FALSE(StartServiceCtrlDispatcherW(table));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SERVICE_ALREADY_RUNNING));
  SERVICE_STATUS bad{};
  bad.dwCurrentState = 8;
  EXPECT_FALSE(SetServiceStatus(service_.status_handle, &bad));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA));
  EXPECT_FALSE(SetServiceStatus(service_.status_handle, nullptr));

  constexpr int kCount = 20;
  for (int i = 0; i < kCount; ++i)
    source().add_device(make_device("SWD\\TEST\\S" + std::to_string(i),
                                    "/sys/devices/virtual/test/S" + std::to_string(i),
                                    {DeviceInterface{kClass, "LINK" + std::to_string(i)}}));
  source().remove_device("/sys/devices/virtual/test/S0");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    {
      std::lock_guard lock(service_.mutex);
      if (service_.device_events.size() >= kCount + 1 ||
          std::chrono::steady_clock::now() > deadline)
        break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  SetEvent(service_.stop);
  join();
  EXPECT_EQ(service_.name_given, L"CmnTestService");
  std::lock_guard lock(service_.mutex);
  ASSERT_EQ(service_.device_events.size(), static_cast<std::size_t>(kCount + 1));
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(service_.device_events[i].first, static_cast<DWORD>(DBT_DEVICEARRIVAL));
    EXPECT_EQ(service_.device_events[i].second, "LINK" + std::to_string(i));
  }
  EXPECT_EQ(service_.device_events[kCount].first, static_cast<DWORD>(DBT_DEVICEREMOVECOMPLETE));
  for (DWORD thread : service_.handler_threads) EXPECT_EQ(thread, dispatcher_thread_.load());
}

TEST_F(Win32Advapi32ServiceRuns, SigtermIsAStopControl) {
  service_.register_for_devices = false;
  start();
  ASSERT_EQ(::raise(SIGTERM), 0);  // caught by the dispatcher while it runs
  join();
  std::lock_guard lock(service_.mutex);
  ASSERT_FALSE(service_.controls.empty());
  EXPECT_EQ(service_.controls.front(), static_cast<DWORD>(SERVICE_CONTROL_STOP));
  EXPECT_EQ(service_.handler_threads.front(), dispatcher_thread_.load());
}

}  // namespace
}  // namespace cmnotify
