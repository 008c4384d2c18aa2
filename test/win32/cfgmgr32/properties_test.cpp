// The property model against the in-memory source: every DEVPKEY the library answers, with its
// DEVPROPTYPE; CM_Get_DevNode_Property_Keys, CM_Get_DevNode_Registry_Property (W and A),
// CM_Get_DevNode_Status, the device interface properties, CM_Get_Child / CM_Get_Sibling,
// CM_Enumerate_Classes and CM_Enumerate_Enumerators; bad input for each.
#include <cfgmgr32.h>
#include <devguid.h>
#include <devpkey.h>
#include <usbiodef.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "cmnotify/source.hpp"
#include "support/memory_engine.hpp"
#include "win32/cpp_api_match.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using testing::entries;
using testing::get;
using testing::Property;
using testing::wide;

const std::string kHostId = "PCI\\VEN_8086&DEV_A36D&SUBSYS_00000000&REV_10\\3&000000&0&A0";
const std::string kCamId = "USB\\VID_046D&PID_0826\\9DC49FA0";
const std::string kKeyId = "USB\\VID_0781&PID_5567\\1234";
const std::string kDiskId = "USBSTOR\\DISK&VEN_ACME&PROD_STICK&REV_1.00\\123456&0";
const std::string kCamLink =
    "\\\\?\\USB#VID_046D&PID_0826#9DC49FA0#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";

ULONG number_of(const Property& p) {
  ULONG n = 0;
  EXPECT_EQ(p.bytes.size(), sizeof n);
  std::memcpy(&n, p.bytes.data(), std::min(p.bytes.size(), sizeof n));
  return n;
}

GUID guid_of(const Property& p) {
  GUID g{};
  EXPECT_EQ(p.bytes.size(), sizeof g);
  std::memcpy(&g, p.bytes.data(), std::min(p.bytes.size(), sizeof g));
  return g;
}

bool same_guid(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

class Win32Properties : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    auto host = std::make_shared<Device>();
    host->instance_id = kHostId;
    host->syspath = "/sys/devices/pci0000:00/0000:00:14.0";
    host->subsystem = "pci";
    host->driver = "xhci_hcd";
    host->setup_class = setup_class::usb;
    host->description = "Cannon Lake PCH USB 3.1 xHCI Host Controller";
    host->manufacturer = "Intel Corporation";
    host->properties = {{"PCI_SLOT_NAME", "0000:00:14.0"}};
    host->started = true;
    source().add_device(host);

    auto cam = std::make_shared<Device>();
    cam->instance_id = kCamId;
    cam->parent_instance_id = kHostId;
    cam->syspath = host->syspath + "/usb1/1-2";
    cam->subsystem = "usb";
    cam->devtype = "usb_device";
    cam->driver = "usb";
    cam->setup_class = setup_class::usb;
    cam->description = "HD Webcam C525";
    cam->manufacturer = "Logitech, Inc.";
    cam->bus_reported_description = "C525 HD Webcam";
    cam->interfaces = {{interface_class::usb_device, kCamLink}};
    cam->properties = {{"BUSNUM", "001"}, {"DEVNUM", "002"}};
    cam->started = true;
    source().add_device(cam);

    auto key = std::make_shared<Device>();
    key->instance_id = kKeyId;
    key->parent_instance_id = kHostId;
    key->syspath = host->syspath + "/usb1/1-3";
    key->subsystem = "usb";
    key->devtype = "usb_device";
    key->description = "Cruzer Blade";
    key->properties = {{"BUSNUM", "001"}, {"DEVNUM", "003"}};
    key->started = false;  // no driver bound
    source().add_device(key);

    auto disk = std::make_shared<Device>();
    disk->instance_id = kDiskId;
    disk->parent_instance_id = kKeyId;
    disk->syspath = key->syspath + "/1-3:1.0/host0/target0:0:0/0:0:0:0/block/sda";
    disk->subsystem = "block";
    disk->setup_class = setup_class::disk_drive;
    disk->description = "ACME Stick";
    disk->started = true;
    source().add_device(disk);
  }

  static DEVINST locate(const std::string& id) {
    DEVINST dn = 0;
    EXPECT_EQ(CM_Locate_DevNodeA(&dn, const_cast<char*>(id.c_str()), 0), CR_SUCCESS) << id;
    return dn;
  }
  static DEVINST root() {
    DEVINST dn = 0;
    EXPECT_EQ(CM_Locate_DevNodeW(&dn, nullptr, 0), CR_SUCCESS);
    return dn;
  }
};

