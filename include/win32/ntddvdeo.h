/* ntddvdeo.h: display device interface classes (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_NTDDVDEO_H
#define CMNOTIFY_WIN32_NTDDVDEO_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVINTERFACE_MONITOR, 0xe6f07b5f, 0xee97, 0x4a90,
            0xb0, 0x76, 0x33, 0xf5, 0x7b, 0xf4, 0xea, 0xa7);
DEFINE_GUID(GUID_DEVINTERFACE_DISPLAY_ADAPTER, 0x5b45201d, 0xf2f2, 0x4f3b,
            0x85, 0xbb, 0x30, 0xff, 0x1f, 0x95, 0x35, 0x99);

#endif /* CMNOTIFY_WIN32_NTDDVDEO_H */
