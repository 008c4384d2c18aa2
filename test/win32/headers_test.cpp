// The Win32 headers against cmnotify's own definitions: every GUID, CR_ code and property key,
// the structure layouts, and the constants. Completeness is checked by reading the headers, so a
// GUID or code added to a header without a check here fails.
#include <bthdef.h>
#include <cfgmgr32.h>
#include <devguid.h>
#include <devpkey.h>
#include <hidclass.h>
#include <ioevent.h>
#include <ks.h>
#include <ksmedia.h>
#include <ndisguid.h>
#include <ntddkbd.h>
#include <ntddmou.h>
#include <ntddser.h>
#include <ntddstor.h>
#include <ntddvdeo.h>
#include <poclass.h>
#include <strsafe.h>
#include <tchar.h>
#include <usbiodef.h>
#include <wiaintfc.h>
#include <windows.h>
#include <winsmcrd.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "cmnotify/error.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/guid.hpp"
#include "cmnotify/interface_classes.hpp"

namespace cmnotify {
namespace {

namespace ic = interface_class;
namespace sc = setup_class;

// ---- Layout: compile-time ----

static_assert(sizeof(GUID) == sizeof(Guid));
static_assert(alignof(GUID) == alignof(Guid));
static_assert(offsetof(GUID, Data1) == offsetof(Guid, data1));
static_assert(offsetof(GUID, Data2) == offsetof(Guid, data2));
static_assert(offsetof(GUID, Data3) == offsetof(Guid, data3));
static_assert(offsetof(GUID, Data4) == offsetof(Guid, data4));
static_assert(sizeof(GUID::Data4) == sizeof(Guid::data4));

static_assert(sizeof(DWORD) == 4 && std::is_unsigned_v<DWORD>);
static_assert(sizeof(ULONG) == 4 && std::is_unsigned_v<ULONG>);
static_assert(sizeof(LONG) == 4 && std::is_signed_v<LONG>);
static_assert(sizeof(BOOL) == 4 && sizeof(HRESULT) == 4 && std::is_signed_v<HRESULT>);
static_assert(sizeof(BYTE) == 1 && sizeof(WORD) == 2 && sizeof(ULONGLONG) == 8);
static_assert(std::is_same_v<WCHAR, wchar_t> && sizeof(WCHAR) == 4);
static_assert(sizeof(HANDLE) == sizeof(void*) && sizeof(ULONG_PTR) == sizeof(void*));
static_assert(std::is_same_v<TCHAR, wchar_t>, "the cmnotify::win32 target defines UNICODE");
static_assert(std::is_same_v<_TCHAR, wchar_t>, "the cmnotify::win32 target defines _UNICODE");

static_assert(sizeof(CM_NOTIFY_FILTER) == 816, "16-byte header + 800-byte union (Linux x86_64)");
static_assert(offsetof(CM_NOTIFY_FILTER, cbSize) == 0);
static_assert(offsetof(CM_NOTIFY_FILTER, Flags) == 4);
static_assert(offsetof(CM_NOTIFY_FILTER, FilterType) == 8);
static_assert(offsetof(CM_NOTIFY_FILTER, Reserved) == 12);
static_assert(offsetof(CM_NOTIFY_FILTER, u) == 16);
static_assert(sizeof(CM_NOTIFY_FILTER::u) == 800);
static_assert(offsetof(CM_NOTIFY_FILTER, u.DeviceInterface.ClassGuid) == 16);
static_assert(offsetof(CM_NOTIFY_FILTER, u.DeviceHandle.hTarget) == 16);
static_assert(offsetof(CM_NOTIFY_FILTER, u.DeviceInstance.InstanceId) == 16);
static_assert(sizeof(CM_NOTIFY_FILTER::u.DeviceInstance.InstanceId) == MAX_DEVICE_ID_LEN * 4);

static_assert(offsetof(CM_NOTIFY_EVENT_DATA, FilterType) == 0);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, Reserved) == 4);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u) == 8);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceInterface.ClassGuid) == 8);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceInterface.SymbolicLink) == 24);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceHandle.EventGuid) == 8);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceHandle.NameOffset) == 24);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceHandle.DataSize) == 28);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceHandle.Data) == 32);
static_assert(offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceInstance.InstanceId) == 8);
static_assert(sizeof(CM_NOTIFY_EVENT_DATA) == 36);

