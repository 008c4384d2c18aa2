// Windows' observed answers, one table: for each call this library implements, the bad or edge
// input, what Windows returns (and leaves in the outputs), and where that is known from. Wine's
// conformance tests (dlls/cfgmgr32/tests/cfgmgr32.c, dlls/setupapi/tests/devinst.c) pass on
// real Windows, so what they check is what Windows does; the rows name the Wine test function.
// The rows are facts written here as calls against the in-memory source, not Wine's code.
#include <cfgmgr32.h>
#include <devguid.h>
#include <devpkey.h>
#include <devquery.h>
#include <setupapi.h>
#include <usbiodef.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "support/memory_engine.hpp"
#include "win32/usb_devices.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using testing::kCamId;
using testing::kCamLink;
using testing::wide;

const std::string kBareId = "ROOT\\CMNOTIFY\\0000";

const wchar_t kUsbClass[] = L"{36FC9E60-C465-11CF-8056-444553540000}";
constexpr ULONG kPoison = 0xdeadbeef;

// What a call answered: its code (CONFIGRET, or GetLastError() after a failed SetupDi call,
// ERROR_SUCCESS after a successful one) and, where Windows is known to leave an output in a
// given state, that output as text ("len=0", "buffer untouched").
struct Answer {
  DWORD code = 0;
  std::string outputs;
  bool operator==(const Answer&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Answer& a) {
  os << "0x" << std::hex << a.code << std::dec;
  if (!a.outputs.empty()) os << " (" << a.outputs << ")";
  return os;
}

Answer code(DWORD c) { return {c, {}}; }
Answer with(DWORD c, std::string outputs) { return {c, std::move(outputs)}; }
std::string number(const char* name, ULONG value) {
  return std::string(name) + "=" + (value == kPoison ? "untouched" : std::to_string(value));
}

// A SetupDi BOOL result as an Answer: the last error when it failed.
Answer last_error(BOOL ok) { return code(ok ? ERROR_SUCCESS : GetLastError()); }

struct Row {
  const char* call;    // the call and the arguments that matter
  const char* source;  // where Windows' answer is known from
  Answer expected;
  std::function<Answer()> run;
};

DWORD WINAPI ignore_event(HCMNOTIFICATION, PVOID, CM_NOTIFY_ACTION, PCM_NOTIFY_EVENT_DATA, DWORD) {
  return ERROR_SUCCESS;
}

CM_NOTIFY_FILTER interfaces_filter(ULONG cb_size, ULONG flags, const GUID& guid) {
  CM_NOTIFY_FILTER f{};
  f.cbSize = cb_size;
  f.Flags = flags;
  f.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  f.u.DeviceInterface.ClassGuid = guid;
  return f;
}

Answer register_with(CM_NOTIFY_FILTER filter) {
  auto h = reinterpret_cast<HCMNOTIFICATION>(std::uintptr_t{1});
  CONFIGRET cr = CM_Register_Notification(&filter, nullptr, ignore_event, &h);
  if (cr == CR_SUCCESS) CM_Unregister_Notification(h);
  return with(cr, h == nullptr ? "handle=NULL" : "handle set");
}

// A set of every present device, the call run against it and its first member, then destroyed.
Answer on_all_devices(const std::function<Answer(HDEVINFO, SP_DEVINFO_DATA&)>& call) {
  HDEVINFO set = SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES);
  if (set == INVALID_HANDLE_VALUE) return with(GetLastError(), "no set");
  SP_DEVINFO_DATA first{};
  first.cbSize = sizeof first;
  if (!SetupDiEnumDeviceInfo(set, 0, &first)) return with(GetLastError(), "empty set");
  Answer a = call(set, first);
  SetupDiDestroyDeviceInfoList(set);
  return a;
}

// The camera's interface opened into a fresh set.
Answer on_camera_interface(const std::function<Answer(HDEVINFO, SP_DEVICE_INTERFACE_DATA&)>& call) {
  HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  if (!SetupDiOpenDeviceInterfaceA(set, kCamLink.c_str(), 0, &iface)) {
    Answer a = with(GetLastError(), "interface not opened");
    SetupDiDestroyDeviceInfoList(set);
    return a;
  }
  Answer a = call(set, iface);
  SetupDiDestroyDeviceInfoList(set);
  return a;
}

// ---- cfgmgr32 ----

std::vector<Row> mapping_rows() {
  auto map = [](CONFIGRET cr) { return [cr] { return code(CM_MapCrToWin32Err(cr, kPoison)); }; };
  const char* src = "Wine cfgmgr32.c test_CM_MapCrToWin32Err";
  return {
      {"CM_MapCrToWin32Err(CR_INVALID_POINTER)", src, code(ERROR_INVALID_USER_BUFFER),
       map(CR_INVALID_POINTER)},
      {"CM_MapCrToWin32Err(CR_NO_SUCH_VALUE)", src, code(ERROR_NOT_FOUND), map(CR_NO_SUCH_VALUE)},
      {"CM_MapCrToWin32Err(CR_INVALID_DEVICE_ID)", src, code(ERROR_INVALID_DATA),
       map(CR_INVALID_DEVICE_ID)},
      {"CM_MapCrToWin32Err(CR_FAILURE): the default", src, code(kPoison), map(CR_FAILURE)},
      {"CM_MapCrToWin32Err(CR_INVALID_DATA): the default", src, code(kPoison),
       map(CR_INVALID_DATA)},
  };
}

std::vector<Row> notification_rows() {
  const char* src = "Wine cfgmgr32.c test_CM_Register_Notification";
  return {
      {"CM_Register_Notification(NULL, NULL, NULL, NULL)", src, code(CR_FAILURE),
       [] { return code(CM_Register_Notification(nullptr, nullptr, nullptr, nullptr)); }},
      {"CM_Register_Notification(NULL, NULL, NULL, &h)", src, with(CR_INVALID_DATA, "handle=NULL"),
       [] {
         auto h = reinterpret_cast<HCMNOTIFICATION>(std::uintptr_t{1});
         CONFIGRET cr = CM_Register_Notification(nullptr, nullptr, nullptr, &h);
         return with(cr, h == nullptr ? "handle=NULL" : "handle set");
       }},
      {"CM_Register_Notification: cbSize 0, ALL_INTERFACE_CLASSES", src,
       with(CR_INVALID_DATA, "handle=NULL"),
       [] {
         return register_with(
             interfaces_filter(0, CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES, GUID{}));
       }},
      {"CM_Register_Notification: cbSize sizeof+1, one class", src,
       with(CR_INVALID_DATA, "handle=NULL"),
       [] {
         return register_with(
             interfaces_filter(sizeof(CM_NOTIFY_FILTER) + 1, 0, GUID_DEVINTERFACE_USB_DEVICE));
       }},
      {"CM_Register_Notification: ALL_INTERFACE_CLASSES with a class GUID", src,
       with(CR_INVALID_DATA, "handle=NULL"),
       [] {
         return register_with(interfaces_filter(sizeof(CM_NOTIFY_FILTER),
                                                CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES,
                                                GUID_DEVINTERFACE_USB_DEVICE));
       }},
      {"CM_Register_Notification: ALL_INTERFACE_CLASSES, zero GUID", src,
       with(CR_SUCCESS, "handle set"),
       [] {
         return register_with(interfaces_filter(
             sizeof(CM_NOTIFY_FILTER), CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES, GUID{}));
       }},
      {"CM_Unregister_Notification((HCMNOTIFICATION)0xdeadbeef)", "Windows (observed, issue 11)",
       code(CR_FAILURE),
       [] {
         return code(CM_Unregister_Notification(
             reinterpret_cast<HCMNOTIFICATION>(std::uintptr_t{0xdeadbeef})));
       }},
      {"CM_Unregister_Notification(NULL)", "our choice (as any handle never issued)",
       code(CR_FAILURE), [] { return code(CM_Unregister_Notification(nullptr)); }},
  };
}

