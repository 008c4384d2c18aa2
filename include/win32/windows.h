/* windows.h: cmnotify's Windows-source-compatibility headers.
 *
 * Windows code that registers for device notifications builds unchanged on Linux with
 *   cc app.c -I include/win32 -lcmnotify-win32
 * (or CMake's cmnotify::win32 target, which also defines UNICODE and _UNICODE). This is source
 * compatibility, not binary: WCHAR is wchar_t (4 bytes), LONG/DWORD are 32-bit, HANDLEs are
 * file descriptors. Only the parts device-notification code needs exist; see
 * docs/win32-api.md. */
#ifndef CMNOTIFY_WIN32_WINDOWS_H
#define CMNOTIFY_WIN32_WINDOWS_H

#include "basetsd.h"
#include "guiddef.h"
#include "minwindef.h"
#include "sal.h"
#include "winbase.h"
#include "windef.h"
#include "winerror.h"
#include "winnt.h"

#endif /* CMNOTIFY_WIN32_WINDOWS_H */
