// Window classes and windows: RegisterClass(Ex), UnregisterClass, CreateWindowEx, DestroyWindow,
// DefWindowProc, CallWindowProc and the window's long values.
#include <algorithm>
#include <cstring>
#include <cwctype>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>

#include "win32/support/text.hpp"
#include "win32/user32/user_state.hpp"

namespace cmnotify::win32::user32 {
namespace {

// ---- Tables (kernel lock) ----

std::vector<std::shared_ptr<WindowClass>>& classes() {
  static auto* table = new std::vector<std::shared_ptr<WindowClass>>;
  return *table;
}

std::unordered_map<HWND, WindowPtr>& windows() {
  static auto* table = new std::unordered_map<HWND, WindowPtr>;
  return *table;
}

// Handles are never reused, so a stale HWND names nothing. They stay clear of the special
// values (HWND_BROADCAST, HWND_MESSAGE, ...) and are even, as Windows' are.
HWND next_hwnd() {
  static std::uintptr_t next = 0x20000;
  next += 4;
  return reinterpret_cast<HWND>(next);
}

ATOM next_atom() {
  static unsigned next = 0xC000;
  // Atoms of unregistered classes are not reused until the range wraps.
  for (unsigned tries = 0; tries < 0x4000; ++tries) {
    const auto atom = static_cast<ATOM>(next);
    next = next == 0xFFFF ? 0xC000 : next + 1;
    if (std::none_of(classes().begin(), classes().end(),
                     [&](const auto& c) { return c->atom == atom; }))
      return atom;
  }
  return 0;
}

bool same_name(const std::wstring& a, const std::wstring& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](wchar_t x, wchar_t y) {
           return std::towlower(static_cast<wint_t>(x)) == std::towlower(static_cast<wint_t>(y));
         });
}

// A class named by a string or by MAKEINTATOM. Kernel lock held.
struct ClassName {
  ATOM atom = 0;
  std::wstring text;
};

std::shared_ptr<WindowClass> find_class(const ClassName& name) {
  for (const auto& c : classes())
    if (name.atom != 0 ? c->atom == name.atom : same_name(c->name, name.text)) return c;
  return nullptr;
}

std::optional<ClassName> class_name(const wchar_t* name) {
  if (name == nullptr) return std::nullopt;
  if (IS_INTRESOURCE(name))
    return ClassName{static_cast<ATOM>(reinterpret_cast<std::uintptr_t>(name)), {}};
  return ClassName{0, name};
}

std::optional<ClassName> class_name(const char* name) {
  if (name == nullptr) return std::nullopt;
  if (IS_INTRESOURCE(name))
    return ClassName{static_cast<ATOM>(reinterpret_cast<std::uintptr_t>(name)), {}};
  return ClassName{0, wide_from_utf8(name)};
}

// Validates and registers a class; the A and W forms call it with the name converted.
ATOM register_class(const WNDCLASSEXW& wc, const std::wstring& name) {
  // Negative extra sizes and a missing procedure are refused (docs/win32-api.md).
  if (wc.cbClsExtra < 0 || wc.cbWndExtra < 0 || wc.lpfnWndProc == nullptr || name.empty() ||
      name.size() > 255)
    return fail_with<ATOM>(ERROR_INVALID_PARAMETER, 0);
  std::lock_guard lock(k32::kernel_lock());
  if (find_class(ClassName{0, name})) return fail_with<ATOM>(ERROR_CLASS_ALREADY_EXISTS, 0);
  auto c = std::make_shared<WindowClass>();
  c->name = name;
  c->atom = next_atom();
  if (c->atom == 0) return fail_with<ATOM>(ERROR_NOT_ENOUGH_MEMORY, 0);
  c->style = wc.style;
  c->procedure = wc.lpfnWndProc;
  c->class_extra = wc.cbClsExtra;
  c->window_extra = wc.cbWndExtra;
  c->instance = wc.hInstance;
  c->icon = wc.hIcon;
  c->small_icon = wc.hIconSm;
  c->cursor = wc.hCursor;
  c->background = wc.hbrBackground;
  classes().push_back(c);
  return c->atom;
}

template <typename Char>
ATOM register_class_named(const WNDCLASSEXW& wc, const Char* name) {
  try {
    if (name == nullptr) return fail_with<ATOM>(ERROR_INVALID_PARAMETER, 0);
    if (IS_INTRESOURCE(name)) return fail_with<ATOM>(ERROR_INVALID_PARAMETER, 0);
    const auto parsed = class_name(name);
    return register_class(wc, parsed->text);
  } catch (const std::bad_alloc&) {
    return fail_with<ATOM>(ERROR_NOT_ENOUGH_MEMORY, 0);
  }
}

