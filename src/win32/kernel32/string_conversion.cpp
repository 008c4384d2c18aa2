// MultiByteToWideChar and WideCharToMultiByte between UTF-8 (CP_UTF8, and the CP_ACP family,
// which is UTF-8 on Linux) and WCHAR (UTF-32), with Windows' argument checks, flags, default
// character and size-query convention.
#include <windows.h>

#include <cstdint>
#include <cstring>
#include <cwchar>
#include <new>
#include <string>
#include <string_view>

#include "win32/support/text.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

enum class CodePage { utf8, ansi, unknown };

CodePage code_page(UINT cp) {
  switch (cp) {
    case CP_UTF8: return CodePage::utf8;
    case CP_ACP:
    case CP_OEMCP:
    case CP_THREAD_ACP: return CodePage::ansi;
    default: return CodePage::unknown;
  }
}

int fail(DWORD error) {
  SetLastError(error);
  return 0;
}

template <typename Out, typename Emit>
int finish(std::size_t needed, Out* dst, int dst_len, Emit emit) {
  if (needed > static_cast<std::size_t>(INT32_MAX)) return fail(ERROR_INSUFFICIENT_BUFFER);
  if (dst_len == 0) return static_cast<int>(needed);
  const bool fits = needed <= static_cast<std::size_t>(dst_len);
  emit(dst, static_cast<std::size_t>(dst_len));
  if (!fits) return fail(ERROR_INSUFFICIENT_BUFFER);
  return static_cast<int>(needed);
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;
namespace w32 = cmnotify::win32;

extern "C" {

int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte,
                               LPWSTR lpWideCharStr, int cchWideChar) {
  if (lpMultiByteStr == nullptr || cbMultiByte == 0 || cchWideChar < 0 ||
      (lpWideCharStr == nullptr && cchWideChar != 0) ||
      static_cast<const void*>(lpMultiByteStr) == static_cast<const void*>(lpWideCharStr))
    return k32::fail(ERROR_INVALID_PARAMETER);
  const k32::CodePage cp = k32::code_page(CodePage);
  if (cp == k32::CodePage::unknown) return k32::fail(ERROR_INVALID_PARAMETER);
  const DWORD allowed =
      cp == k32::CodePage::utf8
          ? MB_ERR_INVALID_CHARS
          : (MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS | MB_ERR_INVALID_CHARS);
  if ((dwFlags & ~allowed) != 0 ||
      ((dwFlags & MB_PRECOMPOSED) != 0 && (dwFlags & MB_COMPOSITE) != 0))
    return k32::fail(ERROR_INVALID_FLAGS);
  const std::string_view in(lpMultiByteStr, cbMultiByte < 0
                                                ? std::strlen(lpMultiByteStr) + 1
                                                : static_cast<std::size_t>(cbMultiByte));
  const bool strict = (dwFlags & MB_ERR_INVALID_CHARS) != 0;
  std::size_t needed = 0;
  for (std::size_t i = 0; i < in.size(); ++needed) {
    bool malformed = false;
    (void)w32::next_code_point(in, i, malformed);
    if (malformed && strict) return k32::fail(ERROR_NO_UNICODE_TRANSLATION);
  }
  return k32::finish(needed, lpWideCharStr, cchWideChar, [&](wchar_t* out, std::size_t room) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < in.size() && n < room; ++n) {
      bool malformed = false;
      out[n] = static_cast<wchar_t>(w32::next_code_point(in, i, malformed));
    }
  });
}

int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWCH lpWideCharStr, int cchWideChar,
                               LPSTR lpMultiByteStr, int cbMultiByte, LPCCH lpDefaultChar,
                               LPBOOL lpUsedDefaultChar) {
  if (lpWideCharStr == nullptr || cchWideChar == 0 || cbMultiByte < 0 ||
      (lpMultiByteStr == nullptr && cbMultiByte != 0) ||
      static_cast<const void*>(lpWideCharStr) == static_cast<const void*>(lpMultiByteStr))
    return k32::fail(ERROR_INVALID_PARAMETER);
  const k32::CodePage cp = k32::code_page(CodePage);
  if (cp == k32::CodePage::unknown) return k32::fail(ERROR_INVALID_PARAMETER);
  if (cp == k32::CodePage::utf8) {
    if ((dwFlags & ~WC_ERR_INVALID_CHARS) != 0) return k32::fail(ERROR_INVALID_FLAGS);
    if (lpDefaultChar != nullptr || lpUsedDefaultChar != nullptr)
      return k32::fail(ERROR_INVALID_PARAMETER);
  } else if ((dwFlags & ~(WC_COMPOSITECHECK | WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR |
                          WC_NO_BEST_FIT_CHARS | WC_ERR_INVALID_CHARS)) != 0) {
    return k32::fail(ERROR_INVALID_FLAGS);
  }
  const std::wstring_view in(lpWideCharStr, cchWideChar < 0
                                                ? std::wcslen(lpWideCharStr) + 1
                                                : static_cast<std::size_t>(cchWideChar));
  const bool strict = (dwFlags & WC_ERR_INVALID_CHARS) != 0;
  // The CP_ACP family writes the default character for what it cannot encode; CP_UTF8 U+FFFD.
  const bool use_default = cp == k32::CodePage::ansi;
  const char default_char = lpDefaultChar != nullptr ? *lpDefaultChar : '?';
  bool used_default = false;
  try {
    std::string out;
    out.reserve(in.size());
    for (const wchar_t w : in) {
      if (w32::is_scalar_value(static_cast<std::int64_t>(w))) {
        w32::append_utf8(static_cast<char32_t>(w), out);
      } else if (strict) {
        return k32::fail(ERROR_NO_UNICODE_TRANSLATION);
      } else if (use_default) {
        out.push_back(default_char);
        used_default = true;
      } else {
        w32::append_utf8(U'\uFFFD', out);
      }
    }
    if (lpUsedDefaultChar != nullptr) *lpUsedDefaultChar = used_default ? TRUE : FALSE;
    return k32::finish(out.size(), lpMultiByteStr, cbMultiByte, [&](char* dst, std::size_t room) {
      out.copy(dst, room < out.size() ? room : out.size());
    });
  } catch (const std::bad_alloc&) {
    return k32::fail(ERROR_NOT_ENOUGH_MEMORY);
  }
}

}  // extern "C"
