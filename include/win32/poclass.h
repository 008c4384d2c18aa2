/* poclass.h: the battery device interface class (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_POCLASS_H
#define CMNOTIFY_WIN32_POCLASS_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVICE_BATTERY, 0x72631e54, 0x78a4, 0x11d0,
            0xbc, 0xf7, 0x00, 0xaa, 0x00, 0xb7, 0xb3, 0x2a);

#endif /* CMNOTIFY_WIN32_POCLASS_H */
