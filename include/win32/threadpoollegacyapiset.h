/* threadpoollegacyapiset.h: QueueUserWorkItem.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * The work item runs once on the process-wide pool of threadpoolapiset.h; the WT_* flags are
 * accepted and change nothing (the pool grows when callbacks block, so long functions are fine).
 */
#ifndef CMNOTIFY_WIN32_THREADPOOLLEGACYAPISET_H
#define CMNOTIFY_WIN32_THREADPOOLLEGACYAPISET_H

#include "minwindef.h"
#include "processthreadsapi.h"

#define WT_EXECUTEDEFAULT 0x00000000u
#define WT_EXECUTEINIOTHREAD 0x00000001u
#define WT_EXECUTEINUITHREAD 0x00000002u
#define WT_EXECUTEINWAITTHREAD 0x00000004u
#define WT_EXECUTEONLYONCE 0x00000008u
#define WT_EXECUTEINTIMERTHREAD 0x00000020u
#define WT_EXECUTELONGFUNCTION 0x00000010u
#define WT_EXECUTEINPERSISTENTIOTHREAD 0x00000040u
#define WT_EXECUTEINPERSISTENTTHREAD 0x00000080u
#define WT_TRANSFER_IMPERSONATION 0x00000100u

EXTERN_C_START

/* FALSE with ERROR_INVALID_PARAMETER for a NULL function, ERROR_NOT_ENOUGH_MEMORY when the
 * item cannot be queued. */
WINBASEAPI BOOL WINAPI QueueUserWorkItem(_In_ LPTHREAD_START_ROUTINE Function,
                                         _In_opt_ PVOID Context, _In_ ULONG Flags);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_THREADPOOLLEGACYAPISET_H */
