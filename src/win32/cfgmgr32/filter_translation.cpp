#include "win32/cfgmgr32/filter_translation.hpp"

#include <cstring>
#include <string>

#include "common/instance_id.hpp"
#include "win32/support/guid_convert.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

bool is_zero(const GUID& guid) noexcept {
  static constexpr GUID kZero{};
  return std::memcmp(&guid, &kZero, sizeof(GUID)) == 0;
}

Cr translate_interface(const CM_NOTIFY_FILTER& filter, engine::FilterSpec& spec) {
  if ((filter.Flags & CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES) != 0) return Cr::invalid_flag;
  const GUID& guid = filter.u.DeviceInterface.ClassGuid;
  spec.type = FilterType::device_interface;
  if ((filter.Flags & CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES) != 0) {
    if (!is_zero(guid)) return Cr::invalid_data;
    spec.all = true;
    return Cr::success;
  }
  if (is_zero(guid)) return Cr::invalid_data;
  spec.class_guid = to_guid(guid);
  return Cr::success;
}

Cr translate_handle(const CM_NOTIFY_FILTER& filter, engine::FilterSpec& spec) {
  if (filter.Flags != 0) return Cr::invalid_flag;
  const int fd = cmnotify_fd_from_handle(filter.u.DeviceHandle.hTarget);
  if (fd < 0) return Cr::invalid_data;  // NULL, INVALID_HANDLE_VALUE, not a descriptor
  spec.type = FilterType::device_handle;
  spec.native_handle = fd;  // the source resolves it to its device now; the caller may close it
  return Cr::success;
}

Cr translate_instance(const CM_NOTIFY_FILTER& filter, engine::FilterSpec& spec) {
  if ((filter.Flags & CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES) != 0) return Cr::invalid_flag;
  const WCHAR* id = filter.u.DeviceInstance.InstanceId;
  const auto length = bounded_length(id, MAX_DEVICE_ID_LEN);
  if (!length) return Cr::invalid_data;  // not NUL-terminated within the array
  spec.type = FilterType::device_instance;
  if ((filter.Flags & CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES) != 0) {
    if (*length != 0) return Cr::invalid_data;
    spec.all = true;
    return Cr::success;
  }
  if (*length == 0) return Cr::invalid_data;
  std::string utf8;
  if (!utf8_from_wide(std::wstring_view(id, *length), utf8)) return Cr::invalid_device_id;
  if (!detail::is_valid_instance_id(utf8)) return Cr::invalid_device_id;
  spec.instance_id = std::move(utf8);
  return Cr::success;
}

}  // namespace

Cr translate_filter(const CM_NOTIFY_FILTER& filter, engine::FilterSpec& spec) {
  if ((filter.Flags & ~CM_NOTIFY_FILTER_VALID_FLAGS) != 0) return Cr::invalid_flag;
  if (filter.Flags == CM_NOTIFY_FILTER_VALID_FLAGS) return Cr::invalid_flag;  // never both
  if (filter.Reserved != 0) return Cr::invalid_data;
  // Read the type as an integer: a caller may have stored any value in the enum's storage.
  DWORD type = 0;
  static_assert(sizeof(filter.FilterType) == sizeof(type));
  std::memcpy(&type, &filter.FilterType, sizeof(type));
  switch (type) {
    case CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE: return translate_interface(filter, spec);
    case CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE: return translate_handle(filter, spec);
    case CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE: return translate_instance(filter, spec);
    default: return Cr::invalid_data;
  }
}

}  // namespace cmnotify::win32
