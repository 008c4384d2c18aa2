// A tray tool's device watcher: it follows one device instance (DEVICEINSTANCE filter), and
// when the device starts looks it up (CM_Locate_DevNode, CM_Get_DevNode_Property) and shows its
// Linux location, converting the text for a UTF-8 console. Usage: instance_watch IFNAME
#include <Windows.h>
#include <CfgMgr32.h>
#include <Devpkey.h>
#include <StrSafe.h>
#include <tchar.h>

#include <cstdio>
#include <vector>

namespace {

struct Watch {
  WCHAR instance_id[MAX_DEVICE_ID_LEN];
  HANDLE events = nullptr;  // a semaphore: one count per callback
  volatile LONG started = 0;
  volatile LONG removed = 0;
  DWORD tls = TLS_OUT_OF_INDEXES;
};

// The console takes UTF-8.
void PrintWide(const wchar_t* prefix, const wchar_t* text) {
  WCHAR line[1024];
  if (_snwprintf(line, ARRAYSIZE(line), L"%s %s\n", prefix, text) < 0) return;
  const int bytes = WideCharToMultiByte(CP_UTF8, 0, line, -1, nullptr, 0, nullptr, nullptr);
  std::vector<char> utf8(static_cast<size_t>(bytes));
  WideCharToMultiByte(CP_UTF8, 0, line, -1, utf8.data(), bytes, nullptr, nullptr);
  fputs(utf8.data(), stdout);
  fflush(stdout);
}

void ShowLocation(const WCHAR* instance_id) {
  DEVINST devinst = 0;
  if (CM_Locate_DevNodeW(&devinst, const_cast<DEVINSTID_W>(instance_id),
                         CM_LOCATE_DEVNODE_NORMAL) != CR_SUCCESS)
    return;
  DEVPROPTYPE type = 0;
  ULONG size = 0;
  CONFIGRET cr =
      CM_Get_DevNode_PropertyW(devinst, &DEVPKEY_Cmnotify_LinuxSyspath, &type, nullptr, &size, 0);
  if (cr != CR_BUFFER_SMALL || type != DEVPROP_TYPE_STRING) return;
  std::vector<BYTE> value(size);
  if (CM_Get_DevNode_PropertyW(devinst, &DEVPKEY_Cmnotify_LinuxSyspath, &type, value.data(), &size,
                               0) == CR_SUCCESS)
    PrintWide(L"  at", reinterpret_cast<const WCHAR*>(value.data()));
}

DWORD CALLBACK OnInstance(HCMNOTIFICATION, PVOID context, CM_NOTIFY_ACTION action,
                          PCM_NOTIFY_EVENT_DATA data, DWORD) {
  auto* watch = static_cast<Watch*>(context);
  // Per-thread bookkeeping of the callback threads, as such tools keep it.
  const auto seen = reinterpret_cast<ULONG_PTR>(TlsGetValue(watch->tls));
  TlsSetValue(watch->tls, reinterpret_cast<LPVOID>(seen + 1));
  switch (action) {
    case CM_NOTIFY_ACTION_DEVICEINSTANCESTARTED:
      InterlockedIncrement(&watch->started);
      PrintWide(L"started", data->u.DeviceInstance.InstanceId);
      ShowLocation(data->u.DeviceInstance.InstanceId);
      break;
    case CM_NOTIFY_ACTION_DEVICEINSTANCEREMOVED:
      InterlockedIncrement(&watch->removed);
      PrintWide(L"removed", data->u.DeviceInstance.InstanceId);
      break;
    default: break;
  }
  ReleaseSemaphore(watch->events, 1, nullptr);
  return ERROR_SUCCESS;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  Watch watch;
  WCHAR name[32];
  if (MultiByteToWideChar(CP_ACP, 0, argv[1], -1, name, ARRAYSIZE(name)) == 0) return 64;
  if (FAILED(StringCchPrintfW(watch.instance_id, ARRAYSIZE(watch.instance_id), L"SWD\\NET\\%s",
                              _wcsupr(name))))
    return 64;
  watch.events = CreateSemaphoreW(nullptr, 0, 1000, nullptr);
  watch.tls = TlsAlloc();
  if (watch.events == nullptr || watch.tls == TLS_OUT_OF_INDEXES) return 1;

  CM_NOTIFY_FILTER filter = {};
  filter.cbSize = sizeof(filter);
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  StringCchCopyW(filter.u.DeviceInstance.InstanceId, MAX_DEVICE_ID_LEN, watch.instance_id);
  HCMNOTIFICATION notification = nullptr;
  const CONFIGRET cr = CM_Register_Notification(&filter, &watch, OnInstance, &notification);
  if (cr != CR_SUCCESS) {
    std::fprintf(stderr, "CM_Register_Notification: 0x%x\n", static_cast<unsigned>(cr));
    return 1;
  }
  _tprintf(_T("ready: watching %s\n"), watch.instance_id);  // TCHAR is WCHAR: %s is wide
  std::fflush(stdout);

  const ULONGLONG deadline = GetTickCount64() + 30000;
  int result = 2;
  for (;;) {
    const ULONGLONG now = GetTickCount64();
    if (now >= deadline) break;
    if (WaitForSingleObject(watch.events, static_cast<DWORD>(deadline - now)) != WAIT_OBJECT_0)
      break;
    if (watch.started > 0 && watch.removed > 0) {
      result = 0;
      break;
    }
  }
  CM_Unregister_Notification(notification);
  TlsFree(watch.tls);
  CloseHandle(watch.events);
  char summary[64];
  sprintf_s(summary, sizeof summary, "%ld start(s), %ld removal(s)", watch.started, watch.removed);
  std::puts(summary);
  return result;
}
