// The MSVC runtime's formatted output: _snprintf/_snwprintf and their _s and counting forms,
// sprintf_s/swprintf_s, and the printf family with MSVC's %s that tchar.h's _tprintf maps to.
// All format through support/windows_format (MSVC's meaning of %s, %S, I64, ...).
#include <msvc_compat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cwchar>
#include <new>
#include <string>

#include "win32/support/text.hpp"
#include "win32/support/windows_format.hpp"

namespace {

using cmnotify::win32::format_windows;

template <typename Char>
bool format(const Char* fmt, va_list args, std::basic_string<Char>& out) {
  if (fmt == nullptr) {
    errno = EINVAL;
    return false;
  }
  try {
    out = format_windows(fmt, args);
    return out.size() <= static_cast<size_t>(INT_MAX);
  } catch (const std::bad_alloc&) {
    errno = ENOMEM;
    return false;
  }
}

template <typename Char>
int counted(Char* buffer, size_t count, const Char* fmt, va_list args) {
  std::basic_string<Char> out;
  if (!format(fmt, args, out)) return -1;
  if (buffer == nullptr) return count == 0 ? static_cast<int>(out.size()) : (errno = EINVAL, -1);
  if (out.size() < count) {
    out.copy(buffer, out.size());
    buffer[out.size()] = Char{};
    return static_cast<int>(out.size());
  }
  out.copy(buffer, count);  // no room for the NUL
  return out.size() == count ? static_cast<int>(count) : -1;
}

template <typename Char>
int checked(Char* buffer, size_t size, const Char* fmt, va_list args) {
  if (buffer == nullptr || size == 0) {
    errno = EINVAL;
    return -1;
  }
  std::basic_string<Char> out;
  if (!format(fmt, args, out)) {
    buffer[0] = Char{};
    return -1;
  }
  if (out.size() >= size) {
    buffer[0] = Char{};
    errno = ERANGE;
    return -1;
  }
  out.copy(buffer, out.size());
  buffer[out.size()] = Char{};
  return static_cast<int>(out.size());
}

template <typename Char>
int checked_counted(Char* buffer, size_t size, size_t count, const Char* fmt, va_list args) {
  if (buffer == nullptr || size == 0) {
    errno = EINVAL;
    return -1;
  }
  std::basic_string<Char> out;
  if (!format(fmt, args, out)) {
    buffer[0] = Char{};
    return -1;
  }
  const size_t limit = count == _TRUNCATE ? size - 1 : count;
  if (count != _TRUNCATE && count >= size && out.size() >= size) {
    buffer[0] = Char{};
    errno = ERANGE;
    return -1;
  }
  const size_t n = out.size() < limit ? out.size() : limit;
  out.copy(buffer, n);
  buffer[n] = Char{};
  return n == out.size() ? static_cast<int>(n) : -1;
}

template <typename Char>
int measure(const Char* fmt, va_list args) {
  std::basic_string<Char> out;
  return format(fmt, args, out) ? static_cast<int>(out.size()) : -1;
}

// Writes to a stream: UTF-8 bytes, or wide characters when the stream is wide-oriented.
template <typename Char>
int print(FILE* stream, const Char* fmt, va_list args) {
  if (stream == nullptr) {
    errno = EINVAL;
    return -1;
  }
  std::basic_string<Char> out;
  if (!format(fmt, args, out)) return -1;
  try {
    if (fwide(stream, 0) > 0) {
      std::wstring wide;
      if constexpr (sizeof(Char) == 1) {
        wide = cmnotify::win32::wide_from_utf8(out);
      } else {
        wide = out;
      }
      for (wchar_t w : wide)
        if (fputwc(w, stream) == WEOF) return -1;
    } else {
      std::string narrow;
      if constexpr (sizeof(Char) == 1) {
        narrow = out;
      } else {
        for (wchar_t w : out) {
          const bool valid = cmnotify::win32::is_scalar_value(static_cast<std::int64_t>(w));
          cmnotify::win32::append_utf8(valid ? static_cast<char32_t>(w) : U'\uFFFD', narrow);
        }
      }
      if (std::fwrite(narrow.data(), 1, narrow.size(), stream) != narrow.size()) return -1;
    }
  } catch (const std::bad_alloc&) {
    errno = ENOMEM;
    return -1;
  }
  return static_cast<int>(out.size());
}

}  // namespace

