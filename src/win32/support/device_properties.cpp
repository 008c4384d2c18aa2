#include "win32/support/device_properties.hpp"

#include <devpkey.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cwchar>
#include <mutex>
#include <unordered_map>

#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"
#include "engine/engine.hpp"
#include "win32/support/device_query.hpp"
#include "win32/support/guid_convert.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

using detail::iequals;
using Value = std::optional<PropertyValue>;

// ---- Values ----

// Empty strings count as "the device does not have this property".
Value string_value(std::string_view s) {
  if (s.empty()) return std::nullopt;
  PropertyValue v{DEVPROP_TYPE_STRING, {}};
  v.bytes.resize((wide_length(s) + 1) * sizeof(wchar_t));
  *write_wide(s, reinterpret_cast<wchar_t*>(v.bytes.data())) = L'\0';
  return v;
}

Value string_list_value(const std::vector<std::string>& list) {
  if (list.empty()) return std::nullopt;
  PropertyValue v{DEVPROP_TYPE_STRING_LIST, {}};
  v.bytes.resize(multi_length<wchar_t>(list) * sizeof(wchar_t));
  write_multi(list, reinterpret_cast<wchar_t*>(v.bytes.data()));
  return v;
}

template <typename T>
Value fixed_value(DEVPROPTYPE type, const T& raw) {
  PropertyValue v{type, std::vector<std::byte>(sizeof(T))};
  std::memcpy(v.bytes.data(), &raw, sizeof(T));
  return v;
}

Value guid_value(const Guid& guid) {
  if (guid.is_null()) return std::nullopt;
  return fixed_value(DEVPROP_TYPE_GUID, to_win_guid(guid));
}

Value uint32_value(std::optional<ULONG> n) {
  if (!n) return std::nullopt;
  return fixed_value(DEVPROP_TYPE_UINT32, *n);
}

Value boolean_value(bool b) {
  return fixed_value(DEVPROP_TYPE_BOOLEAN, b ? DEVPROP_TRUE : DEVPROP_FALSE);
}

// ---- What Linux tells ----

std::optional<ULONG> parse_number(std::string_view text, int base) {
  if (text.empty() || text.size() > 8) return std::nullopt;
  ULONG n = 0;
  for (char c : text) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0 || digit >= base) return std::nullopt;
    n = n * static_cast<ULONG>(base) + static_cast<ULONG>(digit);
  }
  return n;
}

// A PCI function's place, from its slot name "DDDD:BB:dd.f".
struct PciSlot {
  ULONG domain = 0, bus = 0, device = 0, function = 0;
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
std::optional<ULONG> usb_port(const Device& d) {
  const std::string_view name = std::string_view(d.syspath).substr(d.syspath.rfind('/') + 1);
  const auto sep = name.find_last_of("-.");
  if (sep == std::string_view::npos) return std::nullopt;
  return parse_number(name.substr(sep + 1), 10);
}

std::string hex2(ULONG n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[(n >> 4) & 15], kDigits[n & 15]};
}

// Windows' location path: PCIROOT(bus)#PCI(DDFF)... then #USBROOT(0)#USB(port)... for the USB
// devices below a host controller. Other devices take their closest such ancestor's path.
std::optional<std::string> location_path(const DeviceTree& tree, const Device& device) {
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
  if (path.empty()) return std::nullopt;
  return path;
}

std::optional<std::string> location_info(const DeviceTree& tree, const Device& d) {
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
      const auto number = hub_number != nullptr ? parse_number(*hub_number, 10).value_or(0) : 0;
      char text[40];
      std::snprintf(text, sizeof text, "Port_#%04lu.Hub_#%04lu", static_cast<unsigned long>(*port),
                    static_cast<unsigned long>(number));
      return std::string(text);
    }
  }
  return std::nullopt;
}

std::optional<ULONG> bus_number(const Device& d) {
  if (const auto slot = pci_slot(d)) return slot->bus;
  if (d.subsystem == "usb")
    if (const std::string* bus = d.property("BUSNUM")) return parse_number(*bus, 10);
  return std::nullopt;
}

