// CM_Register_Notification / CM_Unregister_Notification / CM_MapCrToWin32Err: validate,
// translate, and hand over to the engine.
#include <cfgmgr32.h>
#include <windows.h>

#include <cstdint>
#include <memory>
#include <new>

#include "engine/engine.hpp"
#include "win32/event_data.hpp"
#include "win32/filter_translation.hpp"

namespace cmnotify::win32 {
namespace {

// HCMNOTIFICATION is the engine's registration id. Ids are random-based and never reused, so a
// NULL, stale or garbage handle is simply not found; a handle is never dereferenced.
static_assert(sizeof(HCMNOTIFICATION) >= sizeof(engine::RegistrationId),
              "HCMNOTIFICATION must hold a 64-bit registration id");

HCMNOTIFICATION to_handle(engine::RegistrationId id) noexcept {
  return reinterpret_cast<HCMNOTIFICATION>(static_cast<std::uintptr_t>(id));
}

engine::RegistrationId to_id(HCMNOTIFICATION handle) noexcept {
  return static_cast<engine::RegistrationId>(reinterpret_cast<std::uintptr_t>(handle));
}

// Delivers engine events to a PCM_NOTIFY_CALLBACK (as CM_NOTIFY_EVENT_DATA).
class CmNotifyCallbackSubscriber final : public engine::Subscriber {
 public:
  CmNotifyCallbackSubscriber(PCM_NOTIFY_CALLBACK callback, void* context)
      : callback_(callback), context_(context) {}

  void deliver(const Event& event, engine::RegistrationId id) override {
    if (event.action == Action::changed) return;  // not a Windows action (never requested)
    // One block per pool thread, reused: delivery does not allocate in the steady state. A
    // callback never runs inside another on the same thread, so the block is not overwritten
    // while a callback reads it.
    thread_local EventDataBuffer buffer;
    buffer.build(event);
    // The return value only matters for DEVICEQUERYREMOVE, which Linux never produces.
    (void)callback_(to_handle(id), context_, static_cast<CM_NOTIFY_ACTION>(event.action),
                    buffer.data(), buffer.size());
  }

 private:
  const PCM_NOTIFY_CALLBACK callback_;
  void* const context_;
};

CONFIGRET to_configret(Cr cr) noexcept { return static_cast<CONFIGRET>(cr); }

}  // namespace
}  // namespace cmnotify::win32

namespace win32 = cmnotify::win32;

extern "C" {

CONFIGRET WINAPI CM_Register_Notification(PCM_NOTIFY_FILTER pFilter, PVOID pContext,
                                          PCM_NOTIFY_CALLBACK pCallback,
                                          PHCMNOTIFICATION pNotifyContext) {
  // Order and codes of the first checks as observed on Windows (docs/win32-api.md).
  if (pNotifyContext == nullptr) return CR_FAILURE;
  *pNotifyContext = nullptr;
  if (pFilter == nullptr || pCallback == nullptr) return CR_INVALID_DATA;
  if (pFilter->cbSize != sizeof(CM_NOTIFY_FILTER)) return CR_INVALID_DATA;
  try {
    cmnotify::engine::FilterSpec spec;
    cmnotify::Cr cr = win32::translate_filter(*pFilter, spec);
    if (cr != cmnotify::Cr::success) return win32::to_configret(cr);
    cmnotify::engine::RegistrationId id = 0;
    cr = cmnotify::engine::Engine::instance().register_subscriber(
        std::move(spec), std::make_unique<win32::CmNotifyCallbackSubscriber>(pCallback, pContext),
        cmnotify::engine::RegisterOptions{}, id);
    if (cr != cmnotify::Cr::success) return win32::to_configret(cr);
    *pNotifyContext = win32::to_handle(id);
    return CR_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CR_OUT_OF_MEMORY;
  } catch (...) {
    return CR_FAILURE;
  }
}

CONFIGRET WINAPI CM_Unregister_Notification(HCMNOTIFICATION NotifyContext) {
  if (NotifyContext == nullptr) return CR_INVALID_DATA;
  try {
    return win32::to_configret(
        cmnotify::engine::Engine::instance().unregister(win32::to_id(NotifyContext)));
  } catch (...) {
    return CR_FAILURE;
  }
}

DWORD WINAPI CM_MapCrToWin32Err(CONFIGRET CmReturnCode, DWORD DefaultErr) {
  // The table Windows answers with (Wine's conformance test, which passes on Windows).
  switch (CmReturnCode) {
    case CR_SUCCESS: return ERROR_SUCCESS;
    case CR_OUT_OF_MEMORY: return ERROR_NOT_ENOUGH_MEMORY;
    case CR_INVALID_POINTER: return ERROR_INVALID_USER_BUFFER;
    case CR_INVALID_FLAG: return ERROR_INVALID_FLAGS;
    case CR_INVALID_DEVNODE:
    case CR_INVALID_DEVICE_ID:
    case CR_INVALID_MACHINENAME:
    case CR_INVALID_PROPERTY:
    case CR_INVALID_REFERENCE_STRING: return ERROR_INVALID_DATA;
    case CR_NO_SUCH_DEVNODE:
    case CR_NO_SUCH_VALUE:
    case CR_NO_SUCH_DEVICE_INTERFACE: return ERROR_NOT_FOUND;
    case CR_ALREADY_SUCH_DEVNODE: return ERROR_ALREADY_EXISTS;
    case CR_BUFFER_SMALL: return ERROR_INSUFFICIENT_BUFFER;
    case CR_NO_REGISTRY_HANDLE: return ERROR_INVALID_HANDLE;
    case CR_REGISTRY_ERROR: return ERROR_REGISTRY_CORRUPT;
    case CR_NO_SUCH_REGISTRY_KEY: return ERROR_FILE_NOT_FOUND;
    case CR_REMOTE_COMM_FAILURE:
    case CR_MACHINE_UNAVAILABLE:
    case CR_NO_CM_SERVICES: return ERROR_SERVICE_NOT_ACTIVE;
    case CR_ACCESS_DENIED: return ERROR_ACCESS_DENIED;
    case CR_CALL_NOT_IMPLEMENTED: return ERROR_CALL_NOT_IMPLEMENTED;
    default: return DefaultErr;  // CR_INVALID_DATA, CR_FAILURE, CR_DEFAULT and the rest
  }
}

}  // extern "C"
