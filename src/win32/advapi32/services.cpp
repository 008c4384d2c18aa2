// Services without a Service Control Manager: StartServiceCtrlDispatcher runs the first service
// of its table in this process and makes the calling thread its control dispatcher, which runs
// HandlerEx for SIGTERM/SIGINT (stop) and for the device events of RegisterDeviceNotification,
// which arrive in the dispatcher thread's engine Inbox (support/service_controls.hpp).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <windows.h>
#include <winsvc.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cwctype>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "win32/support/service_controls.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

struct Service {
  std::wstring name;
  std::string name_utf8;
  LPSERVICE_MAIN_FUNCTIONW main_w = nullptr;
  LPSERVICE_MAIN_FUNCTIONA main_a = nullptr;
  // Under state_mutex():
  LPHANDLER_FUNCTION_EX handler_ex = nullptr;
  LPHANDLER_FUNCTION handler = nullptr;
  void* context = nullptr;
  SERVICE_STATUS status{};
  bool started = false;
  bool main_returned = false;
  std::uintptr_t handle = 0;  // its SERVICE_STATUS_HANDLE, once RegisterServiceCtrlHandler ran
};

// The dispatcher's state; one per process, as on Windows.
struct Dispatcher {
  std::vector<std::unique_ptr<Service>> services;
  std::deque<std::pair<Service*, DWORD>> controls;  // stop controls from signals
  std::shared_ptr<engine::Inbox> inbox;             // device events, while running
  bool running = false;
};

std::mutex& state_mutex() {
  static auto* m = new std::mutex;
  return *m;
}

Dispatcher& dispatcher() {
  static auto* d = new Dispatcher;  // state_mutex()
  return *d;
}

// The write end of the dispatcher's wake-up pipe (-1 when none runs): the signal handler and
// the control queue write one byte to it. 'S': a stop signal; 'C': a control or a state change.
std::atomic<int> g_wake_fd{-1};
std::atomic<int> g_last_signal{0};

void wake_dispatcher(char why) {
  const int fd = g_wake_fd.load();
  if (fd < 0) return;
  ssize_t n = 0;
  do {
    n = ::write(fd, &why, 1);
  } while (n < 0 && errno == EINTR);  // a full pipe already wakes it: nothing to do
}

extern "C" void on_stop_signal(int signo) {
  const int saved = errno;
  g_last_signal.store(signo);
  wake_dispatcher('S');
  errno = saved;
}

std::uintptr_t next_handle() {
  static std::uintptr_t next = 0x5EC0000;
  next += 8;
  return next;
}

// state_mutex() held.
Service* service_of(void* handle) {
  const auto value = reinterpret_cast<std::uintptr_t>(handle);
  if (value == 0) return nullptr;
  for (const auto& s : dispatcher().services)
    if (s->handle == value) return s.get();
  return nullptr;
}

bool same_name(std::wstring_view a, std::wstring_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](wchar_t x, wchar_t y) {
           return std::towlower(static_cast<wint_t>(x)) == std::towlower(static_cast<wint_t>(y));
         });
}

// Wakes the dispatcher when device events wait in its inbox (called under the inbox's lock: it
// only writes to the pipe).
class DispatcherWaker final : public engine::InboxWaker {
 public:
  void wake() noexcept override { wake_dispatcher('C'); }
};

// Calls a service's handler for a control, on the dispatcher thread, without the lock.
DWORD call_handler(Service& service, DWORD control, DWORD event_type, void* event_data) {
  LPHANDLER_FUNCTION_EX ex = nullptr;
  LPHANDLER_FUNCTION plain = nullptr;
  void* context = nullptr;
  {
    std::lock_guard lock(state_mutex());
    ex = service.handler_ex;
    plain = service.handler;
    context = service.context;
  }
  if (ex != nullptr) return ex(control, event_type, event_data, context);
  // A Handler without Ex gets no device events, as on Windows.
  if (plain != nullptr && control != SERVICE_CONTROL_DEVICEEVENT) plain(control);
  return NO_ERROR;
}

// Runs the queued stop controls, then the device events waiting in the inbox.
void run_controls(engine::Inbox& inbox) {
  for (;;) {
    std::pair<Service*, DWORD> next{nullptr, 0};
    {
      std::lock_guard lock(state_mutex());
      auto& queue = dispatcher().controls;
      if (!queue.empty()) {
        next = queue.front();
        queue.pop_front();
      }
    }
    if (next.first != nullptr) {
      (void)call_handler(*next.first, next.second, 0, nullptr);
      continue;
    }
    if (inbox.dispatch(64) == 0) return;
  }
}

