#include "cli/display_text.hpp"

#include <cstdint>

namespace cmnotify::cli {
namespace {

constexpr std::string_view kEllipsis = "...";

// The length of the valid UTF-8 sequence at the start of `text` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when it does not start with one.
std::size_t utf8_sequence(std::string_view text) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  return length;
}

void append_hex(std::string& out, std::uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[b >> 4];
  out += kDigits[b & 0xF];
}

bool is_continuation(char c) noexcept { return (static_cast<std::uint8_t>(c) & 0xC0) == 0x80; }

// The byte offset at which the first `width` columns of `text` end.
std::size_t offset_of_column(std::string_view text, std::size_t width) noexcept {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_continuation(text[i])) continue;
    if (columns == width) return i;
    ++columns;
  }
  return text.size();
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::size_t length = utf8_sequence(text);
    const auto b = static_cast<std::uint8_t>(text[0]);
    if (length == 0) {
      append_hex(out, b);  // not UTF-8
      text.remove_prefix(1);
      continue;
    }
    const bool c1 = length == 2 && b == 0xC2 && static_cast<std::uint8_t>(text[1]) < 0xA0;
    if (c1) {
      append_hex(out, static_cast<std::uint8_t>(text[1]));  // U+0080-U+009F, as \x80-\x9f
    } else if (b == '\n') {
      out += "\\n";
    } else if (b == '\t') {
      out += "\\t";
    } else if (b == 0x1B) {
      out += "\\e";
    } else if (b < 0x20 || b == 0x7F) {
      append_hex(out, b);
    } else {
      out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  return out;
}

std::size_t display_width(std::string_view text) noexcept {
  std::size_t columns = 0;
  for (char c : text)
    if (!is_continuation(c)) ++columns;
  return columns;
}

std::vector<std::string> wrap_words(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  auto trim_front = [](std::string_view& t) {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  };
  while (width > 0 && display_width(text) > width) {
    std::size_t limit = 0;  // the byte where column width + 1 starts
    for (std::size_t columns = 0; limit < text.size() && columns < width; ++columns)
      while (++limit < text.size() && is_continuation(text[limit])) {
      }
    // A space right after the last column that fits is a break too.
    std::size_t end = text.substr(0, limit + 1).rfind(' ');
    std::string_view line = text.substr(0, end == std::string_view::npos ? 0 : end);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (line.empty()) end = limit;  // one word longer than the line: broken inside
    lines.emplace_back(line.empty() ? text.substr(0, limit) : line);
    text.remove_prefix(end);
    trim_front(text);
  }
  if (!text.empty() || lines.empty()) lines.emplace_back(text);
  return lines;
}

std::vector<std::string> wrap_indented(std::string_view text, std::size_t width) {
  constexpr std::size_t kIndent = 2;
  std::vector<std::string> lines = wrap_words(text, width);
  if (lines.size() < 2 || width <= kIndent) return lines;
  std::string rest;
  for (std::size_t i = 1; i < lines.size(); ++i) rest += (i > 1 ? " " : "") + lines[i];
  std::vector<std::string> more = wrap_words(rest, width - kIndent);
  lines.resize(1);
  for (std::string& line : more) lines.push_back(std::string(kIndent, ' ') + line);
  return lines;
}

std::string cut_end(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width <= kEllipsis.size()) return std::string(kEllipsis.substr(0, width));
  return std::string(text.substr(0, offset_of_column(text, width - kEllipsis.size()))) +
         std::string(kEllipsis);
}

std::string cut_start(std::string_view text, std::size_t width) {
  const std::size_t columns = display_width(text);
  if (columns <= width) return std::string(text);
  if (width <= kEllipsis.size()) return std::string(kEllipsis.substr(0, width));
  const std::size_t keep = width - kEllipsis.size();
  return std::string(kEllipsis) + std::string(text.substr(offset_of_column(text, columns - keep)));
}

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (const std::size_t columns = display_width(text); columns < width)
    out.append(width - columns, ' ');
  return out;
}

}  // namespace cmnotify::cli
