/* wiaintfc.h: the still-image device interface class (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_WIAINTFC_H
#define CMNOTIFY_WIN32_WIAINTFC_H

#include "guiddef.h"

DEFINE_GUID(GUID_DEVINTERFACE_IMAGE, 0x6bdd1fc6, 0x810f, 0x11d0,
            0xbe, 0xc7, 0x08, 0x00, 0x2b, 0xe2, 0x09, 0x2f);

#endif /* CMNOTIFY_WIN32_WIAINTFC_H */