std::vector<Row> id_list_rows() {
  const char* src = "Wine cfgmgr32.c test_CM_Get_Device_ID_List";
  constexpr ULONG by_class = CM_GETIDLIST_FILTER_CLASS | CM_GETIDLIST_FILTER_PRESENT;
  return {
      {"CM_Get_Device_ID_List_SizeW(NULL, class, CLASS)", src, code(CR_INVALID_POINTER),
       [] {
         return code(CM_Get_Device_ID_List_SizeW(nullptr, kUsbClass, CM_GETIDLIST_FILTER_CLASS));
       }},
      {"CM_Get_Device_ID_List_SizeW(&len, NULL, CLASS)", src, with(CR_INVALID_POINTER, "len=0"),
       [] {
         ULONG len = kPoison;
         CONFIGRET cr = CM_Get_Device_ID_List_SizeW(&len, nullptr, CM_GETIDLIST_FILTER_CLASS);
         return with(cr, number("len", len));
       }},
      {"CM_Get_Device_ID_List_SizeW(&len, L\"q\", CLASS)", src, with(CR_INVALID_DATA, "len=0"),
       [] {
         ULONG len = kPoison;
         CONFIGRET cr = CM_Get_Device_ID_List_SizeW(&len, L"q", CM_GETIDLIST_FILTER_CLASS);
         return with(cr, number("len", len));
       }},
      {"CM_Get_Device_ID_List_SizeA(&len, NULL, CLASS)", src, with(CR_INVALID_POINTER, "len=0"),
       [] {
         ULONG len = kPoison;
         CONFIGRET cr = CM_Get_Device_ID_List_SizeA(&len, nullptr, CM_GETIDLIST_FILTER_CLASS);
         return with(cr, number("len", len));
       }},
      {"CM_Get_Device_ID_List_SizeA(&len, \"q\", CLASS)", src, with(CR_INVALID_DATA, "len=0"),
       [] {
         ULONG len = kPoison;
         CONFIGRET cr = CM_Get_Device_ID_List_SizeA(&len, "q", CM_GETIDLIST_FILTER_CLASS);
         return with(cr, number("len", len));
       }},
      {"CM_Get_Device_ID_ListW(class, buf, 0, CLASS|PRESENT)", src,
       with(CR_INVALID_POINTER, "buffer untouched"),
       [] {
         wchar_t buf[4] = {0xcccc, 0xcccc, 0xcccc, 0xcccc};
         CONFIGRET cr = CM_Get_Device_ID_ListW(kUsbClass, buf, 0, by_class);
         return with(cr, buf[0] == 0xcccc ? "buffer untouched" : "buffer written");
       }},
      {"CM_Get_Device_ID_ListW(class, buf, 1, CLASS|PRESENT)", src,
       with(CR_BUFFER_SMALL, "buf[0]=0"),
       [] {
         wchar_t buf[4] = {0xcccc, 0xcccc, 0xcccc, 0xcccc};
         CONFIGRET cr = CM_Get_Device_ID_ListW(kUsbClass, buf, 1, by_class);
         return with(cr, buf[0] == 0 ? "buf[0]=0" : "buf[0] not emptied");
       }},
      {"CM_Get_Device_ID_ListA(class, buf, 1, CLASS|PRESENT)", src,
       with(CR_BUFFER_SMALL, "buffer untouched"),
       [] {
         char buf[4] = {0x7c, 0x7c, 0x7c, 0x7c};
         CONFIGRET cr =
             CM_Get_Device_ID_ListA("{36FC9E60-C465-11CF-8056-444553540000}", buf, 1, by_class);
         return with(cr, buf[0] == 0x7c ? "buffer untouched" : "buffer written");
       }},
      {"CM_Get_Device_ID_List_SizeW(&len, L\"\", ENUMERATOR)", "Windows (observed, issue 11)",
       with(CR_NO_SUCH_VALUE, "len=0"),
       [] {
         ULONG len = kPoison;
         CONFIGRET cr = CM_Get_Device_ID_List_SizeW(&len, L"", CM_GETIDLIST_FILTER_ENUMERATOR);
         return with(cr, number("len", len));
       }},
      {"CM_Get_Device_ID_ListW(L\"\", buf, 16, ENUMERATOR)", "Windows (observed, issue 11)",
       code(CR_NO_SUCH_VALUE),
       [] {
         wchar_t buf[16];
         return code(CM_Get_Device_ID_ListW(L"", buf, 16, CM_GETIDLIST_FILTER_ENUMERATOR));
       }},
  };
}

std::vector<Row> locate_rows() {
  const char* src = "Wine cfgmgr32.c test_CM_Get_Device_ID_List";
  return {
      {"CM_Locate_DevNodeW(&dn, L\"q\", 0)", src, with(CR_INVALID_DEVICE_ID, "devinst=0"),
       [] {
         DEVINST dn = kPoison;
         wchar_t id[] = L"q";
         CONFIGRET cr = CM_Locate_DevNodeW(&dn, id, 0);
         return with(cr, number("devinst", dn));
       }},
      {"CM_Locate_DevNodeW(&dn, present ID with its first letter changed, 0)", src,
       code(CR_NO_SUCH_DEVNODE),
       [] {
         DEVINST dn = 0;
         std::wstring id = wide(kCamId);
         id[0] = L'Q';
         return code(CM_Locate_DevNodeW(&dn, id.data(), 0));
       }},
      {"CM_Get_Device_IDW(a DEVINST nothing located, ...)", "Windows (observed, issue 11)",
       code(CR_INVALID_DEVNODE),
       [] {
         wchar_t id[MAX_DEVICE_ID_LEN];
         return code(CM_Get_Device_IDW(0x7fff1234, id, MAX_DEVICE_ID_LEN, 0));
       }},
  };
}

