/* synchapi.h: critical sections, events, mutexes, semaphores, the waits, slim reader/writer
 * locks, condition variables, one-time initialisation and Sleep.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - Events, mutexes, semaphores and threads live in one handle table with the file handles of
 *    CreateFile: CloseHandle and the waits take any of them. A file handle is always signalled
 *    (no overlapped I/O is pending on one). Names are process-local: a second Create with the
 *    same name opens the first object and sets ERROR_ALREADY_EXISTS.
 *  - A closed, never-issued or garbage handle gives WAIT_FAILED / FALSE with
 *    ERROR_INVALID_HANDLE, never a crash: handles carry a generation, so a closed one is not
 *    mistaken for the object that reuses its slot.
 *  - A mutex whose owner thread ends without releasing it is abandoned: the next wait that gets
 *    it returns WAIT_ABANDONED(_0 + n) and owns it.
 *  - Alertable waits (the Ex forms with bAlertable) never return WAIT_IO_COMPLETION: there are
 *    no APCs.
 *  - SRWLOCK, CONDITION_VARIABLE and INIT_ONCE are one pointer, zero when initialised, as on
 *    Windows; they need no cleanup. */
#ifndef CMNOTIFY_WIN32_SYNCHAPI_H
#define CMNOTIFY_WIN32_SYNCHAPI_H

#include "minwinbase.h"
#include "minwindef.h"

#define INFINITE 0xFFFFFFFFu

#define WAIT_OBJECT_0 0x00000000u
#define WAIT_ABANDONED 0x00000080u
#define WAIT_ABANDONED_0 0x00000080u
#define WAIT_IO_COMPLETION 0x000000C0u
#define WAIT_FAILED 0xFFFFFFFFu
#ifndef WAIT_TIMEOUT
#define WAIT_TIMEOUT 258L
#endif
#define MAXIMUM_WAIT_OBJECTS 64

#define CREATE_EVENT_MANUAL_RESET 0x00000001u
#define CREATE_EVENT_INITIAL_SET 0x00000002u
#define CREATE_MUTEX_INITIAL_OWNER 0x00000001u
#define MUTEX_MODIFY_STATE 0x0001u
#define MUTEX_ALL_ACCESS 0x1F0001u

/* Slim reader/writer locks and condition variables. */
typedef struct _RTL_SRWLOCK {
  PVOID Ptr;
} RTL_SRWLOCK, SRWLOCK, *PSRWLOCK;
#define RTL_SRWLOCK_INIT {0}
#define SRWLOCK_INIT RTL_SRWLOCK_INIT

typedef struct _RTL_CONDITION_VARIABLE {
  PVOID Ptr;
} RTL_CONDITION_VARIABLE, CONDITION_VARIABLE, *PCONDITION_VARIABLE;
#define RTL_CONDITION_VARIABLE_INIT {0}
#define CONDITION_VARIABLE_INIT RTL_CONDITION_VARIABLE_INIT
#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1u

/* One-time initialisation. */
typedef union _RTL_RUN_ONCE {
  PVOID Ptr;
} RTL_RUN_ONCE, INIT_ONCE, *PINIT_ONCE, *LPINIT_ONCE;
#define RTL_RUN_ONCE_INIT {0}
#define INIT_ONCE_STATIC_INIT RTL_RUN_ONCE_INIT
#define INIT_ONCE_CHECK_ONLY 0x00000001u
#define INIT_ONCE_ASYNC 0x00000002u
#define INIT_ONCE_INIT_FAILED 0x00000004u
#define INIT_ONCE_CTX_RESERVED_BITS 2
typedef BOOL(WINAPI *PINIT_ONCE_FN)(_Inout_ PINIT_ONCE InitOnce, _Inout_opt_ PVOID Parameter,
                                    _Outptr_opt_result_maybenull_ PVOID *Context);

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
/* No APCs exist: always 0 after the full time. */
WINBASEAPI DWORD WINAPI SleepEx(_In_ DWORD dwMilliseconds, _In_ BOOL bAlertable);

/* Events. */
WINBASEAPI HANDLE WINAPI CreateEventW(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                      _In_ BOOL bManualReset, _In_ BOOL bInitialState,
                                      _In_opt_ LPCWSTR lpName);
WINBASEAPI HANDLE WINAPI CreateEventA(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                      _In_ BOOL bManualReset, _In_ BOOL bInitialState,
                                      _In_opt_ LPCSTR lpName);
