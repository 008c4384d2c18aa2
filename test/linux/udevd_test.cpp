// Whether udevd runs (it answers on its control socket: a file left behind is not udevd), and
// which group the configuration and CMNOTIFY_NETLINK_GROUP ask for.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>

#include "linux/linux_source.hpp"
#include "linux/udevd.hpp"
#include "linux/uevent_watch.hpp"
#include "support/open_descriptors.hpp"

namespace cmnotify::linux_source {
namespace {

// A unix seqpacket socket bound at `path`, listening or not (a socket whose process is gone).
int bind_control_socket(const std::string& path, bool listening) {
  const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      (listening && ::listen(fd, 8) != 0)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class Udevd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* env = std::getenv(kGroupVariable)) saved_env_ = env;
    ::unsetenv(kGroupVariable);
    dir_ =
        std::filesystem::temp_directory_path() / ("cmnotify-udevd-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    control_ = (dir_ / "control").string();
  }
  void TearDown() override {
    if (saved_env_.empty()) {
      ::unsetenv(kGroupVariable);
    } else {
      ::setenv(kGroupVariable, saved_env_.c_str(), 1);
    }
    std::filesystem::remove_all(dir_);
  }
  static NetlinkGroup requested(NetlinkGroup configured, std::string* error_out = nullptr) {
    std::string error;
    const auto group = requested_group(configured, error);
    if (error_out != nullptr) *error_out = error;
    EXPECT_TRUE(group.has_value() || !error.empty());
    return group.value_or(static_cast<NetlinkGroup>(99));
  }

