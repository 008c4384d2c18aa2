// The message text of a Win32 error code (or of the HRESULT wrapping one), or null.
#pragma once

#include <windows.h>

namespace cmnotify::win32::kernel32 {

[[nodiscard]] const char* system_message(DWORD code);

}  // namespace cmnotify::win32::kernel32
