/* The Win32 headers as ISO C11: this file defines the GUIDs (initguid.h), the other file of the
 * program only declares them. Exits 0 when every check holds. */
#include <windows.h>
#include <cfgmgr32.h>
#include <strsafe.h>
#include <tchar.h>
#include <initguid.h>
#include <devpkey.h>
#include <propkey.h>
#include <usbiodef.h>
#include <hidclass.h>
#include <ntddkbd.h>
#include <ntddmou.h>
#include <ntddstor.h>
#include <ntddser.h>
#include <ntddvdeo.h>
#include <ndisguid.h>
#include <ks.h>
#include <ksmedia.h>
#include <bthdef.h>
#include <devguid.h>
#include <poclass.h>
#include <winsmcrd.h>
#include <ioevent.h>
#include <wiaintfc.h>
#include <devquery.h>

#include <stdio.h>

_Static_assert(sizeof(CM_NOTIFY_FILTER) == 816, "CM_NOTIFY_FILTER layout");
_Static_assert(sizeof(CM_NOTIFY_EVENT_DATA) == 36, "CM_NOTIFY_EVENT_DATA layout");
_Static_assert(sizeof(GUID) == 16, "GUID layout");
/* The Dev query structures as 64-bit Windows lays them out. */
_Static_assert(sizeof(DEVPROPCOMPKEY) == 32, "DEVPROPCOMPKEY layout");
_Static_assert(sizeof(DEVPROPERTY) == 48, "DEVPROPERTY layout");
_Static_assert(sizeof(DEVPROP_FILTER_EXPRESSION) == 56, "DEVPROP_FILTER_EXPRESSION layout");
_Static_assert(sizeof(DEV_OBJECT) == 32, "DEV_OBJECT layout");
_Static_assert(sizeof(DEV_QUERY_RESULT_ACTION_DATA) == 40, "DEV_QUERY_RESULT_ACTION_DATA layout");
_Static_assert(DEVPROP_OPERATOR_NOT_EQUALS_IGNORE_CASE == 0x00030002, "DEVPROP_OPERATOR values");
_Static_assert(sizeof(WCHAR) == 4, "WCHAR is wchar_t");
_Static_assert(sizeof(DWORD) == 4 && sizeof(LONG) == 4, "32-bit DWORD and LONG");

/* Defined in c_headers_test_users.c, which includes the headers without initguid.h. */
int users_check(void);

static int failures;

static void check(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

static DWORD CALLBACK callback(HCMNOTIFICATION hNotify, PVOID Context, CM_NOTIFY_ACTION Action,
                               PCM_NOTIFY_EVENT_DATA EventData, DWORD EventDataSize) {
  UNREFERENCED_PARAMETER(hNotify);
  UNREFERENCED_PARAMETER(Context);
  UNREFERENCED_PARAMETER(Action);
  UNREFERENCED_PARAMETER(EventData);
  UNREFERENCED_PARAMETER(EventDataSize);
  return ERROR_SUCCESS;
}

int main(void) {
  const GUID disk = {0x53f56307, 0xb6bf, 0x11d0, {0x94, 0xf2, 0x00, 0xa0, 0xc9, 0x1e, 0xfb, 0x8b}};
  CM_NOTIFY_FILTER filter = {0};
  HCMNOTIFICATION notify = (HCMNOTIFICATION)1;
  WCHAR text[8];
  TCHAR generic[4];
  PCM_NOTIFY_CALLBACK pointer = callback;

  check(IsEqualGUID(&disk, &GUID_DEVINTERFACE_DISK), "GUID_DEVINTERFACE_DISK");
  check(!IsEqualGUID(&disk, &GUID_DEVINTERFACE_CDROM), "IsEqualGUID tells GUIDs apart");
  check(DEVPKEY_Device_InstanceId.pid == 256, "DEVPKEY_Device_InstanceId");
  check(DEVPKEY_Device_ContainerId.pid == 2 && PKEY_Title.pid == 2, "DEVPKEY and PKEY keys");
  check(sizeof(PROPERTYKEY) == sizeof(DEVPROPKEY), "PROPERTYKEY has DEVPROPKEY's layout");
  check(DN_STARTED == 0x8 && CM_PROB_FAILED_INSTALL == 28 && CM_DRP_MAX == 0x25, "cfg.h values");
  check(StringCchCopyW(text, ARRAYSIZE(text), L"ROOT\\X") == S_OK, "StringCchCopyW");
  check(StringCchCopy(generic, ARRAYSIZE(generic), TEXT("ABCD")) == STRSAFE_E_INSUFFICIENT_BUFFER,
        "StringCchCopy truncates");
  check(_tcslen(generic) == 3, "TCHAR is WCHAR");
  check(CM_MapCrToWin32Err(CR_BUFFER_SMALL, 0) == ERROR_INSUFFICIENT_BUFFER, "CM_MapCrToWin32Err");
  check(CM_Register_Notification(&filter, NULL, pointer, &notify) == CR_INVALID_DATA,
        "CM_Register_Notification refuses cbSize 0");
  check(notify == NULL, "the handle is NULL after a failure");
  check(cmnotify_fd_from_handle(cmnotify_handle_from_fd(3)) == 3, "handle <-> fd");
  SetLastError(ERROR_NOT_FOUND);
  check(GetLastError() == ERROR_NOT_FOUND, "last error");
  check(users_check() == 0, "declarations resolve to the definitions");
  return failures == 0 ? 0 : 1;
}