// ---- Device properties ----

// One model answers both APIs: the C++ API's device_property() is what CM_Get_DevNode_PropertyW
// and SetupDiGetDevicePropertyW return, for every device of the tree and every key.
TEST_F(Win32Properties, CppApiAnswersWhatTheCApiAnswers) {
  const std::vector<DevicePtr> devices = enumerate();
  ASSERT_EQ(devices.size(), 4u);
  int compared = 0;
  for (const DevicePtr& d : devices) compared += testing::expect_cpp_api_matches_c_api(*d);
  EXPECT_EQ(compared, 4 * static_cast<int>(testing::key_pairs().size() + 1));
}

TEST_F(Win32Properties, NamesAndTheirTypes) {
  const DEVINST cam = locate(kCamId);
  struct Expected {
    const DEVPROPKEY* key;
    const wchar_t* text;
  };
  for (const Expected& e :
       {Expected{&DEVPKEY_Device_DeviceDesc, L"HD Webcam C525"},
        Expected{&DEVPKEY_Device_FriendlyName, L"HD Webcam C525"},
        Expected{&DEVPKEY_NAME, L"HD Webcam C525"},
        Expected{&DEVPKEY_Device_Manufacturer, L"Logitech, Inc."},
        Expected{&DEVPKEY_Device_BusReportedDeviceDesc, L"C525 HD Webcam"},
        Expected{&DEVPKEY_Device_Service, L"usb"}, Expected{&DEVPKEY_Device_Class, L"USB"},
        Expected{&DEVPKEY_Device_EnumeratorName, L"USB"},
        Expected{&DEVPKEY_Device_LocationInfo, L"Port_#0002.Hub_#0000"},
        Expected{&DEVPKEY_Device_PDOName, L"/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"},
        Expected{&DEVPKEY_Device_Driver, L"{36fc9e60-c465-11cf-8056-444553540000}\\usb"}}) {
    const Property p = get(cam, *e.key);
    ASSERT_EQ(p.cr, CR_SUCCESS) << e.text;
    EXPECT_EQ(p.type, DEVPROP_TYPE_STRING) << e.text;
    EXPECT_EQ(p.text(), e.text);
  }
  // The host controller's hub number comes from the USB device's parent: a PCI function has no
  // DEVNUM, so hub 0; the PCI function itself has Windows' PCI wording.
  const Property info = get(locate(kHostId), DEVPKEY_Device_LocationInfo);
  ASSERT_EQ(info.cr, CR_SUCCESS);
  EXPECT_EQ(info.text(), L"PCI bus 0, device 20, function 0");
}

