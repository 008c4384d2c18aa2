// How an error message shows input it refuses: the caller's bytes may be anything (a NUL, an
// escape sequence, a megabyte), and the message must stay one readable line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cmnotify::detail {

// `text` in double quotes: printable ASCII as it is (with \" and \\ escaped), every other byte
// as \xHH; beyond `max_bytes` bytes of input it is cut, and says how long it was.
[[nodiscard]] std::string quoted_input(std::string_view text, std::size_t max_bytes = 80);

}  // namespace cmnotify::detail
