// Device information sets (HDEVINFO): snapshots of present devices, each with its interfaces,
// taken from the engine's device map when a set is filled. A process-wide registry knows the
// live sets, so a destroyed or foreign HDEVINFO is ERROR_INVALID_HANDLE, never a crash.
#pragma once

#include <setupapi.h>
#include <windows.h>

#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "cmnotify/device.hpp"

namespace cmnotify::win32 {

struct SetMember {
  std::string instance_id;
  GUID setup_class{};  // GUID_NULL when the device has none
  DEVINST devinst = 0;
  std::vector<DeviceInterface> interfaces;
};

class DeviceInfoSet {
 public:
  explicit DeviceInfoSet(std::optional<GUID> setup_class) : class_(setup_class) {}

  [[nodiscard]] const std::optional<GUID>& setup_class() const noexcept { return class_; }

  // Adds `device` unless its instance ID is there already; the member's index either way.
  std::size_t add(const Device& device);
  // The member at `index`, copied under the set's lock (another thread may add meanwhile).
  [[nodiscard]] std::optional<SetMember> member(std::size_t index) const;
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::vector<SetMember> members() const;

 private:
  std::optional<GUID> class_;
  mutable std::mutex mutex_;
  std::vector<SetMember> members_;
};

using DeviceInfoSetPtr = std::shared_ptr<DeviceInfoSet>;

// The registry of live sets.
HDEVINFO register_set(DeviceInfoSetPtr set);
// The set a handle names, or nullptr (NULL, INVALID_HANDLE_VALUE, destroyed, never issued).
[[nodiscard]] DeviceInfoSetPtr find_set(HDEVINFO handle);
// False when the handle names no live set.
bool destroy_set(HDEVINFO handle);

// SP_DEVINFO_DATA.Reserved and SP_DEVICE_INTERFACE_DATA.Reserved: the member's index + 1, and
// for an interface the interface's index within the member in the upper half.
[[nodiscard]] ULONG_PTR member_cookie(std::size_t member) noexcept;
[[nodiscard]] ULONG_PTR interface_cookie(std::size_t member, std::size_t interface) noexcept;
[[nodiscard]] std::optional<std::size_t> member_of_cookie(ULONG_PTR cookie) noexcept;
[[nodiscard]] std::optional<std::size_t> interface_of_cookie(ULONG_PTR cookie) noexcept;

// Runs a body returning a Win32 error (ERROR_SUCCESS: success) and gives the BOOL convention:
// TRUE, or FALSE with the error for GetLastError. Nothing thrown escapes to C callers.
template <typename Body>
BOOL win32_result(Body&& body) noexcept {
  DWORD error = ERROR_SUCCESS;
  try {
    error = body();
  } catch (const std::bad_alloc&) {
    error = ERROR_NOT_ENOUGH_MEMORY;
  } catch (...) {
    error = ERROR_GEN_FAILURE;
  }
  if (error == ERROR_SUCCESS) return TRUE;
  SetLastError(error);
  return FALSE;
}

}  // namespace cmnotify::win32
