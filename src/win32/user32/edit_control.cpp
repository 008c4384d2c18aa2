// The EDIT system class: a multi-line text buffer with a selection, the line messages programs
// use to append and scroll (EM_SETSEL, EM_REPLACESEL, EM_GETLINECOUNT, EM_LINEINDEX,
// EM_LINELENGTH, EM_LINEFROMCHAR, EM_GETFIRSTVISIBLELINE, EM_LINESCROLL, EM_SETREADONLY), and
// WM_SETTEXT / WM_GETTEXT / WM_GETTEXTLENGTH. Nothing is drawn: an EDIT control created with
// WS_VISIBLE shows its text where a program without a screen shows things, on standard output
// (what WM_SETTEXT sets and EM_REPLACESEL inserts, as UTF-8).
//
// Lines end at "\n" (a "\r\n" pair is one line end, the "\r" not part of the line), as a modern
// edit control's do. Text is wide (the class's procedure is a W procedure; there is no A/W
// translation of messages, docs/win32-api.md).
#include <windows.h>
#include <winuser.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "win32/support/text.hpp"
#include "win32/user32/user_state.hpp"

namespace cmnotify::win32::user32 {
namespace {

struct EditState {
  std::wstring text;
  std::size_t selection_start = 0;
  std::size_t selection_end = 0;
  LONG first_visible = 0;

  // The index of the first character of each line.
  [[nodiscard]] std::vector<std::size_t> line_starts() const {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == L'\n') starts.push_back(i + 1);
    return starts;
  }
  [[nodiscard]] std::size_t line_of(std::size_t index) const {
    const auto starts = line_starts();
    return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), index) -
                                    starts.begin() - 1);
  }
  [[nodiscard]] std::size_t line_length(std::size_t line) const {
    const auto starts = line_starts();
    std::size_t end = line + 1 < starts.size() ? starts[line + 1] - 1 : text.size();
    if (end > starts[line] && text[end - 1] == L'\r' && line + 1 < starts.size()) --end;
    return end - starts[line];
  }
};

EditState* state_of(HWND hwnd) { return reinterpret_cast<EditState*>(GetWindowLongPtrW(hwnd, 0)); }

// A visible control shows what it is given on standard output.
void show(HWND hwnd, std::wstring_view text) {
  if ((GetWindowLongW(hwnd, GWL_STYLE) & WS_VISIBLE) == 0 || text.empty()) return;
  std::string utf8;
  if (!utf8_from_wide(text, utf8)) return;
  std::fwrite(utf8.data(), 1, utf8.size(), stdout);
  std::fflush(stdout);
}

LRESULT set_selection(EditState& s, WPARAM start, LPARAM end) {
  const auto size = static_cast<LONG_PTR>(s.text.size());
  auto first = static_cast<LONG_PTR>(static_cast<int>(start));
  auto last = static_cast<LONG_PTR>(static_cast<int>(end));
  if (first == -1) {  // no selection: the caret stays
    s.selection_start = s.selection_end;
    return 0;
  }
  if (last < 0 || last > size) last = size;
  first = std::clamp<LONG_PTR>(first, 0, size);
  if (first > last) std::swap(first, last);
  s.selection_start = static_cast<std::size_t>(first);
  s.selection_end = static_cast<std::size_t>(last);
  return 0;
}

LRESULT replace_selection(HWND hwnd, EditState& s, const wchar_t* text) {
  const std::wstring inserted = text == nullptr ? std::wstring() : std::wstring(text);
  s.text.replace(s.selection_start, s.selection_end - s.selection_start, inserted);
  s.selection_start += inserted.size();
  s.selection_end = s.selection_start;
  show(hwnd, inserted);
  return 0;
}

LRESULT line_index(const EditState& s, WPARAM line) {
  const auto starts = s.line_starts();
  const int wanted = static_cast<int>(line);
  if (wanted == -1) return static_cast<LRESULT>(starts[s.line_of(s.selection_end)]);
  if (wanted < 0 || static_cast<std::size_t>(wanted) >= starts.size()) return -1;
  return static_cast<LRESULT>(starts[static_cast<std::size_t>(wanted)]);
}

LRESULT line_length(const EditState& s, WPARAM index) {
  const int at = static_cast<int>(index);
  if (at == -1) return static_cast<LRESULT>(s.line_length(s.line_of(s.selection_end)));
  if (at < 0 || static_cast<std::size_t>(at) > s.text.size()) return 0;
  return static_cast<LRESULT>(s.line_length(s.line_of(static_cast<std::size_t>(at))));
}