TEST_F(Win32Properties, BusNumbersAddressesAndLocationPaths) {
  const DEVINST host = locate(kHostId), cam = locate(kCamId);
  Property p = get(host, DEVPKEY_Device_BusNumber);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.type, DEVPROP_TYPE_UINT32);
  EXPECT_EQ(number_of(p), 0u);
  p = get(host, DEVPKEY_Device_Address);
  EXPECT_EQ(p.type, DEVPROP_TYPE_UINT32);
  EXPECT_EQ(number_of(p), (0x14u << 16) | 0u);
  p = get(cam, DEVPKEY_Device_BusNumber);
  EXPECT_EQ(number_of(p), 1u);
  p = get(cam, DEVPKEY_Device_Address);
  EXPECT_EQ(number_of(p), 2u) << "the port";
  p = get(host, DEVPKEY_Device_LocationPaths);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.type, DEVPROP_TYPE_STRING_LIST);
  EXPECT_EQ(p.list(), std::vector<std::wstring>{L"PCIROOT(0)#PCI(1400)"});
  p = get(cam, DEVPKEY_Device_LocationPaths);
  EXPECT_EQ(p.list(), std::vector<std::wstring>{L"PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)"});
  // A block device has no bus number of its own.
  EXPECT_EQ(get(locate(kDiskId), DEVPKEY_Device_BusNumber).cr, CR_NO_SUCH_VALUE);
}

TEST_F(Win32Properties, RelationsAndContainers) {
  const DEVINST host = locate(kHostId), cam = locate(kCamId), key = locate(kKeyId);
  const DEVINST disk = locate(kDiskId);
  Property p = get(host, DEVPKEY_Device_Children);
  ASSERT_EQ(p.cr, CR_SUCCESS);
  EXPECT_EQ(p.type, DEVPROP_TYPE_STRING_LIST);
  EXPECT_EQ(p.list(), (std::vector<std::wstring>{wide(kCamId), wide(kKeyId)}));
  p = get(cam, DEVPKEY_Device_Siblings);
  EXPECT_EQ(p.list(), std::vector<std::wstring>{wide(kKeyId)});
  EXPECT_EQ(get(cam, DEVPKEY_Device_Children).cr, CR_NO_SUCH_VALUE) << "no children";
  EXPECT_EQ(get(host, DEVPKEY_Device_Siblings).cr, CR_NO_SUCH_VALUE) << "alone at the top";
  EXPECT_EQ(get(disk, DEVPKEY_Device_Parent).text(), wide(kKeyId));
  p = get(root(), DEVPKEY_Device_Children);
  EXPECT_EQ(p.list(), std::vector<std::wstring>{wide(kHostId)});

  // A USB device and what is below it share a container; other devices have their own.
  const Property key_container = get(key, DEVPKEY_Device_ContainerId);
  ASSERT_EQ(key_container.cr, CR_SUCCESS);
  EXPECT_EQ(key_container.type, DEVPROP_TYPE_GUID);
  EXPECT_TRUE(same_guid(guid_of(get(disk, DEVPKEY_Device_ContainerId)), guid_of(key_container)));
  EXPECT_FALSE(same_guid(guid_of(get(cam, DEVPKEY_Device_ContainerId)), guid_of(key_container)));
  EXPECT_FALSE(same_guid(guid_of(get(host, DEVPKEY_Device_ContainerId)), guid_of(key_container)));
}

