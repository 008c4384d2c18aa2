// FormatMessageA/W: the system message table or a caller's string, inserts %1..%99 with
// printf-style !formats!, the escapes, line widths, and the buffer rules.
#include <windows.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "win32/kernel32/system_messages.hpp"
#include "win32/support/text.hpp"
#include "win32/support/windows_format.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

constexpr DWORD kKnownFlags = FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS |
                              FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_FROM_HMODULE |
                              FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY |
                              FORMAT_MESSAGE_MAX_WIDTH_MASK;

DWORD fail(DWORD error) {
  SetLastError(error);
  return 0;
}

// The insert arguments, read as pointer-sized values in the order of their numbers (as Windows
// reads a va_list: every argument is one pointer-sized slot).
class Inserts {
 public:
  Inserts(DWORD flags, va_list* va, const DWORD_PTR* array)
      : array_((flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) != 0 ? array : nullptr), va_(va) {}
  bool available() const { return array_ != nullptr || va_ != nullptr; }
  // Argument n (1-based).
  std::uint64_t get(std::size_t n) {
    if (array_ != nullptr) return array_[n - 1];
    while (read_.size() < n) read_.push_back(va_arg(*va_, DWORD_PTR));
    return read_[n - 1];
  }

 private:
  const DWORD_PTR* array_;
  va_list* va_;
  std::vector<std::uint64_t> read_;
};

// One insert's arguments for the formatter: the insert itself, then the following numbers for
// '*' widths and precisions.
class InsertArguments final : public FormatArguments {
 public:
  InsertArguments(Inserts& inserts, std::size_t first) : inserts_(inserts), next_(first) {}
  std::int64_t next_signed(int bits) override {
    const std::uint64_t v = inserts_.get(next_++);
    if (bits == 64) return static_cast<std::int64_t>(v);
    if (bits == 16) return static_cast<std::int16_t>(v);
    if (bits == 8) return static_cast<std::int8_t>(v);
    return static_cast<std::int32_t>(v);
  }
  std::uint64_t next_unsigned(int bits) override {
    const std::uint64_t v = inserts_.get(next_++);
    if (bits == 64) return v;
    if (bits == 16) return static_cast<std::uint16_t>(v);
    if (bits == 8) return static_cast<std::uint8_t>(v);
    return static_cast<std::uint32_t>(v);
  }
  const void* next_pointer() override {
    return reinterpret_cast<const void*>(static_cast<std::uintptr_t>(inserts_.get(next_++)));
  }
  long double next_floating(bool) override {  // not supported by FormatMessage
    (void)inserts_.get(next_++);
    return 0;
  }

 private:
  Inserts& inserts_;
  std::size_t next_;
};

template <typename Char>
bool is_digit(Char c) {
  return c >= Char('0') && c <= Char('9');
}