// WNDCLASS(EX)A -> WNDCLASSEXW, names aside.
template <typename Source>
WNDCLASSEXW as_wide_class(const Source& s) {
  WNDCLASSEXW wc{};
  wc.cbSize = sizeof(wc);
  wc.style = s.style;
  wc.lpfnWndProc = s.lpfnWndProc;
  wc.cbClsExtra = s.cbClsExtra;
  wc.cbWndExtra = s.cbWndExtra;
  wc.hInstance = s.hInstance;
  wc.hIcon = s.hIcon;
  wc.hCursor = s.hCursor;
  wc.hbrBackground = s.hbrBackground;
  return wc;
}

template <typename Char>
BOOL unregister_class(const Char* name) {
  try {
    const auto parsed = class_name(name);
    if (!parsed) return fail_with<BOOL>(ERROR_CLASS_DOES_NOT_EXIST, FALSE);
    std::lock_guard lock(k32::kernel_lock());
    auto c = find_class(*parsed);
    if (!c) return fail_with<BOOL>(ERROR_CLASS_DOES_NOT_EXIST, FALSE);
    if (c->windows != 0) return fail_with<BOOL>(ERROR_CLASS_HAS_WINDOWS, FALSE);
    classes().erase(std::find(classes().begin(), classes().end(), c));
    return TRUE;
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, FALSE);
  }
}

// GetClassInfoEx: the class's values in WNDCLASSEX(A|W); the name is the caller's own string.
template <typename Char, typename Info>
BOOL get_class_info(const Char* name, Info* info) {
  if (info == nullptr) return fail_with<BOOL>(ERROR_INVALID_PARAMETER, FALSE);
  try {
    const auto parsed = class_name(name);
    std::lock_guard lock(k32::kernel_lock());
    const auto c = parsed ? find_class(*parsed) : nullptr;
    if (!c) return fail_with<BOOL>(ERROR_CLASS_DOES_NOT_EXIST, FALSE);
    info->style = c->style;
    info->lpfnWndProc = c->procedure;
    info->cbClsExtra = c->class_extra;
    info->cbWndExtra = c->window_extra;
    info->hInstance = c->instance;
    info->hIcon = c->icon;
    info->hCursor = c->cursor;
    info->hbrBackground = c->background;
    info->lpszMenuName = nullptr;
    info->lpszClassName = name;
    info->hIconSm = c->small_icon;
    return static_cast<BOOL>(c->atom);
  } catch (const std::bad_alloc&) {
    return fail_with<BOOL>(ERROR_NOT_ENOUGH_MEMORY, FALSE);
  }
}

// ---- Creation and destruction ----

