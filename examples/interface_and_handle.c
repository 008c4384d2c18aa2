/* Microsoft's sequence from "Registering for notification of device interface arrival and
 * device removal":
 *   1. CM_Register_Notification(DEVICEINTERFACE) for future arrivals of the class;
 *   2. CM_Get_Device_Interface_List for the interfaces already present (the documented
 *      do/while loop: the list can grow between the size and the list calls);
 *   3. CreateFile on the interface;
 *   4. CM_Register_Notification(DEVICEHANDLE) on that handle;
 * and the page's table for the handle callback: close the handle on QUERYREMOVE, REMOVEPENDING
 * and REMOVECOMPLETE, and unregister the handle notification from a deferred routine (a
 * threadpool work item), never from its own callback. */
#include <windows.h>
#include <cfgmgr32.h>
#include <stdio.h>

#include "interface_and_handle.h"

typedef struct _APP_CONTEXT {
    CRITICAL_SECTION Lock;
    HANDLE hDevice;                 /* INVALID_HANDLE_VALUE once closed */
    HCMNOTIFICATION hHandleNotify;  /* the DEVICEHANDLE registration */
    PTP_WORK pUnregisterWork;       /* unregisters hHandleNotify outside its callback */
    BOOL bUnregisterQueued;         /* the handle registration is (being) unregistered */
    BOOL bRemoved;
} APP_CONTEXT, *PAPP_CONTEXT;

static VOID PrintGuid(const GUID *Guid)
{
    printf("{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", Guid->Data1, Guid->Data2,
           Guid->Data3, Guid->Data4[0], Guid->Data4[1], Guid->Data4[2], Guid->Data4[3],
           Guid->Data4[4], Guid->Data4[5], Guid->Data4[6], Guid->Data4[7]);
}

/* Called with the lock held. */
static VOID CloseDeviceHandle(PAPP_CONTEXT App)
{
    if (App->hDevice != INVALID_HANDLE_VALUE) {
        CloseHandle(App->hDevice);
        App->hDevice = INVALID_HANDLE_VALUE;
        printf("device handle closed\n");
    }
}

/* Called with the lock held. */
static VOID QueueUnregister(PAPP_CONTEXT App)
{
    if (!App->bUnregisterQueued) {
        App->bUnregisterQueued = TRUE;
        SubmitThreadpoolWork(App->pUnregisterWork);
    }
}

static VOID CALLBACK UnregisterWorkCallback(_Inout_ PTP_CALLBACK_INSTANCE Instance,
                                            _Inout_opt_ PVOID Context,
                                            _Inout_ PTP_WORK Work)
{
    PAPP_CONTEXT app = (PAPP_CONTEXT)Context;
    HCMNOTIFICATION hNotify;
    CONFIGRET cr;

    UNREFERENCED_PARAMETER(Instance);
    UNREFERENCED_PARAMETER(Work);

    EnterCriticalSection(&app->Lock);
    hNotify = app->hHandleNotify;
    LeaveCriticalSection(&app->Lock);

    cr = CM_Unregister_Notification(hNotify);
    printf("work item: handle notification unregistered (CONFIGRET 0x%x)\n", cr);
}

static DWORD WINAPI InterfaceCallback(_In_ HCMNOTIFICATION hNotify, _In_opt_ PVOID Context,
                                      _In_ CM_NOTIFY_ACTION Action,
                                      _In_ PCM_NOTIFY_EVENT_DATA EventData,
                                      _In_ DWORD EventDataSize)
{
    UNREFERENCED_PARAMETER(hNotify);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EventDataSize);

    if (Action == CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL) {
        printf("interface arrival: %ls\n", EventData->u.DeviceInterface.SymbolicLink);
    } else if (Action == CM_NOTIFY_ACTION_DEVICEINTERFACEREMOVAL) {
        printf("interface removal: %ls\n", EventData->u.DeviceInterface.SymbolicLink);
    }
    return ERROR_SUCCESS;
}

