// libFuzzer target for parse_uevent. Every input is parsed twice: as it is (its first bytes pick
// the format, "libudev\0" or not) and wrapped in a valid udev header, so mutations reach the one
// pair parser through both the kernel and the udev paths. When a parse succeeds the result must
// satisfy what parse_uevent promises; anything else traps.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "linux/uevent.hpp"
#include "linux/uevent_test_messages.hpp"

namespace {

using cmnotify::to_string;
using cmnotify::UeventError;
using cmnotify::linux_source::kUeventMaxKeyBytes;
using cmnotify::linux_source::kUeventMaxValueBytes;
using cmnotify::linux_source::parse_uevent;
using cmnotify::linux_source::Uevent;
using cmnotify::linux_source::UeventFormat;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

bool inside(std::string_view view, std::string_view message) {
  return view.empty() || (view.data() >= message.data() &&
                          view.data() + view.size() <= message.data() + message.size());
}

void check_promises(std::string_view message, const Uevent& ev) {
  check(!ev.action.empty() && !ev.devpath.empty() && !ev.subsystem.empty());
  check(ev.devpath.front() == '/');
  check(ev.devpath.find("//") == std::string_view::npos);
  check(ev.devpath.find("/../") == std::string_view::npos && !ev.devpath.ends_with("/.."));
  check(ev.format == (message.starts_with(std::string_view("libudev\0", 8))
                          ? UeventFormat::udev
                          : UeventFormat::kernel));
  for (const auto& [key, value] : ev.properties) {
    check(inside(key, message) && inside(value, message));
    check(!key.empty() && key.size() <= kUeventMaxKeyBytes);
    check(value.size() <= kUeventMaxValueBytes);
    check(key.find('=') == std::string_view::npos && key.find('\0') == std::string_view::npos);
    check(value.find('\0') == std::string_view::npos);
  }
  check(ev.property("ACTION") == ev.action);
  check(ev.property("DEVPATH") == ev.devpath);
  check(ev.property("SUBSYSTEM") == ev.subsystem);
  check(ev.property("DEVTYPE") == ev.devtype);
  check(ev.property("DRIVER") == ev.driver);
  check(ev.property("DEVNAME") == ev.devname);
  check(ev.property("DEVPATH_OLD") == ev.devpath_old);
  check(ev.has_devnum == !ev.property("MAJOR").empty());
  check(ev.has_devnum == !ev.property("MINOR").empty());
  if (ev.format == UeventFormat::kernel) {
    const std::string header = std::string(ev.action) + "@" + std::string(ev.devpath);
    check(message.starts_with(header) && message.size() > header.size() &&
          message[header.size()] == '\0');
  }
}

void parse_and_check(std::string_view message, Uevent& ev) {
  const auto error = parse_uevent(std::span<const char>(message.data(), message.size()), ev);
  check(!to_string(error).empty());
  if (error == UeventError::none) check_promises(message, ev);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Uevent ev;  // reused across inputs, as the socket reuses it
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  parse_and_check(input, ev);
  parse_and_check(cmnotify::linux_source::testing::udev_message(input), ev);
  return 0;
}
