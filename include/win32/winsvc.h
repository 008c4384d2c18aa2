/* winsvc.h: the service side of the Service Control Manager API: StartServiceCtrlDispatcher,
 * RegisterServiceCtrlHandler(Ex) and SetServiceStatus, with the control codes a HandlerEx
 * receives (SERVICE_CONTROL_DEVICEEVENT carries RegisterDeviceNotification's events).
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - There is no Service Control Manager: StartServiceCtrlDispatcher runs the first service of
 *    its table in the process (its ServiceMain on a thread of its own, argv[0] its name), so a
 *    Windows service's main builds and runs as a foreground program or under systemd. The calling
 *    thread is the control dispatcher: HandlerEx runs there, and the call returns once every
 *    service it started has reported SERVICE_STOPPED and its ServiceMain has returned.
 *  - SIGTERM and SIGINT become SERVICE_CONTROL_STOP (or SERVICE_CONTROL_SHUTDOWN when the service
 *    accepts only that); a service that accepts neither is ended by the signal as a program is.
 *  - See docs/win32-api.md for the validation rules and last-error codes. */
#ifndef CMNOTIFY_WIN32_WINSVC_H
#define CMNOTIFY_WIN32_WINSVC_H

#include "minwindef.h"
#include "winnt.h"

/* Service types (winnt.h in the SDK). */
#ifndef SERVICE_KERNEL_DRIVER
#define SERVICE_KERNEL_DRIVER 0x00000001
#define SERVICE_FILE_SYSTEM_DRIVER 0x00000002
#define SERVICE_ADAPTER 0x00000004
#define SERVICE_RECOGNIZER_DRIVER 0x00000008
#define SERVICE_DRIVER (SERVICE_KERNEL_DRIVER | SERVICE_FILE_SYSTEM_DRIVER | SERVICE_RECOGNIZER_DRIVER)
#define SERVICE_WIN32_OWN_PROCESS 0x00000010
#define SERVICE_WIN32_SHARE_PROCESS 0x00000020
#define SERVICE_WIN32 (SERVICE_WIN32_OWN_PROCESS | SERVICE_WIN32_SHARE_PROCESS)
#define SERVICE_USER_SERVICE 0x00000040
#define SERVICE_USERSERVICE_INSTANCE 0x00000080
#define SERVICE_INTERACTIVE_PROCESS 0x00000100
#endif

/* dwCurrentState. */
#define SERVICE_STOPPED 0x00000001
#define SERVICE_START_PENDING 0x00000002
#define SERVICE_STOP_PENDING 0x00000003
#define SERVICE_RUNNING 0x00000004
#define SERVICE_CONTINUE_PENDING 0x00000005
#define SERVICE_PAUSE_PENDING 0x00000006
#define SERVICE_PAUSED 0x00000007

/* dwControlsAccepted. */
#define SERVICE_ACCEPT_STOP 0x00000001
#define SERVICE_ACCEPT_PAUSE_CONTINUE 0x00000002
#define SERVICE_ACCEPT_SHUTDOWN 0x00000004
#define SERVICE_ACCEPT_PARAMCHANGE 0x00000008
#define SERVICE_ACCEPT_NETBINDCHANGE 0x00000010
#define SERVICE_ACCEPT_HARDWAREPROFILECHANGE 0x00000020
#define SERVICE_ACCEPT_POWEREVENT 0x00000040
#define SERVICE_ACCEPT_SESSIONCHANGE 0x00000080
#define SERVICE_ACCEPT_PRESHUTDOWN 0x00000100
#define SERVICE_ACCEPT_TIMECHANGE 0x00000200
#define SERVICE_ACCEPT_TRIGGEREVENT 0x00000400

/* The dwControl of a Handler / HandlerEx. */
#define SERVICE_CONTROL_STOP 0x00000001
#define SERVICE_CONTROL_PAUSE 0x00000002
#define SERVICE_CONTROL_CONTINUE 0x00000003
#define SERVICE_CONTROL_INTERROGATE 0x00000004
#define SERVICE_CONTROL_SHUTDOWN 0x00000005
#define SERVICE_CONTROL_PARAMCHANGE 0x00000006
#define SERVICE_CONTROL_NETBINDADD 0x00000007
#define SERVICE_CONTROL_NETBINDREMOVE 0x00000008
#define SERVICE_CONTROL_NETBINDENABLE 0x00000009
#define SERVICE_CONTROL_NETBINDDISABLE 0x0000000A
#define SERVICE_CONTROL_DEVICEEVENT 0x0000000B
#define SERVICE_CONTROL_HARDWAREPROFILECHANGE 0x0000000C
#define SERVICE_CONTROL_POWEREVENT 0x0000000D
#define SERVICE_CONTROL_SESSIONCHANGE 0x0000000E
#define SERVICE_CONTROL_PRESHUTDOWN 0x0000000F
#define SERVICE_CONTROL_TIMECHANGE 0x00000010
#define SERVICE_CONTROL_TRIGGEREVENT 0x00000020

