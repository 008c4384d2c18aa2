/* devquerydef.h: the types of the Dev query API (devquery.h): object types, query flags, the
 * objects a query returns and the data its callback receives.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). Names, values and
 * layouts follow the Windows SDK; what cmnotify supports: docs/win32-api.md ("Dev query API"). */
#ifndef CMNOTIFY_WIN32_DEVQUERYDEF_H
#define CMNOTIFY_WIN32_DEVQUERYDEF_H

#include "devpropdef.h"
#include "minwindef.h"

typedef enum _DEV_OBJECT_TYPE {
  DevObjectTypeUnknown = 0,
  DevObjectTypeDeviceInterface = 1,
  DevObjectTypeDeviceContainer = 2,
  DevObjectTypeDevice = 3,
  DevObjectTypeDeviceInterfaceClass = 4,
  DevObjectTypeAEP = 5,
  DevObjectTypeAEPContainer = 6,
  DevObjectTypeDeviceInstallerClass = 7,
  DevObjectTypeDeviceInterfaceDisplay = 8,
  DevObjectTypeDeviceContainerDisplay = 9,
  DevObjectTypeAEPService = 10,
  DevObjectTypeDevicePanel = 11
} DEV_OBJECT_TYPE, *PDEV_OBJECT_TYPE;

typedef enum _DEV_QUERY_FLAGS {
  DevQueryFlagNone = 0x00000000,
  DevQueryFlagUpdateResults = 0x00000001,
  DevQueryFlagAllProperties = 0x00000002,
  DevQueryFlagLocalize = 0x00000004,
  DevQueryFlagAsyncClose = 0x00000008
} DEV_QUERY_FLAGS, *PDEV_QUERY_FLAGS;

typedef enum _DEV_QUERY_STATE {
  DevQueryStateInitialized = 0,
  DevQueryStateEnumCompleted = 1,
  DevQueryStateAborted = 2,
  DevQueryStateClosed = 3
} DEV_QUERY_STATE, *PDEV_QUERY_STATE;

typedef enum _DEV_QUERY_RESULT_ACTION {
  DevQueryResultStateChange = 0,
  DevQueryResultAdd = 1,
  DevQueryResultUpdate = 2,
  DevQueryResultRemove = 3
} DEV_QUERY_RESULT_ACTION, *PDEV_QUERY_RESULT_ACTION;

typedef struct _DEV_OBJECT {
  DEV_OBJECT_TYPE ObjectType;
  PCWSTR pszObjectId;
  ULONG cPropertyCount;
  const DEVPROPERTY *pProperties;
} DEV_OBJECT, *PDEV_OBJECT;

typedef struct _DEV_QUERY_RESULT_ACTION_DATA {
  DEV_QUERY_RESULT_ACTION Action;
  union {
    DEV_QUERY_STATE State;
    DEV_OBJECT DeviceObject;
  } Data;
} DEV_QUERY_RESULT_ACTION_DATA, *PDEV_QUERY_RESULT_ACTION_DATA;

typedef struct _DEV_QUERY_PARAMETER {
  DEVPROPKEY Key;
  DEVPROPTYPE Type;
  ULONG BufferSize;
  PVOID Buffer;
} DEV_QUERY_PARAMETER, *PDEV_QUERY_PARAMETER;

#endif /* CMNOTIFY_WIN32_DEVQUERYDEF_H */
