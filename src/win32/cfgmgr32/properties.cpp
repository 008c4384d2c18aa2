// Properties of device nodes and device interfaces: CM_Get_DevNode_PropertyW and its key list,
// CM_Get_DevNode_Registry_Property, CM_Get_DevNode_Status, CM_Get_Device_Interface_PropertyW and
// its key list. The values come from the one property model (support/device_properties.hpp).
#include <cfgmgr32.h>
#include <devpkey.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/guid.hpp"
#include "win32/support/configret.hpp"
#include "win32/support/device_properties.hpp"
#include "win32/support/device_query.hpp"
#include "win32/support/devinst_table.hpp"

namespace cmnotify::win32 {
namespace {

// The node a DEVINST names: `device` is nullptr for the root.
struct Node {
  DeviceTree tree;
  const Device* device = nullptr;
};

// CR_INVALID_DEVNODE for a DEVINST never handed out, CR_NO_SUCH_DEVNODE for one whose device is
// gone.
CONFIGRET find_node(DEVINST devinst, Node& node) {
  DevinstTable& table = DevinstTable::instance();
  const auto id = table.instance_id_of(devinst);
  if (!id) return CR_INVALID_DEVNODE;
  if (Cr cr = DeviceTree::present(node.tree); cr != Cr::success) return to_configret(cr);
  if (devinst == table.root()) return CR_SUCCESS;
  node.device = node.tree.find(*id);
  return node.device != nullptr ? CR_SUCCESS : CR_NO_SUCH_DEVNODE;
}

// Copies `bytes` when *size is large enough; always reports the size needed.
CONFIGRET deliver_bytes(const std::vector<std::byte>& bytes, PBYTE buffer, PULONG size) {
  const auto needed = static_cast<ULONG>(bytes.size());
  if (*size < needed || buffer == nullptr) {
    *size = needed;
    return CR_BUFFER_SMALL;
  }
  if (needed != 0) std::memcpy(buffer, bytes.data(), needed);
  *size = needed;
  return CR_SUCCESS;
}

CONFIGRET deliver_property(const std::optional<PropertyValue>& value, DEVPROPTYPE* type,
                           PBYTE buffer, PULONG size) {
  if (!value) {
    *type = DEVPROP_TYPE_EMPTY;
    *size = 0;
    return CR_NO_SUCH_VALUE;
  }
  *type = value->type;
  return deliver_bytes(value->bytes, buffer, size);
}

CONFIGRET deliver_keys(const std::vector<DEVPROPKEY>& keys, DEVPROPKEY* out, PULONG count) {
  const auto needed = static_cast<ULONG>(keys.size());
  if (*count < needed || out == nullptr) {
    *count = needed;
    return CR_BUFFER_SMALL;
  }
  std::copy(keys.begin(), keys.end(), out);
  *count = needed;
  return CR_SUCCESS;
}

// Argument checks in the order Windows reports them (Wine's conformance tests).
CONFIGRET check_property_args(const DEVPROPKEY* key, DEVPROPTYPE* type, PBYTE buffer, PULONG size,
                              ULONG flags) {
  if (key == nullptr) return CR_FAILURE;
  if (type == nullptr || size == nullptr) return CR_INVALID_POINTER;
  if (buffer == nullptr && *size != 0) return CR_INVALID_POINTER;
  if (flags != 0) return CR_INVALID_FLAG;
  return CR_SUCCESS;
}

CONFIGRET get_property(DEVINST devinst, const DEVPROPKEY* key, DEVPROPTYPE* type, PBYTE buffer,
                       PULONG size, ULONG flags) {
  if (CONFIGRET cr = check_property_args(key, type, buffer, size, flags); cr != CR_SUCCESS)
    return cr;
  Node node;
  if (CONFIGRET cr = find_node(devinst, node); cr != CR_SUCCESS) return cr;
  return deliver_property(device_property(node.tree, node.device, *key), type, buffer, size);
}

CONFIGRET get_property_keys(DEVINST devinst, DEVPROPKEY* keys, PULONG count, ULONG flags) {
  if (count == nullptr) return CR_INVALID_POINTER;
  if (keys == nullptr && *count != 0) return CR_INVALID_POINTER;
  if (flags != 0) return CR_INVALID_FLAG;
  Node node;
  if (CONFIGRET cr = find_node(devinst, node); cr != CR_SUCCESS) return cr;
  return deliver_keys(device_property_keys(node.tree, node.device), keys, count);
}

CONFIGRET get_registry_property(DEVINST devinst, ULONG property, PULONG reg_type, PVOID buffer,
                                PULONG length, ULONG flags, bool ansi) {
  if (length == nullptr) return CR_INVALID_POINTER;
  if (buffer == nullptr && *length != 0) return CR_INVALID_POINTER;
  if (flags != 0) return CR_INVALID_FLAG;
  const DEVPROPKEY* key = registry_property_key(property);
  if (key == nullptr) return CR_INVALID_PROPERTY;
  Node node;
  if (CONFIGRET cr = find_node(devinst, node); cr != CR_SUCCESS) return cr;
  const auto value = device_property(node.tree, node.device, *key);
  if (!value) {
    *length = 0;
    return CR_NO_SUCH_VALUE;
  }
  const RegistryValue reg = registry_value(property, *value, ansi);
  if (reg_type != nullptr) *reg_type = reg.reg_type;
  return deliver_bytes(reg.bytes, static_cast<PBYTE>(buffer), length);
}

CONFIGRET get_status(PULONG status, PULONG problem, DEVINST devinst, ULONG flags) {
  if (status == nullptr || problem == nullptr) return CR_INVALID_POINTER;
  *status = 0;
  *problem = 0;
  if (flags != 0) return CR_INVALID_FLAG;
  Node node;
  if (CONFIGRET cr = find_node(devinst, node); cr != CR_SUCCESS) return cr;
  const NodeStatus s = node_status(node.tree, node.device);
  *status = s.status;
  *problem = s.problem;
  return CR_SUCCESS;
}

// The device and interface a symbolic link names (compared case-insensitively).
template <typename Char>
CONFIGRET find_interface(const Char* link_arg, std::vector<DevicePtr>& devices,
                         const Device*& device, const DeviceInterface*& interface) {
  if (link_arg == nullptr) return CR_INVALID_POINTER;
  std::string link;
  if (read_arg(link_arg, 1024, link) != ArgError::none || link.empty())
    return CR_NO_SUCH_DEVICE_INTERFACE;
  if (Cr cr = present_devices(devices); cr != Cr::success) return to_configret(cr);
  for (const DevicePtr& d : devices) {
    for (const DeviceInterface& i : d->interfaces) {
      if (same_instance_id(i.symbolic_link, link)) {
        device = d.get();
        interface = &i;
        return CR_SUCCESS;
      }
    }
  }
  return CR_NO_SUCH_DEVICE_INTERFACE;
}

// Whether a symbolic link has the shape Windows parses: "...#{interface class GUID}", then
// nothing or a "\\reference string".
bool has_link_shape(LPCWSTR link) {
  std::string text;
  if (read_arg(link, 1024, text) != ArgError::none) return false;
  const std::size_t brace = text.rfind("#{");
  if (brace == std::string::npos) return false;
  const std::string_view rest = std::string_view(text).substr(brace + 1);
  constexpr std::size_t kGuidText = 38;  // {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}
  if (rest.size() < kGuidText || !Guid::parse(rest.substr(0, kGuidText))) return false;
  return rest.size() == kGuidText || rest[kGuidText] == '\\';
}

CONFIGRET get_interface_property(LPCWSTR link, const DEVPROPKEY* key, DEVPROPTYPE* type,
                                 PBYTE buffer, PULONG size, ULONG flags) {
  if (link == nullptr) return CR_INVALID_POINTER;
  if (CONFIGRET cr = check_property_args(key, type, buffer, size, flags); cr != CR_SUCCESS)
    return cr;
  std::vector<DevicePtr> devices;
  const Device* device = nullptr;
  const DeviceInterface* interface = nullptr;
  if (CONFIGRET cr = find_interface(link, devices, device, interface); cr != CR_SUCCESS) {
    *size = 0;  // Windows reports no size for an unknown interface (Wine's cfgmgr32.c)
    return cr;
  }
  return deliver_property(interface_property(*device, *interface, *key), type, buffer, size);
}

CONFIGRET get_interface_property_keys(LPCWSTR link, DEVPROPKEY* keys, PULONG count, ULONG flags) {
  if (link == nullptr || count == nullptr) return CR_INVALID_POINTER;
  if (keys == nullptr && *count != 0) return CR_INVALID_POINTER;
  if (flags != 0) return CR_INVALID_FLAG;
  // A link without the "#{class GUID}" shape is CR_INVALID_DATA, a well-formed unknown one
  // CR_NO_SUCH_DEVICE_INTERFACE; the count is 0 either way (Wine's cfgmgr32.c,
  // test_CM_Get_Device_Interface_Property_Keys).
  if (!has_link_shape(link)) {
    *count = 0;
    return CR_INVALID_DATA;
  }
  std::vector<DevicePtr> devices;
  const Device* device = nullptr;
  const DeviceInterface* interface = nullptr;
  if (CONFIGRET cr = find_interface(link, devices, device, interface); cr != CR_SUCCESS) {
    *count = 0;
    return cr;
  }
  return deliver_keys(interface_property_keys(*device, *interface), keys, count);
}

}  // namespace
}  // namespace cmnotify::win32

