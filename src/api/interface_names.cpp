#include <algorithm>
#include <filesystem>
#include <system_error>

#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"

namespace cmnotify {
namespace {

constexpr std::string_view kSubsystemPrefix = "subsystem:";

using detail::iequals;
using detail::istarts_with;

// A name the kernel could give a class or bus: it becomes a sysfs directory name.
bool plausible_subsystem_name(std::string_view name) {
  return !name.empty() && name.size() <= 255 && name != "." && name != ".." &&
         std::all_of(name.begin(), name.end(),
                     [](char c) { return c > ' ' && c < 0x7f && c != '/'; });
}

std::optional<std::string> present_subsystem(std::string_view name) {
  for (std::string& subsystem : linux_subsystems())
    if (iequals(subsystem, name)) return std::move(subsystem);
  return std::nullopt;
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
  if (istarts_with(name, kSubsystemPrefix)) {
    const std::string_view subsystem = name.substr(kSubsystemPrefix.size());
    if (!plausible_subsystem_name(subsystem)) return std::nullopt;
    if (auto present = present_subsystem(subsystem)) return subsystem_interface_class(*present);
    return subsystem_interface_class(subsystem);
  }
  if (auto present = present_subsystem(name)) return subsystem_interface_class(*present);
  return std::nullopt;
}

std::string interface_class_name(const Guid& guid) {
  for (const NamedInterfaceClass& c : named_interface_classes())
    if (c.guid == guid) return std::string(c.name);
  for (const std::string& subsystem : linux_subsystems())
    if (subsystem_interface_class(subsystem) == guid)
      return std::string(kSubsystemPrefix) + subsystem;
  return {};
}

}  // namespace cmnotify
