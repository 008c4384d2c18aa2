/* ioevent.h: the event GUIDs of device-handle notifications with action
 * CM_NOTIFY_ACTION_DEVICECUSTOMEVENT (values from the SDK header of this name).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_IOEVENT_H
#define CMNOTIFY_WIN32_IOEVENT_H

#include "guiddef.h"

DEFINE_GUID(GUID_IO_VOLUME_CHANGE, 0x7373654a, 0x812a, 0x11d0,
            0xbe, 0xc7, 0x08, 0x00, 0x2b, 0xe2, 0x09, 0x2f);
DEFINE_GUID(GUID_IO_MEDIA_ARRIVAL, 0xd07433c0, 0xa98e, 0x11d2,
            0x91, 0x7a, 0x00, 0xa0, 0xc9, 0x06, 0x8f, 0xf3);
DEFINE_GUID(GUID_IO_MEDIA_REMOVAL, 0xd07433c1, 0xa98e, 0x11d2,
            0x91, 0x7a, 0x00, 0xa0, 0xc9, 0x06, 0x8f, 0xf3);

#endif /* CMNOTIFY_WIN32_IOEVENT_H */
