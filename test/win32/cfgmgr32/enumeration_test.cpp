// Enumeration against the in-memory source: interface lists (sizes agree with lists, the list
// may grow between the calls), device ID lists and their filters, CM_Locate_DevNode,
// CM_Get_Device_ID, CM_Get_Parent and CM_Get_DevNode_PropertyW.
#include <cfgmgr32.h>
#include <devguid.h>
#include <devpkey.h>
#include <ntddstor.h>
#include <usbiodef.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "support/memory_engine.hpp"
#include "win32/usb_devices.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using testing::add_hub_and_camera;
using testing::entries;
using testing::get;
using testing::kCamId;
using testing::kCamLink;
using testing::kHubId;
using testing::kHubLink;
using testing::Property;
using testing::wide;

const std::string kDiskId = "USBSTOR\\DISK&VEN_ACME&PROD_STICK&REV_1.00\\123456&0";
const std::string kDiskLink =
    "\\\\?\\USBSTOR#DISK&VEN_ACME&PROD_STICK&REV_1.00#123456&0#"
    "{53f56307-b6bf-11d0-94f2-00a0c91efb8b}";

class Win32Enumeration : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    add_hub_and_camera(source(), [](Device& cam) {
      cam.compatible_ids = {"USB\\Class_EF&SubClass_02&Prot_01", "USB\\Class_EF&SubClass_02",
                            "USB\\Class_EF"};
      cam.manufacturer.clear();
      cam.devnode = "/dev/bus/usb/001/002";
    });

    auto disk = std::make_shared<Device>();
    disk->instance_id = kDiskId;
    disk->parent_instance_id = kCamId;
    disk->syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host0/block/sda";
    disk->interfaces = {{interface_class::disk, kDiskLink}};
    disk->setup_class = setup_class::disk_drive;
    disk->devnode = "/dev/sda";
    disk->subsystem = "block";
    source().add_device(disk);
  }

  static DEVINST locate(const std::string& id) {
    DEVINST dn = 0;
    EXPECT_EQ(CM_Locate_DevNodeA(&dn, const_cast<char*>(id.c_str()), 0), CR_SUCCESS) << id;
    return dn;
  }
};

// ---- Interface lists ----

TEST_F(Win32Enumeration, InterfaceListSizeAndListAgree) {
  GUID cls = GUID_DEVINTERFACE_USB_DEVICE;
  ULONG size = 0;
  ASSERT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, nullptr,
                                               CM_GET_DEVICE_INTERFACE_LIST_PRESENT),
            CR_SUCCESS);
  EXPECT_EQ(size, kCamLink.size() + 2);
  std::vector<wchar_t> list(size, L'#');
  ASSERT_EQ(CM_Get_Device_Interface_ListW(&cls, nullptr, list.data(), size,
                                          CM_GET_DEVICE_INTERFACE_LIST_PRESENT),
            CR_SUCCESS);
  EXPECT_EQ(entries(list.data()), std::vector<std::wstring>{wide(kCamLink)});
  EXPECT_EQ(list[size - 1], L'\0');
  EXPECT_EQ(list[size - 2], L'\0');
  // ALL_DEVICES: the device map holds present devices only, so the same list.
  ASSERT_EQ(CM_Get_Device_Interface_ListW(&cls, nullptr, list.data(), size,
                                          CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES),
            CR_SUCCESS);
  EXPECT_EQ(entries(list.data()), std::vector<std::wstring>{wide(kCamLink)});
  // ANSI: the same list in UTF-8.
  ULONG size_a = 0;
  ASSERT_EQ(CM_Get_Device_Interface_List_SizeA(&size_a, &cls, nullptr, 0), CR_SUCCESS);
  EXPECT_EQ(size_a, size);
  std::vector<char> list_a(size_a);
  ASSERT_EQ(CM_Get_Device_Interface_ListA(&cls, nullptr, list_a.data(), size_a, 0), CR_SUCCESS);
  EXPECT_EQ(entries(list_a.data()), std::vector<std::string>{kCamLink});
}

