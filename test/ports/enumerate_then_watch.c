/* A device library's start-up: cfgmgr32.dll is loaded at run time (the library also runs where
 * CM_Register_Notification does not exist), the DLL is resolved once (InitOnceExecuteOnce), the
 * present interfaces are listed with the CR_BUFFER_SMALL retry loop, then live events are
 * watched. Errors are reported with FormatMessage. Usage: enumerate_then_watch IFNAME */
#include <Windows.h>
#include <Cfgmgr32.h>
#include <InitGuid.h>
#include <Ndisguid.h>
#include <StrSafe.h>
#include <stdio.h>

typedef CONFIGRET(WINAPI *PFN_REGISTER)(PCM_NOTIFY_FILTER, PVOID, PCM_NOTIFY_CALLBACK,
                                        PHCMNOTIFICATION);
typedef CONFIGRET(WINAPI *PFN_UNREGISTER)(HCMNOTIFICATION);
typedef CONFIGRET(WINAPI *PFN_LIST_SIZE)(PULONG, LPGUID, DEVINSTID_W, ULONG);
typedef CONFIGRET(WINAPI *PFN_LIST)(LPGUID, DEVINSTID_W, PZZWSTR, ULONG, ULONG);

static struct {
  HMODULE module;
  PFN_REGISTER Register;
  PFN_UNREGISTER Unregister;
  PFN_LIST_SIZE ListSize;
  PFN_LIST List;
} g_cfgmgr;

static INIT_ONCE g_load_once = INIT_ONCE_STATIC_INIT;
static SRWLOCK g_seen_lock = SRWLOCK_INIT;
static int g_arrived, g_removed;
static HANDLE g_changed; /* auto-reset */
static WCHAR g_wanted[64];

static void ReportError(const char *what, DWORD error) {
  char *text = NULL;
  if (FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                         FORMAT_MESSAGE_IGNORE_INSERTS,
                     NULL, error, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), (LPSTR)&text, 0,
                     NULL) != 0) {
    fprintf(stderr, "%s: %s", what, text);
    LocalFree(text);
  } else {
    fprintf(stderr, "%s: error %lu\n", what, (unsigned long)error);
  }
}

static BOOL CALLBACK LoadCfgMgr(PINIT_ONCE once, PVOID parameter, PVOID *context) {
  UNREFERENCED_PARAMETER(once);
  UNREFERENCED_PARAMETER(parameter);
  UNREFERENCED_PARAMETER(context);
  g_cfgmgr.module = LoadLibraryW(L"CfgMgr32.dll");
  if (g_cfgmgr.module == NULL) return FALSE;
  g_cfgmgr.Register = (PFN_REGISTER)GetProcAddress(g_cfgmgr.module, "CM_Register_Notification");
  g_cfgmgr.Unregister =
      (PFN_UNREGISTER)GetProcAddress(g_cfgmgr.module, "CM_Unregister_Notification");
  g_cfgmgr.ListSize =
      (PFN_LIST_SIZE)GetProcAddress(g_cfgmgr.module, "CM_Get_Device_Interface_List_SizeW");
  g_cfgmgr.List = (PFN_LIST)GetProcAddress(g_cfgmgr.module, "CM_Get_Device_Interface_ListW");
  /* A function cfgmgr32.dll does not have: the library would fall back to older APIs. */
  if (GetProcAddress(g_cfgmgr.module, "SetupDiGetClassDevsW") != NULL) return FALSE;
  return g_cfgmgr.Register && g_cfgmgr.Unregister && g_cfgmgr.ListSize && g_cfgmgr.List;
}