// Expands the message. `ignore_breaks`: the message's own line breaks become spaces (a line
// width was given); %n breaks are marked with '\n' for wrap().
template <typename Char>
bool expand(std::basic_string_view<Char> text, DWORD flags, Inserts& inserts, bool ignore_breaks,
            std::basic_string<Char>& out) {
  const bool ignore_inserts = (flags & FORMAT_MESSAGE_IGNORE_INSERTS) != 0;
  for (std::size_t i = 0; i < text.size();) {
    const Char c = text[i++];
    if (c == Char('\r') || c == Char('\n')) {
      if (c == Char('\r') && i < text.size() && text[i] == Char('\n')) ++i;
      if (ignore_breaks) {
        out.push_back(Char(' '));
      } else {
        out.push_back(Char('\r'));
        out.push_back(Char('\n'));
      }
      continue;
    }
    if (c != Char('%') || i >= text.size()) {
      out.push_back(c);
      continue;
    }
    const Char e = text[i];
    if (is_digit(e) && e != Char('0')) {
      const std::size_t start = i - 1;
      std::size_t number = static_cast<std::size_t>(e - Char('0'));
      ++i;
      if (i < text.size() && is_digit(text[i]))
        number = number * 10 + static_cast<std::size_t>(text[i++] - Char('0'));
      std::basic_string<Char> spec(1, Char('%'));
      if (i < text.size() && text[i] == Char('!')) {
        const std::size_t end = text.find(Char('!'), i + 1);
        if (end == std::basic_string_view<Char>::npos) return false;
        spec.append(text.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        spec.push_back(Char('s'));
      }
      if (ignore_inserts) {
        out.append(text.substr(start, i - start));
        continue;
      }
      if (!inserts.available()) return false;
      InsertArguments args(inserts, number);
      format_windows(out, spec.c_str(), args);
      continue;
    }
    ++i;
    switch (static_cast<char>(e)) {
      case '0': return true;  // the end, without a newline
      case 'n':
        out.push_back(Char('\r'));
        out.push_back(Char('\n'));
        break;
      case 'r': out.push_back(Char('\r')); break;
      case 't': out.push_back(Char('\t')); break;
      default:
        out.push_back(e);  // %%, "% ", %., %! and any other character stand for themselves
        break;
    }
  }
  return true;
}

// Breaks lines longer than `width` at their last space within it (a longer word is cut).
template <typename Char>
std::basic_string<Char> wrap(const std::basic_string<Char>& text, std::size_t width) {
  std::basic_string<Char> out;
  std::size_t line_start = 0;
  const std::basic_string<Char> crlf{Char('\r'), Char('\n')};
  while (line_start <= text.size()) {
    std::size_t line_end = text.find(crlf, line_start);
    const bool last = line_end == std::basic_string<Char>::npos;
    if (last) line_end = text.size();
    std::basic_string_view<Char> line(text.data() + line_start, line_end - line_start);
    while (line.size() > width) {
      std::size_t cut = line.substr(0, width + 1).rfind(Char(' '));
      if (cut == std::basic_string_view<Char>::npos || cut == 0) cut = width;
      out.append(line.substr(0, cut));
      out += crlf;
      line.remove_prefix(cut);
      if (!line.empty() && line.front() == Char(' ')) line.remove_prefix(1);
    }
    out.append(line);
    if (last) break;
    out += crlf;
    line_start = line_end + 2;
  }
  return out;
}

template <typename Char>
std::basic_string<Char> system_text(const char* message) {
  if constexpr (std::is_same_v<Char, char>) {
    return std::string(message) + "\r\n";
  } else {
    return wide_from_utf8(message) + L"\r\n";
  }
}

template <typename Char>
DWORD format_message(DWORD flags, const void* source, DWORD id, DWORD language, Char* buffer,
                     DWORD size, va_list* va) {
  if ((flags & ~kKnownFlags) != 0) return fail(ERROR_INVALID_PARAMETER);
  if (buffer == nullptr) return fail(ERROR_INVALID_PARAMETER);
  std::basic_string<Char> text;
  if ((flags & FORMAT_MESSAGE_FROM_STRING) != 0) {
    if (source == nullptr) return fail(ERROR_INVALID_PARAMETER);
    text = static_cast<const Char*>(source);
  } else if ((flags & (FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_FROM_HMODULE)) != 0) {
    const WORD primary = PRIMARYLANGID(language);
    if (language != 0 && primary != LANG_NEUTRAL && primary != LANG_ENGLISH)
      return fail(ERROR_RESOURCE_LANG_NOT_FOUND);
    if ((flags & FORMAT_MESSAGE_FROM_SYSTEM) == 0) return fail(ERROR_RESOURCE_TYPE_NOT_FOUND);
    const char* message = system_message(id);
    if (message == nullptr) return fail(ERROR_MR_MID_NOT_FOUND);
    text = system_text<Char>(message);
  } else {
    return fail(ERROR_INVALID_PARAMETER);
  }

  const DWORD width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
  Inserts inserts(flags, va, reinterpret_cast<const DWORD_PTR*>(va));
  std::basic_string<Char> out;
  if (!expand(std::basic_string_view<Char>(text), flags, inserts, width != 0, out))
    return fail(ERROR_INVALID_PARAMETER);
  if (width != 0 && width != FORMAT_MESSAGE_MAX_WIDTH_MASK) out = wrap(out, width);

  if ((flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) != 0) {
    const std::size_t chars = std::max<std::size_t>(out.size() + 1, size);
    auto* allocated = static_cast<Char*>(LocalAlloc(LMEM_FIXED, chars * sizeof(Char)));
    if (allocated == nullptr) return fail(ERROR_NOT_ENOUGH_MEMORY);
    std::copy(out.begin(), out.end(), allocated);
    allocated[out.size()] = Char{};
    *reinterpret_cast<Char**>(buffer) = allocated;
    return static_cast<DWORD>(out.size());
  }
  if (out.size() + 1 > size) return fail(ERROR_INSUFFICIENT_BUFFER);
  std::copy(out.begin(), out.end(), buffer);
  buffer[out.size()] = Char{};
  return static_cast<DWORD>(out.size());
}

template <typename Char>
DWORD guarded(DWORD flags, const void* source, DWORD id, DWORD language, Char* buffer, DWORD size,
              va_list* va) {
  try {
    return format_message(flags, source, id, language, buffer, size, va);
  } catch (const std::bad_alloc&) {
    return fail(ERROR_NOT_ENOUGH_MEMORY);
  }
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

extern "C" {

DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                            LPWSTR lpBuffer, DWORD nSize, va_list* Arguments) {
  return cmnotify::win32::kernel32::guarded(dwFlags, lpSource, dwMessageId, dwLanguageId, lpBuffer,
                                            nSize, Arguments);
}

DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                            LPSTR lpBuffer, DWORD nSize, va_list* Arguments) {
  return cmnotify::win32::kernel32::guarded(dwFlags, lpSource, dwMessageId, dwLanguageId, lpBuffer,
                                            nSize, Arguments);
}

}  // extern "C"
