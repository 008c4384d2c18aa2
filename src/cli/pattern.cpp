#include "cli/pattern.hpp"

#include <algorithm>

#include "cmnotify/device.hpp"

namespace cmnotify::cli {
namespace {

// One character of a pattern against one of an ID, by the library's ID comparison.
bool same_letter(char a, char b) noexcept {
  return same_instance_id(std::string_view(&a, 1), std::string_view(&b, 1));
}

}  // namespace

bool has_wildcards(std::string_view pattern) noexcept {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

// Greedy matching with one backtrack point (the last '*'): linear for patterns without '*' and
// O(pattern * text) at worst, never exponential.
bool wildcard_match(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || same_letter(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string canonical_instance_text(std::string_view typed) {
  std::string out(typed);
  std::replace(out.begin(), out.end(), '/', '\\');
  return out;
}

}  // namespace cmnotify::cli
