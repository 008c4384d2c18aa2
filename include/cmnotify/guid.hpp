// cmnotify: a GUID value type with the Windows registry string form.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cmnotify {

// Same field layout as the Windows GUID struct, so the Win32 layer can copy it bit for bit.
struct Guid {
  std::uint32_t data1 = 0;
  std::uint16_t data2 = 0;
  std::uint16_t data3 = 0;
  std::array<std::uint8_t, 8> data4{};

  // Accepts "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" and the same without braces, any case.
  // Returns nullopt for anything else (never throws).
  static std::optional<Guid> parse(std::string_view text) noexcept;

  // Like parse, but throws cmnotify::Error(invalid_data) with the offending text.
  static Guid from_string(std::string_view text);

  // Name-based (version 5, SHA-1) GUID of `name` in `name_space`, RFC 4122 section 4.3.
  static Guid from_name(const Guid& name_space, std::string_view name) noexcept;

  // Registry form, lower-case hex: "{a5dcbf10-6530-11d2-901f-00c04fb951ed}".
  [[nodiscard]] std::string to_string() const;
  // Upper-case hex, as Windows' tools print it.
  [[nodiscard]] std::string to_upper_string() const;

  [[nodiscard]] constexpr bool is_null() const noexcept { return *this == Guid{}; }

  friend constexpr bool operator==(const Guid&, const Guid&) noexcept = default;
  friend constexpr auto operator<=>(const Guid&, const Guid&) noexcept = default;
};

static_assert(sizeof(Guid) == 16, "Guid must match the Windows GUID layout");

// Compile-time GUID from its fields, as DEFINE_GUID spells them.
constexpr Guid make_guid(std::uint32_t d1, std::uint16_t d2, std::uint16_t d3, std::uint8_t b0,
                         std::uint8_t b1, std::uint8_t b2, std::uint8_t b3, std::uint8_t b4,
                         std::uint8_t b5, std::uint8_t b6, std::uint8_t b7) noexcept {
  return Guid{d1, d2, d3, {b0, b1, b2, b3, b4, b5, b6, b7}};
}

}  // namespace cmnotify

template <>
struct std::hash<cmnotify::Guid> {
  std::size_t operator()(const cmnotify::Guid& g) const noexcept {
    std::uint64_t lo = (std::uint64_t{g.data1} << 32) | (std::uint64_t{g.data2} << 16) | g.data3;
    std::uint64_t hi = 0;
    for (auto b : g.data4) hi = (hi << 8) | b;
    return std::hash<std::uint64_t>{}(lo ^ (hi * 0x9e3779b97f4a7c15ULL));
  }
};
