#include "win32/support/text.hpp"

#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cmnotify::win32 {
namespace {

static_assert(sizeof(wchar_t) == 4, "WCHAR holds one Unicode scalar value (UTF-32)");

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at s[i], advancing i; malformed input yields U+FFFD and consumes the
// bytes that cannot start a valid sequence (at least one).
char32_t decode_one(std::string_view s, std::size_t& i, bool& malformed) noexcept;

// Widens eight ASCII bytes to eight wchar_t.
inline void widen_ascii8(const unsigned char* in, wchar_t* out) noexcept {
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  const __m128i halves = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(in)),
                                           zero);  // 8 x 16 bits
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_unpacklo_epi16(halves, zero));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 4), _mm_unpackhi_epi16(halves, zero));
#else
  for (std::size_t k = 0; k < 8; ++k) out[k] = static_cast<wchar_t>(in[k]);
#endif
}

}  // namespace

bool is_scalar_value(std::int64_t c) noexcept {
  return c >= 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
}

char32_t next_code_point(std::string_view utf8, std::size_t& i, bool& malformed) noexcept {
  return decode_one(utf8, i, malformed);
}

void append_utf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

namespace {

char32_t decode_one(std::string_view s, std::size_t& i, bool& malformed) noexcept {
  malformed = true;
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) {
    ++i;
    malformed = false;
    return lead;
  }
  std::size_t extra = 0;
  char32_t c = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    c = lead & 0x1F;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    c = lead & 0x0F;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    c = lead & 0x07;
    min = 0x10000;
  } else {
    ++i;
    return kReplacement;
  }
  std::size_t j = i + 1;
  for (std::size_t k = 0; k < extra; ++k, ++j) {
    if (j >= s.size() || (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80) {
      i = j;
      return kReplacement;
    }
    c = (c << 6) | (static_cast<unsigned char>(s[j]) & 0x3F);
  }
  i = j;
  if (c < min || !is_scalar_value(c)) return kReplacement;
  malformed = false;
  return c;
}

char32_t decode_one(std::string_view s, std::size_t& i) noexcept {
  bool malformed = false;
  return decode_one(s, i, malformed);
}

}  // namespace

std::optional<std::size_t> bounded_length(const wchar_t* s, std::size_t max) noexcept {
  for (std::size_t i = 0; i < max; ++i)
    if (s[i] == L'\0') return i;
  return std::nullopt;
}

std::optional<std::size_t> bounded_length(const char* s, std::size_t max) noexcept {
  for (std::size_t i = 0; i < max; ++i)
    if (s[i] == '\0') return i;
  return std::nullopt;
}

bool utf8_from_wide(std::wstring_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (wchar_t w : in) {
    const auto c = static_cast<std::int64_t>(w);
    if (!is_scalar_value(c)) return false;
    append_utf8(static_cast<char32_t>(c), out);
  }
  return true;
}

// ASCII bytes are taken here without a call per byte: instance IDs and symbolic links are ASCII
// (every event of the C API converts one), and decode_one() handles the rest.
std::size_t wide_length(std::string_view utf8) noexcept {
  // Eight bytes at a time while they are all ASCII (one WCHAR each): most texts end here.
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= utf8.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, utf8.data() + i, sizeof word);
    if ((word & kHighBits) != 0) break;
  }
  std::size_t n = i;
  for (; i < utf8.size(); ++n) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      ++i;
    } else {
      (void)decode_one(utf8, i);
    }
  }
  return n;
}

wchar_t* write_wide(std::string_view utf8, wchar_t* out) noexcept {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  const auto* bytes = reinterpret_cast<const unsigned char*>(utf8.data());
  for (std::size_t i = 0; i < utf8.size();) {
    // Eight ASCII bytes widened at once, without a test per byte: instance IDs and symbolic
    // links are ASCII, and every event of the C API converts one.
    if (std::uint64_t word = 0; i + 8 <= utf8.size()) {
      std::memcpy(&word, bytes + i, sizeof word);
      if ((word & kHighBits) == 0) {
        widen_ascii8(bytes + i, out);
        out += 8;
        i += 8;
        continue;
      }
    } else if (utf8.size() >= 8) {
      // Fewer than eight bytes left: when the last eight are ASCII, they were (or are) one
      // wchar_t each, so they are widened again in place, overlapping what is written.
      std::memcpy(&word, bytes + utf8.size() - 8, sizeof word);
      if ((word & kHighBits) == 0) {
        const std::size_t left = utf8.size() - i;
        widen_ascii8(bytes + utf8.size() - 8, out + left - 8);
        return out + left;
      }
    }
    const auto byte = bytes[i];
    if (byte < 0x80) {
      *out++ = static_cast<wchar_t>(byte);
      ++i;
    } else {
      *out++ = static_cast<wchar_t>(decode_one(utf8, i));
    }
  }
  return out;
}

std::wstring wide_from_utf8(std::string_view utf8) {
  std::wstring out(wide_length(utf8), L'\0');
  write_wide(utf8, out.data());
  return out;
}

}  // namespace cmnotify::win32
