#include "linux/sysfs.hpp"
#include "linux/sysfs_path.hpp"
#include "linux/udev_database.hpp"
#include "linux/unique_fd.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <utility>

namespace cmnotify::linux_source {
namespace {

constexpr std::size_t kMaxAttributeSize = 64 * 1024;
// A uevent file is one page at most; the kernel's uevent environment buffer is 2 KiB.
constexpr std::size_t kMaxUeventSize = 8 * 1024;
// The walk's getdents64 buffer (one for the whole walk), and the most a directory entry takes
// in it (header, a NAME_MAX name and its terminator, aligned).
constexpr std::size_t kListingBufferSize = 32 * 1024;
constexpr std::size_t kLongestDirectoryEntry = 512;

// Reads a whole (small) file relative to `dirfd`, up to `max` bytes. False when it cannot be
// opened or read: a sysfs file of a vanishing device fails with ENOENT or ENODEV.
// `short_read_ends`: the file is a sysfs attribute, which the kernel hands out whole in the first
// read that has room for it, so a read that returns less than asked was the last one.
bool read_file_at(int dirfd, const char* name, std::size_t max, std::string& out,
                  bool short_read_ends = false) {
  const UniqueFd fd(::openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (!fd.ok()) return false;
  out.clear();
  char buf[4096];
  while (out.size() < max) {
    const ssize_t n = ::read(fd.get(), buf, std::min(sizeof buf, max - out.size()));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (short_read_ends && static_cast<std::size_t>(n) < sizeof buf) break;
  }
  return true;
}

// readlinkat into a string; false when there is no such link.
bool read_link_at(int dirfd, const char* name, std::string& out) {
  char buf[4096];
  const ssize_t n = ::readlinkat(dirfd, name, buf, sizeof buf);
  if (n < 0 || static_cast<std::size_t>(n) >= sizeof buf) return false;
  out.assign(buf, static_cast<std::size_t>(n));
  return true;
}

// `target` (a symlink's text) made absolute against `dir` and normalized lexically. Sysfs links
// are relative ("../../../bus/pci"); resolving them textually keeps a test root intact.
std::string resolve_link(std::string_view dir, std::string_view target) {
  std::string joined;
  if (!target.empty() && target.front() == '/') {
    joined = target;
  } else {
    joined.reserve(dir.size() + 1 + target.size());
    joined.append(dir).append("/").append(target);
  }
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  out.reserve(joined.size());
  for (auto part : parts) out.append("/").append(part);
  return out.empty() ? std::string("/") : out;
}

std::uint32_t parse_u32(std::string_view text) noexcept {
  std::uint32_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return (ec == std::errc{} && ptr == text.data() + text.size()) ? value : 0;
}

using Properties = std::vector<std::pair<std::string, std::string>>;

// Sorted by key, each key once (the last of a repeated key wins): what Device::property()
// binary-searches.
void sort_properties(Properties& props) {
  std::stable_sort(props.begin(), props.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto out = props.begin();
  for (auto it = props.begin(); it != props.end(); ++it) {
    if (std::next(it) != props.end() && std::next(it)->first == it->first) continue;
    if (out != it) *out = std::move(*it);
    ++out;
  }
  props.erase(out, props.end());
}

// KEY=VALUE lines of a uevent file; DEVPATH and SUBSYSTEM are the caller's, not the file's.
Properties parse_uevent(std::string_view text, std::string_view devpath,
                        std::string_view subsystem) {
  Properties props;
  props.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 3);
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    const auto key = line.substr(0, eq);
    if (key == "DEVPATH" || key == "SUBSYSTEM") continue;
    props.emplace_back(std::string(key), std::string(line.substr(eq + 1)));
  }
  props.emplace_back("DEVPATH", std::string(devpath));
  if (!subsystem.empty()) props.emplace_back("SUBSYSTEM", std::string(subsystem));
  return props;
}

const std::string* find_property(const Properties& props, std::string_view key) {
  for (const auto& [k, v] : props)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace

void set_property(std::vector<std::pair<std::string, std::string>>& properties,
                  std::string_view key, std::string_view value) {
  auto it = std::lower_bound(properties.begin(), properties.end(), key,
                             [](const auto& p, std::string_view k) { return p.first < k; });
  if (it != properties.end() && it->first == key) {
    it->second.assign(value);
  } else {
    properties.emplace(it, std::string(key), std::string(value));
  }
}

Sysfs::Sysfs(std::string root) : root_(std::move(root)) {
  while (!root_.empty() && root_.back() == '/') root_.pop_back();
  devices_ = root_ + "/devices";
  classes_ = root_ + "/class/";
  struct statfs fs {};
  if (::statfs(devices_.c_str(), &fs) == 0) {
    kernfs_ = fs.f_type == SYSFS_MAGIC;
    exact_link_counts_ = kernfs_ || fs.f_type == TMPFS_MAGIC || fs.f_type == EXT4_SUPER_MAGIC;
  }
}

bool Sysfs::is_device_path(std::string_view syspath) const noexcept {
  if (syspath.size() <= devices_.size() + 1 || !syspath.starts_with(devices_) ||
      syspath[devices_.size()] != '/')
    return false;
  std::string_view rest = syspath.substr(devices_.size() + 1);
  while (true) {
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) return true;
    rest = rest.substr(slash + 1);
  }
}

std::string Sysfs::parent_syspath(std::string_view syspath) const {
  note_read();
  std::string candidate;
  for (auto dir = dirname_of(strip_trailing_slashes(syspath)); dir.size() > devices_.size();
       dir = dirname_of(dir)) {
    candidate.assign(dir).append("/uevent");
    if (::access(candidate.c_str(), F_OK) == 0) return std::string(dir);
  }
  return {};
}

std::optional<Device> Sysfs::read_device(std::string_view syspath_in) const {
  note_read();
  const auto syspath = strip_trailing_slashes(syspath_in);
  if (!is_device_path(syspath)) return std::nullopt;
  const std::string path(syspath);
  const UniqueFd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.ok()) return std::nullopt;
  return read_device_at(dir.get(), path, nullptr);
}

std::optional<Device> Sysfs::read_device_at(int dirfd, const std::string& path,
                                            const std::string* parent) const {
  std::string uevent;
  if (!read_file_at(dirfd, "uevent", kMaxUeventSize, uevent, kernfs_)) return std::nullopt;

  std::string link;
  std::string subsystem;
  DirectoryFacts facts;
  if (read_link_at(dirfd, "subsystem", link)) {
    subsystem = basename_of(link);
    facts.class_device = resolve_link(path, link).starts_with(classes_);
  } else if (::faccessat(dirfd, "uevent", F_OK, 0) != 0) {
    return std::nullopt;  // vanished between the two reads
  }
  std::string driver;
  if (read_link_at(dirfd, "driver", link)) driver = basename_of(link);
  facts.parent_syspath = parent != nullptr ? *parent : parent_syspath(path);
  return assemble(path,
                  parse_uevent(uevent, std::string_view(path).substr(root_.size()), subsystem),
                  std::move(driver), std::move(facts), true);
}

std::string Sysfs::driver_link(std::string_view syspath) const {
  note_read();
  std::string link;
  const std::string path = std::string(syspath) + "/driver";
  if (!read_link_at(AT_FDCWD, path.c_str(), link)) return {};
  return std::string(basename_of(link));
}

Device Sysfs::assemble(std::string_view syspath, Properties properties, std::string driver_link,
                       DirectoryFacts facts, bool with_udev_record) const {
  Device dev;
  dev.syspath = syspath;
  dev.properties = std::move(properties);
  sort_properties(dev.properties);
  if (const auto* v = find_property(dev.properties, "SUBSYSTEM")) dev.subsystem = *v;
  dev.driver = std::move(driver_link);
  if (with_udev_record && !udev_data.empty()) add_udev_record(dev);
  if (const auto* v = find_property(dev.properties, "DEVNAME");
      v && !v->empty() && v->front() != '/')
    set_property(dev.properties, "DEVNAME", "/dev/" + *v);
  if (const auto* v = find_property(dev.properties, "DEVTYPE")) dev.devtype = *v;
  if (dev.driver.empty())
    if (const auto* v = find_property(dev.properties, "DRIVER")) dev.driver = *v;
  if (const auto* v = find_property(dev.properties, "DEVNAME"); v && !v->empty())
    dev.devnode = v->front() == '/' ? *v : "/dev/" + *v;
  if (const auto* v = find_property(dev.properties, "MAJOR")) dev.major = parse_u32(*v);
  if (const auto* v = find_property(dev.properties, "MINOR")) dev.minor = parse_u32(*v);
  dev.parent_syspath = std::move(facts.parent_syspath);
  dev.started = !dev.driver.empty() || facts.class_device || dev.subsystem.empty();
  return dev;
}

void Sysfs::add_udev_record(Device& dev) const {
  note_read();
  const auto* major = find_property(dev.properties, "MAJOR");
  const auto* minor = find_property(dev.properties, "MINOR");
  const auto* ifindex = find_property(dev.properties, "IFINDEX");
  const std::string id = udev_database_id(
      dev.subsystem, basename_of(dev.syspath), major != nullptr && minor != nullptr,
      dev.subsystem == "block", major ? parse_u32(*major) : 0, minor ? parse_u32(*minor) : 0,
      ifindex ? std::string_view(*ifindex) : std::string_view{});
  if (id.empty()) return;
  std::string text;
  const std::string path = udev_data + "/" + id;
  if (!read_file_at(AT_FDCWD, path.c_str(), kUdevDatabaseMaxBytes, text)) return;
  for (const auto& [key, value] : parse_udev_database(text)) {
    if (key == "DEVPATH" || key == "SUBSYSTEM") continue;  // sysfs's, as for the uevent file
    set_property(dev.properties, key, value);
  }
}

std::vector<Device> Sysfs::enumerate() const {
  std::vector<Device> out;
  for_each_device([&](Device&& device) { out.push_back(std::move(device)); });
  return out;
}

void Sysfs::for_each_device(const std::function<void(Device&&)>& fn) const {
  std::string dir = devices_;
  std::vector<char> listing(kListingBufferSize);
  walk(dir, std::string(), listing, fn);
}

// One directory of the walk: its device (if it has a uevent file) read through the descriptor
// that listed it, then its subdirectories in name order. `parent` is the nearest ancestor the
// walk read as a device, which is what parent_syspath() would find by probing each ancestor.
void Sysfs::walk(std::string& dir, const std::string& parent, std::vector<char>& listing,
                 const std::function<void(Device&&)>& fn) const {
  note_read();
  const UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.ok()) return;  // vanished, or not a directory
  bool has_uevent = false;
  std::vector<std::string> children;
  list_directory(fd.get(), listing, has_uevent, children);