template <typename CreateStruct, typename Char>
HWND create_window(DWORD ex_style, const Char* class_text, const Char* window_name, DWORD style,
                   int x, int y, int width, int height, HWND parent, HMENU menu, HINSTANCE instance,
                   LPVOID param) {
  WindowPtr window;
  try {
    register_system_classes();
    const QueuePtr queue = current_queue();
    const auto parsed = class_name(class_text);
    std::lock_guard lock(k32::kernel_lock());
    auto c = parsed ? find_class(*parsed) : nullptr;
    if (!c) return fail_with<HWND>(ERROR_CANNOT_FIND_WND_CLASS, nullptr);
    if (parent != nullptr && parent != HWND_MESSAGE && !window_of(parent))
      return fail_with<HWND>(ERROR_INVALID_WINDOW_HANDLE, nullptr);
    if ((style & WS_CHILD) != 0 && parent == nullptr)
      return fail_with<HWND>(ERROR_TLW_WITH_WSCHILD, nullptr);
    window = std::make_shared<Window>();
    window->hwnd = next_hwnd();
    window->window_class = c;
    window->procedure = c->procedure;
    window->parent = parent;
    window->style = style;
    window->ex_style = ex_style;
    window->instance = instance;
    window->id = (style & WS_CHILD) != 0 ? reinterpret_cast<LONG_PTR>(menu) : 0;
    window->extra.assign(static_cast<std::size_t>(c->window_extra), 0);
    if (window_name != nullptr) {
      if constexpr (std::is_same_v<Char, char>)
        window->name = wide_from_utf8(window_name);
      else
        window->name = window_name;
    }
    window->x = x == CW_USEDEFAULT ? 0 : x;
    window->y = y == CW_USEDEFAULT ? 0 : y;
    window->width = width == CW_USEDEFAULT ? 0 : width;
    window->height = height == CW_USEDEFAULT ? 0 : height;
    window->thread_id = queue->thread_id;
    window->queue = queue;
    windows()[window->hwnd] = window;
    ++c->windows;
  } catch (const std::bad_alloc&) {
    return fail_with<HWND>(ERROR_NOT_ENOUGH_MEMORY, nullptr);
  }
  CreateStruct cs{};
  cs.lpCreateParams = param;
  cs.hInstance = instance;
  cs.hMenu = menu;
  cs.hwndParent = parent;
  cs.cy = height;
  cs.cx = width;
  cs.y = y;
  cs.x = x;
  cs.style = static_cast<LONG>(style);
  cs.lpszName = window_name;
  cs.lpszClass = class_text;
  cs.dwExStyle = ex_style;
  const HWND hwnd = window->hwnd;
  const auto lparam = reinterpret_cast<LPARAM>(&cs);
  if (call_procedure(hwnd, WM_NCCREATE, 0, lparam) == FALSE) {
    // Refused: the window goes without WM_DESTROY, as on Windows.
    call_procedure(hwnd, WM_NCDESTROY, 0, 0);
    std::lock_guard lock(k32::kernel_lock());
    if (!window->destroyed) {
      window->destroyed = true;
      windows().erase(hwnd);
      --window->window_class->windows;
    }
    return nullptr;
  }
  if (call_procedure(hwnd, WM_CREATE, 0, lparam) == -1) {
    DestroyWindow(hwnd);
    return nullptr;
  }
  {
    std::lock_guard lock(k32::kernel_lock());
    if (window->destroyed) return nullptr;  // the procedure may have destroyed it already
  }
  // A top-level window (hidden or not; not message-only) gets DBT_DEVNODES_CHANGED.
  if (window->top_level()) watch_device_tree(window->queue);
  return hwnd;
}

// Kernel lock held. The window, or null with ERROR_INVALID_WINDOW_HANDLE.
WindowPtr window_or_fail(HWND hwnd) {
  WindowPtr w = window_of(hwnd);
  if (!w) SetLastError(ERROR_INVALID_WINDOW_HANDLE);
  return w;
}

// ---- Long values ----

enum class Width { pointer, dword };

// Kernel lock held. The value at `index`, or nullopt with the last error set.
std::optional<LONG_PTR> get_long(const Window& w, int index, Width width) {
  if (index >= 0) {
    const std::size_t bytes = width == Width::pointer ? sizeof(LONG_PTR) : sizeof(LONG);
    if (static_cast<std::size_t>(index) + bytes > w.extra.size()) {
      SetLastError(ERROR_INVALID_INDEX);
      return std::nullopt;
    }
    if (width == Width::pointer) {
      LONG_PTR v = 0;
      std::memcpy(&v, w.extra.data() + index, sizeof(v));
      return v;
    }
    LONG v = 0;
    std::memcpy(&v, w.extra.data() + index, sizeof(v));
    return v;
  }
  // The pointer-sized values have no 32-bit form on a 64-bit system.
  const bool pointer_only =
      index == GWLP_WNDPROC || index == GWLP_HINSTANCE || index == GWLP_HWNDPARENT;
  if (width == Width::dword && pointer_only) {
    SetLastError(ERROR_INVALID_INDEX);
    return std::nullopt;
  }
  switch (index) {
    case GWLP_WNDPROC: return reinterpret_cast<LONG_PTR>(w.procedure);
    case GWLP_HINSTANCE: return reinterpret_cast<LONG_PTR>(w.instance);
    case GWLP_HWNDPARENT:
      return w.parent == HWND_MESSAGE ? 0 : reinterpret_cast<LONG_PTR>(w.parent);
    case GWLP_ID: return w.id;
    case GWLP_USERDATA: return w.user_data;
    case GWL_STYLE: return static_cast<LONG>(w.style);
    case GWL_EXSTYLE: return static_cast<LONG>(w.ex_style);
    default: SetLastError(ERROR_INVALID_INDEX); return std::nullopt;
  }
}

