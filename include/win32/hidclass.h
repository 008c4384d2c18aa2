/* hidclass.h: the HID device interface class (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_HIDCLASS_H
#define CMNOTIFY_WIN32_HIDCLASS_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVINTERFACE_HID, 0x4d1e55b2, 0xf16f, 0x11cf,
            0x88, 0xcb, 0x00, 0x11, 0x11, 0x00, 0x00, 0x30);

#endif /* CMNOTIFY_WIN32_HIDCLASS_H */