static_assert(sizeof(DEVPROPKEY) == 20 && offsetof(DEVPROPKEY, pid) == 16);
static_assert(sizeof(CRITICAL_SECTION) >= 40 && alignof(CRITICAL_SECTION) >= 8);

// The enums carry the engine's numbers.
static_assert(CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE ==
              static_cast<int>(FilterType::device_interface));
static_assert(CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE == static_cast<int>(FilterType::device_handle));
static_assert(CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE ==
              static_cast<int>(FilterType::device_instance));
static_assert(CM_NOTIFY_FILTER_TYPE_MAX == 3);
static_assert(CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL ==
              static_cast<int>(Action::interface_arrival));
static_assert(CM_NOTIFY_ACTION_DEVICEINTERFACEREMOVAL ==
              static_cast<int>(Action::interface_removal));
static_assert(CM_NOTIFY_ACTION_DEVICEQUERYREMOVE == static_cast<int>(Action::query_remove));
static_assert(CM_NOTIFY_ACTION_DEVICEQUERYREMOVEFAILED ==
              static_cast<int>(Action::query_remove_failed));
static_assert(CM_NOTIFY_ACTION_DEVICEREMOVEPENDING == static_cast<int>(Action::remove_pending));
static_assert(CM_NOTIFY_ACTION_DEVICEREMOVECOMPLETE == static_cast<int>(Action::remove_complete));
static_assert(CM_NOTIFY_ACTION_DEVICECUSTOMEVENT == static_cast<int>(Action::custom_event));
static_assert(CM_NOTIFY_ACTION_DEVICEINSTANCEENUMERATED ==
              static_cast<int>(Action::instance_enumerated));
static_assert(CM_NOTIFY_ACTION_DEVICEINSTANCESTARTED == static_cast<int>(Action::instance_started));
static_assert(CM_NOTIFY_ACTION_DEVICEINSTANCEREMOVED == static_cast<int>(Action::instance_removed));
static_assert(CM_NOTIFY_ACTION_MAX == 10);

// ---- Reading the headers ----

std::vector<std::filesystem::path> header_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CMNOTIFY_WIN32_INCLUDE_DIR))
    if (entry.path().extension() == ".h") files.push_back(entry.path());
  return files;
}

// Names matched by `pattern` (group 1) at the start of a line, in every header.
std::set<std::string> names_in_headers(const std::string& pattern) {
  const std::regex re(pattern);
  std::set<std::string> names;
  for (const auto& file : header_files()) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_search(line, m, re)) names.insert(m[1]);
    }
  }
  return names;
}

Guid as_guid(const GUID& g) {
  Guid out;
  out.data1 = g.Data1;
  out.data2 = g.Data2;
  out.data3 = g.Data3;
  for (std::size_t i = 0; i < 8; ++i) out.data4[i] = g.Data4[i];
  return out;
}

// ---- GUIDs ----

struct GuidRow {
  const GUID* header_value;
  Guid expected;
};

