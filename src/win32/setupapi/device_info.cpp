// SetupDi functions over device information sets: creating and filling sets from the device map,
// walking their devices and interfaces, and the interface detail, instance ID and property
// queries. Every entry point validates first and reports failures through SetLastError with the
// codes Windows uses (Wine's dlls/setupapi/tests/devinst.c); docs/win32-api.md ("SetupAPI").
#include <setupapi.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "common/instance_id.hpp"
#include "engine/filter_spec.hpp"
#include "win32/setupapi/device_info_set.hpp"
#include "win32/support/device_properties.hpp"
#include "win32/support/device_query.hpp"
#include "win32/support/guid_convert.hpp"

namespace cmnotify::win32 {
namespace {

constexpr DWORD kClassDevsFlags =
    DIGCF_DEFAULT | DIGCF_PRESENT | DIGCF_ALLCLASSES | DIGCF_PROFILE | DIGCF_DEVICEINTERFACE;
constexpr std::size_t kMaxPath = 1024;

DWORD error_from_cr(Cr cr) {
  return cr == Cr::out_of_memory ? ERROR_NOT_ENOUGH_MEMORY : ERROR_GEN_FAILURE;
}

bool same_guid(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Reads an optional string argument (NULL and "" are "none").
template <typename Char>
DWORD read_optional(const Char* s, std::string& out, bool& given) {
  given = false;
  if (s == nullptr) return ERROR_SUCCESS;
  if (read_arg(s, kMaxPath, out) != ArgError::none) return ERROR_INVALID_PARAMETER;
  given = !out.empty();
  return ERROR_SUCCESS;
}

// ---- Filling sets ----

// Whether a device belongs in a set that SetupDiGetClassDevs is filling.
bool wanted(const Device& d, const GUID* class_guid, DWORD flags, const std::string& enumerator,
            bool by_enumerator) {
  if (by_enumerator && !under_enumerator(d.instance_id, enumerator)) return false;
  if ((flags & DIGCF_ALLCLASSES) != 0) return true;
  if ((flags & DIGCF_DEVICEINTERFACE) != 0) {
    engine::FilterSpec spec;  // a DEVICEINTERFACE filter, as for a notification
    spec.type = FilterType::device_interface;
    spec.class_guid = to_guid(*class_guid);
    return std::any_of(d.interfaces.begin(), d.interfaces.end(),
                       [&](const DeviceInterface& i) { return engine::selects(spec, i); });
  }
  return to_win_guid(d.setup_class) == *class_guid;
}

template <typename Char>
HDEVINFO get_class_devs(const GUID* class_guid, const Char* enumerator_arg, DWORD flags,
                        HDEVINFO existing, const Char* machine, PVOID reserved) {
  DeviceInfoSetPtr set;
  HDEVINFO handle = INVALID_HANDLE_VALUE;
  const BOOL ok = win32_result([&]() -> DWORD {
    if (reserved != nullptr) return ERROR_INVALID_PARAMETER;
    if ((flags & ~kClassDevsFlags) != 0) return ERROR_INVALID_FLAGS;
    if (class_guid == nullptr && (flags & DIGCF_ALLCLASSES) == 0) return ERROR_INVALID_PARAMETER;
    std::string machine_name, enumerator;
    bool remote = false, by_enumerator = false;
    if (read_optional(machine, machine_name, remote) != ERROR_SUCCESS || remote)
      return ERROR_INVALID_MACHINENAME;
    if (DWORD e = read_optional(enumerator_arg, enumerator, by_enumerator); e != ERROR_SUCCESS)
      return e;
    if (existing != nullptr && existing != INVALID_HANDLE_VALUE) {
      set = find_set(existing);
      if (set == nullptr) return ERROR_INVALID_HANDLE;
    }
    std::vector<DevicePtr> devices;
    if (Cr cr = present_devices(devices); cr != Cr::success) return error_from_cr(cr);
    if (by_enumerator && std::none_of(devices.begin(), devices.end(), [&](const DevicePtr& d) {
          return under_enumerator(d->instance_id, enumerator);
        })) {
      // A set of devices reads the enumerator's key under ...\Enum: Windows fails only for one it
      // has no key for (never had), ERROR_INVALID_DATA; one it knows with nothing present gives
      // an empty set. A set of interfaces takes a device's instance ID there (documented): one
      // not present is ERROR_INVALID_DATA.
      bool known = false;
      if ((flags & DIGCF_DEVICEINTERFACE) == 0)
        if (Cr cr = known_enumerator(enumerator, known); cr != Cr::success)
          return error_from_cr(cr);
      if (!known) return ERROR_INVALID_DATA;
    }
    std::sort(devices.begin(), devices.end(), [](const DevicePtr& a, const DevicePtr& b) {
      return detail::iless(a->instance_id, b->instance_id);
    });
    const bool new_set = set == nullptr;
    if (new_set) {
      // A set of one setup class when that is what was asked for.
      std::optional<GUID> setup_class;
      if (class_guid != nullptr && (flags & (DIGCF_ALLCLASSES | DIGCF_DEVICEINTERFACE)) == 0)
        setup_class = *class_guid;
      set = std::make_shared<DeviceInfoSet>(setup_class);
    }
    for (const DevicePtr& d : devices)
      if (wanted(*d, class_guid, flags, enumerator, by_enumerator)) set->add(*d);
    handle = new_set ? register_set(set) : existing;
    return ERROR_SUCCESS;
  });
  return ok ? handle : INVALID_HANDLE_VALUE;
}

// ---- Looking things up in a set ----

DWORD find_member(const DeviceInfoSet& set, const SP_DEVINFO_DATA* data, SetMember& out) {
  // A device passed in with a wrong cbSize is ERROR_INVALID_PARAMETER, like a missing one (Wine's
  // devinst.c, test_get_device_instance_id); only an output's cbSize is a user-buffer error.
  if (data == nullptr || data->cbSize != sizeof(SP_DEVINFO_DATA)) return ERROR_INVALID_PARAMETER;
  const auto index = member_of_cookie(data->Reserved);
  auto member = index ? set.member(*index) : std::nullopt;
  if (!member || member->devinst != data->DevInst) return ERROR_INVALID_PARAMETER;
  out = std::move(*member);
  return ERROR_SUCCESS;
}

void describe_member(const SetMember& m, std::size_t index, SP_DEVINFO_DATA& out) {
  out.ClassGuid = m.setup_class;
  out.DevInst = m.devinst;
  out.Reserved = member_cookie(index);
}

struct FoundInterface {
  SetMember member;
  std::size_t member_index = 0;
  DeviceInterface interface;
};

DWORD find_interface(const DeviceInfoSet& set, const SP_DEVICE_INTERFACE_DATA* data,
                     FoundInterface& out) {
  if (data == nullptr) return ERROR_INVALID_PARAMETER;
  if (data->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA)) return ERROR_INVALID_USER_BUFFER;
  const auto member_index = member_of_cookie(data->Reserved);
  const auto interface_index = interface_of_cookie(data->Reserved);
  auto member = member_index ? set.member(*member_index) : std::nullopt;
  if (!member || !interface_index || *interface_index >= member->interfaces.size())
    return ERROR_INVALID_PARAMETER;
  out.interface = member->interfaces[*interface_index];
  out.member_index = *member_index;
  out.member = std::move(*member);
  return ERROR_SUCCESS;
}

void describe_interface(const DeviceInterface& i, std::size_t member, std::size_t index,
                        SP_DEVICE_INTERFACE_DATA& out) {
  out.InterfaceClassGuid = to_win_guid(i.class_guid);
  out.Flags = SPINT_ACTIVE;
  out.Reserved = interface_cookie(member, index);
}

// The present device of a member (the set is a snapshot: it may be gone).
DWORD present_member(const SetMember& m, DeviceTree& tree, const Device*& device) {
  if (Cr cr = DeviceTree::present(tree); cr != Cr::success) return error_from_cr(cr);
  device = tree.find(m.instance_id);
  return device != nullptr ? ERROR_SUCCESS : ERROR_NO_SUCH_DEVINST;
}

// Copies `bytes` when `size` is enough; the size needed goes to `required` either way.
DWORD deliver(const std::vector<std::byte>& bytes, PBYTE buffer, DWORD size, PDWORD required) {
  if (required != nullptr) *required = static_cast<DWORD>(bytes.size());
  if (size < bytes.size()) return ERROR_INSUFFICIENT_BUFFER;
  if (!bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
  return ERROR_SUCCESS;
}

template <typename Char>
std::basic_string<Char> text_of(const std::string& utf8) {
  if constexpr (std::is_same_v<Char, wchar_t>) {
    return wide_from_utf8(utf8);
  } else {
    return utf8;
  }
}

// ---- The functions ----

DWORD enum_device_info(HDEVINFO handle, DWORD index, PSP_DEVINFO_DATA data) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  if (data == nullptr) return ERROR_INVALID_PARAMETER;
  if (data->cbSize != sizeof(SP_DEVINFO_DATA)) return ERROR_INVALID_USER_BUFFER;
  const auto member = set->member(index);
  if (!member) return ERROR_NO_MORE_ITEMS;
  describe_member(*member, index, *data);
  return ERROR_SUCCESS;
}

DWORD enum_interfaces(HDEVINFO handle, PSP_DEVINFO_DATA device, const GUID* class_guid, DWORD index,
                      PSP_DEVICE_INTERFACE_DATA data) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  if (class_guid == nullptr || data == nullptr) return ERROR_INVALID_PARAMETER;
  if (data->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA)) return ERROR_INVALID_USER_BUFFER;
  std::optional<std::size_t> only;
  if (device != nullptr) {
    SetMember m;
    if (DWORD e = find_member(*set, device, m); e != ERROR_SUCCESS) return e;
    only = member_of_cookie(device->Reserved);
  }
  engine::FilterSpec spec;
  spec.type = FilterType::device_interface;
  spec.class_guid = to_guid(*class_guid);
  DWORD seen = 0;
  const auto members = set->members();
  for (std::size_t m = 0; m < members.size(); ++m) {
    if (only && *only != m) continue;
    for (std::size_t i = 0; i < members[m].interfaces.size(); ++i) {
      if (!engine::selects(spec, members[m].interfaces[i])) continue;
      if (seen++ == index) {
        describe_interface(members[m].interfaces[i], m, i, *data);
        return ERROR_SUCCESS;
      }
    }
  }
  return ERROR_NO_MORE_ITEMS;
}

