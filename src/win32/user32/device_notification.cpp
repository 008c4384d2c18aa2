// RegisterDeviceNotification / UnregisterDeviceNotification: validate the DEV_BROADCAST filter,
// register with the engine, and deliver its events on the recipient's own thread: as
// WM_DEVICECHANGE sent to a window (run by the window's thread while it pumps messages), or as
// SERVICE_CONTROL_DEVICEEVENT to a service's HandlerEx (run by its control dispatcher thread).
//
// The engine's pool thread only queues the event (it never waits for the recipient), so a
// thread that never pumps blocks no one; the DEV_BROADCAST block is built on the recipient's
// thread and lives only during the call.
#include <dbt.h>
#include <windows.h>
#include <winuser.h>

#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include <cfgmgr32.h>

#include "engine/engine.hpp"
#include "win32/support/guid_convert.hpp"
#include "win32/support/service_controls.hpp"
#include "win32/support/text.hpp"
#include "win32/user32/user_state.hpp"

namespace cmnotify::win32::user32 {
namespace {

struct DeviceRegistration {
  engine::RegistrationId id = 0;
  HANDLE recipient = nullptr;  // the HWND or the SERVICE_STATUS_HANDLE
  bool service = false;
  bool wide = true;                // RegisterDeviceNotificationW: _W blocks
  HANDLE filter_handle = nullptr;  // DBT_DEVTYP_HANDLE: dbch_handle as registered
  // Kernel lock:
  bool closed = false;
  int running = 0;           // deliveries in progress
  DWORD running_thread = 0;  // the thread running them
  std::condition_variable idle;
};

using RegistrationPtr = std::shared_ptr<DeviceRegistration>;

std::unordered_map<std::uintptr_t, RegistrationPtr>& registrations() {
  static auto* table = new std::unordered_map<std::uintptr_t, RegistrationPtr>;  // kernel lock
  return *table;
}

HDEVNOTIFY to_handle(engine::RegistrationId id) noexcept {
  return reinterpret_cast<HDEVNOTIFY>(static_cast<std::uintptr_t>(id));
}

// The DBT_ event type of an engine event, or 0 for one Windows does not send to this API.
WPARAM event_type(const Event& event) noexcept {
  switch (event.action) {
    case Action::interface_arrival: return DBT_DEVICEARRIVAL;
    case Action::interface_removal: return DBT_DEVICEREMOVECOMPLETE;
    case Action::remove_complete: return DBT_DEVICEREMOVECOMPLETE;
    case Action::remove_pending: return DBT_DEVICEREMOVEPENDING;
    case Action::query_remove: return DBT_DEVICEQUERYREMOVE;
    case Action::query_remove_failed: return DBT_DEVICEQUERYREMOVEFAILED;
    case Action::custom_event: return DBT_CUSTOMEVENT;
    default: return 0;
  }
}

// The DEV_BROADCAST block of one event, in 8-byte-aligned storage.
class BroadcastBlock {
 public:
  BroadcastBlock(const Event& event, const DeviceRegistration& registration) {
    if (event.filter_type == FilterType::device_handle)
      build_handle(event, registration);
    else if (registration.wide)
      build_interface_w(event);
    else
      build_interface_a(event);
  }
  [[nodiscard]] void* data() noexcept { return storage_.data(); }

 private:
  template <typename T>
  T* reserve(std::size_t bytes) {
    storage_.assign((bytes + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t),
                    std::max_align_t{});
    std::memset(storage_.data(), 0, storage_.size() * sizeof(std::max_align_t));
    return reinterpret_cast<T*>(storage_.data());
  }

  void build_interface_w(const Event& event) {
    const std::size_t chars = wide_length(event.symbolic_link);
    const std::size_t size =
        offsetof(DEV_BROADCAST_DEVICEINTERFACE_W, dbcc_name) + (chars + 1) * sizeof(wchar_t);
    auto* b = reserve<DEV_BROADCAST_DEVICEINTERFACE_W>(size);
    b->dbcc_size = static_cast<DWORD>(size);
    b->dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
    b->dbcc_classguid = to_win_guid(event.class_guid);
    *write_wide(event.symbolic_link, b->dbcc_name) = L'\0';
  }