static DWORD CALLBACK OnInterface(HCMNOTIFICATION notify, PVOID context, CM_NOTIFY_ACTION action,
                                  PCM_NOTIFY_EVENT_DATA data, DWORD size) {
  WCHAR link[512];
  UNREFERENCED_PARAMETER(notify);
  UNREFERENCED_PARAMETER(context);
  UNREFERENCED_PARAMETER(size);
  if (FAILED(StringCchCopyW(link, ARRAYSIZE(link), data->u.DeviceInterface.SymbolicLink)))
    return ERROR_SUCCESS;
  if (wcsstr(_wcsupr(link), g_wanted) == NULL) return ERROR_SUCCESS;
  AcquireSRWLockExclusive(&g_seen_lock);
  if (action == CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL) ++g_arrived;
  if (action == CM_NOTIFY_ACTION_DEVICEINTERFACEREMOVAL) ++g_removed;
  ReleaseSRWLockExclusive(&g_seen_lock);
  SetEvent(g_changed);
  return ERROR_SUCCESS;
}

/* The present interfaces of a class, with the documented retry while the list grows. */
static ULONG CountPresent(const GUID *class_guid) {
  PZZWSTR list = NULL;
  ULONG length = 0, count = 0;
  CONFIGRET cr;
  do {
    cr = g_cfgmgr.ListSize(&length, (LPGUID)class_guid, NULL, CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
    if (cr != CR_SUCCESS) break;
    HeapFree(GetProcessHeap(), 0, list);
    list = (PZZWSTR)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, length * sizeof(WCHAR));
    if (list == NULL) {
      cr = CR_OUT_OF_MEMORY;
      break;
    }
    cr =
        g_cfgmgr.List((LPGUID)class_guid, NULL, list, length, CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
  } while (cr == CR_BUFFER_SMALL);
  if (cr == CR_SUCCESS) {
    for (PWSTR p = list; *p != L'\0'; p += wcslen(p) + 1) ++count;
  } else {
    ReportError("CM_Get_Device_Interface_List", CM_MapCrToWin32Err(cr, ERROR_GEN_FAILURE));
  }
  HeapFree(GetProcessHeap(), 0, list);
  return count;
}

int main(int argc, char **argv) {
  CM_NOTIFY_FILTER filter;
  HCMNOTIFICATION notification = NULL;
  LARGE_INTEGER frequency, start, now;
  CONFIGRET cr;
  int result = 2;

  if (argc != 2) {
    fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  StringCchPrintfW(g_wanted, ARRAYSIZE(g_wanted), L"#%S#", argv[1]); /* %S: narrow argument */
  _wcsupr(g_wanted);
  if (!InitOnceExecuteOnce(&g_load_once, LoadCfgMgr, NULL, NULL)) {
    ReportError("cfgmgr32.dll", GetLastError());
    return 1;
  }
  g_changed = CreateEventW(NULL, FALSE, FALSE, NULL);
  QueryPerformanceFrequency(&frequency);
  QueryPerformanceCounter(&start);

  ZeroMemory(&filter, sizeof(filter));
  filter.cbSize = sizeof(filter);
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  filter.u.DeviceInterface.ClassGuid = GUID_DEVINTERFACE_NET;
  cr = g_cfgmgr.Register(&filter, NULL, OnInterface, &notification);
  if (cr != CR_SUCCESS) {
    ReportError("CM_Register_Notification", CM_MapCrToWin32Err(cr, ERROR_GEN_FAILURE));
    return 1;
  }
  printf("%lu network interfaces present\nready\n",
         (unsigned long)CountPresent(&GUID_DEVINTERFACE_NET));
  fflush(stdout);

  for (;;) {
    int arrived, removed;
    DWORD elapsed_ms;
    QueryPerformanceCounter(&now);
    elapsed_ms = (DWORD)((now.QuadPart - start.QuadPart) * 1000 / frequency.QuadPart);
    if (elapsed_ms >= 30000) break;
    if (WaitForSingleObject(g_changed, 30000 - elapsed_ms) != WAIT_OBJECT_0) break;
    AcquireSRWLockShared(&g_seen_lock);
    arrived = g_arrived;
    removed = g_removed;
    ReleaseSRWLockShared(&g_seen_lock);
    printf("%s: %d arrival(s), %d removal(s)\n", argv[1], arrived, removed);
    fflush(stdout);
    if (arrived > 0 && removed > 0) {
      result = 0;
      break;
    }
  }
  g_cfgmgr.Unregister(notification);
  CloseHandle(g_changed);
  FreeLibrary(g_cfgmgr.module);
  return result;
}
