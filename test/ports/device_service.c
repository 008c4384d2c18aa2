/* A driver sample's companion service: StartServiceCtrlDispatcher, RegisterServiceCtrlHandlerEx,
 * and RegisterDeviceNotification(DEVICE_NOTIFY_SERVICE_HANDLE | ALL_INTERFACE_CLASSES), with
 * HandlerEx taking SERVICE_CONTROL_DEVICEEVENT. The worker stops the service once the wanted
 * interface came and went (or after 30 s); SIGTERM stops it through SERVICE_CONTROL_STOP.
 * Usage: device_service IFNAME */
#include <Windows.h>
#include <Dbt.h>
#include <StrSafe.h>
#include <WinSvc.h>
#include <stdio.h>

#define SERVICE_NAME TEXT("CmnotifyDeviceService")

static SERVICE_STATUS g_Status;
static SERVICE_STATUS_HANDLE g_StatusHandle;
static HDEVNOTIFY g_DeviceNotify;
static HANDLE g_StopEvent;
static WCHAR g_Wanted[64];
static volatile LONG g_Arrivals;
static volatile LONG g_Removals;
static int g_ExitCode = 2;

static void ReportStatus(DWORD state, DWORD exitCode, DWORD waitHint) {
  static DWORD checkPoint = 1;
  g_Status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  g_Status.dwCurrentState = state;
  g_Status.dwWin32ExitCode = exitCode;
  g_Status.dwWaitHint = waitHint;
  g_Status.dwControlsAccepted =
      state == SERVICE_START_PENDING ? 0 : SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN;
  g_Status.dwCheckPoint = (state == SERVICE_RUNNING || state == SERVICE_STOPPED) ? 0 : checkPoint++;
  if (!SetServiceStatus(g_StatusHandle, &g_Status))
    fprintf(stderr, "SetServiceStatus failed: %u\n", (unsigned)GetLastError());
}

static void OnDeviceEvent(DWORD eventType, PDEV_BROADCAST_HDR header) {
  PDEV_BROADCAST_DEVICEINTERFACE iface;
  WCHAR link[512];
  char utf8[1024];
  if (header == NULL || header->dbch_devicetype != DBT_DEVTYP_DEVICEINTERFACE) return;
  iface = (PDEV_BROADCAST_DEVICEINTERFACE)header;
  if (FAILED(StringCchCopyW(link, ARRAYSIZE(link), iface->dbcc_name))) return;
  if (wcsstr(_wcsupr(link), g_Wanted) == NULL) return;
  WideCharToMultiByte(CP_UTF8, 0, iface->dbcc_name, -1, utf8, sizeof(utf8), NULL, NULL);
  if (eventType == DBT_DEVICEARRIVAL) {
    InterlockedIncrement(&g_Arrivals);
    printf("arrival: %s\n", utf8);
  } else if (eventType == DBT_DEVICEREMOVECOMPLETE) {
    InterlockedIncrement(&g_Removals);
    printf("removal: %s\n", utf8);
    if (g_Arrivals > 0) {
      g_ExitCode = 0;
      SetEvent(g_StopEvent);
    }
  }
  fflush(stdout);
}

static DWORD WINAPI ServiceCtrlHandlerEx(DWORD control, DWORD eventType, LPVOID eventData,
                                         LPVOID context) {
  UNREFERENCED_PARAMETER(context);
  switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
      g_ExitCode = 0;
      printf("stop requested\n");
      fflush(stdout);
      ReportStatus(SERVICE_STOP_PENDING, NO_ERROR, 3000);
      SetEvent(g_StopEvent);
      return NO_ERROR;
    case SERVICE_CONTROL_DEVICEEVENT:
      OnDeviceEvent(eventType, (PDEV_BROADCAST_HDR)eventData);
      return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE: return NO_ERROR;
    default: return ERROR_CALL_NOT_IMPLEMENTED;
  }
}

static VOID WINAPI ServiceMain(DWORD argc, LPTSTR *argv) {
  DEV_BROADCAST_DEVICEINTERFACE filter;
  UNREFERENCED_PARAMETER(argc);
  UNREFERENCED_PARAMETER(argv);
  g_StatusHandle = RegisterServiceCtrlHandlerEx(SERVICE_NAME, ServiceCtrlHandlerEx, NULL);
  if (g_StatusHandle == NULL) {
    fprintf(stderr, "RegisterServiceCtrlHandlerEx failed: %u\n", (unsigned)GetLastError());
    return;
  }
  ReportStatus(SERVICE_START_PENDING, NO_ERROR, 3000);
  g_StopEvent = CreateEvent(NULL, TRUE, FALSE, NULL);

  ZeroMemory(&filter, sizeof(filter));
  filter.dbcc_size = sizeof(filter);
  filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
  g_DeviceNotify = RegisterDeviceNotification(
      g_StatusHandle, &filter, DEVICE_NOTIFY_SERVICE_HANDLE | DEVICE_NOTIFY_ALL_INTERFACE_CLASSES);
  if (g_DeviceNotify == NULL) {
    fprintf(stderr, "RegisterDeviceNotification failed: %u\n", (unsigned)GetLastError());
    ReportStatus(SERVICE_STOPPED, GetLastError(), 0);
    return;
  }
  ReportStatus(SERVICE_RUNNING, NO_ERROR, 0);
  printf("ready\n");
  fflush(stdout);

  if (WaitForSingleObject(g_StopEvent, 30000) == WAIT_TIMEOUT)
    fprintf(stderr, "timed out: %ld arrivals, %ld removals\n", (long)g_Arrivals, (long)g_Removals);
  UnregisterDeviceNotification(g_DeviceNotify);
  CloseHandle(g_StopEvent);
  ReportStatus(SERVICE_STOPPED, NO_ERROR, 0);
}

int main(int argc, char **argv) {
  SERVICE_TABLE_ENTRY dispatchTable[] = {{(LPTSTR)SERVICE_NAME, ServiceMain}, {NULL, NULL}};
  if (argc != 2) {
    fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  StringCchPrintfW(g_Wanted, ARRAYSIZE(g_Wanted), L"#%hs#", argv[1]);
  _wcsupr(g_Wanted);
  if (!StartServiceCtrlDispatcher(dispatchTable)) {
    fprintf(stderr, "StartServiceCtrlDispatcher failed: %u\n", (unsigned)GetLastError());
    return 1;
  }
  return g_ExitCode;
}