template <typename Detail>
DWORD interface_detail(HDEVINFO handle, PSP_DEVICE_INTERFACE_DATA interface_data, Detail* detail,
                       DWORD size, PDWORD required, PSP_DEVINFO_DATA device_out) {
  using Char = std::remove_extent_t<decltype(Detail::DevicePath)>;
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  FoundInterface found;
  if (DWORD e = find_interface(*set, interface_data, found); e != ERROR_SUCCESS) return e;
  if (detail == nullptr && size != 0) return ERROR_INVALID_USER_BUFFER;
  // A buffer too small to hold cbSize cannot have the right one; it is not read (found by
  // fuzz_setupdi_detail: reading it went past a 2-byte buffer).
  if (detail != nullptr && size < sizeof(detail->cbSize)) return ERROR_INVALID_USER_BUFFER;
  if (detail != nullptr && detail->cbSize != sizeof(Detail)) return ERROR_INVALID_USER_BUFFER;
  if (device_out != nullptr && device_out->cbSize != sizeof(SP_DEVINFO_DATA))
    return ERROR_INVALID_USER_BUFFER;
  const std::basic_string<Char> path = text_of<Char>(found.interface.symbolic_link);
  const auto needed =
      static_cast<DWORD>(offsetof(Detail, DevicePath) + (path.size() + 1) * sizeof(Char));
  if (required != nullptr) *required = needed;
  // The device is described even when the detail does not fit (as Windows does).
  if (device_out != nullptr) describe_member(found.member, found.member_index, *device_out);
  if (detail == nullptr || size < needed) return ERROR_INSUFFICIENT_BUFFER;
  std::memcpy(detail->DevicePath, path.c_str(), (path.size() + 1) * sizeof(Char));
  return ERROR_SUCCESS;
}

