// Which netlink group the source listens to: udev's when systemd-udevd runs, the kernel's in a
// container or initramfs without it, and what the option or CMNOTIFY_NETLINK_GROUP forces.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "linux/linux_source.hpp"

namespace cmnotify::linux_source {
namespace {

class ChooseGroup : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* env = std::getenv("CMNOTIFY_NETLINK_GROUP")) saved_env_ = env;
    ::unsetenv("CMNOTIFY_NETLINK_GROUP");
    dir_ = std::filesystem::temp_directory_path() /
           ("cmnotify-choose-group-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    control_ = (dir_ / "control").string();
  }
  void TearDown() override {
    if (saved_env_.empty()) {
      ::unsetenv("CMNOTIFY_NETLINK_GROUP");
    } else {
      ::setenv("CMNOTIFY_NETLINK_GROUP", saved_env_.c_str(), 1);
    }
    std::filesystem::remove_all(dir_);
  }
  void start_udevd() { std::ofstream(control_).put('\n'); }  // all that is looked at
  SourceOptions options(NetlinkGroup group = NetlinkGroup::automatic) const {
    SourceOptions o;
    o.group = group;
    o.udev_control = control_;
    return o;
  }

  std::filesystem::path dir_;
  std::string control_;
  std::string saved_env_;
};

TEST_F(ChooseGroup, WithoutUdevdTheKernelGroup) {
  EXPECT_EQ(choose_group(options()), NetlinkGroup::kernel);
}

TEST_F(ChooseGroup, WithUdevdUdevsGroup) {
  start_udevd();
  EXPECT_EQ(choose_group(options()), NetlinkGroup::udev);
}

TEST_F(ChooseGroup, TheOptionForcesEitherGroup) {
  EXPECT_EQ(choose_group(options(NetlinkGroup::udev)), NetlinkGroup::udev);
  start_udevd();
  EXPECT_EQ(choose_group(options(NetlinkGroup::kernel)), NetlinkGroup::kernel);
}

TEST_F(ChooseGroup, TheEnvironmentOverridesAutomatic) {
  start_udevd();
  ::setenv("CMNOTIFY_NETLINK_GROUP", "kernel", 1);
  EXPECT_EQ(choose_group(options()), NetlinkGroup::kernel);
  std::filesystem::remove(control_);
  ::setenv("CMNOTIFY_NETLINK_GROUP", "udev", 1);
  EXPECT_EQ(choose_group(options()), NetlinkGroup::udev);
}

}  // namespace
}  // namespace cmnotify::linux_source
