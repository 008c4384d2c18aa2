/* setupapi.h: the SetupDi device-information-set functions that find devices and their
 * interfaces, over the same device map as cfgmgr32 and the notifications.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32), implemented by
 * libcmnotify-win32. Declarations and values follow the Windows SDK; behaviour follows
 * Microsoft's documentation and, where Windows is only observed, Wine's conformance tests
 * (dlls/setupapi/tests/devinst.c). Choices: docs/win32-api.md ("SetupAPI").
 *
 * Layouts on Linux (LP64, WCHAR 4 bytes): sizeof(SP_DEVINFO_DATA) and
 * sizeof(SP_DEVICE_INTERFACE_DATA) are 32 as on 64-bit Windows; sizeof of both
 * SP_DEVICE_INTERFACE_DETAIL_DATA_W and _A is 8 (the value cbSize must hold, as on 64-bit
 * Windows), and DevicePath holds 4-byte characters in the W form. */
#ifndef CMNOTIFY_WIN32_SETUPAPI_H
#define CMNOTIFY_WIN32_SETUPAPI_H

#include "cfgmgr32.h"
#include "devpropdef.h"
#include "guiddef.h"
#include "minwindef.h"
#include "winerror.h"
#include "winnt.h"
#include "winreg.h"

#ifndef WINSETUPAPI
#define WINSETUPAPI
#endif

/* Setup API errors (winerror.h in the SDK). */
#ifndef APPLICATION_ERROR_MASK
#define APPLICATION_ERROR_MASK 0x20000000u
#endif
#ifndef ERROR_SEVERITY_ERROR
#define ERROR_SEVERITY_ERROR 0xC0000000u
#endif
#define ERROR_CLASS_MISMATCH (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x201)
#define ERROR_INVALID_DEVINST_NAME (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x205)
#define ERROR_INVALID_CLASS (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x206)
#define ERROR_KEY_DOES_NOT_EXIST (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x204)
#define ERROR_INVALID_REG_PROPERTY (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x209)
#define ERROR_NO_SUCH_DEVINST (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x20B)
#define ERROR_NO_SUCH_DEVICE_INTERFACE (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x225)
#ifndef ERROR_INVALID_MACHINENAME
#define ERROR_INVALID_MACHINENAME 1123L
#endif

/* A device information set. */
typedef PVOID HDEVINFO;

typedef struct _SP_DEVINFO_DATA {
  DWORD cbSize; /* sizeof(SP_DEVINFO_DATA) */
  GUID ClassGuid;
  DWORD DevInst; /* a DEVINST for the CM_ functions */
  ULONG_PTR Reserved;
} SP_DEVINFO_DATA, *PSP_DEVINFO_DATA;

typedef struct _SP_DEVICE_INTERFACE_DATA {
  DWORD cbSize; /* sizeof(SP_DEVICE_INTERFACE_DATA) */
  GUID InterfaceClassGuid;
  DWORD Flags; /* SPINT_* */
  ULONG_PTR Reserved;
} SP_DEVICE_INTERFACE_DATA, *PSP_DEVICE_INTERFACE_DATA;
typedef SP_DEVICE_INTERFACE_DATA SP_INTERFACE_DEVICE_DATA, *PSP_INTERFACE_DEVICE_DATA;

#define SPINT_ACTIVE 0x00000001u
#define SPINT_DEFAULT 0x00000002u
#define SPINT_REMOVED 0x00000004u
#define SPID_ACTIVE SPINT_ACTIVE
#define SPID_DEFAULT SPINT_DEFAULT
#define SPID_REMOVED SPINT_REMOVED

/* Variable length: cbSize is sizeof(the structure), the buffer size is what the size query
 * reports. */
typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_A {
  DWORD cbSize;
  CHAR DevicePath[ANYSIZE_ARRAY];
} SP_DEVICE_INTERFACE_DETAIL_DATA_A, *PSP_DEVICE_INTERFACE_DETAIL_DATA_A;
typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_W {
  DWORD cbSize;
  WCHAR DevicePath[ANYSIZE_ARRAY];
} SP_DEVICE_INTERFACE_DETAIL_DATA_W, *PSP_DEVICE_INTERFACE_DETAIL_DATA_W;

/* SetupDiGetClassDevs flags. */
#define DIGCF_DEFAULT 0x00000001u
#define DIGCF_PRESENT 0x00000002u
#define DIGCF_ALLCLASSES 0x00000004u
#define DIGCF_PROFILE 0x00000008u
#define DIGCF_DEVICEINTERFACE 0x00000010u
#define DIGCF_INTERFACEDEVICE DIGCF_DEVICEINTERFACE

