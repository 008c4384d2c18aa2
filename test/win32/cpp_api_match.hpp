// Test support: the C++ API's device_property() against the C API's CM_Get_DevNode_PropertyW and
// SetupDiGetDevicePropertyW for one device, key by key. The pairs are written out here, not taken
// from the library's own table, so a wrong row there shows.
#pragma once

#include <cfgmgr32.h>
#include <devpkey.h>
#include <setupapi.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cmnotify/device_properties.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify::testing {

struct KeyPair {
  const DEVPROPKEY* windows;
  DeviceProperty cpp;
};

inline const std::vector<KeyPair>& key_pairs() {
  using P = DeviceProperty;
  static const std::vector<KeyPair> pairs = {
      {&DEVPKEY_NAME, P::description},
      {&DEVPKEY_Device_DeviceDesc, P::description},
      {&DEVPKEY_Device_FriendlyName, P::friendly_name},
      {&DEVPKEY_Device_Manufacturer, P::manufacturer},
      {&DEVPKEY_Device_BusReportedDeviceDesc, P::bus_reported_description},
      {&DEVPKEY_Device_HardwareIds, P::hardware_ids},
      {&DEVPKEY_Device_CompatibleIds, P::compatible_ids},
      {&DEVPKEY_Device_Service, P::driver},
      {&DEVPKEY_Device_Driver, P::driver_key},
      {&DEVPKEY_Device_Class, P::class_name},
      {&DEVPKEY_Device_ClassGuid, P::class_guid},
      {&DEVPKEY_Device_EnumeratorName, P::enumerator},
      {&DEVPKEY_Device_LocationInfo, P::location_info},
      {&DEVPKEY_Device_LocationPaths, P::location_paths},
      {&DEVPKEY_Device_BusNumber, P::bus_number},
      {&DEVPKEY_Device_Address, P::address},
      {&DEVPKEY_Device_PDOName, P::physical_object_name},
      {&DEVPKEY_Device_InstanceId, P::instance_id},
      {&DEVPKEY_Device_Parent, P::parent},
      {&DEVPKEY_Device_Children, P::children},
      {&DEVPKEY_Device_Siblings, P::siblings},
      {&DEVPKEY_Device_ContainerId, P::container_id},
      {&DEVPKEY_Device_ProblemCode, P::problem_code},
      {&DEVPKEY_Device_HasProblem, P::has_problem},
      {&DEVPKEY_Device_IsPresent, P::is_present},
      {&DEVPKEY_Cmnotify_LinuxDevnode, P::devnode},
      {&DEVPKEY_Cmnotify_LinuxSyspath, P::syspath},
      {&DEVPKEY_Cmnotify_LinuxSubsystem, P::subsystem},
  };
  return pairs;
}

inline std::wstring widen(const std::string& utf8) {
  // The test trees and sysfs names are ASCII; anything else is compared through the C API's own
  // UTF-8 reading of the same bytes, which this does not repeat.
  return std::wstring(utf8.begin(), utf8.end());
}

// The C API's bytes a C++ value stands for: (type, bytes).
inline std::pair<DEVPROPTYPE, std::vector<BYTE>> windows_form(const DevicePropertyValue& v) {
  std::vector<BYTE> bytes;
  auto append = [&bytes](const void* p, std::size_t n) {
    const auto* b = static_cast<const BYTE*>(p);
    bytes.insert(bytes.end(), b, b + n);
  };
  if (const auto* s = std::get_if<std::string>(&v)) {
    const std::wstring w = widen(*s);
    append(w.c_str(), (w.size() + 1) * sizeof(wchar_t));
    return {DEVPROP_TYPE_STRING, bytes};
  }
  if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
    for (const std::string& s : *list) {
      const std::wstring w = widen(s);
      append(w.c_str(), (w.size() + 1) * sizeof(wchar_t));
    }
    const wchar_t end = L'\0';
    append(&end, sizeof end);
    return {DEVPROP_TYPE_STRING_LIST, bytes};
  }
  if (const auto* g = std::get_if<Guid>(&v)) {
    GUID win{};
    win.Data1 = g->data1;
    win.Data2 = g->data2;
    win.Data3 = g->data3;
    std::memcpy(win.Data4, g->data4.data(), sizeof win.Data4);
    append(&win, sizeof win);
    return {DEVPROP_TYPE_GUID, bytes};
  }
  if (const auto* n = std::get_if<std::uint32_t>(&v)) {
    append(n, sizeof *n);
    return {DEVPROP_TYPE_UINT32, bytes};
  }
  const DEVPROP_BOOLEAN b = std::get<bool>(v) ? DEVPROP_TRUE : DEVPROP_FALSE;
  append(&b, sizeof b);
  return {DEVPROP_TYPE_BOOLEAN, bytes};
}