WINBASEAPI HANDLE WINAPI CreateEventExW(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                        _In_opt_ LPCWSTR lpName, _In_ DWORD dwFlags,
                                        _In_ DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI CreateEventExA(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                        _In_opt_ LPCSTR lpName, _In_ DWORD dwFlags,
                                        _In_ DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI OpenEventW(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                    _In_ LPCWSTR lpName);
WINBASEAPI HANDLE WINAPI OpenEventA(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                    _In_ LPCSTR lpName);
WINBASEAPI BOOL WINAPI SetEvent(_In_ HANDLE hEvent);
WINBASEAPI BOOL WINAPI ResetEvent(_In_ HANDLE hEvent);
/* Releases the threads waiting now (all for a manual-reset event, one for an auto-reset one) and
 * leaves the event reset. */
WINBASEAPI BOOL WINAPI PulseEvent(_In_ HANDLE hEvent);

/* Mutexes (recursive; only the owner may release). */
WINBASEAPI HANDLE WINAPI CreateMutexW(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                      _In_ BOOL bInitialOwner, _In_opt_ LPCWSTR lpName);
WINBASEAPI HANDLE WINAPI CreateMutexA(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                      _In_ BOOL bInitialOwner, _In_opt_ LPCSTR lpName);
WINBASEAPI HANDLE WINAPI CreateMutexExW(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                        _In_opt_ LPCWSTR lpName, _In_ DWORD dwFlags,
                                        _In_ DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI CreateMutexExA(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                        _In_opt_ LPCSTR lpName, _In_ DWORD dwFlags,
                                        _In_ DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI OpenMutexW(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                    _In_ LPCWSTR lpName);
WINBASEAPI HANDLE WINAPI OpenMutexA(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                    _In_ LPCSTR lpName);
/* FALSE with ERROR_NOT_OWNER when the calling thread does not own it. */
WINBASEAPI BOOL WINAPI ReleaseMutex(_In_ HANDLE hMutex);

/* Semaphores. */
WINBASEAPI HANDLE WINAPI CreateSemaphoreW(_In_opt_ LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                          _In_ LONG lInitialCount, _In_ LONG lMaximumCount,
                                          _In_opt_ LPCWSTR lpName);
WINBASEAPI HANDLE WINAPI CreateSemaphoreA(_In_opt_ LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                          _In_ LONG lInitialCount, _In_ LONG lMaximumCount,
                                          _In_opt_ LPCSTR lpName);
WINBASEAPI HANDLE WINAPI CreateSemaphoreExW(_In_opt_ LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                            _In_ LONG lInitialCount, _In_ LONG lMaximumCount,
                                            _In_opt_ LPCWSTR lpName, _Reserved_ DWORD dwFlags,
                                            _In_ DWORD dwDesiredAccess);
WINBASEAPI HANDLE WINAPI OpenSemaphoreW(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                        _In_ LPCWSTR lpName);
/* FALSE with ERROR_TOO_MANY_POSTS when the count would pass the maximum (nothing released). */
WINBASEAPI BOOL WINAPI ReleaseSemaphore(_In_ HANDLE hSemaphore, _In_ LONG lReleaseCount,
                                        _Out_opt_ LPLONG lpPreviousCount);

/* Waits: WAIT_OBJECT_0 + n, WAIT_ABANDONED_0 + n, WAIT_TIMEOUT, or WAIT_FAILED with the last
 * error (ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER for a count of 0 or above
 * MAXIMUM_WAIT_OBJECTS, a NULL array, or the same object twice in a wait-all). */
WINBASEAPI DWORD WINAPI WaitForSingleObject(_In_ HANDLE hHandle, _In_ DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI WaitForSingleObjectEx(_In_ HANDLE hHandle, _In_ DWORD dwMilliseconds,
                                              _In_ BOOL bAlertable);
WINBASEAPI DWORD WINAPI WaitForMultipleObjects(_In_ DWORD nCount,
                                               _In_reads_(nCount) CONST HANDLE *lpHandles,
                                               _In_ BOOL bWaitAll, _In_ DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI WaitForMultipleObjectsEx(_In_ DWORD nCount,
                                                 _In_reads_(nCount) CONST HANDLE *lpHandles,
                                                 _In_ BOOL bWaitAll, _In_ DWORD dwMilliseconds,
                                                 _In_ BOOL bAlertable);
/* Signals one object and waits on another as one step: no waiter of the second can be released
 * between them. */
WINBASEAPI DWORD WINAPI SignalObjectAndWait(_In_ HANDLE hObjectToSignal,
                                            _In_ HANDLE hObjectToWaitOn,
                                            _In_ DWORD dwMilliseconds, _In_ BOOL bAlertable);

/* Slim reader/writer locks: not recursive; release only what you acquired. */
WINBASEAPI VOID WINAPI InitializeSRWLock(_Out_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI AcquireSRWLockExclusive(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI AcquireSRWLockShared(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI ReleaseSRWLockExclusive(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI ReleaseSRWLockShared(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockExclusive(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockShared(_Inout_ PSRWLOCK SRWLock);

/* Condition variables: FALSE with ERROR_TIMEOUT when the time runs out (the lock is held again
 * either way). Wakeups may be spurious, as on Windows: wait in a loop on your condition. */
WINBASEAPI VOID WINAPI InitializeConditionVariable(_Out_ PCONDITION_VARIABLE ConditionVariable);
WINBASEAPI BOOL WINAPI SleepConditionVariableCS(_Inout_ PCONDITION_VARIABLE ConditionVariable,
                                                _Inout_ PCRITICAL_SECTION CriticalSection,
                                                _In_ DWORD dwMilliseconds);
WINBASEAPI BOOL WINAPI SleepConditionVariableSRW(_Inout_ PCONDITION_VARIABLE ConditionVariable,
                                                 _Inout_ PSRWLOCK SRWLock,
                                                 _In_ DWORD dwMilliseconds, _In_ ULONG Flags);
WINBASEAPI VOID WINAPI WakeConditionVariable(_Inout_ PCONDITION_VARIABLE ConditionVariable);
WINBASEAPI VOID WINAPI WakeAllConditionVariable(_Inout_ PCONDITION_VARIABLE ConditionVariable);

/* One-time initialisation. InitOnceExecuteOnce runs InitFn once; callers that arrive meanwhile
 * wait for it. When InitFn returns FALSE the call returns FALSE and a later call tries again. The
 * context InitFn returns (its low INIT_ONCE_CTX_RESERVED_BITS bits must be zero) is given to
 * every caller. The Begin/Complete pair is the same protocol in two steps (synchronous only:
 * INIT_ONCE_ASYNC gives ERROR_INVALID_PARAMETER). */
WINBASEAPI VOID WINAPI InitOnceInitialize(_Out_ PINIT_ONCE InitOnce);
WINBASEAPI BOOL WINAPI InitOnceExecuteOnce(_Inout_ PINIT_ONCE InitOnce,
                                           _In_ __callback PINIT_ONCE_FN InitFn,
                                           _Inout_opt_ PVOID Parameter,
                                           _Outptr_opt_result_maybenull_ LPVOID *Context);
WINBASEAPI BOOL WINAPI InitOnceBeginInitialize(_Inout_ LPINIT_ONCE lpInitOnce, _In_ DWORD dwFlags,
                                               _Out_ PBOOL fPending,
                                               _Outptr_opt_result_maybenull_ LPVOID *lpContext);
WINBASEAPI BOOL WINAPI InitOnceComplete(_Inout_ LPINIT_ONCE lpInitOnce, _In_ DWORD dwFlags,
                                        _In_opt_ LPVOID lpContext);

EXTERN_C_END

#ifdef UNICODE
#define CreateEvent CreateEventW
#define CreateEventEx CreateEventExW
#define OpenEvent OpenEventW
#define CreateMutex CreateMutexW
#define CreateMutexEx CreateMutexExW
#define OpenMutex OpenMutexW
#define CreateSemaphore CreateSemaphoreW
#define CreateSemaphoreEx CreateSemaphoreExW
#define OpenSemaphore OpenSemaphoreW
#else
#define CreateEvent CreateEventA
#define CreateEventEx CreateEventExA
#define OpenEvent OpenEventA
#define CreateMutex CreateMutexA
#define CreateMutexEx CreateMutexExA
#define OpenMutex OpenMutexA
#define CreateSemaphore CreateSemaphoreA
#endif

#endif /* CMNOTIFY_WIN32_SYNCHAPI_H */
