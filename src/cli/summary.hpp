// The one-screen picture of the present devices monitor starts with: how many devices expose each
// named interface class and how many each Linux subsystem has.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cmnotify/device.hpp"

namespace cmnotify::cli {

struct Count {
  std::string name;
  std::size_t count = 0;

  friend bool operator==(const Count&, const Count&) = default;
};

struct PresentSummary {
  std::size_t devices = 0;
  std::vector<Count> interface_classes;  // named classes some device exposes, in the named order
  std::vector<Count> subsystems;         // most devices first; "(none)" for containers
};

[[nodiscard]] PresentSummary summarize(const std::vector<DevicePtr>& devices);

// "name count" items, two spaces apart, in lines of at most `width` characters and at most
// `max_lines` lines; what does not fit ends the last line as "+N more (M devices)".
[[nodiscard]] std::vector<std::string> fold_counts(const std::vector<Count>& counts,
                                                   std::size_t width, std::size_t max_lines);

}  // namespace cmnotify::cli
