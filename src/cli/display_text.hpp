// Text from devices, made safe and fitted for a terminal. Device names come from whoever created
// the device (a tap interface may be named "c\e[7mX"): text output never lets them drive the
// terminal, and widths are counted in characters, not bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cmnotify::cli {

// `text` with every control character (C0, DEL, C1) written as \n, \t, \e or \xHH, and every byte
// that is not part of valid UTF-8 as \xHH. Printable characters, backslashes included (instance
// IDs are full of them), are kept as they are. JSON output does not use this: it escapes exactly.
[[nodiscard]] std::string printable(std::string_view text);

// The columns `text` takes on a terminal: one per character (UTF-8 code point) of printable text.
[[nodiscard]] std::size_t display_width(std::string_view text) noexcept;

// `text` cut to at most `width` columns, its end replaced by "..." when cut ("SWD\NET\LONGN...").
[[nodiscard]] std::string cut_end(std::string_view text, std::size_t width);
// `text` cut to at most `width` columns, its start replaced by "..." when cut ("...net/lo"): for
// paths, whose end is what tells them apart.
[[nodiscard]] std::string cut_start(std::string_view text, std::size_t width);

// `text` in lines of at most `width` columns (0: one line), broken at the last space that lets a
// line fit (the spaces at a break are dropped), or inside a word longer than a line: nothing is
// lost, unlike a cut.
[[nodiscard]] std::vector<std::string> wrap_words(std::string_view text, std::size_t width);

// `text` as a heading or a message is broken at `width` columns (0: one line): the first line as
// wrap_words breaks it, the rest wrapped again two columns narrower and indented by two, so that
// they read as the continuation of the line above. The summaries' titles and the warnings on
// stderr.
[[nodiscard]] std::vector<std::string> wrap_indented(std::string_view text, std::size_t width);

// `text` padded with spaces to `width` columns (never cut).
[[nodiscard]] std::string pad(std::string_view text, std::size_t width);

}  // namespace cmnotify::cli
