// The seam between user32 and advapi32 for
// RegisterDeviceNotification(DEVICE_NOTIFY_SERVICE_HANDLE): advapi32 owns the services and their
// control dispatcher thread; user32 hands it the device events of a service's registrations, which
// run there as SERVICE_CONTROL_DEVICEEVENT.
#pragma once

#include <windows.h>

#include <memory>

namespace cmnotify::win32 {

// Calls the service's HandlerEx (with its context) on the dispatcher thread.
class ServiceHandler {
 public:
  virtual DWORD call(DWORD control, DWORD event_type, void* event_data) = 0;

 protected:
  ~ServiceHandler() = default;
};

// One control that user32 queues for a service.
class ServiceControl {
 public:
  virtual ~ServiceControl() = default;
  // On the dispatcher thread, without any lock.
  virtual void run(ServiceHandler& handler) = 0;
};

// Whether `handle` is a SERVICE_STATUS_HANDLE of a service running in this process.
bool is_service_status_handle(void* handle) noexcept;
// Queues a control for the service; false when the handle is not (or no longer) a running
// service's. Never blocks on the dispatcher thread.
bool post_service_control(void* handle, std::shared_ptr<ServiceControl> control);

}  // namespace cmnotify::win32
