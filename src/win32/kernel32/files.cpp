// File HANDLEs are Linux file descriptors: CreateFile opens a device interface by its symbolic
// link (or any Linux path); CloseHandle (kernel32/handle_table.cpp) closes it.
#include <cfgmgr32.h>
#include <fcntl.h>
#include <unistd.h>
#include <windows.h>

#include <cerrno>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "common/instance_id.hpp"
#include "engine/engine.hpp"
#include "win32/support/errors.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

constexpr std::string_view kInterfacePrefix = "\\\\?\\";

constexpr DWORD kReadAccess = GENERIC_READ | GENERIC_ALL | MAXIMUM_ALLOWED | FILE_READ_DATA;
constexpr DWORD kWriteAccess = GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA | FILE_APPEND_DATA;

HANDLE fail(DWORD error) {
  SetLastError(error);
  return INVALID_HANDLE_VALUE;
}

// Windows sets the last error on every success too: ERROR_ALREADY_EXISTS when OPEN_ALWAYS /
// CREATE_ALWAYS found the file, else 0 (ports test GetLastError() after a valid handle).
HANDLE opened(int fd, DWORD last_error = ERROR_SUCCESS) {
  SetLastError(last_error);
  return cmnotify_handle_from_fd(fd);
}

int open_retrying(const char* path, int flags, mode_t mode) {
  int fd;
  do {
    fd = ::open(path, flags, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

int access_flags(DWORD access) {
  const bool read = (access & kReadAccess) != 0;
  const bool write = (access & kWriteAccess) != 0;
  if (read && write) return O_RDWR;
  if (write) return O_WRONLY;
  if (read) return O_RDONLY;
  return O_PATH;  // a query-only handle: enough to register for device notifications
}

int base_flags(const SECURITY_ATTRIBUTES* security) {
  const bool inherit = security != nullptr && security->bInheritHandle;
  return O_NOCTTY | (inherit ? 0 : O_CLOEXEC);
}

// Opens a device interface by its symbolic link: the device's node, or its sysfs directory.
HANDLE open_interface(const std::string& link, DWORD access, const SECURITY_ATTRIBUTES* security) {
  std::vector<DevicePtr> devices;
  const Cr cr = engine::Engine::instance().present_devices(devices);
  if (cr == Cr::out_of_memory) return fail(ERROR_NOT_ENOUGH_MEMORY);
  if (cr != Cr::success) return fail(ERROR_SERVICE_NOT_ACTIVE);
  for (const DevicePtr& device : devices) {
    for (const DeviceInterface& i : device->interfaces) {
      if (!detail::iequals(i.symbolic_link, link)) continue;
      int fd = -1;
      if (!device->devnode.empty()) {
        fd = open_retrying(device->devnode.c_str(), access_flags(access) | base_flags(security), 0);
      } else {
        fd = open_retrying(device->syspath.c_str(), O_RDONLY | O_DIRECTORY | base_flags(security),
                           0);
      }
      if (fd < 0) return fail(win32_error_from_errno(errno));
      return opened(fd);
    }
  }
  return fail(ERROR_FILE_NOT_FOUND);
}

// CreateFile's dispositions on a Linux path.
HANDLE open_path(const std::string& path, DWORD access, DWORD disposition,
                 const SECURITY_ATTRIBUTES* security) {
  int flags = access_flags(access);
  const bool write = flags == O_RDWR || flags == O_WRONLY;
  if (flags == O_PATH && disposition != OPEN_EXISTING) flags = O_RDONLY;  // O_PATH cannot create
  flags |= base_flags(security);
  constexpr mode_t kMode = 0666;
  int fd = -1;
  switch (disposition) {
    case OPEN_EXISTING: fd = open_retrying(path.c_str(), flags, 0); break;
    case CREATE_NEW: fd = open_retrying(path.c_str(), flags | O_CREAT | O_EXCL, kMode); break;
    case TRUNCATE_EXISTING:
      if (!write) return fail(ERROR_INVALID_PARAMETER);
      fd = open_retrying(path.c_str(), flags | O_TRUNC, 0);
      break;
    case OPEN_ALWAYS:
    case CREATE_ALWAYS: {
      const int existing = disposition == CREATE_ALWAYS ? O_TRUNC : 0;
      fd = open_retrying(path.c_str(), flags | O_CREAT | O_EXCL, kMode);
      if (fd >= 0) return opened(fd);
      if (errno != EEXIST) break;
      fd = open_retrying(path.c_str(), flags | existing, 0);
      if (fd >= 0) return opened(fd, ERROR_ALREADY_EXISTS);
      break;
    }
    default: return fail(ERROR_INVALID_PARAMETER);
  }
  if (fd < 0) return fail(win32_error_from_errno(errno));
  return opened(fd);
}

HANDLE create_file(const std::string& name, DWORD access, DWORD disposition,
                   const SECURITY_ATTRIBUTES* security) {
  if (name.empty()) return fail(ERROR_PATH_NOT_FOUND);
  if (detail::istarts_with(name, kInterfacePrefix)) return open_interface(name, access, security);
  return open_path(name, access, disposition, security);
}

}  // namespace
}  // namespace cmnotify::win32

using cmnotify::win32::create_file;

extern "C" {

HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD /*dwShareMode*/,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                          DWORD /*dwFlagsAndAttributes*/, HANDLE /*hTemplateFile*/) {
  if (lpFileName == nullptr) return cmnotify::win32::fail(ERROR_INVALID_PARAMETER);
  try {
    std::string name;
    if (!cmnotify::win32::utf8_from_wide(lpFileName, name))
      return cmnotify::win32::fail(ERROR_INVALID_NAME);
    return create_file(name, dwDesiredAccess, dwCreationDisposition, lpSecurityAttributes);
  } catch (const std::bad_alloc&) {
    return cmnotify::win32::fail(ERROR_NOT_ENOUGH_MEMORY);
  }
}

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD /*dwShareMode*/,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                          DWORD /*dwFlagsAndAttributes*/, HANDLE /*hTemplateFile*/) {
  if (lpFileName == nullptr) return cmnotify::win32::fail(ERROR_INVALID_PARAMETER);
  try {
    return create_file(lpFileName, dwDesiredAccess, dwCreationDisposition, lpSecurityAttributes);
  } catch (const std::bad_alloc&) {
    return cmnotify::win32::fail(ERROR_NOT_ENOUGH_MEMORY);
  }
}

}  // extern "C"