extern "C" {

// Each variadic form is its va_list form: FORWARD defines `name(params..., last, ...)` calling
// `call` with the va_list `args`.
#define CMNOTIFY_FORWARD(name, params, last, call) \
  int name params {                                \
    va_list args;                                  \
    va_start(args, last);                          \
    const int n = call;                            \
    va_end(args);                                  \
    return n;                                      \
  }

int _vsnprintf(char* buffer, size_t count, const char* format, va_list args) {
  return counted(buffer, count, format, args);
}
int _vsnwprintf(wchar_t* buffer, size_t count, const wchar_t* format, va_list args) {
  return counted(buffer, count, format, args);
}
CMNOTIFY_FORWARD(_snprintf, (char* buffer, size_t count, const char* format, ...), format,
                 counted(buffer, count, format, args))
CMNOTIFY_FORWARD(_snwprintf, (wchar_t * buffer, size_t count, const wchar_t* format, ...), format,
                 counted(buffer, count, format, args))

int _vscprintf(const char* format, va_list args) { return measure(format, args); }
int _vscwprintf(const wchar_t* format, va_list args) { return measure(format, args); }
CMNOTIFY_FORWARD(_scprintf, (const char* format, ...), format, measure(format, args))
CMNOTIFY_FORWARD(_scwprintf, (const wchar_t* format, ...), format, measure(format, args))

int vsprintf_s(char* buffer, size_t size, const char* format, va_list args) {
  return checked(buffer, size, format, args);
}
int vswprintf_s(wchar_t* buffer, size_t size, const wchar_t* format, va_list args) {
  return checked(buffer, size, format, args);
}
CMNOTIFY_FORWARD(sprintf_s, (char* buffer, size_t size, const char* format, ...), format,
                 checked(buffer, size, format, args))
CMNOTIFY_FORWARD(swprintf_s, (wchar_t * buffer, size_t size, const wchar_t* format, ...), format,
                 checked(buffer, size, format, args))

int _vsnprintf_s(char* buffer, size_t size, size_t count, const char* format, va_list args) {
  return checked_counted(buffer, size, count, format, args);
}
int _vsnwprintf_s(wchar_t* buffer, size_t size, size_t count, const wchar_t* format, va_list args) {
  return checked_counted(buffer, size, count, format, args);
}
CMNOTIFY_FORWARD(_snprintf_s, (char* buffer, size_t size, size_t count, const char* format, ...),
                 format, checked_counted(buffer, size, count, format, args))
CMNOTIFY_FORWARD(_snwprintf_s,
                 (wchar_t * buffer, size_t size, size_t count, const wchar_t* format, ...), format,
                 checked_counted(buffer, size, count, format, args))

int _cmnotify_vfprintf(FILE* stream, const char* format, va_list args) {
  return print(stream, format, args);
}
int _cmnotify_vfwprintf(FILE* stream, const wchar_t* format, va_list args) {
  return print(stream, format, args);
}
int _cmnotify_vprintf(const char* format, va_list args) { return print(stdout, format, args); }
int _cmnotify_vwprintf(const wchar_t* format, va_list args) { return print(stdout, format, args); }
CMNOTIFY_FORWARD(_cmnotify_fprintf, (FILE * stream, const char* format, ...), format,
                 print(stream, format, args))
CMNOTIFY_FORWARD(_cmnotify_fwprintf, (FILE * stream, const wchar_t* format, ...), format,
                 print(stream, format, args))
CMNOTIFY_FORWARD(_cmnotify_printf, (const char* format, ...), format, print(stdout, format, args))
CMNOTIFY_FORWARD(_cmnotify_wprintf, (const wchar_t* format, ...), format,
                 print(stdout, format, args))

#undef CMNOTIFY_FORWARD

}  // extern "C"