TEST_F(Win32Enumeration, EmptyListIsOneNul) {
  GUID cls = GUID_DEVINTERFACE_CDROM;
  ULONG size = 0;
  ASSERT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, nullptr, 0), CR_SUCCESS);
  EXPECT_EQ(size, 1u);
  wchar_t one = L'#';
  EXPECT_EQ(CM_Get_Device_Interface_ListW(&cls, nullptr, &one, 1, 0), CR_SUCCESS);
  EXPECT_EQ(one, L'\0');
}

TEST_F(Win32Enumeration, FilterByDeviceInstance) {
  GUID cls = GUID_DEVINTERFACE_DISK;
  ULONG size = 0;
  std::wstring id = L"usbstor\\disk&ven_acme&prod_stick&rev_1.00\\123456&0";  // any case
  ASSERT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, id.data(), 0), CR_SUCCESS);
  std::vector<wchar_t> list(size);
  ASSERT_EQ(CM_Get_Device_Interface_ListW(&cls, id.data(), list.data(), size, 0), CR_SUCCESS);
  EXPECT_EQ(entries(list.data()), std::vector<std::wstring>{wide(kDiskLink)});
  // The camera has no disk interface.
  std::wstring cam = wide(kCamId);
  ASSERT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, cam.data(), 0), CR_SUCCESS);
  EXPECT_EQ(size, 1u);
  std::wstring empty;
  ASSERT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, empty.data(), 0), CR_SUCCESS)
      << "an empty ID means no filter";
  EXPECT_EQ(size, kDiskLink.size() + 2);
  std::wstring absent = L"ROOT\\NONE\\0000";
  // Windows: any ID that names no device node, absent or malformed, is CR_INVALID_DEVNODE.
  EXPECT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, absent.data(), 0), CR_INVALID_DEVNODE);
  std::wstring malformed = L"NO SUCH";
  EXPECT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, malformed.data(), 0),
            CR_INVALID_DEVNODE);
  EXPECT_EQ(size, 0u);
}