template <typename Char>
DWORD instance_id(HDEVINFO handle, PSP_DEVINFO_DATA data, Char* buffer, DWORD size,
                  PDWORD required) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  SetMember m;
  if (DWORD e = find_member(*set, data, m); e != ERROR_SUCCESS) return e;
  if (buffer == nullptr && size != 0) return ERROR_INVALID_USER_BUFFER;
  DeviceTree tree;
  const Device* device = nullptr;
  if (DWORD e = present_member(m, tree, device); e != ERROR_SUCCESS) return e;
  const std::basic_string<Char> id = text_of<Char>(device->instance_id);
  if (required != nullptr) *required = static_cast<DWORD>(id.size() + 1);
  if (size < id.size() + 1) return ERROR_INSUFFICIENT_BUFFER;
  std::memcpy(buffer, id.c_str(), (id.size() + 1) * sizeof(Char));
  return ERROR_SUCCESS;
}

DWORD registry_property(HDEVINFO handle, PSP_DEVINFO_DATA data, DWORD property, PDWORD reg_type,
                        PBYTE buffer, DWORD size, PDWORD required, bool ansi) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  SetMember m;
  if (DWORD e = find_member(*set, data, m); e != ERROR_SUCCESS) return e;
  if (property >= SPDRP_MAXIMUM_PROPERTY) return ERROR_INVALID_REG_PROPERTY;
  const ULONG cm_drp = property + 1;  // SPDRP_* is CM_DRP_* - 1
  const DEVPROPKEY* key = registry_property_key(cm_drp);
  if (key == nullptr) return ERROR_INVALID_REG_PROPERTY;
  if (buffer == nullptr && size != 0) return ERROR_INVALID_USER_BUFFER;
  DeviceTree tree;
  const Device* device = nullptr;
  if (DWORD e = present_member(m, tree, device); e != ERROR_SUCCESS) return e;
  const auto value = device_property(tree, device, *key);
  if (!value) return ERROR_INVALID_DATA;
  const RegistryValue reg = registry_value(cm_drp, *value, ansi);
  if (reg_type != nullptr) *reg_type = reg.reg_type;
  return deliver(reg.bytes, buffer, size, required);
}

