// SetupAPI against the in-memory source: sets by setup class, by interface class, of all
// classes and of an enumerator; the interface detail's size-query convention and cbSize rules;
// instance IDs, registry and DEVPKEY properties; opening devices and interfaces into a set;
// classes by GUID and by name. Bad input gets Windows' error (Wine's devinst.c tests), never a
// crash.
#include <devguid.h>
#include <devpkey.h>
#include <ntddstor.h>
#include <setupapi.h>
#include <usbiodef.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "support/memory_engine.hpp"
#include "win32/usb_devices.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using testing::add_hub_and_camera;
using testing::kCamId;
using testing::kCamLink;
using testing::kHubId;
using testing::wide;

const std::string kDiskId = "USBSTOR\\DISK&VEN_ACME&PROD_STICK&REV_1.00\\123456&0";
const std::string kDiskLink =
    "\\\\?\\USBSTOR#DISK&VEN_ACME&PROD_STICK&REV_1.00#123456&0#"
    "{53f56307-b6bf-11d0-94f2-00a0c91efb8b}";

bool same_guid(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The instance IDs of a set's devices, in order.
std::vector<std::string> ids_of(HDEVINFO set) {
  std::vector<std::string> out;
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  for (DWORD i = 0; SetupDiEnumDeviceInfo(set, i, &d); ++i) {
    char id[MAX_DEVICE_ID_LEN];
    EXPECT_TRUE(SetupDiGetDeviceInstanceIdA(set, &d, id, sizeof id, nullptr));
    out.emplace_back(id);
  }
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_ITEMS));
  return out;
}

class Win32SetupApi : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    const std::string cam_syspath = add_hub_and_camera(source());

    auto disk = std::make_shared<Device>();
    disk->instance_id = kDiskId;
    disk->parent_instance_id = kCamId;
    disk->syspath = cam_syspath + "/1-2:1.0/host0/block/sda";
    disk->interfaces = {{interface_class::disk, kDiskLink}};
    disk->setup_class = setup_class::disk_drive;
    disk->description = "ACME Stick";
    disk->subsystem = "block";
    source().add_device(disk);
  }
};

// ---- Filling sets ----

TEST_F(Win32SetupApi, SetsBySetupClassInterfaceClassAllAndEnumerator) {
  HDEVINFO usb = SetupDiGetClassDevsW(&GUID_DEVCLASS_USB, nullptr, nullptr, DIGCF_PRESENT);
  ASSERT_NE(usb, INVALID_HANDLE_VALUE);
  EXPECT_EQ(ids_of(usb), (std::vector<std::string>{kHubId, kCamId}));
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  ASSERT_TRUE(SetupDiEnumDeviceInfo(usb, 0, &d));
  EXPECT_TRUE(same_guid(d.ClassGuid, GUID_DEVCLASS_USB));
  DEVINST located = 0;
  ASSERT_EQ(CM_Locate_DevNodeA(&located, const_cast<char*>(kHubId.c_str()), 0), CR_SUCCESS);
  EXPECT_EQ(d.DevInst, located) << "the DEVINST the CM functions know";
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(usb));

  HDEVINFO disks = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_DISK, nullptr, nullptr,
                                        DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
  ASSERT_NE(disks, INVALID_HANDLE_VALUE);
  EXPECT_EQ(ids_of(disks), std::vector<std::string>{kDiskId});
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(disks));

  HDEVINFO all = SetupDiGetClassDevsA(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES);
  ASSERT_NE(all, INVALID_HANDLE_VALUE);
  // Instance-ID order: byte order of the upper-case IDs ("USBSTOR" before "USB\\").
  EXPECT_EQ(ids_of(all), (std::vector<std::string>{kDiskId, kHubId, kCamId}));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(all));

  HDEVINFO under_usb = SetupDiGetClassDevsA(nullptr, "usb", nullptr, DIGCF_ALLCLASSES);
  ASSERT_NE(under_usb, INVALID_HANDLE_VALUE);
  EXPECT_EQ(ids_of(under_usb), (std::vector<std::string>{kHubId, kCamId}));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(under_usb));

  // With DIGCF_DEVICEINTERFACE an instance ID is an enumerator too: that device only.
  HDEVINFO one = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_USB_DEVICE, wide(kCamId).c_str(), nullptr,
                                      DIGCF_DEVICEINTERFACE);
  ASSERT_NE(one, INVALID_HANDLE_VALUE);
  EXPECT_EQ(ids_of(one), std::vector<std::string>{kCamId});
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(one));
}

