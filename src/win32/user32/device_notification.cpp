// RegisterDeviceNotification / UnregisterDeviceNotification: validate the DEV_BROADCAST filter,
// register with the engine, and deliver its events on the recipient's own thread: as
// WM_DEVICECHANGE sent to a window (run by the window's thread while it pumps messages), or as
// SERVICE_CONTROL_DEVICEEVENT to a service's HandlerEx (run by its control dispatcher thread).
//
// Both are the engine's thread-owned Inbox (engine/inbox.hpp), the mechanism the C++ API's
// EventQueue uses: the registration delivers into the inbox of the window's thread (its message
// queue's) or of the service's dispatcher thread, which runs the entries while it pumps. The
// engine's threads never wait for the recipient, so a thread that never pumps blocks no one, and
// the engine's registration gives the unregistration guarantees. The DEV_BROADCAST block is built
// on the recipient's thread and lives only during the call.
#include <dbt.h>
#include <windows.h>
#include <winuser.h>

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

// What a registration delivers to, and what its DEV_BROADCAST blocks say.
struct Recipient {
  HANDLE handle = nullptr;  // the HWND or the SERVICE_STATUS_HANDLE
  bool service = false;
  bool wide = true;                // RegisterDeviceNotificationW: _W blocks
  HANDLE filter_handle = nullptr;  // DBT_DEVTYP_HANDLE: dbch_handle as registered
};

// An open HDEVNOTIFY (kernel lock).
struct Registered {
  Recipient recipient;
  bool ended = false;  // its window was destroyed: the engine registration is closed already
};