TEST_F(Win32Enumeration, InterfaceListArguments) {
  GUID cls = GUID_DEVINTERFACE_DISK;
  ULONG size = 0;
  wchar_t buffer[4];
  EXPECT_EQ(CM_Get_Device_Interface_List_SizeW(nullptr, &cls, nullptr, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Device_Interface_List_SizeW(&size, nullptr, nullptr, 0), CR_FAILURE);
  EXPECT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, nullptr, 2), CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_Device_Interface_ListW(&cls, nullptr, nullptr, 10, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Device_Interface_ListW(&cls, nullptr, buffer, 0, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Device_Interface_ListW(nullptr, nullptr, buffer, 4, 0), CR_FAILURE);
  EXPECT_EQ(CM_Get_Device_Interface_ListW(&cls, nullptr, buffer, 4, 0x10), CR_INVALID_FLAG);
}

// The documented loop: the list grew between the size and the list call.
TEST_F(Win32Enumeration, BufferSmallWhenTheListGrew) {
  GUID cls = GUID_DEVINTERFACE_DISK;
  ULONG size = 0;
  ASSERT_EQ(CM_Get_Device_Interface_List_SizeW(&size, &cls, nullptr, 0), CR_SUCCESS);
  auto second = std::make_shared<Device>();
  second->instance_id = "USBSTOR\\DISK&VEN_ACME&PROD_STICK&REV_1.00\\654321&0";
  second->syspath = "/sys/devices/virtual/block/sdb";
  second->interfaces = {{interface_class::disk,
                         "\\\\?\\USBSTOR#DISK&VEN_ACME&PROD_STICK&REV_1.00"
                         "#654321&0#{53f56307-b6bf-11d0-94f2-"
                         "00a0c91efb8b}"}};
  source().add_device(second);
  std::vector<wchar_t> list(size, L'#');
  EXPECT_EQ(CM_Get_Device_Interface_ListW(&cls, nullptr, list.data(), size, 0), CR_BUFFER_SMALL);
  EXPECT_EQ(list[0], L'\0') << "the buffer holds an empty list";

  CONFIGRET cr;
  int rounds = 0;
  do {
    ++rounds;
    cr = CM_Get_Device_Interface_List_SizeW(&size, &cls, nullptr, 0);
    if (cr != CR_SUCCESS) break;
    list.assign(size, L'#');
    cr = CM_Get_Device_Interface_ListW(&cls, nullptr, list.data(), size, 0);
  } while (cr == CR_BUFFER_SMALL);
  ASSERT_EQ(cr, CR_SUCCESS);
  EXPECT_EQ(rounds, 1);
  EXPECT_EQ(entries(list.data()).size(), 2u);
}

// ---- Device ID lists ----

TEST_F(Win32Enumeration, DeviceIdListAll) {
  ULONG size = 0;
  ASSERT_EQ(CM_Get_Device_ID_List_SizeW(&size, nullptr, CM_GETIDLIST_FILTER_NONE), CR_SUCCESS);
  std::vector<wchar_t> list(size);
  ASSERT_EQ(CM_Get_Device_ID_ListW(nullptr, list.data(), size, 0), CR_SUCCESS);
  const auto ids = entries(list.data());
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[0], L"HTREE\\ROOT\\0") << "the root device node comes first";
  EXPECT_NE(std::find(ids.begin(), ids.end(), wide(kCamId)), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), wide(kHubId)), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), wide(kDiskId)), ids.end());
  ULONG size_a = 0;
  ASSERT_EQ(CM_Get_Device_ID_List_SizeA(&size_a, nullptr, CM_GETIDLIST_FILTER_PRESENT), CR_SUCCESS);
  EXPECT_EQ(size_a, size);
}

std::vector<std::wstring> id_list(const wchar_t* filter, ULONG flags) {
  ULONG size = 0;
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, filter, flags), CR_SUCCESS);
  std::vector<wchar_t> list(size);
  EXPECT_EQ(CM_Get_Device_ID_ListW(filter, list.data(), size, flags), CR_SUCCESS);
  return entries(list.data());
}

TEST_F(Win32Enumeration, DeviceIdListFilters) {
  EXPECT_EQ(id_list(L"usbstor", CM_GETIDLIST_FILTER_ENUMERATOR),
            std::vector<std::wstring>{wide(kDiskId)});
  EXPECT_EQ(id_list(L"USB", CM_GETIDLIST_FILTER_ENUMERATOR).size(), 2u);
  EXPECT_EQ(id_list(L"USB\\VID_046D&PID_0826", CM_GETIDLIST_FILTER_ENUMERATOR),
            std::vector<std::wstring>{wide(kCamId)});
  EXPECT_EQ(id_list(L"USB\\VID_046D", CM_GETIDLIST_FILTER_ENUMERATOR).size(), 0u)
      << "whole components only";
  EXPECT_EQ(id_list(L"HTREE", CM_GETIDLIST_FILTER_ENUMERATOR),
            std::vector<std::wstring>{L"HTREE\\ROOT\\0"});
  EXPECT_EQ(id_list(L"{4d36e967-e325-11ce-bfc1-08002be10318}",
                    CM_GETIDLIST_FILTER_CLASS | CM_GETIDLIST_FILTER_PRESENT),
            std::vector<std::wstring>{wide(kDiskId)});
  EXPECT_EQ(id_list(wide(kHubId).c_str(), CM_GETIDLIST_FILTER_BUSRELATIONS),
            std::vector<std::wstring>{wide(kCamId)});
  EXPECT_EQ(id_list(L"HTREE\\ROOT\\0", CM_GETIDLIST_FILTER_BUSRELATIONS),
            std::vector<std::wstring>{wide(kHubId)});
  EXPECT_EQ(id_list(L"usb", CM_GETIDLIST_FILTER_SERVICE).size(), 2u);
}