namespace win32 = cmnotify::win32;

extern "C" {

CONFIGRET WINAPI CM_Get_DevNode_PropertyW(DEVINST dnDevInst, const DEVPROPKEY* PropertyKey,
                                          DEVPROPTYPE* PropertyType, PBYTE PropertyBuffer,
                                          PULONG PropertyBufferSize, ULONG ulFlags) {
  return win32::guarded([&] {
    return win32::get_property(dnDevInst, PropertyKey, PropertyType, PropertyBuffer,
                               PropertyBufferSize, ulFlags);
  });
}

CONFIGRET WINAPI CM_Get_DevNode_Property_Keys(DEVINST dnDevInst, DEVPROPKEY* PropertyKeyArray,
                                              PULONG PropertyKeyCount, ULONG ulFlags) {
  return win32::guarded([&] {
    return win32::get_property_keys(dnDevInst, PropertyKeyArray, PropertyKeyCount, ulFlags);
  });
}

CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyW(DEVINST dnDevInst, ULONG ulProperty,
                                                   PULONG pulRegDataType, PVOID Buffer,
                                                   PULONG pulLength, ULONG ulFlags) {
  return win32::guarded([&] {
    return win32::get_registry_property(dnDevInst, ulProperty, pulRegDataType, Buffer, pulLength,
                                        ulFlags, false);
  });
}

CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyA(DEVINST dnDevInst, ULONG ulProperty,
                                                   PULONG pulRegDataType, PVOID Buffer,
                                                   PULONG pulLength, ULONG ulFlags) {
  return win32::guarded([&] {
    return win32::get_registry_property(dnDevInst, ulProperty, pulRegDataType, Buffer, pulLength,
                                        ulFlags, true);
  });
}

CONFIGRET WINAPI CM_Get_DevNode_Status(PULONG pulStatus, PULONG pulProblemNumber, DEVINST dnDevInst,
                                       ULONG ulFlags) {
  return win32::guarded(
      [&] { return win32::get_status(pulStatus, pulProblemNumber, dnDevInst, ulFlags); });
}

CONFIGRET WINAPI CM_Get_Device_Interface_PropertyW(LPCWSTR pszDeviceInterface,
                                                   const DEVPROPKEY* PropertyKey,
                                                   DEVPROPTYPE* PropertyType, PBYTE PropertyBuffer,
                                                   PULONG PropertyBufferSize, ULONG ulFlags) {
  return win32::guarded([&] {
    return win32::get_interface_property(pszDeviceInterface, PropertyKey, PropertyType,
                                         PropertyBuffer, PropertyBufferSize, ulFlags);
  });
}

CONFIGRET WINAPI CM_Get_Device_Interface_Property_KeysW(LPCWSTR pszDeviceInterface,
                                                        DEVPROPKEY* PropertyKeyArray,
                                                        PULONG PropertyKeyCount, ULONG ulFlags) {
  return win32::guarded([&] {
    return win32::get_interface_property_keys(pszDeviceInterface, PropertyKeyArray,
                                              PropertyKeyCount, ulFlags);
  });
}

}  // extern "C"
