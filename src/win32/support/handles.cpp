// HANDLEs are Linux file descriptors, offset by one so that neither NULL nor
// INVALID_HANDLE_VALUE is ever one (docs/win32-api.md). Every library that takes or returns a
// HANDLE converts through these two (cfgmgr32.h declares them as cmnotify extensions).
#include <cfgmgr32.h>

#include <climits>
#include <cstdint>

extern "C" {

HANDLE cmnotify_handle_from_fd(int fd) {
  if (fd < 0) return INVALID_HANDLE_VALUE;
  return reinterpret_cast<HANDLE>(static_cast<std::intptr_t>(fd) + 1);
}

int cmnotify_fd_from_handle(HANDLE h) {
  const auto value = reinterpret_cast<std::intptr_t>(h);
  if (value <= 0 || value - 1 > INT_MAX) return -1;  // NULL, INVALID_HANDLE_VALUE, garbage
  return static_cast<int>(value - 1);
}

}  // extern "C"
