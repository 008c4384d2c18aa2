// Setup classes by GUID and by name: SetupDiGetClassDescription and SetupDiClassGuidsFromName,
// over the class names of the property model (support/device_properties.hpp).
#include <setupapi.h>

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "common/instance_id.hpp"
#include "win32/setupapi/device_info_set.hpp"
#include "win32/support/device_properties.hpp"
#include "win32/support/device_query.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

template <typename Char>
DWORD class_description(const GUID* guid, Char* buffer, DWORD size, PDWORD required) {
  if (guid == nullptr) return ERROR_INVALID_PARAMETER;
  if (buffer == nullptr && size != 0) return ERROR_INVALID_USER_BUFFER;
  const SetupClassName* c = setup_class_name(*guid);
  if (c == nullptr)
    return ERROR_INVALID_CLASS;  // Windows 10 (Wine's tests; Windows 7 said NOT_FOUND)
  std::basic_string<Char> text;
  if constexpr (std::is_same_v<Char, wchar_t>) {
    text = wide_from_utf8(c->description);
  } else {
    text = c->description;
  }
  if (required != nullptr) *required = static_cast<DWORD>(text.size() + 1);
  if (size < text.size() + 1) return ERROR_INSUFFICIENT_BUFFER;
  std::memcpy(buffer, text.c_str(), (text.size() + 1) * sizeof(Char));
  return ERROR_SUCCESS;
}

template <typename Char>
DWORD guids_from_name(const Char* name_arg, LPGUID list, DWORD size, PDWORD required) {
  if (name_arg == nullptr || required == nullptr) return ERROR_INVALID_PARAMETER;
  if (list == nullptr && size != 0) return ERROR_INVALID_USER_BUFFER;
  std::string name;
  if (read_arg(name_arg, MAX_CLASS_NAME_LEN, name) != ArgError::none)
    return ERROR_INVALID_PARAMETER;
  std::vector<GUID> found;
  for (const SetupClassName& c : setup_class_names())
    if (detail::iequals(c.name, name)) found.push_back(c.guid);
  *required = static_cast<DWORD>(found.size());
  if (size < found.size()) return ERROR_INSUFFICIENT_BUFFER;
  if (!found.empty()) std::memcpy(list, found.data(), found.size() * sizeof(GUID));
  return ERROR_SUCCESS;
}

}  // namespace
}  // namespace cmnotify::win32

namespace win32 = cmnotify::win32;

extern "C" {

BOOL WINAPI SetupDiGetClassDescriptionW(const GUID* ClassGuid, PWSTR ClassDescription,
                                        DWORD ClassDescriptionSize, PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::class_description(ClassGuid, ClassDescription, ClassDescriptionSize,
                                    RequiredSize);
  });
}

BOOL WINAPI SetupDiGetClassDescriptionA(const GUID* ClassGuid, PSTR ClassDescription,
                                        DWORD ClassDescriptionSize, PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::class_description(ClassGuid, ClassDescription, ClassDescriptionSize,
                                    RequiredSize);
  });
}

BOOL WINAPI SetupDiClassGuidsFromNameW(PCWSTR ClassName, LPGUID ClassGuidList,
                                       DWORD ClassGuidListSize, PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::guids_from_name(ClassName, ClassGuidList, ClassGuidListSize, RequiredSize);
  });
}

BOOL WINAPI SetupDiClassGuidsFromNameA(PCSTR ClassName, LPGUID ClassGuidList,
                                       DWORD ClassGuidListSize, PDWORD RequiredSize) {
  return win32::win32_result([&] {
    return win32::guids_from_name(ClassName, ClassGuidList, ClassGuidListSize, RequiredSize);
  });
}

}  // extern "C"