std::vector<Row> interface_list_rows() {
  const char* size_src = "Wine cfgmgr32.c test_CM_Get_Device_Interface_List_Size";
  const char* list_src = "Wine cfgmgr32.c test_CM_Get_Device_Interface_List";
  static GUID usb = GUID_DEVINTERFACE_USB_DEVICE;
  return {
      {"CM_Get_Device_Interface_List_SizeW(NULL, class, NULL, PRESENT)", size_src,
       code(CR_INVALID_POINTER),
       [] {
         return code(CM_Get_Device_Interface_List_SizeW(nullptr, &usb, nullptr,
                                                        CM_GET_DEVICE_INTERFACE_LIST_PRESENT));
       }},
      {"CM_Get_Device_Interface_List_SizeW(&len, NULL class, NULL, PRESENT)", size_src,
       code(CR_FAILURE),
       [] {
         ULONG len = 0;
         return code(CM_Get_Device_Interface_List_SizeW(&len, nullptr, nullptr,
                                                        CM_GET_DEVICE_INTERFACE_LIST_PRESENT));
       }},
      {"CM_Get_Device_Interface_List_SizeW(&len, class, NULL, flag 2)", size_src,
       code(CR_INVALID_FLAG),
       [] {
         ULONG len = 0;
         return code(CM_Get_Device_Interface_List_SizeW(&len, &usb, nullptr, 2));
       }},
      {"CM_Get_Device_Interface_List_SizeW(&len, class, L\"INVALID\", ALL_DEVICES)", size_src,
       with(CR_INVALID_DEVNODE, "len=0"),
       [] {
         ULONG len = kPoison;
         wchar_t id[] = L"INVALID";
         CONFIGRET cr = CM_Get_Device_Interface_List_SizeW(
             &len, &usb, id, CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES);
         return with(cr, number("len", len));
       }},
      {"CM_Get_Device_Interface_List_SizeW(&len, class, L\"\\\\\\\\?\\\\\", ALL_DEVICES)", size_src,
       code(CR_INVALID_DEVNODE),
       [] {
         ULONG len = 0;
         wchar_t id[] = L"\\\\?\\";
         return code(CM_Get_Device_Interface_List_SizeW(&len, &usb, id,
                                                        CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES));
       }},
      {"CM_Get_Device_Interface_List_SizeW(&len, class, L\"\", ALL_DEVICES): as NULL", size_src,
       with(CR_SUCCESS, "same length as NULL"),
       [] {
         ULONG all = 0, empty = 0;
         wchar_t id[] = L"";
         CM_Get_Device_Interface_List_SizeW(&all, &usb, nullptr,
                                            CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES);
         CONFIGRET cr = CM_Get_Device_Interface_List_SizeW(
             &empty, &usb, id, CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES);
         return with(cr, all == empty ? "same length as NULL" : "another length");
       }},
      {"CM_Get_Device_Interface_ListW(class, NULL, NULL, 0, PRESENT)", list_src,
       code(CR_INVALID_POINTER),
       [] {
         return code(CM_Get_Device_Interface_ListW(&usb, nullptr, nullptr, 0,
                                                   CM_GET_DEVICE_INTERFACE_LIST_PRESENT));
       }},
      {"CM_Get_Device_Interface_ListW(NULL class, NULL, buf, 256, PRESENT)", list_src,
       code(CR_FAILURE),
       [] {
         wchar_t buf[256];
         return code(CM_Get_Device_Interface_ListW(nullptr, nullptr, buf, 256,
                                                   CM_GET_DEVICE_INTERFACE_LIST_PRESENT));
       }},
      {"CM_Get_Device_Interface_ListW(class, NULL, buf, 256, flag 4)", list_src,
       code(CR_INVALID_FLAG),
       [] {
         wchar_t buf[256];
         return code(CM_Get_Device_Interface_ListW(&usb, nullptr, buf, 256, 4));
       }},
      {"CM_Get_Device_Interface_ListW(class, L\"INVALID\", buf, 256, ALL_DEVICES)", list_src,
       code(CR_INVALID_DEVNODE),
       [] {
         wchar_t buf[256];
         wchar_t id[] = L"INVALID";
         return code(CM_Get_Device_Interface_ListW(&usb, id, buf, 256,
                                                   CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES));
       }},
  };
}

