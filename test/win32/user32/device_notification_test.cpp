// RegisterDeviceNotification over the in-memory source: the validation table, WM_DEVICECHANGE
// sent (never posted) on the window's thread with DEV_BROADCAST_DEVICEINTERFACE_W/A, order, a
// thread that never pumps, and unregistering from the window procedure, from another thread
// while a message is handled, and after DestroyWindow. Runs under ThreadSanitizer too.
#include <dbt.h>
#include <fcntl.h>
#include <unistd.h>
#include <windows.h>
#include <winuser.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"
#include "win32/support/guid_convert.hpp"

namespace cmnotify {
namespace {

using namespace cmnotify::testing;

const Guid kClass = Guid::from_string("{cac88484-7515-4c03-82e6-71a87abac361}");
// How long a test pumps to see that nothing more arrives (the events are queued already).
constexpr std::chrono::milliseconds kQuiet{300};
const Guid kOtherClass = Guid::from_string("{53f56307-b6bf-11d0-94f2-00a0c91efb8b}");

struct Received {
  HWND hwnd = nullptr;
  WPARAM type = 0;
  DWORD size = 0;
  DWORD device_type = 0;
  GUID guid{};
  std::string name;  // UTF-8 of dbcc_name
};

// What the window procedures saw; written on the window's thread.
struct Log {
  std::mutex mutex;
  std::vector<Received> received;
  bool wide = true;
  std::function<void(HWND)> on_message;  // runs inside the window procedure
  void add(const Received& r) {
    std::lock_guard lock(mutex);
    received.push_back(r);
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return received.size();
  }
  std::vector<Received> copy() {
    std::lock_guard lock(mutex);
    return received;
  }
};

Log* g_log = nullptr;

LRESULT CALLBACK device_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  if (msg != WM_DEVICECHANGE || g_log == nullptr) return DefWindowProcW(hwnd, msg, wparam, lparam);
  Received r;
  r.hwnd = hwnd;
  r.type = wparam;
  const auto* header = reinterpret_cast<const DEV_BROADCAST_HDR*>(lparam);
  if (header != nullptr) {
    r.size = header->dbch_size;
    r.device_type = header->dbch_devicetype;
    if (header->dbch_devicetype == DBT_DEVTYP_DEVICEINTERFACE && g_log->wide) {
      const auto* b = reinterpret_cast<const DEV_BROADCAST_DEVICEINTERFACE_W*>(header);
      r.guid = b->dbcc_classguid;
      for (const wchar_t* p = b->dbcc_name; *p != L'\0'; ++p) r.name += static_cast<char>(*p);
    } else if (header->dbch_devicetype == DBT_DEVTYP_DEVICEINTERFACE) {
      const auto* b = reinterpret_cast<const DEV_BROADCAST_DEVICEINTERFACE_A*>(header);
      r.guid = b->dbcc_classguid;
      r.name = b->dbcc_name;
    }
  }
  g_log->add(r);
  if (g_log->on_message) g_log->on_message(hwnd);
  return TRUE;
}

class Win32User32DeviceNotification : public MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    g_log = &log_;
    WNDCLASSEXW wc{};
    wc.cbSize = sizeof(wc);
    wc.lpfnWndProc = device_proc;
    wc.lpszClassName = L"CmnTestDevice";
    RegisterClassExW(&wc);
  }
  void TearDown() override {
    UnregisterClassW(L"CmnTestDevice", nullptr);
    g_log = nullptr;
    MemoryEngineTest::TearDown();
  }

  static HWND window() {
    return CreateWindowExW(0, L"CmnTestDevice", nullptr, 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr,
                           nullptr, nullptr);
  }

  static DEV_BROADCAST_DEVICEINTERFACE_W filter(const Guid& guid) {
    DEV_BROADCAST_DEVICEINTERFACE_W f{};
    f.dbcc_size = sizeof(f);
    f.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
    f.dbcc_classguid = win32::to_win_guid(guid);
    return f;
  }

  void add(const std::string& name, const Guid& guid = kClass) {
    source().add_device(make_device("SWD\\TEST\\" + name, "/sys/devices/virtual/test/" + name,
                                    {DeviceInterface{guid, "\\\\?\\SWD#TEST#" + name}}));
  }
  void remove(const std::string& name) {
    ASSERT_TRUE(source().remove_device("/sys/devices/virtual/test/" + name) ||
                source().remove_device("SWD\\TEST\\" + name));
  }

  // Pumps this thread's messages until `n` notifications arrived (at most `limit`).
  bool pump_until(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (log_.size() < n && std::chrono::steady_clock::now() < deadline) {
      MsgWaitForMultipleObjects(0, nullptr, FALSE, 50, QS_ALLINPUT);
      MSG msg;
      while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) {
        EXPECT_NE(msg.message, static_cast<UINT>(WM_DEVICECHANGE)) << "posted, not sent";
        DispatchMessageW(&msg);
      }
    }
    return log_.size() >= n;
  }

  Log log_;
};

