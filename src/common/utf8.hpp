// UTF-8 validity, the one rule for it: what the kernel sends is bytes (an interface may be named
// "cm\xff\xe9x"); the fields cmnotify derives for Windows are valid UTF-8 (docs/identities.md).
#pragma once

#include <string>
#include <string_view>

namespace cmnotify::detail {

// Strict UTF-8 (RFC 3629, Unicode table 3-7: no overlong form, no surrogate, nothing above
// U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

// `text` with every maximal ill-formed subsequence replaced by U+FFFD (Unicode's "substitution
// of maximal subparts", as the C API's wide conversion does); valid text is returned unchanged.
[[nodiscard]] std::string to_valid_utf8(std::string_view text);

}  // namespace cmnotify::detail