  void build_interface_a(const Event& event) {
    const std::size_t size =
        offsetof(DEV_BROADCAST_DEVICEINTERFACE_A, dbcc_name) + event.symbolic_link.size() + 1;
    auto* b = reserve<DEV_BROADCAST_DEVICEINTERFACE_A>(size);
    b->dbcc_size = static_cast<DWORD>(size);
    b->dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
    b->dbcc_classguid = to_win_guid(event.class_guid);
    std::memcpy(b->dbcc_name, event.symbolic_link.data(), event.symbolic_link.size());
  }

  void build_handle(const Event& event, const DeviceRegistration& registration) {
    const bool custom = event.action == Action::custom_event;
    const std::size_t data_bytes = custom ? event.custom_data.size() : 0;
    const std::size_t size = std::max(sizeof(DEV_BROADCAST_HANDLE),
                                      offsetof(DEV_BROADCAST_HANDLE, dbch_data) + data_bytes);
    auto* b = reserve<DEV_BROADCAST_HANDLE>(size);
    b->dbch_size = static_cast<DWORD>(size);
    b->dbch_devicetype = DBT_DEVTYP_HANDLE;
    b->dbch_handle = registration.filter_handle;
    b->dbch_hdevnotify = to_handle(registration.id);
    b->dbch_nameoffset = -1;
    if (custom) {
      b->dbch_eventguid = to_win_guid(event.class_guid);
      b->dbch_nameoffset = event.custom_name_offset;
      if (data_bytes != 0) std::memcpy(b->dbch_data, event.custom_data.data(), data_bytes);
    }
  }

  std::vector<std::max_align_t> storage_;
};

// Kernel lock not held. Marks a delivery as running, unless the registration is closed.
bool begin_delivery(DeviceRegistration& registration) {
  std::lock_guard lock(k32::kernel_lock());
  if (registration.closed) return false;
  ++registration.running;
  registration.running_thread = k32::current_thread_id();
  return true;
}

void end_delivery(DeviceRegistration& registration) {
  std::lock_guard lock(k32::kernel_lock());
  if (--registration.running == 0) registration.running_thread = 0;
  registration.idle.notify_all();
}

// WM_DEVICECHANGE, sent to the window's thread.
class DeviceMessage final : public SentMessage {
 public:
  DeviceMessage(RegistrationPtr registration, const Event& event, WPARAM type)
      : SentMessage(static_cast<HWND>(registration->recipient), WM_DEVICECHANGE, type, 0),
        registration_(std::move(registration)),
        event_(event) {}

  LRESULT run() override {
    if (!begin_delivery(*registration_)) return 0;
    LRESULT answer = 0;
    try {
      BroadcastBlock block(event_, *registration_);
      answer = call_procedure(hwnd, message, wparam, reinterpret_cast<LPARAM>(block.data()));
    } catch (const std::bad_alloc&) {
      // The event is lost for this window; nothing else can be done on its thread.
    }
    end_delivery(*registration_);
    return answer;
  }

 private:
  RegistrationPtr registration_;
  const Event event_;
};

// SERVICE_CONTROL_DEVICEEVENT, run by the service's dispatcher thread.
class DeviceControl final : public ServiceControl {
 public:
  DeviceControl(RegistrationPtr registration, const Event& event, WPARAM type)
      : registration_(std::move(registration)), event_(event), type_(type) {}

  void run(ServiceHandler& handler) override {
    if (!begin_delivery(*registration_)) return;
    try {
      BroadcastBlock block(event_, *registration_);
      (void)handler.call(SERVICE_CONTROL_DEVICEEVENT, static_cast<DWORD>(type_), block.data());
    } catch (const std::bad_alloc&) {
      // Lost for this service, as above.
    }
    end_delivery(*registration_);
  }