  std::filesystem::path dir_;
  std::string control_;
  std::string saved_env_;
};

TEST_F(Udevd, NoSocketIsNoUdevd) { EXPECT_FALSE(udevd_answers(control_)); }

TEST_F(Udevd, AListeningSocketIsUdevd) {
  const int fd = bind_control_socket(control_, true);
  ASSERT_GE(fd, 0) << std::strerror(errno);
  EXPECT_TRUE(udevd_answers(control_));
  EXPECT_TRUE(udevd_answers(control_));  // our probes leave it usable
  ::close(fd);
}

TEST_F(Udevd, ASocketFileLeftBehindIsNotUdevd) {
  // What `udevadm control --exit` and SIGKILL leave: the file, with nobody listening.
  const int fd = bind_control_socket(control_, true);
  ASSERT_GE(fd, 0);
  ::close(fd);
  ASSERT_TRUE(std::filesystem::exists(control_));
  EXPECT_FALSE(udevd_answers(control_));
  // Bound but never listening (a process between bind and listen) does not answer either.
  std::filesystem::remove(control_);
  const int unlistened = bind_control_socket(control_, false);
  ASSERT_GE(unlistened, 0);
  EXPECT_FALSE(udevd_answers(control_));
  ::close(unlistened);
}

TEST_F(Udevd, ARegularFileIsNotUdevd) {
  std::ofstream(control_).put('\n');
  EXPECT_FALSE(udevd_answers(control_));
}

TEST_F(Udevd, APathTooLongForASocketIsNotUdevd) {
  EXPECT_FALSE(udevd_answers("/" + std::string(200, 'x')));
  EXPECT_FALSE(udevd_answers(""));
}

TEST_F(Udevd, TheConfigurationIsUsedWhenTheVariableIsUnsetOrEmpty) {
  EXPECT_EQ(requested(NetlinkGroup::automatic), NetlinkGroup::automatic);
  ::setenv(kGroupVariable, "", 1);
  EXPECT_EQ(requested(NetlinkGroup::automatic), NetlinkGroup::automatic);
  EXPECT_EQ(requested(NetlinkGroup::kernel), NetlinkGroup::kernel);
  EXPECT_EQ(requested(NetlinkGroup::udev), NetlinkGroup::udev);
}

TEST_F(Udevd, TheVariableOverridesAutomaticOnly) {
  ::setenv(kGroupVariable, "kernel", 1);
  EXPECT_EQ(requested(NetlinkGroup::automatic), NetlinkGroup::kernel);
  EXPECT_EQ(requested(NetlinkGroup::udev), NetlinkGroup::udev);
  ::setenv(kGroupVariable, "udev", 1);
  EXPECT_EQ(requested(NetlinkGroup::automatic), NetlinkGroup::udev);
  ::setenv(kGroupVariable, "auto", 1);
  EXPECT_EQ(requested(NetlinkGroup::automatic), NetlinkGroup::automatic);
}

TEST_F(Udevd, ABogusValueIsAnErrorNamingTheValidOnes) {
  for (const char* bogus : {"Kernel", "2", "udev ", "kern", "auto\x1b[7m"}) {
    ::setenv(kGroupVariable, bogus, 1);
    std::string error;
    const auto group = requested_group(NetlinkGroup::automatic, error);
    EXPECT_FALSE(group.has_value()) << bogus;
    EXPECT_NE(error.find("CMNOTIFY_NETLINK_GROUP"), std::string::npos) << error;
    EXPECT_NE(error.find("auto, kernel or udev"), std::string::npos) << error;
    EXPECT_EQ(error.find('\x1b'), std::string::npos) << "control characters are not echoed";
  }
}

TEST_F(Udevd, AGroupOutsideTheEnumIsAnError) {
  std::string error;
  EXPECT_FALSE(requested_group(static_cast<NetlinkGroup>(3), error).has_value());
  EXPECT_NE(error.find("not automatic (0), kernel (1) or udev (2)"), std::string::npos);
}

TEST_F(Udevd, ASourceWithABogusVariableNeitherStartsNorEnumeratesAndSaysWhy) {
  ::setenv(kGroupVariable, "bogus", 1);
  SourceOptions options;
  options.sysfs_root = dir_.string();
  options.udev_control = control_;
  LinuxSource source(options);
  bool called = false;
  EXPECT_EQ(source.with_present_devices([&](std::span<const DevicePtr>) { called = true; }),
            Cr::no_cm_services);
  EXPECT_FALSE(called);
  EXPECT_NE(source.stats().last_error.find("CMNOTIFY_NETLINK_GROUP=\"bogus\""), std::string::npos);
  ::setenv(kGroupVariable, "kernel", 1);
  EXPECT_EQ(source.with_present_devices([&](std::span<const DevicePtr>) { called = true; }),
            Cr::success);
  EXPECT_TRUE(called);
}

TEST(GroupName, ParsesTheThreeNamesOnly) {
  EXPECT_EQ(netlink_group_from_name("auto"), NetlinkGroup::automatic);
  EXPECT_EQ(netlink_group_from_name("kernel"), NetlinkGroup::kernel);
  EXPECT_EQ(netlink_group_from_name("udev"), NetlinkGroup::udev);
  for (const char* other : {"", "automatic", "Kernel", "udev ", "1", "unknown"})
    EXPECT_FALSE(netlink_group_from_name(other).has_value()) << other;
  EXPECT_FALSE(netlink_group_from_name(std::string_view("kernel\0", 7)).has_value());
  for (NetlinkGroup g : {NetlinkGroup::automatic, NetlinkGroup::kernel, NetlinkGroup::udev})
    EXPECT_EQ(netlink_group_from_name(to_string(g)), g);
  EXPECT_EQ(to_string(static_cast<NetlinkGroup>(7)), "unknown");
}

// A source at rest trusts its last read of sysfs only while uevents could tell it otherwise: the
// kernel sends a device's uevent to no network namespace a rootless container owns.
TEST(UeventsReach, OnlyANetworkNamespaceOfTheInitialUserNamespace) {
  struct stat own {};
  ASSERT_EQ(::stat("/proc/self/ns/user", &own), 0);
  if (own.st_ino == 0xEFFFFFFDU) {  // the initial user namespace, its network namespace
    EXPECT_TRUE(uevents_reach_this_namespace());
  }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A new user namespace owning a new network namespace, as a rootless container has.
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) ::_exit(77);
    ::_exit(uevents_reach_this_namespace() ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "user namespaces are not available here";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "a rootless container's namespace was taken as watched";
}

// The watch's socket outlives the discovery call that made it, so a program may close its
// descriptor (a daemon closing every descriptor it did not open itself) and get the number back
// for a socket of its own. The watch must neither drain that socket nor close it, and must go on
// watching.
TEST(UeventWatchDescriptor, ANumberTheProgramClosedAndReusedIsNeitherReadNorClosed) {
  const std::set<int> before = cmnotify::testing::open_descriptors();
  std::optional<UeventWatch> watch(std::in_place);
  ASSERT_TRUE(watch->ok());
  int watch_fd = -1;
  for (int fd : cmnotify::testing::open_descriptors())
    if (before.count(fd) == 0) watch_fd = fd;
  ASSERT_GE(watch_fd, 0);

  ASSERT_EQ(::close(watch_fd), 0);  // the program's close-all loop
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  if (pair[0] != watch_fd) {  // the lowest free number, unless another thread took it
    ASSERT_EQ(::dup3(pair[0], watch_fd, O_CLOEXEC), watch_fd);
    ::close(pair[0]);
    pair[0] = watch_fd;
  }
  ASSERT_EQ(::write(pair[1], "data", 4), 4);

  EXPECT_TRUE(watch->changed()) << "a lost socket cannot say that nothing changed";
  char buffer[8] = {};
  EXPECT_EQ(::recv(pair[0], buffer, sizeof buffer, MSG_DONTWAIT), 4) << "the program's data";
  EXPECT_TRUE(watch->ok()) << "it watches again, with a socket of its own";

  watch.reset();
  EXPECT_EQ(::send(pair[1], "more", 4, MSG_NOSIGNAL), 4);
  EXPECT_EQ(::recv(pair[0], buffer, sizeof buffer, MSG_DONTWAIT), 4)
      << "the program's socket is still open after the watch ends";
  ::close(pair[0]);
  ::close(pair[1]);
}

}  // namespace
}  // namespace cmnotify::linux_source
