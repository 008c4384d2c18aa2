/* debugapi.h: OutputDebugString, IsDebuggerPresent, DebugBreak.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * There is no debugger channel on Linux: OutputDebugString writes the text to standard error
 * (one write per call, a newline added when the text has none) when standard error is open; set
 * CMNOTIFY_DEBUG_OUTPUT=off to drop the text, or =journal to send it to the systemd journal
 * (priority debug, the program's name as identifier; standard error when no journal runs). */
#ifndef CMNOTIFY_WIN32_DEBUGAPI_H
#define CMNOTIFY_WIN32_DEBUGAPI_H

#include "minwindef.h"

EXTERN_C_START

WINBASEAPI VOID WINAPI OutputDebugStringA(_In_opt_ LPCSTR lpOutputString);
WINBASEAPI VOID WINAPI OutputDebugStringW(_In_opt_ LPCWSTR lpOutputString);
/* TRUE when a tracer (a debugger) is attached (TracerPid in /proc/self/status). */
WINBASEAPI BOOL WINAPI IsDebuggerPresent(VOID);
/* Raises SIGTRAP. */
WINBASEAPI VOID WINAPI DebugBreak(VOID);

EXTERN_C_END

#ifdef UNICODE
#define OutputDebugString OutputDebugStringW
#else
#define OutputDebugString OutputDebugStringA
#endif

#endif /* CMNOTIFY_WIN32_DEBUGAPI_H */
