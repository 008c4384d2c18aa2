// Interface class names: what a user types resolves to a GUID, and a GUID names itself back.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cmnotify/interface_classes.hpp"

namespace cmnotify {
namespace {

TEST(FindInterfaceClass, ResolvesFriendlySdkAndGuidFormsInAnyCase) {
  EXPECT_EQ(find_interface_class("disk"), interface_class::disk);
  EXPECT_EQ(find_interface_class("DISK"), interface_class::disk);
  EXPECT_EQ(find_interface_class("GUID_DEVINTERFACE_NET"), interface_class::net);
  EXPECT_EQ(find_interface_class("guid_devinterface_net"), interface_class::net);
  EXPECT_EQ(find_interface_class("{53F56307-B6BF-11D0-94F2-00A0C91EFB8B}"), interface_class::disk);
  EXPECT_EQ(find_interface_class("53f56307-b6bf-11d0-94f2-00a0c91efb8b"), interface_class::disk);
  // Any GUID is an interface class a registration may name, known or not.
  EXPECT_EQ(find_interface_class("{00000000-0000-0000-0000-000000000001}")->to_string(),
            "{00000000-0000-0000-0000-000000000001}");
}

TEST(FindInterfaceClass, FriendlyNamesWinOverSubsystemsOfTheSameName) {
  ASSERT_TRUE(std::filesystem::exists("/sys/class/net")) << "needs sysfs";
  EXPECT_EQ(find_interface_class("net"), interface_class::net);
  EXPECT_EQ(find_interface_class("subsystem:net"), subsystem_interface_class("net"));
  EXPECT_EQ(find_interface_class("SUBSYSTEM:NET"), subsystem_interface_class("net"));
}

TEST(FindInterfaceClass, ResolvesPresentSubsystemsByBareName) {
  ASSERT_TRUE(std::filesystem::exists("/sys/class/mem")) << "needs sysfs";
  EXPECT_EQ(find_interface_class("mem"), subsystem_interface_class("mem"));
  EXPECT_EQ(find_interface_class("MEM"), subsystem_interface_class("mem"));
}

TEST(FindInterfaceClass, ExplicitSubsystemFormAcceptsAbsentSubsystems) {
  const std::string absent = "cmnotify-no-such-subsystem";
  ASSERT_FALSE(std::filesystem::exists("/sys/class/" + absent));
  EXPECT_EQ(find_interface_class(absent), std::nullopt);
  EXPECT_EQ(find_interface_class("subsystem:" + absent), subsystem_interface_class(absent));
}

TEST(FindInterfaceClass, RejectsEverythingElse) {
  for (const char* bad :
       {"", "nosuchclass", "subsystem:", "subsystem:a/b", "subsystem:..", "subsystem:with space",
        "{53f56307-b6bf-11d0-94f2}", "GUID_DEVINTERFACE_"})
    EXPECT_EQ(find_interface_class(bad), std::nullopt) << bad;
}

TEST(InterfaceClassName, NamesEveryNamedClassAndRoundTrips) {
  for (const NamedInterfaceClass& c : named_interface_classes()) {
    EXPECT_EQ(interface_class_name(c.guid), c.name);
    EXPECT_EQ(find_interface_class(interface_class_name(c.guid)), c.guid);
  }
}

TEST(InterfaceClassName, NamesPresentSubsystemsAndRoundTrips) {
  const auto subsystems = linux_subsystems();
  ASSERT_FALSE(subsystems.empty()) << "needs sysfs";
  for (const std::string& subsystem : subsystems) {
    const Guid guid = subsystem_interface_class(subsystem);
    EXPECT_EQ(interface_class_name(guid), "subsystem:" + subsystem);
    EXPECT_EQ(find_interface_class(interface_class_name(guid)), guid) << subsystem;
  }
}

TEST(InterfaceClassName, IsEmptyForUnknownGuids) {
  EXPECT_EQ(interface_class_name(Guid{}), "");
  EXPECT_EQ(interface_class_name(*Guid::parse("{00000000-0000-0000-0000-000000000001}")), "");
  EXPECT_EQ(interface_class_name(subsystem_interface_class("cmnotify-no-such-subsystem")), "");
}

}  // namespace
}  // namespace cmnotify