const std::map<std::string, GuidRow>& guid_table() {
  static const std::map<std::string, GuidRow> table = {
      {"GUID_DEVINTERFACE_USB_DEVICE", {&GUID_DEVINTERFACE_USB_DEVICE, ic::usb_device}},
      {"GUID_DEVINTERFACE_USB_HUB", {&GUID_DEVINTERFACE_USB_HUB, ic::usb_hub}},
      {"GUID_DEVINTERFACE_USB_HOST_CONTROLLER",
       {&GUID_DEVINTERFACE_USB_HOST_CONTROLLER, ic::usb_host_controller}},
      {"GUID_DEVINTERFACE_HID", {&GUID_DEVINTERFACE_HID, ic::hid}},
      {"GUID_DEVINTERFACE_KEYBOARD", {&GUID_DEVINTERFACE_KEYBOARD, ic::keyboard}},
      {"GUID_DEVINTERFACE_MOUSE", {&GUID_DEVINTERFACE_MOUSE, ic::mouse}},
      {"GUID_DEVINTERFACE_DISK", {&GUID_DEVINTERFACE_DISK, ic::disk}},
      {"GUID_DEVINTERFACE_CDROM", {&GUID_DEVINTERFACE_CDROM, ic::cdrom}},
      {"GUID_DEVINTERFACE_PARTITION", {&GUID_DEVINTERFACE_PARTITION, ic::partition}},
      {"GUID_DEVINTERFACE_TAPE", {&GUID_DEVINTERFACE_TAPE, ic::tape}},
      {"GUID_DEVINTERFACE_VOLUME", {&GUID_DEVINTERFACE_VOLUME, ic::volume}},
      {"GUID_DEVINTERFACE_FLOPPY", {&GUID_DEVINTERFACE_FLOPPY, ic::floppy}},
      {"GUID_DEVINTERFACE_STORAGEPORT", {&GUID_DEVINTERFACE_STORAGEPORT, ic::storage_port}},
      {"GUID_DEVINTERFACE_COMPORT", {&GUID_DEVINTERFACE_COMPORT, ic::comport}},
      {"GUID_DEVINTERFACE_SERENUM_BUS_ENUMERATOR",
       {&GUID_DEVINTERFACE_SERENUM_BUS_ENUMERATOR, ic::serenum_bus_enumerator}},
      {"GUID_DEVINTERFACE_NET", {&GUID_DEVINTERFACE_NET, ic::net}},
      {"GUID_DEVINTERFACE_MONITOR", {&GUID_DEVINTERFACE_MONITOR, ic::monitor}},
      {"GUID_DEVINTERFACE_DISPLAY_ADAPTER",
       {&GUID_DEVINTERFACE_DISPLAY_ADAPTER, ic::display_adapter}},
      {"GUID_DEVINTERFACE_IMAGE", {&GUID_DEVINTERFACE_IMAGE, ic::image}},
      {"KSCATEGORY_AUDIO", {&KSCATEGORY_AUDIO, ic::ks_audio}},
      {"KSCATEGORY_CAPTURE", {&KSCATEGORY_CAPTURE, ic::ks_capture}},
      {"KSCATEGORY_VIDEO_CAMERA", {&KSCATEGORY_VIDEO_CAMERA, ic::ks_video_camera}},
      {"GUID_BTHPORT_DEVICE_INTERFACE", {&GUID_BTHPORT_DEVICE_INTERFACE, ic::bluetooth_port}},
      {"GUID_DEVINTERFACE_SMARTCARD_READER",
       {&GUID_DEVINTERFACE_SMARTCARD_READER, ic::smartcard_reader}},
      {"GUID_DEVICE_BATTERY", {&GUID_DEVICE_BATTERY, ic::battery}},
      {"GUID_DEVCLASS_USB", {&GUID_DEVCLASS_USB, sc::usb}},
      {"GUID_DEVCLASS_HIDCLASS", {&GUID_DEVCLASS_HIDCLASS, sc::hid}},
      {"GUID_DEVCLASS_DISKDRIVE", {&GUID_DEVCLASS_DISKDRIVE, sc::disk_drive}},
      {"GUID_DEVCLASS_DISPLAY", {&GUID_DEVCLASS_DISPLAY, sc::display}},
      {"GUID_DEVCLASS_KEYBOARD", {&GUID_DEVCLASS_KEYBOARD, sc::keyboard}},
      {"GUID_DEVCLASS_MEDIA", {&GUID_DEVCLASS_MEDIA, sc::media}},
      {"GUID_DEVCLASS_MOUSE", {&GUID_DEVCLASS_MOUSE, sc::mouse}},
      {"GUID_DEVCLASS_NET", {&GUID_DEVCLASS_NET, sc::net}},
      {"GUID_DEVCLASS_PORTS", {&GUID_DEVCLASS_PORTS, sc::ports}},
      {"GUID_DEVCLASS_SYSTEM", {&GUID_DEVCLASS_SYSTEM, sc::system}},
      {"GUID_DEVCLASS_VOLUME", {&GUID_DEVCLASS_VOLUME, sc::volume}},
      {"GUID_IO_MEDIA_ARRIVAL", {&GUID_IO_MEDIA_ARRIVAL, io_event::media_arrival}},
      {"GUID_IO_MEDIA_REMOVAL", {&GUID_IO_MEDIA_REMOVAL, io_event::media_removal}},
      {"GUID_IO_VOLUME_CHANGE", {&GUID_IO_VOLUME_CHANGE, io_event::volume_change}},
  };
  return table;
}

