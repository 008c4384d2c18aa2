/* threadpoolapiset.h: threadpool work items, simple callbacks and waits.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * Everything runs on one process-wide pool (the callback environment is accepted and ignored):
 *  - SubmitThreadpoolWork: every submission runs the callback exactly once.
 *  - WaitForThreadpoolWorkCallbacks: waits for the callbacks running now and, unless
 *    fCancelPendingCallbacks, for the submitted ones that have not started; cancelling drops
 *    those instead. Do not call it from the work item's own callback (it would wait forever).
 *  - CloseThreadpoolWork: returns at once; callbacks already submitted still run, and the
 *    object is freed after the last one finishes.
 *  - TrySubmitThreadpoolCallback runs the callback once on the pool.
 *  - Waits: SetThreadpoolWait(wait, h, timeout) calls the callback once, with WAIT_OBJECT_0 when
 *    h is signalled (a wait on an auto-reset event or a semaphore consumes it, as any wait does)
 *    or WAIT_TIMEOUT when the timeout passes first (NULL: no timeout; negative: relative, in
 *    100-ns units; positive: an absolute FILETIME; zero: at once). Setting again replaces the
 *    armed wait; h NULL disarms it; a handle that is not waitable arms nothing (the last error
 *    is ERROR_INVALID_HANDLE). WaitForThreadpoolWaitCallbacks waits for the callbacks queued or
 *    running; cancelling drops the queued ones. It does not disarm the wait. */
#ifndef CMNOTIFY_WIN32_THREADPOOLAPISET_H
#define CMNOTIFY_WIN32_THREADPOOLAPISET_H

#include <string.h>

#include "minwindef.h"

typedef struct _TP_WORK TP_WORK, *PTP_WORK;
typedef struct _TP_WAIT TP_WAIT, *PTP_WAIT;
typedef DWORD TP_WAIT_RESULT;
typedef struct _TP_CALLBACK_INSTANCE TP_CALLBACK_INSTANCE, *PTP_CALLBACK_INSTANCE;
typedef struct _TP_POOL TP_POOL, *PTP_POOL;
typedef struct _TP_CLEANUP_GROUP TP_CLEANUP_GROUP, *PTP_CLEANUP_GROUP;

typedef VOID(NTAPI *PTP_SIMPLE_CALLBACK)(_Inout_ PTP_CALLBACK_INSTANCE Instance,
                                         _Inout_opt_ PVOID Context);
typedef VOID(NTAPI *PTP_WORK_CALLBACK)(_Inout_ PTP_CALLBACK_INSTANCE Instance,
                                       _Inout_opt_ PVOID Context, _Inout_ PTP_WORK Work);

typedef VOID(NTAPI *PTP_WAIT_CALLBACK)(_Inout_ PTP_CALLBACK_INSTANCE Instance,
                                       _Inout_opt_ PVOID Context, _Inout_ PTP_WAIT Wait,
                                       _In_ TP_WAIT_RESULT WaitResult);

typedef enum _TP_CALLBACK_PRIORITY {
  TP_CALLBACK_PRIORITY_HIGH,
  TP_CALLBACK_PRIORITY_NORMAL,
  TP_CALLBACK_PRIORITY_LOW,
  TP_CALLBACK_PRIORITY_INVALID,
  TP_CALLBACK_PRIORITY_COUNT = TP_CALLBACK_PRIORITY_INVALID
} TP_CALLBACK_PRIORITY;

typedef struct _TP_CALLBACK_ENVIRON_V3 {
  DWORD Version;
  PTP_POOL Pool;
  PTP_CLEANUP_GROUP CleanupGroup;
  PVOID CleanupGroupCancelCallback;
  PVOID RaceDll;
  PVOID ActivationContext;
  PTP_SIMPLE_CALLBACK FinalizationCallback;
  DWORD Flags;
  TP_CALLBACK_PRIORITY CallbackPriority;
  DWORD Size;
} TP_CALLBACK_ENVIRON_V3;
typedef TP_CALLBACK_ENVIRON_V3 TP_CALLBACK_ENVIRON, *PTP_CALLBACK_ENVIRON;

FORCEINLINE VOID InitializeThreadpoolEnvironment(_Out_ PTP_CALLBACK_ENVIRON pcbe) {
  memset(pcbe, 0, sizeof(*pcbe));
  pcbe->Version = 3;
  pcbe->CallbackPriority = TP_CALLBACK_PRIORITY_NORMAL;
  pcbe->Size = sizeof(*pcbe);
}

FORCEINLINE VOID DestroyThreadpoolEnvironment(_Inout_ PTP_CALLBACK_ENVIRON pcbe) { (void)pcbe; }

EXTERN_C_START

/* NULL with ERROR_INVALID_PARAMETER for a NULL callback (ERROR_NOT_ENOUGH_MEMORY if out of
 * memory). */
WINBASEAPI _Must_inspect_result_ PTP_WORK WINAPI CreateThreadpoolWork(
    _In_ PTP_WORK_CALLBACK pfnwk, _Inout_opt_ PVOID pv, _In_opt_ PTP_CALLBACK_ENVIRON pcbe);
WINBASEAPI VOID WINAPI SubmitThreadpoolWork(_Inout_ PTP_WORK pwk);
WINBASEAPI VOID WINAPI WaitForThreadpoolWorkCallbacks(_Inout_ PTP_WORK pwk,
                                                      _In_ BOOL fCancelPendingCallbacks);
WINBASEAPI VOID WINAPI CloseThreadpoolWork(_Inout_ PTP_WORK pwk);

/* FALSE with ERROR_INVALID_PARAMETER for a NULL callback. */
WINBASEAPI BOOL WINAPI TrySubmitThreadpoolCallback(_In_ PTP_SIMPLE_CALLBACK pfns,
                                                   _Inout_opt_ PVOID pv,
                                                   _In_opt_ PTP_CALLBACK_ENVIRON pcbe);

WINBASEAPI _Must_inspect_result_ PTP_WAIT WINAPI CreateThreadpoolWait(
    _In_ PTP_WAIT_CALLBACK pfnwa, _Inout_opt_ PVOID pv, _In_opt_ PTP_CALLBACK_ENVIRON pcbe);
WINBASEAPI VOID WINAPI SetThreadpoolWait(_Inout_ PTP_WAIT pwa, _In_opt_ HANDLE h,
                                         _In_opt_ PFILETIME pftTimeout);
WINBASEAPI VOID WINAPI WaitForThreadpoolWaitCallbacks(_Inout_ PTP_WAIT pwa,
                                                      _In_ BOOL fCancelPendingCallbacks);
/* Cancels the pending wait; a running callback finishes, then the object is freed. */
WINBASEAPI VOID WINAPI CloseThreadpoolWait(_Inout_ PTP_WAIT pwa);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_THREADPOOLAPISET_H */