TEST_F(Win32User32DeviceNotification, ValidationTable) {
  HWND hwnd = window();
  ASSERT_NE(hwnd, nullptr);
  auto good = filter(kClass);
  const HWND garbage = reinterpret_cast<HWND>(std::uintptr_t{0xdeadbee0});
  struct Row {
    const char* what;
    HANDLE recipient;
    void* filter;
    DWORD flags;
    DWORD error;
  };
  union {
    DEV_BROADCAST_HDR header;
    DEV_BROADCAST_OEM oem;
    DEV_BROADCAST_DEVNODE devnode;
    DEV_BROADCAST_VOLUME volume;
    DEV_BROADCAST_PORT_W port;
    DEV_BROADCAST_NET net;
    DEV_BROADCAST_HANDLE handle;
  } other;
  auto set_type = [&](DWORD type, DWORD size) {
    std::memset(&other, 0, sizeof(other));
    other.header.dbch_size = size;
    other.header.dbch_devicetype = type;
    return &other;
  };
  // Observed on Windows (Wine's conformance tests).
  const Row observed[] = {
      {"NULL recipient and filter", nullptr, nullptr, 0, ERROR_INVALID_PARAMETER},
      {"garbage window, NULL filter", garbage, nullptr, 0, ERROR_INVALID_PARAMETER},
      {"flags 2 (DEVICE_NOTIFY_CALLBACK)", hwnd, nullptr, 2, ERROR_INVALID_PARAMETER},
  };
  for (const Row& row : observed) {
    SetLastError(0xdeadbeef);
    EXPECT_EQ(RegisterDeviceNotificationW(row.recipient, row.filter, row.flags), nullptr)
        << row.what;
    EXPECT_EQ(GetLastError(), row.error) << row.what;
  }
  const std::pair<DWORD, DWORD> not_registrable[] = {
      {DBT_DEVTYP_OEM, sizeof(DEV_BROADCAST_OEM)},
      {DBT_DEVTYP_DEVNODE, sizeof(DEV_BROADCAST_DEVNODE)},
      {DBT_DEVTYP_VOLUME, sizeof(DEV_BROADCAST_VOLUME)},
      {DBT_DEVTYP_PORT, sizeof(DEV_BROADCAST_PORT_W)},
      {DBT_DEVTYP_NET, sizeof(DEV_BROADCAST_NET)},
      {99, sizeof(DEV_BROADCAST_HDR)},
  };
  for (const auto& [type, size] : not_registrable) {
    SetLastError(0xdeadbeef);
    EXPECT_EQ(RegisterDeviceNotificationA(hwnd, set_type(type, size), 0), nullptr) << type;
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA)) << type;
  }
  // cmnotify's choices (docs/win32-api.md).
  auto small = good;
  small.dbcc_size = sizeof(DEV_BROADCAST_HDR) - 1;
  auto truncated = good;
  truncated.dbcc_size = offsetof(DEV_BROADCAST_DEVICEINTERFACE_W, dbcc_classguid) + 4;
  DEV_BROADCAST_HANDLE bad_handle{};
  bad_handle.dbch_size = sizeof(bad_handle);
  bad_handle.dbch_devicetype = DBT_DEVTYP_HANDLE;
  bad_handle.dbch_handle = INVALID_HANDLE_VALUE;
  const Row chosen[] = {
      {"garbage window", garbage, &good, 0, ERROR_INVALID_WINDOW_HANDLE},
      {"unknown flag", hwnd, &good, 0x10, ERROR_INVALID_PARAMETER},
      {"service flag, not a service", hwnd, &good, DEVICE_NOTIFY_SERVICE_HANDLE,
       ERROR_INVALID_HANDLE},
      {"dbch_size below the header", hwnd, &small, 0, ERROR_INVALID_DATA},
      {"dbch_size cuts the GUID", hwnd, &truncated, 0, ERROR_INVALID_DATA},
      {"handle filter, invalid handle", hwnd, &bad_handle, 0, ERROR_INVALID_HANDLE},
      {"handle filter with ALL_INTERFACE_CLASSES", hwnd, &bad_handle,
       DEVICE_NOTIFY_ALL_INTERFACE_CLASSES, ERROR_INVALID_PARAMETER},
  };
  for (const Row& row : chosen) {
    SetLastError(0xdeadbeef);
    EXPECT_EQ(RegisterDeviceNotificationW(row.recipient, row.filter, row.flags), nullptr)
        << row.what;
    EXPECT_EQ(GetLastError(), row.error) << row.what;
  }
  // A handle that does not name a device (a pipe) is refused too.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  bad_handle.dbch_handle = reinterpret_cast<HANDLE>(static_cast<std::intptr_t>(fds[0]));
  SetLastError(0xdeadbeef);
  EXPECT_EQ(RegisterDeviceNotificationW(hwnd, &bad_handle, 0), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  ::close(fds[0]);
  ::close(fds[1]);
  // Bad HDEVNOTIFY: NULL, garbage, twice.
  SetLastError(0xdeadbeef);
  EXPECT_FALSE(UnregisterDeviceNotification(nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_FALSE(UnregisterDeviceNotification(reinterpret_cast<HDEVNOTIFY>(std::uintptr_t{0x1234})));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &good, DEVICE_NOTIFY_WINDOW_HANDLE);
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_FALSE(UnregisterDeviceNotification(h));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  // A name after the GUID and ALL_INTERFACE_CLASSES with a GUID are accepted, as on Windows.
  struct {
    DEV_BROADCAST_DEVICEINTERFACE_A f;
    char more[16];
  } named{};
  named.f.dbcc_size = sizeof(named);
  named.f.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
  std::strcpy(named.f.dbcc_name, "device name");
  h = RegisterDeviceNotificationA(hwnd, &named, DEVICE_NOTIFY_ALL_INTERFACE_CLASSES);
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_TRUE(DestroyWindow(hwnd));
}

TEST_F(Win32User32DeviceNotification, ArrivalAndRemovalSentToTheWindowWithTheSymbolicLink) {
  HWND hwnd = window();
  auto f = filter(kClass);
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &f, DEVICE_NOTIFY_WINDOW_HANDLE);
  ASSERT_NE(h, nullptr);
  add("A");
  add("B", kOtherClass);  // another class: not for this registration
  remove("A");
  ASSERT_TRUE(pump_until(2));
  const auto got = log_.copy();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].type, static_cast<WPARAM>(DBT_DEVICEARRIVAL));
  EXPECT_EQ(got[1].type, static_cast<WPARAM>(DBT_DEVICEREMOVECOMPLETE));
  for (const Received& r : got) {
    EXPECT_EQ(r.hwnd, hwnd);
    EXPECT_EQ(r.device_type, static_cast<DWORD>(DBT_DEVTYP_DEVICEINTERFACE));
    EXPECT_EQ(r.name, "\\\\?\\SWD#TEST#A");
    EXPECT_EQ(win32::to_guid(r.guid), kClass);
    EXPECT_EQ(r.size, offsetof(DEV_BROADCAST_DEVICEINTERFACE_W, dbcc_name) +
                          (r.name.size() + 1) * sizeof(wchar_t));
  }
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_TRUE(DestroyWindow(hwnd));
}

