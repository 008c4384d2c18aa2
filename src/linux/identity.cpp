// Windows identities for Linux devices: dispatch to one rule per device kind, the generic
// fallback, and the finishing steps every identity goes through (docs/identities.md).
#include "linux/identity.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>

#include "cmnotify/error.hpp"
#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"
#include "common/utf8.hpp"
#include "linux/hwdb.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source {
namespace rules {
namespace {

// The generic form's enumerator for a device without a subsystem.
constexpr std::string_view kNoSubsystemEnumerator = "SYSFS";

// Ancestors are identified recursively when the caller did not pass them; no device tree is
// anywhere near this deep, so the bound only guards against a pathological test tree.
constexpr int kMaxDepth = 48;

using RuleFn = void (*)(Context&);
// Each subsystem's rule, with the enumerators its IDs begin with (identity_<kind>.cpp; space
// separated) besides the generic one, the subsystem's own name: subsystems_of_enumerator reads
// them backwards, so a lookup by ID reads only the subsystems whose rule can give that ID.
struct RuleEntry {
  std::string_view subsystem;
  RuleFn rule;
  std::string_view enumerators;
};
constexpr std::array<RuleEntry, 15> kRules{{
    {"usb", identify_usb, "USB"},
    {"hid", identify_hid, "HID"},
    {"input", identify_input, "INPUT"},
    {"pci", identify_pci, "PCI"},
    {"virtio", identify_virtio, "VIRTIO"},
    {"block", identify_block, "VIRTIO USBSTOR SCSI NVME SD ROOT FDC STORAGE"},
    {"scsi", identify_scsi, ""},
    {"scsi_tape", identify_scsi_tape, ""},
    {"net", identify_net, "SWD NET"},
    {"tty", identify_tty, "ACPI SERIAL"},
    {"sound", identify_sound, "SOUND"},
    {"video4linux", identify_video, "VIDEO"},
    {"drm", identify_drm, "DRM"},
    {"power_supply", identify_power_supply, "ACPI BATTERY"},
    {"bluetooth", identify_bluetooth, "BLUETOOTH"},
}};

// Whether the space-separated `list` holds `word` (ASCII case ignored).
bool lists(std::string_view list, std::string_view word) {
  while (!list.empty()) {
    const auto space = list.find(' ');
    if (detail::iequals(list.substr(0, space), word)) return true;
    list.remove_prefix(space == std::string_view::npos ? list.size() : space + 1);
  }
  return false;
}

// Whether some rule gives IDs beginning with `enumerator` (besides the generic form).
bool named_by_a_rule(std::string_view enumerator) {
  return std::any_of(kRules.begin(), kRules.end(),
                     [&](const RuleEntry& e) { return lists(e.enumerators, enumerator); });
}

// The subsystem whose generic IDs begin with `enumerator`: escape_part upper-cases the name, so
// a lower-case one comes back.
std::string generic_subsystem(std::string_view enumerator) {
  std::string subsystem(enumerator);
  for (char& c : subsystem)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return subsystem;
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The hardware database's vendor and model for the device's modalias: udev's own lookup when
// udevd ran it (the event carries ID_*_FROM_DATABASE), else ours.
void add_database_names(Context& ctx) {
  Device& dev = ctx.dev;
  const std::string* modalias = dev.property("MODALIAS");
  const std::string* vendor = dev.property("ID_VENDOR_FROM_DATABASE");
  const std::string* model = dev.property("ID_MODEL_FROM_DATABASE");
  HwdbNames names;
  if (vendor != nullptr || model != nullptr) {
    names = {vendor != nullptr ? *vendor : std::string(),
             model != nullptr ? *model : std::string()};
  } else if (modalias != nullptr) {
    names = hwdb_names(*modalias);
  }
  if (!names.vendor.empty()) dev.manufacturer = names.vendor;
  if (!names.model.empty() && (dev.description.empty() || ctx.generated_description))
    dev.description = names.model;
}

}  // namespace

std::vector<std::string> directory_names(const Sysfs& sysfs, const std::string& dir) {
  sysfs.note_read();
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return names;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(d);
  return names;
}

std::string_view devpath_of(const Sysfs& sysfs, std::string_view syspath) noexcept {
  const auto& root = sysfs.root();
  return syspath.starts_with(root) ? syspath.substr(root.size()) : syspath;
}

std::string_view Context::devpath() const noexcept { return devpath_of(sysfs_, dev.syspath); }

std::string Context::prop(std::string_view key) const {
  const auto* v = dev.property(key);
  return v ? *v : std::string();
}

const Device* Context::parent() {
  if (parent_ != nullptr) return parent_;
  if (dev.parent_syspath.empty()) return nullptr;
  if (!read_parent_) read_parent_ = sysfs_.read_device(dev.parent_syspath);
  return read_parent_ ? &*read_parent_ : nullptr;
}

const std::string& Context::parent_id() {
  if (parent_id_) return *parent_id_;
  if (parent_ != nullptr) {
    parent_id_ = parent_->instance_id;
  } else if (parent() != nullptr && depth_ < kMaxDepth) {
    Device copy = *read_parent_;
    identify_device(copy, nullptr, sysfs_, depth_ + 1, nullptr);
    parent_id_ = std::move(copy.instance_id);
  } else {
    parent_id_ = std::string();
  }
  return *parent_id_;
}

std::optional<Device> Context::identify(std::string_view syspath) const {
  if (depth_ >= kMaxDepth) return std::nullopt;
  auto other = sysfs_.read_device(syspath);
  if (other) identify_device(*other, nullptr, sysfs_, depth_ + 1, nullptr);
  return other;
}

std::string generic_instance_id(const Device& dev, std::string_view root) {
  std::string_view devpath = dev.syspath;
  if (devpath.starts_with(root)) devpath.remove_prefix(root.size());
  const auto name = escape_part(basename_of(devpath));
  std::string id =
      dev.subsystem.empty() ? std::string(kNoSubsystemEnumerator) : escape_part(dev.subsystem);
  id += '\\';
  id += name.empty() ? std::string("0") : name;
  id += '\\';
  id += devpath_location(dirname_of(devpath));
  return id;
}

void identify_device(Device& dev, const Device* parent, const Sysfs& sysfs, int depth,
                     std::string* parent_id) {
  dev.instance_id.clear();
  dev.hardware_ids.clear();
  dev.compatible_ids.clear();
  dev.description.clear();
  dev.manufacturer.clear();
  dev.bus_reported_description.clear();
  dev.setup_class = Guid{};
  dev.interfaces.clear();

  Context ctx(dev, parent, sysfs, depth);
  const auto rule = std::find_if(kRules.begin(), kRules.end(),
                                 [&](const RuleEntry& e) { return e.subsystem == dev.subsystem; });
  if (rule != kRules.end()) rule->rule(ctx);

  if (dev.instance_id.empty()) dev.instance_id = generic_instance_id(dev, sysfs.root());
  dev.instance_id = finish_instance_id(dev.instance_id);
  if (!detail::is_valid_instance_id(dev.instance_id))
    dev.instance_id = finish_instance_id(generic_instance_id(dev, sysfs.root()));
  add_database_names(ctx);
  if (dev.description.empty()) dev.description = std::string(ctx.name());
  // Names and attributes are bytes ("cm\xff\xe9x"); the Windows side is text.
  dev.description = detail::to_valid_utf8(dev.description);

  if (!dev.subsystem.empty()) ctx.interfaces.push_back(subsystem_interface_class(dev.subsystem));
  dev.interfaces.reserve(ctx.interfaces.size());
  for (const auto& guid : ctx.interfaces) {
    if (dev.find_interface(guid) != nullptr) continue;
    dev.interfaces.push_back({guid, symbolic_link(dev.instance_id, guid)});
  }
  if (parent_id != nullptr) *parent_id = ctx.parent_id();
}

}  // namespace rules

void assign_identity(Device& device, const Device* parent, const Sysfs& sysfs) {
  if (device.syspath.empty())
    throw Error(Cr::invalid_data, "assign_identity: the device has no syspath");
  std::string parent_id;
  rules::identify_device(device, parent, sysfs, 0, &parent_id);
  device.parent_instance_id = std::move(parent_id);
}

std::string fallback_instance_id(const Device& device) {
  // Keep ENUMERATOR\DEVICE-ID where the device has them, so the kind stays recognisable, and key
  // the instance part on the devpath, which is unique among present devices. The hash keeps it
  // unique even where escaping folded two names together.
  std::string_view devpath = device.syspath;
  if (const auto* p = device.property("DEVPATH")) {
    devpath = *p;
  } else if (const auto at = devpath.find("/devices/"); at != std::string_view::npos) {
    devpath.remove_prefix(at);
  }
  std::string head;
  const std::string_view id = device.instance_id;
  const auto last = id.rfind('\\');
  if (last != std::string_view::npos && last > 0) {
    head = std::string(id.substr(0, last + 1));
  } else {
    head = (device.subsystem.empty() ? std::string(rules::kNoSubsystemEnumerator)
                                     : rules::escape_part(device.subsystem)) +
           "\\" + rules::escape_part(rules::basename_of(devpath)) + "\\";
  }
  return rules::finish_instance_id(head + rules::devpath_location(devpath) + "&" +
                                   rules::hash8(devpath));
}

std::vector<std::string> subsystems_of_enumerator(std::string_view enumerator) {
  std::vector<std::string> out;
  if (enumerator.empty()) return out;
  const std::string generic = rules::generic_subsystem(enumerator);
  out.push_back(generic);
  for (const auto& entry : rules::kRules)
    if (rules::lists(entry.enumerators, enumerator) && entry.subsystem != generic)
      out.emplace_back(entry.subsystem);
  return out;
}

bool is_known_enumerator(std::string_view enumerator, const Sysfs& sysfs) {
  if (enumerator.empty()) return false;
  if (detail::iequals(enumerator, rules::kNoSubsystemEnumerator) ||
      rules::named_by_a_rule(enumerator))
    return true;
  // A generic enumerator: only a subsystem name that escaping leaves as it is (no '/', '\', ...)
  // comes back as this one.
  const std::string subsystem = rules::generic_subsystem(enumerator);
  if (!detail::iequals(rules::escape_part(subsystem), enumerator) || subsystem == "." ||
      subsystem == "..")
    return false;
  sysfs.note_read();
  return rules::is_directory(sysfs.root() + "/class/" + subsystem) ||
         rules::is_directory(sysfs.root() + "/bus/" + subsystem);
}

std::string symbolic_link(std::string_view instance_id, const Guid& class_guid) {
  const std::string guid = class_guid.to_string();
  std::string out;
  out.reserve(4 + instance_id.size() + 1 + guid.size());
  out.append("\\\\?\\").append(instance_id).append(1, '#').append(guid);
  std::replace(out.begin() + 4, out.begin() + 4 + static_cast<std::ptrdiff_t>(instance_id.size()),
               '\\', '#');
  return out;
}

}  // namespace cmnotify::linux_source
