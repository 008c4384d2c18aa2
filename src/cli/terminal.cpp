#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace cmnotify::cli {
namespace {

bool set_and_not_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

// $COLUMNS when it is a sensible width, else 0.
int columns_from_environment() {
  const char* text = std::getenv("COLUMNS");
  if (text == nullptr) return 0;
  int columns = 0;
  const char* end = text + std::strlen(text);
  const auto [ptr, ec] = std::from_chars(text, end, columns);
  return ec == std::errc() && ptr == end && columns > 0 && columns <= 10000 ? columns : 0;
}

bool colour_capable_terminal(bool is_tty) {
  const char* term = std::getenv("TERM");
  return is_tty && term != nullptr && *term != '\0' && std::strcmp(term, "dumb") != 0 &&
         !set_and_not_empty("NO_COLOR");
}

}  // namespace

std::optional<ColourMode> parse_colour_mode(std::string_view text) noexcept {
  if (text == "auto") return ColourMode::automatic;
  if (text == "always") return ColourMode::always;
  if (text == "never") return ColourMode::never;
  return std::nullopt;
}

Terminal detect_terminal(bool json, ColourMode mode) {
  Terminal t;
  t.is_tty = ::isatty(STDOUT_FILENO) == 1;
  switch (mode) {
    case ColourMode::always: t.colour = true; break;
    case ColourMode::never: t.colour = false; break;
    case ColourMode::automatic: t.colour = colour_capable_terminal(t.is_tty); break;
  }
  if (json) t.colour = false;
  winsize ws{};
  if (t.is_tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) t.rows = ws.ws_row;
  t.columns = columns_of(STDOUT_FILENO);
  return t;
}

int columns_of(int fd) {
  if (const int columns = columns_from_environment(); columns > 0) return columns;
  winsize ws{};
  if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 0;
}

std::string Style::wrap(std::string_view code, std::string_view text) const {
  if (!colour_ || text.empty()) return std::string(text);
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += text;
  out += "\x1b[0m";
  return out;
}

}  // namespace cmnotify::cli
