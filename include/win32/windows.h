/* windows.h: cmnotify's Windows-source-compatibility headers.
 *
 * Windows code that registers for device notifications builds unchanged on Linux with
 *   cc app.c $(pkg-config --cflags --libs cmnotify-win32)
 * (or CMake's cmnotify::win32 target, which also defines UNICODE and _UNICODE). This is source
 * compatibility, not binary: WCHAR is wchar_t (4 bytes), LONG/DWORD are 32-bit, file HANDLEs are
 * file descriptors. As the SDK's, this header brings the C runtime headers Windows code relies on
 * (stdlib.h, string.h, stdarg.h, wchar.h, stdio.h, ...), MSVC's keywords and runtime names
 * (msvc_compat.h), winerror.h, the winnt.h types and macros, the kernel32 API (winbase.h), the
 * registry types (winreg.h), windows and messages (winuser.h), services (winsvc.h), the GDI
 * objects a window class names (wingdi.h) and CommandLineToArgvW (shellapi.h).
 * See docs/win32-api.md. */
#ifndef CMNOTIFY_WIN32_WINDOWS_H
#define CMNOTIFY_WIN32_WINDOWS_H

#include "msvc_compat.h"

#include "basetsd.h"
#include "guiddef.h"
#include "minwindef.h"
#include "specstrings.h"
#include "winbase.h"
#include "windef.h"
#include "winerror.h"
#include "winnls.h"
#include "winnt.h"
#include "shellapi.h"
#include "wingdi.h"
#include "winreg.h"
#include "winsvc.h"
#include "winuser.h"

#endif /* CMNOTIFY_WIN32_WINDOWS_H */
