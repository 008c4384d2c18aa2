/* A driver sample's user-mode worker, in the WDK samples' style: annotated functions, a stop
 * event the threadpool waits on, notifications for every interface class, and the documented
 * way to unregister from a callback (a threadpool work item). A named mutex keeps it single
 * instance. Usage: driver_sample_worker IFNAME */
#include <Windows.h>
#include <DriverSpecs.h>
#include <Cfgmgr32.h>
#include <StrSafe.h>
#include <stdio.h>

_Analysis_mode_(_Analysis_code_type_user_code_)

    typedef struct _WORKER_CONTEXT {
  HCMNOTIFICATION Notification;
  PTP_WORK UnregisterWork;
  PTP_WAIT StopWait;
  HANDLE StopEvent; /* manual-reset: set when the interface went away */
  HANDLE DoneEvent; /* set by the pool when it saw the stop event */
  WCHAR Wanted[64];
  volatile LONG Arrivals;
  volatile LONG Removals;
} WORKER_CONTEXT, *PWORKER_CONTEXT;

static void Log(__in PCWSTR Format, ...) {
  WCHAR message[512];
  va_list args;
  va_start(args, Format);
  if (SUCCEEDED(StringCchVPrintfW(message, ARRAYSIZE(message), Format, args))) {
    OutputDebugStringW(message); /* stderr here */
  }
  va_end(args);
}

_Use_decl_annotations_ static VOID CALLBACK UnregisterWorkCallback(PTP_CALLBACK_INSTANCE Instance,
                                                                   PVOID Context, PTP_WORK Work) {
  PWORKER_CONTEXT context = (PWORKER_CONTEXT)Context;
  UNREFERENCED_PARAMETER(Instance);
  UNREFERENCED_PARAMETER(Work);
  CM_Unregister_Notification(context->Notification);
  Log(L"unregistered after %ld arrival(s) and %ld removal(s)\n", context->Arrivals,
      context->Removals);
  SetEvent(context->StopEvent);
}

_Use_decl_annotations_ static VOID CALLBACK StopWaitCallback(PTP_CALLBACK_INSTANCE Instance,
                                                             PVOID Context, PTP_WAIT Wait,
                                                             TP_WAIT_RESULT WaitResult) {
  PWORKER_CONTEXT context = (PWORKER_CONTEXT)Context;
  UNREFERENCED_PARAMETER(Instance);
  UNREFERENCED_PARAMETER(Wait);
  if (WaitResult == WAIT_OBJECT_0) SetEvent(context->DoneEvent);
}

static DWORD CALLBACK InterfaceCallback(__in HCMNOTIFICATION hNotify, __in_opt PVOID Context,
                                        __in CM_NOTIFY_ACTION Action,
                                        __in PCM_NOTIFY_EVENT_DATA EventData,
                                        __in DWORD EventDataSize) {
  PWORKER_CONTEXT context = (PWORKER_CONTEXT)Context;
  WCHAR link[MAX_DEVICE_ID_LEN * 2];
  UNREFERENCED_PARAMETER(hNotify);
  UNREFERENCED_PARAMETER(EventDataSize);
  StringCchCopyW(link, ARRAYSIZE(link), EventData->u.DeviceInterface.SymbolicLink);
  if (wcsstr(_wcsupr(link), context->Wanted) == NULL) return ERROR_SUCCESS;
  if (Action == CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL) {
    InterlockedIncrement(&context->Arrivals);
    Log(L"arrival: %s\n", EventData->u.DeviceInterface.SymbolicLink); /* %s: wide here */
  } else if (Action == CM_NOTIFY_ACTION_DEVICEINTERFACEREMOVAL &&
             InterlockedIncrement(&context->Removals) == 1 && context->Arrivals > 0) {
    Log(L"removal: %s\n", EventData->u.DeviceInterface.SymbolicLink);
    /* Never unregister from the notification's own callback: defer to the pool. */
    SubmitThreadpoolWork(context->UnregisterWork);
  }
  return ERROR_SUCCESS;
}

int main(int argc, char **argv) {
  static WORKER_CONTEXT context;
  CM_NOTIFY_FILTER filter;
  HANDLE instance;
  DWORD wait;
  CONFIGRET cr;

  if (argc != 2) {
    fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  instance = CreateMutexW(NULL, TRUE, L"Local\\cmnotify-driver-sample-worker");
  if (instance == NULL || GetLastError() == ERROR_ALREADY_EXISTS) {
    fprintf(stderr, "already running\n");
    return 1;
  }
  StringCchPrintfW(context.Wanted, ARRAYSIZE(context.Wanted), L"#%hs#", argv[1]);
  _wcsupr(context.Wanted);
  context.StopEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
  context.DoneEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
  context.UnregisterWork = CreateThreadpoolWork(UnregisterWorkCallback, &context, NULL);
  context.StopWait = CreateThreadpoolWait(StopWaitCallback, &context, NULL);
  if (context.StopEvent == NULL || context.DoneEvent == NULL || context.UnregisterWork == NULL ||
      context.StopWait == NULL) {
    return 1;
  }
  SetThreadpoolWait(context.StopWait, context.StopEvent, NULL);

  ZeroMemory(&filter, sizeof(filter));
  filter.cbSize = sizeof(filter);
  filter.Flags = CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  cr = CM_Register_Notification(&filter, &context, InterfaceCallback, &context.Notification);
  if (cr != CR_SUCCESS) {
    fprintf(stderr, "CM_Register_Notification: 0x%x\n", (unsigned)cr);
    return 1;
  }
  printf("ready\n");
  fflush(stdout);

  wait = WaitForSingleObjectEx(context.DoneEvent, 30000, TRUE);
  if (wait != WAIT_OBJECT_0) {
    CM_Unregister_Notification(context.Notification);
  }
  WaitForThreadpoolWorkCallbacks(context.UnregisterWork, FALSE);
  CloseThreadpoolWork(context.UnregisterWork);
  SetThreadpoolWait(context.StopWait, NULL, NULL);
  WaitForThreadpoolWaitCallbacks(context.StopWait, TRUE);
  CloseThreadpoolWait(context.StopWait);
  CloseHandle(context.StopEvent);
  CloseHandle(context.DoneEvent);
  ReleaseMutex(instance);
  CloseHandle(instance);
  printf("%ld arrival(s), %ld removal(s)\n", (long)context.Arrivals, (long)context.Removals);
  return wait == WAIT_OBJECT_0 ? 0 : 2;
}