// A stop signal: the control each running service accepts; a service that accepts neither stop
// nor shutdown is ended by the signal, as a program without a handler would be.
void handle_stop_signal() {
  std::lock_guard lock(state_mutex());
  for (const auto& s : dispatcher().services) {
    if (!s->started || s->status.dwCurrentState == SERVICE_STOPPED) continue;
    const DWORD accepted = s->status.dwControlsAccepted;
    DWORD control = 0;
    if ((accepted & SERVICE_ACCEPT_STOP) != 0)
      control = SERVICE_CONTROL_STOP;
    else if ((accepted & SERVICE_ACCEPT_SHUTDOWN) != 0)
      control = SERVICE_CONTROL_SHUTDOWN;
    if (control == 0 || (s->handler_ex == nullptr && s->handler == nullptr)) {
      const int signo = g_last_signal.load();
      ::signal(signo, SIG_DFL);
      ::raise(signo);
      continue;
    }
    dispatcher().controls.emplace_back(s.get(), control);
  }
}

// state_mutex() held. Every service started has stopped and returned from its ServiceMain.
bool all_stopped() {
  for (const auto& s : dispatcher().services) {
    if (!s->started) continue;
    // A ServiceMain that returned without ever registering a handler can never be stopped.
    if (s->main_returned && s->handle == 0) continue;
    if (s->status.dwCurrentState != SERVICE_STOPPED || !s->main_returned) return false;
  }
  return true;
}

struct SignalGuard {
  struct sigaction old_term {};
  struct sigaction old_int {};
  SignalGuard() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, &old_term);
    ::sigaction(SIGINT, &action, &old_int);
  }
  ~SignalGuard() {
    ::sigaction(SIGTERM, &old_term, nullptr);
    ::sigaction(SIGINT, &old_int, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
};

void run_service_main(Service* service) {
  if (service->main_w != nullptr) {
    std::wstring name = service->name;
    LPWSTR argv[] = {name.data(), nullptr};
    service->main_w(1, argv);
  } else {
    std::string name = service->name_utf8;
    LPSTR argv[] = {name.data(), nullptr};
    service->main_a(1, argv);
  }
  std::lock_guard lock(state_mutex());
  service->main_returned = true;
  wake_dispatcher('C');
}

// The dispatcher: starts the first service, then runs controls until every service has stopped.
BOOL dispatch(std::vector<std::unique_ptr<Service>> services) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
  }
  Service* first = services.front().get();
  const auto inbox = std::make_shared<engine::Inbox>(std::make_unique<DispatcherWaker>());
  {
    std::lock_guard lock(state_mutex());
    if (dispatcher().running) {
      ::close(fds[0]);
      ::close(fds[1]);
      SetLastError(ERROR_SERVICE_ALREADY_RUNNING);
      return FALSE;
    }
    dispatcher().running = true;
    dispatcher().services = std::move(services);
    first->started = true;
    first->status.dwCurrentState = SERVICE_START_PENDING;
    dispatcher().inbox = inbox;
    g_wake_fd.store(fds[1]);
  }
  {
    SignalGuard signals;
    std::thread service_thread(run_service_main, first);
    for (;;) {
      {
        std::lock_guard lock(state_mutex());
        if (all_stopped()) break;
      }
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, -1) < 0 && errno != EINTR) break;
      char bytes[64];
      ssize_t n = 0;
      bool stop = false;
      while ((n = ::read(fds[0], bytes, sizeof(bytes))) > 0)
        stop = stop || std::find(bytes, bytes + n, 'S') != bytes + n;
      if (stop) handle_stop_signal();
      run_controls(*inbox);
    }
    service_thread.join();
  }
  {
    std::lock_guard lock(state_mutex());
    dispatcher().inbox = nullptr;
  }
  inbox->close();  // registrations still open deliver nowhere now (never under our lock)
  std::lock_guard lock(state_mutex());
  g_wake_fd.store(-1);
  ::close(fds[0]);
  ::close(fds[1]);
  dispatcher().controls.clear();
  dispatcher().services.clear();
  dispatcher().running = false;
  return TRUE;
}

