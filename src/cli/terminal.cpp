#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace cmnotify::cli {

Terminal detect_terminal(bool json) {
  Terminal t;
  t.is_tty = ::isatty(STDOUT_FILENO) == 1;
  const char* no_colour = std::getenv("NO_COLOR");  // https://no-color.org: set and not empty
  t.colour = t.is_tty && !json && (no_colour == nullptr || *no_colour == '\0');
  winsize ws{};
  if (t.is_tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    t.columns = ws.ws_col;
    t.rows = ws.ws_row > 0 ? ws.ws_row : t.rows;
  }
  return t;
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
