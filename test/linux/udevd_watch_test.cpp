// The inotify watch that tells the source udevd's control socket appeared (linux/udevd_watch.hpp),
// in a directory of its own: the socket's directory missing at first, made, removed and made
// again, with other files coming and going beside the socket.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "linux/udevd_watch.hpp"

namespace cmnotify::linux_source {
namespace {

namespace fs = std::filesystem;

class UdevdWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/cmnotify-udevd-watch-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    run_ = pattern;
    dir_ = run_ + "/udev";
    control_ = dir_ + "/control";
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(run_, ignored);
  }

  // Binds (without listening) a unix socket at control_, as udevd does before it listens.
  void bind_control() const {
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, control_.c_str(), sizeof address.sun_path - 1);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd);  // the file stays, as a killed udevd leaves it
  }

  static bool readable(const UdevdWatch& watch) {
    pollfd p{watch.fd(), POLLIN, 0};
    return ::poll(&p, 1, 0) == 1;
  }

  std::string run_, dir_, control_;
};

TEST_F(UdevdWatchTest, ASocketMadeInAnExistingDirectoryIsSeenOnce) {
  fs::create_directory(dir_);
  UdevdWatch watch(control_);
  ASSERT_TRUE(watch.ok());
  EXPECT_FALSE(watch.control_exists());
  EXPECT_FALSE(readable(watch));
  EXPECT_FALSE(watch.changed());
  bind_control();
  EXPECT_TRUE(readable(watch));
  EXPECT_TRUE(watch.changed());
  EXPECT_TRUE(watch.control_exists());
  EXPECT_FALSE(readable(watch));
  EXPECT_FALSE(watch.changed());
}

TEST_F(UdevdWatchTest, OtherFilesBesideTheSocketDoNotCount) {
  fs::create_directory(dir_);
  UdevdWatch watch(control_);
  ASSERT_TRUE(watch.ok());
  std::ofstream(dir_ + "/queue") << "";
  fs::create_directory(dir_ + "/data");
  std::ofstream(run_ + "/other") << "";
  EXPECT_FALSE(watch.changed());
}

TEST_F(UdevdWatchTest, AMissingDirectoryIsWatchedForThroughItsParent) {
  UdevdWatch watch(control_);
  ASSERT_TRUE(watch.ok());
  std::ofstream(run_ + "/other") << "";
  EXPECT_FALSE(watch.changed());
  fs::create_directory(dir_);
  EXPECT_TRUE(readable(watch));
  EXPECT_TRUE(watch.changed());  // the directory: the socket may come before it is watched
  bind_control();
  EXPECT_TRUE(watch.changed());
}

TEST_F(UdevdWatchTest, TheDirectoryRemovedAndMadeAgainIsWatchedAgain) {
  fs::create_directory(dir_);
  UdevdWatch watch(control_);
  ASSERT_TRUE(watch.ok());
  fs::remove_all(dir_);
  EXPECT_FALSE(watch.changed());
  fs::create_directory(dir_);
  EXPECT_TRUE(watch.changed());
  EXPECT_FALSE(watch.changed());
  bind_control();
  EXPECT_TRUE(watch.changed());
  // Removed and made again between two reads, with the socket already in it.
  fs::remove_all(dir_);
  fs::create_directory(dir_);
  bind_control();
  EXPECT_TRUE(watch.changed());
}

TEST_F(UdevdWatchTest, WithoutEitherDirectoryTheWatchIsNotOkAndSaysNothing) {
  UdevdWatch watch(run_ + "/missing/udev/control");
  EXPECT_FALSE(watch.ok());
  EXPECT_EQ(watch.fd(), -1);
  EXPECT_FALSE(watch.changed());
  UdevdWatch empty("");
  EXPECT_FALSE(empty.ok());
}

}  // namespace
}  // namespace cmnotify::linux_source
