// Discovery on real devices (root): a tap interface made for the test, lo, and this machine's
// PCI functions. What SetupAPI lists agrees with the CM functions and with sysfs, a set outlives
// the tap it listed, and the tree walk finds the tap under the root.
#include <cfgmgr32.h>
#include <devpkey.h>
#include <initguid.h>
#include <ndisguid.h>
#include <setupapi.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;

const std::string kTap = "cmndisc0";
const std::wstring kTapId = L"SWD\\NET\\CMNDISC0";

struct Arrivals {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::wstring> links;
};

DWORD CALLBACK on_interface(HCMNOTIFICATION, PVOID context, CM_NOTIFY_ACTION action,
                            PCM_NOTIFY_EVENT_DATA data, DWORD) {
  auto* arrivals = static_cast<Arrivals*>(context);
  if (action != CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL) return ERROR_SUCCESS;
  std::lock_guard lock(arrivals->mutex);
  arrivals->links.emplace_back(data->u.DeviceInterface.SymbolicLink);
  arrivals->cv.notify_all();
  return ERROR_SUCCESS;
}

// The instance ID and friendly name of every network interface SetupAPI lists, by path.
struct Listed {
  std::wstring path, id, name;
};
std::vector<Listed> list_net_interfaces() {
  std::vector<Listed> out;
  HDEVINFO set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NET, nullptr, nullptr,
                                      DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
  EXPECT_NE(set, INVALID_HANDLE_VALUE);
  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  for (DWORD i = 0; SetupDiEnumDeviceInterfaces(set, nullptr, &GUID_DEVINTERFACE_NET, i, &iface);
       ++i) {
    DWORD size = 0;
    EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set, &iface, nullptr, 0, &size, nullptr));
    std::vector<BYTE> storage(size);
    auto* detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_W>(storage.data());
    detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W);
    SP_DEVINFO_DATA device{};
    device.cbSize = sizeof device;
    if (!SetupDiGetDeviceInterfaceDetailW(set, &iface, detail, size, nullptr, &device)) continue;
    Listed l;
    l.path = detail->DevicePath;
    WCHAR text[MAX_DEVICE_ID_LEN];
    if (SetupDiGetDeviceInstanceIdW(set, &device, text, MAX_DEVICE_ID_LEN, nullptr)) l.id = text;
    if (SetupDiGetDeviceRegistryPropertyW(set, &device, SPDRP_FRIENDLYNAME, nullptr,
                                          reinterpret_cast<PBYTE>(text), sizeof text, nullptr))
      l.name = text;
    out.push_back(l);
  }
  SetupDiDestroyDeviceInfoList(set);
  return out;
}

// Every node below the root through CM_Get_Child / CM_Get_Sibling.
std::vector<std::wstring> walk_tree() {
  std::vector<std::wstring> ids;
  DEVINST root = 0;
  EXPECT_EQ(CM_Locate_DevNodeW(&root, nullptr, 0), CR_SUCCESS);
  std::vector<DEVINST> stack{root};
  while (!stack.empty() && ids.size() < 100000) {
    const DEVINST dn = stack.back();
    stack.pop_back();
    WCHAR id[MAX_DEVICE_ID_LEN];
    if (CM_Get_Device_IDW(dn, id, MAX_DEVICE_ID_LEN, 0) == CR_SUCCESS) ids.emplace_back(id);
    DEVINST child = 0;
    if (CM_Get_Child(&child, dn, 0) != CR_SUCCESS) continue;
    do {
      stack.push_back(child);
    } while (CM_Get_Sibling(&child, child, 0) == CR_SUCCESS);
  }
  return ids;
}

