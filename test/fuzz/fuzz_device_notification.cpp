// libFuzzer target for RegisterDeviceNotificationW / UnregisterDeviceNotification's filter block,
// end to end over the engine on an in-memory source. An input is one choice byte, the Flags
// DWORD (little-endian) and the bytes of the DEV_BROADCAST block (zero-padded to 64 bytes, so
// the fixed part the function may read always exists whatever dbch_size claims). The choice byte
// makes the filter or the recipient NULL or a garbage window, and can point a DBT_DEVTYP_HANDLE
// block at an open /dev/null, which the source has as a present device. Checked, for every input:
//  - the result and last error are the ones an independent reading of the validation table in
//    docs/win32-api.md gives;
//  - a success is a fresh handle that unregisters once (TRUE), then gives ERROR_INVALID_HANDLE,
//    and no registration is left open; a failure returns NULL.
// Crashes, leaks and hangs are failures too.
#include <cfgmgr32.h>
#include <dbt.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <windows.h>
#include <winuser.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "cmnotify/device.hpp"
#include "engine/engine.hpp"
#include "engine/memory_source.hpp"

namespace {

using cmnotify::engine::Engine;
using cmnotify::engine::MemorySource;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

enum Choice : std::uint8_t {
  kNullFilter = 1 << 0,
  kNullRecipient = 1 << 1,
  kGarbageWindow = 1 << 2,
  kDevNull = 1 << 3,  // dbch_handle = the handle of an open /dev/null
};

constexpr std::size_t kBlockSize = 64;

// What the source resolves a descriptor to: only /dev/null's 1:3 is a present device.
DWORD expected_for_descriptor(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
    return ERROR_INVALID_HANDLE;
  return major(st.st_rdev) == 1 && minor(st.st_rdev) == 3 ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

// docs/win32-api.md, "RegisterDeviceNotification": the error, or ERROR_SUCCESS.
DWORD expected_for(const unsigned char* block, DWORD flags, bool recipient_is_window) {
  constexpr DWORD kService = 1, kAllClasses = 4;
  if ((flags & ~(kService | kAllClasses)) != 0) return ERROR_INVALID_PARAMETER;
  if ((flags & kService) != 0) return ERROR_INVALID_HANDLE;  // no service runs here
  if (!recipient_is_window) return ERROR_INVALID_WINDOW_HANDLE;
  DWORD size = 0;
  DWORD type = 0;
  std::memcpy(&size, block, sizeof size);
  std::memcpy(&type, block + 4, sizeof type);
  if (size < 12) return ERROR_INVALID_DATA;
  if (type == 5) return size < 28 ? ERROR_INVALID_DATA : ERROR_SUCCESS;
  if (type != 6) return ERROR_INVALID_DATA;
  if ((flags & kAllClasses) != 0) return ERROR_INVALID_PARAMETER;
  if (size < 24) return ERROR_INVALID_DATA;
  std::intptr_t handle = 0;
  std::memcpy(&handle, block + 16, sizeof handle);
  if (handle <= 0 || handle - 1 > INT_MAX) return ERROR_INVALID_HANDLE;
  return expected_for_descriptor(static_cast<int>(handle - 1));
}

LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam) {
  return DefWindowProcW(hwnd, msg, wparam, lparam);
}

struct Fixture {
  std::shared_ptr<MemorySource> memory = std::make_shared<MemorySource>();
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  HWND window = nullptr;
  Fixture() {
    check(null_fd >= 0);
    check(Engine::instance().set_source(memory));
    auto null_device = std::make_shared<cmnotify::Device>();
    null_device->syspath = "/sys/devices/virtual/mem/null";
    null_device->instance_id = "ROOT\\MEM\\NULL";
    null_device->started = true;
    null_device->major = 1;
    null_device->minor = 3;
    memory->add_device(null_device);
    WNDCLASSW wc{};
    wc.lpfnWndProc = window_proc;
    wc.lpszClassName = L"CmnFuzzWindow";
    check(RegisterClassW(&wc) != 0);
    window = CreateWindowExW(0, L"CmnFuzzWindow", nullptr, 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr,
                             nullptr, nullptr);
    check(window != nullptr);
  }
};

Fixture& fixture() {
  static Fixture* f = new Fixture;  // lives as long as the engine
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Fixture& f = fixture();
  const std::uint8_t choice = size > 0 ? data[0] : 0;
  DWORD flags = 0;
  if (size > 1) std::memcpy(&flags, data + 1, std::min<std::size_t>(size - 1, sizeof flags));
  alignas(8) unsigned char block[kBlockSize] = {};
  if (size > 5) std::memcpy(block, data + 5, std::min(size - 5, kBlockSize));
  if ((choice & kDevNull) != 0) {
    HANDLE h = cmnotify_handle_from_fd(f.null_fd);
    std::memcpy(block + 16, &h, sizeof h);
  }
  HANDLE recipient = f.window;
  if ((choice & kGarbageWindow) != 0) recipient = reinterpret_cast<HANDLE>(std::uintptr_t{0xbad0});
  if ((choice & kNullRecipient) != 0) recipient = nullptr;
  void* filter = (choice & kNullFilter) != 0 ? nullptr : block;

  SetLastError(0xdeadbeef);
  HDEVNOTIFY handle = RegisterDeviceNotificationW(recipient, filter, flags);
  const DWORD error = GetLastError();
  DWORD want = ERROR_SUCCESS;
  if (filter == nullptr || recipient == nullptr)
    want = ERROR_INVALID_PARAMETER;
  else
    want = expected_for(block, flags, recipient == f.window);
  if (want == ERROR_SUCCESS) {
    check(handle != nullptr);
    check(Engine::instance().stats().registrations == 1);
    check(UnregisterDeviceNotification(handle) == TRUE);
    check(UnregisterDeviceNotification(handle) == FALSE);
    check(GetLastError() == ERROR_INVALID_HANDLE);
  } else {
    check(handle == nullptr);
    check(error == want);
  }
  check(Engine::instance().stats().registrations == 0);
  return 0;
}
