/* A device-aware Windows program of the classic kind: a message-only window registered with
 * RegisterDeviceNotification for the network interface class, a GetMessage loop, and a window
 * procedure that handles WM_DEVICECHANGE. It prints the arrival and the removal of the network
 * interface named on the command line (its symbolic link), then unregisters, destroys the window
 * and leaves the loop.
 *
 *   device_window tap0      (then: ip tuntap add tap0 mode tap; ip tuntap del tap0 mode tap)
 *
 * Built as Windows C code (the pkg-config flags define UNICODE, so the undecorated names are the
 * W functions); the tests run it while a tap interface comes and goes. */
#include <windows.h>

#include <dbt.h>
#include <ndisguid.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#define WINDOW_CLASS L"DeviceWindowExample"

/* The window's state, reached through GWLP_USERDATA. */
typedef struct {
  HDEVNOTIFY notify;
  wchar_t wanted[64]; /* "#NAME#" upper-cased: how the interface's name appears in its link */
} WindowState;

static BOOL is_wanted(const WindowState* state, const DEV_BROADCAST_DEVICEINTERFACE* b) {
  wchar_t link[512];
  size_t i = 0;
  for (; b->dbcc_name[i] != L'\0' && i + 1 < sizeof link / sizeof link[0]; ++i)
    link[i] = (wchar_t)towupper((wint_t)b->dbcc_name[i]);
  link[i] = L'\0';
  return wcsstr(link, state->wanted) != NULL;
}

static void on_device_change(HWND hwnd, WindowState* state, WPARAM event, LPARAM data) {
  const DEV_BROADCAST_HDR* header = (const DEV_BROADCAST_HDR*)data;
  if (event != DBT_DEVICEARRIVAL && event != DBT_DEVICEREMOVECOMPLETE) return;
  if (header == NULL || header->dbch_devicetype != DBT_DEVTYP_DEVICEINTERFACE) return;
  /* The block lives only during this call: print it now. */
  const DEV_BROADCAST_DEVICEINTERFACE* b = (const DEV_BROADCAST_DEVICEINTERFACE*)header;
  if (!is_wanted(state, b)) return;
  printf("%s %ls\n", event == DBT_DEVICEARRIVAL ? "arrival" : "removal", b->dbcc_name);
  if (event == DBT_DEVICEREMOVECOMPLETE) PostMessage(hwnd, WM_CLOSE, 0, 0);
}

static LRESULT CALLBACK window_procedure(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam) {
  WindowState* state = (WindowState*)GetWindowLongPtr(hwnd, GWLP_USERDATA);
  switch (message) {
    case WM_CREATE: {
      const CREATESTRUCT* create = (const CREATESTRUCT*)lparam;
      state = (WindowState*)create->lpCreateParams;
      SetWindowLongPtr(hwnd, GWLP_USERDATA, (LONG_PTR)state);
      DEV_BROADCAST_DEVICEINTERFACE filter;
      ZeroMemory(&filter, sizeof filter);
      filter.dbcc_size = sizeof filter;
      filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
      filter.dbcc_classguid = GUID_DEVINTERFACE_NET;
      state->notify = RegisterDeviceNotification(hwnd, &filter, DEVICE_NOTIFY_WINDOW_HANDLE);
      if (state->notify == NULL) {
        fprintf(stderr, "RegisterDeviceNotification failed: %lu\n", (unsigned long)GetLastError());
        return -1; /* CreateWindowEx fails */
      }
      return 0;
    }
    case WM_DEVICECHANGE:
      on_device_change(hwnd, state, wparam, lparam);
      return TRUE;
    case WM_CLOSE:
      if (!UnregisterDeviceNotification(state->notify))
        fprintf(stderr, "UnregisterDeviceNotification failed: %lu\n",
                (unsigned long)GetLastError());
      state->notify = NULL;
      DestroyWindow(hwnd);
      return 0;
    case WM_DESTROY:
      PostQuitMessage(0);
      return 0;
    default:
      return DefWindowProc(hwnd, message, wparam, lparam);
  }
}

int main(int argc, char** argv) {
  if (argc != 2 || strlen(argv[1]) + 3 > 64) {
    fprintf(stderr, "usage: %s INTERFACE\n", argv[0]);
    return 2;
  }
  setvbuf(stdout, NULL, _IOLBF, 0); /* each line as it happens, also into a pipe */
  WindowState state;
  ZeroMemory(&state, sizeof state);
  size_t n = 0;
  state.wanted[n++] = L'#';
  for (const char* p = argv[1]; *p != '\0'; ++p) state.wanted[n++] = (wchar_t)towupper((wint_t)*p);
  state.wanted[n++] = L'#';
  state.wanted[n] = L'\0';

  WNDCLASSEX window_class;
  ZeroMemory(&window_class, sizeof window_class);
  window_class.cbSize = sizeof window_class;
  window_class.lpfnWndProc = window_procedure;
  window_class.hInstance = GetModuleHandle(NULL);
  window_class.lpszClassName = WINDOW_CLASS;
  if (!RegisterClassEx(&window_class)) {
    fprintf(stderr, "RegisterClassEx failed: %lu\n", (unsigned long)GetLastError());
    return 1;
  }
  /* Message-only: it gets the messages addressed to it, no broadcast. */
  HWND hwnd = CreateWindowEx(0, WINDOW_CLASS, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                             window_class.hInstance, &state);
  if (hwnd == NULL) return 1;
  printf("ready\n");

  MSG msg;
  int got;
  while ((got = GetMessage(&msg, NULL, 0, 0)) != 0) {
    if (got == -1) return 1;
    TranslateMessage(&msg);
    DispatchMessage(&msg);
  }
  UnregisterClass(WINDOW_CLASS, window_class.hInstance);
  printf("closed\n");
  return (int)msg.wParam;
}
