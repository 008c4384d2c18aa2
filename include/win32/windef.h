/* windef.h: the basic types and winnt.h's definitions.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_WINDEF_H
#define CMNOTIFY_WIN32_WINDEF_H

#include "minwindef.h"
#include "winnt.h"

#endif /* CMNOTIFY_WIN32_WINDEF_H */
