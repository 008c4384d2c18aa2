// What user32 does where Windows would use the screen: a message box is written to standard
// error and answered with its default button; an icon or cursor names a predefined one (nothing
// is drawn); MoveWindow records the window's rectangle and tells it (WM_MOVE, WM_SIZE); SetFocus
// records the thread's focus window and tells both windows (WM_KILLFOCUS, WM_SETFOCUS).
#include <windows.h>
#include <winuser.h>

#include <cstdio>
#include <mutex>
#include <string>

#include "win32/support/text.hpp"
#include "win32/user32/user_state.hpp"

namespace cmnotify::win32::user32 {
namespace {

// The answer of a box nobody can click: its default button (MB_DEFBUTTONn of its buttons).
int default_button(UINT type) {
  static constexpr int kButtons[][3] = {
      {IDOK, 0, 0},                         // MB_OK
      {IDOK, IDCANCEL, 0},                  // MB_OKCANCEL
      {IDABORT, IDRETRY, IDIGNORE},         // MB_ABORTRETRYIGNORE
      {IDYES, IDNO, IDCANCEL},              // MB_YESNOCANCEL
      {IDYES, IDNO, 0},                     // MB_YESNO
      {IDRETRY, IDCANCEL, 0},               // MB_RETRYCANCEL
      {IDCANCEL, IDTRYAGAIN, IDCONTINUE}};  // MB_CANCELTRYCONTINUE
  const UINT buttons = type & MB_TYPEMASK;
  const UINT which = (type & MB_DEFMASK) >> 8;
  if (buttons > MB_CANCELTRYCONTINUE || which > 3) return 0;
  const int answer = which < 3 ? kButtons[buttons][which] : 0;
  return answer != 0 ? answer : kButtons[buttons][0];  // a default past the last: the first
}

int message_box(const std::string& text, const std::string& caption, UINT type) {
  const int answer = default_button(type);
  if (answer == 0) return fail_with(ERROR_INVALID_MSGBOX_STYLE, 0);
  std::fprintf(stderr, "%s: %s\n", caption.c_str(), text.c_str());
  std::fflush(stderr);
  return answer;
}

std::string utf8_or_empty(const wchar_t* text) {
  std::string out;
  if (text == nullptr || !utf8_from_wide(text, out)) return {};
  return out;
}

// A predefined icon or cursor: MAKEINTRESOURCE(32512..32651) with no module. Its handle names
// it (distinct per id and kind, never a pointer); anything else is a resource of a module, and
// there are none.
constexpr ULONG_PTR kFirstPredefined = 32512;
constexpr ULONG_PTR kLastPredefined = 32651;
constexpr ULONG_PTR kIconBase = 0x10000;
constexpr ULONG_PTR kCursorBase = 0x20000;

HICON load_predefined(HINSTANCE instance, const void* name, ULONG_PTR base) {
  const auto id = reinterpret_cast<ULONG_PTR>(name);
  if (instance != nullptr || !IS_INTRESOURCE(name) || id < kFirstPredefined || id > kLastPredefined)
    return fail_with<HICON>(ERROR_RESOURCE_NAME_NOT_FOUND, nullptr);
  return reinterpret_cast<HICON>(base + id);
}

BOOL destroy_predefined(HICON handle, ULONG_PTR base) {
  const auto value = reinterpret_cast<ULONG_PTR>(handle);
  if (value < base + kFirstPredefined || value > base + kLastPredefined)
    return fail_with<BOOL>(ERROR_INVALID_HANDLE, FALSE);
  return TRUE;  // shared, as Windows' predefined icons: nothing to free
}

}  // namespace
}  // namespace cmnotify::win32::user32

namespace u32 = cmnotify::win32::user32;
namespace k32 = cmnotify::win32::kernel32;
using u32::fail_with;