std::vector<Row> interface_property_rows() {
  const char* src = "Wine cfgmgr32.c test_CM_Get_Device_Interface_PropertyW";
  const char* keys_src = "Wine cfgmgr32.c test_CM_Get_Device_Interface_Property_Keys";
  static const std::wstring link = wide(kCamLink);
  auto property = [](const wchar_t* l, const DEVPROPKEY* key, bool with_type, bool with_buffer,
                     ULONG len, bool with_len, ULONG flags) {
    BYTE buffer[1024];
    DEVPROPTYPE type = kPoison;
    CONFIGRET cr = CM_Get_Device_Interface_PropertyW(l, key, with_type ? &type : nullptr,
                                                     with_buffer ? buffer : nullptr,
                                                     with_len ? &len : nullptr, flags);
    return with(cr, number("len", len));
  };
  auto keys = [](const std::wstring& l, bool with_buffer, ULONG count) {
    DEVPROPKEY buffer[64];
    CONFIGRET cr = CM_Get_Device_Interface_Property_KeysW(l.c_str(), with_buffer ? buffer : nullptr,
                                                          &count, 0);
    return with(cr, number("count", count));
  };
  // The link with one character changed, or cut short, as the Wine test shapes its bad links.
  auto edited = [](std::size_t at_from_brace, wchar_t c) {
    std::wstring l = link;
    l[l.rfind(L'{') + at_from_brace] = c;
    return l;
  };
  return {
      {"CM_Get_Device_Interface_PropertyW(NULL, InstanceId, &type, buf, &len, 0)", src,
       with(CR_INVALID_POINTER, "len=1024"),
       [property] {
         return property(nullptr, &DEVPKEY_Device_InstanceId, true, true, 1024, true, 0);
       }},
      {"CM_Get_Device_Interface_PropertyW(L\"qqq\", InstanceId, &type, buf, &len, 0)", src,
       with(CR_NO_SUCH_DEVICE_INTERFACE, "len=0"),
       [property] {
         return property(L"qqq", &DEVPKEY_Device_InstanceId, true, true, 1024, true, 0);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, InstanceId, &type, NULL, NULL, 0)", src,
       code(CR_INVALID_POINTER),
       [property] {
         return code(
             property(link.c_str(), &DEVPKEY_Device_InstanceId, true, false, 0, false, 0).code);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, InstanceId, &type, buf, NULL, 0)", src,
       code(CR_INVALID_POINTER),
       [property] {
         return code(
             property(link.c_str(), &DEVPKEY_Device_InstanceId, true, true, 0, false, 0).code);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, NULL key, &type, buf, &len, 0)", src,
       code(CR_FAILURE),
       [property] {
         return code(property(link.c_str(), nullptr, true, true, 1024, true, 0).code);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, InstanceId, NULL type, buf, &len, 0)", src,
       code(CR_INVALID_POINTER),
       [property] {
         return code(
             property(link.c_str(), &DEVPKEY_Device_InstanceId, false, true, 1024, true, 0).code);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, InstanceId, &type, NULL, &len=1024, 0)", src,
       with(CR_INVALID_POINTER, "len=1024"),
       [property] {
         return property(link.c_str(), &DEVPKEY_Device_InstanceId, true, false, 1024, true, 0);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, InstanceId, &type, NULL, &len=0, 0)", src,
       with(CR_BUFFER_SMALL, "len=" + std::to_string((kCamId.size() + 1) * sizeof(WCHAR))),
       [property] {
         return property(link.c_str(), &DEVPKEY_Device_InstanceId, true, false, 0, true, 0);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, InstanceId, &type, buf, &len, flags 1)",
       "Wine cfgmgr32.c test_CM_Get_Device_Interface_Property_setupapi", code(CR_INVALID_FLAG),
       [property] {
         return code(
             property(link.c_str(), &DEVPKEY_Device_InstanceId, true, true, 1024, true, 1).code);
       }},
      {"CM_Get_Device_Interface_PropertyW(link, zero key, &type, NULL, &len=0, 0)",
       "Wine cfgmgr32.c test_CM_Get_Device_Interface_Property_setupapi", code(CR_NO_SUCH_VALUE),
       [property] {
         static const DEVPROPKEY zero{};
         return code(property(link.c_str(), &zero, true, false, 0, true, 0).code);
       }},
      {"CM_Get_Device_Interface_Property_KeysW(NULL, buf, &count, 0)", keys_src,
       with(CR_INVALID_POINTER, "count=64"),
       [] {
         DEVPROPKEY buffer[64];
         ULONG count = 64;
         CONFIGRET cr = CM_Get_Device_Interface_Property_KeysW(nullptr, buffer, &count, 0);
         return with(cr, number("count", count));
       }},
      {"CM_Get_Device_Interface_Property_KeysW(L\"qqq\", buf, &count, 0)", keys_src,
       with(CR_INVALID_DATA, "count=0"), [keys] { return keys(L"qqq", true, 64); }},
      {"CM_Get_Device_Interface_Property_KeysW(link, NULL, NULL, 0)", keys_src,
       code(CR_INVALID_POINTER),
       [] {
         return code(CM_Get_Device_Interface_Property_KeysW(link.c_str(), nullptr, nullptr, 0));
       }},
      {"CM_Get_Device_Interface_Property_KeysW(link, NULL, &count=64, 0)", keys_src,
       with(CR_INVALID_POINTER, "count=64"), [keys] { return keys(link, false, 64); }},
      {"CM_Get_Device_Interface_Property_KeysW(link, NULL, &count=0, 0)", keys_src,
       code(CR_BUFFER_SMALL), [keys] { return code(keys(link, false, 0).code); }},
      {"CM_Get_Device_Interface_Property_KeysW(link, GUID's first digit changed)", keys_src,
       code(CR_NO_SUCH_DEVICE_INTERFACE),
       [keys, edited] { return code(keys(edited(1, L'6'), true, 64).code); }},
      {"CM_Get_Device_Interface_Property_KeysW(link, '{' of the GUID made '.')", keys_src,
       code(CR_INVALID_DATA),
       [keys, edited] { return code(keys(edited(0, L'.'), true, 64).code); }},
      {"CM_Get_Device_Interface_Property_KeysW(link cut before \"#{GUID}\")", keys_src,
       code(CR_INVALID_DATA),
       [keys] { return code(keys(link.substr(0, link.rfind(L'{') - 1), true, 64).code); }},
      {"CM_Get_Device_Interface_Property_KeysW(link, the character before \"#{\" changed)",
       keys_src, code(CR_NO_SUCH_DEVICE_INTERFACE),
       [keys] {
         std::wstring l = link;
         l[l.rfind(L'{') - 2] += 1;
         return code(keys(l, true, 64).code);
       }},
  };
}

std::vector<Row> class_and_enumerator_rows() {
  const char* classes = "Wine cfgmgr32.c test_CM_Enumerate_Classes";
  const char* enumerators = "Wine cfgmgr32.c test_CM_Enumerate_Enumerators";
  auto enumerator = [](ULONG index, bool with_buffer, ULONG len, bool with_len, ULONG flags) {
    wchar_t buffer[MAX_PATH];
    CONFIGRET cr = CM_Enumerate_EnumeratorsW(index, with_buffer ? buffer : nullptr,
                                             with_len ? &len : nullptr, flags);
    return with(cr, number("len", len));
  };
  return {
      {"CM_Enumerate_Classes(0, NULL, 0)", classes, code(CR_INVALID_POINTER),
       [] { return code(CM_Enumerate_Classes(0, nullptr, 0)); }},
      {"CM_Enumerate_Classes(0, &guid, flag 2)", classes, code(CR_INVALID_FLAG),
       [] {
         GUID g;
         return code(CM_Enumerate_Classes(0, &g, 2));
       }},
      {"CM_Enumerate_Classes(-1, &guid, 0)", classes, code(CR_NO_SUCH_VALUE),
       [] {
         GUID g;
         return code(CM_Enumerate_Classes(ULONG(-1), &g, 0));
       }},
      {"CM_Enumerate_EnumeratorsW(0, NULL, &len=0, 0)", enumerators,
       with(CR_INVALID_POINTER, "len=0"),
       [enumerator] { return enumerator(0, false, 0, true, 0); }},
      {"CM_Enumerate_EnumeratorsW(0, NULL, &len=1, 0)", enumerators,
       with(CR_INVALID_POINTER, "len=1"),
       [enumerator] { return enumerator(0, false, 1, true, 0); }},
      {"CM_Enumerate_EnumeratorsW(0, buf, NULL, 0)", enumerators, code(CR_INVALID_POINTER),
       [enumerator] { return code(enumerator(0, true, 0, false, 0).code); }},
      {"CM_Enumerate_EnumeratorsW(0, buf, &len=0, 0)", enumerators, with(CR_INVALID_DATA, "len=0"),
       [enumerator] { return enumerator(0, true, 0, true, 0); }},
      {"CM_Enumerate_EnumeratorsW(0, buf, &len, flag 1)", enumerators, code(CR_INVALID_FLAG),
       [enumerator] { return code(enumerator(0, true, MAX_PATH, true, 1).code); }},
      {"CM_Enumerate_EnumeratorsW(-1, buf, &len=MAX_PATH, 0)", enumerators,
       with(CR_NO_SUCH_VALUE, "len=" + std::to_string(MAX_PATH)),
       [enumerator] { return enumerator(ULONG(-1), true, MAX_PATH, true, 0); }},
  };
}

// ---- devquery (cfgmgr32.dll's Dev* functions) ----

Answer hresult(HRESULT hr) { return code(static_cast<DWORD>(hr)); }

