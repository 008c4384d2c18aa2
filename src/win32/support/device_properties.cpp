#include "win32/support/device_properties.hpp"

#include <devpkey.h>

#include <cstring>
#include <cwchar>
#include <type_traits>
#include <variant>

#include "model/device_properties.hpp"
#include "win32/support/device_query.hpp"
#include "win32/support/guid_convert.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

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

Value uint32_value(ULONG n) { return fixed_value(DEVPROP_TYPE_UINT32, n); }

Value boolean_value(bool b) {
  return fixed_value(DEVPROP_TYPE_BOOLEAN, b ? DEVPROP_TRUE : DEVPROP_FALSE);
}

// The model's value as Windows returns it: the alternative says the DEVPROPTYPE.
Value windows_value(const std::optional<DevicePropertyValue>& value) {
  if (!value) return std::nullopt;
  return std::visit(
      [](const auto& v) -> Value {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return string_value(v);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return string_list_value(v);
        } else if constexpr (std::is_same_v<T, Guid>) {
          return guid_value(v);
        } else if constexpr (std::is_same_v<T, std::uint32_t>) {
          return uint32_value(v);
        } else {
          return boolean_value(v);
        }
      },
      *value);
}

static_assert(model::kProblemFailedInstall == CM_PROB_FAILED_INSTALL);

// ---- The keys: one row per DEVPROPKEY this library answers, in the order key lists give ----

using P = DeviceProperty;
struct Row {
  const DEVPROPKEY* key;
  P property;
};

const Row kDeviceRows[] = {
    {&DEVPKEY_NAME, P::description},
    {&DEVPKEY_Device_DeviceDesc, P::description},
    {&DEVPKEY_Device_HardwareIds, P::hardware_ids},
    {&DEVPKEY_Device_CompatibleIds, P::compatible_ids},
    {&DEVPKEY_Device_Service, P::driver},
    {&DEVPKEY_Device_Class, P::class_name},
    {&DEVPKEY_Device_ClassGuid, P::class_guid},
    {&DEVPKEY_Device_Driver, P::driver_key},
    {&DEVPKEY_Device_Manufacturer, P::manufacturer},
    {&DEVPKEY_Device_FriendlyName, P::friendly_name},
    {&DEVPKEY_Device_LocationInfo, P::location_info},
    {&DEVPKEY_Device_PDOName, P::physical_object_name},
    {&DEVPKEY_Device_BusNumber, P::bus_number},
    {&DEVPKEY_Device_EnumeratorName, P::enumerator},
    {&DEVPKEY_Device_Address, P::address},
    {&DEVPKEY_Device_LocationPaths, P::location_paths},
    {&DEVPKEY_Device_InstanceId, P::instance_id},
    {&DEVPKEY_Device_Parent, P::parent},
    {&DEVPKEY_Device_Children, P::children},
    {&DEVPKEY_Device_Siblings, P::siblings},
    {&DEVPKEY_Device_ContainerId, P::container_id},
    {&DEVPKEY_Device_BusReportedDeviceDesc, P::bus_reported_description},
    {&DEVPKEY_Device_DevNodeStatus, P::started},  // composed by node_status, not read
    {&DEVPKEY_Device_ProblemCode, P::problem_code},
    {&DEVPKEY_Device_IsPresent, P::is_present},
    {&DEVPKEY_Device_HasProblem, P::has_problem},
    {&DEVPKEY_Cmnotify_LinuxDevnode, P::devnode},
    {&DEVPKEY_Cmnotify_LinuxSyspath, P::syspath},
    {&DEVPKEY_Cmnotify_LinuxSubsystem, P::subsystem},
};

}  // namespace

bool same_key(const DEVPROPKEY& a, const DEVPROPKEY& b) noexcept {
  return a.pid == b.pid && std::memcmp(&a.fmtid, &b.fmtid, sizeof(GUID)) == 0;
}

const DeviceProperty* property_of_key(const DEVPROPKEY& key) noexcept {
  if (same_key(key, DEVPKEY_Device_DevNodeStatus)) return nullptr;
  for (const Row& row : kDeviceRows)
    if (same_key(*row.key, key)) return &row.property;
  return nullptr;
}

std::optional<PropertyValue> device_property(const DeviceTree& tree, const Device* device,
                                             const DEVPROPKEY& key) {
  if (same_key(key, DEVPKEY_Device_DevNodeStatus))
    return uint32_value(node_status(tree, device).status);
  const DeviceProperty* property = property_of_key(key);
  if (property == nullptr) return std::nullopt;
  return windows_value(model::property_of(tree, device, *property));
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
  const model::NodeState state = model::node_state(tree, device);
  NodeStatus s{DN_NT_ENUMERATOR | DN_NT_DRIVER | DN_DRIVER_LOADED | DN_STARTED, state.problem};
  if (!state.started) s.status = DN_NT_ENUMERATOR;
  if (state.problem != 0) s.status |= DN_HAS_PROBLEM;
  if (state.removable) s.status |= DN_REMOVABLE;
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
  std::vector<SetupClassName> out;
  for (const model::SetupClass& c : model::setup_classes())
    out.push_back({to_win_guid(c.guid), c.name, c.description});
  return out;
}

}  // namespace cmnotify::win32
