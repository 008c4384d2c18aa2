// libFuzzer target for udevd's database records (src/linux/udev_database.cpp): any bytes parse
// without crashing, and what comes out keeps the promises of udev_database.hpp.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "linux/udev_database.hpp"
#include "linux/uevent.hpp"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

bool is_key(std::string_view key) {
  if (key.empty() || key.size() > cmnotify::linux_source::kUeventMaxKeyBytes) return false;
  if (key.front() >= '0' && key.front() <= '9') return false;
  for (const char c : key) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.'))
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto pairs = cmnotify::linux_source::parse_udev_database(text);
  std::set<std::string> derived;
  for (const auto& [key, value] : pairs) {
    check(is_key(key));
    check(value.find('\n') == std::string::npos);
    if (key == "DEVLINKS") {
      check(derived.insert(key).second);
      check(value.starts_with("/dev/"));
    } else if (key == "TAGS" || key == "CURRENT_TAGS") {
      check(derived.insert(key).second);
      check(value.size() >= 3 && value.front() == ':' && value.back() == ':');
      check(value.find("::") == std::string::npos);
    }
  }
  // The file name from the same bytes: never a path that leaves the database directory.
  const auto nl = text.find('\n');
  const std::string_view first = text.substr(0, nl);
  const auto colon = first.find(':');
  const std::string id = cmnotify::linux_source::udev_database_id(
      first.substr(0, colon), colon == std::string_view::npos ? "" : first.substr(colon + 1),
      size % 3 == 0, size % 2 == 0, static_cast<std::uint32_t>(size), 0, first);
  check(id.find('/') == std::string::npos && id != "." && id != "..");
  return 0;
}