extern "C" {

int WINAPI MessageBoxW(HWND /*hWnd*/, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType) {
  const std::string caption = lpCaption == nullptr ? "Error" : u32::utf8_or_empty(lpCaption);
  return u32::message_box(u32::utf8_or_empty(lpText), caption, uType);
}

int WINAPI MessageBoxA(HWND /*hWnd*/, LPCSTR lpText, LPCSTR lpCaption, UINT uType) {
  return u32::message_box(lpText == nullptr ? "" : lpText,
                          lpCaption == nullptr ? "Error" : lpCaption, uType);
}

HICON WINAPI LoadIconW(HINSTANCE hInstance, LPCWSTR lpIconName) {
  return u32::load_predefined(hInstance, lpIconName, u32::kIconBase);
}
HICON WINAPI LoadIconA(HINSTANCE hInstance, LPCSTR lpIconName) {
  return u32::load_predefined(hInstance, lpIconName, u32::kIconBase);
}
HCURSOR WINAPI LoadCursorW(HINSTANCE hInstance, LPCWSTR lpCursorName) {
  return u32::load_predefined(hInstance, lpCursorName, u32::kCursorBase);
}
HCURSOR WINAPI LoadCursorA(HINSTANCE hInstance, LPCSTR lpCursorName) {
  return u32::load_predefined(hInstance, lpCursorName, u32::kCursorBase);
}
BOOL WINAPI DestroyIcon(HICON hIcon) { return u32::destroy_predefined(hIcon, u32::kIconBase); }
BOOL WINAPI DestroyCursor(HCURSOR hCursor) {
  return u32::destroy_predefined(hCursor, u32::kCursorBase);
}

BOOL WINAPI MoveWindow(HWND hWnd, int X, int Y, int nWidth, int nHeight, BOOL /*bRepaint*/) {
  bool moved = false;
  bool resized = false;
  {
    std::lock_guard lock(k32::kernel_lock());
    const u32::WindowPtr w = u32::window_of(hWnd);
    if (!w) return fail_with<BOOL>(ERROR_INVALID_WINDOW_HANDLE, FALSE);
    if (w->thread_id != k32::current_thread_id())
      return fail_with<BOOL>(ERROR_ACCESS_DENIED, FALSE);
    moved = w->x != X || w->y != Y;
    resized = w->width != nWidth || w->height != nHeight;
    w->x = X;
    w->y = Y;
    w->width = nWidth;
    w->height = nHeight;
  }
  if (moved) u32::call_procedure(hWnd, WM_MOVE, 0, MAKELPARAM(X, Y));
  if (resized)
    u32::call_procedure(hWnd, WM_SIZE, 0 /* SIZE_RESTORED */, MAKELPARAM(nWidth, nHeight));
  return TRUE;
}

HWND WINAPI SetFocus(HWND hWnd) {
  const u32::QueuePtr queue = u32::current_queue();
  HWND previous = nullptr;
  {
    std::lock_guard lock(k32::kernel_lock());
    if (hWnd != nullptr) {
      const u32::WindowPtr w = u32::window_of(hWnd);
      if (!w) return fail_with<HWND>(ERROR_INVALID_WINDOW_HANDLE, nullptr);
      if (w->thread_id != queue->thread_id) return fail_with<HWND>(ERROR_ACCESS_DENIED, nullptr);
    }
    previous = queue->focus;
    if (previous == hWnd) return previous;
    queue->focus = hWnd;
  }
  if (previous != nullptr)
    u32::call_procedure(previous, WM_KILLFOCUS, reinterpret_cast<WPARAM>(hWnd), 0);
  if (hWnd != nullptr)
    u32::call_procedure(hWnd, WM_SETFOCUS, reinterpret_cast<WPARAM>(previous), 0);
  return previous;
}

HWND WINAPI GetFocus(void) {
  const u32::QueuePtr queue = u32::current_queue();
  std::lock_guard lock(k32::kernel_lock());
  if (queue->focus != nullptr && !u32::window_of(queue->focus)) queue->focus = nullptr;
  return queue->focus;
}

}  // extern "C"
