#include "common/instance_id.hpp"

#include <algorithm>
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

std::size_t CaseInsensitiveHash::operator()(std::string_view s) const noexcept {
  std::size_t h = 1469598103934665603ULL;  // FNV-1a over the upper-cased bytes
  for (unsigned char c : s) h = (h ^ ascii_upper(c)) * 1099511628211ULL;
  return h;
}

}  // namespace detail

bool same_instance_id(std::string_view a, std::string_view b) noexcept {
  return detail::iequals(a, b);
}

}  // namespace cmnotify