TEST(Win32Headers, EveryGuidEqualsTheCmnotifyConstant) {
  for (const auto& [name, row] : guid_table()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(as_guid(*row.header_value), row.expected);
    EXPECT_EQ(std::memcmp(row.header_value, &row.expected, sizeof(GUID)), 0) << "byte layout";
  }
}

TEST(Win32Headers, EveryDefineGuidInTheHeadersIsChecked) {
  const auto defined = names_in_headers(R"(^DEFINE_GUID\((\w+),)");
  std::set<std::string> checked;
  for (const auto& [name, row] : guid_table()) checked.insert(name);
  EXPECT_EQ(defined, checked);
  EXPECT_EQ(defined.size(), 39u);  // 25 interface classes, 11 setup classes, 3 I/O events
}

// The SDK's STATIC_ macros are the eleven DEFINE_GUID arguments.
GUID from_fields(unsigned int l, unsigned short w1, unsigned short w2, unsigned char b1,
                 unsigned char b2, unsigned char b3, unsigned char b4, unsigned char b5,
                 unsigned char b6, unsigned char b7, unsigned char b8) {
  return GUID{l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}};
}

TEST(Win32Headers, KsStaticMacrosMatchTheirGuids) {
  const GUID capture = from_fields(STATIC_KSCATEGORY_CAPTURE);
  const GUID audio = from_fields(STATIC_KSCATEGORY_AUDIO);
  const GUID camera = from_fields(STATIC_KSCATEGORY_VIDEO_CAMERA);
  EXPECT_TRUE(IsEqualGUID(capture, KSCATEGORY_CAPTURE));
  EXPECT_TRUE(IsEqualGUID(audio, KSCATEGORY_AUDIO));
  EXPECT_TRUE(IsEqualGUID(camera, KSCATEGORY_VIDEO_CAMERA));
}

TEST(Win32Headers, GuidComparisonsInCxx) {
  EXPECT_TRUE(GUID_DEVINTERFACE_DISK == GUID_DEVINTERFACE_DISK);
  EXPECT_TRUE(GUID_DEVINTERFACE_DISK != GUID_DEVINTERFACE_CDROM);
  EXPECT_TRUE(IsEqualGUID(GUID_DEVINTERFACE_HID, GUID_DEVINTERFACE_HID));
  EXPECT_FALSE(IsEqualIID(GUID_DEVINTERFACE_HID, GUID_DEVINTERFACE_MOUSE));
}

// ---- Property keys: the SDK's values, written here as registry strings ----

struct KeyRow {
  const DEVPROPKEY* header_value;
  const char* fmtid;
  DEVPROPID pid;
};

const std::map<std::string, KeyRow>& key_table() {
  static const std::map<std::string, KeyRow> table = {
#include "devpkey_sdk_values.inc"
      {"DEVPKEY_Cmnotify_LinuxDevnode",
       {&DEVPKEY_Cmnotify_LinuxDevnode, "{7080282b-1f36-4f3c-8c01-f0114265e256}", 2}},
      {"DEVPKEY_Cmnotify_LinuxSyspath",
       {&DEVPKEY_Cmnotify_LinuxSyspath, "{7080282b-1f36-4f3c-8c01-f0114265e256}", 3}},
      {"DEVPKEY_Cmnotify_LinuxSubsystem",
       {&DEVPKEY_Cmnotify_LinuxSubsystem, "{7080282b-1f36-4f3c-8c01-f0114265e256}", 4}},
  };
  return table;
}

