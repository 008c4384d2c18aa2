/* ndisguid.h: the network device interface class (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_NDISGUID_H
#define CMNOTIFY_WIN32_NDISGUID_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVINTERFACE_NET, 0xcac88484, 0x7515, 0x4c03,
            0x82, 0xe6, 0x71, 0xa8, 0x7a, 0xba, 0xc3, 0x61);

#endif /* CMNOTIFY_WIN32_NDISGUID_H */