// Kernel lock held. Sets the value and returns the previous one, or nullopt with the last error.
std::optional<LONG_PTR> set_long(Window& w, int index, LONG_PTR value, Width width) {
  std::optional<LONG_PTR> previous = get_long(w, index, width);
  if (!previous) return std::nullopt;
  if (index >= 0) {
    if (width == Width::pointer) {
      std::memcpy(w.extra.data() + index, &value, sizeof(value));
    } else {
      const auto v = static_cast<LONG>(value);
      std::memcpy(w.extra.data() + index, &v, sizeof(v));
    }
    return previous;
  }
  switch (index) {
    case GWLP_WNDPROC:
      if (value == 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return std::nullopt;
      }
      w.procedure = reinterpret_cast<WNDPROC>(value);
      break;
    case GWLP_HINSTANCE: w.instance = reinterpret_cast<HINSTANCE>(value); break;
    case GWLP_ID: w.id = value; break;
    case GWLP_USERDATA: w.user_data = value; break;
    case GWL_STYLE: w.style = static_cast<DWORD>(value); break;
    case GWL_EXSTYLE: w.ex_style = static_cast<DWORD>(value); break;
    default: SetLastError(ERROR_INVALID_INDEX); return std::nullopt;  // GWLP_HWNDPARENT
  }
  return previous;
}

LONG_PTR get_window_long(HWND hwnd, int index, Width width) {
  std::lock_guard lock(k32::kernel_lock());
  const WindowPtr w = window_or_fail(hwnd);
  if (!w) return 0;
  return get_long(*w, index, width).value_or(0);
}

// As Windows, a success does not clear the last error: a caller that needs to tell a previous
// value of 0 from a failure sets it to 0 first.
LONG_PTR set_window_long(HWND hwnd, int index, LONG_PTR value, Width width) {
  std::lock_guard lock(k32::kernel_lock());
  const WindowPtr w = window_or_fail(hwnd);
  if (!w) return 0;
  return set_long(*w, index, value, width).value_or(0);
}

LRESULT default_procedure(HWND hwnd, UINT message, WPARAM, LPARAM) {
  switch (message) {
    case WM_NCCREATE: return TRUE;
    case WM_CLOSE: DestroyWindow(hwnd); return 0;
    case WM_QUERYENDSESSION: return TRUE;
    case WM_DEVICECHANGE: return TRUE;  // grants DBT_DEVICEQUERYREMOVE (never sent here)
    default: return 0;
  }
}

}  // namespace

WindowPtr window_of(HWND hwnd) {
  const auto it = windows().find(hwnd);
  return it == windows().end() ? nullptr : it->second;
}

std::vector<WindowPtr> windows_of_thread(DWORD thread_id) {
  std::vector<WindowPtr> out;
  for (const auto& [hwnd, w] : windows())
    if (w->thread_id == thread_id) out.push_back(w);
  return out;
}

std::vector<WindowPtr> top_level_windows() {
  std::vector<WindowPtr> out;
  for (const auto& [hwnd, w] : windows())
    if (w->top_level()) out.push_back(w);
  return out;
}

LRESULT call_procedure(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam) {
  WNDPROC procedure = nullptr;
  {
    std::lock_guard lock(k32::kernel_lock());
    const WindowPtr w = window_of(hwnd);
    if (!w) return 0;
    procedure = w->procedure;
  }
  return procedure(hwnd, message, wparam, lparam);
}

std::vector<HWND> forget_windows_of_thread(DWORD thread_id) {
  std::vector<HWND> gone;
  for (const WindowPtr& w : windows_of_thread(thread_id)) {
    w->destroyed = true;
    --w->window_class->windows;
    windows().erase(w->hwnd);
    gone.push_back(w->hwnd);
  }
  return gone;
}

}  // namespace cmnotify::win32::user32

namespace u32 = cmnotify::win32::user32;
namespace k32 = cmnotify::win32::kernel32;
using u32::fail_with;