void WINAPI ignore_result(HDEVQUERY, PVOID, const DEV_QUERY_RESULT_ACTION_DATA*) {}

std::vector<Row> devquery_rows() {
  const char* objects = "Wine cfgmgr32.c test_DevGetObjects";
  const char* query = "Wine cfgmgr32.c test_DevCreateObjectQuery";
  const char* properties = "Wine cfgmgr32.c test_DevGetObjectProperties_invalid";
  const char* find = "Wine cfgmgr32.c test_DevFindProperty_invalid";
  // The type travels as a number: a C caller may pass any value, and loading one outside the
  // enumeration from a C++ variable of the enum type is what UBSan (rightly) stops at.
  auto get_objects = [](unsigned type, ULONG flags, ULONG key_count, const DEVPROPCOMPKEY* keys,
                        ULONG filter_count, const DEVPROP_FILTER_EXPRESSION* filter) {
    ULONG count = kPoison;
    const DEV_OBJECT* list = reinterpret_cast<const DEV_OBJECT*>(std::uintptr_t{0xdeadbeef});
    HRESULT hr = DevGetObjects(static_cast<DEV_OBJECT_TYPE>(type), flags, key_count, keys,
                               filter_count, filter, &count, &list);
    const bool untouched =
        count == kPoison && list == reinterpret_cast<const DEV_OBJECT*>(std::uintptr_t{0xdeadbeef});
    if (hr == S_OK) {
      std::string outputs = number("count", count) + (list == nullptr ? ", NULL" : ", a list");
      DevFreeObjects(count, list);
      return with(static_cast<DWORD>(hr), outputs);
    }
    return with(static_cast<DWORD>(hr), untouched ? "untouched" : "written");
  };
  static const DEVPROPCOMPKEY enabled_key{DEVPKEY_DeviceInterface_Enabled, DEVPROP_STORE_SYSTEM,
                                          nullptr};
  auto* bogus = reinterpret_cast<const DEVPROPCOMPKEY*>(std::uintptr_t{0xdeadbeef});
  auto* bogus_filter =
      reinterpret_cast<const DEVPROP_FILTER_EXPRESSION*>(std::uintptr_t{0xdeadbeef});
  return {
      {"DevGetObjects(Interface, None, 1 key, NULL keys, ...)", objects,
       with(E_INVALIDARG, "untouched"),
       [get_objects] {
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagNone, 1, nullptr, 0, nullptr);
       }},
      {"DevGetObjects(Interface, None, 0, NULL, 1 filter, NULL filters, ...)", objects,
       with(E_INVALIDARG, "untouched"),
       [get_objects] {
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagNone, 0, nullptr, 1, nullptr);
       }},
      {"DevGetObjects(Interface, None, 0 keys, 0xdeadbeef keys, ...)", objects,
       with(E_INVALIDARG, "untouched"),
       [get_objects, bogus] {
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagNone, 0, bogus, 0, nullptr);
       }},
      {"DevGetObjects(Interface, None, ..., 0 filters, 0xdeadbeef filters)", objects,
       with(E_INVALIDARG, "untouched"),
       [get_objects, bogus_filter] {
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagNone, 0, nullptr, 0,
                            bogus_filter);
       }},
      {"DevGetObjects(Interface, UpdateResults, ...)", objects, with(E_INVALIDARG, "untouched"),
       [get_objects] {
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagUpdateResults, 0, nullptr, 0,
                            nullptr);
       }},
      {"DevGetObjects(Interface, AsyncClose, ...)", objects, with(E_INVALIDARG, "untouched"),
       [get_objects] {
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagAsyncClose, 0, nullptr, 0,
                            nullptr);
       }},
      {"DevGetObjects(Interface, flags 0xdeadbeef, ...)", objects, with(E_INVALIDARG, "untouched"),
       [get_objects] {
         return get_objects(DevObjectTypeDeviceInterface, 0xdeadbeef, 0, nullptr, 0, nullptr);
       }},
      {"DevGetObjects(Interface, AllProperties, 1 key, ...)", objects,
       with(E_INVALIDARG, "untouched"),
       [get_objects] {
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagAllProperties, 1,
                            &enabled_key, 0, nullptr);
       }},
      {"DevGetObjects(Unknown type, ...)", objects, with(S_OK, "count=0, NULL"),
       [get_objects] {
         return get_objects(DevObjectTypeUnknown, DevQueryFlagNone, 0, nullptr, 0, nullptr);
       }},
      {"DevGetObjects(type 0xdeadbeef, ...)", objects, with(S_OK, "count=0, NULL"),
       [get_objects] { return get_objects(0xdeadbeef, DevQueryFlagNone, 0, nullptr, 0, nullptr); }},
      {"DevGetObjects(Interface, ..., a BOOLEAN filter with a NULL buffer)", objects,
       with(E_INVALIDARG, "untouched"),
       [get_objects] {
         DEVPROP_FILTER_EXPRESSION f{};
         f.Operator = DEVPROP_OPERATOR_EQUALS;
         f.Property.CompKey = enabled_key;
         f.Property.Type = DEVPROP_TYPE_BOOLEAN;
         f.Property.BufferSize = sizeof(DEVPROP_BOOLEAN);
         f.Property.Buffer = nullptr;
         return get_objects(DevObjectTypeDeviceInterface, DevQueryFlagAllProperties, 0, nullptr, 1,
                            &f);
       }},
      {"DevCreateObjectQuery(Interface, 0, ..., NULL callback, NULL, &query)", query,
       with(E_INVALIDARG, "query=NULL"),
       [] {
         HDEVQUERY q = reinterpret_cast<HDEVQUERY>(std::uintptr_t{1});
         HRESULT hr = DevCreateObjectQuery(DevObjectTypeDeviceInterface, 0, 0, nullptr, 0, nullptr,
                                           nullptr, nullptr, &q);
         return with(static_cast<DWORD>(hr), q == nullptr ? "query=NULL" : "query set");
       }},
      {"DevCreateObjectQuery(Interface, flags 0xdeadbeef, ..., callback, NULL, &query)", query,
       with(E_INVALIDARG, "query=NULL"),
       [] {
         HDEVQUERY q = reinterpret_cast<HDEVQUERY>(std::uintptr_t{1});
         HRESULT hr = DevCreateObjectQuery(DevObjectTypeDeviceInterface, 0xdeadbeef, 0, nullptr, 0,
                                           nullptr, ignore_result, nullptr, &q);
         return with(static_cast<DWORD>(hr), q == nullptr ? "query=NULL" : "query set");
       }},
      {"DevGetObjectProperties(Unknown, NULL, 0, 0, NULL, NULL, NULL)", properties,
       hresult(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)),
       [] {
         return hresult(DevGetObjectProperties(DevObjectTypeUnknown, nullptr, 0, 0, nullptr,
                                               nullptr, nullptr));
       }},
      {"DevGetObjectProperties(Unknown, L\"\", 0, 0, NULL, NULL, NULL)", properties,
       hresult(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)),
       [] {
         return hresult(
             DevGetObjectProperties(DevObjectTypeUnknown, L"", 0, 0, nullptr, nullptr, nullptr));
       }},
      {"DevGetObjectProperties(Unknown, NULL, AsyncClose, ...)", properties, hresult(E_INVALIDARG),
       [] {
         return hresult(DevGetObjectProperties(
             DevObjectTypeUnknown, nullptr, DevQueryFlagAsyncClose, 0, nullptr, nullptr, nullptr));
       }},
      {"DevGetObjectProperties(Interface, L\"foobar\", UpdateResults, ...)", properties,
       hresult(E_INVALIDARG),
       [] {
         return hresult(DevGetObjectProperties(DevObjectTypeDeviceInterface, L"foobar",
                                               DevQueryFlagUpdateResults, 0, nullptr, nullptr,
                                               nullptr));
       }},
      {"DevGetObjectProperties(Unknown, NULL, 0, 1 key, NULL keys, NULL, NULL)", properties,
       hresult(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)),
       [] {
         return hresult(DevGetObjectProperties(DevObjectTypeUnknown, nullptr, 0, 1, nullptr,
                                               nullptr, nullptr));
       }},
      {"DevGetObjectProperties(Interface, L\"foobar\", 0, 0, NULL, NULL, NULL)", properties,
       hresult(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)),
       [] {
         return hresult(DevGetObjectProperties(DevObjectTypeDeviceInterface, L"foobar", 0, 0,
                                               nullptr, nullptr, nullptr));
       }},
      {"DevGetObjectProperties(Interface, NULL, 0, 0, NULL, NULL, NULL)", properties,
       hresult(E_INVALIDARG),
       [] {
         return hresult(DevGetObjectProperties(DevObjectTypeDeviceInterface, nullptr, 0, 0, nullptr,
                                               nullptr, nullptr));
       }},
      {"DevFindProperty(key, SYSTEM, NULL, 0, NULL) / (..., 0, 0xdeadbeef)", find,
       with(ERROR_SUCCESS, "NULL, NULL"),
       [] {
         static const DEVPROPKEY key = DEVPKEY_Device_InstanceId;
         auto* bogus_props = reinterpret_cast<const DEVPROPERTY*>(std::uintptr_t{0xdeadbeef});
         const DEVPROPERTY* a = DevFindProperty(&key, DEVPROP_STORE_SYSTEM, nullptr, 0, nullptr);
         const DEVPROPERTY* b =
             DevFindProperty(&key, DEVPROP_STORE_SYSTEM, nullptr, 0, bogus_props);
         return with(ERROR_SUCCESS, std::string(a == nullptr ? "NULL" : "found") + ", " +
                                        (b == nullptr ? "NULL" : "found"));
       }},
  };
}