std::optional<ULONG> address(const Device& d) {
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

std::string enumerator_of(std::string_view instance_id) {
  return std::string(instance_id.substr(0, instance_id.find('\\')));
}

std::string class_name_of(const Device& d) {
  const SetupClassName* c = setup_class_name(to_win_guid(d.setup_class));
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

// ---- The table: one row per key this library answers ----

struct Row {
  const DEVPROPKEY* key;
  Value (*of)(const DeviceTree&, const Device&);
};

// clang-format off
const Row kDeviceRows[] = {
    {&DEVPKEY_NAME, [](const DeviceTree&, const Device& d) { return string_value(d.description); }},
    {&DEVPKEY_Device_DeviceDesc, [](const DeviceTree&, const Device& d) { return string_value(d.description); }},
    {&DEVPKEY_Device_HardwareIds, [](const DeviceTree&, const Device& d) { return string_list_value(d.hardware_ids); }},
    {&DEVPKEY_Device_CompatibleIds, [](const DeviceTree&, const Device& d) { return string_list_value(d.compatible_ids); }},
    {&DEVPKEY_Device_Service, [](const DeviceTree&, const Device& d) { return string_value(d.driver); }},
    {&DEVPKEY_Device_Class, [](const DeviceTree&, const Device& d) { return string_value(class_name_of(d)); }},
    {&DEVPKEY_Device_ClassGuid, [](const DeviceTree&, const Device& d) { return guid_value(d.setup_class); }},
    {&DEVPKEY_Device_Driver, [](const DeviceTree&, const Device& d) { return string_value(driver_key(d)); }},
    {&DEVPKEY_Device_Manufacturer, [](const DeviceTree&, const Device& d) { return string_value(d.manufacturer); }},
    {&DEVPKEY_Device_FriendlyName, [](const DeviceTree&, const Device& d) { return string_value(d.description); }},
    {&DEVPKEY_Device_LocationInfo, [](const DeviceTree& t, const Device& d) { return string_value(location_info(t, d).value_or("")); }},
    {&DEVPKEY_Device_PDOName, [](const DeviceTree&, const Device& d) { return string_value(d.syspath); }},
    {&DEVPKEY_Device_BusNumber, [](const DeviceTree&, const Device& d) { return uint32_value(bus_number(d)); }},
    {&DEVPKEY_Device_EnumeratorName, [](const DeviceTree&, const Device& d) { return string_value(enumerator_of(d.instance_id)); }},
    {&DEVPKEY_Device_Address, [](const DeviceTree&, const Device& d) { return uint32_value(address(d)); }},
    {&DEVPKEY_Device_LocationPaths, [](const DeviceTree& t, const Device& d) {
       const auto path = location_path(t, d);
       return path ? string_list_value({*path}) : std::nullopt; }},
    {&DEVPKEY_Device_InstanceId, [](const DeviceTree&, const Device& d) { return string_value(d.instance_id); }},
    {&DEVPKEY_Device_Parent, [](const DeviceTree& t, const Device& d) { return string_value(t.parent_id_of(d)); }},
    {&DEVPKEY_Device_Children, [](const DeviceTree& t, const Device& d) { return string_list_value(ids_of(t.children_of(d.instance_id))); }},
    {&DEVPKEY_Device_Siblings, [](const DeviceTree& t, const Device& d) { return string_list_value(siblings_of(t, d)); }},
    {&DEVPKEY_Device_ContainerId, [](const DeviceTree& t, const Device& d) { return guid_value(container_id(t, d)); }},
    {&DEVPKEY_Device_BusReportedDeviceDesc, [](const DeviceTree&, const Device& d) { return string_value(d.bus_reported_description); }},
    {&DEVPKEY_Device_DevNodeStatus, [](const DeviceTree& t, const Device& d) { return uint32_value(node_status(t, &d).status); }},
    {&DEVPKEY_Device_ProblemCode, [](const DeviceTree& t, const Device& d) { return uint32_value(node_status(t, &d).problem); }},
    {&DEVPKEY_Device_IsPresent, [](const DeviceTree&, const Device&) { return boolean_value(true); }},
    {&DEVPKEY_Device_HasProblem, [](const DeviceTree& t, const Device& d) { return boolean_value(node_status(t, &d).problem != 0); }},
    {&DEVPKEY_Cmnotify_LinuxDevnode, [](const DeviceTree&, const Device& d) { return string_value(d.devnode); }},
    {&DEVPKEY_Cmnotify_LinuxSyspath, [](const DeviceTree&, const Device& d) { return string_value(d.syspath); }},
    {&DEVPKEY_Cmnotify_LinuxSubsystem, [](const DeviceTree&, const Device& d) { return string_value(d.subsystem); }},
};
// clang-format on

// The root device node has only what Windows' root has that Linux can say.
Value root_property(const DEVPROPKEY& key) {
  if (same_key(key, DEVPKEY_Device_InstanceId)) return string_value(kRootInstanceId);
  if (same_key(key, DEVPKEY_Device_EnumeratorName)) return string_value("HTREE");
  if (same_key(key, DEVPKEY_Device_DevNodeStatus))
    return uint32_value(node_status(DeviceTree(), nullptr).status);
  if (same_key(key, DEVPKEY_Device_ProblemCode)) return uint32_value(0);
  return std::nullopt;
}

}  // namespace

bool same_key(const DEVPROPKEY& a, const DEVPROPKEY& b) noexcept {
  return a.pid == b.pid && std::memcmp(&a.fmtid, &b.fmtid, sizeof(GUID)) == 0;
}

struct DeviceTree::Index {
  using ById = std::unordered_map<std::string, const Device*, detail::CaseInsensitiveHash,
                                  detail::CaseInsensitiveEqual>;
  using Children = std::unordered_map<std::string, std::vector<const Device*>,
                                      detail::CaseInsensitiveHash, detail::CaseInsensitiveEqual>;

  explicit Index(engine::DeviceList list) : devices(std::move(list)) {
    by_id.reserve(devices->size());
    for (const DevicePtr& d : *devices) {
      by_id.emplace(d->instance_id, d.get());
      children[d->parent_instance_id.empty() ? std::string(kRootInstanceId) : d->parent_instance_id]
          .push_back(d.get());
    }
    for (auto& [parent, siblings] : children) {
      std::sort(siblings.begin(), siblings.end(), [](const Device* a, const Device* b) {
        return detail::iless(a->instance_id, b->instance_id);
      });
      for (std::size_t i = 0; i + 1 < siblings.size(); ++i)
        next.emplace(siblings[i], siblings[i + 1]);
    }
  }

  engine::DeviceList devices;
  ById by_id;
  Children children;
  std::unordered_map<const Device*, const Device*> next;  // the next sibling
};

DeviceTree::DeviceTree() : DeviceTree(std::vector<DevicePtr>{}) {}

DeviceTree::DeviceTree(std::vector<DevicePtr> devices)
    : DeviceTree(std::make_shared<const std::vector<DevicePtr>>(std::move(devices))) {}

DeviceTree::DeviceTree(engine::DeviceList devices)
    : index_(std::make_shared<const Index>(std::move(devices))) {}

Cr DeviceTree::present(DeviceTree& out) {
  engine::DeviceList devices;
  if (const Cr cr = engine::Engine::instance().present_list(devices); cr != Cr::success) return cr;
  // The last index, kept with its list (so the list's address cannot be reused while kept).
  static std::mutex mutex;
  static DeviceTree* last = new DeviceTree;  // immortal: callbacks may ask during exit
  std::lock_guard lock(mutex);
  if (last->index_->devices != devices) *last = DeviceTree(std::move(devices));
  out = *last;
  return Cr::success;
}

const std::vector<DevicePtr>& DeviceTree::devices() const noexcept { return *index_->devices; }

const Device* DeviceTree::find(std::string_view instance_id) const {
  auto it = index_->by_id.find(std::string(instance_id));
  return it == index_->by_id.end() ? nullptr : it->second;
}

const Device* DeviceTree::parent_of(const Device& device) const {
  if (device.parent_instance_id.empty()) return nullptr;
  return find(device.parent_instance_id);
}

std::string DeviceTree::parent_id_of(const Device& device) const {
  return device.parent_instance_id.empty() ? std::string(kRootInstanceId)
                                           : device.parent_instance_id;
}

const std::vector<const Device*>& DeviceTree::children_of(std::string_view instance_id) const {
  static const std::vector<const Device*> kNone;
  auto it = index_->children.find(std::string(instance_id));
  return it == index_->children.end() ? kNone : it->second;
}

const Device* DeviceTree::next_sibling(const Device& device) const {
  auto it = index_->next.find(&device);
  return it == index_->next.end() ? nullptr : it->second;
}

std::optional<PropertyValue> device_property(const DeviceTree& tree, const Device* device,
                                             const DEVPROPKEY& key) {
  if (device == nullptr) {
    if (same_key(key, DEVPKEY_Device_Children))
      return string_list_value(ids_of(tree.children_of(kRootInstanceId)));
    return root_property(key);
  }
  for (const Row& row : kDeviceRows)
    if (same_key(*row.key, key)) return row.of(tree, *device);
  return std::nullopt;
}

std::vector<DEVPROPKEY> device_property_keys(const DeviceTree& tree, const Device* device) {
  std::vector<DEVPROPKEY> keys;
  for (const Row& row : kDeviceRows)
    if (device_property(tree, device, *row.key)) keys.push_back(*row.key);
  return keys;
}

std::optional<PropertyValue> interface_property(const Device& device,
                                                const DeviceInterface& interface,
                                                const DEVPROPKEY& key) {
  if (same_key(key, DEVPKEY_DeviceInterface_FriendlyName) || same_key(key, DEVPKEY_NAME))
    return string_value(device.description);
  if (same_key(key, DEVPKEY_DeviceInterface_Enabled)) return boolean_value(true);
  if (same_key(key, DEVPKEY_DeviceInterface_ClassGuid)) return guid_value(interface.class_guid);
  if (same_key(key, DEVPKEY_Device_InstanceId)) return string_value(device.instance_id);
  return std::nullopt;
}

std::vector<DEVPROPKEY> interface_property_keys(const Device& device,
                                                const DeviceInterface& interface) {
  std::vector<DEVPROPKEY> keys;
  for (const DEVPROPKEY* key :
       {&DEVPKEY_NAME, &DEVPKEY_DeviceInterface_FriendlyName, &DEVPKEY_DeviceInterface_Enabled,
        &DEVPKEY_DeviceInterface_ClassGuid, &DEVPKEY_Device_InstanceId})
    if (interface_property(device, interface, *key)) keys.push_back(*key);
  return keys;
}

NodeStatus node_status(const DeviceTree& tree, const Device* device) {
  // Every present node was enumerated by a kernel bus driver (DN_NT_ENUMERATOR); a started one
  // has its driver (or is a class device, which needs none).
  NodeStatus s{DN_NT_ENUMERATOR | DN_NT_DRIVER | DN_DRIVER_LOADED | DN_STARTED, 0};
  if (device == nullptr) return s;
  if (!device->started) {
    s.status = DN_NT_ENUMERATOR | DN_HAS_PROBLEM;
    s.problem = CM_PROB_FAILED_INSTALL;  // no driver bound: Windows' "drivers not installed"
  }
  for (const Device* d = device; d != nullptr; d = tree.parent_of(*d)) {
    if (is_usb_device(*d) && usb_port(*d)) {  // below a USB port: can be unplugged
      s.status |= DN_REMOVABLE;
      break;
    }
  }
  return s;
}

const DEVPROPKEY* registry_property_key(ULONG cm_drp) noexcept {
  switch (cm_drp) {
    case CM_DRP_DEVICEDESC: return &DEVPKEY_Device_DeviceDesc;
    case CM_DRP_HARDWAREID: return &DEVPKEY_Device_HardwareIds;
    case CM_DRP_COMPATIBLEIDS: return &DEVPKEY_Device_CompatibleIds;
    case CM_DRP_SERVICE: return &DEVPKEY_Device_Service;
    case CM_DRP_CLASS: return &DEVPKEY_Device_Class;
    case CM_DRP_CLASSGUID: return &DEVPKEY_Device_ClassGuid;
    case CM_DRP_DRIVER: return &DEVPKEY_Device_Driver;
    case CM_DRP_CONFIGFLAGS: return &DEVPKEY_Device_ConfigFlags;
    case CM_DRP_MFG: return &DEVPKEY_Device_Manufacturer;
    case CM_DRP_FRIENDLYNAME: return &DEVPKEY_Device_FriendlyName;
    case CM_DRP_LOCATION_INFORMATION: return &DEVPKEY_Device_LocationInfo;
    case CM_DRP_PHYSICAL_DEVICE_OBJECT_NAME: return &DEVPKEY_Device_PDOName;
    case CM_DRP_CAPABILITIES: return &DEVPKEY_Device_Capabilities;
    case CM_DRP_UI_NUMBER: return &DEVPKEY_Device_UINumber;
    case CM_DRP_UPPERFILTERS: return &DEVPKEY_Device_UpperFilters;
    case CM_DRP_LOWERFILTERS: return &DEVPKEY_Device_LowerFilters;
    case CM_DRP_BUSTYPEGUID: return &DEVPKEY_Device_BusTypeGuid;
    case CM_DRP_LEGACYBUSTYPE: return &DEVPKEY_Device_LegacyBusType;
    case CM_DRP_BUSNUMBER: return &DEVPKEY_Device_BusNumber;
    case CM_DRP_ENUMERATOR_NAME: return &DEVPKEY_Device_EnumeratorName;
    case CM_DRP_SECURITY: return &DEVPKEY_Device_Security;
    case CM_DRP_SECURITY_SDS: return &DEVPKEY_Device_SecuritySDS;
    case CM_DRP_DEVTYPE: return &DEVPKEY_Device_DevType;
    case CM_DRP_EXCLUSIVE: return &DEVPKEY_Device_Exclusive;
    case CM_DRP_CHARACTERISTICS: return &DEVPKEY_Device_Characteristics;
    case CM_DRP_ADDRESS: return &DEVPKEY_Device_Address;
    case CM_DRP_UI_NUMBER_DESC_FORMAT: return &DEVPKEY_Device_UINumberDescFormat;
    case CM_DRP_DEVICE_POWER_DATA: return &DEVPKEY_Device_PowerData;
    case CM_DRP_REMOVAL_POLICY: return &DEVPKEY_Device_RemovalPolicy;
    case CM_DRP_REMOVAL_POLICY_HW_DEFAULT: return &DEVPKEY_Device_RemovalPolicyDefault;
    case CM_DRP_REMOVAL_POLICY_OVERRIDE: return &DEVPKEY_Device_RemovalPolicyOverride;
    case CM_DRP_INSTALL_STATE: return &DEVPKEY_Device_InstallState;
    case CM_DRP_LOCATION_PATHS: return &DEVPKEY_Device_LocationPaths;
    case CM_DRP_BASE_CONTAINERID: return &DEVPKEY_Device_BaseContainerId;
    default: return nullptr;
  }
}

RegistryValue registry_value(ULONG cm_drp, const PropertyValue& value, bool ansi) {
  RegistryValue out;
  const DEVPROPTYPE type = value.type;
  std::vector<std::string> strings;  // UTF-8, for the string types
  if (type == DEVPROP_TYPE_GUID) {
    GUID g;
    std::memcpy(&g, value.bytes.data(), sizeof g);
    if (cm_drp == CM_DRP_BUSTYPEGUID) return {REG_BINARY, value.bytes};
    strings.push_back(to_guid(g).to_string());
  } else if (type == DEVPROP_TYPE_STRING || type == DEVPROP_TYPE_STRING_LIST) {
    const auto* text = reinterpret_cast<const wchar_t*>(value.bytes.data());
    const std::size_t count = value.bytes.size() / sizeof(wchar_t);
    for (std::size_t i = 0; i < count && text[i] != L'\0'; i += std::wcslen(text + i) + 1) {
      std::string s;
      (void)utf8_from_wide(text + i, s);
      strings.push_back(std::move(s));
    }
  } else if (type == DEVPROP_TYPE_UINT32) {
    return {REG_DWORD, value.bytes};
  } else {
    return {REG_BINARY, value.bytes};
  }
  const bool multi = type == DEVPROP_TYPE_STRING_LIST;
  out.reg_type = multi ? REG_MULTI_SZ : REG_SZ;
  if (ansi) {
    const std::size_t n = multi ? multi_length<char>(strings) : strings.front().size() + 1;
    out.bytes.resize(n);
    auto* p = reinterpret_cast<char*>(out.bytes.data());
    if (multi) {
      write_multi(strings, p);
    } else {
      std::memcpy(p, strings.front().c_str(), n);
    }
  } else if (multi) {
    out.bytes.resize(multi_length<wchar_t>(strings) * sizeof(wchar_t));
    write_multi(strings, reinterpret_cast<wchar_t*>(out.bytes.data()));
  } else {
    out.bytes.resize((wide_length(strings.front()) + 1) * sizeof(wchar_t));
    *write_wide(strings.front(), reinterpret_cast<wchar_t*>(out.bytes.data())) = L'\0';
  }
  return out;
}

const SetupClassName* setup_class_name(const GUID& guid) noexcept {
  static const std::vector<SetupClassName> names = setup_class_names();
  for (const SetupClassName& n : names)
    if (std::memcmp(&n.guid, &guid, sizeof(GUID)) == 0) return &n;
  return nullptr;
}

std::vector<SetupClassName> setup_class_names() {
  namespace sc = setup_class;
  const std::pair<Guid, std::pair<const char*, const char*>> table[] = {
      {sc::usb, {"USB", "Universal Serial Bus controllers"}},
      {sc::hid, {"HIDClass", "Human Interface Devices"}},
      {sc::disk_drive, {"DiskDrive", "Disk drives"}},
      {sc::display, {"Display", "Display adapters"}},
      {sc::keyboard, {"Keyboard", "Keyboards"}},
      {sc::media, {"MEDIA", "Sound, video and game controllers"}},
      {sc::mouse, {"Mouse", "Mice and other pointing devices"}},
      {sc::net, {"Net", "Network adapters"}},
      {sc::ports, {"Ports", "Ports (COM & LPT)"}},
      {sc::system, {"System", "System devices"}},
      {sc::volume, {"Volume", "Storage volumes"}},
      {sc::cdrom, {"CDROM", "DVD/CD-ROM drives"}},
      {sc::floppy_disk, {"FloppyDisk", "Floppy disk drives"}},
      {sc::monitor, {"Monitor", "Monitors"}},
      {sc::tape_drive, {"TapeDrive", "Tape drives"}},
      {sc::bluetooth, {"Bluetooth", "Bluetooth"}},
      {sc::battery, {"Battery", "Batteries"}},
      {sc::camera, {"Camera", "Cameras"}},
      {sc::image, {"Image", "Imaging devices"}},
      {sc::smartcard_reader, {"SmartCardReader", "Smart card readers"}},
  };
  std::vector<SetupClassName> out;
  for (const auto& [guid, names] : table)
    out.push_back({to_win_guid(guid), names.first, names.second});
  return out;
}

}  // namespace cmnotify::win32
