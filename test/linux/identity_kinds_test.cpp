// Every device kind of docs/identities.md on a sysfs tree of our own: exact instance IDs,
// hardware and compatible IDs, interfaces and symbolic links; then the properties every
// identity must have (valid, unique, stable, independent of whether the parent was passed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "cmnotify/error.hpp"
#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"
#include "linux/identity.hpp"
#include "sysfs_test_tree.hpp"

namespace cmnotify::linux_source {
namespace {

using testing::identify_all;
using testing::SysfsTree;
namespace ic = interface_class;

const std::string kXhci = "/devices/pci0000:00/0000:00:14.0";
const std::string kUsb1 = kXhci + "/usb1";
const std::string kUsb2 = kXhci + "/usb2";
const std::string kCam = kUsb1 + "/1-2";
const std::string kHub = kUsb1 + "/1-3";
const std::string kKbd = kHub + "/1-3.1";
const std::string kKbdHid = kKbd + "/1-3.1:1.0/0003:413C:2113.0001";
const std::string kRecv = kUsb1 + "/1-4";
const std::string kMouseHid = kRecv + "/1-4:1.1/0003:046D:C52B.0002";
const std::string kFtdi = kUsb1 + "/1-5";
const std::string kStick = kUsb2 + "/2-1";
const std::string kStickDisk = kStick + "/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb";

const std::string kKeyboardDescriptor{
    "\x05\x01\x09\x06\xA1\x01\x05\x07\x19\xE0\x29\xE7\x15\x00\x25\x01"
    "\x75\x01\x95\x08\x81\x02\xC0",
    23};
const std::string kMouseDescriptor{
    "\x05\x01\x09\x02\xA1\x01\x09\x01\xA1\x00\x05\x09\x19\x01\x29\x03"
    "\x81\x02\xC0\xC0",
    20};
const std::string kFullKeyboardKeys =
    "1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe";

void add_usb_device(SysfsTree& t, const std::string& devpath, const std::string& product,
                    const std::string& type, const std::string& interfaces, const std::string& port,
                    const std::string& serial = "", const std::string& name = "") {
  testing::Attrs attrs{
      {"bNumInterfaces", interfaces}, {"devpath", port}, {"bConfigurationValue", "1"}};
  // The descriptor fields as attributes too, four hex digits each, as the kernel prints them.
  const char* fields[] = {"idVendor", "idProduct", "bcdDevice"};
  std::size_t start = 0;
  for (const char* field : fields) {
    const auto slash = product.find('/', start);
    const auto value =
        product.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    attrs[field] = std::string(4 - std::min<std::size_t>(4, value.size()), '0') + value + "\n";
    start = slash == std::string::npos ? product.size() : slash + 1;
  }
  if (!serial.empty()) attrs["serial"] = serial + "\n";
  if (!name.empty()) attrs["product"] = name + "\n";
  t.add(devpath, "usb", {{"DEVTYPE", "usb_device"}, {"PRODUCT", product}, {"TYPE", type}}, attrs);
}

void add_usb_interface(SysfsTree& t, const std::string& devpath, const std::string& cls,
                       const std::string& number) {
  t.add(devpath, "usb", {{"DEVTYPE", "usb_interface"}, {"INTERFACE", cls}},
        {{"bInterfaceNumber", number}});
}

// A laptop's worth of devices on an xHCI controller, plus storage, network, serial and media.
void build_usb(SysfsTree& t) {
  t.add("/devices/pci0000:00", "");
  t.add(kXhci, "pci",
        {{"PCI_CLASS", "C0330"},
         {"PCI_ID", "8086:A36D"},
         {"PCI_SUBSYS_ID", "1028:0869"},
         {"PCI_SLOT_NAME", "0000:00:14.0"},
         {"DRIVER", "xhci_hcd"}},
        {{"revision", "0x10"}});
  add_usb_device(t, kUsb1, "1d6b/2/606", "9/0/1", " 1", "0", "0000:00:14.0",
                 "xHCI Host Controller");
  t.attr(kUsb1, "idProduct", "0002");
  add_usb_device(t, kUsb2, "1d6b/3/606", "9/0/3", " 1", "0", "0000:00:14.0",
                 "xHCI Host Controller");
  t.attr(kUsb2, "idProduct", "0003");

  // A composite webcam with a serial: video and audio functions.
  add_usb_device(t, kCam, "46d/826/10", "239/2/1", " 4", "2", "9DC49FA0", "HD Webcam C525");
  add_usb_interface(t, kCam + "/1-2:1.0", "14/1/0", "00");
  t.attr(kCam + "/1-2:1.0", "interface", "HD Webcam C525");
  t.add(kCam + "/1-2:1.0/video4linux/video0", "video4linux",
        {{"MAJOR", "81"}, {"MINOR", "0"}, {"DEVNAME", "video0"}},
        {{"name", "HD Webcam C525"}, {"index", "0"}});
  t.add(kCam + "/1-2:1.0/video4linux/video1", "video4linux", {{"DEVNAME", "video1"}},
        {{"name", "HD Webcam C525"}, {"index", "1"}});
  add_usb_interface(t, kCam + "/1-2:1.2", "1/1/0", "02");
  t.add(kCam + "/1-2:1.2/sound/card1", "sound", {}, {{"id", "C525"}, {"number", "1"}});
  t.add(kCam + "/1-2:1.2/sound/card1/pcmC1D0c", "sound", {{"DEVNAME", "snd/pcmC1D0c"}});
  t.add(kCam + "/1-2:1.2/sound/card1/controlC1", "sound", {{"DEVNAME", "snd/controlC1"}});

  // A hub without serial, and a keyboard without serial behind it.
  add_usb_device(t, kHub, "5e3/608/6060", "9/0/1", " 1", "3");
  add_usb_device(t, kKbd, "413c/2113/110", "0/0/0", " 1", "3.1", "", "Dell KB216 Wired Keyboard");
  add_usb_interface(t, kKbd + "/1-3.1:1.0", "3/1/1", "00");
  t.add(kKbdHid, "hid",
        {{"DRIVER", "hid-generic"},
         {"HID_ID", "0003:0000413C:00002113"},
         {"HID_NAME", "Dell KB216 Wired Keyboard"},
         {"HID_PHYS", "usb-0000:00:14.0-3.1/input0"},
         {"HID_UNIQ", ""}},
        {{"report_descriptor", kKeyboardDescriptor}});
  t.add(kKbdHid + "/input/input5", "input",
        {{"PRODUCT", "3/413c/2113/110"},
         {"NAME", "\"Dell KB216 Wired Keyboard\""},
         {"EV", "120013"},
         {"KEY", kFullKeyboardKeys}});
  t.add(kKbdHid + "/input/input5/event3", "input",
        {{"MAJOR", "13"}, {"MINOR", "67"}, {"DEVNAME", "input/event3"}});
  t.add(kKbdHid + "/hidraw/hidraw0", "hidraw", {{"DEVNAME", "hidraw0"}});

  // A composite receiver without serial; its second interface is a mouse.
  add_usb_device(t, kRecv, "46d/c52b/1201", "0/0/0", " 3", "4", "", "USB Receiver");
  add_usb_interface(t, kRecv + "/1-4:1.1", "3/1/2", "01");
  t.add(kMouseHid, "hid",
        {{"HID_ID", "0003:0000046D:0000C52B"},
         {"HID_NAME", "Logitech USB Receiver"},
         {"HID_PHYS", "usb-0000:00:14.0-4/input1"}},
        {{"report_descriptor", kMouseDescriptor}});
  t.add(kMouseHid + "/input/input6", "input",
        {{"PRODUCT", "3/46d/c52b/111"},
         {"NAME", "\"Logitech USB Receiver\""},
         {"EV", "17"},
         {"KEY", "ffff0000 0 0 0 0"},
         {"REL", "1943"}});

  // A USB serial adapter.
  add_usb_device(t, kFtdi, "403/6001/600", "0/0/0", " 1", "5", "A50285BI", "FT232R USB UART");
  add_usb_interface(t, kFtdi + "/1-5:1.0", "255/255/255", "00");
  t.add(kFtdi + "/1-5:1.0/ttyUSB0", "usb-serial", {}, {{"port_number", "0"}});
  t.add(kFtdi + "/1-5:1.0/ttyUSB0/tty/ttyUSB0", "tty",
        {{"MAJOR", "188"}, {"MINOR", "0"}, {"DEVNAME", "ttyUSB0"}});

  // A USB stick with one partition, on the USB 3 root hub.
  add_usb_device(t, kStick, "781/5567/100", "0/0/0", " 1", "1", "4C530001230523112345",
                 "Cruzer Blade");
  add_usb_interface(t, kStick + "/2-1:1.0", "8/6/80", "00");
  t.add(kStick + "/2-1:1.0/host6", "scsi", {{"DEVTYPE", "scsi_host"}});
  t.add(kStick + "/2-1:1.0/host6/target6:0:0", "scsi", {{"DEVTYPE", "scsi_target"}});
  t.add(kStick + "/2-1:1.0/host6/target6:0:0/6:0:0:0", "scsi", {{"DEVTYPE", "scsi_device"}},
        {{"vendor", "SanDisk \n"},
         {"model", "Cruzer Blade    \n"},
         {"rev", "1.00\n"},
         {"type", "0\n"}});
  t.add(kStickDisk, "block",
        {{"MAJOR", "8"}, {"MINOR", "16"}, {"DEVNAME", "sdb"}, {"DEVTYPE", "disk"}});
  t.add(kStickDisk + "/sdb1", "block",
        {{"MAJOR", "8"},
         {"MINOR", "17"},
         {"DEVNAME", "sdb1"},
         {"DEVTYPE", "partition"},
         {"PARTN", "1"}});
}

std::vector<std::string> links(const Device& d) {
  std::vector<std::string> out;
  for (const auto& i : d.interfaces) out.push_back(i.symbolic_link);
  return out;
}

std::vector<Guid> guids(const Device& d) {
  std::vector<Guid> out;
  for (const auto& i : d.interfaces) out.push_back(i.class_guid);
  return out;
}

class IdentityKinds : public ::testing::Test {
 protected:
  const Device& at(const std::string& devpath) {
    const auto it = devices_.find(tree_.path(devpath));
    if (it == devices_.end()) throw std::runtime_error("no device " + devpath);
    return it->second;
  }
  void identify() { devices_ = identify_all(tree_.sysfs()); }

