#include "win32/support/windows_format.hpp"

#include <cstdio>
#include <cwchar>
#include <string_view>
#include <type_traits>

#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

struct Spec {
  std::string flags;
  bool left = false;
  int width = -1;      // -1: none
  int precision = -1;  // -1: none
  int bits = 32;       // integer size
  bool long_double = false;
  enum class Width { none, narrow, wide } char_width = Width::none;  // h / l,w
  char type = 0;
};

template <typename Char>
bool is_digit(Char c) {
  return c >= Char('0') && c <= Char('9');
}

// Parses the conversion after '%' at fmt[i]; i ends after the type character (0 when missing).
template <typename Char>
Spec parse(std::basic_string_view<Char> fmt, std::size_t& i, FormatArguments& args) {
  Spec s;
  for (; i < fmt.size(); ++i) {
    const Char c = fmt[i];
    if (c == Char('-') || c == Char('+') || c == Char(' ') || c == Char('#') || c == Char('0')) {
      if (c == Char('-')) s.left = true;
      s.flags.push_back(static_cast<char>(c));
    } else {
      break;
    }
  }
  if (i < fmt.size() && fmt[i] == Char('*')) {
    ++i;
    s.width = static_cast<int>(args.next_signed(32));
    if (s.width < 0) {
      s.left = true;
      s.flags.push_back('-');
      s.width = -s.width;
    }
  } else {
    for (; i < fmt.size() && is_digit(fmt[i]); ++i)
      s.width = (s.width < 0 ? 0 : s.width) * 10 + static_cast<int>(fmt[i] - Char('0'));
  }
  if (i < fmt.size() && fmt[i] == Char('.')) {
    ++i;
    s.precision = 0;
    if (i < fmt.size() && fmt[i] == Char('*')) {
      ++i;
      s.precision = static_cast<int>(args.next_signed(32));
      if (s.precision < 0) s.precision = -1;
    } else {
      for (; i < fmt.size() && is_digit(fmt[i]); ++i)
        s.precision = s.precision * 10 + static_cast<int>(fmt[i] - Char('0'));
    }
  }
  auto rest = [&](std::string_view text) {
    if (fmt.size() - i < text.size()) return false;
    for (std::size_t k = 0; k < text.size(); ++k)
      if (fmt[i + k] != Char(text[k])) return false;
    i += text.size();
    return true;
  };
  if (rest("I64") || rest("ll") || rest("j") || rest("q")) {
    s.bits = 64;
  } else if (rest("I32")) {
    s.bits = 32;
  } else if (rest("I") || rest("z") || rest("t")) {
    s.bits = 64;
  } else if (rest("hh")) {
    s.bits = 8;
    s.char_width = Spec::Width::narrow;
  } else if (rest("h")) {
    s.bits = 16;
    s.char_width = Spec::Width::narrow;
  } else if (rest("l") || rest("w")) {
    s.bits = 32;  // Windows' long
    s.char_width = Spec::Width::wide;
  } else if (rest("L")) {
    s.long_double = true;
  }
  s.type = i < fmt.size() ? static_cast<char>(fmt[i++]) : 0;
  return s;
}

template <typename Char>
void append_narrow(std::basic_string<Char>& out, std::string_view text) {
  if constexpr (std::is_same_v<Char, char>) {
    out.append(text);
  } else {
    out += wide_from_utf8(text);
  }
}

template <typename Char>
void append_wide(std::basic_string<Char>& out, std::wstring_view text) {
  if constexpr (std::is_same_v<Char, wchar_t>) {
    out.append(text);
  } else {
    for (wchar_t w : text) {
      if (is_scalar_value(static_cast<std::int64_t>(w))) {
        append_utf8(static_cast<char32_t>(w), out);
      } else {
        out.push_back('?');
      }
    }
  }
}

// Pads `text` (already in Char) to the width.
template <typename Char>
void append_padded(std::basic_string<Char>& out, const std::basic_string<Char>& text,
                   const Spec& s) {
  const std::size_t width = s.width < 0 ? 0 : static_cast<std::size_t>(s.width);
  const std::size_t pad = text.size() < width ? width - text.size() : 0;
  if (!s.left) out.append(pad, Char(' '));
  out += text;
  if (s.left) out.append(pad, Char(' '));
}

