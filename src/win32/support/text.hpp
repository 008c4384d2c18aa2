// Text conversions between the C API's strings (WCHAR = wchar_t, UTF-32 on Linux; ANSI = UTF-8)
// and the engine's UTF-8 strings. The writers fill caller buffers without allocating, so event
// delivery does not allocate per event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmnotify::win32 {

// Length of a NUL-terminated string of at most `max` characters, or nullopt when there is no NUL
// in the first `max` characters.
std::optional<std::size_t> bounded_length(const wchar_t* s, std::size_t max) noexcept;
std::optional<std::size_t> bounded_length(const char* s, std::size_t max) noexcept;

// Wide to UTF-8. False (and `out` unspecified) for a value that is not a Unicode scalar value:
// negative, above 0x10FFFF, or a surrogate (0xD800-0xDFFF).
[[nodiscard]] bool utf8_from_wide(std::wstring_view in, std::string& out);

// One code point: the value WCHAR strings and UTF-8 may hold (0..0x10FFFF, no surrogate).
[[nodiscard]] bool is_scalar_value(std::int64_t c) noexcept;
// Appends the UTF-8 encoding of a scalar value.
void append_utf8(char32_t c, std::string& out);
// Decodes the code point at utf8[i] and moves i past it. A malformed sequence (a stray byte, a
// truncated sequence, an overlong form, a surrogate, a value above 0x10FFFF) gives U+FFFD and
// sets `malformed`; the bytes that cannot start a valid sequence are consumed (at least one).
char32_t next_code_point(std::string_view utf8, std::size_t& i, bool& malformed) noexcept;

// UTF-8 to wide. Malformed sequences become U+FFFD, so any byte string converts.
[[nodiscard]] std::size_t wide_length(std::string_view utf8) noexcept;
// Writes wide_length(utf8) characters (no NUL) and returns the end.
wchar_t* write_wide(std::string_view utf8, wchar_t* out) noexcept;
[[nodiscard]] std::wstring wide_from_utf8(std::string_view utf8);

}  // namespace cmnotify::win32
