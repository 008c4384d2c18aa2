// libFuzzer target for what the source reads from sysfs: the uevent-file reader (Sysfs), the
// attribute readers the identity rules use (HID report descriptors, USB and input attributes...),
// the identities themselves and the device map built from them. Each input describes a small
// sysfs tree, which is written to a directory of our own and read with the real code.
//
// Input: records separated by the byte 0x1E. A record starting with 'D' is a device,
//   "D" <depth digit> <name> "\t" <subsystem> "\t" <driver>
// placed under the last device of depth - 1 (depth 0: under devices/); it gets an empty uevent
// file. A record starting with 'F' is a file of the last device,
//   "F" <name, one '/' allowed> "\t" <any bytes>
// (name "uevent" replaces its uevent file). Names are made safe; everything else is kept as is.
//
// Checked: the promises of sysfs.hpp (properties sorted and unique, DEVPATH and SUBSYSTEM),
// identity.hpp (instance IDs valid and upper-case, symbolic links derived from them, the same
// identity with or without the parent passed in) and device_map.hpp (one entry per device, unique
// instance IDs, a second rescan of an unchanged tree changes nothing).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/instance_id.hpp"
#include "engine/registry.hpp"
#include "linux/device_map.hpp"
#include "linux/identity.hpp"
#include "linux/sysfs.hpp"

namespace {

namespace fs = std::filesystem;
using cmnotify::Device;
using cmnotify::linux_source::DeviceMap;
using cmnotify::linux_source::Sysfs;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

constexpr std::size_t kMaxDevices = 8;
constexpr std::size_t kMaxFiles = 32;
constexpr char kRecordSeparator = '\x1e';

const std::set<std::string, std::less<>> kBuses = {"usb",      "pci",   "hid", "scsi", "virtio",
                                                   "platform", "serio", "i2c", "pnp",  "acpi"};

const std::string& root() {
  // Never destroyed: the exit handler below still needs it after static destructors ran.
  static const std::string* dir = [] {
    // A tree is written and removed for every input: in memory (tmpfs) when there is one.
    std::error_code ec;
    const fs::path base =
        fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    auto* templ = new std::string((base / "cmnotify-fuzz-sysfs-XXXXXX").string());
    check(::mkdtemp(templ->data()) != nullptr);
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(root(), ignored);
    });
    return templ;
  }();
  return *dir;
}

