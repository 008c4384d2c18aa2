/* cfgmgr32.h: the Configuration Manager device-notification and enumeration API.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32), implemented by
 * libcmnotify-win32 over cmnotify's engine. Declarations and values follow the Windows SDK;
 * behaviour follows Microsoft's documentation and, where Windows is only observed, Wine's
 * conformance tests. Choices made where neither says: docs/win32-api.md.
 *
 * On Linux WCHAR is wchar_t (4 bytes): sizeof(CM_NOTIFY_FILTER) is 816 (416 on Windows), and
 * the strings of CM_NOTIFY_EVENT_DATA are 4-byte characters. */
#ifndef CMNOTIFY_WIN32_CFGMGR32_H
#define CMNOTIFY_WIN32_CFGMGR32_H

#include "cfg.h"
#include "devpropdef.h"
#include "guiddef.h"
#include "minwindef.h"
#include "winnt.h"

typedef DWORD RETURN_TYPE;
typedef RETURN_TYPE CONFIGRET;

#define CR_SUCCESS 0x00000000u
#define CR_DEFAULT 0x00000001u
#define CR_OUT_OF_MEMORY 0x00000002u
#define CR_INVALID_POINTER 0x00000003u
#define CR_INVALID_FLAG 0x00000004u
#define CR_INVALID_DEVNODE 0x00000005u
#define CR_INVALID_DEVINST CR_INVALID_DEVNODE
#define CR_INVALID_RES_DES 0x00000006u
#define CR_INVALID_LOG_CONF 0x00000007u
#define CR_INVALID_ARBITRATOR 0x00000008u
#define CR_INVALID_NODELIST 0x00000009u
#define CR_DEVNODE_HAS_REQS 0x0000000Au
#define CR_DEVINST_HAS_REQS CR_DEVNODE_HAS_REQS
#define CR_INVALID_RESOURCEID 0x0000000Bu
#define CR_DLVXD_NOT_FOUND 0x0000000Cu
#define CR_NO_SUCH_DEVNODE 0x0000000Du
#define CR_NO_SUCH_DEVINST CR_NO_SUCH_DEVNODE
#define CR_NO_MORE_LOG_CONF 0x0000000Eu
#define CR_NO_MORE_RES_DES 0x0000000Fu
#define CR_ALREADY_SUCH_DEVNODE 0x00000010u
#define CR_ALREADY_SUCH_DEVINST CR_ALREADY_SUCH_DEVNODE
#define CR_INVALID_RANGE_LIST 0x00000011u
#define CR_INVALID_RANGE 0x00000012u
#define CR_FAILURE 0x00000013u
#define CR_NO_SUCH_LOGICAL_DEV 0x00000014u
#define CR_CREATE_BLOCKED 0x00000015u
#define CR_NOT_SYSTEM_VM 0x00000016u
#define CR_REMOVE_VETOED 0x00000017u
#define CR_APM_VETOED 0x00000018u
#define CR_INVALID_LOAD_TYPE 0x00000019u
#define CR_BUFFER_SMALL 0x0000001Au
#define CR_NO_ARBITRATOR 0x0000001Bu
#define CR_NO_REGISTRY_HANDLE 0x0000001Cu
#define CR_REGISTRY_ERROR 0x0000001Du
#define CR_INVALID_DEVICE_ID 0x0000001Eu
#define CR_INVALID_DATA 0x0000001Fu
#define CR_INVALID_API 0x00000020u
#define CR_DEVLOADER_NOT_READY 0x00000021u
#define CR_NEED_RESTART 0x00000022u
#define CR_NO_MORE_HW_PROFILES 0x00000023u
#define CR_DEVICE_NOT_THERE 0x00000024u
#define CR_NO_SUCH_VALUE 0x00000025u
#define CR_WRONG_TYPE 0x00000026u
#define CR_INVALID_PRIORITY 0x00000027u
#define CR_NOT_DISABLEABLE 0x00000028u
#define CR_FREE_RESOURCES 0x00000029u
#define CR_QUERY_VETOED 0x0000002Au
#define CR_CANT_SHARE_IRQ 0x0000002Bu
#define CR_NO_DEPENDENT 0x0000002Cu
#define CR_SAME_RESOURCES 0x0000002Du
#define CR_NO_SUCH_REGISTRY_KEY 0x0000002Eu
#define CR_INVALID_MACHINENAME 0x0000002Fu
#define CR_REMOTE_COMM_FAILURE 0x00000030u
#define CR_MACHINE_UNAVAILABLE 0x00000031u
#define CR_NO_CM_SERVICES 0x00000032u
#define CR_ACCESS_DENIED 0x00000033u
#define CR_CALL_NOT_IMPLEMENTED 0x00000034u
#define CR_INVALID_PROPERTY 0x00000035u
#define CR_DEVICE_INTERFACE_ACTIVE 0x00000036u
#define CR_NO_SUCH_DEVICE_INTERFACE 0x00000037u
#define CR_INVALID_REFERENCE_STRING 0x00000038u
#define CR_INVALID_CONFLICT_LIST 0x00000039u
#define CR_INVALID_INDEX 0x0000003Au
#define CR_INVALID_STRUCTURE_SIZE 0x0000003Bu
#define NUM_CR_RESULTS 0x0000003Cu

