// RegisterDeviceNotification against real kernel devices (root): a tap interface comes and goes
// while a message-only window pumps messages, and while a service (StartServiceCtrlDispatcher,
// DEVICE_NOTIFY_SERVICE_HANDLE with ALL_INTERFACE_CLASSES) runs.
#include <dbt.h>
#include <ndisguid.h>
#include <windows.h>
#include <winsvc.h>
#include <winuser.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/kernel_devices.hpp"

namespace {

using cmnotify::testing::TapInterface;

struct Seen {
  std::mutex mutex;
  std::vector<std::pair<WPARAM, std::wstring>> events;  // DBT_ type and symbolic link
  std::wstring wanted;                                  // "#NAME#"
  void add(WPARAM type, const DEV_BROADCAST_HDR* header) {
    if (header == nullptr || header->dbch_devicetype != DBT_DEVTYP_DEVICEINTERFACE) return;
    std::wstring link = reinterpret_cast<const DEV_BROADCAST_DEVICEINTERFACE_W*>(header)->dbcc_name;
    std::lock_guard lock(mutex);
    if (link.find(wanted) != std::wstring::npos) events.emplace_back(type, link);
  }
  bool has(WPARAM type) {
    std::lock_guard lock(mutex);
    for (const auto& e : events)
      if (e.first == type) return true;
    return false;
  }
};

Seen* g_seen = nullptr;

LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  if (msg == WM_DEVICECHANGE && g_seen != nullptr)
    g_seen->add(wparam, reinterpret_cast<const DEV_BROADCAST_HDR*>(lparam));
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

bool pump_until(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    MsgWaitForMultipleObjects(0, nullptr, FALSE, 100, QS_ALLINPUT);
    MSG msg;
    while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  }
  return done();
}

TEST(Win32User32Kernel, MessageOnlyWindowSeesATapInterfaceComeAndGo) {
  CMNOTIFY_REQUIRE_ROOT();
  Seen seen;
  seen.wanted = L"#U32KW0#";
  g_seen = &seen;
  WNDCLASSEXW wc{};
  wc.cbSize = sizeof(wc);
  wc.lpfnWndProc = window_proc;
  wc.lpszClassName = L"CmnKernelWindow";
  ASSERT_NE(RegisterClassExW(&wc), 0);
  HWND hwnd = CreateWindowExW(0, L"CmnKernelWindow", nullptr, 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr,
                              nullptr, nullptr);
  ASSERT_NE(hwnd, nullptr);
  DEV_BROADCAST_DEVICEINTERFACE_W filter{};
  filter.dbcc_size = sizeof(filter);
  filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
  filter.dbcc_classguid = GUID_DEVINTERFACE_NET;
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &filter, DEVICE_NOTIFY_WINDOW_HANDLE);
  ASSERT_NE(h, nullptr);
  {
    TapInterface tap("u32kw0");
    EXPECT_TRUE(pump_until([&] { return seen.has(DBT_DEVICEARRIVAL); }));
  }
  EXPECT_TRUE(pump_until([&] { return seen.has(DBT_DEVICEREMOVECOMPLETE); }));
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_TRUE(DestroyWindow(hwnd));
  EXPECT_TRUE(UnregisterClassW(L"CmnKernelWindow", nullptr));
  g_seen = nullptr;
}

// The service: registers for every interface class and stops when told to.
struct ServiceState {
  SERVICE_STATUS_HANDLE status_handle = nullptr;
  std::atomic<HDEVNOTIFY> notify{nullptr};
  HANDLE stop = nullptr;
  std::atomic<DWORD> handler_thread{0};
  Seen seen;
};
ServiceState* g_service = nullptr;

DWORD WINAPI service_handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
  auto* state = static_cast<ServiceState*>(context);
  state->handler_thread = GetCurrentThreadId();
  if (control == SERVICE_CONTROL_DEVICEEVENT)
    state->seen.add(type, static_cast<const DEV_BROADCAST_HDR*>(data));
  if (control == SERVICE_CONTROL_STOP) SetEvent(state->stop);
  return NO_ERROR;
}

void report(ServiceState& state, DWORD current) {
  SERVICE_STATUS status{};
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = current;
  status.dwControlsAccepted = SERVICE_ACCEPT_STOP;
  SetServiceStatus(state.status_handle, &status);
}

VOID WINAPI service_main(DWORD, LPWSTR*) {
  ServiceState& state = *g_service;
  state.status_handle = RegisterServiceCtrlHandlerExW(L"CmnKernelService", service_handler, &state);
  if (state.status_handle == nullptr) return;
  DEV_BROADCAST_DEVICEINTERFACE_W filter{};
  filter.dbcc_size = sizeof(filter);
  filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
  state.notify = RegisterDeviceNotificationW(
      state.status_handle, &filter,
      DEVICE_NOTIFY_SERVICE_HANDLE | DEVICE_NOTIFY_ALL_INTERFACE_CLASSES);
  report(state, SERVICE_RUNNING);
  WaitForSingleObject(state.stop, INFINITE);
  UnregisterDeviceNotification(state.notify);
  report(state, SERVICE_STOPPED);
}

TEST(Win32User32Kernel, ServiceSeesATapInterfaceComeAndGo) {
  CMNOTIFY_REQUIRE_ROOT();
  ServiceState state;
  state.seen.wanted = L"#U32KS0#";
  state.stop = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  g_service = &state;
  DWORD dispatcher_thread = 0;
  BOOL dispatched = FALSE;
  std::thread dispatcher([&] {
    dispatcher_thread = GetCurrentThreadId();
    SERVICE_TABLE_ENTRYW table[] = {{const_cast<LPWSTR>(L"CmnKernelService"), service_main},
                                    {nullptr, nullptr}};
    dispatched = StartServiceCtrlDispatcherW(table);
  });
  const auto wait_for = [&](WPARAM type) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!state.seen.has(type) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return state.seen.has(type);
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (state.notify == nullptr && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_NE(state.notify.load(), nullptr);
  {
    TapInterface tap("u32ks0");
    EXPECT_TRUE(wait_for(DBT_DEVICEARRIVAL));
  }
  EXPECT_TRUE(wait_for(DBT_DEVICEREMOVECOMPLETE));
  SetEvent(state.stop);
  dispatcher.join();
  EXPECT_TRUE(dispatched);
  EXPECT_EQ(state.handler_thread.load(), dispatcher_thread);  // HandlerEx runs on the dispatcher
  CloseHandle(state.stop);
  g_service = nullptr;
}

}  // namespace
