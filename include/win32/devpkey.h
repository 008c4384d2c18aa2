/* devpkey.h: the device property keys CM_Get_DevNode_PropertyW answers (values from the SDK).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * cmnotify's own Linux keys (DEVPKEY_Cmnotify_*) are in cfgmgr32.h. */
#ifndef CMNOTIFY_WIN32_DEVPKEY_H
#define CMNOTIFY_WIN32_DEVPKEY_H

#include "devpropdef.h"

DEFINE_DEVPROPKEY(DEVPKEY_Device_DeviceDesc, 0xa45c254e, 0xdf1c, 0x4efd, 0x80, 0x20, 0x67, 0xd1,
                  0x46, 0xa8, 0x50, 0xe0, 2); /* DEVPROP_TYPE_STRING */
DEFINE_DEVPROPKEY(DEVPKEY_Device_HardwareIds, 0xa45c254e, 0xdf1c, 0x4efd, 0x80, 0x20, 0x67, 0xd1,
                  0x46, 0xa8, 0x50, 0xe0, 3); /* DEVPROP_TYPE_STRING_LIST */
DEFINE_DEVPROPKEY(DEVPKEY_Device_CompatibleIds, 0xa45c254e, 0xdf1c, 0x4efd, 0x80, 0x20, 0x67,
                  0xd1, 0x46, 0xa8, 0x50, 0xe0, 4); /* DEVPROP_TYPE_STRING_LIST */
DEFINE_DEVPROPKEY(DEVPKEY_Device_ClassGuid, 0xa45c254e, 0xdf1c, 0x4efd, 0x80, 0x20, 0x67, 0xd1,
                  0x46, 0xa8, 0x50, 0xe0, 10); /* DEVPROP_TYPE_GUID */
DEFINE_DEVPROPKEY(DEVPKEY_Device_FriendlyName, 0xa45c254e, 0xdf1c, 0x4efd, 0x80, 0x20, 0x67,
                  0xd1, 0x46, 0xa8, 0x50, 0xe0, 14); /* DEVPROP_TYPE_STRING */
DEFINE_DEVPROPKEY(DEVPKEY_Device_InstanceId, 0x78c34fc8, 0x104a, 0x4aca, 0x9e, 0xa4, 0x52, 0x4d,
                  0x52, 0x99, 0x6e, 0x57, 256); /* DEVPROP_TYPE_STRING */
DEFINE_DEVPROPKEY(DEVPKEY_Device_Parent, 0x4340a6c5, 0x93fa, 0x4706, 0x97, 0x2c, 0x7b, 0x64,
                  0x80, 0x08, 0xa5, 0xa7, 8); /* DEVPROP_TYPE_STRING */

#endif /* CMNOTIFY_WIN32_DEVPKEY_H */