#define MAX_DEVICE_ID_LEN 200
#define MAX_DEVNODE_ID_LEN MAX_DEVICE_ID_LEN
#define MAX_GUID_STRING_LEN 39
#define MAX_CLASS_NAME_LEN 32

/* A DEVINST names a device node for the life of the process: the first time a device instance
 * ID is seen it gets a number that is never 0 and never reused. */
typedef DWORD DEVINST, *PDEVINST;
typedef DWORD DEVNODE, *PDEVNODE;
typedef CHAR *DEVNODEID_A, *DEVINSTID_A;
typedef WCHAR *DEVNODEID_W, *DEVINSTID_W;
typedef HANDLE HMACHINE, *PHMACHINE;
#ifdef UNICODE
typedef DEVNODEID_W DEVNODEID;
typedef DEVINSTID_W DEVINSTID;
#else
typedef DEVNODEID_A DEVNODEID;
typedef DEVINSTID_A DEVINSTID;
#endif

/* CM_Locate_DevNode flags. */
#define CM_LOCATE_DEVNODE_NORMAL 0x00000000u
#define CM_LOCATE_DEVNODE_PHANTOM 0x00000001u
#define CM_LOCATE_DEVNODE_CANCELREMOVE 0x00000002u
#define CM_LOCATE_DEVNODE_NOVALIDATION 0x00000004u
#define CM_LOCATE_DEVNODE_BITS 0x00000007u
#define CM_LOCATE_DEVINST_NORMAL CM_LOCATE_DEVNODE_NORMAL
#define CM_LOCATE_DEVINST_PHANTOM CM_LOCATE_DEVNODE_PHANTOM
#define CM_LOCATE_DEVINST_CANCELREMOVE CM_LOCATE_DEVNODE_CANCELREMOVE
#define CM_LOCATE_DEVINST_NOVALIDATION CM_LOCATE_DEVNODE_NOVALIDATION
#define CM_LOCATE_DEVINST_BITS CM_LOCATE_DEVNODE_BITS

/* CM_Get_Device_ID_List flags. Implemented: none (every device node), ENUMERATOR, SERVICE (the
 * Linux driver name), BUSRELATIONS (children), REMOVALRELATIONS and EJECTRELATIONS (every
 * descendant: Linux removes them together), POWERRELATIONS (none), CLASS (setup class GUID
 * string), PRESENT and DONOTGENERATE; TRANSPORTRELATIONS returns CR_CALL_NOT_IMPLEMENTED. */
#define CM_GETIDLIST_FILTER_NONE 0x00000000u
#define CM_GETIDLIST_FILTER_ENUMERATOR 0x00000001u
#define CM_GETIDLIST_FILTER_SERVICE 0x00000002u
#define CM_GETIDLIST_FILTER_EJECTRELATIONS 0x00000004u
#define CM_GETIDLIST_FILTER_REMOVALRELATIONS 0x00000008u
#define CM_GETIDLIST_FILTER_POWERRELATIONS 0x00000010u
#define CM_GETIDLIST_FILTER_BUSRELATIONS 0x00000020u
#define CM_GETIDLIST_DONOTGENERATE 0x10000040u
#define CM_GETIDLIST_FILTER_TRANSPORTRELATIONS 0x00000080u
#define CM_GETIDLIST_FILTER_PRESENT 0x00000100u
#define CM_GETIDLIST_FILTER_CLASS 0x00000200u
#define CM_GETIDLIST_FILTER_BITS 0x100003FFu

