#include "common/instance_id.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "cmnotify/device.hpp"

namespace cmnotify {
namespace detail {
namespace {

constexpr unsigned char ascii_upper(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<unsigned char>(c - 'a' + 'A') : c;
}

}  // namespace

bool is_valid_instance_id(std::string_view id) noexcept {
  if (id.empty() || id.size() >= kMaxDeviceIdLen) return false;
  for (char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c > 0x7f || c == ',') return false;
  }
  return true;
}

std::string to_upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(ascii_upper(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  // The usual case on the dispatch path: both sides spell the ID as enumeration did.
  if (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0) return true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_upper(static_cast<unsigned char>(a[i])) !=
        ascii_upper(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool iless(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = ascii_upper(static_cast<unsigned char>(a[i]));
    const auto y = ascii_upper(static_cast<unsigned char>(b[i]));
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

namespace {

// The eight bytes of `word` with a..z upper-cased, all at once: a byte is lower-case when its
// low seven bits are at least 'a' and at most 'z' and its high bit is clear. Neither sum carries
// into the next byte (at most 0x7f + 0x1f).
constexpr std::uint64_t ascii_upper_word(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = kOnes * 0x80;
  const std::uint64_t low7 = word & ~kHigh;
  const std::uint64_t at_least_a = low7 + kOnes * (0x80 - 'a');
  const std::uint64_t above_z = low7 + kOnes * (0x80 - 'z' - 1);
  const std::uint64_t lower = at_least_a & ~above_z & ~word & kHigh;
  return word - (lower >> 2);  // 0x80 >> 2 == 'a' - 'A'
}

}  // namespace

std::size_t CaseInsensitiveHash::operator()(std::string_view s) const noexcept {
  // Eight upper-cased bytes per multiply (a byte at a time cost ~5 instructions a byte, and the
  // registry and the device map hash an instance ID several times per event).
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = 1469598103934665603ULL ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, s.data() + i, 8);
    h = (h ^ ascii_upper_word(word)) * kMultiplier;
    h ^= h >> 29;
  }
  if (i < s.size()) {
    std::uint64_t word = 0;  // the tail, zero-padded (the length is in the seed)
    const std::size_t tail = s.size() - i;
    if (std::endian::native == std::endian::little && s.size() >= 8) {
      // The last eight bytes in one load, those already hashed shifted out: a copy of a
      // variable length is a call.
      std::memcpy(&word, s.data() + s.size() - 8, 8);
      word >>= 8 * (8 - tail);
    } else {
      std::memcpy(&word, s.data() + i, tail);
    }
    h = (h ^ ascii_upper_word(word)) * kMultiplier;
    h ^= h >> 29;
  }
  return static_cast<std::size_t>(h ^ (h >> 32));
}

}  // namespace detail

bool same_instance_id(std::string_view a, std::string_view b) noexcept {
  return detail::iequals(a, b);
}

}  // namespace cmnotify