/* ChangeServiceConfig's "leave as it is". */
#define SERVICE_NO_CHANGE 0xffffffff

DECLARE_HANDLE(SERVICE_STATUS_HANDLE);

typedef struct _SERVICE_STATUS {
  DWORD dwServiceType;
  DWORD dwCurrentState;
  DWORD dwControlsAccepted;
  DWORD dwWin32ExitCode;
  DWORD dwServiceSpecificExitCode;
  DWORD dwCheckPoint;
  DWORD dwWaitHint;
} SERVICE_STATUS, *LPSERVICE_STATUS;

typedef VOID(WINAPI *LPSERVICE_MAIN_FUNCTIONW)(DWORD dwNumServicesArgs,
                                               LPWSTR *lpServiceArgVectors);
typedef VOID(WINAPI *LPSERVICE_MAIN_FUNCTIONA)(DWORD dwNumServicesArgs,
                                               LPSTR *lpServiceArgVectors);
typedef VOID(WINAPI *LPHANDLER_FUNCTION)(DWORD dwControl);
typedef DWORD(WINAPI *LPHANDLER_FUNCTION_EX)(DWORD dwControl, DWORD dwEventType,
                                             LPVOID lpEventData, LPVOID lpContext);

typedef struct _SERVICE_TABLE_ENTRYA {
  LPSTR lpServiceName;
  LPSERVICE_MAIN_FUNCTIONA lpServiceProc;
} SERVICE_TABLE_ENTRYA, *LPSERVICE_TABLE_ENTRYA;

typedef struct _SERVICE_TABLE_ENTRYW {
  LPWSTR lpServiceName;
  LPSERVICE_MAIN_FUNCTIONW lpServiceProc;
} SERVICE_TABLE_ENTRYW, *LPSERVICE_TABLE_ENTRYW;

EXTERN_C_START

WINADVAPI BOOL WINAPI StartServiceCtrlDispatcherA(_In_ CONST SERVICE_TABLE_ENTRYA *lpServiceStartTable);
WINADVAPI BOOL WINAPI StartServiceCtrlDispatcherW(_In_ CONST SERVICE_TABLE_ENTRYW *lpServiceStartTable);
WINADVAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerA(
    _In_ LPCSTR lpServiceName, _In_ LPHANDLER_FUNCTION lpHandlerProc);
WINADVAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerW(
    _In_ LPCWSTR lpServiceName, _In_ LPHANDLER_FUNCTION lpHandlerProc);
WINADVAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExA(
    _In_ LPCSTR lpServiceName, _In_ LPHANDLER_FUNCTION_EX lpHandlerProc,
    _In_opt_ LPVOID lpContext);
WINADVAPI SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExW(
    _In_ LPCWSTR lpServiceName, _In_ LPHANDLER_FUNCTION_EX lpHandlerProc,
    _In_opt_ LPVOID lpContext);
WINADVAPI BOOL WINAPI SetServiceStatus(_In_ SERVICE_STATUS_HANDLE hServiceStatus,
                                       _In_ LPSERVICE_STATUS lpServiceStatus);

EXTERN_C_END

#ifdef UNICODE
typedef SERVICE_TABLE_ENTRYW SERVICE_TABLE_ENTRY;
typedef LPSERVICE_TABLE_ENTRYW LPSERVICE_TABLE_ENTRY;
typedef LPSERVICE_MAIN_FUNCTIONW LPSERVICE_MAIN_FUNCTION;
#define StartServiceCtrlDispatcher StartServiceCtrlDispatcherW
#define RegisterServiceCtrlHandler RegisterServiceCtrlHandlerW
#define RegisterServiceCtrlHandlerEx RegisterServiceCtrlHandlerExW
#else
typedef SERVICE_TABLE_ENTRYA SERVICE_TABLE_ENTRY;
typedef LPSERVICE_TABLE_ENTRYA LPSERVICE_TABLE_ENTRY;
typedef LPSERVICE_MAIN_FUNCTIONA LPSERVICE_MAIN_FUNCTION;
#define StartServiceCtrlDispatcher StartServiceCtrlDispatcherA
#define RegisterServiceCtrlHandler RegisterServiceCtrlHandlerA
#define RegisterServiceCtrlHandlerEx RegisterServiceCtrlHandlerExA
#endif

#endif /* CMNOTIFY_WIN32_WINSVC_H */