/* CM_Get_Device_Interface_List flags. */
#define CM_GET_DEVICE_INTERFACE_LIST_PRESENT 0x00000000u
#define CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES 0x00000001u
#define CM_GET_DEVICE_INTERFACE_LIST_BITS 0x00000001u

/* Registry properties of a device node (CM_Get_DevNode_Registry_Property; SPDRP_* = CM_DRP_* - 1). */
#define CM_DRP_DEVICEDESC 0x00000001u
#define CM_DRP_HARDWAREID 0x00000002u
#define CM_DRP_COMPATIBLEIDS 0x00000003u
#define CM_DRP_UNUSED0 0x00000004u
#define CM_DRP_SERVICE 0x00000005u
#define CM_DRP_UNUSED1 0x00000006u
#define CM_DRP_UNUSED2 0x00000007u
#define CM_DRP_CLASS 0x00000008u
#define CM_DRP_CLASSGUID 0x00000009u
#define CM_DRP_DRIVER 0x0000000Au
#define CM_DRP_CONFIGFLAGS 0x0000000Bu
#define CM_DRP_MFG 0x0000000Cu
#define CM_DRP_FRIENDLYNAME 0x0000000Du
#define CM_DRP_LOCATION_INFORMATION 0x0000000Eu
#define CM_DRP_PHYSICAL_DEVICE_OBJECT_NAME 0x0000000Fu
#define CM_DRP_CAPABILITIES 0x00000010u
#define CM_DRP_UI_NUMBER 0x00000011u
#define CM_DRP_UPPERFILTERS 0x00000012u
#define CM_CRP_UPPERFILTERS CM_DRP_UPPERFILTERS
#define CM_DRP_LOWERFILTERS 0x00000013u
#define CM_CRP_LOWERFILTERS CM_DRP_LOWERFILTERS
#define CM_DRP_BUSTYPEGUID 0x00000014u
#define CM_DRP_LEGACYBUSTYPE 0x00000015u
#define CM_DRP_BUSNUMBER 0x00000016u
#define CM_DRP_ENUMERATOR_NAME 0x00000017u
#define CM_DRP_SECURITY 0x00000018u
#define CM_CRP_SECURITY CM_DRP_SECURITY
#define CM_DRP_SECURITY_SDS 0x00000019u
#define CM_CRP_SECURITY_SDS CM_DRP_SECURITY_SDS
#define CM_DRP_DEVTYPE 0x0000001Au
#define CM_CRP_DEVTYPE CM_DRP_DEVTYPE
#define CM_DRP_EXCLUSIVE 0x0000001Bu
#define CM_CRP_EXCLUSIVE CM_DRP_EXCLUSIVE
#define CM_DRP_CHARACTERISTICS 0x0000001Cu
#define CM_CRP_CHARACTERISTICS CM_DRP_CHARACTERISTICS
#define CM_DRP_ADDRESS 0x0000001Du
#define CM_DRP_UI_NUMBER_DESC_FORMAT 0x0000001Eu
#define CM_DRP_DEVICE_POWER_DATA 0x0000001Fu
#define CM_DRP_REMOVAL_POLICY 0x00000020u
#define CM_DRP_REMOVAL_POLICY_HW_DEFAULT 0x00000021u
#define CM_DRP_REMOVAL_POLICY_OVERRIDE 0x00000022u
#define CM_DRP_INSTALL_STATE 0x00000023u
#define CM_DRP_LOCATION_PATHS 0x00000024u
#define CM_DRP_BASE_CONTAINERID 0x00000025u
#define CM_DRP_MIN 0x00000001u
#define CM_CRP_MIN CM_DRP_MIN
#define CM_DRP_MAX 0x00000025u
#define CM_CRP_MAX CM_DRP_MAX