TEST_F(Win32Enumeration, DeviceIdListErrorsAsObservedOnWindows) {
  ULONG size = 0xdeadbeef;
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(nullptr, L"{4d36e967-e325-11ce-bfc1-08002be10318}",
                                        CM_GETIDLIST_FILTER_CLASS),
            CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, nullptr, CM_GETIDLIST_FILTER_CLASS),
            CR_INVALID_POINTER);
  EXPECT_EQ(size, 0u);
  size = 0xdeadbeef;
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, L"q", CM_GETIDLIST_FILTER_CLASS), CR_INVALID_DATA);
  EXPECT_EQ(size, 0u);
  size = 0xdeadbeef;
  EXPECT_EQ(CM_Get_Device_ID_List_SizeA(&size, "q", CM_GETIDLIST_FILTER_CLASS), CR_INVALID_DATA);
  EXPECT_EQ(size, 0u);

  const wchar_t* cls = L"{4d36e967-e325-11ce-bfc1-08002be10318}";
  const ULONG flags = CM_GETIDLIST_FILTER_CLASS | CM_GETIDLIST_FILTER_PRESENT;
  wchar_t w[4] = {0xcccc, 0xcccc, 0xcccc, 0xcccc};
  EXPECT_EQ(CM_Get_Device_ID_ListW(cls, w, 0, flags), CR_INVALID_POINTER);
  EXPECT_EQ(w[0], wchar_t(0xcccc));
  EXPECT_EQ(CM_Get_Device_ID_ListW(cls, w, 1, flags), CR_BUFFER_SMALL);
  EXPECT_EQ(w[0], L'\0') << "W: an empty list";
  char a[4] = {0x7c, 0x7c, 0x7c, 0x7c};
  EXPECT_EQ(CM_Get_Device_ID_ListA("{4d36e967-e325-11ce-bfc1-08002be10318}", a, 1, flags),
            CR_BUFFER_SMALL);
  EXPECT_EQ(a[0], 0x7c) << "A: untouched";
}

TEST_F(Win32Enumeration, DeviceIdListFlags) {
  ULONG size = 0;
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, nullptr, 0x00000400), CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(
                &size, L"USB", CM_GETIDLIST_FILTER_ENUMERATOR | CM_GETIDLIST_FILTER_SERVICE),
            CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, wide(kCamId).c_str(),
                                        CM_GETIDLIST_FILTER_TRANSPORTRELATIONS),
            CR_CALL_NOT_IMPLEMENTED);
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, L"ROOT\\NONE\\0", CM_GETIDLIST_FILTER_BUSRELATIONS),
            CR_NO_SUCH_DEVNODE);
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, L"q", CM_GETIDLIST_FILTER_BUSRELATIONS),
            CR_INVALID_DEVICE_ID);
  EXPECT_EQ(CM_Get_Device_ID_List_SizeW(&size, L"x", CM_GETIDLIST_DONOTGENERATE), CR_SUCCESS);
}

// ---- Device nodes ----

