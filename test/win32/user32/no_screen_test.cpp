// user32 (and gdi32, shell32) where Windows would use the screen: the EDIT class's buffer and
// line messages as Microsoft's samples use them, what a visible edit control shows (standard
// output), message boxes (standard error, the default button), predefined icons and cursors,
// brushes, MoveWindow, SetFocus, and CommandLineToArgvW's splitting rules.
#include <shellapi.h>
#include <windows.h>
#include <wingdi.h>
#include <winuser.h>

#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

namespace {

LRESULT CALLBACK parent_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam);

struct Seen {
  std::vector<std::pair<UINT, LPARAM>> messages;
} g_seen;

LRESULT CALLBACK parent_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  if (msg == WM_SIZE || msg == WM_MOVE || msg == WM_SETFOCUS || msg == WM_KILLFOCUS)
    g_seen.messages.emplace_back(msg, lparam);
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

class Win32User32NoScreen : public ::testing::Test {
 protected:
  void SetUp() override {
    g_seen = {};
    WNDCLASSEXW wc{};
    wc.cbSize = sizeof(wc);
    wc.lpfnWndProc = parent_proc;
    wc.lpszClassName = L"CmnNoScreenParent";
    ASSERT_NE(RegisterClassExW(&wc), 0);
    parent_ = CreateWindowExW(0, L"CmnNoScreenParent", L"parent", WS_OVERLAPPEDWINDOW,
                              CW_USEDEFAULT, 0, 640, 480, nullptr, nullptr, nullptr, nullptr);
    ASSERT_NE(parent_, nullptr);
  }
  void TearDown() override {
    DestroyWindow(parent_);
    UnregisterClassW(L"CmnNoScreenParent", nullptr);
  }
  HWND edit(DWORD style) {
    return CreateWindowW(L"EDIT", nullptr, WS_CHILD | ES_MULTILINE | style, 0, 0, 0, 0, parent_,
                         reinterpret_cast<HMENU>(1), nullptr, nullptr);
  }
  // Appends as the "Registering for Device Notification" sample's OutputMessage does.
  static void append(HWND e, const wchar_t* text) {
    const auto length = SendMessageW(e, WM_GETTEXTLENGTH, 0, 0);
    SendMessageW(e, EM_SETSEL, static_cast<WPARAM>(length), length);
    SendMessageW(e, EM_REPLACESEL, 0, reinterpret_cast<LPARAM>(text));
  }
  static std::wstring text(HWND e) {
    wchar_t buffer[256];
    const auto n = SendMessageW(e, WM_GETTEXT, 256, reinterpret_cast<LPARAM>(buffer));
    return std::wstring(buffer, static_cast<std::size_t>(n));
  }
  HWND parent_ = nullptr;
};