// The checks SetupDiGetDeviceProperty and SetupDiGetDeviceInterfaceProperty share.
DWORD check_property_args(const DEVPROPKEY* key, DEVPROPTYPE* type, PBYTE buffer, DWORD size,
                          DWORD flags) {
  if (key == nullptr) return ERROR_INVALID_DATA;
  if (type == nullptr) return ERROR_INVALID_USER_BUFFER;
  if (buffer == nullptr && size != 0) return ERROR_INVALID_USER_BUFFER;
  if (flags != 0) return ERROR_INVALID_FLAGS;
  return ERROR_SUCCESS;
}

DWORD deliver_property(const std::optional<PropertyValue>& value, DEVPROPTYPE* type, PBYTE buffer,
                       DWORD size, PDWORD required) {
  if (!value) {
    *type = DEVPROP_TYPE_EMPTY;
    if (required != nullptr) *required = 0;
    return ERROR_NOT_FOUND;
  }
  *type = value->type;
  return deliver(value->bytes, buffer, size, required);
}

DWORD device_property_of(HDEVINFO handle, PSP_DEVINFO_DATA data, const DEVPROPKEY* key,
                         DEVPROPTYPE* type, PBYTE buffer, DWORD size, PDWORD required,
                         DWORD flags) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  SetMember m;
  if (DWORD e = find_member(*set, data, m); e != ERROR_SUCCESS) return e;
  if (DWORD e = check_property_args(key, type, buffer, size, flags); e != ERROR_SUCCESS) return e;
  DeviceTree tree;
  const Device* device = nullptr;
  if (DWORD e = present_member(m, tree, device); e != ERROR_SUCCESS) return e;
  return deliver_property(device_property(tree, device, *key), type, buffer, size, required);
}