TEST_F(Win32Properties, StatusAndProblems) {
  const DEVINST cam = locate(kCamId), key = locate(kKeyId), host = locate(kHostId);
  ULONG status = 0xdeadbeef, problem = 0xdeadbeef;
  ASSERT_EQ(CM_Get_DevNode_Status(&status, &problem, cam, 0), CR_SUCCESS);
  EXPECT_EQ(status & (DN_STARTED | DN_DRIVER_LOADED), DN_STARTED | DN_DRIVER_LOADED);
  EXPECT_EQ(status & DN_HAS_PROBLEM, 0u);
  EXPECT_NE(status & DN_REMOVABLE, 0u) << "on a USB port";
  EXPECT_EQ(problem, 0u);
  ASSERT_EQ(CM_Get_DevNode_Status(&status, &problem, key, 0), CR_SUCCESS);
  EXPECT_EQ(status & DN_STARTED, 0u);
  EXPECT_NE(status & DN_HAS_PROBLEM, 0u);
  EXPECT_EQ(problem, CM_PROB_FAILED_INSTALL);
  ASSERT_EQ(CM_Get_DevNode_Status(&status, &problem, host, 0), CR_SUCCESS);
  EXPECT_EQ(status & DN_REMOVABLE, 0u);
  ASSERT_EQ(CM_Get_DevNode_Status(&status, &problem, root(), 0), CR_SUCCESS);
  EXPECT_NE(status & DN_STARTED, 0u);

  // The same values as properties.
  EXPECT_EQ(number_of(get(key, DEVPKEY_Device_ProblemCode)), CM_PROB_FAILED_INSTALL);
  ULONG key_status = 0;
  ASSERT_EQ(CM_Get_DevNode_Status(&key_status, &problem, key, 0), CR_SUCCESS);
  EXPECT_EQ(number_of(get(key, DEVPKEY_Device_DevNodeStatus)), key_status);
  const Property has_problem = get(key, DEVPKEY_Device_HasProblem);
  EXPECT_EQ(has_problem.type, DEVPROP_TYPE_BOOLEAN);
  ASSERT_EQ(has_problem.bytes.size(), 1u);
  EXPECT_EQ(static_cast<DEVPROP_BOOLEAN>(has_problem.bytes[0]), DEVPROP_TRUE);

  // Bad input: NULL pointers, flags, DEVINSTs never handed out.
  EXPECT_EQ(CM_Get_DevNode_Status(nullptr, &problem, cam, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_DevNode_Status(&status, nullptr, cam, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_DevNode_Status(&status, &problem, cam, 1), CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_DevNode_Status(&status, &problem, 0, 0), CR_INVALID_DEVNODE);
  EXPECT_EQ(CM_Get_DevNode_Status(&status, &problem, 0x7fffffff, 0), CR_INVALID_DEVNODE);
}

TEST_F(Win32Properties, AGoneDeviceIsNoSuchDevnode) {
  const DEVINST key = locate(kKeyId);
  source().remove_device(std::string("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-3"));
  ULONG status = 0, problem = 0;
  EXPECT_EQ(CM_Get_DevNode_Status(&status, &problem, key, 0), CR_NO_SUCH_DEVNODE);
  EXPECT_EQ(get(key, DEVPKEY_Device_DeviceDesc).cr, CR_NO_SUCH_DEVNODE);
  DEVINST child = 0;
  EXPECT_EQ(CM_Get_Child(&child, key, 0), CR_NO_SUCH_DEVNODE);
}

TEST_F(Win32Properties, KeysListEveryAnsweredPropertyAndOnlyThose) {
  const DEVINST cam = locate(kCamId);
  ULONG count = 0;
  ASSERT_EQ(CM_Get_DevNode_Property_Keys(cam, nullptr, &count, 0), CR_BUFFER_SMALL);
  ASSERT_GT(count, 10u);
  std::vector<DEVPROPKEY> keys(count);
  ULONG small = count - 1;
  EXPECT_EQ(CM_Get_DevNode_Property_Keys(cam, keys.data(), &small, 0), CR_BUFFER_SMALL);
  EXPECT_EQ(small, count);
  ASSERT_EQ(CM_Get_DevNode_Property_Keys(cam, keys.data(), &count, 0), CR_SUCCESS);
  EXPECT_EQ(count, keys.size());
  bool has_desc = false, has_children = false;
  for (const DEVPROPKEY& k : keys) {
    EXPECT_EQ(get(cam, k).cr, CR_SUCCESS) << k.pid;
    has_desc = has_desc || IsEqualDevPropKey(k, DEVPKEY_Device_DeviceDesc);
    has_children = has_children || IsEqualDevPropKey(k, DEVPKEY_Device_Children);
  }
  EXPECT_TRUE(has_desc);
  EXPECT_FALSE(has_children) << "the camera has none";

  EXPECT_EQ(CM_Get_DevNode_Property_Keys(cam, nullptr, nullptr, 0), CR_INVALID_POINTER);
  count = 1;
  EXPECT_EQ(CM_Get_DevNode_Property_Keys(cam, nullptr, &count, 0), CR_INVALID_POINTER);
  count = 0;
  EXPECT_EQ(CM_Get_DevNode_Property_Keys(cam, nullptr, &count, 2), CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_DevNode_Property_Keys(0, nullptr, &count, 0), CR_INVALID_DEVNODE);
}

// ---- Registry properties ----

TEST_F(Win32Properties, RegistryPropertiesInRegistryForm) {
  const DEVINST cam = locate(kCamId);
  ULONG type = 0, size = 0;
  ASSERT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_DEVICEDESC, &type, nullptr, &size, 0),
            CR_BUFFER_SMALL);
  EXPECT_EQ(type, REG_SZ);
  EXPECT_EQ(size, (std::wcslen(L"HD Webcam C525") + 1) * sizeof(wchar_t));
  std::vector<wchar_t> text(size / sizeof(wchar_t));
  ASSERT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_DEVICEDESC, &type, text.data(), &size, 0),
            CR_SUCCESS);
  EXPECT_STREQ(text.data(), L"HD Webcam C525");

  char narrow[256];
  size = sizeof narrow;
  ASSERT_EQ(CM_Get_DevNode_Registry_PropertyA(cam, CM_DRP_MFG, &type, narrow, &size, 0),
            CR_SUCCESS);
  EXPECT_STREQ(narrow, "Logitech, Inc.");
  EXPECT_EQ(size, std::strlen("Logitech, Inc.") + 1);

  // The class GUID is a string in the registry.
  size = sizeof narrow;
  ASSERT_EQ(CM_Get_DevNode_Registry_PropertyA(cam, CM_DRP_CLASSGUID, &type, narrow, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(type, REG_SZ);
  EXPECT_STREQ(narrow, "{36fc9e60-c465-11cf-8056-444553540000}");

  ULONG bus = 0;
  size = sizeof bus;
  ASSERT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_BUSNUMBER, &type, &bus, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(type, REG_DWORD);
  EXPECT_EQ(bus, 1u);

  wchar_t paths[256];
  size = sizeof paths;
  ASSERT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_LOCATION_PATHS, &type, paths, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(type, REG_MULTI_SZ);
  EXPECT_EQ(entries(paths), std::vector<std::wstring>{L"PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)"});

  // The type pointer is optional.
  size = sizeof narrow;
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyA(cam, CM_DRP_SERVICE, nullptr, narrow, &size, 0),
            CR_SUCCESS);
  EXPECT_STREQ(narrow, "usb");
}

