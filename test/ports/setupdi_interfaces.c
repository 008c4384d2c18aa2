/* A device library's discovery, SetupAPI style: the present network interfaces are listed with
 * SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE) and SetupDiEnumDeviceInterfaces, each path read
 * with the two-call SetupDiGetDeviceInterfaceDetail idiom (size query, allocate, cbSize = the
 * structure's size) and named with SPDRP_FRIENDLYNAME, falling back to SPDRP_DEVICEDESC. A
 * CM_Register_Notification callback only wakes the main thread, which lists again: the program
 * sees the interface named on its command line appear in the list and leave it.
 * Usage: setupdi_interfaces IFNAME */
#include <Windows.h>
#include <SetupAPI.h>
#include <Cfgmgr32.h>
#include <InitGuid.h>
#include <Ndisguid.h>
#include <StrSafe.h>
#include <stdio.h>
#include <stdlib.h>

static HANDLE g_wake; /* auto-reset */

static DWORD CALLBACK OnChange(HCMNOTIFICATION notify, PVOID context, CM_NOTIFY_ACTION action,
                               PCM_NOTIFY_EVENT_DATA data, DWORD size) {
  UNREFERENCED_PARAMETER(notify);
  UNREFERENCED_PARAMETER(context);
  UNREFERENCED_PARAMETER(action);
  UNREFERENCED_PARAMETER(data);
  UNREFERENCED_PARAMETER(size);
  SetEvent(g_wake);
  return ERROR_SUCCESS;
}

/* The friendly name of a device, or its description: the usual fallback. */
static void GetDeviceName(HDEVINFO set, PSP_DEVINFO_DATA device, WCHAR *name, DWORD chars) {
  DWORD type = 0;
  name[0] = L'\0';
  if (SetupDiGetDeviceRegistryPropertyW(set, device, SPDRP_FRIENDLYNAME, &type, (PBYTE)name,
                                        chars * sizeof(WCHAR), NULL) &&
      type == REG_SZ)
    return;
  if (!SetupDiGetDeviceRegistryPropertyW(set, device, SPDRP_DEVICEDESC, &type, (PBYTE)name,
                                         chars * sizeof(WCHAR), NULL))
    StringCchCopyW(name, chars, L"(unnamed)");
}

/* Lists the present network interfaces; TRUE when one of them is named `wanted`. */
static BOOL ListInterfaces(const WCHAR *wanted, BOOL print) {
  HDEVINFO set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NET, NULL, NULL,
                                      DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
  SP_DEVICE_INTERFACE_DATA iface;
  BOOL found = FALSE;
  DWORD index;
  if (set == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "SetupDiGetClassDevs: error %lu\n", (unsigned long)GetLastError());
    return FALSE;
  }
  iface.cbSize = sizeof(iface);
  for (index = 0; SetupDiEnumDeviceInterfaces(set, NULL, &GUID_DEVINTERFACE_NET, index, &iface);
       ++index) {
    PSP_DEVICE_INTERFACE_DETAIL_DATA_W detail;
    SP_DEVINFO_DATA device;
    DWORD required = 0;
    WCHAR name[256];
    /* First call: the size only (fails with ERROR_INSUFFICIENT_BUFFER). */
    if (SetupDiGetDeviceInterfaceDetailW(set, &iface, NULL, 0, &required, NULL) ||
        GetLastError() != ERROR_INSUFFICIENT_BUFFER)
      continue;
    detail = (PSP_DEVICE_INTERFACE_DETAIL_DATA_W)malloc(required);
    if (detail == NULL) break;
    detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W);
    device.cbSize = sizeof(device);
    if (SetupDiGetDeviceInterfaceDetailW(set, &iface, detail, required, NULL, &device)) {
      GetDeviceName(set, &device, name, ARRAYSIZE(name));
      if (print) printf("  %ls\n    %ls\n", name, detail->DevicePath);
      if (_wcsicmp(name, wanted) == 0) found = TRUE;
    }
    free(detail);
  }
  if (GetLastError() != ERROR_NO_MORE_ITEMS)
    fprintf(stderr, "SetupDiEnumDeviceInterfaces: error %lu\n", (unsigned long)GetLastError());
  if (print) printf("%lu network interface(s)\n", (unsigned long)index);
  SetupDiDestroyDeviceInfoList(set);
  return found;
}

int main(int argc, char **argv) {
  CM_NOTIFY_FILTER filter;
  HCMNOTIFICATION notification = NULL;
  WCHAR wanted[64];
  ULONGLONG deadline;
  BOOL seen = FALSE;
  int result = 2;
  CONFIGRET cr;

  if (argc != 2) {
    fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  StringCchPrintfW(wanted, ARRAYSIZE(wanted), L"%S", argv[1]);
  g_wake = CreateEventW(NULL, FALSE, FALSE, NULL);
  ZeroMemory(&filter, sizeof(filter));
  filter.cbSize = sizeof(filter);
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  filter.u.DeviceInterface.ClassGuid = GUID_DEVINTERFACE_NET;
  cr = CM_Register_Notification(&filter, NULL, OnChange, &notification);
  if (cr != CR_SUCCESS) {
    fprintf(stderr, "CM_Register_Notification: CONFIGRET %lu\n", (unsigned long)cr);
    return 1;
  }
  ListInterfaces(wanted, TRUE);
  printf("ready\n");
  fflush(stdout);

  deadline = GetTickCount64() + 30000;
  while (GetTickCount64() < deadline) {
    BOOL present;
    WaitForSingleObject(g_wake, 200);
    present = ListInterfaces(wanted, FALSE);
    if (present && !seen) {
      printf("%ls is listed\n", wanted);
      fflush(stdout);
      seen = TRUE;
    } else if (!present && seen) {
      printf("%ls is no longer listed\n", wanted);
      result = 0;
      break;
    }
  }
  CM_Unregister_Notification(notification);
  CloseHandle(g_wake);
  return result;
}
