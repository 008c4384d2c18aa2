#include "linux/udev_database.hpp"

#include <cstdint>

#include "linux/uevent.hpp"

namespace cmnotify::linux_source {
namespace {

bool is_key(std::string_view key) noexcept {
  if (key.empty() || key.size() > kUeventMaxKeyBytes) return false;
  if (key.front() >= '0' && key.front() <= '9') return false;
  for (const char c : key) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool is_derived_key(std::string_view key) noexcept {
  return key == "DEVLINKS" || key == "TAGS" || key == "CURRENT_TAGS" || key == "USEC_INITIALIZED";
}

bool is_decimal(std::string_view text) noexcept {
  if (text.empty() || text.size() > 20) return false;
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// A link or tag: one line's worth of bytes, no space (they are joined with spaces / colons).
bool is_word(std::string_view text, char separator) noexcept {
  return !text.empty() && text.size() <= kUeventMaxValueBytes &&
         text.find(separator) == std::string_view::npos && text.find(' ') == std::string_view::npos;
}

}  // namespace

std::string udev_database_id(std::string_view subsystem, std::string_view sysname, bool has_devnum,
                             bool block, std::uint32_t major, std::uint32_t minor,
                             std::string_view ifindex) {
  if (has_devnum && (major != 0 || minor != 0))
    return (block ? "b" : "c") + std::to_string(major) + ":" + std::to_string(minor);
  if (subsystem == "net" && is_decimal(ifindex) && ifindex != "0")
    return "n" + std::string(ifindex);
  // A name with '/' would leave the database directory; udevd never writes one.
  if (subsystem.empty() || sysname.empty() || subsystem.find('/') != std::string_view::npos ||
      sysname.find('/') != std::string_view::npos)
    return {};
  return "+" + std::string(subsystem) + ":" + std::string(sysname);
}

std::vector<std::pair<std::string, std::string>> parse_udev_database(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string links, tags, current_tags;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.size() < 2 || line[1] != ':') continue;
    const auto rest = line.substr(2);
    switch (line[0]) {
      case 'E': {
        const auto eq = rest.find('=');
        if (eq == std::string_view::npos || !is_key(rest.substr(0, eq))) break;
        if (is_derived_key(rest.substr(0, eq))) break;  // those come from S:, G:, Q: and I:
        const auto value = rest.substr(eq + 1);
        if (value.size() > kUeventMaxValueBytes) break;
        out.emplace_back(std::string(rest.substr(0, eq)), std::string(value));
        break;
      }
      case 'S':
        if (!is_word(rest, ' ')) break;
        if (!links.empty()) links += ' ';
        links.append("/dev/").append(rest);
        break;
      case 'G':
        if (is_word(rest, ':')) tags.append(":").append(rest);
        break;
      case 'Q':
        if (is_word(rest, ':')) current_tags.append(":").append(rest);
        break;
      case 'I':
        if (is_decimal(rest)) out.emplace_back("USEC_INITIALIZED", std::string(rest));
        break;
      default: break;  // udevd's own bookkeeping (L, W, V, ...)
    }
  }
  if (!links.empty()) out.emplace_back("DEVLINKS", std::move(links));
  if (!tags.empty()) out.emplace_back("TAGS", tags + ":");
  if (!current_tags.empty()) out.emplace_back("CURRENT_TAGS", current_tags + ":");
  return out;
}

}  // namespace cmnotify::linux_source
