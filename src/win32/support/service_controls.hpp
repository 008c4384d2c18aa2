// The seam between user32 and advapi32 for
// RegisterDeviceNotification(DEVICE_NOTIFY_SERVICE_HANDLE): advapi32 owns the services and their
// control dispatcher thread, whose engine Inbox receives the device events of the services'
// registrations (the same mechanism as a window thread's message queue); user32 registers into that
// inbox and, when the dispatcher runs an entry, calls the service's HandlerEx through
// call_service_handler.
#pragma once

#include <windows.h>

#include <memory>

#include "engine/inbox.hpp"

namespace cmnotify::win32 {

// The inbox of the dispatcher thread that runs the service `handle` (a SERVICE_STATUS_HANDLE of
// this process), or null when it is not a running service's.
std::shared_ptr<engine::Inbox> service_inbox(void* handle);

// On the dispatcher thread: calls the service's HandlerEx with its context (NO_ERROR when it has
// none, or only a Handler without Ex, which gets no device events, as on Windows).
DWORD call_service_handler(void* handle, DWORD control, DWORD event_type, void* event_data);

}  // namespace cmnotify::win32
