// A game's input layer: a hot-plug thread that owns the device list. The notification callback
// only queues what happened and wakes the thread (CRITICAL_SECTION + CONDITION_VARIABLE); the
// thread matches the interface against the name it looks for. Usage: hotplug_thread IFNAME
#include <Windows.h>
#include <Cfgmgr32.h>
#include <InitGuid.h>
#include <Ndisguid.h>
#include <Strsafe.h>

#include <cstdio>
#include <deque>
#include <string>

namespace {

struct HotplugEvent {
  bool arrival;
  std::wstring link;
};

struct InputHotplug {
  CRITICAL_SECTION lock;
  CONDITION_VARIABLE changed;
  std::deque<HotplugEvent> queue;
  bool stopping = false;
  WCHAR wanted[64];       // upper case, as it appears in the symbolic link
  HANDLE done = nullptr;  // manual-reset: both events of the interface were seen
  volatile LONG callbacks = 0;
};

DWORD CALLBACK OnNotify(HCMNOTIFICATION, PVOID context, CM_NOTIFY_ACTION action,
                        PCM_NOTIFY_EVENT_DATA data, DWORD) {
  auto* self = static_cast<InputHotplug*>(context);
  InterlockedIncrement(&self->callbacks);
  if (action != CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL &&
      action != CM_NOTIFY_ACTION_DEVICEINTERFACEREMOVAL)
    return ERROR_SUCCESS;
  EnterCriticalSection(&self->lock);
  self->queue.push_back(
      {action == CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL, data->u.DeviceInterface.SymbolicLink});
  LeaveCriticalSection(&self->lock);
  WakeConditionVariable(&self->changed);
  return ERROR_SUCCESS;
}

DWORD WINAPI HotplugThread(LPVOID parameter) {
  auto* self = static_cast<InputHotplug*>(parameter);
  bool arrived = false;
  bool removed = false;
  EnterCriticalSection(&self->lock);
  while (!self->stopping) {
    if (self->queue.empty()) {
      // Wake up now and then even without events, as a game loop does.
      SleepConditionVariableCS(&self->changed, &self->lock, 250);
      continue;
    }
    HotplugEvent event = self->queue.front();
    self->queue.pop_front();
    LeaveCriticalSection(&self->lock);
    std::wstring upper = event.link;
    _wcsupr(&upper[0]);
    if (wcsstr(upper.c_str(), self->wanted) != nullptr) {
      // stdout is byte-oriented (printf used it first): the wide link goes through %ls.
      printf("%s %ls\n", event.arrival ? "arrived" : "removed", event.link.c_str());
      fflush(stdout);
      if (event.arrival)
        arrived = true;
      else if (arrived)
        removed = true;
      if (arrived && removed) SetEvent(self->done);
    }
    EnterCriticalSection(&self->lock);
  }
  LeaveCriticalSection(&self->lock);
  return arrived && removed ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  InputHotplug hotplug;
  InitializeCriticalSection(&hotplug.lock);
  InitializeConditionVariable(&hotplug.changed);
  WCHAR name[32];
  if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, argv[1], -1, name, ARRAYSIZE(name)) == 0)
    return 64;
  StringCchPrintfW(hotplug.wanted, ARRAYSIZE(hotplug.wanted), L"#%s#", _wcsupr(name));
  hotplug.done = CreateEventW(nullptr, TRUE, FALSE, nullptr);

  DWORD thread_id = 0;
  HANDLE thread = CreateThread(nullptr, 0, HotplugThread, &hotplug, 0, &thread_id);
  if (thread == nullptr) return 1;
  SetThreadPriority(thread, THREAD_PRIORITY_ABOVE_NORMAL);

  CM_NOTIFY_FILTER filter;
  ZeroMemory(&filter, sizeof(filter));
  filter.cbSize = sizeof(filter);
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  filter.u.DeviceInterface.ClassGuid = GUID_DEVINTERFACE_NET;
  HCMNOTIFICATION notification = nullptr;
  CONFIGRET cr = CM_Register_Notification(&filter, &hotplug, OnNotify, &notification);
  if (cr != CR_SUCCESS) {
    fprintf(stderr, "CM_Register_Notification failed: 0x%x\n", static_cast<unsigned>(cr));
    return 1;
  }
  printf("ready (hot-plug thread %lu)\n", static_cast<unsigned long>(thread_id));
  fflush(stdout);

  const DWORD waited = WaitForSingleObject(hotplug.done, 30000);
  CM_Unregister_Notification(notification);  // no callback runs after this returns
  EnterCriticalSection(&hotplug.lock);
  hotplug.stopping = true;
  LeaveCriticalSection(&hotplug.lock);
  WakeAllConditionVariable(&hotplug.changed);
  WaitForSingleObject(thread, INFINITE);
  DWORD exit_code = 1;
  GetExitCodeThread(thread, &exit_code);
  CloseHandle(thread);
  CloseHandle(hotplug.done);
  DeleteCriticalSection(&hotplug.lock);
  printf("%ld callbacks\n", static_cast<long>(hotplug.callbacks));
  return waited == WAIT_OBJECT_0 && exit_code == 0 ? 0 : 2;
}
