// Identities on umockdev testbeds: the ecosystem's standard fake sysfs. Sysfs(root = the
// testbed's sys directory) reads it directly; no LD_PRELOAD (umockdev-wrapper) is needed because
// we never open /sys by its absolute name. Nested devices are added with
// umockdev_testbed_add_from_string: umockdev_testbed_add_device checks that the parent exists at
// its /sys/... path, which only holds under umockdev-wrapper.
#include <gtest/gtest.h>
#include <umockdev.h>

#include <map>
#include <set>
#include <string>

#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"
#include "linux/identity.hpp"
#include "linux/sysfs.hpp"

namespace cmnotify::linux_source {
namespace {

namespace ic = interface_class;

const char* const kMachine = R"(P: /devices/pci0000:00/0000:00:14.0/usb1
E: SUBSYSTEM=usb
E: DEVTYPE=usb_device
E: PRODUCT=1d6b/2/606
E: TYPE=9/0/1
A: idVendor=1d6b
A: idProduct=0002
A: serial=0000:00:14.0
A: product=xHCI Host Controller
A: bNumInterfaces= 1

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1
E: SUBSYSTEM=usb
E: DEVTYPE=usb_device
E: PRODUCT=781/5567/100
E: TYPE=0/0/0
A: idVendor=0781
A: idProduct=5567
A: bcdDevice=0100
A: serial=4C530001230523112345
A: product=Cruzer Blade
A: bNumInterfaces= 1
A: bConfigurationValue=1
A: devpath=1

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0
E: SUBSYSTEM=usb
E: DEVTYPE=usb_interface
E: INTERFACE=8/6/80
A: bInterfaceNumber=00

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0
E: SUBSYSTEM=scsi
E: DEVTYPE=scsi_host

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0
E: SUBSYSTEM=scsi
E: DEVTYPE=scsi_target

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0
E: SUBSYSTEM=scsi
E: DEVTYPE=scsi_device
A: vendor=SanDisk 
A: model=Cruzer Blade    
A: rev=1.00
A: type=0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda
E: SUBSYSTEM=block
E: DEVTYPE=disk
E: DEVNAME=/dev/sda
E: MAJOR=8
E: MINOR=0
A: dev=8:0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1
E: SUBSYSTEM=block
E: DEVTYPE=partition
E: DEVNAME=/dev/sda1
E: PARTN=1
E: MAJOR=8
E: MINOR=1
A: dev=8:1

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2
E: SUBSYSTEM=usb
E: DEVTYPE=usb_device
E: PRODUCT=46d/c52b/1201
E: TYPE=0/0/0
A: idVendor=046d
A: idProduct=c52b
A: product=USB Receiver
A: bNumInterfaces= 2
A: bConfigurationValue=1
A: devpath=2

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0
E: SUBSYSTEM=usb
E: DEVTYPE=usb_interface
E: INTERFACE=3/1/1
A: bInterfaceNumber=00

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:046D:C52B.0001
E: SUBSYSTEM=hid
E: HID_ID=0003:0000046D:0000C52B
E: HID_NAME=Logitech USB Receiver
E: HID_PHYS=usb-0000:00:14.0-2/input0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.1
E: SUBSYSTEM=usb
E: DEVTYPE=usb_interface
E: INTERFACE=3/1/2
A: bInterfaceNumber=01

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.1/0003:046D:C52B.0002
E: SUBSYSTEM=hid
E: HID_ID=0003:0000046D:0000C52B
E: HID_NAME=Logitech USB Receiver Mouse
E: HID_PHYS=usb-0000:00:14.0-2/input1
H: report_descriptor=05010902A1010901A100050919012903150025019503750181029501750581030501093009311581257F750895028106C0C0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.1/0003:046D:C52B.0002/input/input7
E: SUBSYSTEM=input
E: PRODUCT=3/46d/c52b/111
E: NAME="Logitech USB Receiver Mouse"
E: EV=17
E: KEY=ffff0000 0 0 0 0
E: REL=1943

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3
E: SUBSYSTEM=usb
E: DEVTYPE=usb_device
E: PRODUCT=403/6001/600
E: TYPE=0/0/0
A: idVendor=0403
A: idProduct=6001
A: serial=A50285BI
A: product=FT232R USB UART
A: bNumInterfaces= 1
A: bConfigurationValue=1
A: devpath=3

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0
E: SUBSYSTEM=usb
E: DEVTYPE=usb_interface
E: INTERFACE=255/255/255
A: bInterfaceNumber=00

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/ttyUSB0
E: SUBSYSTEM=usb-serial
A: port_number=0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0
E: SUBSYSTEM=tty
E: DEVNAME=/dev/ttyUSB0
E: MAJOR=188
E: MINOR=0

P: /devices/pci0000:00/0000:00:14.0/usb1/1-4
E: SUBSYSTEM=usb
E: DEVTYPE=usb_device
E: PRODUCT=bda/8153/3000
E: TYPE=0/0/0
A: idVendor=0bda
A: idProduct=8153
A: product=USB 10/100/1000 LAN
A: bNumInterfaces= 1
A: bConfigurationValue=1
A: devpath=4
)";

class UmockdevIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    testbed_ = umockdev_testbed_new();
    ASSERT_NE(testbed_, nullptr);
    gchar* sys = umockdev_testbed_get_sys_dir(testbed_);
    sys_dir_ = sys;
    g_free(sys);
    // The host controller through the plain API: a top-level path needs no parent.
    gchar* pci = umockdev_testbed_add_device(
        testbed_, "pci", "pci0000:00/0000:00:14.0", nullptr, "revision", "0x10", nullptr,
        "PCI_CLASS", "C0330", "PCI_ID", "8086:A36D", "PCI_SUBSYS_ID", "1028:0869", "PCI_SLOT_NAME",
        "0000:00:14.0", "DRIVER", "xhci_hcd", nullptr);
    ASSERT_NE(pci, nullptr);
    EXPECT_STREQ(pci, "/sys/devices/pci0000:00/0000:00:14.0");
    g_free(pci);
    GError* error = nullptr;
    ASSERT_TRUE(umockdev_testbed_add_from_string(testbed_, kMachine, &error))
        << (error != nullptr ? error->message : "");
    // A binary attribute through the API: a boot keyboard's report descriptor.
    static const guint8 kKeyboard[] = {
        0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15,
        0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08,
        0x81, 0x03, 0x95, 0x05, 0x75, 0x01, 0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91,
        0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00,
        0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xC0};
    umockdev_testbed_set_attribute_binary(
        testbed_, "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:046D:C52B.0001",
        "report_descriptor", const_cast<guint8*>(kKeyboard), sizeof kKeyboard);
    devices_ = identify();
  }
  void TearDown() override {
    if (testbed_ != nullptr) g_object_unref(testbed_);
  }

  std::map<std::string, Device> identify() const {
    const Sysfs sysfs(sys_dir_);
    std::map<std::string, Device> out;
    for (auto& dev : sysfs.enumerate()) {
      const auto parent = out.find(dev.parent_syspath);
      assign_identity(dev, parent == out.end() ? nullptr : &parent->second, sysfs);
      auto key = dev.syspath.substr(sys_dir_.size());
      out.emplace(std::move(key), std::move(dev));
    }
    return out;
  }

  const Device& at(const std::string& devpath) const {
    const auto it = devices_.find(devpath);
    if (it == devices_.end()) throw std::runtime_error("no device " + devpath);
    return it->second;
  }

  static std::vector<Guid> guids(const Device& d) {
    std::vector<Guid> out;
    for (const auto& i : d.interfaces) out.push_back(i.class_guid);
    return out;
  }

  UMockdevTestbed* testbed_ = nullptr;
  std::string sys_dir_;
  std::map<std::string, Device> devices_;
};