TEST_F(Win32User32DeviceNotification, AnsiRegistrationGetsAnsiBlocksAndAllClassesGetsEveryClass) {
  log_.wide = false;
  HWND hwnd = window();
  DEV_BROADCAST_DEVICEINTERFACE_A f{};
  f.dbcc_size = sizeof(f);
  f.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
  HDEVNOTIFY h = RegisterDeviceNotificationA(hwnd, &f, DEVICE_NOTIFY_ALL_INTERFACE_CLASSES);
  ASSERT_NE(h, nullptr);
  add("A");
  add("B", kOtherClass);
  ASSERT_TRUE(pump_until(2));
  const auto got = log_.copy();
  EXPECT_EQ(got[0].name, "\\\\?\\SWD#TEST#A");
  EXPECT_EQ(got[1].name, "\\\\?\\SWD#TEST#B");
  EXPECT_EQ(got[1].size,
            offsetof(DEV_BROADCAST_DEVICEINTERFACE_A, dbcc_name) + got[1].name.size() + 1);
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_TRUE(DestroyWindow(hwnd));
}

TEST_F(Win32User32DeviceNotification, OneRegistrationsMessagesArriveInEventOrder) {
  HWND hwnd = window();
  auto f = filter(kClass);
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &f, 0);
  ASSERT_NE(h, nullptr);
  constexpr int kCount = 40;
  for (int i = 0; i < kCount; ++i) add("D" + std::to_string(i));
  ASSERT_TRUE(pump_until(kCount));
  const auto got = log_.copy();
  for (int i = 0; i < kCount; ++i) EXPECT_EQ(got[i].name, "\\\\?\\SWD#TEST#D" + std::to_string(i));
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_TRUE(DestroyWindow(hwnd));
}

