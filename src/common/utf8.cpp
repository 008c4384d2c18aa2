#include "common/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace cmnotify::detail {
namespace {

// The length of the valid sequence at p (1..4), or 0 when it is not valid; `bad` is then the
// number of bytes of its maximal ill-formed subpart (at least 1).
std::size_t sequence_at(const unsigned char* p, const unsigned char* end,
                        std::size_t& bad) noexcept {
  const unsigned lead = *p;
  bad = 1;
  if (lead < 0x80) return 1;
  std::size_t extra = 0;
  unsigned low = 0x80;  // bounds of the first continuation byte
  unsigned high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    extra = 1;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    extra = 2;
    if (lead == 0xe0) low = 0xa0;   // overlong
    if (lead == 0xed) high = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    extra = 3;
    if (lead == 0xf0) low = 0x90;   // overlong
    if (lead == 0xf4) high = 0x8f;  // above U+10FFFF
  } else {
    return 0;  // continuation byte as lead, overlong C0/C1, or F5..FF
  }
  for (std::size_t i = 1; i <= extra; ++i) {
    if (p + i >= end) return 0;
    const unsigned lo = i == 1 ? low : 0x80;
    const unsigned hi = i == 1 ? high : 0xbf;
    if (p[i] < lo || p[i] > hi) return 0;
    bad = i + 1;
  }
  return extra + 1;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    // Eight bytes at a time while they are ASCII: nearly every value is.
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    std::size_t bad = 0;
    const std::size_t n = sequence_at(p, end, bad);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    std::size_t bad = 0;
    const std::size_t n = sequence_at(p, end, bad);
    if (n == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD
      p += bad;
    } else {
      out.append(reinterpret_cast<const char*>(p), n);
      p += n;
    }
  }
  return out;
}

}  // namespace cmnotify::detail