/* SetupDiOpenDeviceInfo and SetupDiOpenDeviceInterface flags. */
#define DIOD_INHERIT_CLASSDRVS 0x00000002u
#define DIOD_CANCEL_REMOVE 0x00000004u
#define DIODI_NO_ADD 0x00000001u

/* Registry properties of a device (SetupDiGetDeviceRegistryProperty): CM_DRP_* - 1. */
#define SPDRP_DEVICEDESC 0x00000000u
#define SPDRP_HARDWAREID 0x00000001u
#define SPDRP_COMPATIBLEIDS 0x00000002u
#define SPDRP_UNUSED0 0x00000003u
#define SPDRP_SERVICE 0x00000004u
#define SPDRP_UNUSED1 0x00000005u
#define SPDRP_UNUSED2 0x00000006u
#define SPDRP_CLASS 0x00000007u
#define SPDRP_CLASSGUID 0x00000008u
#define SPDRP_DRIVER 0x00000009u
#define SPDRP_CONFIGFLAGS 0x0000000Au
#define SPDRP_MFG 0x0000000Bu
#define SPDRP_FRIENDLYNAME 0x0000000Cu
#define SPDRP_LOCATION_INFORMATION 0x0000000Du
#define SPDRP_PHYSICAL_DEVICE_OBJECT_NAME 0x0000000Eu
#define SPDRP_CAPABILITIES 0x0000000Fu
#define SPDRP_UI_NUMBER 0x00000010u
#define SPDRP_UPPERFILTERS 0x00000011u
#define SPDRP_LOWERFILTERS 0x00000012u
#define SPDRP_BUSTYPEGUID 0x00000013u
#define SPDRP_LEGACYBUSTYPE 0x00000014u
#define SPDRP_BUSNUMBER 0x00000015u
#define SPDRP_ENUMERATOR_NAME 0x00000016u
#define SPDRP_SECURITY 0x00000017u
#define SPDRP_SECURITY_SDS 0x00000018u
#define SPDRP_DEVTYPE 0x00000019u
#define SPDRP_EXCLUSIVE 0x0000001Au
#define SPDRP_CHARACTERISTICS 0x0000001Bu
#define SPDRP_ADDRESS 0x0000001Cu
#define SPDRP_UI_NUMBER_DESC_FORMAT 0x0000001Du
#define SPDRP_DEVICE_POWER_DATA 0x0000001Eu
#define SPDRP_REMOVAL_POLICY 0x0000001Fu
#define SPDRP_REMOVAL_POLICY_HW_DEFAULT 0x00000020u
#define SPDRP_REMOVAL_POLICY_OVERRIDE 0x00000021u
#define SPDRP_INSTALL_STATE 0x00000022u
#define SPDRP_LOCATION_PATHS 0x00000023u
#define SPDRP_BASE_CONTAINERID 0x00000024u
#define SPDRP_MAXIMUM_PROPERTY 0x00000025u

EXTERN_C_START

/* An empty set, of one setup class or (ClassGuid NULL) of any. hwndParent is ignored. */
WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoList(_In_opt_ const GUID *ClassGuid,
                                                        _In_opt_ HWND hwndParent);

/* The present devices of a setup class or (DIGCF_DEVICEINTERFACE) with an interface of an
 * interface class, or of every class (DIGCF_ALLCLASSES); Enumerator restricts the set to the
 * devices whose instance ID is, or lies below, it ("USB", "USB\VID_046D&PID_0826", a whole
 * instance ID). INVALID_HANDLE_VALUE and GetLastError() on failure. */
WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsW(_In_opt_ const GUID *ClassGuid,
                                                 _In_opt_ PCWSTR Enumerator,
                                                 _In_opt_ HWND hwndParent, _In_ DWORD Flags);
WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsA(_In_opt_ const GUID *ClassGuid,
                                                 _In_opt_ PCSTR Enumerator,
                                                 _In_opt_ HWND hwndParent, _In_ DWORD Flags);
/* As above, adding to DeviceInfoSet when it is not NULL (and returning it). MachineName must be
 * NULL or empty: this machine. */
WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsExW(_In_opt_ const GUID *ClassGuid,
                                                   _In_opt_ PCWSTR Enumerator,
                                                   _In_opt_ HWND hwndParent, _In_ DWORD Flags,
                                                   _In_opt_ HDEVINFO DeviceInfoSet,
                                                   _In_opt_ PCWSTR MachineName,
                                                   _Reserved_ PVOID Reserved);
WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsExA(_In_opt_ const GUID *ClassGuid,
                                                   _In_opt_ PCSTR Enumerator,
                                                   _In_opt_ HWND hwndParent, _In_ DWORD Flags,
                                                   _In_opt_ HDEVINFO DeviceInfoSet,
                                                   _In_opt_ PCSTR MachineName,
                                                   _Reserved_ PVOID Reserved);

WINSETUPAPI BOOL WINAPI SetupDiDestroyDeviceInfoList(_In_ HDEVINFO DeviceInfoSet);

WINSETUPAPI BOOL WINAPI SetupDiEnumDeviceInfo(_In_ HDEVINFO DeviceInfoSet, _In_ DWORD MemberIndex,
                                              _Out_ PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiEnumDeviceInterfaces(
    _In_ HDEVINFO DeviceInfoSet, _In_opt_ PSP_DEVINFO_DATA DeviceInfoData,
    _In_ const GUID *InterfaceClassGuid, _In_ DWORD MemberIndex,
    _Out_ PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData);

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
    _Out_writes_bytes_to_opt_(DeviceInterfaceDetailDataSize, *RequiredSize)
        PSP_DEVICE_INTERFACE_DETAIL_DATA_W DeviceInterfaceDetailData,
    _In_ DWORD DeviceInterfaceDetailDataSize, _Out_opt_ PDWORD RequiredSize,
    _Out_opt_ PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
    _Out_writes_bytes_to_opt_(DeviceInterfaceDetailDataSize, *RequiredSize)
        PSP_DEVICE_INTERFACE_DETAIL_DATA_A DeviceInterfaceDetailData,
    _In_ DWORD DeviceInterfaceDetailDataSize, _Out_opt_ PDWORD RequiredSize,
    _Out_opt_ PSP_DEVINFO_DATA DeviceInfoData);

/* DeviceInstanceIdSize and *RequiredSize in characters, with the NUL. */
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdW(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVINFO_DATA DeviceInfoData,
    _Out_writes_opt_(DeviceInstanceIdSize) PWSTR DeviceInstanceId,
    _In_ DWORD DeviceInstanceIdSize, _Out_opt_ PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdA(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVINFO_DATA DeviceInfoData,
    _Out_writes_opt_(DeviceInstanceIdSize) PSTR DeviceInstanceId,
    _In_ DWORD DeviceInstanceIdSize, _Out_opt_ PDWORD RequiredSize);

/* Sizes in bytes. A property the device lacks: ERROR_INVALID_DATA. */
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVINFO_DATA DeviceInfoData, _In_ DWORD Property,
    _Out_opt_ PDWORD PropertyRegDataType,
    _Out_writes_bytes_to_opt_(PropertyBufferSize, *RequiredSize) PBYTE PropertyBuffer,
    _In_ DWORD PropertyBufferSize, _Out_opt_ PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVINFO_DATA DeviceInfoData, _In_ DWORD Property,
    _Out_opt_ PDWORD PropertyRegDataType,
    _Out_writes_bytes_to_opt_(PropertyBufferSize, *RequiredSize) PBYTE PropertyBuffer,
    _In_ DWORD PropertyBufferSize, _Out_opt_ PDWORD RequiredSize);

/* Sizes in bytes. A property the device lacks: ERROR_NOT_FOUND. */
/* SetupDiOpenDevRegKey: scopes and key types. Linux keeps no such keys: see docs/win32-api.md. */
#define DICS_FLAG_GLOBAL 0x00000001u
#define DICS_FLAG_CONFIGSPECIFIC 0x00000002u
#define DICS_FLAG_CONFIGGENERAL 0x00000004u
#define DIREG_DEV 0x00000001u
#define DIREG_DRV 0x00000002u
#define DIREG_BOTH 0x00000004u
WINSETUPAPI HKEY WINAPI SetupDiOpenDevRegKey(_In_ HDEVINFO DeviceInfoSet,
                                             _In_ PSP_DEVINFO_DATA DeviceInfoData,
                                             _In_ DWORD Scope, _In_ DWORD HwProfile,
                                             _In_ DWORD KeyType, _In_ REGSAM samDesired);
WINSETUPAPI BOOL WINAPI SetupDiGetDevicePropertyKeys(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVINFO_DATA DeviceInfoData,
    _Out_writes_opt_(PropertyKeyCount) DEVPROPKEY *PropertyKeyArray, _In_ DWORD PropertyKeyCount,
    _Out_opt_ PDWORD RequiredPropertyKeyCount, _In_ DWORD Flags);