// The keys SetupDiGetDevicePropertyW answers for a member: CM_Get_DevNode_Property_Keys' list.
DWORD device_property_keys_of(HDEVINFO handle, PSP_DEVINFO_DATA data, DEVPROPKEY* keys, DWORD count,
                              PDWORD required, DWORD flags) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  SetMember m;
  if (DWORD e = find_member(*set, data, m); e != ERROR_SUCCESS) return e;
  if (keys == nullptr && count != 0) return ERROR_INVALID_USER_BUFFER;
  if (flags != 0) return ERROR_INVALID_FLAGS;
  DeviceTree tree;
  const Device* device = nullptr;
  if (DWORD e = present_member(m, tree, device); e != ERROR_SUCCESS) return e;
  const std::vector<DEVPROPKEY> all = device_property_keys(tree, device);
  if (required != nullptr) *required = static_cast<DWORD>(all.size());
  if (count < all.size()) return ERROR_INSUFFICIENT_BUFFER;
  std::copy(all.begin(), all.end(), keys);
  return ERROR_SUCCESS;
}

// Windows keeps a device's hardware key (DIREG_DEV) and its driver's software key (DIREG_DRV) in
// the registry, written by the driver's INF. Linux has neither a registry nor INF-written keys,
// and this library reads no registry (no RegQueryValueEx), so a present device has no such key:
// ERROR_KEY_DOES_NOT_EXIST, Windows' answer for a device without one (Wine's devinst.c). The
// checks before it are Windows' too.
DWORD open_dev_reg_key(HDEVINFO handle, PSP_DEVINFO_DATA data, DWORD scope, DWORD key_type) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  SetMember m;
  if (DWORD e = find_member(*set, data, m); e != ERROR_SUCCESS) return e;
  if (scope != DICS_FLAG_GLOBAL && scope != DICS_FLAG_CONFIGSPECIFIC) return ERROR_INVALID_FLAGS;
  if (key_type != DIREG_DEV && key_type != DIREG_DRV) return ERROR_INVALID_FLAGS;
  DeviceTree tree;
  const Device* device = nullptr;
  if (DWORD e = present_member(m, tree, device); e != ERROR_SUCCESS) return e;
  return ERROR_KEY_DOES_NOT_EXIST;
}

DWORD interface_property_of(HDEVINFO handle, PSP_DEVICE_INTERFACE_DATA data, const DEVPROPKEY* key,
                            DEVPROPTYPE* type, PBYTE buffer, DWORD size, PDWORD required,
                            DWORD flags) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  FoundInterface found;
  if (DWORD e = find_interface(*set, data, found); e != ERROR_SUCCESS) return e;
  if (DWORD e = check_property_args(key, type, buffer, size, flags); e != ERROR_SUCCESS) return e;
  DeviceTree tree;
  const Device* device = nullptr;
  if (DWORD e = present_member(found.member, tree, device); e != ERROR_SUCCESS) return e;
  return deliver_property(interface_property(*device, found.interface, *key), type, buffer, size,
                          required);
}