TEST_F(Win32User32DeviceNotification, AThreadThatNeverPumpsGetsNothingAndBlocksNoOne) {
  HANDLE ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE go = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HWND idle_window = nullptr;
  HDEVNOTIFY idle_handle = nullptr;
  std::atomic<std::size_t> seen_before_pumping{99};
  std::thread idle([&] {
    idle_window = window();
    auto f = filter(kClass);
    idle_handle = RegisterDeviceNotificationW(idle_window, &f, 0);
    SetEvent(ready);
    WaitForSingleObject(go, INFINITE);  // not a message wait: nothing runs
    seen_before_pumping = log_.size();
    MSG msg;
    PeekMessageW(&msg, nullptr, 0, 0, PM_NOREMOVE);  // now the sent messages run
    UnregisterDeviceNotification(idle_handle);
    DestroyWindow(idle_window);
  });
  ASSERT_EQ(WaitForSingleObject(ready, 10000), WAIT_OBJECT_0);
  ASSERT_NE(idle_handle, nullptr);
  HWND busy = window();
  auto f = filter(kClass);
  HDEVNOTIFY h = RegisterDeviceNotificationW(busy, &f, 0);
  add("A");
  add("B");
  ASSERT_TRUE(pump_until(2));  // this thread's window got both while the other slept
  for (const Received& r : log_.copy()) EXPECT_EQ(r.hwnd, busy);
  SetEvent(go);
  idle.join();
  EXPECT_EQ(seen_before_pumping.load(), 2u);
  EXPECT_EQ(log_.size(), 4u);  // the idle window's two, when it finally pumped
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_TRUE(DestroyWindow(busy));
  CloseHandle(ready);
  CloseHandle(go);
}

