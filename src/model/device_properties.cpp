#include "model/device_properties.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"

namespace cmnotify::model {
namespace {

using Value = std::optional<DevicePropertyValue>;

// ---- Values: empty ones count as "the device does not have this property" ----

Value text(std::string s) {
  if (s.empty()) return std::nullopt;
  return DevicePropertyValue(std::move(s));
}

Value text_list(std::vector<std::string> list) {
  if (list.empty()) return std::nullopt;
  return DevicePropertyValue(std::move(list));
}

Value guid(const Guid& g) {
  if (g.is_null()) return std::nullopt;
  return DevicePropertyValue(g);
}

Value number(std::optional<std::uint32_t> n) {
  if (!n) return std::nullopt;
  return DevicePropertyValue(*n);
}

Value flag(bool b) { return DevicePropertyValue(b); }

// ---- What Linux tells ----

std::optional<std::uint32_t> parse_number(std::string_view digits, int base) {
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t n = 0;
  for (char c : digits) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0 || digit >= base) return std::nullopt;
    n = n * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
  }
  return n;
}

// A PCI function's place, from its slot name "DDDD:BB:dd.f".
struct PciSlot {
  std::uint32_t domain = 0, bus = 0, device = 0, function = 0;
};
std::optional<PciSlot> pci_slot(const Device& d) {
  if (d.subsystem != "pci") return std::nullopt;
  const std::string* name = d.property("PCI_SLOT_NAME");
  if (name == nullptr || name->size() != 12 || (*name)[4] != ':' || (*name)[7] != ':' ||
      (*name)[10] != '.')
    return std::nullopt;
  const std::string_view s = *name;
  auto domain = parse_number(s.substr(0, 4), 16), bus = parse_number(s.substr(5, 2), 16);
  auto device = parse_number(s.substr(8, 2), 16), function = parse_number(s.substr(11, 1), 16);
  if (!domain || !bus || !device || !function) return std::nullopt;
  return PciSlot{*domain, *bus, *device, *function};
}

bool is_usb_device(const Device& d) { return d.subsystem == "usb" && d.devtype == "usb_device"; }

// The port a USB device is plugged into: the last number of its kernel name ("1-2.3" -> 3);
// nullopt for a root hub ("usb1").
std::optional<std::uint32_t> usb_port(const Device& d) {
  const std::string_view name = std::string_view(d.syspath).substr(d.syspath.rfind('/') + 1);
  const auto sep = name.find_last_of("-.");
  if (sep == std::string_view::npos) return std::nullopt;
  return parse_number(name.substr(sep + 1), 10);
}

std::string hex2(std::uint32_t n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[(n >> 4) & 15], kDigits[n & 15]};
}

// Windows' location path: PCIROOT(bus)#PCI(DDFF)... then #USBROOT(0)#USB(port)... for the USB
// devices below a host controller. Other devices take their closest such ancestor's path.
std::string location_path(const DeviceTree& tree, const Device& device) {
  std::vector<const Device*> chain;
  for (const Device* d = &device; d != nullptr && chain.size() < 64; d = tree.parent_of(*d))
    chain.push_back(d);
  std::string path;
  bool usb_root = false;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Device& d = **it;
    if (const auto slot = pci_slot(d)) {
      if (path.empty()) path = "PCIROOT(" + std::to_string(slot->bus) + ")";
      path += "#PCI(" + hex2(slot->device) + hex2(slot->function) + ")";
    } else if (is_usb_device(d) && !path.empty()) {
      if (!usb_root) path += "#USBROOT(0)";
      usb_root = true;
      if (const auto port = usb_port(d)) path += "#USB(" + std::to_string(*port) + ")";
    }
  }
  return path;
}

std::string location_info(const DeviceTree& tree, const Device& d) {
  if (const auto slot = pci_slot(d)) {
    return "PCI bus " + std::to_string(slot->bus) + ", device " + std::to_string(slot->device) +
           ", function " + std::to_string(slot->function);
  }
  if (is_usb_device(d)) {
    const auto port = usb_port(d);
    const Device* hub = tree.parent_of(d);
    const std::string* hub_number = hub != nullptr ? hub->property("DEVNUM") : nullptr;
    if (port) {
      // The hub's device number; 0 where the parent is no USB device (the host controller).
      const auto hub_devnum = hub_number != nullptr ? parse_number(*hub_number, 10).value_or(0) : 0;
      char out[40];
      std::snprintf(out, sizeof out, "Port_#%04lu.Hub_#%04lu", static_cast<unsigned long>(*port),
                    static_cast<unsigned long>(hub_devnum));
      return out;
    }
  }
  return {};
}

std::optional<std::uint32_t> bus_number(const Device& d) {
  if (const auto slot = pci_slot(d)) return slot->bus;
  if (d.subsystem == "usb")
    if (const std::string* bus = d.property("BUSNUM")) return parse_number(*bus, 10);
  return std::nullopt;
}

std::optional<std::uint32_t> address(const Device& d) {
  if (const auto slot = pci_slot(d)) return (slot->device << 16) | slot->function;
  if (is_usb_device(d)) return usb_port(d);
  return std::nullopt;
}

// Windows gives the functions of one physical device one container: here a USB device and
// everything below it, or else the device itself. A name-based GUID of that device's ID.
Guid container_id(const DeviceTree& tree, const Device& device) {
  static constexpr Guid kNamespace =
      make_guid(0x5c1c2a8e, 0x3f0d, 0x4b7e, 0x9a, 0x51, 0x6e, 0x0b, 0x2f, 0x8d, 0x41, 0xc7);
  const Device* container = &device;
  int depth = 0;
  for (const Device* d = &device; d != nullptr && depth < 64; d = tree.parent_of(*d), ++depth) {
    if (is_usb_device(*d)) {
      container = d;
      break;
    }
  }
  return Guid::from_name(kNamespace, detail::to_upper_ascii(container->instance_id));
}