// ---- setupapi ----

std::vector<Row> setupapi_rows() {
  // SetupDiCreateDeviceInfoListExW (not in this library) shows Windows' answer for these two
  // arguments; the Ex form of SetupDiGetClassDevs takes the same two.
  const char* list_ex =
      "our choice, as Wine devinst.c test_create_device_list_ex for the list's Ex";
  const char* info = "Wine devinst.c test_device_info";
  const char* instance_id = "Wine devinst.c test_get_device_instance_id";
  const char* open_info = "Wine devinst.c test_open_device_info";
  const char* detail = "Wine devinst.c test_device_iface_detail";
  const char* property = "Wine devinst.c test_device_property";
  const char* key = "Wine devinst.c test_device_key";
  return {
      {"SetupDiGetClassDevsExW(&class, NULL, NULL, DIGCF_PRESENT, NULL, NULL, \"NotNull\")",
       list_ex, code(ERROR_INVALID_PARAMETER),
       [] {
         static char not_null[] = "NotNull";
         HDEVINFO s = SetupDiGetClassDevsExW(&GUID_DEVCLASS_USB, nullptr, nullptr, DIGCF_PRESENT,
                                             nullptr, nullptr, not_null);
         return code(s == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS);
       }},
      {"SetupDiGetClassDevsExW(..., machine L\"dummy\", NULL)", list_ex,
       code(ERROR_INVALID_MACHINENAME),
       [] {
         HDEVINFO s = SetupDiGetClassDevsExW(&GUID_DEVCLASS_USB, nullptr, nullptr, DIGCF_PRESENT,
                                             nullptr, L"dummy", nullptr);
         return code(s == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS);
       }},
      {"SetupDiGetClassDevsW(NULL class, NULL, NULL, DIGCF_PRESENT)",
       "Microsoft docs (ClassGuid required without DIGCF_ALLCLASSES)",
       code(ERROR_INVALID_PARAMETER),
       [] {
         HDEVINFO s = SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_PRESENT);
         return code(s == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS);
       }},
      {"SetupDiEnumDeviceInfo(set, past the end, &data)", info, code(ERROR_NO_MORE_ITEMS),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA&) {
           SP_DEVINFO_DATA d{};
           d.cbSize = sizeof d;
           return last_error(SetupDiEnumDeviceInfo(set, 1000, &d));
         });
       }},
      {"SetupDiGetDeviceInstanceIdA(NULL, NULL, NULL, 0, NULL)", instance_id,
       code(ERROR_INVALID_HANDLE),
       [] {
         return last_error(SetupDiGetDeviceInstanceIdA(nullptr, nullptr, nullptr, 0, nullptr));
       }},
      {"SetupDiGetDeviceInstanceIdA(NULL, &data, NULL, 0, NULL)", instance_id,
       code(ERROR_INVALID_HANDLE),
       [] {
         SP_DEVINFO_DATA d{};
         return last_error(SetupDiGetDeviceInstanceIdA(nullptr, &d, nullptr, 0, nullptr));
       }},
      {"SetupDiGetDeviceInstanceIdA(set, NULL data, NULL, 0, NULL)", instance_id,
       code(ERROR_INVALID_PARAMETER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA&) {
           return last_error(SetupDiGetDeviceInstanceIdA(set, nullptr, nullptr, 0, nullptr));
         });
       }},
      {"SetupDiGetDeviceInstanceIdA(set, data with cbSize 0, NULL, 0, &size)", instance_id,
       code(ERROR_INVALID_PARAMETER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           SP_DEVINFO_DATA d = member;
           d.cbSize = 0;
           DWORD size = 0;
           return last_error(SetupDiGetDeviceInstanceIdA(set, &d, nullptr, 0, &size));
         });
       }},
      {"SetupDiGetDeviceInstanceIdA(set, zeroed data (no member), NULL, 0, &size)", instance_id,
       code(ERROR_INVALID_PARAMETER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA&) {
           SP_DEVINFO_DATA d{};
           d.cbSize = sizeof d;
           DWORD size = 0;
           return last_error(SetupDiGetDeviceInstanceIdA(set, &d, nullptr, 0, &size));
         });
       }},
      {"SetupDiGetDeviceInstanceIdA(set, member, NULL, 0, &size)", instance_id,
       with(ERROR_INSUFFICIENT_BUFFER, "size=" + std::to_string(kCamId.size() + 1)),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA&) {
           SP_DEVINFO_DATA d{};
           d.cbSize = sizeof d;
           SP_DEVINFO_DATA cam{};
           cam.cbSize = sizeof cam;
           for (DWORD i = 0; SetupDiEnumDeviceInfo(set, i, &d); ++i) {
             char id[MAX_DEVICE_ID_LEN];
             if (SetupDiGetDeviceInstanceIdA(set, &d, id, sizeof id, nullptr) && id == kCamId)
               cam = d;
           }
           DWORD size = kPoison;
           Answer a = last_error(SetupDiGetDeviceInstanceIdA(set, &cam, nullptr, 0, &size));
           return with(a.code, number("size", size));
         });
       }},
      {"SetupDiOpenDeviceInfoA(NULL, id, NULL, 0, &data)", open_info, code(ERROR_INVALID_HANDLE),
       [] {
         SP_DEVINFO_DATA d{};
         d.cbSize = sizeof d;
         return last_error(SetupDiOpenDeviceInfoA(nullptr, kCamId.c_str(), nullptr, 0, &d));
       }},
      {"SetupDiOpenDeviceInfoA(set, NULL id, NULL, 0, &data)", open_info,
       code(ERROR_INVALID_PARAMETER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA&) {
           SP_DEVINFO_DATA d{};
           d.cbSize = sizeof d;
           return last_error(SetupDiOpenDeviceInfoA(set, nullptr, nullptr, 0, &d));
         });
       }},
      {"SetupDiOpenDeviceInfoA(set, absent id, NULL, 0, &data)", open_info,
       code(ERROR_NO_SUCH_DEVINST),
       [] {
         HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
         SP_DEVINFO_DATA d{};
         d.cbSize = sizeof d;
         Answer a =
             last_error(SetupDiOpenDeviceInfoA(set, "Root\\LEGACY_BOGUS\\FFFF", nullptr, 0, &d));
         SetupDiDestroyDeviceInfoList(set);
         return a;
       }},
      {"SetupDiOpenDeviceInfoA(set of another class, id, NULL, 0, &data)", open_info,
       code(ERROR_CLASS_MISMATCH),
       [] {
         HDEVINFO set = SetupDiCreateDeviceInfoList(&GUID_DEVCLASS_DISKDRIVE, nullptr);
         SP_DEVINFO_DATA d{};
         d.cbSize = sizeof d;
         Answer a = last_error(SetupDiOpenDeviceInfoA(set, kCamId.c_str(), nullptr, 0, &d));
         SetupDiDestroyDeviceInfoList(set);
         return a;
       }},
      {"SetupDiOpenDeviceInfoA(set, id, NULL, 0, data with cbSize 0): added anyway", open_info,
       with(ERROR_INVALID_USER_BUFFER, "device added"),
       [] {
         HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
         SP_DEVINFO_DATA d{};
         Answer a = last_error(SetupDiOpenDeviceInfoA(set, kCamId.c_str(), nullptr, 0, &d));
         SP_DEVINFO_DATA first{};
         first.cbSize = sizeof first;
         a.outputs = SetupDiEnumDeviceInfo(set, 0, &first) ? "device added" : "set empty";
         SetupDiDestroyDeviceInfoList(set);
         return a;
       }},
      {"SetupDiOpenDeviceInfoA(set, id, NULL, 0, NULL data)", open_info,
       with(ERROR_SUCCESS, "device added"),
       [] {
         HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
         Answer a = last_error(SetupDiOpenDeviceInfoA(set, kCamId.c_str(), nullptr, 0, nullptr));
         SP_DEVINFO_DATA first{};
         first.cbSize = sizeof first;
         a.outputs = SetupDiEnumDeviceInfo(set, 0, &first) ? "device added" : "set empty";
         SetupDiDestroyDeviceInfoList(set);
         return a;
       }},
      {"SetupDiGetDeviceInterfaceDetailA(NULL, NULL, NULL, 0, NULL, NULL)", detail,
       code(ERROR_INVALID_HANDLE),
       [] {
         return last_error(
             SetupDiGetDeviceInterfaceDetailA(nullptr, nullptr, nullptr, 0, nullptr, nullptr));
       }},
      {"SetupDiGetDeviceInterfaceDetailA(set, NULL, NULL, 0, NULL, NULL)", detail,
       code(ERROR_INVALID_PARAMETER),
       [] {
         return on_camera_interface([](HDEVINFO set, SP_DEVICE_INTERFACE_DATA&) {
           return last_error(
               SetupDiGetDeviceInterfaceDetailA(set, nullptr, nullptr, 0, nullptr, nullptr));
         });
       }},
      {"SetupDiGetDeviceInterfaceDetailA(set, iface, NULL, 0, &size, NULL)", detail,
       with(ERROR_INSUFFICIENT_BUFFER,
            "size=" + std::to_string(offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_A, DevicePath) +
                                     kCamLink.size() + 1)),
       [] {
         return on_camera_interface([](HDEVINFO set, SP_DEVICE_INTERFACE_DATA& iface) {
           DWORD size = kPoison;
           Answer a = last_error(
               SetupDiGetDeviceInterfaceDetailA(set, &iface, nullptr, 0, &size, nullptr));
           return with(a.code, number("size", size));
         });
       }},
      {"SetupDiGetDeviceInterfaceDetailA(set, iface, NULL, 100, NULL, NULL)", detail,
       code(ERROR_INVALID_USER_BUFFER),
       [] {
         return on_camera_interface([](HDEVINFO set, SP_DEVICE_INTERFACE_DATA& iface) {
           return last_error(
               SetupDiGetDeviceInterfaceDetailA(set, &iface, nullptr, 100, nullptr, nullptr));
         });
       }},
      {"SetupDiGetDeviceInterfaceDetailA(set, iface, detail with cbSize 0, 512, &size, NULL)",
       detail, with(ERROR_INVALID_USER_BUFFER, "size=untouched"),
       [] {
         return on_camera_interface([](HDEVINFO set, SP_DEVICE_INTERFACE_DATA& iface) {
           alignas(SP_DEVICE_INTERFACE_DETAIL_DATA_A) char buffer[512] = {};
           auto* d = reinterpret_cast<SP_DEVICE_INTERFACE_DETAIL_DATA_A*>(buffer);
           d->cbSize = 0;
           DWORD size = kPoison;
           Answer a = last_error(
               SetupDiGetDeviceInterfaceDetailA(set, &iface, d, sizeof buffer, &size, nullptr));
           return with(a.code, number("size", size));
         });
       }},
      {"SetupDiGetDevicePropertyW(NULL, &data, FriendlyName, ...)", property,
       code(ERROR_INVALID_HANDLE),
       [] {
         SP_DEVINFO_DATA d{};
         d.cbSize = sizeof d;
         DEVPROPTYPE type = 0;
         BYTE buffer[64];
         DWORD size = 0;
         return last_error(SetupDiGetDevicePropertyW(nullptr, &d, &DEVPKEY_Device_FriendlyName,
                                                     &type, buffer, sizeof buffer, &size, 0));
       }},
      {"SetupDiGetDevicePropertyW(set, NULL data, FriendlyName, ...)", property,
       code(ERROR_INVALID_PARAMETER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA&) {
           DEVPROPTYPE type = 0;
           BYTE buffer[64];
           DWORD size = 0;
           return last_error(SetupDiGetDevicePropertyW(set, nullptr, &DEVPKEY_Device_FriendlyName,
                                                       &type, buffer, sizeof buffer, &size, 0));
         });
       }},
      {"SetupDiGetDevicePropertyW(set, member, NULL key, ...)", property,
       with(ERROR_INVALID_DATA, "size=0"),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           DEVPROPTYPE type = 0;
           BYTE buffer[64];
           DWORD size = 0;
           Answer a = last_error(SetupDiGetDevicePropertyW(set, &member, nullptr, &type, buffer,
                                                           sizeof buffer, &size, 0));
           return with(a.code, number("size", size));
         });
       }},
      {"SetupDiGetDevicePropertyW(set, member, key, NULL type, ...)", property,
       code(ERROR_INVALID_USER_BUFFER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           BYTE buffer[64];
           DWORD size = 0;
           return last_error(SetupDiGetDevicePropertyW(set, &member, &DEVPKEY_Device_InstanceId,
                                                       nullptr, buffer, sizeof buffer, &size, 0));
         });
       }},
      {"SetupDiGetDevicePropertyW(set, member, key, &type, NULL, 64, ...)", property,
       code(ERROR_INVALID_USER_BUFFER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           DEVPROPTYPE type = 0;
           DWORD size = 0;
           return last_error(SetupDiGetDevicePropertyW(set, &member, &DEVPKEY_Device_InstanceId,
                                                       &type, nullptr, 64, &size, 0));
         });
       }},
      {"SetupDiGetDevicePropertyW(set, member, key, &type, buf, size, &size, flags 1)", property,
       code(ERROR_INVALID_FLAGS),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           DEVPROPTYPE type = 0;
           BYTE buffer[512];
           DWORD size = 0;
           return last_error(SetupDiGetDevicePropertyW(set, &member, &DEVPKEY_Device_InstanceId,
                                                       &type, buffer, sizeof buffer, &size, 1));
         });
       }},
      {"SetupDiGetDevicePropertyW(set, member, a key it lacks, ...)", property,
       code(ERROR_NOT_FOUND),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           static const DEVPROPKEY unknown{{0xdeadbeef, 0xdead, 0xbeef, {0xde, 0xad}}, 1};
           DEVPROPTYPE type = 0;
           BYTE buffer[512];
           DWORD size = 0;
           return last_error(SetupDiGetDevicePropertyW(set, &member, &unknown, &type, buffer,
                                                       sizeof buffer, &size, 0));
         });
       }},
      {"SetupDiGetDevicePropertyKeys(set, member, NULL, 10, NULL, 0)", property,
       code(ERROR_INVALID_USER_BUFFER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           return last_error(SetupDiGetDevicePropertyKeys(set, &member, nullptr, 10, nullptr, 0));
         });
       }},
      {"SetupDiGetDevicePropertyKeys(set, member, NULL, 0, NULL, 0)", property,
       code(ERROR_INSUFFICIENT_BUFFER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           return last_error(SetupDiGetDevicePropertyKeys(set, &member, nullptr, 0, nullptr, 0));
         });
       }},
      {"SetupDiGetDevicePropertyKeys(set, member, NULL, 0, &len, 0xdeadbeef)", property,
       code(ERROR_INVALID_FLAGS),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           DWORD len = 0;
           return last_error(
               SetupDiGetDevicePropertyKeys(set, &member, nullptr, 0, &len, 0xdeadbeef));
         });
       }},
      {"SetupDiOpenDevRegKey(NULL, NULL, 0, 0, 0, 0)", key, code(ERROR_INVALID_HANDLE),
       [] {
         HKEY k = SetupDiOpenDevRegKey(nullptr, nullptr, 0, 0, 0, 0);
         return code(k == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS);
       }},
      {"SetupDiOpenDevRegKey(set, NULL, 0, 0, 0, 0)", key, code(ERROR_INVALID_PARAMETER),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA&) {
           HKEY k = SetupDiOpenDevRegKey(set, nullptr, 0, 0, 0, 0);
           return code(k == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS);
         });
       }},
      {"SetupDiOpenDevRegKey(set, member, DICS_FLAG_GLOBAL, 0, DIREG_BOTH, 0)", key,
       code(ERROR_INVALID_FLAGS),
       [] {
         return on_all_devices([](HDEVINFO set, SP_DEVINFO_DATA& member) {
           HKEY k = SetupDiOpenDevRegKey(set, &member, DICS_FLAG_GLOBAL, 0, DIREG_BOTH, 0);
           return code(k == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS);
         });
       }},
      {"SetupDiGetDeviceRegistryPropertyA(set, member without one, SPDRP_DRIVER, ...)", key,
       code(ERROR_INVALID_DATA),
       [] {
         HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
         SP_DEVINFO_DATA d{};
         d.cbSize = sizeof d;
         SetupDiOpenDeviceInfoA(set, kBareId.c_str(), nullptr, 0, &d);
         char driver[64];
         Answer a = last_error(SetupDiGetDeviceRegistryPropertyA(set, &d, SPDRP_DRIVER, nullptr,
                                                                 reinterpret_cast<PBYTE>(driver),
                                                                 sizeof driver, nullptr));
         SetupDiDestroyDeviceInfoList(set);
         return a;
       }},
  };
}

std::vector<Row> all_rows() {
  std::vector<Row> rows;
  for (auto part :
       {mapping_rows, notification_rows, id_list_rows, locate_rows, interface_list_rows,
        interface_property_rows, class_and_enumerator_rows, devquery_rows, setupapi_rows}) {
    auto more = part();
    rows.insert(rows.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
  }
  return rows;
}

class Win32ObservedAnswers : public testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    testing::add_hub_and_camera(source());
    // A device with no driver and no setup class: registry properties it lacks.
    source().add_device(testing::make_device(kBareId, "/sys/devices/virtual/cmnotify/bare"));
  }
};

// Every row: the call answers what Windows answers, and leaves the outputs as Windows does.
TEST_F(Win32ObservedAnswers, EachCallAnswersAsWindows) {
  const std::vector<Row> rows = all_rows();
  ASSERT_GE(rows.size(), 80u);
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.call) + "  [" + row.source + "]");
    EXPECT_EQ(row.run(), row.expected);
  }
}

}  // namespace
}  // namespace cmnotify
