/* winbase.h: the kernel32 functions these headers provide.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_WINBASE_H
#define CMNOTIFY_WIN32_WINBASE_H

#include "errhandlingapi.h"
#include "fileapi.h"
#include "handleapi.h"
#include "heapapi.h"
#include "minwinbase.h"
#include "minwindef.h"
#include "processthreadsapi.h"
#include "synchapi.h"
#include "sysinfoapi.h"
#include "threadpoolapiset.h"
#include "winnt.h"

#endif /* CMNOTIFY_WIN32_WINBASE_H */