TEST_F(Win32Enumeration, LocateGetIdAndParent) {
  DEVINST root = 0;
  ASSERT_EQ(CM_Locate_DevNodeW(&root, nullptr, CM_LOCATE_DEVNODE_NORMAL), CR_SUCCESS);
  EXPECT_NE(root, 0u);
  DEVINST root2 = 0;
  std::wstring empty;
  ASSERT_EQ(CM_Locate_DevNodeW(&root2, empty.data(), 0), CR_SUCCESS);
  EXPECT_EQ(root2, root);

  const DEVINST cam = locate(kCamId);
  const DEVINST hub = locate(kHubId);
  EXPECT_NE(cam, 0u);
  EXPECT_NE(cam, hub);
  EXPECT_NE(cam, root);
  std::wstring lower = L"usb\\vid_046d&pid_0826\\9dc49fa0";
  DEVINST again = 0;
  ASSERT_EQ(CM_Locate_DevNodeW(&again, lower.data(), 0), CR_SUCCESS);
  EXPECT_EQ(again, cam) << "case-insensitive and stable";

  wchar_t id[MAX_DEVICE_ID_LEN];
  ASSERT_EQ(CM_Get_Device_IDW(cam, id, MAX_DEVICE_ID_LEN, 0), CR_SUCCESS);
  EXPECT_EQ(std::wstring(id), wide(kCamId));
  ASSERT_EQ(CM_Get_Device_IDW(root, id, MAX_DEVICE_ID_LEN, 0), CR_SUCCESS);
  EXPECT_EQ(std::wstring(id), L"HTREE\\ROOT\\0");
  char id_a[MAX_DEVICE_ID_LEN];
  ASSERT_EQ(CM_Get_Device_IDA(hub, id_a, MAX_DEVICE_ID_LEN, 0), CR_SUCCESS);
  EXPECT_EQ(std::string(id_a), kHubId);
  ULONG length = 0;
  ASSERT_EQ(CM_Get_Device_ID_Size(&length, cam, 0), CR_SUCCESS);
  EXPECT_EQ(length, kCamId.size());

  DEVINST parent = 0;
  ASSERT_EQ(CM_Get_Parent(&parent, locate(kDiskId), 0), CR_SUCCESS);
  EXPECT_EQ(parent, cam);
  ASSERT_EQ(CM_Get_Parent(&parent, cam, 0), CR_SUCCESS);
  EXPECT_EQ(parent, hub);
  ASSERT_EQ(CM_Get_Parent(&parent, hub, 0), CR_SUCCESS);
  EXPECT_EQ(parent, root) << "a device without a parent hangs off the root";
  parent = 77;
  EXPECT_EQ(CM_Get_Parent(&parent, root, 0), CR_NO_SUCH_DEVNODE);
  EXPECT_EQ(parent, 0u);
}