  std::string device;  // this directory's path while it is the children's parent
  if (has_uevent && is_device_path(dir)) {
    if (before_read_hook) before_read_hook(dir);
    if (auto dev = read_device_at(fd.get(), dir, &parent)) {
      fn(std::move(*dev));
      device = dir;
    }
  }
  const std::string& children_parent = device.empty() ? parent : device;
  std::sort(children.begin(), children.end());
  const auto length = dir.size();
  for (const auto& child : children) {
    if (!may_hold_devices(fd.get(), child)) continue;
    dir.append("/").append(child);
    walk(dir, children_parent, listing, fn);
    dir.resize(length);
  }
}

// getdents64 on the walk's own descriptor: opendir() would add an fstat per directory, and the
// device's files are then read through the same descriptor.
void Sysfs::list_directory(int fd, std::vector<char>& buffer, bool& has_uevent,
                           std::vector<std::string>& children) const {
  while (true) {
    const ssize_t n = ::getdents64(fd, buffer.data(), buffer.size());
    if (n <= 0) return;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buffer.data() + at);
      at += e->d_reclen;
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN) {
        struct stat st {};
        if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
      }
      if (type == DT_DIR) {
        children.emplace_back(name);
      } else if (type == DT_REG && name == "uevent") {
        has_uevent = true;
      }
    }
    // sysfs fills the buffer until an entry does not fit: room left for the longest entry means
    // the listing is complete, and the call that would return 0 is saved.
    if (kernfs_ && buffer.size() - static_cast<std::size_t>(n) >= kLongestDirectoryEntry) return;
  }
}

