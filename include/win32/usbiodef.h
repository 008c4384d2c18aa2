/* usbiodef.h: USB device interface classes (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_USBIODEF_H
#define CMNOTIFY_WIN32_USBIODEF_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVINTERFACE_USB_HUB, 0xf18a0e88, 0xc30c, 0x11d0,
            0x88, 0x15, 0x00, 0xa0, 0xc9, 0x06, 0xbe, 0xd8);
DEFINE_GUID(GUID_DEVINTERFACE_USB_DEVICE, 0xa5dcbf10, 0x6530, 0x11d2,
            0x90, 0x1f, 0x00, 0xc0, 0x4f, 0xb9, 0x51, 0xed);
DEFINE_GUID(GUID_DEVINTERFACE_USB_HOST_CONTROLLER, 0x3abf6f2d, 0x71c4, 0x462a,
            0x8a, 0x92, 0x1e, 0x68, 0x61, 0xe6, 0xaf, 0x27);

#endif /* CMNOTIFY_WIN32_USBIODEF_H */