LRESULT scroll_lines(EditState& s, LPARAM lines) {
  // 64-bit arithmetic: any LPARAM scrolls to the first or last line, never overflows.
  const auto count = static_cast<long long>(s.line_starts().size());
  const long long wanted = static_cast<long long>(s.first_visible) + static_cast<int>(lines);
  s.first_visible = static_cast<LONG>(std::clamp<long long>(wanted, 0, count - 1));
  return TRUE;
}

LRESULT get_text(const EditState& s, WPARAM capacity, LPARAM buffer) {
  auto* out = reinterpret_cast<wchar_t*>(buffer);
  if (out == nullptr || capacity == 0) return 0;
  const std::size_t n = std::min<std::size_t>(s.text.size(), capacity - 1);
  s.text.copy(out, n);
  out[n] = L'\0';
  return static_cast<LRESULT>(n);
}

LRESULT set_read_only(HWND hwnd, WPARAM read_only) {
  const LONG style = GetWindowLongW(hwnd, GWL_STYLE);
  SetWindowLongW(hwnd, GWL_STYLE, read_only != 0 ? (style | ES_READONLY) : (style & ~ES_READONLY));
  return TRUE;
}

LRESULT CALLBACK edit_procedure(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam) {
  if (message == WM_NCCREATE) {
    auto* s = new (std::nothrow) EditState;
    if (s == nullptr) return FALSE;
    SetWindowLongPtrW(hwnd, 0, reinterpret_cast<LONG_PTR>(s));
    return TRUE;
  }
  EditState* s = state_of(hwnd);
  if (s == nullptr) return DefWindowProcW(hwnd, message, wparam, lparam);
  switch (message) {
    case WM_NCDESTROY:
      SetWindowLongPtrW(hwnd, 0, 0);
      delete s;
      return 0;
    case WM_SETTEXT:
      s->text =
          lparam == 0 ? std::wstring() : std::wstring(reinterpret_cast<const wchar_t*>(lparam));
      s->selection_start = s->selection_end = 0;
      s->first_visible = 0;
      show(hwnd, s->text);
      return TRUE;
    case WM_GETTEXT: return get_text(*s, wparam, lparam);
    case WM_GETTEXTLENGTH: return static_cast<LRESULT>(s->text.size());
    case EM_GETSEL: {
      if (wparam != 0) *reinterpret_cast<DWORD*>(wparam) = static_cast<DWORD>(s->selection_start);
      if (lparam != 0) *reinterpret_cast<DWORD*>(lparam) = static_cast<DWORD>(s->selection_end);
      return static_cast<LRESULT>(MAKELONG(s->selection_start, s->selection_end));
    }
    case EM_SETSEL: return set_selection(*s, wparam, lparam);
    case EM_REPLACESEL:
      return replace_selection(hwnd, *s, reinterpret_cast<const wchar_t*>(lparam));
    case EM_GETLINECOUNT: return static_cast<LRESULT>(s->line_starts().size());
    case EM_LINEINDEX: return line_index(*s, wparam);
    case EM_LINELENGTH: return line_length(*s, wparam);
    case EM_LINEFROMCHAR: {
      const int at = static_cast<int>(wparam);
      const std::size_t index =
          at < 0 ? s->selection_end
                 : std::min<std::size_t>(static_cast<std::size_t>(at), s->text.size());
      return static_cast<LRESULT>(s->line_of(index));
    }
    case EM_GETFIRSTVISIBLELINE: return s->first_visible;
    case EM_LINESCROLL: return scroll_lines(*s, lparam);
    case EM_SETREADONLY: return set_read_only(hwnd, wparam);
    default: return DefWindowProcW(hwnd, message, wparam, lparam);
  }
}

}  // namespace

void register_system_classes() {
  static std::once_flag once;
  std::call_once(once, [] {
    WNDCLASSEXW edit{};
    edit.cbSize = sizeof(edit);
    edit.style = CS_DBLCLKS | CS_PARENTDC;
    edit.lpfnWndProc = edit_procedure;
    edit.cbWndExtra = sizeof(EditState*);
    edit.lpszClassName = L"Edit";
    (void)RegisterClassExW(&edit);
  });
}

}  // namespace cmnotify::win32::user32