  SysfsTree tree_;
  std::map<std::string, Device> devices_;
};

class UsbIdentity : public IdentityKinds {
 protected:
  void SetUp() override {
    build_usb(tree_);
    identify();
  }
};

TEST_F(UsbIdentity, HostControllerAndRootHubs) {
  const auto& hc = at(kXhci);
  EXPECT_EQ(hc.instance_id, "PCI\\VEN_8086&DEV_A36D&SUBSYS_08691028&REV_10\\3&000000&0&A0");
  EXPECT_EQ(
      hc.hardware_ids,
      (std::vector<std::string>{
          "PCI\\VEN_8086&DEV_A36D&SUBSYS_08691028&REV_10", "PCI\\VEN_8086&DEV_A36D&SUBSYS_08691028",
          "PCI\\VEN_8086&DEV_A36D&REV_10", "PCI\\VEN_8086&DEV_A36D",
          "PCI\\VEN_8086&DEV_A36D&CC_0C0330", "PCI\\VEN_8086&DEV_A36D&CC_0C03"}));
  EXPECT_EQ(hc.compatible_ids,
            (std::vector<std::string>{"PCI\\VEN_8086&CC_0C0330", "PCI\\VEN_8086&CC_0C03",
                                      "PCI\\VEN_8086", "PCI\\CC_0C0330", "PCI\\CC_0C03"}));
  EXPECT_EQ(guids(hc),
            (std::vector<Guid>{ic::usb_host_controller, subsystem_interface_class("pci")}));
  EXPECT_EQ(hc.setup_class, setup_class::usb);
  EXPECT_EQ(hc.parent_instance_id, "SYSFS\\PCI0000:00\\0");

  const auto& rh2 = at(kUsb1);
  EXPECT_EQ(rh2.instance_id, "USB\\ROOT_HUB20\\0000:00:14.0");
  EXPECT_EQ(rh2.hardware_ids,
            (std::vector<std::string>{"USB\\ROOT_HUB20&VID8086&PIDA36D&REV0010",
                                      "USB\\ROOT_HUB20&VID8086&PIDA36D", "USB\\ROOT_HUB20"}));
  EXPECT_EQ(guids(rh2), (std::vector<Guid>{ic::usb_hub, subsystem_interface_class("usb")}));
  EXPECT_EQ(links(rh2)[0],
            "\\\\?\\USB#ROOT_HUB20#0000:00:14.0#{f18a0e88-c30c-11d0-8815-00a0c906bed8}");
  EXPECT_EQ(rh2.parent_instance_id, hc.instance_id);
  EXPECT_EQ(at(kUsb2).instance_id, "USB\\ROOT_HUB30\\0000:00:14.0");
}

TEST_F(UsbIdentity, CompositeDeviceWithSerialAndItsInterfaces) {
  const auto& cam = at(kCam);
  EXPECT_EQ(cam.instance_id, "USB\\VID_046D&PID_0826\\9DC49FA0");
  EXPECT_EQ(cam.hardware_ids, (std::vector<std::string>{"USB\\VID_046D&PID_0826&REV_0010",
                                                        "USB\\VID_046D&PID_0826"}));
  EXPECT_EQ(cam.compatible_ids, (std::vector<std::string>{"USB\\DevClass_EF&SubClass_02&Prot_01",
                                                          "USB\\DevClass_EF&SubClass_02",
                                                          "USB\\DevClass_EF", "USB\\COMPOSITE"}));
  EXPECT_EQ(links(cam)[0],
            "\\\\?\\USB#VID_046D&PID_0826#9DC49FA0#{a5dcbf10-6530-11d2-901f-00c04fb951ed}");
  EXPECT_EQ(cam.description, "HD Webcam C525");
  EXPECT_EQ(cam.setup_class, setup_class::usb);
  EXPECT_EQ(cam.parent_instance_id, "USB\\ROOT_HUB20\\0000:00:14.0");

  const auto& video = at(kCam + "/1-2:1.0");
  EXPECT_EQ(video.instance_id, "USB\\VID_046D&PID_0826&MI_00\\9DC49FA0&00");
  EXPECT_EQ(video.hardware_ids, (std::vector<std::string>{"USB\\VID_046D&PID_0826&REV_0010&MI_00",
                                                          "USB\\VID_046D&PID_0826&MI_00"}));
  EXPECT_EQ(video.compatible_ids,
            (std::vector<std::string>{"USB\\Class_0E&SubClass_01&Prot_00",
                                      "USB\\Class_0E&SubClass_01", "USB\\Class_0E"}));
  EXPECT_EQ(guids(video), (std::vector<Guid>{subsystem_interface_class("usb")}));
  EXPECT_EQ(at(kCam + "/1-2:1.2").instance_id, "USB\\VID_046D&PID_0826&MI_02\\9DC49FA0&02");
}

TEST_F(UsbIdentity, CameraAndAudioFunctions) {
  const auto& video0 = at(kCam + "/1-2:1.0/video4linux/video0");
  EXPECT_EQ(video0.instance_id, "VIDEO\\USB\\VID_046D&PID_0826&MI_00#9DC49FA0&00#VIDEO0");
  EXPECT_EQ(guids(video0), (std::vector<Guid>{ic::ks_video_camera, ic::ks_capture,
                                              subsystem_interface_class("video4linux")}));
  EXPECT_EQ(links(video0)[0],
            "\\\\?\\VIDEO#USB#VID_046D&PID_0826&MI_00#9DC49FA0&00#VIDEO0#{e5323777-f976-4f5b-9b55-"
            "b94699c46e44}");
  const auto& video1 = at(kCam + "/1-2:1.0/video4linux/video1");
  EXPECT_EQ(video1.instance_id, "VIDEO\\USB\\VID_046D&PID_0826&MI_00#9DC49FA0&00#VIDEO1");
  EXPECT_EQ(guids(video1), (std::vector<Guid>{subsystem_interface_class("video4linux")}));

  const auto& card = at(kCam + "/1-2:1.2/sound/card1");
  EXPECT_EQ(card.instance_id, "SOUND\\USB\\VID_046D&PID_0826&MI_02#9DC49FA0&02");
  EXPECT_EQ(guids(card), (std::vector<Guid>{ic::ks_audio, subsystem_interface_class("sound")}));
  EXPECT_EQ(card.description, "C525");
  // A node is its card's: SHA-1("SOUND\USB\VID_046D&PID_0826&MI_02#9DC49FA0&02") begins 66761EA0.
  EXPECT_EQ(at(kCam + "/1-2:1.2/sound/card1/pcmC1D0c").instance_id, "SOUND\\PCM\\66761EA0&D0C");
  EXPECT_EQ(at(kCam + "/1-2:1.2/sound/card1/controlC1").instance_id, "SOUND\\CONTROL\\66761EA0&0");
}

TEST_F(UsbIdentity, DevicesWithoutSerialAreNamedByPort) {
  const auto& hub = at(kHub);
  EXPECT_EQ(hub.instance_id, "USB\\VID_05E3&PID_0608\\0000:00:14.0&20&3");
  EXPECT_EQ(guids(hub), (std::vector<Guid>{ic::usb_hub, subsystem_interface_class("usb")}));
  EXPECT_EQ(hub.compatible_ids,
            (std::vector<std::string>{"USB\\Class_09&SubClass_00&Prot_01",
                                      "USB\\Class_09&SubClass_00", "USB\\Class_09"}));
  const auto& kbd = at(kKbd);
  EXPECT_EQ(kbd.instance_id, "USB\\VID_413C&PID_2113\\0000:00:14.0&20&3.1");
  // Class 00 in the device descriptor: the one interface's class, as Windows' hub driver reports.
  EXPECT_EQ(kbd.compatible_ids,
            (std::vector<std::string>{"USB\\Class_03&SubClass_01&Prot_01",
                                      "USB\\Class_03&SubClass_01", "USB\\Class_03"}));
  EXPECT_EQ(kbd.setup_class, setup_class::hid);
  EXPECT_EQ(guids(kbd), (std::vector<Guid>{ic::usb_device, subsystem_interface_class("usb")}));
  EXPECT_EQ(at(kKbd + "/1-3.1:1.0").instance_id,
            "USB\\VID_413C&PID_2113&MI_00\\0000:00:14.0&20&3.1&00");
  EXPECT_EQ(at(kRecv).instance_id, "USB\\VID_046D&PID_C52B\\0000:00:14.0&20&4");
  EXPECT_EQ(at(kRecv).compatible_ids.back(), "USB\\COMPOSITE");
}

TEST_F(UsbIdentity, HidKeyboardAndMouse) {
  const auto& kbd = at(kKbdHid);
  EXPECT_EQ(kbd.instance_id, "HID\\VID_413C&PID_2113\\0000:00:14.0&20&3.1&00");
  EXPECT_EQ(kbd.hardware_ids,
            (std::vector<std::string>{"HID\\VID_413C&PID_2113&REV_0110", "HID\\VID_413C&PID_2113",
                                      "HID_DEVICE_SYSTEM_KEYBOARD", "HID_DEVICE_UP:0001_U:0006",
                                      "HID_DEVICE"}));
  EXPECT_EQ(guids(kbd),
            (std::vector<Guid>{ic::hid, ic::keyboard, subsystem_interface_class("hid")}));
  EXPECT_EQ(
      links(kbd)[1],
      "\\\\?\\HID#VID_413C&PID_2113#0000:00:14.0&20&3.1&00#{884b96c3-56ef-11d1-bc8c-00a0c91405dd}");
  EXPECT_EQ(kbd.setup_class, setup_class::keyboard);
  EXPECT_EQ(kbd.description, "Dell KB216 Wired Keyboard");

  const auto& mouse = at(kMouseHid);
  EXPECT_EQ(mouse.instance_id, "HID\\VID_046D&PID_C52B&MI_01\\0000:00:14.0&20&4&01");
  EXPECT_EQ(mouse.hardware_ids,
            (std::vector<std::string>{"HID\\VID_046D&PID_C52B&REV_1201&MI_01",
                                      "HID\\VID_046D&PID_C52B&MI_01", "HID_DEVICE_SYSTEM_MOUSE",
                                      "HID_DEVICE_UP:0001_U:0002", "HID_DEVICE"}));
  EXPECT_EQ(guids(mouse),
            (std::vector<Guid>{ic::hid, ic::mouse, subsystem_interface_class("hid")}));
  EXPECT_EQ(mouse.setup_class, setup_class::mouse);
}

TEST_F(UsbIdentity, InputDevicesBehindHid) {
  // SHA-1 of the HID device's ID begins AB3A4C86; of the input device's, 7E73F897.
  const auto& input = at(kKbdHid + "/input/input5");
  EXPECT_EQ(input.instance_id, "INPUT\\BUS_0003&VID_413C&PID_2113\\AB3A4C86&00");
  EXPECT_EQ(input.hardware_ids,
            (std::vector<std::string>{"INPUT\\BUS_0003&VID_413C&PID_2113&REV_0110",
                                      "INPUT\\BUS_0003&VID_413C&PID_2113"}));
  EXPECT_EQ(input.setup_class, setup_class::keyboard);
  // The keyboard interface is on the HID device already, as on Windows.
  EXPECT_EQ(guids(input), (std::vector<Guid>{subsystem_interface_class("input")}));
  EXPECT_EQ(input.description, "Dell KB216 Wired Keyboard");
  EXPECT_EQ(at(kKbdHid + "/input/input5/event3").instance_id, "INPUT\\EVENT\\7E73F897");
  EXPECT_EQ(at(kMouseHid + "/input/input6").instance_id,
            "INPUT\\BUS_0003&VID_046D&PID_C52B\\F5616E54&00");
  EXPECT_EQ(at(kMouseHid + "/input/input6").setup_class, setup_class::mouse);
  EXPECT_EQ(at(kKbdHid + "/hidraw/hidraw0").instance_id,
            "HIDRAW\\HIDRAW0\\PCI0000:00&0000:00:14.0&USB1&1-3&1-3.1&1-3.1:1.0&0003:413C:2113.0001&"
            "HIDRAW");
}

TEST_F(UsbIdentity, UsbSerialPort) {
  const auto& tty = at(kFtdi + "/1-5:1.0/ttyUSB0/tty/ttyUSB0");
  EXPECT_EQ(tty.instance_id, "SERIAL\\USB\\VID_0403&PID_6001&MI_00#A50285BI&00#0");
  EXPECT_EQ(guids(tty), (std::vector<Guid>{ic::comport, subsystem_interface_class("tty")}));
  EXPECT_EQ(links(tty)[0],
            "\\\\?\\SERIAL#USB#VID_0403&PID_6001&MI_00#A50285BI&00#0#{86e0d1e0-8089-11d0-9ce4-"
            "08003e301f73}");
  EXPECT_EQ(tty.setup_class, setup_class::ports);
  EXPECT_EQ(tty.description, "FT232R USB UART (ttyUSB0)");
  EXPECT_EQ(at(kFtdi).compatible_ids.front(), "USB\\Class_FF&SubClass_FF&Prot_FF");
}

TEST_F(UsbIdentity, UsbStorageDiskAndPartition) {
  const auto& disk = at(kStickDisk);
  EXPECT_EQ(disk.instance_id,
            "USBSTOR\\DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00\\4C530001230523112345&0");
  EXPECT_EQ(disk.hardware_ids,
            (std::vector<std::string>{"USBSTOR\\DiskSanDisk_Cruzer_Blade____1.00",
                                      "USBSTOR\\DiskSanDisk_Cruzer_Blade____",
                                      "USBSTOR\\DiskSanDisk_", "USBSTOR\\SanDisk_Cruzer_Blade____1",
                                      "SanDisk_Cruzer_Blade____1", "USBSTOR\\GenDisk", "GenDisk"}));
  EXPECT_EQ(disk.compatible_ids,
            (std::vector<std::string>{"USBSTOR\\Disk", "USBSTOR\\RAW", "GenDisk"}));
  EXPECT_EQ(guids(disk), (std::vector<Guid>{ic::disk, subsystem_interface_class("block")}));
  EXPECT_EQ(links(disk)[0],
            "\\\\?\\USBSTOR#DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00#4C530001230523112345&0#"
            "{53f56307-b6bf-11d0-94f2-00a0c91efb8b}");
  EXPECT_EQ(disk.setup_class, setup_class::disk_drive);
  EXPECT_EQ(disk.description, "SanDisk Cruzer Blade");

  const auto& part = at(kStickDisk + "/sdb1");
  EXPECT_EQ(part.instance_id,
            "STORAGE\\VOLUME\\USBSTOR#DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00#"
            "4C530001230523112345&0#1");
  EXPECT_EQ(guids(part),
            (std::vector<Guid>{ic::partition, ic::volume, subsystem_interface_class("block")}));
  EXPECT_EQ(part.setup_class, setup_class::volume);
  EXPECT_EQ(part.parent_instance_id, disk.instance_id);

  EXPECT_EQ(at(kStick).instance_id, "USB\\VID_0781&PID_5567\\4C530001230523112345");
  EXPECT_EQ(at(kStick).compatible_ids.front(), "USB\\Class_08&SubClass_06&Prot_50");
  const auto& host = at(kStick + "/2-1:1.0/host6");
  EXPECT_EQ(guids(host), (std::vector<Guid>{ic::storage_port, subsystem_interface_class("scsi")}));
}

TEST_F(UsbIdentity, UnreadableSerialFallsBackToThePort) {
  // A directory where the serial should be: unreadable as a file, for root too.
  std::filesystem::remove(tree_.path(kCam) + "/serial");
  tree_.dir(kCam + "/serial");
  identify();
  EXPECT_EQ(at(kCam).instance_id, "USB\\VID_046D&PID_0826\\0000:00:14.0&20&2");
  EXPECT_EQ(at(kCam + "/1-2:1.0").instance_id,
            "USB\\VID_046D&PID_0826&MI_00\\0000:00:14.0&20&2&00");
}

TEST_F(UsbIdentity, UnreadableReportDescriptorLeavesAPlainHidDevice) {
  std::filesystem::remove(tree_.path(kKbdHid) + "/report_descriptor");
  tree_.dir(kKbdHid + "/report_descriptor");
  identify();
  const auto& kbd = at(kKbdHid);
  EXPECT_EQ(kbd.instance_id, "HID\\VID_413C&PID_2113\\0000:00:14.0&20&3.1&00");
  EXPECT_EQ(kbd.hardware_ids, (std::vector<std::string>{"HID\\VID_413C&PID_2113&REV_0110",
                                                        "HID\\VID_413C&PID_2113", "HID_DEVICE"}));
  EXPECT_EQ(guids(kbd), (std::vector<Guid>{ic::hid, subsystem_interface_class("hid")}));
}

TEST_F(UsbIdentity, SerialsAreEscapedAndLongOnesCut) {
  tree_.attr(kCam, "serial", "ab c,d\\e\n");
  tree_.attr(kStick, "serial", std::string(250, 'z'));
  identify();
  EXPECT_EQ(at(kCam).instance_id, "USB\\VID_046D&PID_0826\\AB_C_D_E");
  const auto& stick = at(kStick).instance_id;
  EXPECT_LT(stick.size(), 200u);
  EXPECT_TRUE(detail::is_valid_instance_id(stick));
  EXPECT_TRUE(stick.starts_with("USB\\VID_0781&PID_5567\\ZZZZ"));
  EXPECT_LT(at(kStickDisk).instance_id.size(), 200u);
  EXPECT_LT(at(kStickDisk + "/sdb1").instance_id.size(), 200u);
}

// ---- The properties every identity has ----------------------------------------------------------

void expect_well_formed(const std::map<std::string, Device>& devices) {
  std::set<std::string> ids;
  for (const auto& [path, d] : devices) {
    EXPECT_TRUE(detail::is_valid_instance_id(d.instance_id)) << path << " " << d.instance_id;
    EXPECT_EQ(d.instance_id, detail::to_upper_ascii(d.instance_id)) << path;
    EXPECT_TRUE(ids.insert(d.instance_id).second) << "duplicate " << d.instance_id;
    for (const auto& i : d.interfaces)
      EXPECT_EQ(i.symbolic_link, symbolic_link(d.instance_id, i.class_guid));
    if (d.subsystem.empty()) {
      EXPECT_TRUE(d.interfaces.empty()) << path;
    } else {
      ASSERT_FALSE(d.interfaces.empty()) << path;  // at least the subsystem's
      EXPECT_EQ(d.interfaces.back().class_guid, subsystem_interface_class(d.subsystem)) << path;
    }
    EXPECT_FALSE(d.description.empty()) << path;
  }
}

TEST_F(UsbIdentity, EveryIdentityIsValidUniqueAndStable) {
  expect_well_formed(devices_);
  // Same tree again, fresh reader: the same identities.
  EXPECT_EQ(identify_all(tree_.sysfs()), devices_);
  // Without the parents passed in, each device identifies them from sysfs: the same result.
  const auto sysfs = tree_.sysfs();
  for (const auto& [path, expected] : devices_) {
    auto alone = sysfs.read_device(path);
    ASSERT_TRUE(alone.has_value()) << path;
    assign_identity(*alone, nullptr, sysfs);
    EXPECT_EQ(*alone, expected) << path;
  }
}

TEST_F(UsbIdentity, FallbackIdsAreUniqueAndKeepTheKind) {
  std::set<std::string> primaries, fallbacks;
  for (const auto& [path, d] : devices_) primaries.insert(d.instance_id);
  for (const auto& [path, d] : devices_) {
    const auto fallback = fallback_instance_id(d);
    EXPECT_TRUE(detail::is_valid_instance_id(fallback)) << fallback;
    EXPECT_TRUE(fallbacks.insert(fallback).second) << fallback;
    EXPECT_EQ(primaries.count(fallback), 0u) << fallback;
  }
  // SHA-1 of the devpath begins 2C7DA4D8.
  EXPECT_EQ(fallback_instance_id(at(kCam)),
            "USB\\VID_046D&PID_0826\\PCI0000:00&0000:00:14.0&USB1&1-2&2C7DA4D8");
}

TEST_F(UsbIdentity, DeviceGoneBeforeItsIdentityIsAssigned) {
  auto dev = tree_.sysfs().read_device(tree_.path(kKbdHid));
  ASSERT_TRUE(dev.has_value());
  tree_.remove(kKbd);
  assign_identity(*dev, nullptr, tree_.sysfs());  // parent unreadable now: no crash, still valid
  EXPECT_TRUE(detail::is_valid_instance_id(dev->instance_id)) << dev->instance_id;
  EXPECT_TRUE(dev->instance_id.starts_with("HID\\VID_413C&PID_2113\\")) << dev->instance_id;
}

// Records built by hand (as a source might from a uevent) with nothing behind them in sysfs: the
// rules work from the properties alone, and what only an attribute could say degrades gracefully.
TEST(IdentityRecords, HandBuiltRecordsWithoutSysfsFiles) {
  SysfsTree t;
  const auto sysfs = t.sysfs();
  auto record = [&](std::string devpath, std::string subsystem, testing::Props props) {
    Device d;
    d.syspath = t.path(devpath);
    d.subsystem = std::move(subsystem);
    props.emplace_back("DEVPATH", devpath);
    std::sort(props.begin(), props.end());
    d.properties = std::move(props);
    return d;
  };
  auto tap = record("/devices/virtual/net/tap9", "net", {{"INTERFACE", "tap9"}});
  assign_identity(tap, nullptr, sysfs);
  EXPECT_EQ(tap.instance_id, "SWD\\NET\\TAP9");
  EXPECT_EQ(tap.parent_instance_id, "");

  // No revision attribute to read: REV_00. 0000:00:1f.6 is device 0x1F, function 6: 0xFE.
  auto nic = record("/devices/pci0000:00/0000:00:1f.6", "pci",
                    {{"PCI_ID", "8086:15BC"},
                     {"PCI_SUBSYS_ID", "17AA:2292"},
                     {"PCI_CLASS", "20000"},
                     {"PCI_SLOT_NAME", "0000:00:1f.6"}});
  nic.parent_syspath = t.path("/devices/pci0000:00");
  assign_identity(nic, nullptr, sysfs);
  EXPECT_EQ(nic.instance_id, "PCI\\VEN_8086&DEV_15BC&SUBSYS_229217AA&REV_00\\3&000000&0&FE");
  EXPECT_EQ(nic.parent_instance_id, "");  // the parent cannot be read either
  EXPECT_EQ(nic.setup_class, setup_class::net);

  auto pad = record("/devices/virtual/misc/uhid/0005:045E:0B13.0007", "hid",
                    {{"HID_ID", "0005:0000045E:00000B13"},
                     {"HID_UNIQ", "c8:3f:26:00:11:22"},
                     {"HID_NAME", "Xbox Controller"}});
  assign_identity(pad, nullptr, sysfs);
  EXPECT_EQ(pad.instance_id, "HID\\VID_045E&PID_0B13\\C8:3F:26:00:11:22");
  EXPECT_EQ(pad.hardware_ids, (std::vector<std::string>{"HID\\VID_045E&PID_0B13", "HID_DEVICE"}));
  EXPECT_EQ(pad.description, "Xbox Controller");

  auto odd = record("/devices/virtual/foo/bar", "", {});
  assign_identity(odd, nullptr, sysfs);
  EXPECT_EQ(odd.instance_id, "SYSFS\\BAR\\VIRTUAL&FOO");
  EXPECT_TRUE(odd.interfaces.empty());
}

TEST(IdentityArguments, RejectsADeviceWithoutSyspath) {
  Device empty;
  EXPECT_THROW(assign_identity(empty, nullptr, Sysfs("/nonexistent")), Error);
}

// ---- Storage
// --------------------------------------------------------------------------------------

class StorageIdentity : public IdentityKinds {
 protected:
  void SetUp() override {
    auto& t = tree_;
    t.add("/devices/pci0000:00", "");
    const std::string ahci = "/devices/pci0000:00/0000:00:1f.2";
    t.add(ahci, "pci",
          {{"PCI_CLASS", "10601"},
           {"PCI_ID", "8086:A352"},
           {"PCI_SUBSYS_ID", "1028:0869"},
           {"PCI_SLOT_NAME", "0000:00:1f.2"}},
          {{"revision", "0x10"}});
    t.add(ahci + "/ata1", "");
    t.add(ahci + "/ata1/host0", "scsi", {{"DEVTYPE", "scsi_host"}});
    t.add(ahci + "/ata1/host0/target0:0:0", "scsi", {{"DEVTYPE", "scsi_target"}});
    t.add(ahci + "/ata1/host0/target0:0:0/0:0:0:0", "scsi", {{"DEVTYPE", "scsi_device"}},
          {{"vendor", "ATA     \n"},
           {"model", "Samsung SSD 850 \n"},
           {"rev", "2B6Q\n"},
           {"type", "0\n"}});
    t.add(kSda, "block", {{"DEVTYPE", "disk"}, {"DEVNAME", "sda"}});
    t.add(kSda + "/sda2", "block",
          {{"DEVTYPE", "partition"}, {"PARTN", "2"}, {"PARTNAME", "EFI system"}});
    t.add(ahci + "/ata2", "");
    t.add(ahci + "/ata2/host1", "scsi", {{"DEVTYPE", "scsi_host"}});
    t.add(ahci + "/ata2/host1/target1:0:0", "scsi", {{"DEVTYPE", "scsi_target"}});
    t.add(ahci + "/ata2/host1/target1:0:0/1:0:0:0", "scsi", {{"DEVTYPE", "scsi_device"}},
          {{"vendor", "HL-DT-ST\n"},
           {"model", "DVDRAM GH24NSD1 \n"},
           {"rev", "LG00\n"},
           {"type", "5\n"}});
    t.add(ahci + "/ata2/host1/target1:0:0/1:0:0:0/block/sr0", "block",
          {{"DEVTYPE", "disk"}, {"DEVNAME", "sr0"}});

    const std::string nvme = "/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0";
    t.add("/devices/pci0000:00/0000:00:1d.0", "pci",
          {{"PCI_CLASS", "60400"}, {"PCI_ID", "8086:A330"}});
    t.add(nvme, "pci",
          {{"PCI_CLASS", "10802"}, {"PCI_ID", "144D:A808"}, {"PCI_SLOT_NAME", "0000:3d:00.0"}});
    t.add(nvme + "/nvme/nvme0", "nvme", {{"DEVNAME", "nvme0"}},
          {{"model", "Samsung SSD 970 EVO Plus 1TB            \n"},
           {"serial", "S4EWNX0R123456      \n"},
           {"firmware_rev", "2B2QEXM7\n"}});
    t.add(nvme + "/nvme/nvme0/nvme0n1", "block", {{"DEVTYPE", "disk"}}, {{"nsid", "1\n"}});
    t.add(nvme + "/nvme/nvme0/nvme0n1/nvme0n1p1", "block",
          {{"DEVTYPE", "partition"}, {"PARTN", "1"}});

    t.add("/devices/pci0000:00/0000:00:02.0", "pci",
          {{"PCI_CLASS", "10000"}, {"PCI_ID", "1AF4:1042"}});
    t.add("/devices/pci0000:00/0000:00:02.0/virtio1", "virtio",
          {{"MODALIAS", "virtio:d00000002v00001AF4"}});
    t.add("/devices/pci0000:00/0000:00:02.0/virtio1/block/vda", "block", {{"DEVTYPE", "disk"}});
    t.add("/devices/pci0000:00/0000:00:03.0", "pci",
          {{"PCI_CLASS", "10000"}, {"PCI_ID", "1AF4:1042"}});
    t.add("/devices/pci0000:00/0000:00:03.0/virtio2", "virtio",
          {{"MODALIAS", "virtio:d00000002v00001AF4"}});
    t.add("/devices/pci0000:00/0000:00:03.0/virtio2/block/vdb", "block", {{"DEVTYPE", "disk"}},
          {{"serial", "data-1\n"}});

    t.add("/devices/virtual/block/loop3", "block", {{"DEVTYPE", "disk"}});
    t.add("/devices/virtual/block/loop3/loop3p1", "block",
          {{"DEVTYPE", "partition"}, {"PARTN", "1"}});
    t.add("/devices/virtual/block/zram0", "block", {{"DEVTYPE", "disk"}});
    t.add("/devices/virtual/block/dm-1", "block", {{"DEVTYPE", "disk"}});
    t.add("/devices/platform/floppy.0", "platform");
    t.add("/devices/platform/floppy.0/block/fd0", "block", {{"DEVTYPE", "disk"}});
    identify();
  }
  const std::string kSda =
      "/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda";
};

TEST_F(StorageIdentity, SataDiskAndPartition) {
  // SHA-1("/devices/pci0000:00/0000:00:1f.2/ata1") begins 212E0DE4.
  const auto& sda = at(kSda);
  EXPECT_EQ(sda.instance_id, "SCSI\\DISKATA_____SAMSUNG_SSD_850_2B6Q\\212E0DE4&0&0&0");
  EXPECT_EQ(sda.hardware_ids,
            (std::vector<std::string>{"SCSI\\DiskATA_____Samsung_SSD_850_2B6Q",
                                      "SCSI\\DiskATA_____Samsung_SSD_850_", "SCSI\\DiskATA_____",
                                      "SCSI\\ATA_____Samsung_SSD_850_2",
                                      "ATA_____Samsung_SSD_850_2", "GenDisk"}));
  EXPECT_EQ(sda.compatible_ids, (std::vector<std::string>{"SCSI\\Disk", "SCSI\\RAW"}));
  EXPECT_EQ(guids(sda), (std::vector<Guid>{ic::disk, subsystem_interface_class("block")}));
  EXPECT_EQ(sda.description, "ATA Samsung SSD 850");
  const auto& sda2 = at(kSda + "/sda2");
  EXPECT_EQ(sda2.instance_id,
            "STORAGE\\VOLUME\\SCSI#DISKATA_____SAMSUNG_SSD_850_2B6Q#212E0DE4&0&0&0#2");
  EXPECT_EQ(sda2.description, "EFI system");
  EXPECT_EQ(links(sda2)[1],
            "\\\\?\\STORAGE#VOLUME#SCSI#DISKATA_____SAMSUNG_SSD_850_2B6Q#212E0DE4&0&0&0#2#"
            "{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}");
}

TEST_F(StorageIdentity, OpticalDrive) {
  const auto& sr0 = at("/devices/pci0000:00/0000:00:1f.2/ata2/host1/target1:0:0/1:0:0:0/block/sr0");
  EXPECT_EQ(sr0.instance_id, "SCSI\\CDROMHL-DT-STDVDRAM_GH24NSD1_LG00\\4350E0A0&0&0&0");
  EXPECT_EQ(guids(sr0), (std::vector<Guid>{ic::cdrom, subsystem_interface_class("block")}));
  EXPECT_EQ(sr0.compatible_ids, (std::vector<std::string>{"SCSI\\CdRom", "SCSI\\RAW"}));
  EXPECT_EQ(sr0.hardware_ids.back(), "GenCdRom");
}

TEST_F(StorageIdentity, NvmeVirtioAndSoftwareDisks) {
  const std::string nvme = "/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1";
  EXPECT_EQ(at(nvme).instance_id, "NVME\\DISK&PROD_SAMSUNG_SSD_970_EVO_PLUS_1TB\\S4EWNX0R123456&1");
  EXPECT_EQ(at(nvme).hardware_ids.front(),
            "NVME\\Disk&Prod_Samsung_SSD_970_EVO_Plus_1TB&Rev_2B2QEXM7");
  EXPECT_EQ(at(nvme + "/nvme0n1p1").instance_id,
            "STORAGE\\VOLUME\\NVME#DISK&PROD_SAMSUNG_SSD_970_EVO_PLUS_1TB#S4EWNX0R123456&1#1");
}

TEST_F(StorageIdentity, VirtioDisks) {
  EXPECT_EQ(at("/devices/pci0000:00/0000:00:02.0/virtio1").instance_id,
            "VIRTIO\\DEV_0002&VEN_1AF4\\PCI0000:00&0000:00:02.0");
  EXPECT_EQ(at("/devices/pci0000:00/0000:00:02.0/virtio1/block/vda").instance_id,
            "VIRTIO\\DISK\\0000:00:02.0&0");
  EXPECT_EQ(at("/devices/pci0000:00/0000:00:03.0/virtio2/block/vdb").instance_id,
            "VIRTIO\\DISK\\DATA-1");
  EXPECT_EQ(guids(at("/devices/pci0000:00/0000:00:03.0/virtio2/block/vdb")),
            (std::vector<Guid>{ic::disk, subsystem_interface_class("block")}));
}

TEST_F(StorageIdentity, SoftwareDisks) {
  EXPECT_EQ(at("/devices/virtual/block/loop3").instance_id, "ROOT\\LOOP\\0003");
  EXPECT_EQ(at("/devices/virtual/block/loop3/loop3p1").instance_id,
            "STORAGE\\VOLUME\\ROOT#LOOP#0003#1");
  EXPECT_EQ(at("/devices/virtual/block/zram0").instance_id, "ROOT\\ZRAM\\0000");
  EXPECT_EQ(at("/devices/virtual/block/dm-1").instance_id, "ROOT\\DM\\0001");
  EXPECT_EQ(guids(at("/devices/virtual/block/zram0")),
            (std::vector<Guid>{ic::disk, subsystem_interface_class("block")}));
  const auto& fd0 = at("/devices/platform/floppy.0/block/fd0");
  EXPECT_EQ(fd0.instance_id, "FDC\\GENERIC_FLOPPY_DRIVE\\0");
  EXPECT_EQ(guids(fd0), (std::vector<Guid>{ic::floppy, subsystem_interface_class("block")}));
}

TEST_F(StorageIdentity, EveryIdentityIsValidAndUnique) { expect_well_formed(devices_); }

// ---- Network, serial, display, power, Bluetooth, generic
// -------------------------------------------

class ClassIdentity : public IdentityKinds {
 protected:
  void SetUp() override {
    auto& t = tree_;
    t.add("/devices/pci0000:00", "");
    t.add(kNic, "pci",
          {{"PCI_CLASS", "20000"},
           {"PCI_ID", "8086:15B8"},
           {"PCI_SUBSYS_ID", "1028:0869"},
           {"PCI_SLOT_NAME", "0000:00:19.0"}},
          {{"revision", "0x21"}});
    t.add(kNic + "/net/eno1", "net", {{"INTERFACE", "eno1"}, {"IFINDEX", "2"}},
          {{"dev_port", "0\n"}});
    t.add(kNic + "/net/eno2", "net", {{"INTERFACE", "eno2"}, {"IFINDEX", "3"}},
          {{"dev_port", "1\n"}});
    t.add("/devices/virtual/net/cmnid0", "net", {{"INTERFACE", "cmnid0"}, {"IFINDEX", "9"}});
    t.add("/devices/virtual/net/Tap,A", "net", {{"INTERFACE", "Tap,A"}, {"IFINDEX", "10"}});
    t.add("/devices/virtual/net/lo", "net", {{"INTERFACE", "lo"}, {"IFINDEX", "1"}});

    // On-board UARTs: one described by ACPI (_UID 1), one legacy port found, one never found.
    t.add("/devices/LNXSYSTM:00", "acpi");
    t.add("/devices/LNXSYSTM:00/PNP0501:00", "acpi", {}, {{"uid", "1\n"}, {"hid", "PNP0501\n"}});
    t.add("/devices/pnp0", "");
    t.add("/devices/pnp0/00:05", "pnp", {{"DRIVER", "serial"}}, {{"id", "PNP0501\n"}});
    std::filesystem::create_directory_symlink("../../LNXSYSTM:00/PNP0501:00",
                                              t.path("/devices/pnp0/00:05/firmware_node"));
    t.add("/devices/pnp0/00:05/00:05:0", "serial-base", {{"DEVTYPE", "ctrl"}});
    t.add("/devices/pnp0/00:05/00:05:0/00:05:0.0", "serial-base", {{"DEVTYPE", "port"}});
    t.add("/devices/pnp0/00:05/00:05:0/00:05:0.0/tty/ttyS0", "tty", {{"DEVNAME", "ttyS0"}},
          {{"type", "4\n"}});
    t.add("/devices/platform", "");
    t.add("/devices/platform/serial8250", "platform");
    t.add("/devices/platform/serial8250/serial8250:0", "serial-base", {{"DEVTYPE", "ctrl"}});
    t.add("/devices/platform/serial8250/serial8250:0/serial8250:0.1", "serial-base",
          {{"DEVTYPE", "port"}});
    t.add("/devices/platform/serial8250/serial8250:0/serial8250:0.1/tty/ttyS1", "tty",
          {{"DEVNAME", "ttyS1"}}, {{"type", "4\n"}});
    t.add("/devices/platform/serial8250/serial8250:0/serial8250:0.2", "serial-base",
          {{"DEVTYPE", "port"}});
    t.add("/devices/platform/serial8250/serial8250:0/serial8250:0.2/tty/ttyS2", "tty",
          {{"DEVNAME", "ttyS2"}}, {{"type", "0\n"}});
    t.add("/devices/virtual/tty/tty0", "tty", {{"DEVNAME", "tty0"}});

    // Graphics: a PCI GPU with two connectors, and a platform GPU.
    t.add(kGpu, "pci",
          {{"PCI_CLASS", "30000"},
           {"PCI_ID", "8086:3E92"},
           {"PCI_SUBSYS_ID", "1028:0869"},
           {"PCI_SLOT_NAME", "0000:00:02.0"}},
          {{"revision", "0x02"}});
    t.add(kGpu + "/drm/card0", "drm", {{"DEVTYPE", "drm_minor"}, {"DEVNAME", "dri/card0"}});
    t.add(kGpu + "/drm/card0/card0-HDMI-A-1", "drm", {{"DEVTYPE", "drm_connector"}},
          {{"status", "connected\n"}});
    t.add(kGpu + "/drm/card0/card0-DP-1", "drm", {{"DEVTYPE", "drm_connector"}},
          {{"status", "disconnected\n"}});
    t.add(kGpu + "/drm/renderD128", "drm", {{"DEVTYPE", "drm_minor"}});
    t.add("/devices/platform/vkms", "platform");
    t.add("/devices/platform/vkms/drm/card1", "drm", {{"DEVTYPE", "drm_minor"}});
    t.add(kHda, "pci",
          {{"PCI_CLASS", "40300"},
           {"PCI_ID", "8086:A348"},
           {"PCI_SUBSYS_ID", "1028:0869"},
           {"PCI_SLOT_NAME", "0000:00:1f.3"}},
          {{"revision", "0x10"}});
    t.add(kHda + "/sound/card0", "sound", {}, {{"id", "PCH\n"}});

    // Power and Bluetooth.
    t.add("/devices/LNXSYSTM:00/PNP0C0A:00", "acpi", {}, {{"uid", "1\n"}});
    t.add("/devices/LNXSYSTM:00/PNP0C0A:00/power_supply/BAT0", "power_supply",
          {{"POWER_SUPPLY_TYPE", "Battery"}, {"POWER_SUPPLY_MODEL_NAME", "DELL 7FHHV"}});
    t.add("/devices/LNXSYSTM:00/ACPI0003:00", "acpi");
    t.add("/devices/LNXSYSTM:00/ACPI0003:00/power_supply/AC", "power_supply",
          {{"POWER_SUPPLY_TYPE", "Mains"}});
    t.add(kXhci, "pci",
          {{"PCI_CLASS", "C0330"}, {"PCI_ID", "8086:A36D"}, {"PCI_SLOT_NAME", "0000:00:14.0"}});
    add_usb_device(t, kXhci + "/usb1", "1d6b/2/606", "9/0/1", " 1", "0");
    add_usb_device(t, kBt, "8087/a2b/10", "224/1/1", " 2", "7");
    add_usb_interface(t, kBt + "/1-7:1.0", "224/1/1", "00");
    t.add(kBt + "/1-7:1.0/bluetooth/hci0", "bluetooth", {{"DEVTYPE", "host"}});
    add_usb_device(t, kAcm, "2341/43/1", "2/0/0", " 2", "6", "75735323");
    add_usb_interface(t, kAcm + "/1-6:1.0", "2/2/1", "00");
    t.add(kAcm + "/1-6:1.0/tty/ttyACM0", "tty", {{"DEVNAME", "ttyACM0"}});

    // Input devices that are not HID.
    t.add("/devices/platform/i8042", "platform");
    t.add("/devices/platform/i8042/serio0", "serio");
    t.add("/devices/platform/i8042/serio0/input/input0", "input",
          {{"PRODUCT", "11/1/1/ab41"},
           {"NAME", "\"AT Translated Set 2 keyboard\""},
           {"EV", "120013"},
           {"KEY", "402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe"}});
    t.add("/devices/platform/i8042/serio1", "serio");
    t.add("/devices/platform/i8042/serio1/input/input1", "input",
          {{"PRODUCT", "11/2/6/0"},
           {"NAME", "\"PS/2 Generic Mouse\""},
           {"EV", "7"},
           {"KEY", "70000 0 0 0 0"},
           {"REL", "3"}});
    t.add("/devices/virtual/input/input9", "input",
          {{"PRODUCT", "3/1234/5678/1"}, {"NAME", "\"virtual\""}});

    // HID devices made by user space (uhid): one with an address, two without.
    t.add("/devices/virtual/misc/uhid", "misc");
    t.add("/devices/virtual/misc/uhid/0005:046D:B342.0003", "hid",
          {{"HID_ID", "0005:0000046D:0000B342"}, {"HID_UNIQ", "aa:bb:cc:dd:ee:ff"}});
    t.add("/devices/virtual/misc/uhid/0003:1234:5678.0004", "hid",
          {{"HID_ID", "0003:00001234:00005678"}});
    t.add("/devices/virtual/misc/uhid/0003:1234:5678.000A", "hid",
          {{"HID_ID", "0003:00001234:00005678"}});

    t.add("/devices/virtual/misc/tun", "misc", {{"DEVNAME", "net/tun"}});
    t.add(std::string("/devices/virtual/misc/") + std::string(220, 'n'), "misc");
    identify();
  }
  const std::string kNic = "/devices/pci0000:00/0000:00:19.0";
  const std::string kGpu = "/devices/pci0000:00/0000:00:02.0";
  const std::string kHda = "/devices/pci0000:00/0000:00:1f.3";
  const std::string kBt = kXhci + "/usb1/1-7";
  const std::string kAcm = kXhci + "/usb1/1-6";
};

TEST_F(ClassIdentity, NetworkInterfaces) {
  const auto& eno1 = at(kNic + "/net/eno1");
  EXPECT_EQ(eno1.instance_id, "NET\\PCI\\VEN_8086&DEV_15B8&SUBSYS_08691028&REV_21#3&000000&0&C8#0");
  EXPECT_EQ(at(kNic + "/net/eno2").instance_id,
            "NET\\PCI\\VEN_8086&DEV_15B8&SUBSYS_08691028&REV_21#3&000000&0&C8#1");
  EXPECT_EQ(guids(eno1), (std::vector<Guid>{ic::net, subsystem_interface_class("net")}));
  EXPECT_EQ(eno1.setup_class, setup_class::net);
  const auto& tap = at("/devices/virtual/net/cmnid0");
  EXPECT_EQ(tap.instance_id, "SWD\\NET\\CMNID0");
  EXPECT_EQ(links(tap)[0], "\\\\?\\SWD#NET#CMNID0#{cac88484-7515-4c03-82e6-71a87abac361}");
  // SHA-1("Tap,A") begins 33AD1B34: the name folds, the hash keeps it apart from "tap_a".
  EXPECT_EQ(at("/devices/virtual/net/Tap,A").instance_id, "SWD\\NET\\TAP_A&33AD1B34");
  EXPECT_EQ(at("/devices/virtual/net/lo").instance_id, "SWD\\NET\\LO");
  EXPECT_EQ(at(kNic).setup_class, setup_class::net);
}

TEST_F(ClassIdentity, SerialPorts) {
  const auto& s0 = at("/devices/pnp0/00:05/00:05:0/00:05:0.0/tty/ttyS0");
  EXPECT_EQ(s0.instance_id, "ACPI\\PNP0501\\1");
  EXPECT_EQ(s0.hardware_ids, (std::vector<std::string>{"ACPI\\PNP0501", "*PNP0501"}));
  EXPECT_EQ(guids(s0), (std::vector<Guid>{ic::comport, subsystem_interface_class("tty")}));
  EXPECT_EQ(links(s0)[0], "\\\\?\\ACPI#PNP0501#1#{86e0d1e0-8089-11d0-9ce4-08003e301f73}");
  EXPECT_EQ(s0.setup_class, setup_class::ports);
  const auto& s1 = at("/devices/platform/serial8250/serial8250:0/serial8250:0.1/tty/ttyS1");
  EXPECT_EQ(s1.instance_id, "ACPI\\PNP0501\\2");  // no _UID: COM number
  // A port the 8250 driver registered but never found, and a virtual console: no COM port.
  const auto& s2 = at("/devices/platform/serial8250/serial8250:0/serial8250:0.2/tty/ttyS2");
  EXPECT_EQ(s2.instance_id, "TTY\\TTYS2\\PLATFORM&SERIAL8250&SERIAL8250:0&SERIAL8250:0.2&TTY");
  EXPECT_EQ(guids(s2), (std::vector<Guid>{subsystem_interface_class("tty")}));
  const auto& tty0 = at("/devices/virtual/tty/tty0");
  EXPECT_EQ(tty0.instance_id, "TTY\\TTY0\\VIRTUAL&TTY");
  EXPECT_EQ(guids(tty0), (std::vector<Guid>{subsystem_interface_class("tty")}));
  const auto& acm = at(kAcm + "/1-6:1.0/tty/ttyACM0");
  EXPECT_EQ(acm.instance_id, "SERIAL\\USB\\VID_2341&PID_0043&MI_00#75735323&00#0");
  EXPECT_EQ(guids(acm), (std::vector<Guid>{ic::comport, subsystem_interface_class("tty")}));
  EXPECT_EQ(at(kAcm + "/1-6:1.0").setup_class, setup_class::ports);
}

TEST_F(ClassIdentity, DisplayAndSound) {
  const auto& gpu = at(kGpu);
  EXPECT_EQ(gpu.instance_id, "PCI\\VEN_8086&DEV_3E92&SUBSYS_08691028&REV_02\\3&000000&0&10");
  EXPECT_EQ(guids(gpu), (std::vector<Guid>{ic::display_adapter, subsystem_interface_class("pci")}));
  EXPECT_EQ(gpu.setup_class, setup_class::display);
  const auto& card0 = at(kGpu + "/drm/card0");
  EXPECT_EQ(card0.instance_id,
            "DRM\\PCI\\VEN_8086&DEV_3E92&SUBSYS_08691028&REV_02#3&000000&0&10#CARD");
  EXPECT_EQ(guids(card0),
            (std::vector<Guid>{subsystem_interface_class("drm")}));  // the PCI GPU has it
  const auto& hdmi = at(kGpu + "/drm/card0/card0-HDMI-A-1");
  EXPECT_EQ(hdmi.instance_id,
            "DRM\\PCI\\VEN_8086&DEV_3E92&SUBSYS_08691028&REV_02#3&000000&0&10#CARD#HDMI-A-1");
  EXPECT_EQ(guids(hdmi), (std::vector<Guid>{ic::monitor, subsystem_interface_class("drm")}));
  EXPECT_EQ(guids(at(kGpu + "/drm/card0/card0-DP-1")),
            (std::vector<Guid>{subsystem_interface_class("drm")}));
  EXPECT_EQ(at(kGpu + "/drm/renderD128").instance_id,
            "DRM\\PCI\\VEN_8086&DEV_3E92&SUBSYS_08691028&REV_02#3&000000&0&10#RENDER");
  const auto& vkms = at("/devices/platform/vkms/drm/card1");
  EXPECT_EQ(vkms.instance_id, "DRM\\PLATFORM\\VKMS#PLATFORM#CARD");
  EXPECT_EQ(guids(vkms),
            (std::vector<Guid>{ic::display_adapter, subsystem_interface_class("drm")}));

  const auto& card = at(kHda + "/sound/card0");
  EXPECT_EQ(card.instance_id, "SOUND\\PCI\\VEN_8086&DEV_A348&SUBSYS_08691028&REV_10#3&000000&0&FB");
  EXPECT_EQ(guids(card), (std::vector<Guid>{ic::ks_audio, subsystem_interface_class("sound")}));
  EXPECT_EQ(at(kHda).setup_class, setup_class::media);
}

TEST_F(ClassIdentity, BatteriesAndBluetooth) {
  const auto& bat = at("/devices/LNXSYSTM:00/PNP0C0A:00/power_supply/BAT0");
  EXPECT_EQ(bat.instance_id, "ACPI\\PNP0C0A\\1");
  EXPECT_EQ(guids(bat),
            (std::vector<Guid>{ic::battery, subsystem_interface_class("power_supply")}));
  EXPECT_EQ(bat.description, "DELL 7FHHV");
  const auto& ac = at("/devices/LNXSYSTM:00/ACPI0003:00/power_supply/AC");
  EXPECT_EQ(ac.instance_id, "POWER_SUPPLY\\AC\\LNXSYSTM:00&ACPI0003:00&POWER_SUPPLY");
  EXPECT_EQ(guids(ac), (std::vector<Guid>{subsystem_interface_class("power_supply")}));
  const auto& hci = at(kBt + "/1-7:1.0/bluetooth/hci0");
  EXPECT_EQ(hci.instance_id, "BLUETOOTH\\USB\\VID_8087&PID_0A2B&MI_00#0000:00:14.0&20&7&00");
  EXPECT_EQ(guids(hci),
            (std::vector<Guid>{ic::bluetooth_port, subsystem_interface_class("bluetooth")}));
}

TEST_F(ClassIdentity, InputDevicesWithoutHid) {
  // SHA-1 of the serio ports' IDs begin 361C697E and 13D2418A.
  const auto& kbd = at("/devices/platform/i8042/serio0/input/input0");
  EXPECT_EQ(kbd.instance_id, "INPUT\\BUS_0011&VID_0001&PID_0001\\361C697E&00");
  EXPECT_EQ(guids(kbd), (std::vector<Guid>{ic::keyboard, subsystem_interface_class("input")}));
  EXPECT_EQ(kbd.description, "AT Translated Set 2 keyboard");
  const auto& mouse = at("/devices/platform/i8042/serio1/input/input1");
  EXPECT_EQ(mouse.instance_id, "INPUT\\BUS_0011&VID_0002&PID_0006\\13D2418A&00");
  EXPECT_EQ(guids(mouse), (std::vector<Guid>{ic::mouse, subsystem_interface_class("input")}));
  EXPECT_EQ(mouse.setup_class, setup_class::mouse);
  const auto& virt = at("/devices/virtual/input/input9");
  EXPECT_EQ(virt.instance_id, "INPUT\\BUS_0003&VID_1234&PID_5678\\INPUT9");
  EXPECT_EQ(guids(virt), (std::vector<Guid>{subsystem_interface_class("input")}));
}

TEST_F(ClassIdentity, HidDevicesFromUserSpace) {
  EXPECT_EQ(at("/devices/virtual/misc/uhid/0005:046D:B342.0003").instance_id,
            "HID\\VID_046D&PID_B342\\AA:BB:CC:DD:EE:FF");
  // SHA-1("MISC\UHID\VIRTUAL&MISC") begins D8866A9F; the two are told apart by creation order.
  EXPECT_EQ(at("/devices/virtual/misc/uhid/0003:1234:5678.0004").instance_id,
            "HID\\VID_1234&PID_5678\\D8866A9F&0000");
  EXPECT_EQ(at("/devices/virtual/misc/uhid/0003:1234:5678.000A").instance_id,
            "HID\\VID_1234&PID_5678\\D8866A9F&0001");
}

TEST_F(ClassIdentity, GenericFallback) {
  const auto& tun = at("/devices/virtual/misc/tun");
  EXPECT_EQ(tun.instance_id, "MISC\\TUN\\VIRTUAL&MISC");
  EXPECT_EQ(links(tun)[0],
            "\\\\?\\MISC#TUN#VIRTUAL&MISC#" + subsystem_interface_class("misc").to_string());
  EXPECT_EQ(tun.setup_class, Guid{});
  EXPECT_EQ(tun.description, "tun");
  const auto& top = at("/devices/pnp0");
  EXPECT_EQ(top.instance_id, "SYSFS\\PNP0\\0");
  EXPECT_TRUE(top.interfaces.empty());  // no subsystem, no subsystem interface
  const auto& longname = at("/devices/virtual/misc/" + std::string(220, 'n'));
  EXPECT_LT(longname.instance_id.size(), 200u);
  EXPECT_TRUE(detail::is_valid_instance_id(longname.instance_id));
}

TEST_F(ClassIdentity, EveryIdentityIsValidAndUnique) {
  std::set<std::string> ids;
  for (const auto& [path, d] : devices_) {
    EXPECT_TRUE(detail::is_valid_instance_id(d.instance_id)) << path;
    EXPECT_TRUE(ids.insert(d.instance_id).second) << d.instance_id;
  }
}

}  // namespace
}  // namespace cmnotify::linux_source