TEST_F(Win32User32NoScreen, EditControlKeepsTextAndLines) {
  HWND e = edit(0);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(GetParent(e), parent_);
  EXPECT_TRUE(SendMessageW(e, WM_SETTEXT, 0, reinterpret_cast<LPARAM>(L"Registered...\n")));
  append(e, L"Message 1: DBT_DEVNODES_CHANGED\n");
  append(e, L"Message 2\r\n");
  EXPECT_EQ(text(e), L"Registered...\nMessage 1: DBT_DEVNODES_CHANGED\nMessage 2\r\n");
  EXPECT_EQ(SendMessageW(e, EM_GETLINECOUNT, 0, 0), 4);  // the last line is empty
  EXPECT_EQ(SendMessageW(e, EM_LINEINDEX, 0, 0), 0);
  EXPECT_EQ(SendMessageW(e, EM_LINEINDEX, 1, 0), 14);
  EXPECT_EQ(SendMessageW(e, EM_LINEINDEX, 4, 0), -1);  // no such line
  EXPECT_EQ(SendMessageW(e, EM_LINELENGTH, 0, 0), 13);
  EXPECT_EQ(SendMessageW(e, EM_LINELENGTH, 14, 0), 31);
  const auto third = SendMessageW(e, EM_LINEINDEX, 2, 0);
  EXPECT_EQ(SendMessageW(e, EM_LINELENGTH, static_cast<WPARAM>(third), 0), 9);  // no "\r"
  const auto last = SendMessageW(e, EM_LINEINDEX, 3, 0);
  EXPECT_EQ(SendMessageW(e, EM_LINELENGTH, static_cast<WPARAM>(last), 0), 0);
  EXPECT_EQ(SendMessageW(e, EM_LINEFROMCHAR, 15, 0), 1);
  // The caret is at the end after appending: -1 means its line.
  EXPECT_EQ(SendMessageW(e, EM_LINEINDEX, static_cast<WPARAM>(-1), 0), last);
  EXPECT_EQ(SendMessageW(e, EM_GETFIRSTVISIBLELINE, 0, 0), 0);
  EXPECT_TRUE(SendMessageW(e, EM_LINESCROLL, 0, 2));
  EXPECT_EQ(SendMessageW(e, EM_GETFIRSTVISIBLELINE, 0, 0), 2);
  EXPECT_TRUE(SendMessageW(e, EM_LINESCROLL, 0, 99));  // clamped to the last line
  EXPECT_EQ(SendMessageW(e, EM_GETFIRSTVISIBLELINE, 0, 0), 3);
  EXPECT_TRUE(SendMessageW(e, EM_LINESCROLL, 0, INT_MIN));  // hostile: no overflow
  EXPECT_EQ(SendMessageW(e, EM_GETFIRSTVISIBLELINE, 0, 0), 0);
  EXPECT_TRUE(SendMessageW(e, EM_LINESCROLL, 0, INT_MAX));
  EXPECT_EQ(SendMessageW(e, EM_GETFIRSTVISIBLELINE, 0, 0), 3);
  EXPECT_EQ(SendMessageW(e, EM_SETSEL, 5, 999), 0);  // clamped to the text
  EXPECT_EQ(SendMessageW(e, WM_GETTEXT, 0, 0), 0);   // no buffer
  EXPECT_TRUE(SendMessageW(e, EM_LINESCROLL, 0, -3));
  // A selection in the middle is replaced.
  SendMessageW(e, EM_SETSEL, 0, 10);
  DWORD start = 99, end = 99;
  SendMessageW(e, EM_GETSEL, reinterpret_cast<WPARAM>(&start), reinterpret_cast<LPARAM>(&end));
  EXPECT_EQ(start, 0u);
  EXPECT_EQ(end, 10u);
  SendMessageW(e, EM_REPLACESEL, 0, reinterpret_cast<LPARAM>(L"Done"));
  EXPECT_EQ(text(e).substr(0, 8), L"Done...\n");
  EXPECT_TRUE(SendMessageW(e, EM_SETREADONLY, TRUE, 0));
  EXPECT_NE(GetWindowLongW(e, GWL_STYLE) & ES_READONLY, 0);
  EXPECT_TRUE(SendMessageW(e, EM_SETREADONLY, FALSE, 0));
  EXPECT_EQ(GetWindowLongW(e, GWL_STYLE) & ES_READONLY, 0);
  EXPECT_TRUE(DestroyWindow(e));
}

TEST_F(Win32User32NoScreen, VisibleEditControlShowsItsTextOnStandardOutput) {
  HWND hidden = edit(0);
  HWND shown = edit(WS_VISIBLE);
  ::testing::internal::CaptureStdout();
  SendMessageW(hidden, WM_SETTEXT, 0, reinterpret_cast<LPARAM>(L"not shown\n"));
  SendMessageW(shown, WM_SETTEXT, 0, reinterpret_cast<LPARAM>(L"Registered\n"));
  append(shown, L"Message 1: caf\u00e9\n");
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "Registered\nMessage 1: caf\xc3\xa9\n");
  // The child goes with its parent.
  EXPECT_TRUE(DestroyWindow(parent_));
  EXPECT_FALSE(IsWindow(shown));
  EXPECT_FALSE(IsWindow(hidden));
}

TEST_F(Win32User32NoScreen, MessageBoxWritesToStandardErrorAndAnswersTheDefaultButton) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(MessageBoxW(nullptr, L"RegisterDeviceNotification failed", L"app", MB_OK), IDOK);
  EXPECT_EQ(MessageBoxA(nullptr, "text", nullptr, MB_YESNO | MB_ICONQUESTION), IDYES);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "app: RegisterDeviceNotification failed\nError: text\n");
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(MessageBoxW(nullptr, L"", L"", MB_YESNO | MB_DEFBUTTON2), IDNO);
  EXPECT_EQ(MessageBoxW(nullptr, L"", L"", MB_ABORTRETRYIGNORE | MB_DEFBUTTON3), IDIGNORE);
  EXPECT_EQ(MessageBoxW(nullptr, L"", L"", MB_OK | MB_DEFBUTTON2), IDOK);  // past the last
  EXPECT_EQ(MessageBoxW(nullptr, L"", L"", MB_CANCELTRYCONTINUE | MB_DEFBUTTON2), IDTRYAGAIN);
  (void)::testing::internal::GetCapturedStderr();
  SetLastError(0);
  EXPECT_EQ(MessageBoxW(nullptr, L"x", L"y", 0x0F), 0);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_MSGBOX_STYLE));
}

