// CM_Register_Notification / CM_Unregister_Notification: validate, translate, and hand over to
// the engine.
#include <cfgmgr32.h>
#include <windows.h>

#include <cstdint>
#include <memory>
#include <new>

#include "engine/engine.hpp"
#include "win32/cfgmgr32/event_data.hpp"
#include "win32/cfgmgr32/filter_translation.hpp"
#include "win32/support/configret.hpp"

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
  return win32::guarded([&] {
    cmnotify::engine::FilterSpec spec;
    cmnotify::Cr cr = win32::translate_filter(*pFilter, spec);
    if (cr != cmnotify::Cr::success) return cr;
    cmnotify::engine::RegistrationId id = 0;
    cr = cmnotify::engine::Engine::instance().register_subscriber(
        std::move(spec), std::make_unique<win32::CmNotifyCallbackSubscriber>(pCallback, pContext),
        cmnotify::engine::RegisterOptions{}, id);
    if (cr == cmnotify::Cr::success) *pNotifyContext = win32::to_handle(id);
    return cr;
  });
}

CONFIGRET WINAPI CM_Unregister_Notification(HCMNOTIFICATION NotifyContext) {
  // A handle never issued (or already closed) is CR_FAILURE, as Windows answers for
  // (HCMNOTIFICATION)0xdeadbeef; the engine calls it invalid data.
  if (NotifyContext == nullptr) return CR_FAILURE;
  const CONFIGRET cr = win32::guarded(
      [&] { return cmnotify::engine::Engine::instance().unregister(win32::to_id(NotifyContext)); });
  return cr == CR_INVALID_DATA ? CR_FAILURE : cr;
}

}  // extern "C"