TEST(Win32Headers, PropertyKeysHaveTheirSdkValues) {
  for (const auto& [name, row] : key_table()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(as_guid(row.header_value->fmtid), Guid::from_string(row.fmtid));
    EXPECT_EQ(row.header_value->pid, row.pid);
  }
  const auto defined = names_in_headers(R"(^DEFINE_DEVPROPKEY\((\w+),)");
  std::set<std::string> checked;
  for (const auto& [name, row] : key_table()) checked.insert(name);
  EXPECT_EQ(defined, checked);
}

TEST(Win32Headers, PropertyTypes) {
  EXPECT_EQ(DEVPROP_TYPE_STRING, 0x12u);
  EXPECT_EQ(DEVPROP_TYPE_STRING_LIST, 0x2012u);
  EXPECT_EQ(DEVPROP_TYPE_GUID, 0x0Du);
  EXPECT_EQ(DEVPROP_TYPE_EMPTY, 0u);
  EXPECT_EQ(DEVPROP_TYPE_BINARY, 0x1003u);
}

// ---- CONFIGRET ----

struct CrRow {
  CONFIGRET header_value;
  Cr expected;
  bool alias;  // a second name for a value (CR_INVALID_DEVINST, ...)
};

#define CR_ROW(name, cr)           \
  {                                \
#name, { name, Cr::cr, false } \
  }
#define CR_ALIAS(name, cr)        \
  {                               \
#name, { name, Cr::cr, true } \
  }

const std::map<std::string, CrRow>& cr_table() {
  static const std::map<std::string, CrRow> table = {
      CR_ROW(CR_SUCCESS, success),
      CR_ROW(CR_DEFAULT, default_),
      CR_ROW(CR_OUT_OF_MEMORY, out_of_memory),
      CR_ROW(CR_INVALID_POINTER, invalid_pointer),
      CR_ROW(CR_INVALID_FLAG, invalid_flag),
      CR_ROW(CR_INVALID_DEVNODE, invalid_devnode),
      CR_ALIAS(CR_INVALID_DEVINST, invalid_devnode),
      CR_ROW(CR_INVALID_RES_DES, invalid_res_des),
      CR_ROW(CR_INVALID_LOG_CONF, invalid_log_conf),
      CR_ROW(CR_INVALID_ARBITRATOR, invalid_arbitrator),
      CR_ROW(CR_INVALID_NODELIST, invalid_nodelist),
      CR_ROW(CR_DEVNODE_HAS_REQS, devnode_has_reqs),
      CR_ALIAS(CR_DEVINST_HAS_REQS, devnode_has_reqs),
      CR_ROW(CR_INVALID_RESOURCEID, invalid_resourceid),
      CR_ROW(CR_DLVXD_NOT_FOUND, dlvxd_not_found),
      CR_ROW(CR_NO_SUCH_DEVNODE, no_such_devnode),
      CR_ALIAS(CR_NO_SUCH_DEVINST, no_such_devnode),
      CR_ROW(CR_NO_MORE_LOG_CONF, no_more_log_conf),
      CR_ROW(CR_NO_MORE_RES_DES, no_more_res_des),
      CR_ROW(CR_ALREADY_SUCH_DEVNODE, already_such_devnode),
      CR_ALIAS(CR_ALREADY_SUCH_DEVINST, already_such_devnode),
      CR_ROW(CR_INVALID_RANGE_LIST, invalid_range_list),
      CR_ROW(CR_INVALID_RANGE, invalid_range),
      CR_ROW(CR_FAILURE, failure),
      CR_ROW(CR_NO_SUCH_LOGICAL_DEV, no_such_logical_dev),
      CR_ROW(CR_CREATE_BLOCKED, create_blocked),
      CR_ROW(CR_NOT_SYSTEM_VM, not_system_vm),
      CR_ROW(CR_REMOVE_VETOED, remove_vetoed),
      CR_ROW(CR_APM_VETOED, apm_vetoed),
      CR_ROW(CR_INVALID_LOAD_TYPE, invalid_load_type),
      CR_ROW(CR_BUFFER_SMALL, buffer_small),
      CR_ROW(CR_NO_ARBITRATOR, no_arbitrator),
      CR_ROW(CR_NO_REGISTRY_HANDLE, no_registry_handle),
      CR_ROW(CR_REGISTRY_ERROR, registry_error),
      CR_ROW(CR_INVALID_DEVICE_ID, invalid_device_id),
      CR_ROW(CR_INVALID_DATA, invalid_data),
      CR_ROW(CR_INVALID_API, invalid_api),
      CR_ROW(CR_DEVLOADER_NOT_READY, devloader_not_ready),
      CR_ROW(CR_NEED_RESTART, need_restart),
      CR_ROW(CR_NO_MORE_HW_PROFILES, no_more_hw_profiles),
      CR_ROW(CR_DEVICE_NOT_THERE, device_not_there),
      CR_ROW(CR_NO_SUCH_VALUE, no_such_value),
      CR_ROW(CR_WRONG_TYPE, wrong_type),
      CR_ROW(CR_INVALID_PRIORITY, invalid_priority),
      CR_ROW(CR_NOT_DISABLEABLE, not_disableable),
      CR_ROW(CR_FREE_RESOURCES, free_resources),
      CR_ROW(CR_QUERY_VETOED, query_vetoed),
      CR_ROW(CR_CANT_SHARE_IRQ, cant_share_irq),
      CR_ROW(CR_NO_DEPENDENT, no_dependent),
      CR_ROW(CR_SAME_RESOURCES, same_resources),
      CR_ROW(CR_NO_SUCH_REGISTRY_KEY, no_such_registry_key),
      CR_ROW(CR_INVALID_MACHINENAME, invalid_machinename),
      CR_ROW(CR_REMOTE_COMM_FAILURE, remote_comm_failure),
      CR_ROW(CR_MACHINE_UNAVAILABLE, machine_unavailable),
      CR_ROW(CR_NO_CM_SERVICES, no_cm_services),
      CR_ROW(CR_ACCESS_DENIED, access_denied),
      CR_ROW(CR_CALL_NOT_IMPLEMENTED, call_not_implemented),
      CR_ROW(CR_INVALID_PROPERTY, invalid_property),
      CR_ROW(CR_DEVICE_INTERFACE_ACTIVE, device_interface_active),
      CR_ROW(CR_NO_SUCH_DEVICE_INTERFACE, no_such_device_interface),
      CR_ROW(CR_INVALID_REFERENCE_STRING, invalid_reference_string),
      CR_ROW(CR_INVALID_CONFLICT_LIST, invalid_conflict_list),
      CR_ROW(CR_INVALID_INDEX, invalid_index),
      CR_ROW(CR_INVALID_STRUCTURE_SIZE, invalid_structure_size),
  };
  return table;
}