extern "C" {

ATOM WINAPI RegisterClassExW(const WNDCLASSEXW* lpWndClass) {
  if (lpWndClass == nullptr || lpWndClass->cbSize != sizeof(WNDCLASSEXW))
    return fail_with<ATOM>(ERROR_INVALID_PARAMETER, 0);
  WNDCLASSEXW wc = *lpWndClass;
  return u32::register_class_named(wc, lpWndClass->lpszClassName);
}

ATOM WINAPI RegisterClassExA(const WNDCLASSEXA* lpWndClass) {
  if (lpWndClass == nullptr || lpWndClass->cbSize != sizeof(WNDCLASSEXA))
    return fail_with<ATOM>(ERROR_INVALID_PARAMETER, 0);
  WNDCLASSEXW wc = u32::as_wide_class(*lpWndClass);
  wc.hIconSm = lpWndClass->hIconSm;
  return u32::register_class_named(wc, lpWndClass->lpszClassName);
}

ATOM WINAPI RegisterClassW(const WNDCLASSW* lpWndClass) {
  if (lpWndClass == nullptr) return fail_with<ATOM>(ERROR_INVALID_PARAMETER, 0);
  return u32::register_class_named(u32::as_wide_class(*lpWndClass), lpWndClass->lpszClassName);
}

ATOM WINAPI RegisterClassA(const WNDCLASSA* lpWndClass) {
  if (lpWndClass == nullptr) return fail_with<ATOM>(ERROR_INVALID_PARAMETER, 0);
  return u32::register_class_named(u32::as_wide_class(*lpWndClass), lpWndClass->lpszClassName);
}

BOOL WINAPI UnregisterClassW(LPCWSTR lpClassName, HINSTANCE /*hInstance*/) {
  return u32::unregister_class(lpClassName);
}

BOOL WINAPI UnregisterClassA(LPCSTR lpClassName, HINSTANCE /*hInstance*/) {
  return u32::unregister_class(lpClassName);
}

BOOL WINAPI GetClassInfoExW(HINSTANCE /*hInstance*/, LPCWSTR lpszClass, LPWNDCLASSEXW lpwcx) {
  return u32::get_class_info(lpszClass, lpwcx);
}

BOOL WINAPI GetClassInfoExA(HINSTANCE /*hInstance*/, LPCSTR lpszClass, LPWNDCLASSEXA lpwcx) {
  return u32::get_class_info(lpszClass, lpwcx);
}

HWND WINAPI CreateWindowExW(DWORD dwExStyle, LPCWSTR lpClassName, LPCWSTR lpWindowName,
                            DWORD dwStyle, int X, int Y, int nWidth, int nHeight, HWND hWndParent,
                            HMENU hMenu, HINSTANCE hInstance, LPVOID lpParam) {
  return u32::create_window<CREATESTRUCTW>(dwExStyle, lpClassName, lpWindowName, dwStyle, X, Y,
                                           nWidth, nHeight, hWndParent, hMenu, hInstance, lpParam);
}

HWND WINAPI CreateWindowExA(DWORD dwExStyle, LPCSTR lpClassName, LPCSTR lpWindowName, DWORD dwStyle,
                            int X, int Y, int nWidth, int nHeight, HWND hWndParent, HMENU hMenu,
                            HINSTANCE hInstance, LPVOID lpParam) {
  return u32::create_window<CREATESTRUCTA>(dwExStyle, lpClassName, lpWindowName, dwStyle, X, Y,
                                           nWidth, nHeight, hWndParent, hMenu, hInstance, lpParam);
}

BOOL WINAPI DestroyWindow(HWND hWnd) {
  u32::WindowPtr window;
  std::vector<HWND> children;
  {
    std::lock_guard lock(k32::kernel_lock());
    window = u32::window_or_fail(hWnd);
    if (!window) return FALSE;
    if (window->thread_id != k32::current_thread_id())
      return fail_with<BOOL>(ERROR_ACCESS_DENIED, FALSE);
    if (window->destroying) return TRUE;  // from its own WM_DESTROY: already on its way
    window->destroying = true;
  }
  // WM_DESTROY to the window before its children, WM_NCDESTROY after theirs, as on Windows.
  u32::call_procedure(hWnd, WM_DESTROY, 0, 0);
  {
    std::lock_guard lock(k32::kernel_lock());
    for (const auto& [child_hwnd, child] : u32::windows())
      if (child->parent == hWnd) children.push_back(child_hwnd);
  }
  for (HWND child : children) DestroyWindow(child);
  u32::end_device_notifications_of(hWnd);
  u32::unwatch_device_tree_if_unused(window->queue);
  u32::call_procedure(hWnd, WM_NCDESTROY, 0, 0);
  std::lock_guard lock(k32::kernel_lock());
  auto& timers = window->queue->timers;
  timers.erase(std::remove_if(timers.begin(), timers.end(),
                              [&](const u32::Timer& t) { return t.hwnd == hWnd; }),
               timers.end());
  if (!window->destroyed) {
    window->destroyed = true;
    u32::windows().erase(hWnd);
    --window->window_class->windows;
  }
  return TRUE;
}

BOOL WINAPI IsWindow(HWND hWnd) {
  std::lock_guard lock(k32::kernel_lock());
  return u32::window_of(hWnd) ? TRUE : FALSE;
}

BOOL WINAPI IsWindowVisible(HWND hWnd) {
  std::lock_guard lock(k32::kernel_lock());
  const u32::WindowPtr w = u32::window_of(hWnd);
  return w && (w->style & WS_VISIBLE) != 0 ? TRUE : FALSE;
}

BOOL WINAPI ShowWindow(HWND hWnd, int nCmdShow) {
  std::lock_guard lock(k32::kernel_lock());
  const u32::WindowPtr w = u32::window_or_fail(hWnd);
  if (!w) return FALSE;
  const BOOL was_visible = (w->style & WS_VISIBLE) != 0 ? TRUE : FALSE;
  if (nCmdShow == SW_HIDE)
    w->style &= ~static_cast<DWORD>(WS_VISIBLE);
  else
    w->style |= static_cast<DWORD>(WS_VISIBLE);
  return was_visible;
}

BOOL WINAPI UpdateWindow(HWND hWnd) {
  std::lock_guard lock(k32::kernel_lock());
  return u32::window_or_fail(hWnd) ? TRUE : FALSE;  // nothing is ever invalid: no painting
}

DWORD WINAPI GetWindowThreadProcessId(HWND hWnd, LPDWORD lpdwProcessId) {
  std::lock_guard lock(k32::kernel_lock());
  const u32::WindowPtr w = u32::window_or_fail(hWnd);
  if (!w) return 0;
  if (lpdwProcessId != nullptr) *lpdwProcessId = GetCurrentProcessId();
  return w->thread_id;
}

HWND WINAPI GetParent(HWND hWnd) {
  std::lock_guard lock(k32::kernel_lock());
  const u32::WindowPtr w = u32::window_or_fail(hWnd);
  if (!w || w->parent == HWND_MESSAGE) return nullptr;
  return w->parent;
}

LRESULT WINAPI DefWindowProcW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return u32::default_procedure(hWnd, Msg, wParam, lParam);
}