static DWORD WINAPI HandleCallback(_In_ HCMNOTIFICATION hNotify, _In_opt_ PVOID Context,
                                   _In_ CM_NOTIFY_ACTION Action,
                                   _In_ PCM_NOTIFY_EVENT_DATA EventData,
                                   _In_ DWORD EventDataSize)
{
    PAPP_CONTEXT app = (PAPP_CONTEXT)Context;

    UNREFERENCED_PARAMETER(EventDataSize);

    EnterCriticalSection(&app->Lock);

    /* This callback can run before CM_Register_Notification returns the handle. */
    if (app->hHandleNotify == NULL) {
        app->hHandleNotify = hNotify;
    }

    switch (Action) {
    case CM_NOTIFY_ACTION_DEVICEQUERYREMOVE:
        printf("query remove: closing the handle so the removal can go on\n");
        CloseDeviceHandle(app);
        break;
    case CM_NOTIFY_ACTION_DEVICEQUERYREMOVEFAILED:
        /* The device stays. A program that goes on using it opens a new handle and registers
         * for it; this one only drops the old registration. */
        printf("query remove failed: the device stays\n");
        QueueUnregister(app);
        break;
    case CM_NOTIFY_ACTION_DEVICEREMOVEPENDING:
        printf("remove pending\n");
        CloseDeviceHandle(app);
        QueueUnregister(app);
        break;
    case CM_NOTIFY_ACTION_DEVICEREMOVECOMPLETE:
        printf("remove complete\n");
        CloseDeviceHandle(app);
        QueueUnregister(app);
        app->bRemoved = TRUE;
        break;
    case CM_NOTIFY_ACTION_DEVICECUSTOMEVENT:
        printf("custom event ");
        PrintGuid(&EventData->u.DeviceHandle.EventGuid);
        printf("\n");
        break;
    default:
        break;
    }

    LeaveCriticalSection(&app->Lock);
    return ERROR_SUCCESS;
}