const std::string kRoot = "/devices/pci0000:00/0000:00:14.0/usb1";

TEST_F(UmockdevIdentity, ReadsTheTestbedDirectly) {
  EXPECT_EQ(devices_.size(), 20u);
  const auto& stick = at(kRoot + "/1-1");
  EXPECT_EQ(stick.parent_syspath, sys_dir_ + kRoot);
  EXPECT_EQ(*stick.property("DEVPATH"), kRoot + "/1-1");
  EXPECT_EQ(stick.subsystem, "usb");
  EXPECT_EQ(at(kRoot + "/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda").devnode, "/dev/sda");
  // umockdev links usb and pci under bus/, every other subsystem under class/.
  EXPECT_FALSE(Sysfs(sys_dir_).is_class_device(stick.syspath));
  EXPECT_TRUE(Sysfs(sys_dir_).is_class_device(sys_dir_ + kRoot +
                                              "/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda"));
}

TEST_F(UmockdevIdentity, PciDevice) {
  const auto& hc = at("/devices/pci0000:00/0000:00:14.0");
  EXPECT_EQ(hc.instance_id, "PCI\\VEN_8086&DEV_A36D&SUBSYS_08691028&REV_10\\3&000000&0&A0");
  EXPECT_EQ(hc.hardware_ids.front(), "PCI\\VEN_8086&DEV_A36D&SUBSYS_08691028&REV_10");
  EXPECT_EQ(hc.compatible_ids.back(), "PCI\\CC_0C03");
  EXPECT_EQ(guids(hc),
            (std::vector<Guid>{ic::usb_host_controller, subsystem_interface_class("pci")}));
  EXPECT_EQ(hc.interfaces[0].symbolic_link,
            "\\\\?\\PCI#VEN_8086&DEV_A36D&SUBSYS_08691028&REV_10#3&000000&0&A0#{3abf6f2d-71c4-462a-"
            "8a92-1e6861e6af27}");
  EXPECT_EQ(at(kRoot).instance_id, "USB\\ROOT_HUB20\\0000:00:14.0");
  EXPECT_EQ(at(kRoot).hardware_ids.front(), "USB\\ROOT_HUB20&VID8086&PIDA36D&REV0010");
}

