/* bthdef.h: the Bluetooth radio device interface class (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_BTHDEF_H
#define CMNOTIFY_WIN32_BTHDEF_H

#include "guiddef.h"

DEFINE_GUID(GUID_BTHPORT_DEVICE_INTERFACE, 0x0850302a, 0xb344, 0x4fda,
            0x9b, 0xe9, 0x90, 0x57, 0x6b, 0x8d, 0x46, 0xf0);

#endif /* CMNOTIFY_WIN32_BTHDEF_H */