/* CM_Enumerate_Classes flags. */
#define CM_ENUMERATE_CLASSES_INSTALLER 0x00000000u
#define CM_ENUMERATE_CLASSES_INTERFACE 0x00000001u
#define CM_ENUMERATE_CLASSES_BITS 0x00000001u

/* CM_Get_Device_Interface_Property flags: none. */

/* ---- Notifications ---- */

DECLARE_HANDLE(HCMNOTIFICATION);
typedef HCMNOTIFICATION *PHCMNOTIFICATION;

#define CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES 0x00000001u
#define CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES 0x00000002u
#define CM_NOTIFY_FILTER_VALID_FLAGS \
  (CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES | CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES)

typedef enum _CM_NOTIFY_FILTER_TYPE {
  CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE = 0,
  CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE,
  CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE,
  CM_NOTIFY_FILTER_TYPE_MAX
} CM_NOTIFY_FILTER_TYPE, *PCM_NOTIFY_FILTER_TYPE;

typedef struct _CM_NOTIFY_FILTER {
  DWORD cbSize; /* sizeof(CM_NOTIFY_FILTER) */
  DWORD Flags;
  CM_NOTIFY_FILTER_TYPE FilterType;
  DWORD Reserved; /* must be 0 */
  union {
    struct {
      GUID ClassGuid;
    } DeviceInterface;
    struct {
      HANDLE hTarget; /* from CreateFile; needed only during CM_Register_Notification */
    } DeviceHandle;
    struct {
      WCHAR InstanceId[MAX_DEVICE_ID_LEN];
    } DeviceInstance;
  } u;
} CM_NOTIFY_FILTER, *PCM_NOTIFY_FILTER;

typedef enum _CM_NOTIFY_ACTION {
  CM_NOTIFY_ACTION_DEVICEINTERFACEARRIVAL = 0,
  CM_NOTIFY_ACTION_DEVICEINTERFACEREMOVAL,
  CM_NOTIFY_ACTION_DEVICEQUERYREMOVE,
  CM_NOTIFY_ACTION_DEVICEQUERYREMOVEFAILED,
  CM_NOTIFY_ACTION_DEVICEREMOVEPENDING,
  CM_NOTIFY_ACTION_DEVICEREMOVECOMPLETE,
  CM_NOTIFY_ACTION_DEVICECUSTOMEVENT,
  CM_NOTIFY_ACTION_DEVICEINSTANCEENUMERATED,
  CM_NOTIFY_ACTION_DEVICEINSTANCESTARTED,
  CM_NOTIFY_ACTION_DEVICEINSTANCEREMOVED,
  CM_NOTIFY_ACTION_MAX
} CM_NOTIFY_ACTION, *PCM_NOTIFY_ACTION;

/* Variable length: the block is allocated to fit its NUL-terminated string or its data, and the
 * callback's EventDataSize is the size of the whole block (never less than
 * sizeof(CM_NOTIFY_EVENT_DATA)). Read the union member that FilterType names. The block is valid
 * only during the callback. */
typedef struct _CM_NOTIFY_EVENT_DATA {
  CM_NOTIFY_FILTER_TYPE FilterType;
  DWORD Reserved;
  union {
    struct {
      GUID ClassGuid;
      WCHAR SymbolicLink[ANYSIZE_ARRAY];
    } DeviceInterface;
    struct {
      GUID EventGuid;     /* DEVICECUSTOMEVENT only */
      LONG NameOffset;    /* offset of a WCHAR string in Data, -1 when none */
      DWORD DataSize;
      BYTE Data[ANYSIZE_ARRAY];
    } DeviceHandle;
    struct {
      WCHAR InstanceId[ANYSIZE_ARRAY];
    } DeviceInstance;
  } u;
} CM_NOTIFY_EVENT_DATA, *PCM_NOTIFY_EVENT_DATA;

/* Return ERROR_SUCCESS; for CM_NOTIFY_ACTION_DEVICEQUERYREMOVE, ERROR_CANCELLED vetoes (Linux
 * has no query-remove, so that action is never delivered). */
typedef DWORD(CALLBACK *PCM_NOTIFY_CALLBACK)(_In_ HCMNOTIFICATION hNotify,
                                            _In_opt_ PVOID Context,
                                            _In_ CM_NOTIFY_ACTION Action,
                                            _In_reads_bytes_(EventDataSize)
                                                PCM_NOTIFY_EVENT_DATA EventData,
                                            _In_ DWORD EventDataSize);