TEST_F(Win32SetupApi, ClassDevsBadInput) {
  SetLastError(0);
  EXPECT_EQ(SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_PRESENT), INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(SetupDiGetClassDevsW(&GUID_DEVCLASS_USB, nullptr, nullptr, 0x100),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_FLAGS));
  EXPECT_EQ(SetupDiGetClassDevsA(nullptr, "NOSUCHBUS", nullptr, DIGCF_ALLCLASSES),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA));
  EXPECT_EQ(SetupDiGetClassDevsExA(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES, nullptr,
                                   "otherhost", nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_MACHINENAME));
  int reserved = 0;
  EXPECT_EQ(
      SetupDiGetClassDevsExA(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES, nullptr, "", &reserved),
      INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(SetupDiGetClassDevsExA(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES,
                                   reinterpret_cast<HDEVINFO>(0x1234), nullptr, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

// A machine without USB (a server, a VM, a container): Windows still has a key for USB under
// ...\Enum, so listing USB devices gives a valid, empty set. The in-memory source knows the
// enumerators it is told, as the Linux source knows those its identity rules can give.
class Win32SetupApiWithoutUsb : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    source().add_device(cmnotify::testing::make_device(kDiskId, "/sys/devices/virtual/block/sda"));
    source().add_known_enumerator("USB");
  }
};

TEST_F(Win32SetupApiWithoutUsb, AKnownEnumeratorWithNothingPresentGivesAnEmptySet) {
  for (const char* enumerator : {"USB", "usb"}) {
    SetLastError(0);
    HDEVINFO set =
        SetupDiGetClassDevsA(nullptr, enumerator, nullptr, DIGCF_ALLCLASSES | DIGCF_PRESENT);
    ASSERT_NE(set, INVALID_HANDLE_VALUE) << enumerator;
    SP_DEVINFO_DATA d{};
    d.cbSize = sizeof d;
    EXPECT_FALSE(SetupDiEnumDeviceInfo(set, 0, &d)) << enumerator;
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_ITEMS)) << enumerator;
    EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
  }
  // A present device's enumerator needs no telling.
  HDEVINFO disks = SetupDiGetClassDevsA(nullptr, "usbstor", nullptr, DIGCF_ALLCLASSES);
  ASSERT_NE(disks, INVALID_HANDLE_VALUE);
  EXPECT_EQ(ids_of(disks), std::vector<std::string>{kDiskId});
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(disks));
}

TEST_F(Win32SetupApiWithoutUsb, AnUnknownEnumeratorOrAnAbsentDeviceIsInvalidData) {
  // Never known, a part of a known name, and an enumerator\device-id no present device has (known
  // enumerators are whole ones).
  for (const char* enumerator : {"NOSUCHBUS", "US", "USB\\VID_046D&PID_0826"}) {
    SetLastError(0);
    EXPECT_EQ(SetupDiGetClassDevsA(nullptr, enumerator, nullptr, DIGCF_ALLCLASSES | DIGCF_PRESENT),
              INVALID_HANDLE_VALUE)
        << enumerator;
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA)) << enumerator;
  }
  // With DIGCF_DEVICEINTERFACE the enumerator names a device (an instance ID): one not present
  // is invalid, and so is an enumerator with none of its devices present, known or not.
  for (const std::string& enumerator : {kCamId, std::string("USB")}) {
    SetLastError(0);
    EXPECT_EQ(SetupDiGetClassDevsW(&GUID_DEVINTERFACE_USB_DEVICE, wide(enumerator).c_str(), nullptr,
                                   DIGCF_DEVICEINTERFACE),
              INVALID_HANDLE_VALUE)
        << enumerator;
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA)) << enumerator;
  }
}