// One number through C's snprintf with a spec rebuilt from the parsed one (not a literal).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
template <typename Char, typename T>
void append_number(std::basic_string<Char>& out, const Spec& s, std::string_view size, T value) {
  std::string spec = "%" + s.flags;
  if (s.width >= 0) spec += std::to_string(s.width);
  if (s.precision >= 0) spec += "." + std::to_string(s.precision);
  spec += size;
  spec += s.type == 'F' ? 'F' : s.type;
  char small[128];
  const int n = std::snprintf(small, sizeof small, spec.c_str(), value);
  if (n < 0) return;
  if (static_cast<std::size_t>(n) < sizeof small) {
    append_narrow(out, std::string_view(small, static_cast<std::size_t>(n)));
    return;
  }
  std::string big(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(big.data(), big.size(), spec.c_str(), value);
  big.resize(static_cast<std::size_t>(n));
  append_narrow(out, big);
}
#pragma GCC diagnostic pop

template <typename Char>
bool wants_wide(const Spec& s) {
  const bool upper = s.type == 'S' || s.type == 'C';
  if (s.char_width == Spec::Width::narrow) return false;
  if (s.char_width == Spec::Width::wide) return true;
  // Without a size: the format's own width, and the other one for the upper-case forms.
  return std::is_same_v<Char, wchar_t> != upper;
}

template <typename Char>
void convert(std::basic_string<Char>& out, const Spec& s, FormatArguments& args) {
  switch (s.type) {
    case 'd':
    case 'i': {
      const std::int64_t v = args.next_signed(s.bits);
      append_number(out, s, "ll", static_cast<long long>(v));
      return;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const std::uint64_t v = args.next_unsigned(s.bits);
      append_number(out, s, "ll", static_cast<unsigned long long>(v));
      return;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A': {
      const long double v = args.next_floating(s.long_double);
      append_number(out, s, "L", v);
      return;
    }
    case 'p': {
      Spec hex = s;
      hex.type = 'X';
      hex.flags.clear();
      hex.precision = 16;
      hex.width = s.width;
      append_number(
          out, hex, "ll",
          static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(args.next_pointer())));
      return;
    }
    case 'c':
    case 'C': {
      std::basic_string<Char> text;
      const auto v = args.next_signed(32);
      if (wants_wide<Char>(s)) {
        const wchar_t w = static_cast<wchar_t>(v);
        append_wide(text, std::wstring_view(&w, 1));
      } else {
        const char c = static_cast<char>(v);
        append_narrow(text, std::string_view(&c, 1));
      }
      append_padded(out, text, s);
      return;
    }
    case 's':
    case 'S': {
      std::basic_string<Char> text;
      const void* p = args.next_pointer();
      const std::size_t limit =
          s.precision < 0 ? std::string::npos : static_cast<std::size_t>(s.precision);
      if (p == nullptr) {
        append_narrow(text, std::string_view("(null)").substr(0, limit));
      } else if (wants_wide<Char>(s)) {
        const auto* w = static_cast<const wchar_t*>(p);
        std::size_t n = 0;
        while (n < limit && w[n] != L'\0') ++n;
        append_wide(text, std::wstring_view(w, n));
      } else {
        const auto* c = static_cast<const char*>(p);
        std::size_t n = 0;
        while (n < limit && c[n] != '\0') ++n;
        append_narrow(text, std::string_view(c, n));
      }
      append_padded(out, text, s);
      return;
    }
    case 'n':
      (void)args.next_pointer();  // never written
      return;
    default:
      out.push_back(static_cast<Char>(s.type));  // not a conversion: printed as it is
      return;
  }
}

template <typename Char>
void format_any(std::basic_string<Char>& out, const Char* format, FormatArguments& args) {
  if (format == nullptr) return;
  const std::basic_string_view<Char> fmt(format);
  for (std::size_t i = 0; i < fmt.size();) {
    const Char c = fmt[i++];
    if (c != Char('%')) {
      out.push_back(c);
      continue;
    }
    if (i < fmt.size() && fmt[i] == Char('%')) {
      out.push_back(Char('%'));
      ++i;
      continue;
    }
    const Spec s = parse(fmt, i, args);
    if (s.type == 0) break;
    convert(out, s, args);
  }
}

template <typename Char>
std::basic_string<Char> format_va(const Char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  std::basic_string<Char> out;
  try {
    VaListArguments source(&copy);
    format_any(out, format, source);
  } catch (...) {
    va_end(copy);
    throw;
  }
  va_end(copy);
  return out;
}

}  // namespace

std::int64_t VaListArguments::next_signed(int bits) {
  if (bits == 64) return va_arg(*args_, long long);
  const int v = va_arg(*args_, int);
  if (bits == 16) return static_cast<short>(v);
  if (bits == 8) return static_cast<signed char>(v);
  return v;
}

std::uint64_t VaListArguments::next_unsigned(int bits) {
  if (bits == 64) return va_arg(*args_, unsigned long long);
  const unsigned v = va_arg(*args_, unsigned);
  if (bits == 16) return static_cast<unsigned short>(v);
  if (bits == 8) return static_cast<unsigned char>(v);
  return v;
}

const void* VaListArguments::next_pointer() { return va_arg(*args_, const void*); }

long double VaListArguments::next_floating(bool long_double) {
  return long_double ? va_arg(*args_, long double) : va_arg(*args_, double);
}

void format_windows(std::string& out, const char* format, FormatArguments& args) {
  format_any(out, format, args);
}

void format_windows(std::wstring& out, const wchar_t* format, FormatArguments& args) {
  format_any(out, format, args);
}

std::string format_windows(const char* format, va_list args) { return format_va(format, args); }

std::wstring format_windows(const wchar_t* format, va_list args) { return format_va(format, args); }

}  // namespace cmnotify::win32
