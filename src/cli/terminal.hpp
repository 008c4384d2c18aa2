// What the output goes to: whether it may be coloured and how large the screen is.
#pragma once

#include <string>
#include <string_view>

namespace cmnotify::cli {

struct Terminal {
  bool is_tty = false;
  bool colour = false;  // a terminal, not --json, and NO_COLOR unset or empty
  int columns = 100;    // a guess when not a terminal
  int rows = 40;
};

// Looks at stdout. `json` output is never coloured.
[[nodiscard]] Terminal detect_terminal(bool json);

// ANSI colours, or nothing when colour is off.
class Style {
 public:
  explicit Style(bool colour) : colour_(colour) {}
  [[nodiscard]] std::string bold(std::string_view text) const { return wrap("1", text); }
  [[nodiscard]] std::string dim(std::string_view text) const { return wrap("2", text); }
  [[nodiscard]] std::string green(std::string_view text) const { return wrap("32", text); }
  [[nodiscard]] std::string red(std::string_view text) const { return wrap("31", text); }
  [[nodiscard]] std::string yellow(std::string_view text) const { return wrap("33", text); }
  [[nodiscard]] std::string magenta(std::string_view text) const { return wrap("35", text); }
  [[nodiscard]] std::string cyan(std::string_view text) const { return wrap("36", text); }

 private:
  [[nodiscard]] std::string wrap(std::string_view code, std::string_view text) const;
  bool colour_;
};

}  // namespace cmnotify::cli
