#include <algorithm>
#include <filesystem>
#include <system_error>

#include "cmnotify/interface_classes.hpp"

namespace cmnotify {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::vector<std::string> linux_subsystems() {
  std::vector<std::string> out;
  for (const char* dir : {"/sys/class", "/sys/bus"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
      out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Guid> find_interface_class(std::string_view name) {
  for (const NamedInterfaceClass& c : named_interface_classes())
    if (iequals(c.name, name) || iequals(c.sdk_name, name)) return c.guid;
  if (auto guid = Guid::parse(name)) return guid;
  for (const std::string& subsystem : linux_subsystems())
    if (iequals(subsystem, name)) return subsystem_interface_class(subsystem);
  return std::nullopt;
}

}  // namespace cmnotify
