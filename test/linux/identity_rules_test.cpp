// The text rules under every identity: escaping, hashing, the length limit, symbolic links,
// the subsystem interface classes, and the two small parsers (HID report descriptors, input
// capability bitmaps), the first one fed garbage as well.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "common/instance_id.hpp"
#include "linux/identity.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source {
namespace {

using rules::HidUsage;

std::vector<HidUsage> usages(std::vector<std::uint8_t> bytes) {
  return rules::hid_top_level_usages(bytes);
}

TEST(IdentityText, EscapesWhatInstanceIdsCannotCarry) {
  EXPECT_EQ(rules::escape_part("9dc49fa0"), "9DC49FA0");
  EXPECT_EQ(rules::escape_part("  A50285BI \n"), "A50285BI");
  EXPECT_EQ(rules::escape_part("ab,c\\d#e/f&g h\x01\xc3\xa9"), "AB_C_D_E_F_G_H___");
  EXPECT_EQ(rules::escape_part("0000:00:14.0"), "0000:00:14.0");
  EXPECT_EQ(rules::escape_part(std::string("a\0b", 3)), "A_B");
  EXPECT_EQ(rules::escape_part(""), "");
  EXPECT_FALSE(rules::escape_is_lossy("cmnid0"));
  EXPECT_FALSE(rules::escape_is_lossy("br-lan.10"));
  EXPECT_TRUE(rules::escape_is_lossy("Tap0"));
  EXPECT_TRUE(rules::escape_is_lossy("a,b"));
  EXPECT_TRUE(rules::escape_is_lossy("a&b"));
  EXPECT_TRUE(rules::escape_is_lossy(" a"));
}

TEST(IdentityText, PadsFixedWidthFields) {
  EXPECT_EQ(rules::id_field("ATA     ", 8), "ATA_____");
  EXPECT_EQ(rules::id_field("Samsung SSD 850", 16), "Samsung_SSD_850_");
  EXPECT_EQ(rules::id_field("ABCDEFGHIJ", 4), "ABCD");
  EXPECT_EQ(rules::id_field("Flash, Disk"), "Flash__Disk");
  EXPECT_EQ(rules::id_field("", 4), "____");
}

TEST(IdentityText, HashesAndHex) {
  // SHA-1("abc") = a9993e36 4706816a ...
  EXPECT_EQ(rules::hash8("abc"), "A9993E36");
  EXPECT_EQ(rules::hash16("abc"), "A9993E364706816A");
  EXPECT_EQ(rules::hex(0x1a, 2), "1A");
  EXPECT_EQ(rules::hex(0, 4), "0000");
  EXPECT_EQ(rules::hex(0x12345, 4), "12345");
  EXPECT_EQ(rules::parse_hex("0x0c0330"), 0x0c0330u);
  EXPECT_EQ(rules::parse_hex(" 046d\n"), 0x046du);
  EXPECT_FALSE(rules::parse_hex("zz").has_value());
  EXPECT_FALSE(rules::parse_hex("").has_value());
  EXPECT_EQ(rules::parse_dec(" 2"), 2u);
  EXPECT_FALSE(rules::parse_dec("-1").has_value());
  EXPECT_FALSE(rules::parse_dec("99999999999").has_value());
}

TEST(IdentityText, LocationsAndDerivedIds) {
  EXPECT_EQ(rules::devpath_location("/devices/pci0000:00/0000:00:14.0"), "PCI0000:00&0000:00:14.0");
  EXPECT_EQ(rules::devpath_location("/devices/virtual/net"), "VIRTUAL&NET");
  EXPECT_EQ(rules::devpath_location("/devices"), "0");
  EXPECT_EQ(rules::devpath_location(""), "0");
  EXPECT_EQ(rules::derived_id("NET", "PCI\\VEN_1\\3&00", "0"), "NET\\PCI\\VEN_1#3&00#0");
  EXPECT_EQ(rules::derived_id("SOUND", "A\\B\\C\\D", ""), "SOUND\\A\\B#C#D");
  EXPECT_EQ(rules::derived_id("X", "FLAT", "1"), "X\\FLAT#1");
  EXPECT_EQ(rules::last_part("USB\\VID_1&PID_2\\SERIAL"), "SERIAL");
}

TEST(IdentityText, KeepsIdsUnderTheLimitAndDistinct) {
  const std::string long_a = "ENUM\\DEV\\" + std::string(300, 'x') + "a";
  const std::string long_b = "ENUM\\DEV\\" + std::string(300, 'x') + "b";
  const auto a = rules::finish_instance_id(long_a);
  const auto b = rules::finish_instance_id(long_b);
  EXPECT_EQ(a.size(), 199u);
  EXPECT_TRUE(detail::is_valid_instance_id(a));
  EXPECT_TRUE(a.starts_with("ENUM\\DEV\\XXXX"));
  EXPECT_TRUE(a.ends_with("&" + rules::hash16(long_a)));
  EXPECT_NE(a, b);
  EXPECT_EQ(rules::finish_instance_id("usb\\vid_1\\abc"), "USB\\VID_1\\ABC");
  // Exactly 199 characters stay as they are; 200 do not.
  const std::string fits = "A\\B\\" + std::string(195, 'C');
  EXPECT_EQ(rules::finish_instance_id(fits), fits);
  const std::string over = "A\\B\\" + std::string(196, 'C');
  EXPECT_EQ(rules::finish_instance_id(over).size(), 199u);
  // A huge enumerator and device ID are cut too.
  const auto huge =
      rules::finish_instance_id(std::string(250, 'E') + "\\" + std::string(250, 'D') + "\\I");
  EXPECT_LT(huge.size(), 200u);
  EXPECT_TRUE(detail::is_valid_instance_id(huge));
}

TEST(IdentitySymbolicLink, FollowsTheWindowsForm) {
  // identities.md's example.
  EXPECT_EQ(symbolic_link("USB\\VID_04E8&PID_6860\\07FE860C", interface_class::usb_device),
            "\\\\?\\USB#VID_04E8&PID_6860#07FE860C#{a5dcbf10-6530-11d2-901f-00c04fb951ed}");
  EXPECT_EQ(symbolic_link("SWD\\NET\\CMNID0", interface_class::net),
            "\\\\?\\SWD#NET#CMNID0#{cac88484-7515-4c03-82e6-71a87abac361}");
}

TEST(IdentitySubsystemClass, IsTheNameBasedGuidOfTheSubsystem) {
  // uuid.uuid5(UUID('aece45d0-c1b4-49c4-8936-b2529630110c'), 'subsystem:<name>') in Python.
  EXPECT_EQ(subsystem_interface_class("usb").to_string(), "{1ecb5c55-89f7-5634-ba0a-eb700eeb34ad}");
  EXPECT_EQ(subsystem_interface_class("net").to_string(), "{1fffc97e-0f49-55bb-a7bd-06a42089bcbb}");
  EXPECT_EQ(subsystem_interface_class("block").to_string(),
            "{3d709930-ce30-52ee-8039-557069bed144}");
  EXPECT_EQ(subsystem_interface_class("hid").to_string(), "{6d1e6186-7722-5cb0-840d-7ff255164723}");
}

TEST(IdentityNamedClasses, CoverTheListWithSdkNames) {
  const auto classes = named_interface_classes();
  std::set<std::string_view> names;
  for (const auto& c : classes) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
    EXPECT_FALSE(c.sdk_name.empty());
    EXPECT_FALSE(c.guid.is_null());
  }
  for (const char* required :
       {"usb",   "usbhub",    "hid",     "keyboard",  "mouse",  "disk",    "partition", "volume",
        "cdrom", "net",       "comport", "audio",     "camera", "capture", "display",   "monitor",
        "image", "bluetooth", "battery", "smartcard", "floppy", "tape"})
    EXPECT_EQ(names.count(required), 1u) << required;
  auto find = [&](std::string_view name) {
    for (const auto& c : classes)
      if (c.name == name) return c;
    return NamedInterfaceClass{};
  };
  EXPECT_EQ(find("keyboard").sdk_name, "GUID_DEVINTERFACE_KEYBOARD");
  EXPECT_EQ(find("keyboard").guid.to_upper_string(), "{884B96C3-56EF-11D1-BC8C-00A0C91405DD}");
  EXPECT_EQ(find("camera").sdk_name, "KSCATEGORY_VIDEO_CAMERA");
  EXPECT_EQ(find("camera").guid.to_upper_string(), "{E5323777-F976-4F5B-9B55-B94699C46E44}");
  EXPECT_EQ(find("comport").guid.to_upper_string(), "{86E0D1E0-8089-11D0-9CE4-08003E301F73}");
  EXPECT_EQ(find("battery").sdk_name, "GUID_DEVICE_BATTERY");
  EXPECT_EQ(find("bluetooth").sdk_name, "GUID_BTHPORT_DEVICE_INTERFACE");
}