TEST(Win32DiscoveryOnRealDevices, TapLoAndTheTreeAgreeAcrossTheApis) {
  CMNOTIFY_REQUIRE_ROOT();
  Arrivals arrivals;
  CM_NOTIFY_FILTER filter = {};
  filter.cbSize = sizeof filter;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  filter.u.DeviceInterface.ClassGuid = GUID_DEVINTERFACE_NET;
  HCMNOTIFICATION notify = nullptr;
  ASSERT_EQ(CM_Register_Notification(&filter, &arrivals, on_interface, &notify), CR_SUCCESS);
  testing::TapInterface tap(kTap);
  {
    std::unique_lock lock(arrivals.mutex);
    ASSERT_TRUE(arrivals.cv.wait_for(lock, 20s, [&] {
      for (const auto& l : arrivals.links)
        if (l.find(L"#CMNDISC0#") != std::wstring::npos) return true;
      return false;
    })) << "the tap never arrived";
  }

  // SetupAPI lists the tap and lo with their names; the paths are the CM interface list's.
  const auto listed = list_net_interfaces();
  const Listed* tap_entry = nullptr;
  bool has_lo = false;
  for (const Listed& l : listed) {
    if (l.id == kTapId) tap_entry = &l;
    has_lo = has_lo || l.name == L"lo";
  }
  ASSERT_NE(tap_entry, nullptr);
  EXPECT_EQ(tap_entry->name, L"cmndisc0");
  EXPECT_TRUE(has_lo);
  ULONG length = 0;
  GUID net = GUID_DEVINTERFACE_NET;
  ASSERT_EQ(
      CM_Get_Device_Interface_List_SizeW(&length, &net, const_cast<WCHAR*>(kTapId.c_str()), 0),
      CR_SUCCESS);
  std::vector<WCHAR> cm_list(length);
  ASSERT_EQ(CM_Get_Device_Interface_ListW(&net, const_cast<WCHAR*>(kTapId.c_str()), cm_list.data(),
                                          length, 0),
            CR_SUCCESS);
  EXPECT_EQ(std::wstring(cm_list.data()), tap_entry->path);

  // The CM side: located by the ID SetupAPI gave, a child of the root, named by sysfs.
  DEVINST dn = 0;
  ASSERT_EQ(CM_Locate_DevNodeW(&dn, const_cast<WCHAR*>(kTapId.c_str()), 0), CR_SUCCESS);
  WCHAR syspath[512];
  ULONG size = sizeof syspath;
  DEVPROPTYPE type = 0;
  ASSERT_EQ(CM_Get_DevNode_PropertyW(dn, &DEVPKEY_Cmnotify_LinuxSyspath, &type,
                                     reinterpret_cast<PBYTE>(syspath), &size, 0),
            CR_SUCCESS);
  EXPECT_EQ(std::wstring(syspath), L"/sys/devices/virtual/net/cmndisc0");
  std::ifstream ifindex("/sys/class/net/cmndisc0/ifindex");
  EXPECT_TRUE(ifindex.good()) << "sysfs has the device the API describes";
  const auto tree = walk_tree();
  EXPECT_NE(std::find(tree.begin(), tree.end(), kTapId), tree.end());
  ULONG status = 0, problem = 0;
  ASSERT_EQ(CM_Get_DevNode_Status(&status, &problem, dn, 0), CR_SUCCESS);
  EXPECT_NE(status & DN_STARTED, 0u);

  // A set outlives the device it listed: then ERROR_NO_SUCH_DEVINST.
  HDEVINFO set =
      SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NET, kTapId.c_str(), nullptr, DIGCF_DEVICEINTERFACE);
  ASSERT_NE(set, INVALID_HANDLE_VALUE);
  SP_DEVINFO_DATA device{};
  device.cbSize = sizeof device;
  ASSERT_TRUE(SetupDiEnumDeviceInfo(set, 0, &device));
  tap.remove();
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    WCHAR id[MAX_DEVICE_ID_LEN];
    gone = !SetupDiGetDeviceInstanceIdW(set, &device, id, MAX_DEVICE_ID_LEN, nullptr);
    if (!gone) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(gone) << "the tap never left the device map";
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_SUCH_DEVINST));
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
  EXPECT_EQ(CM_Unregister_Notification(notify), CR_SUCCESS);
}

// A virtio 1.0 network card (this test machine's) has the hardware database's names through every
// API: "Virtio 1.0 network device" by "Red Hat, Inc.".
TEST(Win32DiscoveryOnRealDevices, VirtioNetworkCardHasTheDatabaseNames) {
  HDEVINFO set = SetupDiGetClassDevsA(nullptr, "PCI", nullptr, DIGCF_ALLCLASSES | DIGCF_PRESENT);
  if (set == INVALID_HANDLE_VALUE) GTEST_SKIP() << "no PCI devices";
  SP_DEVINFO_DATA device{};
  device.cbSize = sizeof device;
  bool virtio_net = false;
  char text[256];
  for (DWORD i = 0; !virtio_net && SetupDiEnumDeviceInfo(set, i, &device); ++i) {
    ASSERT_TRUE(SetupDiGetDeviceInstanceIdA(set, &device, text, sizeof text, nullptr));
    virtio_net = std::string(text).rfind("PCI\\VEN_1AF4&DEV_1041&", 0) == 0;
  }
  if (!virtio_net) {
    SetupDiDestroyDeviceInfoList(set);
    GTEST_SKIP() << "no virtio 1.0 network card";
  }
  ASSERT_TRUE(SetupDiGetDeviceRegistryPropertyA(set, &device, SPDRP_DEVICEDESC, nullptr,
                                                reinterpret_cast<PBYTE>(text), sizeof text,
                                                nullptr));
  EXPECT_STREQ(text, "Virtio 1.0 network device");
  ULONG size = sizeof text;
  ASSERT_EQ(CM_Get_DevNode_Registry_PropertyA(device.DevInst, CM_DRP_MFG, nullptr, text, &size, 0),
            CR_SUCCESS);
  EXPECT_STREQ(text, "Red Hat, Inc.");
  EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
  // The C++ API has the same names.
  bool found = false;
  for (const DevicePtr& d : enumerate(Filter::all_instances())) {
    if (d->instance_id.rfind("PCI\\VEN_1AF4&DEV_1041&", 0) != 0) continue;
    EXPECT_EQ(d->description, "Virtio 1.0 network device");
    EXPECT_EQ(d->manufacturer, "Red Hat, Inc.");
    found = true;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace cmnotify
