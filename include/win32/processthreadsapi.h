/* processthreadsapi.h: threads, thread-local storage, process and thread ids, ExitProcess.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - CreateThread starts a POSIX thread; its handle (in the handle table of synchapi.h) is
 *    signalled when the thread ends, and GetExitCodeThread gives STILL_ACTIVE until then. The
 *    stack size is honoured (rounded up to the system's minimum); CREATE_SUSPENDED holds the
 *    thread until ResumeThread. Other creation flags are accepted and ignored.
 *  - GetCurrentThread() and GetCurrentProcess() are pseudo-handles, as on Windows: they mean the
 *    caller, and CloseHandle accepts and ignores them. DuplicateHandle turns one into a real
 *    handle.
 *  - Thread priorities are remembered and reported but do not change scheduling.
 *  - TLS: TlsAlloc gives up to TLS_MINIMUM_AVAILABLE + 1024 indexes; a new index reads NULL in
 *    every thread. */
#ifndef CMNOTIFY_WIN32_PROCESSTHREADSAPI_H
#define CMNOTIFY_WIN32_PROCESSTHREADSAPI_H

#include "minwinbase.h"
#include "minwindef.h"
#include "winnt.h"

#define CREATE_SUSPENDED 0x00000004u
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000u
#define STILL_ACTIVE STATUS_PENDING
#define TLS_OUT_OF_INDEXES ((DWORD)0xFFFFFFFF)
#define TLS_MINIMUM_AVAILABLE 64

#define THREAD_PRIORITY_IDLE (-15)
#define THREAD_PRIORITY_LOWEST (-2)
#define THREAD_PRIORITY_BELOW_NORMAL (-1)
#define THREAD_PRIORITY_NORMAL 0
#define THREAD_PRIORITY_ABOVE_NORMAL 1
#define THREAD_PRIORITY_HIGHEST 2
#define THREAD_PRIORITY_TIME_CRITICAL 15
#define THREAD_PRIORITY_ERROR_RETURN (MAXLONG)
#define THREAD_MODE_BACKGROUND_BEGIN 0x00010000
#define THREAD_MODE_BACKGROUND_END 0x00020000

typedef DWORD(WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;

EXTERN_C_START

WINBASEAPI HANDLE WINAPI CreateThread(_In_opt_ LPSECURITY_ATTRIBUTES lpThreadAttributes,
                                      _In_ SIZE_T dwStackSize,
                                      _In_ LPTHREAD_START_ROUTINE lpStartAddress,
                                      _In_opt_ LPVOID lpParameter, _In_ DWORD dwCreationFlags,
                                      _Out_opt_ LPDWORD lpThreadId);
/* Ends the calling thread (its handle is signalled, its mutexes abandoned). */
WINBASEAPI DECLSPEC_NORETURN VOID WINAPI ExitThread(_In_ DWORD dwExitCode);
WINBASEAPI BOOL WINAPI GetExitCodeThread(_In_ HANDLE hThread, _Out_ LPDWORD lpExitCode);
/* The suspend count before the call (1 for a CREATE_SUSPENDED thread not yet resumed, else 0). */
WINBASEAPI DWORD WINAPI ResumeThread(_In_ HANDLE hThread);
WINBASEAPI HANDLE WINAPI GetCurrentThread(VOID);
WINBASEAPI HANDLE WINAPI GetCurrentProcess(VOID);
/* The Linux thread id (gettid) and process id. */
WINBASEAPI DWORD WINAPI GetCurrentThreadId(VOID);
WINBASEAPI DWORD WINAPI GetCurrentProcessId(VOID);
WINBASEAPI DWORD WINAPI GetThreadId(_In_ HANDLE Thread);
WINBASEAPI DWORD WINAPI GetProcessId(_In_ HANDLE Process);
WINBASEAPI BOOL WINAPI SwitchToThread(VOID);
WINBASEAPI BOOL WINAPI SetThreadPriority(_In_ HANDLE hThread, _In_ int nPriority);
WINBASEAPI int WINAPI GetThreadPriority(_In_ HANDLE hThread);
/* Runs the C library's exit handlers and ends the process with uExitCode (exit()). */
WINBASEAPI DECLSPEC_NORETURN VOID WINAPI ExitProcess(_In_ UINT uExitCode);
WINBASEAPI BOOL WINAPI GetExitCodeProcess(_In_ HANDLE hProcess, _Out_ LPDWORD lpExitCode);

WINBASEAPI DWORD WINAPI TlsAlloc(VOID);
/* NULL with ERROR_SUCCESS for a stored NULL; NULL with ERROR_INVALID_PARAMETER for an index
 * that is not allocated. */
WINBASEAPI LPVOID WINAPI TlsGetValue(_In_ DWORD dwTlsIndex);
WINBASEAPI BOOL WINAPI TlsSetValue(_In_ DWORD dwTlsIndex, _In_opt_ LPVOID lpTlsValue);
WINBASEAPI BOOL WINAPI TlsFree(_In_ DWORD dwTlsIndex);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_PROCESSTHREADSAPI_H */
