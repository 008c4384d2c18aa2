/* A tray tool's device watcher: a hidden message-only window registered for network adapter
 * interfaces (RegisterDeviceNotification, DEV_BROADCAST_DEVICEINTERFACE), a classic GetMessage
 * loop, and the window procedure that reacts to WM_DEVICECHANGE. A one-shot timer ends it after
 * 30 s; the window closes itself once the wanted interface came and went.
 * Usage: tray_device_window IFNAME */
#include <Windows.h>
#include <Dbt.h>
#include <NdisGuid.h>
#include <StrSafe.h>
#include <tchar.h>
#include <stdio.h>

#define IDT_GIVE_UP 1
#define WMAPP_DONE (WM_APP + 1)

typedef struct _TRAY_STATE {
  HDEVNOTIFY Notify;
  WCHAR Wanted[64]; /* "#IFNAME#", upper case */
  LONG Arrivals;
  LONG Removals;
  int ExitCode;
} TRAY_STATE, *PTRAY_STATE;

static void PrintLine(LPCWSTR prefix, LPCWSTR text) {
  char line[1024];
  WCHAR wide[1024];
  if (FAILED(StringCchPrintfW(wide, ARRAYSIZE(wide), L"%s %s", prefix, text))) return;
  if (WideCharToMultiByte(CP_UTF8, 0, wide, -1, line, sizeof(line), NULL, NULL) == 0) return;
  printf("%s\n", line);
  fflush(stdout);
}

static BOOL DoRegisterDeviceInterfaceToHwnd(GUID InterfaceClassGuid, HWND hWnd,
                                            HDEVNOTIFY *hDeviceNotify) {
  DEV_BROADCAST_DEVICEINTERFACE NotificationFilter;
  ZeroMemory(&NotificationFilter, sizeof(NotificationFilter));
  NotificationFilter.dbcc_size = sizeof(DEV_BROADCAST_DEVICEINTERFACE);
  NotificationFilter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
  NotificationFilter.dbcc_classguid = InterfaceClassGuid;
  *hDeviceNotify =
      RegisterDeviceNotification(hWnd, &NotificationFilter, DEVICE_NOTIFY_WINDOW_HANDLE);
  return *hDeviceNotify != NULL;
}

static void OnDeviceChange(HWND hWnd, PTRAY_STATE state, WPARAM wParam, LPARAM lParam) {
  PDEV_BROADCAST_HDR header = (PDEV_BROADCAST_HDR)lParam;
  PDEV_BROADCAST_DEVICEINTERFACE iface;
  WCHAR link[512];
  if (header == NULL || header->dbch_devicetype != DBT_DEVTYP_DEVICEINTERFACE) return;
  iface = (PDEV_BROADCAST_DEVICEINTERFACE)header;
  if (FAILED(StringCchCopyW(link, ARRAYSIZE(link), iface->dbcc_name))) return;
  if (wcsstr(_wcsupr(link), state->Wanted) == NULL) return;
  switch (wParam) {
    case DBT_DEVICEARRIVAL:
      state->Arrivals++;
      PrintLine(L"arrival:", iface->dbcc_name);
      break;
    case DBT_DEVICEREMOVECOMPLETE:
      state->Removals++;
      PrintLine(L"removal:", iface->dbcc_name);
      if (state->Arrivals > 0) PostMessage(hWnd, WMAPP_DONE, 0, 0);
      break;
    default: break;
  }
}

static LRESULT CALLBACK TrayWndProc(HWND hWnd, UINT message, WPARAM wParam, LPARAM lParam) {
  PTRAY_STATE state = (PTRAY_STATE)GetWindowLongPtr(hWnd, GWLP_USERDATA);
  switch (message) {
    case WM_CREATE: {
      LPCREATESTRUCT create = (LPCREATESTRUCT)lParam;
      state = (PTRAY_STATE)create->lpCreateParams;
      SetWindowLongPtr(hWnd, GWLP_USERDATA, (LONG_PTR)state);
      if (!DoRegisterDeviceInterfaceToHwnd(GUID_DEVINTERFACE_NET, hWnd, &state->Notify)) {
        fprintf(stderr, "RegisterDeviceNotification failed: %u\n", (unsigned)GetLastError());
        return -1;
      }
      SetTimer(hWnd, IDT_GIVE_UP, 30000, NULL);
      return 0;
    }
    case WM_DEVICECHANGE: OnDeviceChange(hWnd, state, wParam, lParam); return TRUE;
    case WM_TIMER:
      if (wParam == IDT_GIVE_UP) {
        fprintf(stderr, "timed out: %ld arrivals, %ld removals\n", (long)state->Arrivals,
                (long)state->Removals);
        state->ExitCode = 2;
        DestroyWindow(hWnd);
      }
      return 0;
    case WMAPP_DONE:
      state->ExitCode = 0;
      DestroyWindow(hWnd);
      return 0;
    case WM_DESTROY:
      KillTimer(hWnd, IDT_GIVE_UP);
      if (state->Notify != NULL && !UnregisterDeviceNotification(state->Notify))
        fprintf(stderr, "UnregisterDeviceNotification failed: %u\n", (unsigned)GetLastError());
      state->Notify = NULL;
      PostQuitMessage(state->ExitCode);
      return 0;
    default: return DefWindowProc(hWnd, message, wParam, lParam);
  }
}

int main(int argc, char **argv) {
  static const TCHAR kClassName[] = TEXT("CmnotifyTrayDeviceWatcher");
  TRAY_STATE state;
  WNDCLASSEX wcex;
  HINSTANCE instance = GetModuleHandle(NULL);
  HWND hWnd;
  MSG msg;
  BOOL ret;

  if (argc != 2) {
    fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  ZeroMemory(&state, sizeof(state));
  state.ExitCode = 1;
  StringCchPrintfW(state.Wanted, ARRAYSIZE(state.Wanted), L"#%hs#", argv[1]);
  _wcsupr(state.Wanted);

  ZeroMemory(&wcex, sizeof(wcex));
  wcex.cbSize = sizeof(wcex);
  wcex.lpfnWndProc = TrayWndProc;
  wcex.hInstance = instance;
  wcex.lpszClassName = kClassName;
  if (!RegisterClassEx(&wcex)) {
    fprintf(stderr, "RegisterClassEx failed: %u\n", (unsigned)GetLastError());
    return 1;
  }
  hWnd = CreateWindowEx(0, kClassName, TEXT("device watcher"), 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                        instance, &state);
  if (hWnd == NULL) {
    fprintf(stderr, "CreateWindowEx failed: %u\n", (unsigned)GetLastError());
    return 1;
  }
  printf("ready\n");
  fflush(stdout);

  while ((ret = GetMessage(&msg, NULL, 0, 0)) != 0) {
    if (ret == -1) {
      fprintf(stderr, "GetMessage failed: %u\n", (unsigned)GetLastError());
      return 1;
    }
    TranslateMessage(&msg);
    DispatchMessage(&msg);
  }
  UnregisterClass(kClassName, instance);
  return (int)msg.wParam;
}