TEST_F(Win32SetupApi, ExAddsToAnExistingSet) {
  HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
  ASSERT_NE(set, INVALID_HANDLE_VALUE);
  EXPECT_TRUE(ids_of(set).empty());
  EXPECT_EQ(
      SetupDiGetClassDevsExW(&GUID_DEVCLASS_DISKDRIVE, nullptr, nullptr, 0, set, nullptr, nullptr),
      set);
  EXPECT_EQ(
      SetupDiGetClassDevsExW(&GUID_DEVCLASS_DISKDRIVE, nullptr, nullptr, 0, set, L"", nullptr), set)
      << "an empty machine name is this machine; a device is listed once";
  EXPECT_EQ(ids_of(set), std::vector<std::string>{kDiskId});
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

TEST_F(Win32SetupApi, DestroyedAndForeignHandles) {
  HDEVINFO set = SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES);
  ASSERT_TRUE(SetupDiDestroyDeviceInfoList(set));
  SetLastError(0);
  EXPECT_FALSE(SetupDiDestroyDeviceInfoList(set));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  for (HDEVINFO bad :
       {set, static_cast<HDEVINFO>(nullptr), static_cast<HDEVINFO>(INVALID_HANDLE_VALUE),
        reinterpret_cast<HDEVINFO>(0xdeadbeef)}) {
    SetLastError(0);
    EXPECT_FALSE(SetupDiEnumDeviceInfo(bad, 0, &d));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  }
}

TEST_F(Win32SetupApi, EnumDeviceInfoBadInput) {
  HDEVINFO set = SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES);
  SP_DEVINFO_DATA d{};
  SetLastError(0);
  EXPECT_FALSE(SetupDiEnumDeviceInfo(set, 0, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_FALSE(SetupDiEnumDeviceInfo(set, 0, &d));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
  d.cbSize = sizeof d;
  EXPECT_FALSE(SetupDiEnumDeviceInfo(set, 3, &d));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_ITEMS));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

// ---- Interfaces and their detail ----