TEST(HidDescriptor, FindsTopLevelUsages) {
  // A boot keyboard: Usage Page (Generic Desktop), Usage (Keyboard), Collection (Application).
  EXPECT_EQ(usages({0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7,
                    0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0}),
            (std::vector<HidUsage>{{0x01, 0x06}}));
  // A mouse: the Pointer/Physical collection inside is not top-level.
  EXPECT_EQ(usages({0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x01, 0xA1, 0x00,
                    0x05, 0x09, 0x19, 0x01, 0x29, 0x03, 0x81, 0x02, 0xC0, 0xC0}),
            (std::vector<HidUsage>{{0x01, 0x02}}));
  // Keyboard then Consumer Control.
  EXPECT_EQ(
      usages({0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0xC0, 0x05, 0x0C, 0x09, 0x01, 0xA1, 0x01, 0xC0}),
      (std::vector<HidUsage>{{0x01, 0x06}, {0x0C, 0x01}}));
  // A four-byte usage carries its own page; a vendor page takes two bytes.
  EXPECT_EQ(usages({0x0B, 0x02, 0x00, 0x01, 0x00, 0xA1, 0x01, 0xC0}),
            (std::vector<HidUsage>{{0x01, 0x02}}));
  EXPECT_EQ(usages({0x06, 0x00, 0xFF, 0x09, 0x01, 0xA1, 0x01, 0xC0}),
            (std::vector<HidUsage>{{0xFF00, 0x01}}));
  // Push and Pop restore the usage page.
  EXPECT_EQ(usages({0x05, 0x01, 0xA4, 0x05, 0x0C, 0xB4, 0x09, 0x06, 0xA1, 0x01, 0xC0}),
            (std::vector<HidUsage>{{0x01, 0x06}}));
  // A long item is skipped whole.
  EXPECT_EQ(usages({0xFE, 0x02, 0x10, 0xA1, 0xA1, 0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0xC0}),
            (std::vector<HidUsage>{{0x01, 0x02}}));
  EXPECT_TRUE(rules::is_keyboard_usage({0x01, 0x06}));
  EXPECT_TRUE(rules::is_mouse_usage({0x01, 0x02}));
  EXPECT_FALSE(rules::is_mouse_usage({0x0C, 0x02}));
}

