// Window classes and windows without a screen: registration rules, creation messages in
// Windows' order, CREATESTRUCT, long values, destruction, and their last-error codes.
#include <windows.h>
#include <winuser.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

namespace {

std::vector<UINT>& seen() {
  static thread_local std::vector<UINT> messages;
  return messages;
}

LRESULT CALLBACK recording_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  seen().push_back(msg);
  if (msg == WM_NCCREATE) {
    auto* cs = reinterpret_cast<CREATESTRUCTW*>(lparam);
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, reinterpret_cast<LONG_PTR>(cs->lpCreateParams));
  }
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

LRESULT CALLBACK refuse_nccreate(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  seen().push_back(msg);
  if (msg == WM_NCCREATE) return FALSE;
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

LRESULT CALLBACK refuse_create(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  seen().push_back(msg);
  if (msg == WM_CREATE) return -1;
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

class ClassGuard {
 public:
  ClassGuard(const wchar_t* name, WNDPROC proc, int window_extra = 0) : name_(name) {
    WNDCLASSEXW wc{};
    wc.cbSize = sizeof(wc);
    wc.lpfnWndProc = proc;
    wc.cbWndExtra = window_extra;
    wc.hInstance = GetModuleHandleW(nullptr);
    wc.lpszClassName = name;
    atom_ = RegisterClassExW(&wc);
  }
  ~ClassGuard() { UnregisterClassW(name_, GetModuleHandleW(nullptr)); }
  ClassGuard(const ClassGuard&) = delete;
  ClassGuard& operator=(const ClassGuard&) = delete;
  [[nodiscard]] ATOM atom() const { return atom_; }

 private:
  const wchar_t* name_;
  ATOM atom_ = 0;
};

HWND message_window(const wchar_t* cls, void* param = nullptr) {
  return CreateWindowExW(0, cls, L"test", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr,
                         GetModuleHandleW(nullptr), param);
}

TEST(Win32User32Classes, RegisterReturnsAnAtomAndRefusesADuplicateName) {
  ClassGuard c(L"CmnTestDup", recording_proc);
  ASSERT_GE(c.atom(), 0xC000);
  WNDCLASSW again{};
  again.lpfnWndProc = recording_proc;
  again.lpszClassName = L"cmntestdup";  // names compare case-insensitively
  SetLastError(0xdeadbeef);
  EXPECT_EQ(RegisterClassW(&again), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CLASS_ALREADY_EXISTS));
}

TEST(Win32User32Classes, BadRegistrations) {
  WNDCLASSEXW wc{};
  wc.cbSize = sizeof(wc) - 1;
  wc.lpfnWndProc = recording_proc;
  wc.lpszClassName = L"CmnTestBad";
  SetLastError(0xdeadbeef);
  EXPECT_EQ(RegisterClassExW(&wc), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  wc.cbSize = sizeof(wc);
  wc.cbWndExtra = -1;
  EXPECT_EQ(RegisterClassExW(&wc), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  wc.cbWndExtra = 0;
  wc.lpszClassName = nullptr;
  EXPECT_EQ(RegisterClassExW(&wc), 0);
  EXPECT_EQ(RegisterClassExW(nullptr), 0);
  EXPECT_EQ(RegisterClassA(nullptr), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(Win32User32Classes, UnregisterRules) {
  SetLastError(0xdeadbeef);
  EXPECT_FALSE(UnregisterClassW(L"CmnNoSuchClass", nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CLASS_DOES_NOT_EXIST));
  EXPECT_FALSE(UnregisterClassW(nullptr, nullptr));
  ClassGuard c(L"CmnTestBusy", recording_proc);
  HWND hwnd = message_window(L"CmnTestBusy");
  ASSERT_NE(hwnd, nullptr);
  EXPECT_FALSE(UnregisterClassW(L"CmnTestBusy", nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CLASS_HAS_WINDOWS));
  EXPECT_TRUE(DestroyWindow(hwnd));
}

TEST(Win32User32Classes, AnsiNamesAndAtomsNameTheSameClass) {
  WNDCLASSA wc{};
  wc.lpfnWndProc = recording_proc;
  wc.lpszClassName = "CmnTestAnsi";
  const ATOM atom = RegisterClassA(&wc);
  ASSERT_NE(atom, 0);
  WNDCLASSEXW info{};
  info.cbSize = sizeof(info);
  EXPECT_EQ(GetClassInfoExW(nullptr, L"CMNTESTANSI", &info), static_cast<BOOL>(atom));
  EXPECT_EQ(info.lpfnWndProc, recording_proc);
  HWND hwnd = CreateWindowExA(0, MAKEINTRESOURCEA(atom), "x", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr,
                              nullptr, nullptr);
  ASSERT_NE(hwnd, nullptr);
  EXPECT_TRUE(DestroyWindow(hwnd));
  EXPECT_TRUE(UnregisterClassA("CmnTestAnsi", nullptr));
}

TEST(Win32User32Windows, CreationMessagesAndCreateStruct) {
  ClassGuard c(L"CmnTestCreate", recording_proc);
  seen().clear();
  int param = 7;
  HWND hwnd = message_window(L"CmnTestCreate", &param);
  ASSERT_NE(hwnd, nullptr);
  EXPECT_EQ((std::vector<UINT>{WM_NCCREATE, WM_CREATE}), seen());
  EXPECT_EQ(GetWindowLongPtrW(hwnd, GWLP_USERDATA), reinterpret_cast<LONG_PTR>(&param));
  EXPECT_TRUE(IsWindow(hwnd));
  EXPECT_EQ(GetWindowThreadProcessId(hwnd, nullptr), GetCurrentThreadId());
  EXPECT_EQ(GetParent(hwnd), nullptr);  // message-only: no parent to report
  seen().clear();
  EXPECT_TRUE(DestroyWindow(hwnd));
  EXPECT_EQ((std::vector<UINT>{WM_DESTROY, WM_NCDESTROY}), seen());
  EXPECT_FALSE(IsWindow(hwnd));
  SetLastError(0xdeadbeef);
  EXPECT_FALSE(DestroyWindow(hwnd));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
}

TEST(Win32User32Windows, RefusedCreationReturnsNullAndLeavesNoWindow) {
  ClassGuard a(L"CmnTestNoNc", refuse_nccreate);
  seen().clear();
  EXPECT_EQ(message_window(L"CmnTestNoNc"), nullptr);
  EXPECT_EQ((std::vector<UINT>{WM_NCCREATE, WM_NCDESTROY}), seen());
  ClassGuard b(L"CmnTestNoCreate", refuse_create);
  seen().clear();
  EXPECT_EQ(message_window(L"CmnTestNoCreate"), nullptr);
  EXPECT_EQ((std::vector<UINT>{WM_NCCREATE, WM_CREATE, WM_DESTROY, WM_NCDESTROY}), seen());
  // The classes have no window left: they unregister.
  EXPECT_TRUE(UnregisterClassW(L"CmnTestNoNc", nullptr));
  EXPECT_TRUE(UnregisterClassW(L"CmnTestNoCreate", nullptr));
}

TEST(Win32User32Windows, BadCreations) {
  ClassGuard c(L"CmnTestBadCreate", recording_proc);
  SetLastError(0xdeadbeef);
  EXPECT_EQ(message_window(L"CmnNoSuchClass"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CANNOT_FIND_WND_CLASS));
  EXPECT_EQ(CreateWindowExW(0, nullptr, nullptr, 0, 0, 0, 0, 0, nullptr, nullptr, nullptr, nullptr),
            nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CANNOT_FIND_WND_CLASS));
  const HWND garbage = reinterpret_cast<HWND>(std::uintptr_t{0xdead0});
  EXPECT_EQ(CreateWindowExW(0, L"CmnTestBadCreate", nullptr, 0, 0, 0, 0, 0, garbage, nullptr,
                            nullptr, nullptr),
            nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_EQ(CreateWindowExW(0, L"CmnTestBadCreate", nullptr, WS_CHILD, 0, 0, 0, 0, nullptr, nullptr,
                            nullptr, nullptr),
            nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_TLW_WITH_WSCHILD));
}

TEST(Win32User32Windows, HiddenTopLevelWindowWithAChildIsDestroyedWithIt) {
  ClassGuard c(L"CmnTestTop", recording_proc);
  HWND top = CreateWindowW(L"CmnTestTop", L"tray", WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, 0,
                           CW_USEDEFAULT, 0, nullptr, nullptr, GetModuleHandleW(nullptr), nullptr);
  ASSERT_NE(top, nullptr);
  EXPECT_FALSE(IsWindowVisible(top));
  HWND child = CreateWindowW(L"CmnTestTop", nullptr, WS_CHILD, 0, 0, 1, 1, top,
                             reinterpret_cast<HMENU>(std::uintptr_t{42}), nullptr, nullptr);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(GetParent(child), top);
  EXPECT_EQ(GetWindowLongPtrW(child, GWLP_ID), 42);
  EXPECT_FALSE(ShowWindow(top, SW_SHOW));
  EXPECT_TRUE(IsWindowVisible(top));
  EXPECT_TRUE(ShowWindow(top, SW_HIDE));
  EXPECT_TRUE(DestroyWindow(top));
  EXPECT_FALSE(IsWindow(child));
}

TEST(Win32User32Windows, LongValuesAndExtraBytes) {
  ClassGuard c(L"CmnTestLong", recording_proc, 2 * static_cast<int>(sizeof(LONG_PTR)));
  HWND hwnd = message_window(L"CmnTestLong");
  ASSERT_NE(hwnd, nullptr);
  EXPECT_EQ(SetWindowLongPtrW(hwnd, GWLP_USERDATA, 5), 0);
  EXPECT_EQ(SetWindowLongPtrW(hwnd, GWLP_USERDATA, 6), 5);
  EXPECT_EQ(GetWindowLongPtrW(hwnd, GWLP_USERDATA), 6);
  EXPECT_EQ(SetWindowLongPtrW(hwnd, static_cast<int>(sizeof(LONG_PTR)), 99), 0);
  EXPECT_EQ(GetWindowLongPtrW(hwnd, static_cast<int>(sizeof(LONG_PTR))), 99);
  EXPECT_EQ(GetWindowLongPtrW(hwnd, GWLP_WNDPROC), reinterpret_cast<LONG_PTR>(recording_proc));
  SetLastError(0xdeadbeef);
  EXPECT_EQ(GetWindowLongPtrW(hwnd, 2 * static_cast<int>(sizeof(LONG_PTR))), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_INDEX));
  EXPECT_EQ(GetWindowLongPtrW(hwnd, -100), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_INDEX));
  // The 32-bit forms have no pointer-sized values.
  EXPECT_EQ(GetWindowLongW(hwnd, GWL_WNDPROC), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_INDEX));
  EXPECT_EQ(GetWindowLongW(hwnd, GWL_USERDATA), 6);
  // A success keeps the last error (the SetLastError(0) idiom of callers).
  SetLastError(0xdeadbeef);
  EXPECT_EQ(SetWindowLongPtrW(hwnd, 0, 1), 0);
  EXPECT_EQ(GetLastError(), 0xdeadbeefu);
  // Subclassing: the new procedure gets the messages, CallWindowProc reaches the old one.
  EXPECT_EQ(SetWindowLongPtrW(hwnd, GWLP_WNDPROC, 0), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_TRUE(DestroyWindow(hwnd));
  EXPECT_EQ(GetWindowLongPtrW(hwnd, GWLP_USERDATA), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_EQ(GetWindowLongPtrW(nullptr, GWLP_USERDATA), 0);
}

TEST(Win32User32Windows, DefWindowProcClosesAndAnotherThreadCannotDestroy) {
  ClassGuard c(L"CmnTestClose", recording_proc);
  HWND hwnd = message_window(L"CmnTestClose");
  ASSERT_NE(hwnd, nullptr);
  BOOL other = TRUE;
  DWORD error = 0;
  std::thread([&] {
    other = DestroyWindow(hwnd);
    error = GetLastError();
  }).join();
  EXPECT_FALSE(other);
  EXPECT_EQ(error, static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(SendMessageW(hwnd, WM_CLOSE, 0, 0), 0);
  EXPECT_FALSE(IsWindow(hwnd));
}

TEST(Win32User32Windows, ThreadEndDestroysItsWindows) {
  ClassGuard c(L"CmnTestThreadEnd", recording_proc);
  HWND hwnd = nullptr;
  std::thread([&] { hwnd = message_window(L"CmnTestThreadEnd"); }).join();
  ASSERT_NE(hwnd, nullptr);
  EXPECT_FALSE(IsWindow(hwnd));
  EXPECT_TRUE(UnregisterClassW(L"CmnTestThreadEnd", nullptr));
}

TEST(Win32User32Windows, LoadLibraryFindsTheFunctionsInUser32AndAdvapi32) {
  HMODULE user32 = LoadLibraryA("user32.dll");
  ASSERT_NE(user32, nullptr);
  EXPECT_EQ(reinterpret_cast<void*>(GetProcAddress(user32, "RegisterDeviceNotificationW")),
            reinterpret_cast<void*>(&RegisterDeviceNotificationW));
  EXPECT_EQ(reinterpret_cast<void*>(GetProcAddress(user32, "MsgWaitForMultipleObjectsEx")),
            reinterpret_cast<void*>(&MsgWaitForMultipleObjectsEx));
  EXPECT_EQ(GetProcAddress(user32, "StartServiceCtrlDispatcherW"), nullptr);  // advapi32's
  HMODULE advapi32 = LoadLibraryW(L"ADVAPI32.DLL");
  ASSERT_NE(advapi32, nullptr);
  EXPECT_EQ(reinterpret_cast<void*>(GetProcAddress(advapi32, "StartServiceCtrlDispatcherW")),
            reinterpret_cast<void*>(&StartServiceCtrlDispatcherW));
  EXPECT_TRUE(FreeLibrary(user32));
  EXPECT_TRUE(FreeLibrary(advapi32));
}

}  // namespace