TEST(Win32Headers, EveryCrValueEqualsCmnotifyCr) {
  std::set<CONFIGRET> values;
  for (const auto& [name, row] : cr_table()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(row.header_value, static_cast<CONFIGRET>(row.expected));
    if (!row.alias) {
      EXPECT_EQ(cr_name(row.expected), name);
      EXPECT_TRUE(values.insert(row.header_value).second) << "duplicate value";
    }
  }
  EXPECT_EQ(values.size(), NUM_CR_RESULTS);
  EXPECT_EQ(NUM_CR_RESULTS, 0x3Cu);
  EXPECT_EQ(*values.rbegin(), NUM_CR_RESULTS - 1);  // 0 .. 0x3b, no gap
}

TEST(Win32Headers, EveryCrDefineInCfgmgr32IsChecked) {
  const auto defined = names_in_headers(R"(^#define (CR_\w+) )");
  std::set<std::string> checked;
  for (const auto& [name, row] : cr_table()) checked.insert(name);
  EXPECT_EQ(defined, checked);
}

// ---- Constants ----

TEST(Win32Headers, ErrorCodesAndHresults) {
  EXPECT_EQ(ERROR_SUCCESS, 0);
  EXPECT_EQ(ERROR_FILE_NOT_FOUND, 2);
  EXPECT_EQ(ERROR_ACCESS_DENIED, 5);
  EXPECT_EQ(ERROR_INVALID_HANDLE, 6);
  EXPECT_EQ(ERROR_NOT_ENOUGH_MEMORY, 8);
  EXPECT_EQ(ERROR_INVALID_DATA, 13);
  EXPECT_EQ(ERROR_INVALID_PARAMETER, 87);
  EXPECT_EQ(ERROR_CALL_NOT_IMPLEMENTED, 120);
  EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, 122);
  EXPECT_EQ(ERROR_INVALID_FLAGS, 1004);
  EXPECT_EQ(ERROR_NOT_FOUND, 1168);
  EXPECT_EQ(ERROR_CANCELLED, 1223);
  EXPECT_EQ(ERROR_INVALID_USER_BUFFER, 1784);
  EXPECT_EQ(S_OK, 0);
  EXPECT_EQ(S_FALSE, 1);
  EXPECT_EQ(static_cast<unsigned>(E_FAIL), 0x80004005u);
  EXPECT_EQ(static_cast<unsigned>(E_INVALIDARG), 0x80070057u);
  EXPECT_EQ(static_cast<unsigned>(E_OUTOFMEMORY), 0x8007000Eu);
  EXPECT_EQ(static_cast<unsigned>(STRSAFE_E_INVALID_PARAMETER), 0x80070057u);
  EXPECT_EQ(static_cast<unsigned>(STRSAFE_E_INSUFFICIENT_BUFFER), 0x8007007Au);
  EXPECT_EQ(HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_EQ(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER), E_INVALIDARG);
  EXPECT_EQ(HRESULT_FROM_WIN32(ERROR_SUCCESS), S_OK);
  EXPECT_TRUE(SUCCEEDED(S_FALSE));
  EXPECT_TRUE(FAILED(E_FAIL));
  EXPECT_EQ(STRSAFE_MAX_CCH, 2147483647);
}

