/* initguid.h: makes DEFINE_GUID (and DEFINE_DEVPROPKEY) define their GUIDs in this file.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef INITGUID
#define INITGUID
#endif

#include "guiddef.h"

#ifdef CMNOTIFY_WIN32_DEVPROPDEF_H
/* devpropdef.h came first: switch DEFINE_DEVPROPKEY to definitions too. */
#include "devpropdef.h"
#endif