 private:
  RegistrationPtr registration_;
  const Event event_;
  const WPARAM type_;
};

// Runs on the engine's pool thread: hands the event to the recipient's thread and returns.
class RecipientSubscriber final : public engine::Subscriber {
 public:
  explicit RecipientSubscriber(RegistrationPtr registration)
      : registration_(std::move(registration)) {}

  void deliver(const Event& event, engine::RegistrationId) override {
    const WPARAM type = event_type(event);
    if (type == 0) return;
    if (registration_->service) {
      (void)post_service_control(registration_->recipient,
                                 std::make_shared<DeviceControl>(registration_, event, type));
      return;
    }
    auto message = std::make_shared<DeviceMessage>(registration_, event, type);
    std::lock_guard lock(k32::kernel_lock());
    if (registration_->closed) return;
    const WindowPtr window = window_of(static_cast<HWND>(registration_->recipient));
    if (window && window->queue->alive) window->queue->send(std::move(message));
  }

 private:
  RegistrationPtr registration_;
};

// ---- Validation ----

constexpr DWORD kValidFlags = DEVICE_NOTIFY_SERVICE_HANDLE | DEVICE_NOTIFY_ALL_INTERFACE_CLASSES;

// The filter block's rules (docs/win32-api.md); 0 or the error code.
DWORD translate(const DEV_BROADCAST_HDR& header, DWORD flags, bool wide, engine::FilterSpec& spec,
                HANDLE& filter_handle) {
  if (header.dbch_size < sizeof(DEV_BROADCAST_HDR)) return ERROR_INVALID_DATA;
  switch (header.dbch_devicetype) {
    case DBT_DEVTYP_DEVICEINTERFACE: {
      const std::size_t fixed = wide ? offsetof(DEV_BROADCAST_DEVICEINTERFACE_W, dbcc_name)
                                     : offsetof(DEV_BROADCAST_DEVICEINTERFACE_A, dbcc_name);
      if (header.dbch_size < fixed) return ERROR_INVALID_DATA;
      // Both forms have the GUID at the same offset.
      const auto& filter = reinterpret_cast<const DEV_BROADCAST_DEVICEINTERFACE_W&>(header);
      spec.type = FilterType::device_interface;
      if ((flags & DEVICE_NOTIFY_ALL_INTERFACE_CLASSES) != 0)
        spec.all = true;  // the class GUID is ignored, as on Windows
      else
        spec.class_guid = to_guid(filter.dbcc_classguid);
      return 0;
    }
    case DBT_DEVTYP_HANDLE: {
      if ((flags & DEVICE_NOTIFY_ALL_INTERFACE_CLASSES) != 0) return ERROR_INVALID_PARAMETER;
      if (header.dbch_size < offsetof(DEV_BROADCAST_HANDLE, dbch_hdevnotify))
        return ERROR_INVALID_DATA;
      const auto& filter = reinterpret_cast<const DEV_BROADCAST_HANDLE&>(header);
      const int fd = cmnotify_fd_from_handle(filter.dbch_handle);
      if (fd < 0) return ERROR_INVALID_HANDLE;
      spec.type = FilterType::device_handle;
      spec.native_handle = fd;
      filter_handle = filter.dbch_handle;
      return 0;
    }
    default: return ERROR_INVALID_DATA;  // OEM, DEVNODE, VOLUME, PORT, NET: not registrable
  }
}

HDEVNOTIFY register_notification(HANDLE recipient, const void* filter, DWORD flags, bool wide) {
  if (filter == nullptr || recipient == nullptr || (flags & ~kValidFlags) != 0)
    return fail_with<HDEVNOTIFY>(ERROR_INVALID_PARAMETER, nullptr);
  const bool service = (flags & DEVICE_NOTIFY_SERVICE_HANDLE) != 0;
  if (service) {
    if (!is_service_status_handle(recipient))
      return fail_with<HDEVNOTIFY>(ERROR_INVALID_HANDLE, nullptr);
  } else {
    std::lock_guard lock(k32::kernel_lock());
    if (!window_of(static_cast<HWND>(recipient)))
      return fail_with<HDEVNOTIFY>(ERROR_INVALID_WINDOW_HANDLE, nullptr);
  }
  try {
    auto registration = std::make_shared<DeviceRegistration>();
    registration->recipient = recipient;
    registration->service = service;
    registration->wide = wide;
    engine::FilterSpec spec;
    const auto& header = *static_cast<const DEV_BROADCAST_HDR*>(filter);
    if (const DWORD error = translate(header, flags, wide, spec, registration->filter_handle))
      return fail_with<HDEVNOTIFY>(error, nullptr);
    const bool handle_filter = spec.type == FilterType::device_handle;
    engine::RegistrationId id = 0;
    const Cr cr = engine::Engine::instance().register_subscriber(
        std::move(spec), std::make_unique<RecipientSubscriber>(registration),
        engine::RegisterOptions{}, id);
    if (cr != Cr::success) {
      const DWORD error = handle_filter
                              ? ERROR_INVALID_HANDLE
                              : CM_MapCrToWin32Err(static_cast<CONFIGRET>(cr), ERROR_INVALID_DATA);
      return fail_with<HDEVNOTIFY>(error, nullptr);
    }
    std::lock_guard lock(k32::kernel_lock());
    registration->id = id;
    registrations()[static_cast<std::uintptr_t>(id)] = registration;
    return to_handle(id);
  } catch (const std::bad_alloc&) {
    return fail_with<HDEVNOTIFY>(ERROR_NOT_ENOUGH_MEMORY, nullptr);
  }
}

// Closes a registration: no delivery starts afterwards.
void stop_deliveries(const RegistrationPtr& registration) {
  {
    std::lock_guard lock(k32::kernel_lock());
    registration->closed = true;
  }
  (void)engine::Engine::instance().unregister(registration->id);
}

// Closes a registration taken out of the table; unless the caller is the thread running a
// delivery (the window procedure unregistering itself), none is running when it returns.
void close(const RegistrationPtr& registration) {
  stop_deliveries(registration);
  std::unique_lock lock(k32::kernel_lock());
  const DWORD self = k32::current_thread_id();
  registration->idle.wait(
      lock, [&] { return registration->running == 0 || registration->running_thread == self; });
}

}  // namespace

void end_device_notifications_of(HWND hwnd) {
  // The handles stay valid: UnregisterDeviceNotification after DestroyWindow succeeds once.
  std::vector<RegistrationPtr> ending;
  {
    std::lock_guard lock(k32::kernel_lock());
    for (const auto& [handle, registration] : registrations())
      if (!registration->service && registration->recipient == hwnd && !registration->closed)
        ending.push_back(registration);
  }
  // A window's deliveries run on its own thread, the caller (DestroyWindow, or the thread's
  // end): none can be running elsewhere, so there is nothing to wait for.
  for (const RegistrationPtr& registration : ending) stop_deliveries(registration);
}

}  // namespace cmnotify::win32::user32

namespace u32 = cmnotify::win32::user32;
namespace k32 = cmnotify::win32::kernel32;

extern "C" {

HDEVNOTIFY WINAPI RegisterDeviceNotificationW(HANDLE hRecipient, LPVOID NotificationFilter,
                                              DWORD Flags) {
  return u32::register_notification(hRecipient, NotificationFilter, Flags, true);
}

HDEVNOTIFY WINAPI RegisterDeviceNotificationA(HANDLE hRecipient, LPVOID NotificationFilter,
                                              DWORD Flags) {
  return u32::register_notification(hRecipient, NotificationFilter, Flags, false);
}

BOOL WINAPI UnregisterDeviceNotification(HDEVNOTIFY Handle) {
  u32::RegistrationPtr registration;
  {
    std::lock_guard lock(k32::kernel_lock());
    auto& table = u32::registrations();
    const auto it = table.find(reinterpret_cast<std::uintptr_t>(Handle));
    if (Handle == nullptr || it == table.end())
      return u32::fail_with<BOOL>(ERROR_INVALID_HANDLE, FALSE);
    registration = std::move(it->second);
    table.erase(it);
  }
  u32::close(registration);
  return TRUE;
}

}  // extern "C"