TEST_F(Win32Enumeration, LocateErrors) {
  DEVINST dn = 0xdeadbeef;
  std::wstring q = L"q";
  EXPECT_EQ(CM_Locate_DevNodeW(&dn, q.data(), 0), CR_INVALID_DEVICE_ID);
  EXPECT_EQ(dn, 0u);
  std::wstring absent = L"QSB\\VID_046D&PID_0826\\9DC49FA0";
  EXPECT_EQ(CM_Locate_DevNodeW(&dn, absent.data(), 0), CR_NO_SUCH_DEVNODE);
  EXPECT_EQ(CM_Locate_DevNodeW(nullptr, nullptr, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Locate_DevNodeW(&dn, nullptr, 0x8), CR_INVALID_FLAG);
  std::wstring too_long(MAX_DEVICE_ID_LEN, L'A');
  EXPECT_EQ(CM_Locate_DevNodeW(&dn, too_long.data(), 0), CR_INVALID_DEVICE_ID);
}

TEST_F(Win32Enumeration, RemovedDeviceKeepsItsDevinst) {
  const DEVINST disk = locate(kDiskId);
  ASSERT_TRUE(source().remove_device(
      "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host0/block/sda"));
  DEVINST dn = 0;
  std::string id = kDiskId;
  EXPECT_EQ(CM_Locate_DevNodeA(&dn, id.data(), CM_LOCATE_DEVNODE_NORMAL), CR_NO_SUCH_DEVNODE);
  EXPECT_EQ(CM_Locate_DevNodeA(&dn, id.data(), CM_LOCATE_DEVNODE_PHANTOM), CR_SUCCESS);
  EXPECT_EQ(dn, disk);
  char buffer[MAX_DEVICE_ID_LEN];
  EXPECT_EQ(CM_Get_Device_IDA(disk, buffer, sizeof(buffer), 0), CR_SUCCESS);
  DEVINST parent = 0;
  EXPECT_EQ(CM_Get_Parent(&parent, disk, 0), CR_NO_SUCH_DEVNODE);
  // Back again: the same number.
  auto d = std::make_shared<Device>();
  d->instance_id = kDiskId;
  d->syspath = "/sys/devices/virtual/block/sda";
  source().add_device(d);
  EXPECT_EQ(locate(kDiskId), disk);
}

TEST_F(Win32Enumeration, GetDeviceIdBufferRules) {
  const DEVINST cam = locate(kCamId);
  std::vector<wchar_t> exact(kCamId.size() + 1, L'#');
  EXPECT_EQ(CM_Get_Device_IDW(cam, exact.data(), static_cast<ULONG>(exact.size()), 0), CR_SUCCESS);
  EXPECT_EQ(std::wstring(exact.data()), wide(kCamId));
  std::vector<wchar_t> small(kCamId.size(), L'#');
  EXPECT_EQ(CM_Get_Device_IDW(cam, small.data(), static_cast<ULONG>(small.size()), 0),
            CR_BUFFER_SMALL)
      << "no room for the NUL";
  EXPECT_EQ(std::wstring(small.data(), small.size()), wide(kCamId)) << "as much as fits";
  EXPECT_EQ(CM_Get_Device_IDW(cam, nullptr, 10, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Device_IDW(cam, exact.data(), 10, 1), CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_Device_IDW(0, exact.data(), 10, 0), CR_INVALID_DEVNODE);
  EXPECT_EQ(CM_Get_Device_IDW(0xFFFFFFF0u, exact.data(), 10, 0), CR_INVALID_DEVNODE);
  ULONG length = 5;
  EXPECT_EQ(CM_Get_Device_ID_Size(&length, 0, 0), CR_INVALID_DEVNODE);
  EXPECT_EQ(CM_Get_Device_ID_Size(nullptr, cam, 0), CR_INVALID_POINTER);
  DEVINST parent = 0;
  EXPECT_EQ(CM_Get_Parent(&parent, 0xFFFFFFF0u, 0), CR_INVALID_DEVNODE);
  EXPECT_EQ(CM_Get_Parent(nullptr, cam, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Parent(&parent, cam, 1), CR_INVALID_FLAG);
}

// ---- Properties ----

TEST_F(Win32Enumeration, Properties) {
  const DEVINST cam = locate(kCamId);
  Property p = get(cam, DEVPKEY_Device_InstanceId);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.type, DEVPROP_TYPE_STRING);
  EXPECT_EQ(p.text(), wide(kCamId));
  EXPECT_EQ(p.bytes.size(), (kCamId.size() + 1) * sizeof(wchar_t));

  p = get(cam, DEVPKEY_Device_HardwareIds);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.type, DEVPROP_TYPE_STRING_LIST);
  EXPECT_EQ(p.list(), (std::vector<std::wstring>{L"USB\\VID_046D&PID_0826&REV_0010",
                                                 L"USB\\VID_046D&PID_0826"}));
  p = get(cam, DEVPKEY_Device_CompatibleIds);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.list().size(), 3u);

  for (const DEVPROPKEY* key : {&DEVPKEY_Device_FriendlyName, &DEVPKEY_Device_DeviceDesc}) {
    p = get(cam, *key);
    ASSERT_EQ(p.cr, CR_SUCCESS);
    EXPECT_EQ(p.type, DEVPROP_TYPE_STRING);
    EXPECT_EQ(p.text(), L"HD Webcam C525");
  }

  p = get(cam, DEVPKEY_Device_ClassGuid);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.type, DEVPROP_TYPE_GUID);
  ASSERT_EQ(p.bytes.size(), sizeof(GUID));
  EXPECT_EQ(std::memcmp(p.bytes.data(), &GUID_DEVCLASS_USB, sizeof(GUID)), 0);

  p = get(cam, DEVPKEY_Device_Parent);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.text(), wide(kHubId));
  p = get(locate(kHubId), DEVPKEY_Device_Parent);
  EXPECT_EQ(p.text(), L"HTREE\\ROOT\\0");

  p = get(cam, DEVPKEY_Cmnotify_LinuxDevnode);
  EXPECT_EQ(p.text(), L"/dev/bus/usb/001/002");
  p = get(cam, DEVPKEY_Cmnotify_LinuxSyspath);
  EXPECT_EQ(p.text(), L"/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2");
  p = get(cam, DEVPKEY_Cmnotify_LinuxSubsystem);
  EXPECT_EQ(p.text(), L"usb");
}

