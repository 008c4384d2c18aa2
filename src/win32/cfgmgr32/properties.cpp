// CM_Get_DevNode_PropertyW: a device's Windows identity and, through cmnotify's own keys, its
// Linux identity.
#include <cfgmgr32.h>
#include <devpkey.h>

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "win32/cfgmgr32/device_query.hpp"
#include "win32/cfgmgr32/devinst_table.hpp"
#include "win32/support/configret.hpp"
#include "win32/support/guid_convert.hpp"

namespace cmnotify::win32 {
namespace {

struct PropertyValue {
  DEVPROPTYPE type = DEVPROP_TYPE_EMPTY;
  std::vector<std::byte> bytes;
};

bool same_key(const DEVPROPKEY& a, const DEVPROPKEY& b) noexcept {
  return a.pid == b.pid && std::memcmp(&a.fmtid, &b.fmtid, sizeof(GUID)) == 0;
}

// Empty strings count as "the device does not have this property".
std::optional<PropertyValue> string_value(const std::string& s) {
  if (s.empty()) return std::nullopt;
  PropertyValue v{DEVPROP_TYPE_STRING, {}};
  const std::size_t chars = wide_length(s) + 1;
  v.bytes.resize(chars * sizeof(wchar_t));
  *write_wide(s, reinterpret_cast<wchar_t*>(v.bytes.data())) = L'\0';
  return v;
}

std::optional<PropertyValue> string_list_value(const std::vector<std::string>& list) {
  if (list.empty()) return std::nullopt;
  PropertyValue v{DEVPROP_TYPE_STRING_LIST, {}};
  v.bytes.resize(multi_length<wchar_t>(list) * sizeof(wchar_t));
  write_multi(list, reinterpret_cast<wchar_t*>(v.bytes.data()));
  return v;
}

std::optional<PropertyValue> guid_value(const Guid& guid) {
  if (guid.is_null()) return std::nullopt;
  PropertyValue v{DEVPROP_TYPE_GUID, std::vector<std::byte>(sizeof(GUID))};
  const GUID win = to_win_guid(guid);
  std::memcpy(v.bytes.data(), &win, sizeof(GUID));
  return v;
}

// The property of a present device (nullptr: the root device node, which has only its ID).
std::optional<PropertyValue> property_of(const Device* device, const std::string& instance_id,
                                         const DEVPROPKEY& key) {
  if (same_key(key, DEVPKEY_Device_InstanceId)) return string_value(instance_id);
  if (device == nullptr) return std::nullopt;
  if (same_key(key, DEVPKEY_Device_HardwareIds)) return string_list_value(device->hardware_ids);
  if (same_key(key, DEVPKEY_Device_CompatibleIds)) return string_list_value(device->compatible_ids);
  if (same_key(key, DEVPKEY_Device_FriendlyName) || same_key(key, DEVPKEY_Device_DeviceDesc))
    return string_value(device->description);
  if (same_key(key, DEVPKEY_Device_ClassGuid)) return guid_value(device->setup_class);
  if (same_key(key, DEVPKEY_Device_Parent)) {
    return string_value(device->parent_instance_id.empty() ? std::string(kRootInstanceId)
                                                           : device->parent_instance_id);
  }
  if (same_key(key, DEVPKEY_Cmnotify_LinuxDevnode)) return string_value(device->devnode);
  if (same_key(key, DEVPKEY_Cmnotify_LinuxSyspath)) return string_value(device->syspath);
  if (same_key(key, DEVPKEY_Cmnotify_LinuxSubsystem)) return string_value(device->subsystem);
  return std::nullopt;
}

CONFIGRET get_property(DEVINST devinst, const DEVPROPKEY* key, DEVPROPTYPE* type, PBYTE buffer,
                       PULONG size, ULONG flags) {
  // Argument checks in the order Windows reports them (Wine's conformance tests).
  if (key == nullptr) return CR_FAILURE;
  if (type == nullptr || size == nullptr) return CR_INVALID_POINTER;
  if (buffer == nullptr && *size != 0) return CR_INVALID_POINTER;
  if (flags != 0) return CR_INVALID_FLAG;
  DevinstTable& table = DevinstTable::instance();
  const auto id = table.instance_id_of(devinst);
  if (!id) return CR_INVALID_DEVNODE;
  std::optional<PropertyValue> value;
  if (devinst == table.root()) {
    value = property_of(nullptr, *id, *key);
  } else {
    std::vector<DevicePtr> devices;
    if (Cr cr = present_devices(devices); cr != Cr::success) return to_configret(cr);
    const Device* device = find_device(devices, *id);
    if (device == nullptr) return CR_NO_SUCH_DEVNODE;
    value = property_of(device, device->instance_id, *key);
  }
  if (!value) {
    *type = DEVPROP_TYPE_EMPTY;
    *size = 0;
    return CR_NO_SUCH_VALUE;
  }
  const auto needed = static_cast<ULONG>(value->bytes.size());
  *type = value->type;
  if (*size < needed) {
    *size = needed;
    return CR_BUFFER_SMALL;
  }
  std::memcpy(buffer, value->bytes.data(), needed);
  *size = needed;
  return CR_SUCCESS;
}

}  // namespace
}  // namespace cmnotify::win32

extern "C" CONFIGRET WINAPI CM_Get_DevNode_PropertyW(DEVINST dnDevInst,
                                                     const DEVPROPKEY* PropertyKey,
                                                     DEVPROPTYPE* PropertyType,
                                                     PBYTE PropertyBuffer,
                                                     PULONG PropertyBufferSize, ULONG ulFlags) {
  return cmnotify::win32::guarded([&] {
    return cmnotify::win32::get_property(dnDevInst, PropertyKey, PropertyType, PropertyBuffer,
                                         PropertyBufferSize, ulFlags);
  });
}