TEST_F(UmockdevIdentity, UsbDeviceWithoutSerial) {
  const auto& nic = at(kRoot + "/1-4");
  EXPECT_EQ(nic.instance_id, "USB\\VID_0BDA&PID_8153\\0000:00:14.0&20&4");
  EXPECT_EQ(nic.hardware_ids, (std::vector<std::string>{"USB\\VID_0BDA&PID_8153&REV_3000",
                                                        "USB\\VID_0BDA&PID_8153"}));
  EXPECT_EQ(guids(nic), (std::vector<Guid>{ic::usb_device, subsystem_interface_class("usb")}));
  EXPECT_EQ(
      nic.interfaces[0].symbolic_link,
      "\\\\?\\USB#VID_0BDA&PID_8153#0000:00:14.0&20&4#{a5dcbf10-6530-11d2-901f-00c04fb951ed}");
  EXPECT_EQ(nic.description, "USB 10/100/1000 LAN");
}

TEST_F(UmockdevIdentity, CompositeDeviceWithHidKeyboardAndMouse) {
  const auto& receiver = at(kRoot + "/1-2");
  EXPECT_EQ(receiver.instance_id, "USB\\VID_046D&PID_C52B\\0000:00:14.0&20&2");
  EXPECT_EQ(receiver.compatible_ids.back(), "USB\\COMPOSITE");
  EXPECT_EQ(at(kRoot + "/1-2/1-2:1.0").instance_id,
            "USB\\VID_046D&PID_C52B&MI_00\\0000:00:14.0&20&2&00");
  EXPECT_EQ(at(kRoot + "/1-2/1-2:1.1").instance_id,
            "USB\\VID_046D&PID_C52B&MI_01\\0000:00:14.0&20&2&01");
  EXPECT_EQ(at(kRoot + "/1-2/1-2:1.1").compatible_ids.front(), "USB\\Class_03&SubClass_01&Prot_02");

  const auto& keyboard = at(kRoot + "/1-2/1-2:1.0/0003:046D:C52B.0001");
  EXPECT_EQ(keyboard.instance_id, "HID\\VID_046D&PID_C52B&MI_00\\0000:00:14.0&20&2&00");
  EXPECT_EQ(keyboard.hardware_ids,
            (std::vector<std::string>{"HID\\VID_046D&PID_C52B&REV_1201&MI_00",
                                      "HID\\VID_046D&PID_C52B&MI_00", "HID_DEVICE_SYSTEM_KEYBOARD",
                                      "HID_DEVICE_UP:0001_U:0006", "HID_DEVICE"}));
  EXPECT_EQ(guids(keyboard),
            (std::vector<Guid>{ic::hid, ic::keyboard, subsystem_interface_class("hid")}));
  EXPECT_EQ(keyboard.interfaces[1].symbolic_link,
            "\\\\?\\HID#VID_046D&PID_C52B&MI_00#0000:00:14.0&20&2&00#{884b96c3-56ef-11d1-bc8c-"
            "00a0c91405dd}");

  const auto& mouse = at(kRoot + "/1-2/1-2:1.1/0003:046D:C52B.0002");
  EXPECT_EQ(mouse.instance_id, "HID\\VID_046D&PID_C52B&MI_01\\0000:00:14.0&20&2&01");
  EXPECT_EQ(guids(mouse),
            (std::vector<Guid>{ic::hid, ic::mouse, subsystem_interface_class("hid")}));
  EXPECT_EQ(mouse.interfaces[1].symbolic_link,
            "\\\\?\\HID#VID_046D&PID_C52B&MI_01#0000:00:14.0&20&2&01#{378de44c-56ef-11d1-bc8c-"
            "00a0c91405dd}");
  EXPECT_EQ(mouse.setup_class, setup_class::mouse);
  const auto& input = at(kRoot + "/1-2/1-2:1.1/0003:046D:C52B.0002/input/input7");
  EXPECT_EQ(input.setup_class, setup_class::mouse);
  EXPECT_EQ(input.parent_instance_id, mouse.instance_id);
}

