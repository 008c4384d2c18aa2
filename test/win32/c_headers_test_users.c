/* A second file of the C header test: GUIDs and keys only declared here (no initguid.h). */
#include <windows.h>
#include <cfgmgr32.h>
#include <devpkey.h>
#include <ntddstor.h>
#include <usbiodef.h>

int users_check(void) {
  const GUID usb = {0xa5dcbf10, 0x6530, 0x11d2, {0x90, 0x1f, 0x00, 0xc0, 0x4f, 0xb9, 0x51, 0xed}};
  if (!IsEqualGUID(&usb, &GUID_DEVINTERFACE_USB_DEVICE)) {
    return 1;
  }
  if (GUID_DEVINTERFACE_DISK.Data1 != 0x53f56307u) {
    return 1;
  }
  if (DEVPKEY_Cmnotify_LinuxSyspath.pid != 3 || DEVPKEY_Device_Parent.pid != 8) {
    return 1;
  }
  return 0;
}
