// The numbers the command line takes, parsed one way everywhere: plain decimal, nothing else.
// "0x10", "1e3", "+5", " 5", "inf" and "nan" are refused rather than read some other way, and a
// number out of range is refused rather than clamped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cmnotify::cli {

inline constexpr double kMaxSeconds = 1e9;  // about 31 years

// A count of events: decimal digits only, 1 to 18446744073709551615. Either the value or the
// reason it is refused ("is not a whole number: ...").
[[nodiscard]] std::variant<std::uint64_t, std::string> parse_count(std::string_view text);

// A duration in seconds: digits with an optional decimal fraction ("10", "0.5", ".5"), above 0
// and at most kMaxSeconds.
[[nodiscard]] std::variant<double, std::string> parse_seconds(std::string_view text);

}  // namespace cmnotify::cli