template <typename Char>
DWORD open_device_info(HDEVINFO handle, const Char* id_arg, DWORD flags, PSP_DEVINFO_DATA out) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  if (id_arg == nullptr) return ERROR_INVALID_PARAMETER;
  if ((flags & ~(DIOD_INHERIT_CLASSDRVS | DIOD_CANCEL_REMOVE)) != 0) return ERROR_INVALID_FLAGS;
  std::string id;
  if (read_arg(id_arg, MAX_DEVICE_ID_LEN, id) != ArgError::none || !is_locatable_instance_id(id))
    return ERROR_INVALID_DEVINST_NAME;
  std::vector<DevicePtr> devices;
  if (Cr cr = present_devices(devices); cr != Cr::success) return error_from_cr(cr);
  const Device* device = find_device(devices, id);
  if (device == nullptr) return ERROR_NO_SUCH_DEVINST;
  if (set->setup_class() && !same_guid(*set->setup_class(), to_win_guid(device->setup_class)))
    return ERROR_CLASS_MISMATCH;
  // Windows adds the device before it looks at the output's cbSize (Wine's devinst.c,
  // test_open_device_info): a wrong one fails with the device in the set.
  const std::size_t index = set->add(*device);
  if (out == nullptr) return ERROR_SUCCESS;
  if (out->cbSize != sizeof(SP_DEVINFO_DATA)) return ERROR_INVALID_USER_BUFFER;
  describe_member(*set->member(index), index, *out);
  return ERROR_SUCCESS;
}

template <typename Char>
DWORD open_device_interface(HDEVINFO handle, const Char* path_arg, DWORD flags,
                            PSP_DEVICE_INTERFACE_DATA out) {
  const DeviceInfoSetPtr set = find_set(handle);
  if (set == nullptr) return ERROR_INVALID_HANDLE;
  if (path_arg == nullptr) return ERROR_INVALID_PARAMETER;
  if ((flags & ~DIODI_NO_ADD) != 0) return ERROR_INVALID_FLAGS;
  if (out != nullptr && out->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA))
    return ERROR_INVALID_USER_BUFFER;
  std::string path;
  if (read_arg(path_arg, kMaxPath, path) != ArgError::none) return ERROR_NO_SUCH_DEVICE_INTERFACE;
  std::vector<DevicePtr> devices;
  if (Cr cr = present_devices(devices); cr != Cr::success) return error_from_cr(cr);
  for (const DevicePtr& d : devices) {
    for (const DeviceInterface& i : d->interfaces) {
      if (!same_instance_id(i.symbolic_link, path)) continue;
      // The device joins the set even with DIODI_NO_ADD: the data returned names a member.
      const std::size_t member = set->add(*d);
      const auto m = set->member(member);
      for (std::size_t k = 0; m && k < m->interfaces.size(); ++k) {
        if (!same_instance_id(m->interfaces[k].symbolic_link, path)) continue;
        if (out != nullptr) describe_interface(m->interfaces[k], member, k, *out);
        return ERROR_SUCCESS;
      }
      return ERROR_NO_SUCH_DEVICE_INTERFACE;
    }
  }
  return ERROR_NO_SUCH_DEVICE_INTERFACE;
}

}  // namespace
}  // namespace cmnotify::win32

namespace win32 = cmnotify::win32;

