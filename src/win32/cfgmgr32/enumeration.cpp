// Enumeration: device interface lists, device ID lists, CM_Locate_DevNode, CM_Get_Device_ID,
// CM_Get_Parent. Every answer comes from the engine's present devices, the map that also feeds
// notifications. W variants speak WCHAR (UTF-32), A variants UTF-8; both share one template.
#include <cfgmgr32.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"
#include "engine/filter_spec.hpp"
#include "win32/support/configret.hpp"
#include "win32/support/device_properties.hpp"
#include "win32/support/device_query.hpp"
#include "win32/support/devinst_table.hpp"
#include "win32/support/guid_convert.hpp"

namespace cmnotify::win32 {
namespace {

using detail::iequals;

// Writes a multi-string if it fits. On CR_BUFFER_SMALL the W variants leave an empty list in the
// buffer and the A variants leave it untouched, as Windows does (docs/win32-api.md).
template <typename Char>
CONFIGRET deliver_multi(const std::vector<std::string>& entries, Char* buffer, ULONG length) {
  if (multi_length<Char>(entries) > length) {
    if constexpr (std::is_same_v<Char, wchar_t>) buffer[0] = L'\0';
    return CR_BUFFER_SMALL;
  }
  write_multi(entries, buffer);
  return CR_SUCCESS;
}

template <typename Char>
CONFIGRET deliver_size(const std::vector<std::string>& entries, PULONG length) {
  const std::size_t n = multi_length<Char>(entries);
  if (n > ULONG_MAX) return CR_FAILURE;
  *length = static_cast<ULONG>(n);
  return CR_SUCCESS;
}

// ---- Device interface lists ----

template <typename Char>
Cr interface_entries(const GUID* interface_class, const Char* device_id, ULONG flags,
                     std::vector<std::string>& out) {
  // Windows: a NULL class is CR_FAILURE, and a device ID that names no device node (malformed
  // or absent) CR_INVALID_DEVNODE (Wine's cfgmgr32.c, test_CM_Get_Device_Interface_List[_Size]).
  if (interface_class == nullptr) return Cr::failure;
  if ((flags & ~CM_GET_DEVICE_INTERFACE_LIST_BITS) != 0) return Cr::invalid_flag;
  std::string id;
  bool by_device = false;
  if (read_instance_id_arg(device_id, id, by_device) != Cr::success) return Cr::invalid_devnode;
  if (by_device && !is_locatable_instance_id(id)) return Cr::invalid_devnode;
  std::vector<DevicePtr> devices;
  if (Cr cr = present_devices(devices); cr != Cr::success) return cr;
  engine::FilterSpec wanted;  // a DEVICEINTERFACE filter of the class, as for a notification
  wanted.type = FilterType::device_interface;
  wanted.class_guid = to_guid(*interface_class);
  auto collect = [&](const Device& device) {
    for (const DeviceInterface& i : device.interfaces)
      if (engine::selects(wanted, i)) out.push_back(i.symbolic_link);
  };
  // ALL_DEVICES also lists interfaces of devices that are not present; the device map holds
  // only present devices, so both flags give the same list.
  if (by_device) {
    const Device* device = find_device(devices, id);
    if (device == nullptr) return Cr::invalid_devnode;
    collect(*device);
  } else {
    for (const DevicePtr& d : devices) collect(*d);
  }
  return Cr::success;
}

template <typename Char>
CONFIGRET interface_list_size(PULONG length, LPGUID interface_class, const Char* device_id,
                              ULONG flags) {
  if (length == nullptr) return CR_INVALID_POINTER;
  *length = 0;
  return guarded([&] {
    std::vector<std::string> entries;
    const Cr cr = interface_entries(interface_class, device_id, flags, entries);
    if (cr != Cr::success) return to_configret(cr);
    return deliver_size<Char>(entries, length);
  });
}

template <typename Char>
CONFIGRET interface_list(LPGUID interface_class, const Char* device_id, Char* buffer, ULONG length,
                         ULONG flags) {
  if (buffer == nullptr || length == 0) return CR_INVALID_POINTER;
  return guarded([&] {
    std::vector<std::string> entries;
    const Cr cr = interface_entries(interface_class, device_id, flags, entries);
    if (cr != Cr::success) return to_configret(cr);
    return deliver_multi(entries, buffer, length);
  });
}

// ---- Device ID lists ----

constexpr ULONG kFilterKinds =
    CM_GETIDLIST_FILTER_ENUMERATOR | CM_GETIDLIST_FILTER_SERVICE |
    CM_GETIDLIST_FILTER_EJECTRELATIONS | CM_GETIDLIST_FILTER_REMOVALRELATIONS |
    CM_GETIDLIST_FILTER_POWERRELATIONS | CM_GETIDLIST_FILTER_BUSRELATIONS |
    CM_GETIDLIST_FILTER_TRANSPORTRELATIONS | CM_GETIDLIST_FILTER_CLASS;
constexpr ULONG kRelationKinds =
    CM_GETIDLIST_FILTER_BUSRELATIONS | CM_GETIDLIST_FILTER_EJECTRELATIONS |
    CM_GETIDLIST_FILTER_REMOVALRELATIONS | CM_GETIDLIST_FILTER_POWERRELATIONS;
constexpr ULONG kUnimplementedKinds = CM_GETIDLIST_FILTER_TRANSPORTRELATIONS;
constexpr std::size_t kMaxFilterLength = 1024;

// Every device below `instance_id`, depth first, children in instance-ID order.
void descendants(const DeviceTree& tree, std::string_view instance_id,
                 std::vector<std::string>& out) {
  std::vector<const Device*> stack = tree.children_of(instance_id);
  std::reverse(stack.begin(), stack.end());
  while (!stack.empty() && out.size() < tree.devices().size()) {
    const Device* d = stack.back();
    stack.pop_back();
    out.push_back(d->instance_id);
    auto children = tree.children_of(d->instance_id);
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
}

template <typename Char>
Cr id_entries(const Char* filter_arg, ULONG flags, std::vector<std::string>& out) {
  if ((flags & ~CM_GETIDLIST_FILTER_BITS) != 0) return Cr::invalid_flag;
  const ULONG kind = flags & kFilterKinds;
  if (std::popcount(kind) > 1) return Cr::invalid_flag;
  if ((kind & kUnimplementedKinds) != 0) return Cr::call_not_implemented;
  std::string filter;
  if (kind != 0) {
    if (filter_arg == nullptr) return Cr::invalid_pointer;
    if (read_arg(filter_arg, kMaxFilterLength, filter) != ArgError::none) return Cr::invalid_data;
    // An empty enumerator names no value Windows knows: CR_NO_SUCH_VALUE (observed, issue 11).
    if (filter.empty())
      return kind == CM_GETIDLIST_FILTER_ENUMERATOR ? Cr::no_such_value : Cr::invalid_data;
  }
  std::optional<Guid> setup_class;
  if (kind == CM_GETIDLIST_FILTER_CLASS) {
    setup_class = Guid::parse(filter);
    if (!setup_class) return Cr::invalid_data;
  }
  std::vector<DevicePtr> devices;
  if (Cr cr = present_devices(devices); cr != Cr::success) return cr;
  if ((kind & kRelationKinds) != 0) {
    if (!is_locatable_instance_id(filter)) return Cr::invalid_device_id;
    if (!iequals(filter, kRootInstanceId) && find_device(devices, filter) == nullptr)
      return Cr::no_such_devnode;
  }
  // Linux removes (and ejects) a device together with everything below it, so those relations
  // are its descendants; it knows no power dependency outside the tree, so power relations are
  // empty.
  if (kind == CM_GETIDLIST_FILTER_REMOVALRELATIONS || kind == CM_GETIDLIST_FILTER_EJECTRELATIONS) {
    descendants(DeviceTree(std::move(devices)), filter, out);
    return Cr::success;
  }
  if (kind == CM_GETIDLIST_FILTER_POWERRELATIONS) return Cr::success;
  auto matches = [&](const Device& d) {
    switch (kind) {
      case CM_GETIDLIST_FILTER_ENUMERATOR: return under_enumerator(d.instance_id, filter);
      case CM_GETIDLIST_FILTER_SERVICE: return !d.driver.empty() && iequals(d.driver, filter);
      case CM_GETIDLIST_FILTER_BUSRELATIONS:
        return d.parent_instance_id.empty() ? iequals(filter, kRootInstanceId)
                                            : iequals(d.parent_instance_id, filter);
      case CM_GETIDLIST_FILTER_CLASS: return d.setup_class == *setup_class;
      default: return true;
    }
  };
  // The root device node is a node too: listed unfiltered and under its enumerator.
  if (kind == 0 ||
      (kind == CM_GETIDLIST_FILTER_ENUMERATOR && under_enumerator(kRootInstanceId, filter)))
    out.emplace_back(kRootInstanceId);
  for (const DevicePtr& d : devices)
    if (matches(*d)) out.push_back(d->instance_id);
  return Cr::success;
}

template <typename Char>
CONFIGRET id_list_size(PULONG length, const Char* filter, ULONG flags) {
  if (length == nullptr) return CR_INVALID_POINTER;
  *length = 0;
  return guarded([&] {
    std::vector<std::string> entries;
    const Cr cr = id_entries(filter, flags, entries);
    if (cr != Cr::success) return to_configret(cr);
    return deliver_size<Char>(entries, length);
  });
}

template <typename Char>
CONFIGRET id_list(const Char* filter, Char* buffer, ULONG length, ULONG flags) {
  if (buffer == nullptr || length == 0) return CR_INVALID_POINTER;
  return guarded([&] {
    std::vector<std::string> entries;
    const Cr cr = id_entries(filter, flags, entries);
    if (cr != Cr::success) return to_configret(cr);
    return deliver_multi(entries, buffer, length);
  });
}

// ---- Device nodes ----

template <typename Char>
CONFIGRET locate(PDEVINST devinst, const Char* device_id, ULONG flags) {
  if (devinst == nullptr) return CR_INVALID_POINTER;
  *devinst = 0;
  if ((flags & ~CM_LOCATE_DEVNODE_BITS) != 0) return CR_INVALID_FLAG;
  return guarded([&] {
    DevinstTable& table = DevinstTable::instance();
    std::string id;
    bool given = false;
    if (Cr cr = read_instance_id_arg(device_id, id, given); cr != Cr::success)
      return to_configret(cr);
    if (!given || iequals(id, kRootInstanceId)) {
      *devinst = table.root();
      return CR_SUCCESS;
    }
    if (!is_locatable_instance_id(id)) return CR_INVALID_DEVICE_ID;
    DeviceTree tree;
    if (Cr cr = DeviceTree::present(tree); cr != Cr::success) return to_configret(cr);
    if (const Device* device = tree.find(id)) {
      *devinst = table.devinst_of(device->instance_id);
      return CR_SUCCESS;
    }
    // A device that is gone keeps its node for PHANTOM / NOVALIDATION callers, if it had one.
    if ((flags & (CM_LOCATE_DEVNODE_PHANTOM | CM_LOCATE_DEVNODE_NOVALIDATION)) != 0) {
      if (auto known = table.find(id)) {
        *devinst = *known;
        return CR_SUCCESS;
      }
    }
    return CR_NO_SUCH_DEVNODE;
  });
}

// Copies the ID with its NUL when there is room for both; otherwise as many characters as fit,
// no NUL, and CR_BUFFER_SMALL.
template <typename Char>
CONFIGRET get_device_id(DEVINST devinst, Char* buffer, ULONG length, ULONG flags) {
  if (buffer == nullptr) return CR_INVALID_POINTER;
  if (flags != 0) return CR_INVALID_FLAG;
  return guarded([&] {
    const auto id = DevinstTable::instance().instance_id_of(devinst);
    if (!id) return CR_INVALID_DEVNODE;
    std::basic_string<Char> text;
    if constexpr (std::is_same_v<Char, wchar_t>) {
      text = wide_from_utf8(*id);
    } else {
      text = *id;
    }
    if (length > text.size()) {
      std::memcpy(buffer, text.c_str(), (text.size() + 1) * sizeof(Char));
      return CR_SUCCESS;
    }
    std::memcpy(buffer, text.data(), length * sizeof(Char));
    return CR_BUFFER_SMALL;
  });
}

CONFIGRET get_device_id_size(PULONG length, DEVINST devinst, ULONG flags) {
  if (length == nullptr) return CR_INVALID_POINTER;
  *length = 0;
  if (flags != 0) return CR_INVALID_FLAG;
  return guarded([&] {
    const auto id = DevinstTable::instance().instance_id_of(devinst);
    if (!id) return CR_INVALID_DEVNODE;
    *length = static_cast<ULONG>(wide_length(*id));
    return CR_SUCCESS;
  });
}

CONFIGRET get_parent(PDEVINST parent, DEVINST devinst, ULONG flags) {
  if (parent == nullptr) return CR_INVALID_POINTER;
  *parent = 0;
  if (flags != 0) return CR_INVALID_FLAG;
  return guarded([&] {
    DevinstTable& table = DevinstTable::instance();
    const auto id = table.instance_id_of(devinst);
    if (!id) return CR_INVALID_DEVNODE;
    if (devinst == table.root()) return CR_NO_SUCH_DEVNODE;  // the root has no parent
    DeviceTree tree;
    if (Cr cr = DeviceTree::present(tree); cr != Cr::success) return to_configret(cr);
    const Device* device = tree.find(*id);
    if (device == nullptr) return CR_NO_SUCH_DEVNODE;
    *parent = device->parent_instance_id.empty() ? table.root()
                                                 : table.devinst_of(device->parent_instance_id);
    return CR_SUCCESS;
  });
}

// The first child of a node, or the sibling after it: both walk the parent's children.
CONFIGRET relative(PDEVINST out, DEVINST devinst, ULONG flags, bool child) {
  if (out == nullptr) return CR_INVALID_POINTER;
  *out = 0;
  if (flags != 0) return CR_INVALID_FLAG;
  return guarded([&] {
    DevinstTable& table = DevinstTable::instance();
    const auto id = table.instance_id_of(devinst);
    if (!id) return CR_INVALID_DEVNODE;
    DeviceTree tree;
    if (Cr cr = DeviceTree::present(tree); cr != Cr::success) return to_configret(cr);
    const bool root = devinst == table.root();
    const Device* device = root ? nullptr : tree.find(*id);
    if (!root && device == nullptr) return CR_NO_SUCH_DEVNODE;
    if (child) {
      const auto& children = tree.children_of(*id);
      if (children.empty()) return CR_NO_SUCH_DEVNODE;
      *out = table.devinst_of(children.front()->instance_id);
      return CR_SUCCESS;
    }
    if (root) return CR_NO_SUCH_DEVNODE;  // the root has no siblings
    const Device* next = tree.next_sibling(*device);
    if (next == nullptr) return CR_NO_SUCH_DEVNODE;
    *out = table.devinst_of(next->instance_id);
    return CR_SUCCESS;
  });
}

CONFIGRET enumerate_class(ULONG index, LPGUID guid, ULONG flags) {
  if (guid == nullptr) return CR_INVALID_POINTER;
  if ((flags & ~CM_ENUMERATE_CLASSES_BITS) != 0) return CR_INVALID_FLAG;
  return guarded([&] {
    std::vector<GUID> classes;
    if (flags == CM_ENUMERATE_CLASSES_INTERFACE) {
      // The named classes, then those of present devices (the subsystems' classes), sorted.
      std::vector<Guid> found;
      for (const NamedInterfaceClass& c : named_interface_classes()) found.push_back(c.guid);
      const std::size_t named = found.size();
      std::vector<DevicePtr> devices;
      if (Cr cr = present_devices(devices); cr != Cr::success) return to_configret(cr);
      for (const DevicePtr& d : devices)
        for (const DeviceInterface& i : d->interfaces)
          if (std::find(found.begin(), found.end(), i.class_guid) == found.end())
            found.push_back(i.class_guid);
      std::sort(found.begin() + static_cast<std::ptrdiff_t>(named), found.end(),
                [](const Guid& a, const Guid& b) { return a.to_string() < b.to_string(); });
      for (const Guid& g : found) classes.push_back(to_win_guid(g));
    } else {
      for (const SetupClassName& c : setup_class_names()) classes.push_back(c.guid);
    }
    if (index >= classes.size()) return CR_NO_SUCH_VALUE;
    *guid = classes[index];
    return CR_SUCCESS;
  });
}

template <typename Char>
CONFIGRET enumerate_enumerator(ULONG index, Char* buffer, PULONG length, ULONG flags) {
  if (buffer == nullptr || length == nullptr) return CR_INVALID_POINTER;
  if (flags != 0) return CR_INVALID_FLAG;
  // A zero-length buffer is CR_INVALID_DATA on Windows, not a size query (Wine's cfgmgr32.c,
  // test_CM_Enumerate_Enumerators).
  if (*length == 0) return CR_INVALID_DATA;
  return guarded([&] {
    std::vector<DevicePtr> devices;
    if (Cr cr = present_devices(devices); cr != Cr::success) return to_configret(cr);
    std::vector<std::string> names;
    for (const DevicePtr& d : devices) {
      std::string name = detail::to_upper_ascii(detail::enumerator_of(d->instance_id));
      if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    if (index >= names.size()) return CR_NO_SUCH_VALUE;
    std::basic_string<Char> text;
    if constexpr (std::is_same_v<Char, wchar_t>) {
      text = wide_from_utf8(names[index]);
    } else {
      text = names[index];
    }
    const auto needed = static_cast<ULONG>(text.size() + 1);
    if (*length < needed) {
      *length = needed;
      return CR_BUFFER_SMALL;
    }
    std::memcpy(buffer, text.c_str(), needed * sizeof(Char));
    *length = needed;
    return CR_SUCCESS;
  });
}

}  // namespace
}  // namespace cmnotify::win32

namespace win32 = cmnotify::win32;

extern "C" {

CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeW(PULONG pulLen, LPGUID InterfaceClassGuid,
                                                    DEVINSTID_W pDeviceID, ULONG ulFlags) {
  return win32::interface_list_size(pulLen, InterfaceClassGuid, pDeviceID, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeA(PULONG pulLen, LPGUID InterfaceClassGuid,
                                                    DEVINSTID_A pDeviceID, ULONG ulFlags) {
  return win32::interface_list_size(pulLen, InterfaceClassGuid, pDeviceID, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_Interface_ListW(LPGUID InterfaceClassGuid, DEVINSTID_W pDeviceID,
                                               PZZWSTR Buffer, ULONG BufferLen, ULONG ulFlags) {
  return win32::interface_list(InterfaceClassGuid, pDeviceID, Buffer, BufferLen, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_Interface_ListA(LPGUID InterfaceClassGuid, DEVINSTID_A pDeviceID,
                                               PZZSTR Buffer, ULONG BufferLen, ULONG ulFlags) {
  return win32::interface_list(InterfaceClassGuid, pDeviceID, Buffer, BufferLen, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_ID_List_SizeW(PULONG pulLen, PCWSTR pszFilter, ULONG ulFlags) {
  return win32::id_list_size(pulLen, pszFilter, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_ID_List_SizeA(PULONG pulLen, PCSTR pszFilter, ULONG ulFlags) {
  return win32::id_list_size(pulLen, pszFilter, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_ID_ListW(PCWSTR pszFilter, PZZWSTR Buffer, ULONG BufferLen,
                                        ULONG ulFlags) {
  return win32::id_list(pszFilter, Buffer, BufferLen, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_ID_ListA(PCSTR pszFilter, PZZSTR Buffer, ULONG BufferLen,
                                        ULONG ulFlags) {
  return win32::id_list(pszFilter, Buffer, BufferLen, ulFlags);
}

CONFIGRET WINAPI CM_Locate_DevNodeW(PDEVINST pdnDevInst, DEVINSTID_W pDeviceID, ULONG ulFlags) {
  return win32::locate(pdnDevInst, pDeviceID, ulFlags);
}

CONFIGRET WINAPI CM_Locate_DevNodeA(PDEVINST pdnDevInst, DEVINSTID_A pDeviceID, ULONG ulFlags) {
  return win32::locate(pdnDevInst, pDeviceID, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_IDW(DEVINST dnDevInst, PWSTR Buffer, ULONG BufferLen,
                                   ULONG ulFlags) {
  return win32::get_device_id(dnDevInst, Buffer, BufferLen, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_IDA(DEVINST dnDevInst, PSTR Buffer, ULONG BufferLen, ULONG ulFlags) {
  return win32::get_device_id(dnDevInst, Buffer, BufferLen, ulFlags);
}

CONFIGRET WINAPI CM_Get_Device_ID_Size(PULONG pulLen, DEVINST dnDevInst, ULONG ulFlags) {
  return win32::get_device_id_size(pulLen, dnDevInst, ulFlags);
}

CONFIGRET WINAPI CM_Get_Parent(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags) {
  return win32::get_parent(pdnDevInst, dnDevInst, ulFlags);
}

CONFIGRET WINAPI CM_Get_Child(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags) {
  return win32::relative(pdnDevInst, dnDevInst, ulFlags, true);
}

CONFIGRET WINAPI CM_Get_Sibling(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags) {
  return win32::relative(pdnDevInst, dnDevInst, ulFlags, false);
}

CONFIGRET WINAPI CM_Enumerate_Classes(ULONG ulClassIndex, LPGUID ClassGuid, ULONG ulFlags) {
  return win32::enumerate_class(ulClassIndex, ClassGuid, ulFlags);
}

CONFIGRET WINAPI CM_Enumerate_EnumeratorsW(ULONG ulEnumIndex, PWSTR Buffer, PULONG pulLength,
                                           ULONG ulFlags) {
  return win32::enumerate_enumerator(ulEnumIndex, Buffer, pulLength, ulFlags);
}

CONFIGRET WINAPI CM_Enumerate_EnumeratorsA(ULONG ulEnumIndex, PSTR Buffer, PULONG pulLength,
                                           ULONG ulFlags) {
  return win32::enumerate_enumerator(ulEnumIndex, Buffer, pulLength, ulFlags);
}

}  // extern "C"