inline bool is_ascii(const DevicePropertyValue& v) {
  auto ascii = [](const std::string& s) {
    for (char c : s)
      if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
  };
  if (const auto* s = std::get_if<std::string>(&v)) return ascii(*s);
  if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
    for (const std::string& s : *list)
      if (!ascii(s)) return false;
  }
  return true;
}

// Every key of one present device: the C++ value, CM_Get_DevNode_PropertyW's and
// SetupDiGetDevicePropertyW's are the same (absent in all three, or the same type and bytes).
// DevNodeStatus has no one C++ key: its DN_STARTED, DN_REMOVABLE and DN_HAS_PROBLEM are
// `started`, `removable` and `has_problem`. Returns the number of keys compared.
inline int expect_cpp_api_matches_c_api(const Device& device) {
  const std::string& id = device.instance_id;
  DEVINST dn = 0;
  EXPECT_EQ(CM_Locate_DevNodeA(&dn, const_cast<char*>(id.c_str()), 0), CR_SUCCESS) << id;
  HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
  SP_DEVINFO_DATA info{};
  info.cbSize = sizeof info;
  EXPECT_TRUE(SetupDiOpenDeviceInfoA(set, id.c_str(), nullptr, 0, &info)) << id;
  int compared = 0;
  for (const KeyPair& pair : key_pairs()) {
    SCOPED_TRACE(id + " " + std::string(device_property_name(pair.cpp)));
    const std::optional<DevicePropertyValue> value = device_property(device, pair.cpp);
    const Property cm = get(dn, *pair.windows);
    DEVPROPTYPE sd_type = 0;
    DWORD required = 0;
    std::vector<BYTE> sd(65536);
    const BOOL sd_ok = SetupDiGetDevicePropertyW(set, &info, pair.windows, &sd_type, sd.data(),
                                                 static_cast<DWORD>(sd.size()), &required, 0);
    if (!value) {
      EXPECT_EQ(cm.cr, CR_NO_SUCH_VALUE);
      EXPECT_FALSE(sd_ok);
      ++compared;
      continue;
    }
    if (cm.cr != CR_SUCCESS || !sd_ok) {
      ADD_FAILURE() << "the C++ API has a value, CM_ says " << cm.cr << ", SetupDi " << sd_ok;
      continue;
    }
    sd.resize(required);
    const auto [type, bytes] = windows_form(*value);
    EXPECT_EQ(cm.type, type);
    EXPECT_EQ(sd_type, type);
    if (is_ascii(*value)) {
      EXPECT_EQ(cm.bytes, bytes);
    }
    EXPECT_EQ(sd, cm.bytes);
    ++compared;
  }
  ULONG status = 0, problem = 0;
  EXPECT_EQ(CM_Get_DevNode_Status(&status, &problem, dn, 0), CR_SUCCESS);
  EXPECT_EQ((status & DN_STARTED) != 0,
            std::get<bool>(device_property(device, DeviceProperty::started).value()));
  EXPECT_EQ((status & DN_REMOVABLE) != 0,
            std::get<bool>(device_property(device, DeviceProperty::removable).value()));
  EXPECT_EQ((status & DN_HAS_PROBLEM) != 0,
            std::get<bool>(device_property(device, DeviceProperty::has_problem).value()));
  EXPECT_EQ(problem,
            std::get<std::uint32_t>(device_property(device, DeviceProperty::problem_code).value()));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
  return compared + 1;
}

}  // namespace cmnotify::testing
