// RegisterDeviceNotification against real kernel devices (root): a tap interface comes and goes
// while a message-only window pumps messages, while a hidden top-level window (unregistered)
// pumps (DBT_DEVNODES_CHANGED), while a service (StartServiceCtrlDispatcher,
// DEVICE_NOTIFY_SERVICE_HANDLE with ALL_INTERFACE_CLASSES) runs, and while the example program
// examples/device_window.c runs.
#include <dbt.h>
#include <fcntl.h>
#include <ioevent.h>
#include <ndisguid.h>
#include <windows.h>
#include <winsvc.h>
#include <winuser.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
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

// A handle registration on a loop device's node: media arrival and removal as DBT_CUSTOMEVENT,
// the device's removal as DBT_DEVICEREMOVECOMPLETE, each with DEV_BROADCAST_HANDLE.
struct HandleEvent {
  WPARAM type = 0;
  GUID event_guid{};
  HANDLE handle = nullptr;
  HDEVNOTIFY notify = nullptr;
  LONG name_offset = 0;
};
std::mutex g_handle_mutex;
std::vector<HandleEvent> g_handle_events;

LRESULT CALLBACK handle_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  if (msg == WM_DEVICECHANGE && lparam != 0) {
    const auto* b = reinterpret_cast<const DEV_BROADCAST_HANDLE*>(lparam);
    if (b->dbch_devicetype == DBT_DEVTYP_HANDLE) {
      std::lock_guard lock(g_handle_mutex);
      g_handle_events.push_back(
          {wparam, b->dbch_eventguid, b->dbch_handle, b->dbch_hdevnotify, b->dbch_nameoffset});
    }
  }
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

bool has_handle_event(WPARAM type, const GUID* guid) {
  std::lock_guard lock(g_handle_mutex);
  for (const HandleEvent& e : g_handle_events)
    if (e.type == type && (guid == nullptr || std::memcmp(&e.event_guid, guid, sizeof(GUID)) == 0))
      return true;
  return false;
}

TEST(Win32User32Kernel, HandleNotificationsOnALoopDevice) {
  CMNOTIFY_REQUIRE_ROOT();
  namespace loop = cmnotify::testing::loop;
  WNDCLASSEXW wc{};
  wc.cbSize = sizeof(wc);
  wc.lpfnWndProc = handle_proc;
  wc.lpszClassName = L"CmnKernelHandleWindow";
  ASSERT_NE(RegisterClassExW(&wc), 0);
  HWND hwnd = CreateWindowExW(0, L"CmnKernelHandleWindow", nullptr, 0, 0, 0, 0, 0, HWND_MESSAGE,
                              nullptr, nullptr, nullptr);
  ASSERT_NE(hwnd, nullptr);
  const int n = loop::add();
  const std::string node = "/dev/loop" + std::to_string(n);
  HANDLE file = CreateFileA(node.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                            OPEN_EXISTING, 0, nullptr);
  ASSERT_NE(file, INVALID_HANDLE_VALUE) << node;
  DEV_BROADCAST_HANDLE filter{};
  filter.dbch_size = sizeof(filter);
  filter.dbch_devicetype = DBT_DEVTYP_HANDLE;
  filter.dbch_handle = file;
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &filter, DEVICE_NOTIFY_WINDOW_HANDLE);
  ASSERT_NE(h, nullptr) << GetLastError();
  CloseHandle(file);  // the registration follows the device, not the descriptor
  // Each step opens the node and closes it again (a detach waits for the last opener).
  const auto with_node = [&](auto fn) {
    const int fd = ::open(node.c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    fn(fd);
    ::close(fd);
  };
  const std::string backing = loop::make_backing_file(1 << 20);
  with_node([&](int fd) { loop::attach(fd, backing); });
  EXPECT_TRUE(pump_until([] { return has_handle_event(DBT_CUSTOMEVENT, &GUID_IO_MEDIA_ARRIVAL); }));
  with_node([&](int fd) { loop::detach(fd); });
  EXPECT_TRUE(pump_until([] { return has_handle_event(DBT_CUSTOMEVENT, &GUID_IO_MEDIA_REMOVAL); }));
  ::unlink(backing.c_str());
  loop::remove(n);
  EXPECT_TRUE(pump_until([] { return has_handle_event(DBT_DEVICEREMOVECOMPLETE, nullptr); }));
  {
    std::lock_guard lock(g_handle_mutex);
    for (const HandleEvent& e : g_handle_events) {
      EXPECT_EQ(e.handle, file);  // the handle as registered
      EXPECT_EQ(e.notify, h);
      EXPECT_EQ(e.name_offset, -1);
    }
  }
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_TRUE(DestroyWindow(hwnd));
  EXPECT_TRUE(UnregisterClassW(L"CmnKernelHandleWindow", nullptr));
}

std::atomic<int> g_devnodes_changed{0};

LRESULT CALLBACK devnodes_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  if (msg == WM_DEVICECHANGE && wparam == DBT_DEVNODES_CHANGED && lparam == 0) ++g_devnodes_changed;
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

TEST(Win32User32Kernel, HiddenTopLevelWindowGetsDevnodesChangedUnregistered) {
  CMNOTIFY_REQUIRE_ROOT();
  WNDCLASSEXW wc{};
  wc.cbSize = sizeof(wc);
  wc.lpfnWndProc = devnodes_proc;
  wc.lpszClassName = L"CmnKernelDevnodes";
  ASSERT_NE(RegisterClassExW(&wc), 0);
  HWND hwnd = CreateWindowExW(0, L"CmnKernelDevnodes", nullptr, WS_OVERLAPPEDWINDOW, 0, 0, 0, 0,
                              nullptr, nullptr, nullptr, nullptr);
  ASSERT_NE(hwnd, nullptr);
  int before_removal = 0;
  {
    TapInterface tap("u32kdn0");
    EXPECT_TRUE(pump_until([] { return g_devnodes_changed > 0; }));
    before_removal = g_devnodes_changed;
  }
  EXPECT_TRUE(pump_until([&] { return g_devnodes_changed > before_removal; }));
  EXPECT_TRUE(DestroyWindow(hwnd));
  EXPECT_TRUE(UnregisterClassW(L"CmnKernelDevnodes", nullptr));
}

TEST(Win32User32Kernel, DeviceWindowExamplePrintsATapInterfaceComingAndGoing) {
  CMNOTIFY_REQUIRE_ROOT();
  if (*CMNOTIFY_EXAMPLE_DEVICE_WINDOW == '\0') GTEST_SKIP() << "examples not built";
  int status = -1;
  const std::vector<std::string> lines =
      cmnotify::testing::run_example_with_tap(CMNOTIFY_EXAMPLE_DEVICE_WINDOW, "u32kex0", status);
  EXPECT_EQ(status, 0) << "exit status";
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "ready");
  EXPECT_TRUE(lines[1].starts_with("arrival \\\\?\\")) << lines[1];
  EXPECT_NE(lines[1].find("#U32KEX0#"), std::string::npos) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("removal \\\\?\\")) << lines[2];
  EXPECT_EQ(lines[1].substr(8), lines[2].substr(8)) << "the same symbolic link";
  EXPECT_EQ(lines[3], "closed");
}

}  // namespace