TEST_F(Win32SetupApi, InterfaceDetailSizeQueryAndCbSizeRules) {
  HDEVINFO set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_USB_DEVICE, nullptr, nullptr,
                                      DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
  ASSERT_NE(set, INVALID_HANDLE_VALUE);
  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  ASSERT_TRUE(SetupDiEnumDeviceInterfaces(set, nullptr, &GUID_DEVINTERFACE_USB_DEVICE, 0, &iface));
  EXPECT_TRUE(same_guid(iface.InterfaceClassGuid, GUID_DEVINTERFACE_USB_DEVICE));
  EXPECT_EQ(iface.Flags, SPINT_ACTIVE);
  SetLastError(0);
  EXPECT_FALSE(SetupDiEnumDeviceInterfaces(set, nullptr, &GUID_DEVINTERFACE_USB_DEVICE, 1, &iface));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_ITEMS));

  // The size query: no buffer, size 0.
  DWORD size = 0;
  SetLastError(0);
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set, &iface, nullptr, 0, &size, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(size, offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath) +
                      (kCamLink.size() + 1) * sizeof(WCHAR));
  // A NULL buffer with a size, or a wrong cbSize: ERROR_INVALID_USER_BUFFER.
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set, &iface, nullptr, 100, &size, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
  std::vector<std::byte> storage(size);
  auto* detail = reinterpret_cast<SP_DEVICE_INTERFACE_DETAIL_DATA_W*>(storage.data());
  detail->cbSize = 0;
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set, &iface, detail, size, &size, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
  detail->cbSize = size;  // the buffer's size is not the structure's
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set, &iface, detail, size, &size, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
  detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W);
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set, &iface, detail, size - 1, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  SP_DEVINFO_DATA device{};
  device.cbSize = sizeof device;
  ASSERT_TRUE(SetupDiGetDeviceInterfaceDetailW(set, &iface, detail, size, nullptr, &device));
  EXPECT_EQ(std::wstring(detail->DevicePath), wide(kCamLink));
  char id[MAX_DEVICE_ID_LEN];
  ASSERT_TRUE(SetupDiGetDeviceInstanceIdA(set, &device, id, sizeof id, nullptr));
  EXPECT_EQ(std::string(id), kCamId);

  // The device is described even when the detail does not fit.
  SP_DEVINFO_DATA early{};
  early.cbSize = sizeof early;
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set, &iface, nullptr, 0, &size, &early));
  EXPECT_TRUE(same_guid(early.ClassGuid, GUID_DEVCLASS_USB));
  EXPECT_EQ(early.DevInst, device.DevInst);

  // The A form: UTF-8 path, the same cbSize rule.
  DWORD size_a = 0;
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set, &iface, nullptr, 0, &size_a, nullptr));
  EXPECT_EQ(size_a, offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_A, DevicePath) + kCamLink.size() + 1);
  std::vector<std::byte> storage_a(size_a);
  auto* detail_a = reinterpret_cast<SP_DEVICE_INTERFACE_DETAIL_DATA_A*>(storage_a.data());
  detail_a->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A);
  ASSERT_TRUE(SetupDiGetDeviceInterfaceDetailA(set, &iface, detail_a, size_a, nullptr, nullptr));
  EXPECT_EQ(std::string(detail_a->DevicePath), kCamLink);
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

TEST_F(Win32SetupApi, InterfaceBadInput) {
  SetLastError(0);
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(nullptr, nullptr, nullptr, 0, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  HDEVINFO set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set, nullptr, nullptr, 0, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  iface.Reserved = 0x777;  // never handed out by this set
  EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set, &iface, nullptr, 0, nullptr, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_FALSE(SetupDiEnumDeviceInterfaces(set, nullptr, nullptr, 0, &iface));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  iface.cbSize = 0;
  EXPECT_FALSE(SetupDiEnumDeviceInterfaces(set, nullptr, &GUID_DEVINTERFACE_DISK, 0, &iface));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
  iface.cbSize = sizeof iface;
  EXPECT_FALSE(SetupDiEnumDeviceInterfaces(set, nullptr, &GUID_DEVINTERFACE_DISK, 0, &iface));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_ITEMS)) << "an empty set";
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

TEST_F(Win32SetupApi, InterfacesOfOneDeviceOfASetupClassSet) {
  HDEVINFO set = SetupDiGetClassDevsW(&GUID_DEVCLASS_USB, nullptr, nullptr, DIGCF_PRESENT);
  SP_DEVINFO_DATA hub{};
  hub.cbSize = sizeof hub;
  ASSERT_TRUE(SetupDiEnumDeviceInfo(set, 0, &hub));
  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  SetLastError(0);
  EXPECT_FALSE(SetupDiEnumDeviceInterfaces(set, &hub, &GUID_DEVINTERFACE_USB_DEVICE, 0, &iface))
      << "the camera's interface is not the hub's";
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_ITEMS));
  EXPECT_TRUE(SetupDiEnumDeviceInterfaces(set, nullptr, &GUID_DEVINTERFACE_USB_DEVICE, 0, &iface));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

// ---- Instance IDs and properties ----

