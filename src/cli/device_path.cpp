#include "cli/device_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "cli/errors.hpp"
#include "cmnotify/error.hpp"
#include "cmnotify/source.hpp"

namespace cmnotify::cli {
namespace {

std::string real_path(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;
  std::string out(resolved);
  std::free(resolved);
  return out;
}

std::string devnum_text(const char* kind, dev_t rdev) {
  return std::string(kind) + " " + std::to_string(major(rdev)) + ":" + std::to_string(minor(rdev));
}

}  // namespace

bool means_not_present(const Error& e) noexcept {
  return e.code() == Cr::no_such_devnode || e.code() == Cr::invalid_data;
}

bool looks_like_path(const std::string& text) noexcept {
  return text.starts_with('/') || text.starts_with("./") || text.starts_with("../");
}

DeviceHandle DeviceHandle::open(const std::string& path) {
  if (path.empty()) throw UsageError("--device needs a path: /dev/NODE or a /sys device directory");
  const int fd = ::open(path.c_str(), O_PATH | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    std::string message = "cannot open " + path + ": " + std::strerror(error);
    if (error == EACCES || error == EPERM) message += " (run as root?)";
    throw RuntimeError(message);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    throw RuntimeError("cannot stat " + path + ": " + std::strerror(error));
  }
  if (S_ISCHR(st.st_mode)) return DeviceHandle(fd, path, devnum_text("char", st.st_rdev));
  if (S_ISBLK(st.st_mode)) return DeviceHandle(fd, path, devnum_text("block", st.st_rdev));
  if (S_ISDIR(st.st_mode) && real_path(path).starts_with("/sys/devices/"))
    return DeviceHandle(fd, path, "sysfs directory");
  ::close(fd);
  throw RuntimeError(path + " is not a device: name a device node (/dev/sda, /dev/ttyS0) or a " +
                     "device directory under /sys (/sys/class/net/eth0)");
}

DeviceHandle::DeviceHandle(int fd, std::string path, std::string kind)
    : fd_(fd), path_(std::move(path)), kind_(std::move(kind)) {}

DeviceHandle::DeviceHandle(DeviceHandle&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      kind_(std::move(other.kind_)) {}

DeviceHandle& DeviceHandle::operator=(DeviceHandle&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    kind_ = std::move(other.kind_);
  }
  return *this;
}

DeviceHandle::~DeviceHandle() {
  if (fd_ >= 0) ::close(fd_);
}

DevicePtr DeviceHandle::present_device() const {
  std::vector<DevicePtr> found;
  try {
    found = enumerate(Filter::device(fd_));
  } catch (const Error& e) {
    if (!means_not_present(e)) throw;
    rethrow_not_present();
  }
  if (found.empty()) rethrow_not_present();
  return found.front();
}

void DeviceHandle::rethrow_not_present() const {
  throw RuntimeError(path_ + " (" + kind_ + ") is not a present device");
}

}  // namespace cmnotify::cli