TEST(Win32Headers, NotificationConstants) {
  EXPECT_EQ(CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES, 0x1u);
  EXPECT_EQ(CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES, 0x2u);
  EXPECT_EQ(CM_NOTIFY_FILTER_VALID_FLAGS, 0x3u);
  EXPECT_EQ(MAX_DEVICE_ID_LEN, 200);
  EXPECT_EQ(CM_GET_DEVICE_INTERFACE_LIST_PRESENT, 0u);
  EXPECT_EQ(CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES, 1u);
  EXPECT_EQ(CM_LOCATE_DEVNODE_BITS, 7u);
  EXPECT_EQ(CM_GETIDLIST_FILTER_ENUMERATOR, 1u);
  EXPECT_EQ(CM_GETIDLIST_FILTER_CLASS, 0x200u);
  EXPECT_EQ(CM_GETIDLIST_FILTER_BITS, 0x100003FFu);
  EXPECT_EQ(HEAP_ZERO_MEMORY, 0x8u);
  EXPECT_EQ(GENERIC_READ, 0x80000000u);
  EXPECT_EQ(GENERIC_WRITE, 0x40000000u);
  EXPECT_EQ(OPEN_EXISTING, 3);
  EXPECT_EQ(reinterpret_cast<std::intptr_t>(INVALID_HANDLE_VALUE), -1);
}

TEST(Win32Headers, UnicodeMacrosPickTheWideFunctions) {
  EXPECT_EQ(&CreateFile, &CreateFileW);
  EXPECT_EQ(&StringCchCopy, &StringCchCopyW);
  EXPECT_EQ(&CM_Get_Device_Interface_List, &CM_Get_Device_Interface_ListW);
  EXPECT_EQ(&CM_Get_Device_Interface_List_Size, &CM_Get_Device_Interface_List_SizeW);
  EXPECT_EQ(&CM_Get_Device_ID_List, &CM_Get_Device_ID_ListW);
  EXPECT_EQ(&CM_Locate_DevNode, &CM_Locate_DevNodeW);
  EXPECT_EQ(&CM_Get_Device_ID, &CM_Get_Device_IDW);
  static_assert(std::is_same_v<DEVINSTID, DEVINSTID_W>);
  EXPECT_EQ(std::wstring(TEXT("x")), L"x");
  EXPECT_EQ(std::wstring(_T("y")), L"y");
}

}  // namespace
}  // namespace cmnotify
