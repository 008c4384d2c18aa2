// Error-code translations shared by the C API's functions.
#pragma once

#include <windows.h>

namespace cmnotify::win32 {

// The Win32 error closest to a Linux errno (ERROR_GEN_FAILURE when none is close).
[[nodiscard]] DWORD win32_error_from_errno(int error) noexcept;

}  // namespace cmnotify::win32