TEST_F(Win32Properties, RegistryPropertyBadInput) {
  const DEVINST cam = locate(kCamId);
  ULONG type = 0, size = 16;
  BYTE buffer[16];
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, 0, &type, buffer, &size, 0),
            CR_INVALID_PROPERTY);
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_MAX + 1, &type, buffer, &size, 0),
            CR_INVALID_PROPERTY);
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_DEVICEDESC, &type, buffer, nullptr, 0),
            CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_DEVICEDESC, &type, nullptr, &size, 0),
            CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_DEVICEDESC, &type, buffer, &size, 1),
            CR_INVALID_FLAG);
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(0, CM_DRP_DEVICEDESC, &type, buffer, &size, 0),
            CR_INVALID_DEVNODE);
  size = sizeof buffer;
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_UPPERFILTERS, &type, buffer, &size, 0),
            CR_NO_SUCH_VALUE);
  EXPECT_EQ(size, 0u);
  size = 4;  // too small: the size needed comes back
  EXPECT_EQ(CM_Get_DevNode_Registry_PropertyW(cam, CM_DRP_DEVICEDESC, &type, buffer, &size, 0),
            CR_BUFFER_SMALL);
  EXPECT_EQ(size, (std::wcslen(L"HD Webcam C525") + 1) * sizeof(wchar_t));
}

