#include "cli/numbers.hpp"

#include <charconv>

namespace cmnotify::cli {
namespace {

bool all_digits(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::variant<std::uint64_t, std::string> parse_count(std::string_view text) {
  const std::string shown(text);
  if (!all_digits(text))
    return "'" + shown + "' is not a whole number of events (decimal digits only, such as 10)";
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range || value == 0 || end != text.data() + text.size())
    return shown + " is out of range: a count of events is 1 to 18446744073709551615";
  return value;
}

std::variant<double, std::string> parse_seconds(std::string_view text) {
  const std::string shown(text);
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  const bool well_formed = dot == std::string_view::npos
                               ? all_digits(whole)
                               : (whole.empty() || all_digits(whole)) && all_digits(fraction);
  if (!well_formed)
    return "'" + shown + "' is not a number of seconds (decimal, such as 10 or 0.5)";
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc() || end != text.data() + text.size() || !(value > 0) ||
      value > kMaxSeconds)
    return shown + " is out of range: seconds are above 0 and at most 1000000000";
  return value;
}

}  // namespace cmnotify::cli