WINSETUPAPI BOOL WINAPI SetupDiGetDevicePropertyW(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVINFO_DATA DeviceInfoData,
    _In_ const DEVPROPKEY *PropertyKey, _Out_ DEVPROPTYPE *PropertyType,
    _Out_writes_bytes_to_opt_(PropertyBufferSize, *RequiredSize) PBYTE PropertyBuffer,
    _In_ DWORD PropertyBufferSize, _Out_opt_ PDWORD RequiredSize, _In_ DWORD Flags);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInterfacePropertyW(
    _In_ HDEVINFO DeviceInfoSet, _In_ PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
    _In_ const DEVPROPKEY *PropertyKey, _Out_ DEVPROPTYPE *PropertyType,
    _Out_writes_bytes_to_opt_(PropertyBufferSize, *RequiredSize) PBYTE PropertyBuffer,
    _In_ DWORD PropertyBufferSize, _Out_opt_ PDWORD RequiredSize, _In_ DWORD Flags);

/* Adds a present device (by instance ID) or the device of an interface (by symbolic link) to a
 * set, unless it is there already, and describes it. */
WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInfoW(_In_ HDEVINFO DeviceInfoSet,
                                               _In_ PCWSTR DeviceInstanceId,
                                               _In_opt_ HWND hwndParent, _In_ DWORD OpenFlags,
                                               _Out_opt_ PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInfoA(_In_ HDEVINFO DeviceInfoSet,
                                               _In_ PCSTR DeviceInstanceId,
                                               _In_opt_ HWND hwndParent, _In_ DWORD OpenFlags,
                                               _Out_opt_ PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInterfaceW(
    _In_ HDEVINFO DeviceInfoSet, _In_ PCWSTR DevicePath, _In_ DWORD OpenFlags,
    _Out_opt_ PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData);
WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInterfaceA(
    _In_ HDEVINFO DeviceInfoSet, _In_ PCSTR DevicePath, _In_ DWORD OpenFlags,
    _Out_opt_ PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData);

/* Setup classes: the description ("Network adapters"; sizes in characters with the NUL) and the
 * GUIDs of a class name ("Net"; case-insensitive, *RequiredSize in GUIDs). */
WINSETUPAPI BOOL WINAPI SetupDiGetClassDescriptionW(_In_ const GUID *ClassGuid,
                                                    _Out_writes_(ClassDescriptionSize)
                                                        PWSTR ClassDescription,
                                                    _In_ DWORD ClassDescriptionSize,
                                                    _Out_opt_ PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiGetClassDescriptionA(_In_ const GUID *ClassGuid,
                                                    _Out_writes_(ClassDescriptionSize)
                                                        PSTR ClassDescription,
                                                    _In_ DWORD ClassDescriptionSize,
                                                    _Out_opt_ PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiClassGuidsFromNameW(_In_ PCWSTR ClassName,
                                                   _Out_writes_(ClassGuidListSize)
                                                       LPGUID ClassGuidList,
                                                   _In_ DWORD ClassGuidListSize,
                                                   _Out_ PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiClassGuidsFromNameA(_In_ PCSTR ClassName,
                                                   _Out_writes_(ClassGuidListSize)
                                                       LPGUID ClassGuidList,
                                                   _In_ DWORD ClassGuidListSize,
                                                   _Out_ PDWORD RequiredSize);

EXTERN_C_END

#ifdef UNICODE
#define SetupDiGetClassDevs SetupDiGetClassDevsW
#define SetupDiGetClassDevsEx SetupDiGetClassDevsExW
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailW
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdW
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyW
#define SetupDiGetDeviceProperty SetupDiGetDevicePropertyW
#define SetupDiGetDeviceInterfaceProperty SetupDiGetDeviceInterfacePropertyW
#define SetupDiOpenDeviceInfo SetupDiOpenDeviceInfoW
#define SetupDiOpenDeviceInterface SetupDiOpenDeviceInterfaceW
#define SetupDiGetClassDescription SetupDiGetClassDescriptionW
#define SetupDiClassGuidsFromName SetupDiClassGuidsFromNameW
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_W SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_W PSP_DEVICE_INTERFACE_DETAIL_DATA;
#else
#define SetupDiGetClassDevs SetupDiGetClassDevsA
#define SetupDiGetClassDevsEx SetupDiGetClassDevsExA
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailA
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdA
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyA
#define SetupDiOpenDeviceInfo SetupDiOpenDeviceInfoA
#define SetupDiOpenDeviceInterface SetupDiOpenDeviceInterfaceA
#define SetupDiGetClassDescription SetupDiGetClassDescriptionA
#define SetupDiClassGuidsFromName SetupDiClassGuidsFromNameA
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_A SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_A PSP_DEVICE_INTERFACE_DETAIL_DATA;
#endif

#endif /* CMNOTIFY_WIN32_SETUPAPI_H */