extern "C" {

HDEVINFO WINAPI SetupDiCreateDeviceInfoList(const GUID* ClassGuid, HWND) {
  HDEVINFO handle = INVALID_HANDLE_VALUE;
  const BOOL ok = win32::win32_result([&]() -> DWORD {
    std::optional<GUID> setup_class;
    if (ClassGuid != nullptr) setup_class = *ClassGuid;
    handle = win32::register_set(std::make_shared<win32::DeviceInfoSet>(setup_class));
    return ERROR_SUCCESS;
  });
  return ok ? handle : INVALID_HANDLE_VALUE;
}

HDEVINFO WINAPI SetupDiGetClassDevsW(const GUID* ClassGuid, PCWSTR Enumerator, HWND, DWORD Flags) {
  return win32::get_class_devs<wchar_t>(ClassGuid, Enumerator, Flags, nullptr, nullptr, nullptr);
}

HDEVINFO WINAPI SetupDiGetClassDevsA(const GUID* ClassGuid, PCSTR Enumerator, HWND, DWORD Flags) {
  return win32::get_class_devs<char>(ClassGuid, Enumerator, Flags, nullptr, nullptr, nullptr);
}

HDEVINFO WINAPI SetupDiGetClassDevsExW(const GUID* ClassGuid, PCWSTR Enumerator, HWND, DWORD Flags,
                                       HDEVINFO DeviceInfoSet, PCWSTR MachineName, PVOID Reserved) {
  return win32::get_class_devs<wchar_t>(ClassGuid, Enumerator, Flags, DeviceInfoSet, MachineName,
                                        Reserved);
}

HDEVINFO WINAPI SetupDiGetClassDevsExA(const GUID* ClassGuid, PCSTR Enumerator, HWND, DWORD Flags,
                                       HDEVINFO DeviceInfoSet, PCSTR MachineName, PVOID Reserved) {
  return win32::get_class_devs<char>(ClassGuid, Enumerator, Flags, DeviceInfoSet, MachineName,
                                     Reserved);
}

BOOL WINAPI SetupDiDestroyDeviceInfoList(HDEVINFO DeviceInfoSet) {
  return win32::win32_result([&]() -> DWORD {
    return win32::destroy_set(DeviceInfoSet) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
  });
}

BOOL WINAPI SetupDiEnumDeviceInfo(HDEVINFO DeviceInfoSet, DWORD MemberIndex,
                                  PSP_DEVINFO_DATA DeviceInfoData) {
  return win32::win32_result(
      [&] { return win32::enum_device_info(DeviceInfoSet, MemberIndex, DeviceInfoData); });
}

BOOL WINAPI SetupDiEnumDeviceInterfaces(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                        const GUID* InterfaceClassGuid, DWORD MemberIndex,
                                        PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData) {
  return win32::win32_result([&] {
    return win32::enum_interfaces(DeviceInfoSet, DeviceInfoData, InterfaceClassGuid, MemberIndex,
                                  DeviceInterfaceData);
  });
}

BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(HDEVINFO DeviceInfoSet,
                                             PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             PSP_DEVICE_INTERFACE_DETAIL_DATA_W Detail,
                                             DWORD DetailSize, PDWORD RequiredSize,
                                             PSP_DEVINFO_DATA DeviceInfoData) {
  return win32::win32_result([&] {
    return win32::interface_detail(DeviceInfoSet, DeviceInterfaceData, Detail, DetailSize,
                                   RequiredSize, DeviceInfoData);
  });
}

BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(HDEVINFO DeviceInfoSet,
                                             PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             PSP_DEVICE_INTERFACE_DETAIL_DATA_A Detail,
                                             DWORD DetailSize, PDWORD RequiredSize,
                                             PSP_DEVINFO_DATA DeviceInfoData) {
  return win32::win32_result([&] {
    return win32::interface_detail(DeviceInfoSet, DeviceInterfaceData, Detail, DetailSize,
                                   RequiredSize, DeviceInfoData);
  });
}

HKEY WINAPI SetupDiOpenDevRegKey(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                 DWORD Scope, DWORD HwProfile, DWORD KeyType, REGSAM samDesired) {
  (void)HwProfile;   // only with DICS_FLAG_CONFIGSPECIFIC, and no key exists either way
  (void)samDesired;  // no key is opened
  (void)win32::win32_result(
      [&] { return win32::open_dev_reg_key(DeviceInfoSet, DeviceInfoData, Scope, KeyType); });
  return static_cast<HKEY>(INVALID_HANDLE_VALUE);
}

BOOL WINAPI SetupDiGetDevicePropertyKeys(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                         DEVPROPKEY* PropertyKeyArray, DWORD PropertyKeyCount,
                                         PDWORD RequiredPropertyKeyCount, DWORD Flags) {
  return win32::win32_result([&] {
    return win32::device_property_keys_of(DeviceInfoSet, DeviceInfoData, PropertyKeyArray,
                                          PropertyKeyCount, RequiredPropertyKeyCount, Flags);
  });
}

BOOL WINAPI SetupDiGetDeviceInstanceIdW(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                        PWSTR DeviceInstanceId, DWORD DeviceInstanceIdSize,
                                        PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::instance_id(DeviceInfoSet, DeviceInfoData, DeviceInstanceId, DeviceInstanceIdSize,
                              RequiredSize);
  });
}