std::string class_name_of(const Device& d) {
  const SetupClass* c = find_setup_class(d.setup_class);
  return c != nullptr ? c->name : std::string();
}

// The driver's software key, "{class GUID}\NNNN" on Windows: here "{class GUID}\<driver name>".
std::string driver_key(const Device& d) {
  if (d.driver.empty() || d.setup_class.is_null()) return {};
  return d.setup_class.to_string() + "\\" + d.driver;
}

std::vector<std::string> ids_of(const std::vector<const Device*>& devices) {
  std::vector<std::string> out;
  out.reserve(devices.size());
  for (const Device* d : devices) out.push_back(d->instance_id);
  return out;
}

std::vector<std::string> siblings_of(const DeviceTree& tree, const Device& device) {
  std::vector<std::string> out;
  for (const Device* d : tree.children_of(tree.parent_id_of(device)))
    if (d != &device) out.push_back(d->instance_id);
  return out;
}

// The root device node has only what Windows' root has that Linux can say.
Value root_property(const DeviceTree& tree, DeviceProperty key) {
  switch (key) {
    case DeviceProperty::instance_id: return text(std::string(kRootInstanceId));
    case DeviceProperty::enumerator: return text("HTREE");
    case DeviceProperty::problem_code: return number(0);
    case DeviceProperty::children: return text_list(ids_of(tree.children_of(kRootInstanceId)));
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<DevicePropertyValue> property_of(const DeviceTree& tree, const Device* device,
                                               DeviceProperty key) {
  if (device == nullptr) return root_property(tree, key);
  const Device& d = *device;
  using P = DeviceProperty;
  switch (key) {
    case P::instance_id: return text(d.instance_id);
    case P::description: return text(d.description);
    case P::friendly_name: return text(d.description);
    case P::manufacturer: return text(d.manufacturer);
    case P::bus_reported_description: return text(d.bus_reported_description);
    case P::hardware_ids: return text_list(d.hardware_ids);
    case P::compatible_ids: return text_list(d.compatible_ids);
    case P::driver: return text(d.driver);
    case P::driver_key: return text(driver_key(d));
    case P::class_name: return text(class_name_of(d));
    case P::class_guid: return guid(d.setup_class);
    case P::enumerator: return text(std::string(detail::enumerator_of(d.instance_id)));
    case P::location_info: return text(location_info(tree, d));
    case P::location_paths: {
      std::string path = location_path(tree, d);
      if (path.empty()) return std::nullopt;
      return text_list({std::move(path)});
    }
    case P::bus_number: return number(bus_number(d));
    case P::address: return number(address(d));
    case P::physical_object_name: return text(d.syspath);
    case P::parent: return text(tree.parent_id_of(d));
    case P::children: return text_list(ids_of(tree.children_of(d.instance_id)));
    case P::siblings: return text_list(siblings_of(tree, d));
    case P::container_id: return guid(container_id(tree, d));
    case P::started: return flag(node_state(tree, &d).started);
    case P::removable: return flag(node_state(tree, &d).removable);
    case P::problem_code: return number(node_state(tree, &d).problem);
    case P::has_problem: return flag(node_state(tree, &d).problem != 0);
    case P::is_present: return flag(true);
    case P::devnode: return text(d.devnode);
    case P::syspath: return text(d.syspath);
    case P::subsystem: return text(d.subsystem);
  }
  return std::nullopt;  // a number outside the enum
}

NodeState node_state(const DeviceTree& tree, const Device* device) {
  NodeState s;
  if (device == nullptr) return s;
  if (!device->started) {
    s.started = false;
    s.problem = kProblemFailedInstall;
  }
  for (const Device* d = device; d != nullptr; d = tree.parent_of(*d)) {
    if (is_usb_device(*d) && usb_port(*d)) {
      s.removable = true;
      break;
    }
  }
  return s;
}

std::span<const SetupClass> setup_classes() noexcept {
  namespace sc = setup_class;
  static const SetupClass kClasses[] = {
      {sc::usb, "USB", "Universal Serial Bus controllers"},
      {sc::hid, "HIDClass", "Human Interface Devices"},
      {sc::disk_drive, "DiskDrive", "Disk drives"},
      {sc::display, "Display", "Display adapters"},
      {sc::keyboard, "Keyboard", "Keyboards"},
      {sc::media, "MEDIA", "Sound, video and game controllers"},
      {sc::mouse, "Mouse", "Mice and other pointing devices"},
      {sc::net, "Net", "Network adapters"},
      {sc::ports, "Ports", "Ports (COM & LPT)"},
      {sc::system, "System", "System devices"},
      {sc::volume, "Volume", "Storage volumes"},
      {sc::cdrom, "CDROM", "DVD/CD-ROM drives"},
      {sc::floppy_disk, "FloppyDisk", "Floppy disk drives"},
      {sc::monitor, "Monitor", "Monitors"},
      {sc::tape_drive, "TapeDrive", "Tape drives"},
      {sc::bluetooth, "Bluetooth", "Bluetooth"},
      {sc::battery, "Battery", "Batteries"},
      {sc::camera, "Camera", "Cameras"},
      {sc::image, "Image", "Imaging devices"},
      {sc::smartcard_reader, "SmartCardReader", "Smart card readers"},
  };
  return kClasses;
}

const SetupClass* find_setup_class(const Guid& guid) noexcept {
  for (const SetupClass& c : setup_classes())
    if (c.guid == guid) return &c;
  return nullptr;
}

}  // namespace cmnotify::model
