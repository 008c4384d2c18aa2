#include "cli/summary.hpp"

#include <algorithm>
#include <map>

#include "cmnotify/interface_classes.hpp"

namespace cmnotify::cli {
namespace {

std::string item_text(const Count& c) { return c.name + " " + std::to_string(c.count); }

std::string more_text(std::size_t items, std::size_t devices) {
  return "+" + std::to_string(items) + " more (" + std::to_string(devices) + " devices)";
}

}  // namespace

PresentSummary summarize(const std::vector<DevicePtr>& devices) {
  PresentSummary s;
  s.devices = devices.size();
  for (const NamedInterfaceClass& c : named_interface_classes()) {
    const auto n = static_cast<std::size_t>(
        std::count_if(devices.begin(), devices.end(),
                      [&](const DevicePtr& d) { return d->find_interface(c.guid) != nullptr; }));
    if (n > 0) s.interface_classes.push_back({std::string(c.name), n});
  }
  std::map<std::string, std::size_t> per_subsystem;
  for (const DevicePtr& d : devices)
    ++per_subsystem[d->subsystem.empty() ? "(none)" : d->subsystem];
  for (const auto& [name, n] : per_subsystem) s.subsystems.push_back({name, n});
  std::stable_sort(s.subsystems.begin(), s.subsystems.end(),
                   [](const Count& a, const Count& b) { return a.count > b.count; });
  return s;
}

std::vector<std::string> fold_counts(const std::vector<Count>& counts, std::size_t width,
                                     std::size_t max_lines) {
  std::vector<std::string> lines;
  if (counts.empty() || max_lines == 0) return lines;
  std::size_t remaining_devices = 0;
  for (const Count& c : counts) remaining_devices += c.count;
  std::string line;
  std::size_t i = 0;
  while (i < counts.size()) {
    const std::string item = item_text(counts[i]);
    const bool last_line = lines.size() + 1 == max_lines;
    // On the last line an item must leave room for the "+N more" of the items after it.
    const std::string tail =
        last_line && i + 1 < counts.size()
            ? "  " + more_text(counts.size() - i - 1, remaining_devices - counts[i].count)
            : "";
    const std::size_t separator = line.empty() ? 0 : 2;
    if (line.size() + separator + item.size() + tail.size() <= width ||
        (line.empty() && !last_line)) {
      if (!line.empty()) line += "  ";
      line += item;
      remaining_devices -= counts[i].count;
      ++i;
      continue;
    }
    if (last_line) {
      if (!line.empty()) line += "  ";
      line += more_text(counts.size() - i, remaining_devices);
      lines.push_back(std::move(line));
      return lines;
    }
    lines.push_back(std::move(line));
    line.clear();
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace cmnotify::cli