LRESULT WINAPI DefWindowProcA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam) {
  return u32::default_procedure(hWnd, Msg, wParam, lParam);
}

LRESULT WINAPI CallWindowProcW(WNDPROC lpPrevWndFunc, HWND hWnd, UINT Msg, WPARAM wParam,
                               LPARAM lParam) {
  if (lpPrevWndFunc == nullptr) return 0;
  return lpPrevWndFunc(hWnd, Msg, wParam, lParam);
}

LRESULT WINAPI CallWindowProcA(WNDPROC lpPrevWndFunc, HWND hWnd, UINT Msg, WPARAM wParam,
                               LPARAM lParam) {
  return CallWindowProcW(lpPrevWndFunc, hWnd, Msg, wParam, lParam);
}

LONG_PTR WINAPI GetWindowLongPtrW(HWND hWnd, int nIndex) {
  return u32::get_window_long(hWnd, nIndex, u32::Width::pointer);
}
LONG_PTR WINAPI GetWindowLongPtrA(HWND hWnd, int nIndex) {
  return u32::get_window_long(hWnd, nIndex, u32::Width::pointer);
}
LONG_PTR WINAPI SetWindowLongPtrW(HWND hWnd, int nIndex, LONG_PTR dwNewLong) {
  return u32::set_window_long(hWnd, nIndex, dwNewLong, u32::Width::pointer);
}
LONG_PTR WINAPI SetWindowLongPtrA(HWND hWnd, int nIndex, LONG_PTR dwNewLong) {
  return u32::set_window_long(hWnd, nIndex, dwNewLong, u32::Width::pointer);
}
LONG WINAPI GetWindowLongW(HWND hWnd, int nIndex) {
  return static_cast<LONG>(u32::get_window_long(hWnd, nIndex, u32::Width::dword));
}
LONG WINAPI GetWindowLongA(HWND hWnd, int nIndex) {
  return static_cast<LONG>(u32::get_window_long(hWnd, nIndex, u32::Width::dword));
}
LONG WINAPI SetWindowLongW(HWND hWnd, int nIndex, LONG dwNewLong) {
  return static_cast<LONG>(u32::set_window_long(hWnd, nIndex, dwNewLong, u32::Width::dword));
}
LONG WINAPI SetWindowLongA(HWND hWnd, int nIndex, LONG dwNewLong) {
  return static_cast<LONG>(u32::set_window_long(hWnd, nIndex, dwNewLong, u32::Width::dword));
}

}  // extern "C"
