// Path arithmetic on sysfs paths and devpaths, shared by the sysfs reader, the device map and the
// identity rules: slash-separated, no "." or ".." (the kernel never writes them there).
#pragma once

#include <string_view>

namespace cmnotify::linux_source {

// "/sys/devices/a/b" -> "b"; a path without a slash is its own last component.
[[nodiscard]] constexpr std::string_view basename_of(std::string_view path) noexcept {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "/sys/devices/a/b" -> "/sys/devices/a"; a path without a slash has no parent: "".
[[nodiscard]] constexpr std::string_view dirname_of(std::string_view path) noexcept {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

// "/sys/devices/a//" -> "/sys/devices/a"; "/" stays "/".
[[nodiscard]] constexpr std::string_view strip_trailing_slashes(std::string_view path) noexcept {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

}  // namespace cmnotify::linux_source
