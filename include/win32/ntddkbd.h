/* ntddkbd.h: the keyboard device interface class (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_NTDDKBD_H
#define CMNOTIFY_WIN32_NTDDKBD_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVINTERFACE_KEYBOARD, 0x884b96c3, 0x56ef, 0x11d1,
            0xbc, 0x8c, 0x00, 0xa0, 0xc9, 0x14, 0x05, 0xdd);

#endif /* CMNOTIFY_WIN32_NTDDKBD_H */