TEST_F(Win32User32DeviceNotification, UnregisterFromTheWindowProcedureStopsTheRest) {
  HWND hwnd = window();
  auto f = filter(kClass);
  static HDEVNOTIFY handle;
  handle = RegisterDeviceNotificationW(hwnd, &f, 0);
  ASSERT_NE(handle, nullptr);
  static BOOL unregistered;
  unregistered = FALSE;
  log_.on_message = [](HWND) {
    if (!unregistered) unregistered = UnregisterDeviceNotification(handle);
  };
  add("A");
  add("B");
  add("C");
  ASSERT_TRUE(pump_until(1));
  EXPECT_FALSE(pump_until(2, kQuiet));  // the queued ones never reach the procedure
  EXPECT_TRUE(unregistered);
  EXPECT_EQ(log_.size(), 1u);
  EXPECT_TRUE(DestroyWindow(hwnd));
}

TEST_F(Win32User32DeviceNotification, UnregisterFromAnotherThreadWaitsForTheMessageBeingHandled) {
  HWND hwnd = window();
  auto f = filter(kClass);
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &f, 0);
  ASSERT_NE(h, nullptr);
  HANDLE inside = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  static std::atomic<bool> handling{false};
  static HANDLE s_inside;
  s_inside = inside;
  log_.on_message = [](HWND) {
    handling = true;
    SetEvent(s_inside);
    Sleep(100);
    handling = false;
  };
  std::atomic<bool> handled_when_returned{true};
  BOOL ok = FALSE;
  std::thread other([&] {
    WaitForSingleObject(inside, INFINITE);
    ok = UnregisterDeviceNotification(h);
    handled_when_returned = handling.load();
  });
  add("A");
  add("B");
  ASSERT_TRUE(pump_until(1));
  other.join();
  EXPECT_TRUE(ok);
  EXPECT_FALSE(handled_when_returned.load());
  EXPECT_FALSE(pump_until(2, kQuiet));  // nothing after the unregistration
  EXPECT_TRUE(DestroyWindow(hwnd));
  CloseHandle(inside);
}

TEST_F(Win32User32DeviceNotification, DestroyingTheWindowEndsItsDeliveries) {
  HWND hwnd = window();
  auto f = filter(kClass);
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &f, 0);
  ASSERT_NE(h, nullptr);
  add("A");  // queued for the window, not yet run
  EXPECT_TRUE(DestroyWindow(hwnd));
  add("B");
  EXPECT_FALSE(pump_until(1, kQuiet));
  EXPECT_EQ(engine().stats().registrations, 0u);
  // The handle stays valid until it is unregistered, once.
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  EXPECT_FALSE(UnregisterDeviceNotification(h));
}

// ---- DBT_DEVNODES_CHANGED ----

class Win32User32DevnodesChanged : public Win32User32DeviceNotification {
 protected:
  // A hidden top-level window (no parent, not WS_VISIBLE).
  static HWND top_level_window() {
    return CreateWindowExW(0, L"CmnTestDevice", nullptr, 0, 0, 0, 0, 0, nullptr, nullptr, nullptr,
                           nullptr);
  }
  // Pumps for kQuiet after `n` messages arrived, so that an extra one would be seen.
  bool pump_exactly(std::size_t n) {
    const bool reached = pump_until(n);
    pump_until(n + 1, kQuiet);
    return reached && log_.size() == n;
  }
  std::size_t count(HWND hwnd, WPARAM type) {
    std::size_t n = 0;
    for (const Received& r : log_.copy())
      if (r.hwnd == hwnd && r.type == type) ++n;
    return n;
  }
};