// A path component the kernel could have made: 1-64 characters, no '/', not "." or "..".
std::string safe_name(std::string_view raw, std::string_view fallback) {
  std::string out;
  for (const char c : raw.substr(0, 64)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == ':' || c == '.' || c == '_' || c == '-' || c == '+' || c == '@';
    out += ok ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") return std::string(fallback);
  return out;
}

std::string dotdots(std::string_view devpath) {
  std::string out;
  for (const char c : devpath)
    if (c == '/') out += "../";
  return out;
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::string_view> split(std::string_view input) {
  std::vector<std::string_view> records;
  while (!input.empty()) {
    const auto at = input.find(kRecordSeparator);
    records.push_back(input.substr(0, at));
    if (at == std::string_view::npos) break;
    input.remove_prefix(at + 1);
  }
  return records;
}

// Writes the tree the input describes; returns the number of devices: directories with a uevent
// file, which a file record "<dir>/uevent" makes too, as the kernel's kobjects without a subsystem.
std::size_t build_tree(std::string_view input) {
  std::error_code ec;
  for (const char* top : {"devices", "bus", "class"}) fs::remove_all(root() + "/" + top, ec);
  fs::create_directories(root() + "/devices");
  std::vector<std::string> stack;  // devpath of the last device at each depth
  std::string current;
  std::set<std::string> device_dirs;
  std::size_t files = 0;
  for (const std::string_view record : split(input)) {
    if (record.size() < 2) continue;
    if (record[0] == 'D' && device_dirs.size() < kMaxDevices) {
      const std::size_t depth =
          std::min<std::size_t>(static_cast<std::size_t>(record[1] & 3), stack.size());
      std::string_view rest = record.substr(2);
      const auto tab1 = rest.find('\t');
      const auto name = safe_name(rest.substr(0, tab1), "dev" + std::to_string(device_dirs.size()));
      rest = tab1 == std::string_view::npos ? std::string_view{} : rest.substr(tab1 + 1);
      const auto tab2 = rest.find('\t');
      const auto subsystem = rest.substr(0, tab2);
      const auto driver =
          tab2 == std::string_view::npos ? std::string_view{} : rest.substr(tab2 + 1);
      stack.resize(depth);
      const std::string parent = depth == 0 ? "/devices" : stack.back();
      current = parent + "/" + name;
      stack.push_back(current);
      const std::string dir = root() + current;
      fs::create_directories(dir, ec);
      if (ec) continue;
      write_file(dir + "/uevent", "");
      device_dirs.insert(dir);
      if (!subsystem.empty()) {
        const auto sub = safe_name(subsystem, "misc");
        const std::string kind = kBuses.count(sub) != 0 ? "bus/" : "class/";
        fs::create_directories(root() + "/" + kind + sub, ec);
        fs::create_directory_symlink(dotdots(current) + kind + sub, dir + "/subsystem", ec);
        if (!driver.empty()) {
          const std::string target = "bus/" + sub + "/drivers/" + safe_name(driver, "drv");
          fs::create_directories(root() + "/" + target, ec);
          fs::create_directory_symlink(dotdots(current) + target, dir + "/driver", ec);
        }
      }
    } else if (record[0] == 'F' && !current.empty() && files < kMaxFiles) {
      std::string_view rest = record.substr(1);
      const auto tab = rest.find('\t');
      const auto raw_name = rest.substr(0, tab);
      const auto content =
          tab == std::string_view::npos ? std::string_view{} : rest.substr(tab + 1);
      const auto slash = raw_name.find('/');
      std::string name = safe_name(raw_name.substr(0, slash), "attr");
      std::string sub_device;  // set when the file is "<dir>/uevent"
      if (slash != std::string_view::npos) {
        const std::string dir = root() + current + "/" + name;
        fs::create_directories(dir, ec);
        const auto file = safe_name(raw_name.substr(slash + 1), "attr");
        if (file == "uevent") sub_device = dir;
        name += "/" + file;
      }
      const std::string path = root() + current + "/" + name;
      if (fs::is_directory(path, ec) || fs::is_symlink(path, ec)) continue;
      write_file(path, content);
      ++files;
      if (!sub_device.empty()) device_dirs.insert(sub_device);
    }
  }
  return device_dirs.size();
}

void check_read_device(const Device& d) {
  check(d.syspath.starts_with(root() + "/devices/"));
  const std::string devpath = d.syspath.substr(root().size());
  check(d.parent_syspath.empty() || d.syspath.starts_with(d.parent_syspath + "/"));
  for (std::size_t i = 0; i < d.properties.size(); ++i) {
    const auto& [key, value] = d.properties[i];
    check(!key.empty() && key.find('=') == std::string::npos &&
          key.find('\n') == std::string::npos);
    check(value.find('\n') == std::string::npos);
    if (i > 0) check(d.properties[i - 1].first < key);  // sorted, each key once
  }
  const std::string* dp = d.property("DEVPATH");
  check(dp != nullptr && *dp == devpath);
  const std::string* sub = d.property("SUBSYSTEM");
  check(d.subsystem.empty() ? sub == nullptr : (sub != nullptr && *sub == d.subsystem));
}

void check_identity(const Device& d) {
  check(cmnotify::detail::is_valid_instance_id(d.instance_id));
  check(cmnotify::detail::to_upper_ascii(d.instance_id) == d.instance_id);
  check(d.parent_instance_id.empty() ||
        cmnotify::detail::is_valid_instance_id(d.parent_instance_id));
  for (const auto& i : d.interfaces)
    check(i.symbolic_link == cmnotify::linux_source::symbolic_link(d.instance_id, i.class_guid));
}

bool same_identity(const Device& a, const Device& b) {
  return a.instance_id == b.instance_id && a.hardware_ids == b.hardware_ids &&
         a.compatible_ids == b.compatible_ids && a.setup_class == b.setup_class &&
         a.interfaces == b.interfaces && a.description == b.description;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::size_t built = build_tree(std::string_view(reinterpret_cast<const char*>(data), size));
  const Sysfs sysfs(root());
  auto devices = sysfs.enumerate();
  check(devices.size() <= built);

  std::map<std::string, Device> identified;  // parents first, as enumerate() returns them
  for (Device& d : devices) {
    check_read_device(d);
    Device alone = d;
    const auto parent = identified.find(d.parent_syspath);
    try {
      cmnotify::linux_source::assign_identity(
          d, parent == identified.end() ? nullptr : &parent->second, sysfs);
      cmnotify::linux_source::assign_identity(alone, nullptr, sysfs);
    } catch (...) {
      check(false);  // only a device without a syspath may throw
    }
    check_identity(d);
    check(same_identity(d, alone));
    identified.emplace(d.syspath, d);
  }

  DeviceMap map(sysfs);
  std::vector<cmnotify::engine::EventPtr> events;
  map.rescan(cmnotify::Origin::present, events);
  check(map.size() == devices.size());
  std::vector<cmnotify::DevicePtr> snapshot;
  map.snapshot(snapshot);
  std::set<std::string> ids;
  for (const auto& d : snapshot) {
    check_identity(*d);
    check(ids.insert(cmnotify::detail::to_upper_ascii(d->instance_id)).second);
  }
  events.clear();
  map.rescan(cmnotify::Origin::resync, events);
  check(events.empty());  // nothing changed: a resync reports nothing
  return 0;
}
