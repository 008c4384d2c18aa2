// HANDLEs as file descriptors: the conversions, CreateFile on device interface symbolic links
// (through the engine's present devices) and on Linux paths, and CloseHandle.
#include <cfgmgr32.h>
#include <fcntl.h>
#include <ntddstor.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/memory_engine.hpp"

namespace cmnotify {
namespace {

using cmnotify::testing::make_device;

const Guid kDisk =
    make_guid(0x53F56307, 0xB6BF, 0x11D0, 0x94, 0xF2, 0x00, 0xA0, 0xC9, 0x1E, 0xFB, 0x8B);

TEST(Win32Handles, FdConversions) {
  EXPECT_EQ(cmnotify_handle_from_fd(-1), INVALID_HANDLE_VALUE);
  EXPECT_EQ(cmnotify_handle_from_fd(0), reinterpret_cast<HANDLE>(std::intptr_t{1}));
  for (int fd : {0, 1, 5, 1000, INT_MAX}) {
    SCOPED_TRACE(fd);
    const HANDLE h = cmnotify_handle_from_fd(fd);
    EXPECT_NE(h, nullptr);
    EXPECT_NE(h, INVALID_HANDLE_VALUE);
    EXPECT_EQ(cmnotify_fd_from_handle(h), fd);
  }
  EXPECT_EQ(cmnotify_fd_from_handle(nullptr), -1);
  EXPECT_EQ(cmnotify_fd_from_handle(INVALID_HANDLE_VALUE), -1);
  EXPECT_EQ(cmnotify_fd_from_handle(reinterpret_cast<HANDLE>(std::intptr_t{-7})), -1);
  EXPECT_EQ(cmnotify_fd_from_handle(reinterpret_cast<HANDLE>(std::intptr_t{INT_MAX} + 2)), -1);
}

TEST(Win32Handles, CloseHandle) {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const HANDLE h = cmnotify_handle_from_fd(fd);
  EXPECT_TRUE(CloseHandle(h));
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "the descriptor is closed";
  SetLastError(0);
  EXPECT_FALSE(CloseHandle(h)) << "double close";
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  for (HANDLE bad : {HANDLE{nullptr}, INVALID_HANDLE_VALUE,
                     reinterpret_cast<HANDLE>(std::uintptr_t{0x7fff00000000})}) {
    SetLastError(0);
    EXPECT_FALSE(CloseHandle(bad));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  }
}

class Win32CreateFile : public cmnotify::testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    dir_ =
        std::filesystem::temp_directory_path() / ("cmnotify-win32-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    MemoryEngineTest::TearDown();
  }
  static struct stat stat_of(HANDLE h) {
    struct stat st {};
    EXPECT_EQ(::fstat(cmnotify_fd_from_handle(h), &st), 0);
    return st;
  }
  std::filesystem::path dir_;
};

TEST_F(Win32CreateFile, InterfaceLinkOpensTheDeviceNode) {
  auto d = std::make_shared<Device>(*make_device("ROOT\\NULL\\0000", "/sys/devices/virtual/null"));
  d->devnode = "/dev/null";
  d->interfaces = {{kDisk, "\\\\?\\ROOT#NULL#0000#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}"}};
  source().add_device(d);
  // Case-insensitive, like Windows; a success sets the last error to 0, as Windows' does.
  SetLastError(ERROR_INSUFFICIENT_BUFFER);  // left by an earlier size query
  const HANDLE h = CreateFileW(L"\\\\?\\root#null#0000#{53F56307-B6BF-11D0-94F2-00A0C91EFB8B}",
                               GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                               OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
  struct stat null_st {};
  ASSERT_EQ(::stat("/dev/null", &null_st), 0);
  EXPECT_EQ(stat_of(h).st_rdev, null_st.st_rdev);
  EXPECT_EQ(::fcntl(cmnotify_fd_from_handle(h), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_TRUE(CloseHandle(h));
  // The A variant takes UTF-8; a query-only handle (no access) works too.
  const HANDLE q = CreateFileA("\\\\?\\ROOT#NULL#0000#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}", 0, 0,
                               nullptr, OPEN_EXISTING, 0, nullptr);
  ASSERT_NE(q, INVALID_HANDLE_VALUE);
  EXPECT_EQ(stat_of(q).st_rdev, null_st.st_rdev);
  EXPECT_TRUE(CloseHandle(q));
}

TEST_F(Win32CreateFile, InterfaceWithoutNodeOpensTheSyspathDirectory) {
  auto d = std::make_shared<Device>(*make_device("ROOT\\NET\\0000", dir_.string()));
  d->interfaces = {{kDisk, "\\\\?\\ROOT#NET#0000#{cac88484-7515-4c03-82e6-71a87abac361}"}};
  source().add_device(d);
  SetLastError(ERROR_INSUFFICIENT_BUFFER);
  const HANDLE h = CreateFileW(L"\\\\?\\ROOT#NET#0000#{cac88484-7515-4c03-82e6-71a87abac361}",
                               GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
  const struct stat st = stat_of(h);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  struct stat dir_st {};
  ASSERT_EQ(::stat(dir_.c_str(), &dir_st), 0);
  EXPECT_EQ(st.st_ino, dir_st.st_ino);
  EXPECT_TRUE(CloseHandle(h));
}

TEST_F(Win32CreateFile, UnknownInterfaceIsFileNotFound) {
  SetLastError(0);
  EXPECT_EQ(CreateFileW(L"\\\\?\\ROOT#NONE#0#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}", GENERIC_READ,
                        0, nullptr, OPEN_EXISTING, 0, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_FILE_NOT_FOUND));
}

TEST_F(Win32CreateFile, LinuxPathsAndDispositions) {
  const std::string file = (dir_ / "f").string();
  const std::wstring wfile(file.begin(), file.end());
  SetLastError(0);
  EXPECT_EQ(CreateFileW(wfile.c_str(), GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_FILE_NOT_FOUND));

  // Every success sets the last error: 0 unless OPEN_ALWAYS / CREATE_ALWAYS found the file.
  HANDLE h = CreateFileW(wfile.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                         FILE_ATTRIBUTE_NORMAL, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(::write(cmnotify_fd_from_handle(h), "abc", 3), 3);
  EXPECT_TRUE(CloseHandle(h));

  SetLastError(0);
  EXPECT_EQ(CreateFileW(wfile.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, 0, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_FILE_EXISTS));

  h = CreateFileW(wfile.c_str(), GENERIC_READ, 0, nullptr, OPEN_ALWAYS, 0, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ALREADY_EXISTS));
  EXPECT_EQ(stat_of(h).st_size, 3);
  EXPECT_TRUE(CloseHandle(h));

  h = CreateFileW(wfile.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, 0, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ALREADY_EXISTS));
  EXPECT_EQ(stat_of(h).st_size, 0) << "CREATE_ALWAYS truncates";
  EXPECT_TRUE(CloseHandle(h));

  SetLastError(ERROR_FILE_EXISTS);
  h = CreateFileW(wfile.c_str(), GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_TRUE(CloseHandle(h));

  SetLastError(ERROR_FILE_EXISTS);
  h = CreateFileW(wfile.c_str(), GENERIC_WRITE, 0, nullptr, TRUNCATE_EXISTING, 0, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_TRUE(CloseHandle(h));

  const std::string fresh = (dir_ / "g").string();
  h = CreateFileA(fresh.c_str(), GENERIC_WRITE, 0, nullptr, OPEN_ALWAYS, 0, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_TRUE(CloseHandle(h));

  SetLastError(0);
  EXPECT_EQ(CreateFileA(fresh.c_str(), GENERIC_READ, 0, nullptr, TRUNCATE_EXISTING, 0, nullptr),
            INVALID_HANDLE_VALUE)
      << "TRUNCATE_EXISTING needs write access";
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(CreateFileA(fresh.c_str(), GENERIC_READ, 0, nullptr, 99, 0, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST_F(Win32CreateFile, ErrorsBecomeWin32Errors) {
  SetLastError(0);
  EXPECT_EQ(CreateFileA(dir_.c_str(), GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, 0, nullptr),
            INVALID_HANDLE_VALUE)
      << "a directory cannot be opened for writing";
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(CreateFileW(nullptr, GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(CreateFileW(L"", GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_PATH_NOT_FOUND));
  const wchar_t bad_name[] = {L'/', L't', wchar_t(0xD800), L'\0'};
  EXPECT_EQ(CreateFileW(bad_name, GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr),
            INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_NAME));
}

TEST_F(Win32CreateFile, InheritableHandles) {
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  const HANDLE h = CreateFileA("/dev/null", GENERIC_READ, 0, &inherit, OPEN_EXISTING, 0, nullptr);
  ASSERT_NE(h, INVALID_HANDLE_VALUE);
  EXPECT_EQ(::fcntl(cmnotify_fd_from_handle(h), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_TRUE(CloseHandle(h));
}

}  // namespace
}  // namespace cmnotify
