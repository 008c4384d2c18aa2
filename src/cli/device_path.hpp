// Devices named by path: a node under /dev or a device directory under /sys.
#pragma once

#include <string>

#include "cmnotify/device.hpp"
#include "cmnotify/error.hpp"

namespace cmnotify::cli {

// An O_PATH descriptor on a device node or a sysfs device directory: enough for Filter::device
// (the device is found through fstat or the directory), and opening it neither opens the device
// (no media spin-up, no controlling tty, no exclusive-open conflicts) nor needs read permission.
class DeviceHandle {
 public:
  // Throws RuntimeError with one clear line: missing path, no permission, not a device.
  static DeviceHandle open(const std::string& path);

  DeviceHandle(DeviceHandle&& other) noexcept;
  DeviceHandle& operator=(DeviceHandle&& other) noexcept;
  DeviceHandle(const DeviceHandle&) = delete;
  DeviceHandle& operator=(const DeviceHandle&) = delete;
  ~DeviceHandle();

  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // "char 1:3", "block 8:0" or "sysfs directory", for messages.
  [[nodiscard]] const std::string& kind() const noexcept { return kind_; }

  // The present device behind the handle; throws RuntimeError naming the path when there is none.
  [[nodiscard]] DevicePtr present_device() const;
  // Rethrows a cmnotify::Error about this handle (from subscribe or enumerate) as one clear line.
  [[noreturn]] void rethrow_not_present() const;

 private:
  DeviceHandle(int fd, std::string path, std::string kind);
  int fd_ = -1;
  std::string path_;
  std::string kind_;
};

// Whether an Error from subscribe() or enumerate() with Filter::device says "no such device".
[[nodiscard]] bool means_not_present(const Error& e) noexcept;

// Whether the user's text names a device by path rather than by instance ID.
[[nodiscard]] bool looks_like_path(const std::string& text) noexcept;

}  // namespace cmnotify::cli
