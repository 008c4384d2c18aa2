// What the output goes to: whether it may be coloured and how wide it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cmnotify::cli {

// --color: auto (a terminal that can show colour, NO_COLOR unset), always, never.
enum class ColourMode { automatic, always, never };

// "auto", "always" or "never"; nullopt for anything else.
[[nodiscard]] std::optional<ColourMode> parse_colour_mode(std::string_view text) noexcept;

struct Terminal {
  bool is_tty = false;
  bool colour = false;
  // The width lines must fit in: the terminal's (or $COLUMNS, as systemd's tools take it), and 0
  // (no limit: every value in full) when the output is not a terminal.
  int columns = 0;
  int rows = 40;
};

// Looks at stdout and the environment. Colour (automatic): a terminal, TERM set and not "dumb",
// NO_COLOR unset or empty (https://no-color.org). `json` output is never coloured, whatever the
// mode: colour codes are not JSON.
[[nodiscard]] Terminal detect_terminal(bool json, ColourMode mode = ColourMode::automatic);

// The width lines written to `fd` must fit in, decided as for stdout's Terminal::columns: $COLUMNS
// when set to a sensible width, else the terminal's when `fd` is one, else 0 (no limit).
[[nodiscard]] int columns_of(int fd);

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