TEST_F(UmockdevIdentity, UsbSerialAdapter) {
  const auto& tty = at(kRoot + "/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0");
  EXPECT_EQ(tty.instance_id, "SERIAL\\USB\\VID_0403&PID_6001&MI_00#A50285BI&00#0");
  EXPECT_EQ(guids(tty), (std::vector<Guid>{ic::comport, subsystem_interface_class("tty")}));
  EXPECT_EQ(tty.interfaces[0].symbolic_link,
            "\\\\?\\SERIAL#USB#VID_0403&PID_6001&MI_00#A50285BI&00#0#{86e0d1e0-8089-11d0-9ce4-"
            "08003e301f73}");
  EXPECT_EQ(tty.devnode, "/dev/ttyUSB0");
  EXPECT_EQ(at(kRoot + "/1-3").instance_id, "USB\\VID_0403&PID_6001\\A50285BI");
}

TEST_F(UmockdevIdentity, UsbStorageDiskAndPartition) {
  const std::string disk_path = kRoot + "/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda";
  const auto& disk = at(disk_path);
  EXPECT_EQ(disk.instance_id,
            "USBSTOR\\DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00\\4C530001230523112345&0");
  EXPECT_EQ(guids(disk), (std::vector<Guid>{ic::disk, subsystem_interface_class("block")}));
  EXPECT_EQ(disk.interfaces[0].symbolic_link,
            "\\\\?\\USBSTOR#DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00#4C530001230523112345&0#"
            "{53f56307-b6bf-11d0-94f2-00a0c91efb8b}");
  const auto& part = at(disk_path + "/sda1");
  EXPECT_EQ(part.instance_id,
            "STORAGE\\VOLUME\\USBSTOR#DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00#"
            "4C530001230523112345&0#1");
  EXPECT_EQ(guids(part),
            (std::vector<Guid>{ic::partition, ic::volume, subsystem_interface_class("block")}));
  EXPECT_EQ(part.interfaces[1].symbolic_link,
            "\\\\?\\STORAGE#VOLUME#USBSTOR#DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00#"
            "4C530001230523112345&0#1#"
            "{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}");
  EXPECT_EQ(at(kRoot + "/1-1").instance_id, "USB\\VID_0781&PID_5567\\4C530001230523112345");
  // umockdev writes /sys/dev links for devices with a "dev" attribute.
  EXPECT_EQ(Sysfs(sys_dir_).syspath_of_devnum(true, 8, 1), sys_dir_ + disk_path + "/sda1");
}

TEST_F(UmockdevIdentity, RemovedDeviceDisappearsFromTheNextWalk) {
  umockdev_testbed_remove_device(testbed_, ("/sys" + kRoot + "/1-3").c_str());
  const auto after = identify();
  EXPECT_EQ(after.size(), 16u);
  EXPECT_EQ(after.count(kRoot + "/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0"), 0u);
  // Everything else keeps its identity.
  for (const auto& [path, dev] : after) EXPECT_EQ(dev, at(path)) << path;
}

TEST_F(UmockdevIdentity, EveryIdentityIsValidAndUnique) {
  std::set<std::string> ids;
  for (const auto& [path, d] : devices_) {
    EXPECT_TRUE(detail::is_valid_instance_id(d.instance_id)) << path;
    EXPECT_TRUE(ids.insert(d.instance_id).second) << d.instance_id;
  }
}

}  // namespace
}  // namespace cmnotify::linux_source