// ---- Device interface properties ----

TEST_F(Win32Properties, InterfaceProperties) {
  const std::wstring link = wide(kCamLink);
  DEVPROPTYPE type = 0;
  BYTE buffer[512];
  ULONG size = sizeof buffer;
  ASSERT_EQ(CM_Get_Device_Interface_PropertyW(link.c_str(), &DEVPKEY_DeviceInterface_FriendlyName,
                                              &type, buffer, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(type, DEVPROP_TYPE_STRING);
  EXPECT_STREQ(reinterpret_cast<const wchar_t*>(buffer), L"HD Webcam C525");
  size = sizeof buffer;
  ASSERT_EQ(CM_Get_Device_Interface_PropertyW(link.c_str(), &DEVPKEY_DeviceInterface_Enabled, &type,
                                              buffer, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(type, DEVPROP_TYPE_BOOLEAN);
  EXPECT_EQ(size, 1u);
  EXPECT_EQ(static_cast<DEVPROP_BOOLEAN>(buffer[0]), DEVPROP_TRUE);
  size = sizeof buffer;
  ASSERT_EQ(CM_Get_Device_Interface_PropertyW(link.c_str(), &DEVPKEY_DeviceInterface_ClassGuid,
                                              &type, buffer, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(type, DEVPROP_TYPE_GUID);
  EXPECT_EQ(std::memcmp(buffer, &GUID_DEVINTERFACE_USB_DEVICE, sizeof(GUID)), 0);
  // The link in another case names the same interface; the device's instance ID is there too.
  std::wstring lower = link;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::towlower);
  size = sizeof buffer;
  ASSERT_EQ(CM_Get_Device_Interface_PropertyW(lower.c_str(), &DEVPKEY_Device_InstanceId, &type,
                                              buffer, &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(std::wstring(reinterpret_cast<const wchar_t*>(buffer)), wide(kCamId));

  size = sizeof buffer;
  EXPECT_EQ(CM_Get_Device_Interface_PropertyW(link.c_str(), &DEVPKEY_Device_Manufacturer, &type,
                                              buffer, &size, 0),
            CR_NO_SUCH_VALUE);
  EXPECT_EQ(CM_Get_Device_Interface_PropertyW(L"\\\\?\\NOPE#1#2#{0}", &DEVPKEY_NAME, &type, buffer,
                                              &size, 0),
            CR_NO_SUCH_DEVICE_INTERFACE);
  EXPECT_EQ(CM_Get_Device_Interface_PropertyW(nullptr, &DEVPKEY_NAME, &type, buffer, &size, 0),
            CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Device_Interface_PropertyW(link.c_str(), nullptr, &type, buffer, &size, 0),
            CR_FAILURE);
  EXPECT_EQ(CM_Get_Device_Interface_PropertyW(link.c_str(), &DEVPKEY_NAME, &type, buffer, &size, 1),
            CR_INVALID_FLAG);

  ULONG count = 0;
  ASSERT_EQ(CM_Get_Device_Interface_Property_KeysW(link.c_str(), nullptr, &count, 0),
            CR_BUFFER_SMALL);
  std::vector<DEVPROPKEY> keys(count);
  ASSERT_EQ(CM_Get_Device_Interface_Property_KeysW(link.c_str(), keys.data(), &count, 0),
            CR_SUCCESS);
  EXPECT_TRUE(std::any_of(keys.begin(), keys.end(), [](const DEVPROPKEY& k) {
    return IsEqualDevPropKey(k, DEVPKEY_DeviceInterface_Enabled);
  }));
  EXPECT_EQ(CM_Get_Device_Interface_Property_KeysW(nullptr, nullptr, &count, 0),
            CR_INVALID_POINTER);
}

// ---- The tree: CM_Get_Child and CM_Get_Sibling ----

TEST_F(Win32Properties, ChildAndSiblingWalkTheWholeTree) {
  std::set<std::wstring> seen;
  std::vector<DEVINST> stack{root()};
  while (!stack.empty()) {
    const DEVINST dn = stack.back();
    stack.pop_back();
    wchar_t id[MAX_DEVICE_ID_LEN];
    ASSERT_EQ(CM_Get_Device_IDW(dn, id, MAX_DEVICE_ID_LEN, 0), CR_SUCCESS);
    EXPECT_TRUE(seen.insert(id).second) << "visited twice";
    DEVINST child = 0;
    if (CM_Get_Child(&child, dn, 0) != CR_SUCCESS) continue;
    for (DEVINST c = child;;) {
      stack.push_back(c);
      DEVINST next = 0;
      if (CM_Get_Sibling(&next, c, 0) != CR_SUCCESS) break;
      DEVINST parent = 0;
      ASSERT_EQ(CM_Get_Parent(&parent, next, 0), CR_SUCCESS);
      EXPECT_EQ(parent, dn) << "a sibling has the same parent";
      c = next;
    }
  }
  EXPECT_EQ(seen, (std::set<std::wstring>{L"HTREE\\ROOT\\0", wide(kHostId), wide(kCamId),
                                          wide(kKeyId), wide(kDiskId)}));
}

TEST_F(Win32Properties, ChildAndSiblingBadInput) {
  DEVINST out = 0xdeadbeef;
  EXPECT_EQ(CM_Get_Child(nullptr, root(), 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Child(&out, root(), 1), CR_INVALID_FLAG);
  EXPECT_EQ(out, 0u) << "cleared first";
  EXPECT_EQ(CM_Get_Child(&out, 0, 0), CR_INVALID_DEVNODE);
  EXPECT_EQ(CM_Get_Child(&out, locate(kDiskId), 0), CR_NO_SUCH_DEVNODE) << "a leaf";
  EXPECT_EQ(CM_Get_Sibling(nullptr, root(), 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Get_Sibling(&out, root(), 0), CR_NO_SUCH_DEVNODE);
  EXPECT_EQ(CM_Get_Sibling(&out, locate(kKeyId), 0), CR_NO_SUCH_DEVNODE) << "the last child";
  EXPECT_EQ(CM_Get_Sibling(&out, 0xfffffff0, 0), CR_INVALID_DEVNODE);
}

// ---- Relations of the ID list ----

std::vector<std::string> id_list(const std::string& filter, ULONG flags, CONFIGRET* cr_out) {
  ULONG size = 0;
  *cr_out = CM_Get_Device_ID_List_SizeA(&size, filter.c_str(), flags);
  if (*cr_out != CR_SUCCESS) return {};
  std::vector<char> list(size);
  *cr_out = CM_Get_Device_ID_ListA(filter.c_str(), list.data(), size, flags);
  std::vector<std::string> out;
  for (const char* p = list.data(); *cr_out == CR_SUCCESS && *p != '\0'; p += std::strlen(p) + 1)
    out.emplace_back(p);
  return out;
}

TEST_F(Win32Properties, RemovalEjectAndPowerRelations) {
  CONFIGRET cr = CR_DEFAULT;
  // Removing the host controller removes everything below it, depth first.
  EXPECT_EQ(id_list(kHostId, CM_GETIDLIST_FILTER_REMOVALRELATIONS, &cr),
            (std::vector<std::string>{kCamId, kKeyId, kDiskId}));
  EXPECT_EQ(cr, CR_SUCCESS);
  EXPECT_EQ(id_list(kKeyId, CM_GETIDLIST_FILTER_EJECTRELATIONS, &cr),
            std::vector<std::string>{kDiskId});
  EXPECT_EQ(cr, CR_SUCCESS);
  EXPECT_TRUE(id_list(kDiskId, CM_GETIDLIST_FILTER_REMOVALRELATIONS, &cr).empty());
  EXPECT_EQ(cr, CR_SUCCESS);
  EXPECT_TRUE(id_list(kHostId, CM_GETIDLIST_FILTER_POWERRELATIONS, &cr).empty());
  EXPECT_EQ(cr, CR_SUCCESS);
  // Bus relations stay the children only.
  EXPECT_EQ(id_list(kHostId, CM_GETIDLIST_FILTER_BUSRELATIONS, &cr),
            (std::vector<std::string>{kCamId, kKeyId}));
  // A relation needs a present, well-formed device ID.
  id_list("USB\\VID_FFFF&PID_FFFF\\1", CM_GETIDLIST_FILTER_REMOVALRELATIONS, &cr);
  EXPECT_EQ(cr, CR_NO_SUCH_DEVNODE);
  id_list("q", CM_GETIDLIST_FILTER_EJECTRELATIONS, &cr);
  EXPECT_EQ(cr, CR_INVALID_DEVICE_ID);
  id_list("", CM_GETIDLIST_FILTER_POWERRELATIONS, &cr);
  EXPECT_EQ(cr, CR_INVALID_DATA);
}

// ---- Classes and enumerators ----

TEST_F(Win32Properties, EnumerateClasses) {
  std::vector<GUID> setup, interface;
  GUID g;
  for (ULONG i = 0; CM_Enumerate_Classes(i, &g, CM_ENUMERATE_CLASSES_INSTALLER) == CR_SUCCESS; ++i)
    setup.push_back(g);
  for (ULONG i = 0; CM_Enumerate_Classes(i, &g, CM_ENUMERATE_CLASSES_INTERFACE) == CR_SUCCESS; ++i)
    interface.push_back(g);
  auto has = [](const std::vector<GUID>& list, const GUID& want) {
    return std::any_of(list.begin(), list.end(), [&](const GUID& x) { return same_guid(x, want); });
  };
  EXPECT_TRUE(has(setup, GUID_DEVCLASS_USB));
  EXPECT_TRUE(has(setup, GUID_DEVCLASS_NET));
  EXPECT_FALSE(has(setup, GUID_DEVINTERFACE_USB_DEVICE));
  EXPECT_TRUE(has(interface, GUID_DEVINTERFACE_USB_DEVICE));
  EXPECT_EQ(CM_Enumerate_Classes(static_cast<ULONG>(setup.size()), &g, 0), CR_NO_SUCH_VALUE);
  EXPECT_EQ(CM_Enumerate_Classes(0, nullptr, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Enumerate_Classes(0, &g, 2), CR_INVALID_FLAG);
}

TEST_F(Win32Properties, EnumerateEnumerators) {
  std::vector<std::wstring> names;
  wchar_t buffer[64];
  for (ULONG i = 0;; ++i) {
    ULONG length = 64;
    const CONFIGRET cr = CM_Enumerate_EnumeratorsW(i, buffer, &length, 0);
    if (cr == CR_NO_SUCH_VALUE) break;
    ASSERT_EQ(cr, CR_SUCCESS);
    EXPECT_EQ(length, std::wcslen(buffer) + 1);
    names.emplace_back(buffer);
  }
  EXPECT_EQ(names, (std::vector<std::wstring>{L"PCI", L"USB", L"USBSTOR"}));
  char narrow[2];
  ULONG length = sizeof narrow;
  EXPECT_EQ(CM_Enumerate_EnumeratorsA(2, narrow, &length, 0), CR_BUFFER_SMALL);
  EXPECT_EQ(length, 8u) << "USBSTOR and its NUL";
  EXPECT_EQ(CM_Enumerate_EnumeratorsA(0, nullptr, &length, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Enumerate_EnumeratorsA(0, narrow, nullptr, 0), CR_INVALID_POINTER);
  EXPECT_EQ(CM_Enumerate_EnumeratorsA(0, narrow, &length, 1), CR_INVALID_FLAG);
}

}  // namespace
}  // namespace cmnotify