TEST(HidDescriptor, StopsSafelyOnMalformedInput) {
  EXPECT_TRUE(usages({}).empty());
  EXPECT_TRUE(usages({0x05}).empty());                          // data missing
  EXPECT_TRUE(usages({0x05, 0x01, 0x0B, 0x02}).empty());        // four-byte usage cut short
  EXPECT_TRUE(usages({0xFE, 0xFF, 0x00, 0x01}).empty());        // long item running off the end
  EXPECT_TRUE(usages({0xB4, 0x09, 0x06, 0xA1, 0x01}).empty());  // Pop without Push
  EXPECT_EQ(usages({0x09, 0x06, 0xA1, 0x01, 0xC0, 0xC0, 0xC0, 0x05, 0x01, 0x09, 0x02, 0xA1, 0x01}),
            (std::vector<HidUsage>{{0x00, 0x06}, {0x01, 0x02}}));  // stray End Collections
  std::vector<std::uint8_t> many;
  for (int i = 0; i < 200; ++i) many.insert(many.end(), {0xA1, 0x01, 0xC0});
  EXPECT_EQ(usages(many).size(), 64u);
  std::vector<std::uint8_t> pushes(100, 0xA4);
  EXPECT_TRUE(usages(pushes).empty());
}

TEST(HidDescriptor, SurvivesRandomBytes) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 300);
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(length(rng)));
    for (auto& b : bytes) b = static_cast<std::uint8_t>(byte(rng));
    // Bias towards the items the parser acts on.
    if (!bytes.empty() && round % 2 == 0) bytes[0] = 0xA1;
    const auto found = rules::hid_top_level_usages(bytes);
    ASSERT_LE(found.size(), 64u);
    ASSERT_LE(found.size(), bytes.size());
  }
}

TEST(InputBitmap, TestsBitsMostSignificantWordFirst) {
  if (sizeof(unsigned long) != 8) GTEST_SKIP() << "expectations written for 64-bit longs";
  EXPECT_TRUE(rules::bitmap_test("120013", 1));   // EV_KEY
  EXPECT_FALSE(rules::bitmap_test("120013", 2));  // EV_REL
  EXPECT_TRUE(rules::bitmap_test("120013", 20));
  const std::string keys = "1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe";
  EXPECT_FALSE(rules::bitmap_test(keys, 0));
  EXPECT_TRUE(rules::bitmap_test(keys, 1));
  EXPECT_TRUE(rules::bitmap_test(keys, 63));
  EXPECT_TRUE(rules::bitmap_test(keys, 64));
  EXPECT_TRUE(rules::bitmap_test(keys, 192));
  EXPECT_FALSE(rules::bitmap_test(keys, 0x110));
  EXPECT_TRUE(rules::bitmap_test("70000 0 0 0 0", 0x110));  // BTN_LEFT
  EXPECT_TRUE(rules::bitmap_test("103", 8));
  EXPECT_FALSE(rules::bitmap_test("", 0));
  EXPECT_FALSE(rules::bitmap_test("zz", 0));
  EXPECT_FALSE(rules::bitmap_test("1", 5000));
}

}  // namespace
}  // namespace cmnotify::linux_source
