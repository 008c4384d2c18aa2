// Instance ID patterns for --instance: '*' matches any run of characters, '?' one character, and
// letters compare case-insensitively, as Windows compares instance IDs.
#pragma once

#include <string>
#include <string_view>

namespace cmnotify::cli {

[[nodiscard]] bool has_wildcards(std::string_view pattern) noexcept;
[[nodiscard]] bool wildcard_match(std::string_view pattern, std::string_view text) noexcept;

// What a user typed for an instance ID, made canonical: '/' stands for '\' (instance IDs never
// contain '/', and a shell eats unquoted backslashes).
[[nodiscard]] std::string canonical_instance_text(std::string_view typed);

}  // namespace cmnotify::cli