EXTERN_C_START

/* Registers pCallback for the events pFilter selects. The callback may run before this returns
 * (use its hNotify argument) and never runs concurrently with itself for one registration.
 * *pNotifyContext is NULL on any failure. */
CMAPI CONFIGRET WINAPI CM_Register_Notification(_In_ PCM_NOTIFY_FILTER pFilter,
                                                _In_opt_ PVOID pContext,
                                                _In_ PCM_NOTIFY_CALLBACK pCallback,
                                                _Out_ PHCMNOTIFICATION pNotifyContext);

/* When it returns, the callback is not running and never runs again, so the context may be
 * freed. Safe from any thread, including the registration's own callback (it then returns at
 * once, and no further callback starts). CR_INVALID_DATA for a handle that is not open (NULL,
 * never issued, already closed, garbage). */
CMAPI CONFIGRET WINAPI CM_Unregister_Notification(_In_ HCMNOTIFICATION NotifyContext);

CMAPI DWORD WINAPI CM_MapCrToWin32Err(_In_ CONFIGRET CmReturnCode, _In_ DWORD DefaultErr);

/* ---- Enumeration: the same device map that feeds the notifications ---- */

/* Length in characters of the multi-string list, including every NUL. */
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeW(_Out_ PULONG pulLen,
                                                          _In_ LPGUID InterfaceClassGuid,
                                                          _In_opt_ DEVINSTID_W pDeviceID,
                                                          _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeA(_Out_ PULONG pulLen,
                                                          _In_ LPGUID InterfaceClassGuid,
                                                          _In_opt_ DEVINSTID_A pDeviceID,
                                                          _In_ ULONG ulFlags);
/* CR_BUFFER_SMALL when the list does not fit (it can grow between the two calls: loop). */
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_ListW(_In_ LPGUID InterfaceClassGuid,
                                                     _In_opt_ DEVINSTID_W pDeviceID,
                                                     _Out_writes_(BufferLen) PZZWSTR Buffer,
                                                     _In_ ULONG BufferLen, _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_ListA(_In_ LPGUID InterfaceClassGuid,
                                                     _In_opt_ DEVINSTID_A pDeviceID,
                                                     _Out_writes_(BufferLen) PZZSTR Buffer,
                                                     _In_ ULONG BufferLen, _In_ ULONG ulFlags);

CMAPI CONFIGRET WINAPI CM_Get_Device_ID_List_SizeW(_Out_ PULONG pulLen,
                                                   _In_opt_ PCWSTR pszFilter,
                                                   _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_ID_List_SizeA(_Out_ PULONG pulLen, _In_opt_ PCSTR pszFilter,
                                                   _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_ID_ListW(_In_opt_ PCWSTR pszFilter,
                                              _Out_writes_(BufferLen) PZZWSTR Buffer,
                                              _In_ ULONG BufferLen, _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_ID_ListA(_In_opt_ PCSTR pszFilter,
                                              _Out_writes_(BufferLen) PZZSTR Buffer,
                                              _In_ ULONG BufferLen, _In_ ULONG ulFlags);

/* NULL or "" locates the root device node. */
CMAPI CONFIGRET WINAPI CM_Locate_DevNodeW(_Out_ PDEVINST pdnDevInst,
                                          _In_opt_ DEVINSTID_W pDeviceID, _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Locate_DevNodeA(_Out_ PDEVINST pdnDevInst,
                                          _In_opt_ DEVINSTID_A pDeviceID, _In_ ULONG ulFlags);

CMAPI CONFIGRET WINAPI CM_Get_Device_IDW(_In_ DEVINST dnDevInst,
                                         _Out_writes_(BufferLen) PWSTR Buffer,
                                         _In_ ULONG BufferLen, _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_IDA(_In_ DEVINST dnDevInst,
                                         _Out_writes_(BufferLen) PSTR Buffer,
                                         _In_ ULONG BufferLen, _In_ ULONG ulFlags);
/* Length in characters without the NUL. */
CMAPI CONFIGRET WINAPI CM_Get_Device_ID_Size(_Out_ PULONG pulLen, _In_ DEVINST dnDevInst,
                                             _In_ ULONG ulFlags);

CMAPI CONFIGRET WINAPI CM_Get_Parent(_Out_ PDEVINST pdnDevInst, _In_ DEVINST dnDevInst,
                                     _In_ ULONG ulFlags);

/* *PropertyBufferSize is in bytes; CR_BUFFER_SMALL sets it (and *PropertyType) to what the
 * property needs. CR_NO_SUCH_VALUE for a property the device does not have. */
CMAPI CONFIGRET WINAPI CM_Get_DevNode_PropertyW(
    _In_ DEVINST dnDevInst, _In_ const DEVPROPKEY *PropertyKey, _Out_ DEVPROPTYPE *PropertyType,
    _Out_writes_bytes_opt_(*PropertyBufferSize) PBYTE PropertyBuffer,
    _Inout_ PULONG PropertyBufferSize, _In_ ULONG ulFlags);

/* The first child (CM_Get_Child) and the next sibling (CM_Get_Sibling) of a node; children are in
 * instance-ID order. CR_NO_SUCH_DEVNODE when there is none. */
CMAPI CONFIGRET WINAPI CM_Get_Child(_Out_ PDEVINST pdnDevInst, _In_ DEVINST dnDevInst,
                                    _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Sibling(_Out_ PDEVINST pdnDevInst, _In_ DEVINST dnDevInst,
                                      _In_ ULONG ulFlags);

/* DN_* flags and CM_PROB_* code (cfg.h). */
CMAPI CONFIGRET WINAPI CM_Get_DevNode_Status(_Out_ PULONG pulStatus, _Out_ PULONG pulProblemNumber,
                                             _In_ DEVINST dnDevInst, _In_ ULONG ulFlags);

/* The keys CM_Get_DevNode_PropertyW answers for this node; *PropertyKeyCount is a count of
 * keys, set to the number needed with CR_BUFFER_SMALL. */
CMAPI CONFIGRET WINAPI CM_Get_DevNode_Property_Keys(
    _In_ DEVINST dnDevInst, _Out_writes_opt_(*PropertyKeyCount) DEVPROPKEY *PropertyKeyArray,
    _Inout_ PULONG PropertyKeyCount, _In_ ULONG ulFlags);

/* A CM_DRP_* property as the registry holds it (REG_SZ, REG_MULTI_SZ, REG_DWORD, REG_BINARY);
 * *pulLength in bytes. CR_INVALID_PROPERTY for an unknown number. */
CMAPI CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyW(
    _In_ DEVINST dnDevInst, _In_ ULONG ulProperty, _Out_opt_ PULONG pulRegDataType,
    _Out_writes_bytes_opt_(*pulLength) PVOID Buffer, _Inout_ PULONG pulLength,
    _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyA(
    _In_ DEVINST dnDevInst, _In_ ULONG ulProperty, _Out_opt_ PULONG pulRegDataType,
    _Out_writes_bytes_opt_(*pulLength) PVOID Buffer, _Inout_ PULONG pulLength,
    _In_ ULONG ulFlags);

/* A device interface's property, by its symbolic link. */
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_PropertyW(
    _In_ LPCWSTR pszDeviceInterface, _In_ const DEVPROPKEY *PropertyKey,
    _Out_ DEVPROPTYPE *PropertyType,
    _Out_writes_bytes_opt_(*PropertyBufferSize) PBYTE PropertyBuffer,
    _Inout_ PULONG PropertyBufferSize, _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_Property_KeysW(
    _In_ LPCWSTR pszDeviceInterface,
    _Out_writes_opt_(*PropertyKeyCount) DEVPROPKEY *PropertyKeyArray,
    _Inout_ PULONG PropertyKeyCount, _In_ ULONG ulFlags);

/* The class at ulClassIndex (0, 1, ...): setup classes (CM_ENUMERATE_CLASSES_INSTALLER) or
 * device interface classes (CM_ENUMERATE_CLASSES_INTERFACE). CR_NO_SUCH_VALUE past the last. */
CMAPI CONFIGRET WINAPI CM_Enumerate_Classes(_In_ ULONG ulClassIndex, _Out_ LPGUID ClassGuid,
                                            _In_ ULONG ulFlags);

/* The enumerator at ulEnumIndex ("PCI", "USB", ...), sorted; *pulLength in characters with the
 * NUL. CR_NO_SUCH_VALUE past the last. */
CMAPI CONFIGRET WINAPI CM_Enumerate_EnumeratorsW(_In_ ULONG ulEnumIndex,
                                                 _Out_writes_(*pulLength) PWSTR Buffer,
                                                 _Inout_ PULONG pulLength, _In_ ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Enumerate_EnumeratorsA(_In_ ULONG ulEnumIndex,
                                                 _Out_writes_(*pulLength) PSTR Buffer,
                                                 _Inout_ PULONG pulLength, _In_ ULONG ulFlags);

/* ---- cmnotify extensions (Linux; not in the Windows SDK) ---- */

/* The HANDLE that stands for a Linux file descriptor: (HANDLE)(intptr_t)(fd + 1), so NULL and
 * INVALID_HANDLE_VALUE are never a descriptor. INVALID_HANDLE_VALUE for fd < 0. */
HANDLE cmnotify_handle_from_fd(int fd);
/* The descriptor a HANDLE stands for, or -1 for NULL, INVALID_HANDLE_VALUE and values that
 * cannot be one. Does not check that the descriptor is open. */
int cmnotify_fd_from_handle(HANDLE h);

EXTERN_C_END

/* Linux identity of a device node, for CM_Get_DevNode_PropertyW (DEVPROP_TYPE_STRING each):
 * the node in /dev, the sysfs path, the kernel subsystem. */
DEFINE_DEVPROPKEY(DEVPKEY_Cmnotify_LinuxDevnode, 0x7080282b, 0x1f36, 0x4f3c, 0x8c, 0x01, 0xf0,
                  0x11, 0x42, 0x65, 0xe2, 0x56, 2);
DEFINE_DEVPROPKEY(DEVPKEY_Cmnotify_LinuxSyspath, 0x7080282b, 0x1f36, 0x4f3c, 0x8c, 0x01, 0xf0,
                  0x11, 0x42, 0x65, 0xe2, 0x56, 3);
DEFINE_DEVPROPKEY(DEVPKEY_Cmnotify_LinuxSubsystem, 0x7080282b, 0x1f36, 0x4f3c, 0x8c, 0x01, 0xf0,
                  0x11, 0x42, 0x65, 0xe2, 0x56, 4);

/* ---- ANSI/Unicode mappings ---- */
#ifdef UNICODE
#define CM_Get_Device_Interface_List_Size CM_Get_Device_Interface_List_SizeW
#define CM_Get_Device_Interface_List CM_Get_Device_Interface_ListW
#define CM_Get_Device_ID_List_Size CM_Get_Device_ID_List_SizeW
#define CM_Get_Device_ID_List CM_Get_Device_ID_ListW
#define CM_Locate_DevNode CM_Locate_DevNodeW
#define CM_Get_Device_ID CM_Get_Device_IDW
#define CM_Get_DevNode_Property CM_Get_DevNode_PropertyW
#define CM_Get_DevNode_Registry_Property CM_Get_DevNode_Registry_PropertyW
#define CM_Get_Device_Interface_Property CM_Get_Device_Interface_PropertyW
#define CM_Get_Device_Interface_Property_Keys CM_Get_Device_Interface_Property_KeysW
#define CM_Enumerate_Enumerators CM_Enumerate_EnumeratorsW
#else
#define CM_Get_DevNode_Registry_Property CM_Get_DevNode_Registry_PropertyA
#define CM_Enumerate_Enumerators CM_Enumerate_EnumeratorsA
#define CM_Get_Device_Interface_List_Size CM_Get_Device_Interface_List_SizeA
#define CM_Get_Device_Interface_List CM_Get_Device_Interface_ListA
#define CM_Get_Device_ID_List_Size CM_Get_Device_ID_List_SizeA
#define CM_Get_Device_ID_List CM_Get_Device_ID_ListA
#define CM_Locate_DevNode CM_Locate_DevNodeA
#define CM_Get_Device_ID CM_Get_Device_IDA
#endif

#endif /* CMNOTIFY_WIN32_CFGMGR32_H */