std::unordered_map<std::uintptr_t, Registered>& registrations() {
  static auto* table = new std::unordered_map<std::uintptr_t, Registered>;
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
  BroadcastBlock(const Event& event, const Recipient& recipient, engine::RegistrationId id) {
    if (event.filter_type == FilterType::device_handle)
      build_handle(event, recipient, id);
    else if (recipient.wide)
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

  void build_handle(const Event& event, const Recipient& recipient, engine::RegistrationId id) {
    const bool custom = event.action == Action::custom_event;
    const std::size_t data_bytes = custom ? event.custom_data.size() : 0;
    const std::size_t size = std::max(sizeof(DEV_BROADCAST_HANDLE),
                                      offsetof(DEV_BROADCAST_HANDLE, dbch_data) + data_bytes);
    auto* b = reserve<DEV_BROADCAST_HANDLE>(size);
    b->dbch_size = static_cast<DWORD>(size);
    b->dbch_devicetype = DBT_DEVTYP_HANDLE;
    b->dbch_handle = recipient.filter_handle;
    b->dbch_hdevnotify = to_handle(id);
    b->dbch_nameoffset = -1;
    if (custom) {
      b->dbch_eventguid = to_win_guid(event.class_guid);
      b->dbch_nameoffset = event.custom_name_offset;
      if (data_bytes != 0) std::memcpy(b->dbch_data, event.custom_data.data(), data_bytes);
    }
  }

  std::vector<std::max_align_t> storage_;
};

// Runs on the recipient's thread, when it runs its inbox: builds the block and calls the window
// procedure (WM_DEVICECHANGE) or the service's HandlerEx (SERVICE_CONTROL_DEVICEEVENT).
class RecipientSubscriber final : public engine::Subscriber {
 public:
  explicit RecipientSubscriber(const Recipient& recipient) : recipient_(recipient) {}

  void deliver(const Event& event, engine::RegistrationId id) override {
    const WPARAM type = event_type(event);
    if (type == 0) return;
    BroadcastBlock block(event, recipient_, id);
    if (recipient_.service) {
      (void)call_service_handler(recipient_.handle, SERVICE_CONTROL_DEVICEEVENT,
                                 static_cast<DWORD>(type), block.data());
    } else {
      (void)call_procedure(static_cast<HWND>(recipient_.handle), WM_DEVICECHANGE, type,
                           reinterpret_cast<LPARAM>(block.data()));
    }
  }

 private:
  const Recipient recipient_;
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

// The inbox the recipient's thread runs: the window's message queue's, or the service
// dispatcher's. Null with the last error set when the recipient is not one.
std::shared_ptr<engine::Inbox> recipient_inbox(const Recipient& recipient) {
  if (recipient.service) {
    auto inbox = service_inbox(recipient.handle);
    if (!inbox) SetLastError(ERROR_INVALID_HANDLE);
    return inbox;
  }
  std::lock_guard lock(k32::kernel_lock());
  const WindowPtr window = window_of(static_cast<HWND>(recipient.handle));
  if (!window) {
    SetLastError(ERROR_INVALID_WINDOW_HANDLE);
    return nullptr;
  }
  return inbox_of(*window->queue);
}

HDEVNOTIFY register_notification(HANDLE recipient_handle, const void* filter, DWORD flags,
                                 bool wide) {
  if (filter == nullptr || recipient_handle == nullptr || (flags & ~kValidFlags) != 0)
    return fail_with<HDEVNOTIFY>(ERROR_INVALID_PARAMETER, nullptr);
  try {
    Recipient recipient;
    recipient.handle = recipient_handle;
    recipient.service = (flags & DEVICE_NOTIFY_SERVICE_HANDLE) != 0;
    recipient.wide = wide;
    const std::shared_ptr<engine::Inbox> inbox = recipient_inbox(recipient);
    if (!inbox) return nullptr;
    engine::FilterSpec spec;
    const auto& header = *static_cast<const DEV_BROADCAST_HDR*>(filter);
    if (const DWORD error = translate(header, flags, wide, spec, recipient.filter_handle))
      return fail_with<HDEVNOTIFY>(error, nullptr);
    const bool handle_filter = spec.type == FilterType::device_handle;
    engine::RegistrationId id = 0;
    const Cr cr = engine::Engine::instance().register_subscriber(
        std::move(spec), std::make_unique<RecipientSubscriber>(recipient),
        engine::RegisterOptions{}, id, inbox);
    if (cr != Cr::success) {
      const DWORD error = handle_filter
                              ? ERROR_INVALID_HANDLE
                              : CM_MapCrToWin32Err(static_cast<CONFIGRET>(cr), ERROR_INVALID_DATA);
      return fail_with<HDEVNOTIFY>(error, nullptr);
    }
    std::lock_guard lock(k32::kernel_lock());
    registrations()[static_cast<std::uintptr_t>(id)] = Registered{recipient, false};
    return to_handle(id);
  } catch (const std::bad_alloc&) {
    return fail_with<HDEVNOTIFY>(ERROR_NOT_ENOUGH_MEMORY, nullptr);
  }
}

}  // namespace

void end_device_notifications_of(HWND hwnd) {
  // The handles stay valid: UnregisterDeviceNotification after DestroyWindow succeeds once.
  std::vector<engine::RegistrationId> ending;
  {
    std::lock_guard lock(k32::kernel_lock());
    for (auto& [handle, registered] : registrations()) {
      if (registered.recipient.service || registered.recipient.handle != hwnd || registered.ended)
        continue;
      registered.ended = true;
      ending.push_back(static_cast<engine::RegistrationId>(handle));
    }
  }
  // Called on the window's thread, which runs its deliveries: nothing to wait for.
  for (const engine::RegistrationId id : ending) (void)engine::Engine::instance().unregister(id);
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
  bool ended = false;
  {
    std::lock_guard lock(k32::kernel_lock());
    auto& table = u32::registrations();
    const auto it = table.find(reinterpret_cast<std::uintptr_t>(Handle));
    if (Handle == nullptr || it == table.end())
      return u32::fail_with<BOOL>(ERROR_INVALID_HANDLE, FALSE);
    ended = it->second.ended;
    table.erase(it);
  }
  // From another thread: returns when no message of it is being handled, and none is handled
  // afterwards; from its own window procedure: at once (the engine's registration guarantees).
  if (!ended)
    (void)cmnotify::engine::Engine::instance().unregister(
        static_cast<cmnotify::engine::RegistrationId>(reinterpret_cast<std::uintptr_t>(Handle)));
  return TRUE;
}

}  // extern "C"