SERVICE_STATUS_HANDLE register_handler(std::wstring_view name, LPHANDLER_FUNCTION_EX ex,
                                       LPHANDLER_FUNCTION plain, void* context) {
  if (ex == nullptr && plain == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  std::lock_guard lock(state_mutex());
  auto& services = dispatcher().services;
  Service* service = nullptr;
  // An own-process service (one table entry) is found whatever the name, as on Windows.
  if (services.size() == 1) {
    service = services.front().get();
  } else {
    for (const auto& s : services)
      if (same_name(s->name, name)) service = s.get();
  }
  if (service == nullptr) {
    SetLastError(ERROR_SERVICE_NOT_IN_EXE);
    return nullptr;
  }
  service->handler_ex = ex;
  service->handler = plain;
  service->context = context;
  if (service->handle == 0) service->handle = next_handle();
  return reinterpret_cast<SERVICE_STATUS_HANDLE>(service->handle);
}

template <typename Char>
std::wstring wide_name(const Char* name) {
  if (name == nullptr) return {};
  if constexpr (std::is_same_v<Char, char>)
    return wide_from_utf8(name);
  else
    return name;
}

// The A and W tables: names converted, ServiceMain kept in its own form.
template <typename Entry>
BOOL start_dispatcher(const Entry* table) {
  if (table == nullptr || table[0].lpServiceName == nullptr || table[0].lpServiceProc == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  try {
    std::vector<std::unique_ptr<Service>> services;
    for (const Entry* e = table; e->lpServiceName != nullptr; ++e) {
      auto s = std::make_unique<Service>();
      s->name = wide_name(e->lpServiceName);
      (void)utf8_from_wide(s->name, s->name_utf8);
      if constexpr (std::is_same_v<Entry, SERVICE_TABLE_ENTRYW>)
        s->main_w = e->lpServiceProc;
      else
        s->main_a = e->lpServiceProc;
      services.push_back(std::move(s));
    }
    return dispatch(std::move(services));
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
  }
}

template <typename Char>
SERVICE_STATUS_HANDLE register_named_handler(const Char* name, LPHANDLER_FUNCTION_EX ex,
                                             LPHANDLER_FUNCTION plain, void* context) {
  try {
    return register_handler(wide_name(name), ex, plain, context);
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
}

}  // namespace

std::shared_ptr<engine::Inbox> service_inbox(void* handle) {
  std::lock_guard lock(state_mutex());
  Service* service = service_of(handle);
  if (service == nullptr || service->status.dwCurrentState == SERVICE_STOPPED) return nullptr;
  return dispatcher().inbox;
}

DWORD call_service_handler(void* handle, DWORD control, DWORD event_type, void* event_data) {
  Service* service = nullptr;
  {
    std::lock_guard lock(state_mutex());
    service = service_of(handle);
  }
  // Services live until the dispatcher returns, after its inbox has stopped running entries.
  if (service == nullptr) return NO_ERROR;
  return call_handler(*service, control, event_type, event_data);
}

}  // namespace cmnotify::win32

namespace win32 = cmnotify::win32;

extern "C" {

BOOL WINAPI StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW* lpServiceStartTable) {
  return win32::start_dispatcher(lpServiceStartTable);
}

BOOL WINAPI StartServiceCtrlDispatcherA(const SERVICE_TABLE_ENTRYA* lpServiceStartTable) {
  return win32::start_dispatcher(lpServiceStartTable);
}

SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExW(LPCWSTR lpServiceName,
                                                           LPHANDLER_FUNCTION_EX lpHandlerProc,
                                                           LPVOID lpContext) {
  return win32::register_named_handler(lpServiceName, lpHandlerProc, nullptr, lpContext);
}

SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerExA(LPCSTR lpServiceName,
                                                           LPHANDLER_FUNCTION_EX lpHandlerProc,
                                                           LPVOID lpContext) {
  return win32::register_named_handler(lpServiceName, lpHandlerProc, nullptr, lpContext);
}

SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerW(LPCWSTR lpServiceName,
                                                         LPHANDLER_FUNCTION lpHandlerProc) {
  return win32::register_named_handler(lpServiceName, nullptr, lpHandlerProc, nullptr);
}

SERVICE_STATUS_HANDLE WINAPI RegisterServiceCtrlHandlerA(LPCSTR lpServiceName,
                                                         LPHANDLER_FUNCTION lpHandlerProc) {
  return win32::register_named_handler(lpServiceName, nullptr, lpHandlerProc, nullptr);
}

BOOL WINAPI SetServiceStatus(SERVICE_STATUS_HANDLE hServiceStatus,
                             LPSERVICE_STATUS lpServiceStatus) {
  std::lock_guard lock(win32::state_mutex());
  win32::Service* service = win32::service_of(hServiceStatus);
  if (service == nullptr) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  if (lpServiceStatus == nullptr || lpServiceStatus->dwCurrentState < SERVICE_STOPPED ||
      lpServiceStatus->dwCurrentState > SERVICE_PAUSED) {
    SetLastError(ERROR_INVALID_DATA);
    return FALSE;
  }
  service->status = *lpServiceStatus;
  if (lpServiceStatus->dwCurrentState == SERVICE_STOPPED) win32::wake_dispatcher('C');
  return TRUE;
}

}  // extern "C"
