/* Built by scripts/install-check.sh against an installed copy, exactly as a user would:
 *   cc install_check.c $(pkg-config --cflags --libs cmnotify-win32)
 * Registers for every interface class, lists the present interfaces, and unregisters. */
#include <windows.h>
#include <cfgmgr32.h>
#include <stdio.h>
#include <stdlib.h>

static DWORD CALLBACK OnEvent(HCMNOTIFICATION hNotify, PVOID Context, CM_NOTIFY_ACTION Action,
                              PCM_NOTIFY_EVENT_DATA EventData, DWORD EventDataSize) {
  (void)hNotify; (void)Context; (void)Action; (void)EventData; (void)EventDataSize;
  return ERROR_SUCCESS;
}

int main(void) {
  CM_NOTIFY_FILTER filter = {0};
  HCMNOTIFICATION handle = NULL;
  ULONG length = 0;
  CONFIGRET cr;

  filter.cbSize = sizeof filter;
  filter.Flags = CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  cr = CM_Register_Notification(&filter, NULL, OnEvent, &handle);
  if (cr != CR_SUCCESS) {
    fprintf(stderr, "CM_Register_Notification: 0x%x\n", (unsigned)cr);
    return 1;
  }
  cr = CM_Get_Device_ID_List_Size(&length, NULL, CM_GETIDLIST_FILTER_NONE);
  if (cr != CR_SUCCESS || length == 0) {
    fprintf(stderr, "CM_Get_Device_ID_List_Size: 0x%x\n", (unsigned)cr);
    return 1;
  }
  cr = CM_Unregister_Notification(handle);
  if (cr != CR_SUCCESS) return 1;
  if (CM_Unregister_Notification(handle) != CR_FAILURE) return 1;
  printf("C API: registered, %lu characters of device IDs present, unregistered\n",
         (unsigned long)length);
  return 0;
}