TEST_F(Win32User32NoScreen, PredefinedIconsCursorsAndBrushes) {
  const HICON icon = LoadIconW(nullptr, IDI_APPLICATION);
  const HCURSOR cursor = LoadCursorW(nullptr, IDC_ARROW);
  EXPECT_NE(icon, nullptr);
  EXPECT_NE(cursor, nullptr);
  EXPECT_NE(static_cast<void*>(icon), static_cast<void*>(cursor));
  EXPECT_EQ(LoadIconA(nullptr, MAKEINTRESOURCEA(32512)), icon);
  EXPECT_NE(LoadIconW(nullptr, IDI_ERROR), icon);
  EXPECT_TRUE(DestroyIcon(icon));
  EXPECT_TRUE(DestroyCursor(cursor));
  EXPECT_FALSE(DestroyIcon(nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  // A module's resources: there are none.
  EXPECT_EQ(LoadIconW(GetModuleHandleW(nullptr), IDI_APPLICATION), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_RESOURCE_NAME_NOT_FOUND));
  EXPECT_EQ(LoadCursorW(nullptr, L"arrow"), nullptr);
  EXPECT_EQ(LoadIconW(nullptr, MAKEINTRESOURCEW(1)), nullptr);

  const HBRUSH brush = CreateSolidBrush(RGB(192, 192, 192));
  ASSERT_NE(brush, nullptr);
  EXPECT_TRUE(DeleteObject(brush));
  EXPECT_FALSE(DeleteObject(brush));  // twice
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_FALSE(DeleteObject(nullptr));
  EXPECT_EQ(CreateSolidBrush(0x01000000u), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST_F(Win32User32NoScreen, MoveWindowAndFocusTellTheWindows) {
  EXPECT_TRUE(MoveWindow(parent_, 0, 0, 320, 200, TRUE));
  ASSERT_EQ(g_seen.messages.size(), 1u);  // CW_USEDEFAULT was 0: not moved, resized
  EXPECT_EQ(g_seen.messages[0].first, static_cast<UINT>(WM_SIZE));
  EXPECT_EQ(LOWORD(g_seen.messages[0].second), 320);
  EXPECT_EQ(HIWORD(g_seen.messages[0].second), 200);
  EXPECT_TRUE(MoveWindow(parent_, 5, 6, 320, 200, TRUE));
  ASSERT_EQ(g_seen.messages.size(), 2u);
  EXPECT_EQ(g_seen.messages[1].first, static_cast<UINT>(WM_MOVE));
  EXPECT_FALSE(MoveWindow(reinterpret_cast<HWND>(0x1234), 0, 0, 1, 1, TRUE));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));

  g_seen = {};
  EXPECT_EQ(SetFocus(parent_), nullptr);
  EXPECT_EQ(GetFocus(), parent_);
  HWND e = edit(WS_VISIBLE);
  EXPECT_EQ(SetFocus(e), parent_);
  EXPECT_EQ(GetFocus(), e);
  ASSERT_EQ(g_seen.messages.size(), 2u);
  EXPECT_EQ(g_seen.messages[0].first, static_cast<UINT>(WM_SETFOCUS));
  EXPECT_EQ(g_seen.messages[1].first, static_cast<UINT>(WM_KILLFOCUS));
  EXPECT_EQ(SetFocus(reinterpret_cast<HWND>(0x1234)), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_WINDOW_HANDLE));
  EXPECT_TRUE(DestroyWindow(e));
  EXPECT_EQ(GetFocus(), nullptr);  // a destroyed window has no focus
}

std::vector<std::wstring> split(const wchar_t* line) {
  int n = -1;
  LPWSTR* argv = CommandLineToArgvW(line, &n);
  std::vector<std::wstring> out;
  if (argv == nullptr) return out;
  for (int i = 0; i < n; ++i) out.emplace_back(argv[i]);
  EXPECT_EQ(argv[n], nullptr);
  LocalFree(argv);
  return out;
}

TEST(Win32Shell32, CommandLineToArgvWSplitsByWindowsRules) {
  using V = std::vector<std::wstring>;
  EXPECT_EQ(split(L"prog a  b\tc"), (V{L"prog", L"a", L"b", L"c"}));
  // The program name: quotes only, no backslash rules.
  EXPECT_EQ(split(L"\"C:\\Program Files\\x.exe\" -v"), (V{L"C:\\Program Files\\x.exe", L"-v"}));
  EXPECT_EQ(split(L"p \"a b\" c\\d"), (V{L"p", L"a b", L"c\\d"}));
  EXPECT_EQ(split(L"p a\\\\\"b c\""), (V{L"p", L"a\\b c"}));  // 2n backslashes: n, quote opens
  EXPECT_EQ(split(L"p a\\\\\\\"b"), (V{L"p", L"a\\\"b"}));    // 2n+1: n and a literal quote
  EXPECT_EQ(split(L"p \"a\"\"b\""), (V{L"p", L"a\"b"}));      // "" inside quotes
  EXPECT_EQ(split(L"p \"\""), (V{L"p", L""}));                // an empty argument
  EXPECT_EQ(split(L"p "), (V{L"p"}));
  // Empty: the program's path.
  const V self = split(L"");
  ASSERT_EQ(self.size(), 1u);
  EXPECT_NE(self[0].find(L"no_screen_test"), std::wstring::npos);
  EXPECT_EQ(CommandLineToArgvW(L"x", nullptr), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

}  // namespace