BOOL WINAPI SetupDiGetDeviceInstanceIdA(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                        PSTR DeviceInstanceId, DWORD DeviceInstanceIdSize,
                                        PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::instance_id(DeviceInfoSet, DeviceInfoData, DeviceInstanceId, DeviceInstanceIdSize,
                              RequiredSize);
  });
}

BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet,
                                              PSP_DEVINFO_DATA DeviceInfoData, DWORD Property,
                                              PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
                                              DWORD PropertyBufferSize, PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::registry_property(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType,
                                    PropertyBuffer, PropertyBufferSize, RequiredSize, false);
  });
}

BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet,
                                              PSP_DEVINFO_DATA DeviceInfoData, DWORD Property,
                                              PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
                                              DWORD PropertyBufferSize, PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::registry_property(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType,
                                    PropertyBuffer, PropertyBufferSize, RequiredSize, true);
  });
}

BOOL WINAPI SetupDiGetDevicePropertyW(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                      const DEVPROPKEY* PropertyKey, DEVPROPTYPE* PropertyType,
                                      PBYTE PropertyBuffer, DWORD PropertyBufferSize,
                                      PDWORD RequiredSize, DWORD Flags) {
  return win32::win32_result([&] {
    return win32::device_property_of(DeviceInfoSet, DeviceInfoData, PropertyKey, PropertyType,
                                     PropertyBuffer, PropertyBufferSize, RequiredSize, Flags);
  });
}

BOOL WINAPI SetupDiGetDeviceInterfacePropertyW(HDEVINFO DeviceInfoSet,
                                               PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                               const DEVPROPKEY* PropertyKey,
                                               DEVPROPTYPE* PropertyType, PBYTE PropertyBuffer,
                                               DWORD PropertyBufferSize, PDWORD RequiredSize,
                                               DWORD Flags) {
  return win32::win32_result([&] {
    return win32::interface_property_of(DeviceInfoSet, DeviceInterfaceData, PropertyKey,
                                        PropertyType, PropertyBuffer, PropertyBufferSize,
                                        RequiredSize, Flags);
  });
}

BOOL WINAPI SetupDiOpenDeviceInfoW(HDEVINFO DeviceInfoSet, PCWSTR DeviceInstanceId, HWND,
                                   DWORD OpenFlags, PSP_DEVINFO_DATA DeviceInfoData) {
  return win32::win32_result([&] {
    return win32::open_device_info(DeviceInfoSet, DeviceInstanceId, OpenFlags, DeviceInfoData);
  });
}

BOOL WINAPI SetupDiOpenDeviceInfoA(HDEVINFO DeviceInfoSet, PCSTR DeviceInstanceId, HWND,
                                   DWORD OpenFlags, PSP_DEVINFO_DATA DeviceInfoData) {
  return win32::win32_result([&] {
    return win32::open_device_info(DeviceInfoSet, DeviceInstanceId, OpenFlags, DeviceInfoData);
  });
}

BOOL WINAPI SetupDiOpenDeviceInterfaceW(HDEVINFO DeviceInfoSet, PCWSTR DevicePath, DWORD OpenFlags,
                                        PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData) {
  return win32::win32_result([&] {
    return win32::open_device_interface(DeviceInfoSet, DevicePath, OpenFlags, DeviceInterfaceData);
  });
}

BOOL WINAPI SetupDiOpenDeviceInterfaceA(HDEVINFO DeviceInfoSet, PCSTR DevicePath, DWORD OpenFlags,
                                        PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData) {
  return win32::win32_result([&] {
    return win32::open_device_interface(DeviceInfoSet, DevicePath, OpenFlags, DeviceInterfaceData);
  });
}

}  // extern "C"