TEST_F(Win32User32DevnodesChanged,
       TopLevelWindowsGetOneUnregisteredMessagePerBatchMessageOnlyNone) {
  HWND hidden = top_level_window();
  HWND second = top_level_window();
  HWND message_only = window();
  ASSERT_NE(hidden, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_NE(message_only, nullptr);
  // Five devices arrive while the thread does not pump: one change of the tree to tell.
  for (int i = 0; i < 5; ++i) add("N" + std::to_string(i));
  ASSERT_TRUE(pump_exactly(2));
  for (const Received& r : log_.copy()) {
    EXPECT_EQ(r.type, static_cast<WPARAM>(DBT_DEVNODES_CHANGED));
    EXPECT_EQ(r.size, 0u);  // lParam is zero
  }
  EXPECT_EQ(count(hidden, DBT_DEVNODES_CHANGED), 1u);
  EXPECT_EQ(count(second, DBT_DEVNODES_CHANGED), 1u);
  EXPECT_EQ(count(message_only, DBT_DEVNODES_CHANGED), 0u);
  // A removal is a change of its own, once the first was told.
  remove("N0");
  ASSERT_TRUE(pump_exactly(4));
  EXPECT_EQ(count(message_only, DBT_DEVNODES_CHANGED), 0u);
  EXPECT_TRUE(DestroyWindow(hidden));
  EXPECT_TRUE(DestroyWindow(second));
  EXPECT_TRUE(DestroyWindow(message_only));
}

TEST_F(Win32User32DevnodesChanged, ComesAfterTheRegisteredNotificationsOfTheSameChange) {
  HWND hwnd = top_level_window();
  auto f = filter(kClass);
  HDEVNOTIFY h = RegisterDeviceNotificationW(hwnd, &f, DEVICE_NOTIFY_WINDOW_HANDLE);
  ASSERT_NE(h, nullptr);
  add("A");
  ASSERT_TRUE(pump_exactly(2));
  auto got = log_.copy();
  EXPECT_EQ(got[0].type, static_cast<WPARAM>(DBT_DEVICEARRIVAL));
  EXPECT_EQ(got[1].type, static_cast<WPARAM>(DBT_DEVNODES_CHANGED));
  EXPECT_TRUE(UnregisterDeviceNotification(h));
  // Unregistering ends the registered messages only: the broadcast goes on.
  remove("A");
  ASSERT_TRUE(pump_exactly(3));
  got = log_.copy();
  EXPECT_EQ(got[2].type, static_cast<WPARAM>(DBT_DEVNODES_CHANGED));
  EXPECT_TRUE(DestroyWindow(hwnd));
}

TEST_F(Win32User32DevnodesChanged, PropertyChangesAndDestroyedWindowsGetNothing) {
  HWND hwnd = top_level_window();
  HWND message_only = window();
  // A changed device (no node added or removed) is not a change of the tree.
  source().publish(engine::make_event(
      Action::changed, FilterType::device_instance,
      make_device("SWD\\TEST\\C", "/sys/devices/virtual/test/C", {}), Origin::live, 0));
  EXPECT_FALSE(pump_until(1, kQuiet));
  EXPECT_TRUE(DestroyWindow(hwnd));
  // The thread's last top-level window is gone: its watch ended, nothing is sent.
  add("Z");
  EXPECT_FALSE(pump_until(1, kQuiet));
  EXPECT_TRUE(DestroyWindow(message_only));
}

TEST_F(Win32User32DevnodesChanged, EachThreadTellsItsOwnWindowsWhileItPumps) {
  HANDLE ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE go = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HWND other = nullptr;
  std::thread idle([&] {
    other = top_level_window();
    SetEvent(ready);
    WaitForSingleObject(go, INFINITE);  // not a message wait
    pump_exactly(2);
    DestroyWindow(other);
  });
  ASSERT_EQ(WaitForSingleObject(ready, 10000), WAIT_OBJECT_0);
  HWND mine = top_level_window();
  add("T");
  ASSERT_TRUE(pump_exactly(1));  // the sleeping thread's window got nothing yet
  EXPECT_EQ(count(mine, DBT_DEVNODES_CHANGED), 1u);
  SetEvent(go);
  idle.join();
  EXPECT_EQ(count(other, DBT_DEVNODES_CHANGED), 1u);  // told on its own thread when it pumped
  EXPECT_TRUE(DestroyWindow(mine));
  CloseHandle(ready);
  CloseHandle(go);
}

}  // namespace
}  // namespace cmnotify