TEST_F(Win32SetupApi, InstanceIdSizes) {
  HDEVINFO set = SetupDiGetClassDevsW(&GUID_DEVCLASS_DISKDRIVE, nullptr, nullptr, 0);
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  ASSERT_TRUE(SetupDiEnumDeviceInfo(set, 0, &d));
  DWORD required = 0;
  SetLastError(0);
  EXPECT_FALSE(SetupDiGetDeviceInstanceIdW(set, &d, nullptr, 0, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(required, kDiskId.size() + 1);
  std::vector<wchar_t> id(required);
  EXPECT_FALSE(SetupDiGetDeviceInstanceIdW(set, &d, id.data(), required - 1, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  ASSERT_TRUE(SetupDiGetDeviceInstanceIdW(set, &d, id.data(), required, nullptr));
  EXPECT_EQ(std::wstring(id.data()), wide(kDiskId));

  EXPECT_FALSE(SetupDiGetDeviceInstanceIdW(set, nullptr, id.data(), required, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  SP_DEVINFO_DATA forged = d;
  forged.Reserved = 99;
  EXPECT_FALSE(SetupDiGetDeviceInstanceIdW(set, &forged, id.data(), required, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  forged = d;
  forged.cbSize = 8;
  EXPECT_FALSE(SetupDiGetDeviceInstanceIdW(set, &forged, id.data(), required, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));

  // The set is a snapshot; a device gone since is ERROR_NO_SUCH_DEVINST.
  source().remove_device("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host0/block/sda");
  EXPECT_FALSE(SetupDiGetDeviceInstanceIdW(set, &d, id.data(), required, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_SUCH_DEVINST));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

TEST_F(Win32SetupApi, RegistryAndDeviceProperties) {
  HDEVINFO set =
      SetupDiGetClassDevsW(&GUID_DEVINTERFACE_USB_DEVICE, nullptr, nullptr, DIGCF_DEVICEINTERFACE);
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  ASSERT_TRUE(SetupDiEnumDeviceInfo(set, 0, &d));
  DWORD type = 0, required = 0;
  BYTE buffer[512];
  ASSERT_TRUE(SetupDiGetDeviceRegistryPropertyW(set, &d, SPDRP_DEVICEDESC, &type, buffer,
                                                sizeof buffer, &required));
  EXPECT_EQ(type, REG_SZ);
  EXPECT_STREQ(reinterpret_cast<const wchar_t*>(buffer), L"HD Webcam C525");
  EXPECT_EQ(required, sizeof(L"HD Webcam C525"));
  ASSERT_TRUE(
      SetupDiGetDeviceRegistryPropertyA(set, &d, SPDRP_MFG, &type, buffer, sizeof buffer, nullptr));
  EXPECT_STREQ(reinterpret_cast<const char*>(buffer), "Logitech, Inc.");
  ASSERT_TRUE(SetupDiGetDeviceRegistryPropertyA(set, &d, SPDRP_HARDWAREID, &type, buffer,
                                                sizeof buffer, &required));
  EXPECT_EQ(type, REG_MULTI_SZ);
  EXPECT_STREQ(reinterpret_cast<const char*>(buffer), "USB\\VID_046D&PID_0826&REV_0010");
  SetLastError(0);
  EXPECT_FALSE(
      SetupDiGetDeviceRegistryPropertyW(set, &d, SPDRP_DEVICEDESC, &type, nullptr, 0, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(required, sizeof(L"HD Webcam C525"));
  EXPECT_FALSE(SetupDiGetDeviceRegistryPropertyW(set, &d, SPDRP_UPPERFILTERS, &type, buffer,
                                                 sizeof buffer, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA)) << "absent";
  EXPECT_FALSE(SetupDiGetDeviceRegistryPropertyW(set, &d, SPDRP_MAXIMUM_PROPERTY, &type, buffer,
                                                 sizeof buffer, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_REG_PROPERTY));

  DEVPROPTYPE prop_type = 0;
  ASSERT_TRUE(SetupDiGetDevicePropertyW(set, &d, &DEVPKEY_Device_Manufacturer, &prop_type, buffer,
                                        sizeof buffer, &required, 0));
  EXPECT_EQ(prop_type, DEVPROP_TYPE_STRING);
  EXPECT_STREQ(reinterpret_cast<const wchar_t*>(buffer), L"Logitech, Inc.");
  EXPECT_FALSE(SetupDiGetDevicePropertyW(set, &d, &DEVPKEY_Device_Manufacturer, &prop_type, nullptr,
                                         0, &required, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(required, sizeof(L"Logitech, Inc."));
  EXPECT_FALSE(SetupDiGetDevicePropertyW(set, &d, &DEVPKEY_Device_UINumber, &prop_type, buffer,
                                         sizeof buffer, &required, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_FOUND));
  EXPECT_FALSE(
      SetupDiGetDevicePropertyW(set, &d, nullptr, &prop_type, buffer, sizeof buffer, &required, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA));
  EXPECT_FALSE(SetupDiGetDevicePropertyW(set, &d, &DEVPKEY_NAME, nullptr, buffer, sizeof buffer,
                                         &required, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
  EXPECT_FALSE(SetupDiGetDevicePropertyW(set, &d, &DEVPKEY_NAME, &prop_type, buffer, sizeof buffer,
                                         &required, 1));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_FLAGS));

  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  ASSERT_TRUE(SetupDiEnumDeviceInterfaces(set, &d, &GUID_DEVINTERFACE_USB_DEVICE, 0, &iface));
  ASSERT_TRUE(SetupDiGetDeviceInterfacePropertyW(set, &iface, &DEVPKEY_DeviceInterface_Enabled,
                                                 &prop_type, buffer, sizeof buffer, &required, 0));
  EXPECT_EQ(prop_type, DEVPROP_TYPE_BOOLEAN);
  EXPECT_EQ(static_cast<DEVPROP_BOOLEAN>(buffer[0]), DEVPROP_TRUE);
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

// ---- Opening into a set ----

TEST_F(Win32SetupApi, DevicePropertyKeysAreTheCmKeysAndEachOneReads) {
  HDEVINFO set =
      SetupDiGetClassDevsW(&GUID_DEVINTERFACE_USB_DEVICE, nullptr, nullptr, DIGCF_DEVICEINTERFACE);
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  ASSERT_TRUE(SetupDiEnumDeviceInfo(set, 0, &d));
  DWORD count = 0;
  SetLastError(0);
  EXPECT_FALSE(SetupDiGetDevicePropertyKeys(set, &d, nullptr, 0, &count, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  ASSERT_GT(count, 5u);
  std::vector<DEVPROPKEY> keys(count);
  DWORD again = 0;
  ASSERT_TRUE(SetupDiGetDevicePropertyKeys(set, &d, keys.data(), count, &again, 0));
  EXPECT_EQ(again, count);
  // The same list as CM_Get_DevNode_Property_Keys for the node.
  ULONG cm_count = 0;
  ASSERT_EQ(CM_Get_DevNode_Property_Keys(d.DevInst, nullptr, &cm_count, 0), CR_BUFFER_SMALL);
  std::vector<DEVPROPKEY> cm_keys(cm_count);
  ASSERT_EQ(CM_Get_DevNode_Property_Keys(d.DevInst, cm_keys.data(), &cm_count, 0), CR_SUCCESS);
  ASSERT_EQ(cm_keys.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_TRUE(IsEqualDevPropKey(keys[i], cm_keys[i])) << i;
    DEVPROPTYPE type = 0;
    DWORD size = 0;
    SetupDiGetDevicePropertyW(set, &d, &keys[i], &type, nullptr, 0, &size, 0);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER)) << i;
  }
  // Bad input: NULL array with a count, flags, one slot short, a destroyed set.
  SetLastError(0);
  EXPECT_FALSE(SetupDiGetDevicePropertyKeys(set, &d, nullptr, 1, nullptr, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
  EXPECT_FALSE(SetupDiGetDevicePropertyKeys(set, &d, keys.data(), count, nullptr, 1));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_FLAGS));
  again = 0;
  EXPECT_FALSE(SetupDiGetDevicePropertyKeys(set, &d, keys.data(), count - 1, &again, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(again, count);
  ASSERT_TRUE(SetupDiDestroyDeviceInfoList(set));
  EXPECT_FALSE(SetupDiGetDevicePropertyKeys(set, &d, keys.data(), count, nullptr, 0));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

// Linux keeps no device or driver registry keys: every present device answers as a Windows
// device without one (ERROR_KEY_DOES_NOT_EXIST), after Windows' argument checks (Wine's
// devinst.c).
TEST_F(Win32SetupApi, OpenDevRegKeyHasNoKeyToOpen) {
  HDEVINFO set =
      SetupDiGetClassDevsW(&GUID_DEVINTERFACE_USB_DEVICE, nullptr, nullptr, DIGCF_DEVICEINTERFACE);
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  ASSERT_TRUE(SetupDiEnumDeviceInfo(set, 0, &d));
  auto error_of = [](HKEY key) {
    EXPECT_EQ(key, static_cast<HKEY>(INVALID_HANDLE_VALUE));
    return GetLastError();
  };
  EXPECT_EQ(error_of(SetupDiOpenDevRegKey(nullptr, nullptr, 0, 0, 0, 0)),
            static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(error_of(SetupDiOpenDevRegKey(set, nullptr, 0, 0, 0, 0)),
            static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(error_of(SetupDiOpenDevRegKey(set, &d, 0, 0, 0, 0)),
            static_cast<DWORD>(ERROR_INVALID_FLAGS));
  EXPECT_EQ(error_of(SetupDiOpenDevRegKey(set, &d, DICS_FLAG_GLOBAL, 0, 0, 0)),
            static_cast<DWORD>(ERROR_INVALID_FLAGS));
  EXPECT_EQ(error_of(SetupDiOpenDevRegKey(set, &d, DICS_FLAG_GLOBAL, 0, DIREG_DRV, KEY_READ)),
            static_cast<DWORD>(ERROR_KEY_DOES_NOT_EXIST));
  EXPECT_EQ(error_of(SetupDiOpenDevRegKey(set, &d, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ)),
            static_cast<DWORD>(ERROR_KEY_DOES_NOT_EXIST));
  ASSERT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

TEST_F(Win32SetupApi, OpenDeviceInfoAndInterface) {
  HDEVINFO set = SetupDiCreateDeviceInfoList(&GUID_DEVCLASS_USB, nullptr);
  SP_DEVINFO_DATA d{};
  d.cbSize = sizeof d;
  ASSERT_TRUE(SetupDiOpenDeviceInfoA(set, "usb\\vid_046d&pid_0826\\9dc49fa0", nullptr, 0, &d));
  EXPECT_TRUE(same_guid(d.ClassGuid, GUID_DEVCLASS_USB));
  ASSERT_TRUE(SetupDiOpenDeviceInfoW(set, wide(kCamId).c_str(), nullptr, 0, nullptr));
  EXPECT_EQ(ids_of(set), std::vector<std::string>{kCamId}) << "listed once";
  SetLastError(0);
  EXPECT_FALSE(SetupDiOpenDeviceInfoA(set, kDiskId.c_str(), nullptr, 0, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CLASS_MISMATCH)) << "a USB-class set";
  EXPECT_FALSE(SetupDiOpenDeviceInfoA(set, "USB\\VID_FFFF&PID_FFFF\\1", nullptr, 0, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_SUCH_DEVINST));
  EXPECT_FALSE(SetupDiOpenDeviceInfoA(set, "no-backslash", nullptr, 0, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DEVINST_NAME));
  EXPECT_FALSE(SetupDiOpenDeviceInfoA(set, nullptr, nullptr, 0, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_FALSE(SetupDiOpenDeviceInfoA(set, kCamId.c_str(), nullptr, 0x100, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_FLAGS));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));

  set = SetupDiCreateDeviceInfoList(nullptr, nullptr);
  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  ASSERT_TRUE(SetupDiOpenDeviceInterfaceA(set, kDiskLink.c_str(), 0, &iface));
  EXPECT_TRUE(same_guid(iface.InterfaceClassGuid, GUID_DEVINTERFACE_DISK));
  EXPECT_EQ(ids_of(set), std::vector<std::string>{kDiskId});
  EXPECT_FALSE(SetupDiOpenDeviceInterfaceW(set, L"\\\\?\\NOPE#1#2#{0}", 0, &iface));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_SUCH_DEVICE_INTERFACE));
  EXPECT_FALSE(SetupDiOpenDeviceInterfaceW(set, nullptr, 0, &iface));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
}

// ---- Threads ----

// One thread destroys sets while another walks them: every call on a destroyed handle is
// ERROR_INVALID_HANDLE, a walk in progress keeps working on what it found, nothing crashes.
TEST_F(Win32SetupApi, DestroyingASetWhileAnotherThreadWalksIt) {
  std::atomic<HDEVINFO> shared{INVALID_HANDLE_VALUE};
  std::atomic<bool> stop{false};
  std::atomic<int> walked{0}, refused{0};
  std::thread walker([&] {
    while (!stop.load()) {
      HDEVINFO set = shared.load();
      SP_DEVINFO_DATA d{};
      d.cbSize = sizeof d;
      for (DWORD i = 0; SetupDiEnumDeviceInfo(set, i, &d); ++i) {
        char id[MAX_DEVICE_ID_LEN];
        if (SetupDiGetDeviceInstanceIdA(set, &d, id, sizeof id, nullptr)) ++walked;
      }
      const DWORD error = GetLastError();
      EXPECT_TRUE(error == ERROR_NO_MORE_ITEMS || error == ERROR_INVALID_HANDLE) << error;
      if (error == ERROR_INVALID_HANDLE) ++refused;
    }
  });
  // At least 300 rounds, and on until the walker has run into both outcomes a few times.
  for (int round = 0;
       round < 300 || (round < 1000000 && (walked.load() < 20 || refused.load() < 5)); ++round) {
    HDEVINFO set = SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES);
    ASSERT_NE(set, INVALID_HANDLE_VALUE);
    shared.store(set);
    std::this_thread::yield();
    EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
  }
  stop.store(true);
  walker.join();
  EXPECT_GE(walked.load(), 20);
  EXPECT_GE(refused.load(), 5);
}

// ---- Classes ----

TEST_F(Win32SetupApi, ClassDescriptionsAndNames) {
  WCHAR text[64];
  DWORD required = 0;
  ASSERT_TRUE(SetupDiGetClassDescriptionW(&GUID_DEVCLASS_NET, text, 64, &required));
  EXPECT_STREQ(text, L"Network adapters");
  EXPECT_EQ(required, std::wcslen(L"Network adapters") + 1);
  char small[4];
  SetLastError(0);
  EXPECT_FALSE(SetupDiGetClassDescriptionA(&GUID_DEVCLASS_NET, small, sizeof small, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  const GUID unknown = {
      0x6a55b5a4, 0x3f65, 0x11db, {0xb7, 0x04, 0x00, 0x11, 0x95, 0x5c, 0x2b, 0xdb}};
  required = 123;
  EXPECT_FALSE(SetupDiGetClassDescriptionA(&unknown, small, sizeof small, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_CLASS));
  EXPECT_EQ(required, 123u) << "untouched";

  GUID guids[4];
  ASSERT_TRUE(SetupDiClassGuidsFromNameA("net", guids, 4, &required));
  ASSERT_EQ(required, 1u);
  EXPECT_TRUE(same_guid(guids[0], GUID_DEVCLASS_NET));
  EXPECT_FALSE(SetupDiClassGuidsFromNameW(L"Net", nullptr, 0, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(required, 1u);
  ASSERT_TRUE(SetupDiClassGuidsFromNameW(L"NoSuchClass", guids, 4, &required));
  EXPECT_EQ(required, 0u);
  EXPECT_FALSE(SetupDiClassGuidsFromNameW(nullptr, guids, 4, &required));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

}  // namespace
}  // namespace cmnotify
