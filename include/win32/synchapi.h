/* synchapi.h: critical sections and Sleep.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_SYNCHAPI_H
#define CMNOTIFY_WIN32_SYNCHAPI_H

#include "minwindef.h"

#define INFINITE 0xFFFFFFFFu

/* A critical section is recursive, as on Windows: the owning thread may enter it again and
 * leaves it as often as it entered. It is embeddable (no allocation): the opaque storage holds a
 * recursive pthread mutex. Initialize it before use and delete it when done. */
#define CMNOTIFY_CRITICAL_SECTION_SIZE 64
typedef struct _RTL_CRITICAL_SECTION {
  union {
    unsigned char Opaque[CMNOTIFY_CRITICAL_SECTION_SIZE];
    long long AlignLongLong;
    void *AlignPointer;
    double AlignDouble;
  } Storage;
} RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION;
typedef RTL_CRITICAL_SECTION CRITICAL_SECTION, *PCRITICAL_SECTION, *LPCRITICAL_SECTION;

EXTERN_C_START

WINBASEAPI VOID WINAPI InitializeCriticalSection(_Out_ LPCRITICAL_SECTION lpCriticalSection);
/* The spin count is ignored. TRUE (FALSE with ERROR_INVALID_PARAMETER for NULL). */
WINBASEAPI BOOL WINAPI InitializeCriticalSectionAndSpinCount(
    _Out_ LPCRITICAL_SECTION lpCriticalSection, _In_ DWORD dwSpinCount);
WINBASEAPI BOOL WINAPI InitializeCriticalSectionEx(_Out_ LPCRITICAL_SECTION lpCriticalSection,
                                                   _In_ DWORD dwSpinCount, _In_ DWORD Flags);
WINBASEAPI DWORD WINAPI SetCriticalSectionSpinCount(_Inout_ LPCRITICAL_SECTION lpCriticalSection,
                                                    _In_ DWORD dwSpinCount);
WINBASEAPI VOID WINAPI EnterCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI BOOL WINAPI TryEnterCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI VOID WINAPI LeaveCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI VOID WINAPI DeleteCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);

WINBASEAPI VOID WINAPI Sleep(_In_ DWORD dwMilliseconds);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_SYNCHAPI_H */