TEST_F(Win32Enumeration, MissingPropertiesAndTheRoot) {
  const DEVINST hub = locate(kHubId);
  EXPECT_EQ(get(hub, DEVPKEY_Device_HardwareIds).cr, CR_NO_SUCH_VALUE) << "none listed";
  EXPECT_EQ(get(hub, DEVPKEY_Cmnotify_LinuxDevnode).cr, CR_NO_SUCH_VALUE) << "no node";
  const DEVPROPKEY unknown = {{0x12345678, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}}, 2};
  Property p = get(hub, unknown);
  EXPECT_EQ(p.cr, CR_NO_SUCH_VALUE);
  EXPECT_EQ(p.type, DEVPROP_TYPE_EMPTY);
  DEVINST root = 0;
  ASSERT_EQ(CM_Locate_DevNodeW(&root, nullptr, 0), CR_SUCCESS);
  p = get(root, DEVPKEY_Device_InstanceId);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.text(), L"HTREE\\ROOT\\0");
  EXPECT_EQ(get(root, DEVPKEY_Device_Parent).cr, CR_NO_SUCH_VALUE);
}

TEST_F(Win32Enumeration, PropertyArgumentsAndBufferSizes) {
  const DEVINST cam = locate(kCamId);
  DEVPROPTYPE type = 0xdeadbeef;
  ULONG size = 0xdeadbeef;
  BYTE buffer[1024];
  // The order Windows reports them in (Wine's conformance tests).
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, &type, nullptr, &size, 0),
            CR_INVALID_POINTER)
      << "NULL buffer with a non-zero size";
  EXPECT_EQ(type, 0xdeadbeefu);
  EXPECT_EQ(size, 0xdeadbeefu);
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, nullptr, &type, buffer, &size, 0), CR_FAILURE);
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, nullptr, buffer, &size, 0),
            CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, &type, buffer, nullptr, 0),
            CR_INVALID_POINTER);
  size = sizeof(buffer);
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, &type, buffer, &size, 1),
            CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_DevNode_PropertyW(0, &DEVPKEY_Device_InstanceId, &type, buffer, &size, 0),
            CR_INVALID_DEVNODE);

  size = 0;
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, &type, nullptr, &size, 0),
            CR_BUFFER_SMALL);
  EXPECT_EQ(type, DEVPROP_TYPE_STRING);
  const ULONG needed = size;
  EXPECT_EQ(needed, (kCamId.size() + 1) * sizeof(wchar_t));
  size = needed - 1;
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, &type, buffer, &size, 0),
            CR_BUFFER_SMALL);
  EXPECT_EQ(size, needed);
  type = 0xdeadbeef;
  size = sizeof(buffer);
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, &type, buffer, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(type, DEVPROP_TYPE_STRING);
  EXPECT_EQ(size, needed);

  // The device went away: its node number stays valid, the device does not answer.
  ASSERT_TRUE(source().remove_device("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"));
  size = sizeof(buffer);
  EXPECT_EQ(CM_Get_DevNode_PropertyW(cam, &DEVPKEY_Device_InstanceId, &type, buffer, &size, 0),
            CR_NO_SUCH_DEVNODE);
}

}  // namespace
}  // namespace cmnotify
