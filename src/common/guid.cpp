#include "cmnotify/guid.hpp"

#include <array>

#include "cmnotify/error.hpp"
#include "common/quoted_input.hpp"
#include "common/sha1.hpp"

namespace cmnotify {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads `digits` hex digits at text[pos]; false if any is not hex.
bool read_hex(std::string_view text, std::size_t pos, int digits, std::uint64_t& out) noexcept {
  out = 0;
  for (int i = 0; i < digits; ++i) {
    const int v = hex_value(text[pos + static_cast<std::size_t>(i)]);
    if (v < 0) return false;
    out = (out << 4) | static_cast<std::uint64_t>(v);
  }
  return true;
}

// Written into a fixed buffer and copied once: on the per-event path (every new device's
// interface links) appending 38 characters one by one cost three times as much.
std::string format(const Guid& g, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::array<char, 38> out{};
  std::size_t at = 0;
  auto put = [&](std::uint64_t value, int nibbles) {
    for (int shift = 4 * (nibbles - 1); shift >= 0; shift -= 4)
      out[at++] = digits[(value >> shift) & 0xf];
  };
  out[at++] = '{';
  put(g.data1, 8);
  out[at++] = '-';
  put(g.data2, 4);
  out[at++] = '-';
  put(g.data3, 4);
  out[at++] = '-';
  put(g.data4[0], 2);
  put(g.data4[1], 2);
  out[at++] = '-';
  for (std::size_t i = 2; i < 8; ++i) put(g.data4[i], 2);
  out[at++] = '}';
  return {out.data(), at};
}

}  // namespace

std::optional<Guid> Guid::parse(std::string_view text) noexcept {
  if (text.size() == 38) {
    if (text.front() != '{' || text.back() != '}') return std::nullopt;
    text = text.substr(1, 36);
  }
  if (text.size() != 36) return std::nullopt;
  if (text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') return std::nullopt;
  Guid g;
  std::uint64_t v = 0;
  if (!read_hex(text, 0, 8, v)) return std::nullopt;
  g.data1 = static_cast<std::uint32_t>(v);
  if (!read_hex(text, 9, 4, v)) return std::nullopt;
  g.data2 = static_cast<std::uint16_t>(v);
  if (!read_hex(text, 14, 4, v)) return std::nullopt;
  g.data3 = static_cast<std::uint16_t>(v);
  static constexpr std::size_t byte_pos[8] = {19, 21, 24, 26, 28, 30, 32, 34};
  for (std::size_t i = 0; i < 8; ++i) {
    if (!read_hex(text, byte_pos[i], 2, v)) return std::nullopt;
    g.data4[i] = static_cast<std::uint8_t>(v);
  }
  return g;
}

Guid Guid::from_string(std::string_view text) {
  if (auto g = parse(text)) return *g;
  throw Error(Cr::invalid_data, "not a GUID: " + detail::quoted_input(text) +
                                    " (expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx})");
}

Guid Guid::from_name(const Guid& name_space, std::string_view name) noexcept {
  // RFC 4122: hash the namespace in network byte order, then the name.
  std::uint8_t ns[16];
  for (int i = 0; i < 4; ++i) ns[i] = static_cast<std::uint8_t>(name_space.data1 >> (24 - 8 * i));
  ns[4] = static_cast<std::uint8_t>(name_space.data2 >> 8);
  ns[5] = static_cast<std::uint8_t>(name_space.data2);
  ns[6] = static_cast<std::uint8_t>(name_space.data3 >> 8);
  ns[7] = static_cast<std::uint8_t>(name_space.data3);
  for (int i = 0; i < 8; ++i) ns[8 + i] = name_space.data4[static_cast<std::size_t>(i)];
  detail::Sha1 sha;
  sha.update(std::string_view(reinterpret_cast<const char*>(ns), sizeof ns));
  sha.update(name);
  const auto h = sha.finish();
  Guid g;
  g.data1 =
      (std::uint32_t{h[0]} << 24) | (std::uint32_t{h[1]} << 16) | (std::uint32_t{h[2]} << 8) | h[3];
  g.data2 = static_cast<std::uint16_t>((h[4] << 8) | h[5]);
  g.data3 = static_cast<std::uint16_t>(((h[6] << 8) | h[7]) & 0x0fff) | 0x5000;  // version 5
  for (std::size_t i = 0; i < 8; ++i) g.data4[i] = h[8 + i];
  g.data4[0] = static_cast<std::uint8_t>((g.data4[0] & 0x3f) | 0x80);  // RFC 4122 variant
  return g;
}

std::string Guid::to_string() const { return format(*this, false); }
std::string Guid::to_upper_string() const { return format(*this, true); }

}  // namespace cmnotify