/* Step 2: the present interfaces of the class, as a multi-string from the process heap. */
static CONFIGRET GetInterfaceList(LPGUID InterfaceClass, PZZWSTR *List)
{
    CONFIGRET cr;
    ULONG length = 0;
    PZZWSTR list = NULL;

    do {
        cr = CM_Get_Device_Interface_List_Size(&length, InterfaceClass, NULL,
                                               CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
        if (cr != CR_SUCCESS) {
            break;
        }
        HeapFree(GetProcessHeap(), 0, list);
        list = (PZZWSTR)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, length * sizeof(WCHAR));
        if (list == NULL) {
            cr = CR_OUT_OF_MEMORY;
            break;
        }
        cr = CM_Get_Device_Interface_List(InterfaceClass, NULL, list, length,
                                          CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
    } while (cr == CR_BUFFER_SMALL);

    if (cr != CR_SUCCESS) {
        HeapFree(GetProcessHeap(), 0, list);
        list = NULL;
    }
    *List = list;
    return cr;
}

/* Steps 3 and 4 for the first interface of the list. */
static VOID WatchFirstInterface(PAPP_CONTEXT App, PCZZWSTR List)
{
    CM_NOTIFY_FILTER filter = { 0 };
    HCMNOTIFICATION hNotify = NULL;
    HANDLE hDevice;
    CONFIGRET cr;

    if (List == NULL || List[0] == L'\0') {
        printf("no interface of the class is present; watching arrivals only\n");
        return;
    }

    printf("opening %ls\n", List);
    /* A query-only handle (no read or write access) is enough to watch the device. */
    hDevice = CreateFile(List, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, NULL);
    if (hDevice == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed: error %u\n", GetLastError());
        return;
    }

    EnterCriticalSection(&App->Lock);
    App->hDevice = hDevice;
    LeaveCriticalSection(&App->Lock);

    filter.cbSize = sizeof(filter);
    filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE;
    filter.u.DeviceHandle.hTarget = hDevice;
    cr = CM_Register_Notification(&filter, App, HandleCallback, &hNotify);

    EnterCriticalSection(&App->Lock);
    if (cr != CR_SUCCESS) {
        printf("CM_Register_Notification(DEVICEHANDLE) failed: CONFIGRET 0x%x\n", cr);
        CloseDeviceHandle(App);
    } else if (!App->bUnregisterQueued) {
        App->hHandleNotify = hNotify;
        printf("watching the device for removal\n");
    }
    LeaveCriticalSection(&App->Lock);
}

int RunInterfaceAndHandle(const GUID *InterfaceClass, DWORD TimeoutMs)
{
    APP_CONTEXT app;
    GUID interfaceClass = *InterfaceClass;
    CM_NOTIFY_FILTER filter = { 0 };
    HCMNOTIFICATION hInterfaceNotify = NULL;
    HCMNOTIFICATION hDirectUnregister = NULL;
    PZZWSTR list = NULL;
    ULONGLONG start;
    BOOL removed = FALSE;
    CONFIGRET cr;

    memset(&app, 0, sizeof(app));
    app.hDevice = INVALID_HANDLE_VALUE;
    InitializeCriticalSection(&app.Lock);
    app.pUnregisterWork = CreateThreadpoolWork(UnregisterWorkCallback, &app, NULL);
    if (app.pUnregisterWork == NULL) {
        DeleteCriticalSection(&app.Lock);
        return 1;
    }

    printf("interface class ");
    PrintGuid(&interfaceClass);
    printf("\n");

    /* Step 1: register first, then enumerate, so no arrival is missed (an interface arriving in
     * between is reported twice). */
    filter.cbSize = sizeof(filter);
    filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
    filter.u.DeviceInterface.ClassGuid = interfaceClass;
    cr = CM_Register_Notification(&filter, &app, InterfaceCallback, &hInterfaceNotify);
    if (cr != CR_SUCCESS) {
        printf("CM_Register_Notification(DEVICEINTERFACE) failed: CONFIGRET 0x%x\n", cr);
        CloseThreadpoolWork(app.pUnregisterWork);
        DeleteCriticalSection(&app.Lock);
        return 1;
    }

    /* Step 2. */
    cr = GetInterfaceList(&interfaceClass, &list);
    if (cr != CR_SUCCESS) {
        printf("CM_Get_Device_Interface_List failed: CONFIGRET 0x%x\n", cr);
    }

    /* Steps 3 and 4. */
    WatchFirstInterface(&app, list);

    start = GetTickCount64();
    for (;;) {
        EnterCriticalSection(&app.Lock);
        removed = app.bRemoved;
        LeaveCriticalSection(&app.Lock);
        if (removed || GetTickCount64() - start >= TimeoutMs) {
            break;
        }
        Sleep(20);
    }
    printf(removed ? "device removed\n" : "timeout\n");

    /* Unregister the handle notification directly unless a callback queued the work item
     * already; then wait for the work item, which may be running now. */
    EnterCriticalSection(&app.Lock);
    if (!app.bUnregisterQueued) {
        app.bUnregisterQueued = TRUE;
        hDirectUnregister = app.hHandleNotify;
    }
    LeaveCriticalSection(&app.Lock);
    if (hDirectUnregister != NULL) {
        CM_Unregister_Notification(hDirectUnregister);
    }
    WaitForThreadpoolWorkCallbacks(app.pUnregisterWork, FALSE);
    CloseThreadpoolWork(app.pUnregisterWork);

    CM_Unregister_Notification(hInterfaceNotify);

    EnterCriticalSection(&app.Lock);
    CloseDeviceHandle(&app);
    LeaveCriticalSection(&app.Lock);

    HeapFree(GetProcessHeap(), 0, list);
    DeleteCriticalSection(&app.Lock);
    return removed ? 0 : 2;
}
