/* minwinbase.h: SECURITY_ATTRIBUTES.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_MINWINBASE_H
#define CMNOTIFY_WIN32_MINWINBASE_H

#include "minwindef.h"

/* Only bInheritHandle has an effect (a handle that is not inherited is opened O_CLOEXEC). */
typedef struct _SECURITY_ATTRIBUTES {
  DWORD nLength;
  LPVOID lpSecurityDescriptor;
  BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

#endif /* CMNOTIFY_WIN32_MINWINBASE_H */