// Whether the walk must enter `child` of the directory open as `fd`. On file systems whose
// directory link count is 2 + its subdirectories (sysfs, tmpfs, ext4), a directory with a count
// of 2 has none: it holds a device only if it is one (power/, statistics/ and the like are not).
bool Sysfs::may_hold_devices(int fd, const std::string& child) const {
  if (!exact_link_counts_) return true;
  struct stat st {};
  if (::fstatat(fd, child.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return false;  // vanished
  if (!S_ISDIR(st.st_mode) || st.st_nlink != 2) return true;
  const std::string uevent = child + "/uevent";
  return ::faccessat(fd, uevent.c_str(), F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

std::optional<std::string> Sysfs::attribute(std::string_view syspath_in,
                                            std::string_view name) const {
  note_read();
  const auto syspath = strip_trailing_slashes(syspath_in);
  if (!is_device_path(syspath) || name.empty() || name.front() == '/') return std::nullopt;
  for (std::string_view rest = name; !rest.empty();) {
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    if (part.empty() || part == "." || part == "..") return std::nullopt;
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  }
  std::string path;
  path.reserve(syspath.size() + 1 + name.size());
  path.append(syspath).append("/").append(name);
  std::string value;
  if (!read_file_at(AT_FDCWD, path.c_str(), kMaxAttributeSize, value)) return std::nullopt;
  if (!value.empty() && value.back() == '\n') value.pop_back();
  return value;
}

std::optional<std::string> Sysfs::syspath_of_devnum(bool block, std::uint32_t major,
                                                    std::uint32_t minor) const {
  note_read();
  std::string dir = root_ + (block ? "/dev/block" : "/dev/char");
  const std::string name = std::to_string(major) + ":" + std::to_string(minor);
  const UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  std::string link;
  if (!fd.ok() || !read_link_at(fd.get(), name.c_str(), link)) return std::nullopt;
  auto syspath = resolve_link(dir, link);
  if (!is_device_path(syspath)) return std::nullopt;
  return syspath;
}

bool Sysfs::is_class_device(std::string_view syspath_in) const {
  note_read();
  const auto syspath = strip_trailing_slashes(syspath_in);
  if (!is_device_path(syspath)) return false;
  const std::string path = std::string(syspath) + "/subsystem";
  std::string link;
  if (!read_link_at(AT_FDCWD, path.c_str(), link)) return false;
  return resolve_link(syspath, link).starts_with(classes_);
}

Sysfs::SubsystemKind Sysfs::subsystem_kind(std::string_view name) const {
  note_read();
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos)
    return SubsystemKind::neither;
  std::string path = classes_;
  path.append(name);
  const bool is_class = ::access(path.c_str(), F_OK) == 0;
  path.assign(root_).append("/bus/").append(name);
  const bool is_bus = ::access(path.c_str(), F_OK) == 0;
  if (is_class && is_bus) return SubsystemKind::both;
  if (is_class) return SubsystemKind::class_only;
  return is_bus ? SubsystemKind::bus_only : SubsystemKind::neither;
}

std::string Sysfs::subsystem(std::string_view syspath_in) const {
  note_read();
  const auto syspath = strip_trailing_slashes(syspath_in);
  if (!is_device_path(syspath)) return {};
  const std::string path = std::string(syspath) + "/subsystem";
  std::string link;
  if (!read_link_at(AT_FDCWD, path.c_str(), link)) return {};
  return std::string(basename_of(link));
}

}  // namespace cmnotify::linux_source
