/* ks.h: kernel-streaming categories used as device interface classes (values from the SDK).
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_KS_H
#define CMNOTIFY_WIN32_KS_H

#include "guiddef.h"

#define STATIC_KSCATEGORY_CAPTURE \
  0x65E8773DL, 0x8F56, 0x11D0, 0xA3, 0xB9, 0x00, 0xA0, 0xC9, 0x22, 0x31, 0x96
DEFINE_GUID(KSCATEGORY_CAPTURE, 0x65e8773d, 0x8f56, 0x11d0,
            0xa3, 0xb9, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96);

#endif /* CMNOTIFY_WIN32_KS_H */
