/* winsmcrd.h: the smart card reader device interface class (values from the SDK header of
 * this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_WINSMCRD_H
#define CMNOTIFY_WIN32_WINSMCRD_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVINTERFACE_SMARTCARD_READER, 0x50dd5230, 0xba8a, 0x11d1,
            0xbf, 0x5d, 0x00, 0x00, 0xf8, 0x05, 0xf5, 0x30);

#endif /* CMNOTIFY_WIN32_WINSMCRD_H */
