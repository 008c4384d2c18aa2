/* specstrings.h: the SDK's older name for the annotation header.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_SPECSTRINGS_H
#define CMNOTIFY_WIN32_SPECSTRINGS_H

#include "sal.h"

#endif /* CMNOTIFY_WIN32_SPECSTRINGS_H */
