/* devquery.h: the Dev query API: device objects and their properties, filtered by property
 * expressions, once (DevGetObjects) or as a live query (DevCreateObjectQuery) that reports the
 * present objects, then DevQueryStateEnumCompleted, then every addition, update and removal.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32), implemented by
 * libcmnotify-win32 over the same device map as cfgmgr32, SetupAPI and the notifications. On
 * Windows these functions are exported by the API set api-ms-win-devices-query-l1-1-0 (the Ex
 * forms: l1-1-1), which cfgmgr32.dll implements (import library onecore.lib / mincore.lib).
 * Names, values and layouts follow the Windows SDK; behaviour follows Microsoft's documentation
 * and, where Windows is only observed, Wine's conformance tests (dlls/cfgmgr32/tests/
 * cfgmgr32.c). Choices: docs/win32-api.md ("Dev query API"). */
#ifndef CMNOTIFY_WIN32_DEVQUERY_H
#define CMNOTIFY_WIN32_DEVQUERY_H

#include "devfiltertypes.h"
#include "devpropdef.h"
#include "devquerydef.h"
#include "minwindef.h"
#include "winerror.h"

DECLARE_HANDLE(HDEVQUERY);
typedef HDEVQUERY *PHDEVQUERY;

typedef VOID(WINAPI *PDEV_QUERY_RESULT_CALLBACK)(HDEVQUERY hDevQuery, PVOID pContext,
                                                 const DEV_QUERY_RESULT_ACTION_DATA *pActionData);

EXTERN_C_START

HRESULT WINAPI DevCreateObjectQuery(DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags,
                                    ULONG cRequestedProperties,
                                    const DEVPROPCOMPKEY *pRequestedProperties,
                                    ULONG cFilterExpressionCount,
                                    const DEVPROP_FILTER_EXPRESSION *pFilter,
                                    PDEV_QUERY_RESULT_CALLBACK pCallback, PVOID pContext,
                                    PHDEVQUERY phDevQuery);

HRESULT WINAPI DevCreateObjectQueryEx(DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags,
                                      ULONG cRequestedProperties,
                                      const DEVPROPCOMPKEY *pRequestedProperties,
                                      ULONG cFilterExpressionCount,
                                      const DEVPROP_FILTER_EXPRESSION *pFilter,
                                      ULONG cExtendedParameterCount,
                                      const DEV_QUERY_PARAMETER *pExtendedParameters,
                                      PDEV_QUERY_RESULT_CALLBACK pCallback, PVOID pContext,
                                      PHDEVQUERY phDevQuery);

VOID WINAPI DevCloseObjectQuery(HDEVQUERY hDevQuery);

HRESULT WINAPI DevGetObjects(DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags,
                             ULONG cRequestedProperties,
                             const DEVPROPCOMPKEY *pRequestedProperties,
                             ULONG cFilterExpressionCount,
                             const DEVPROP_FILTER_EXPRESSION *pFilter, PULONG pcObjectCount,
                             const DEV_OBJECT **ppObjects);

HRESULT WINAPI DevGetObjectsEx(DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags,
                               ULONG cRequestedProperties,
                               const DEVPROPCOMPKEY *pRequestedProperties,
                               ULONG cFilterExpressionCount,
                               const DEVPROP_FILTER_EXPRESSION *pFilter,
                               ULONG cExtendedParameterCount,
                               const DEV_QUERY_PARAMETER *pExtendedParameters,
                               PULONG pcObjectCount, const DEV_OBJECT **ppObjects);

VOID WINAPI DevFreeObjects(ULONG cObjectCount, const DEV_OBJECT *pObjects);

HRESULT WINAPI DevGetObjectProperties(DEV_OBJECT_TYPE ObjectType, PCWSTR pszObjectId,
                                      ULONG QueryFlags, ULONG cRequestedProperties,
                                      const DEVPROPCOMPKEY *pRequestedProperties,
                                      PULONG pcPropertyCount, const DEVPROPERTY **ppProperties);

HRESULT WINAPI DevGetObjectPropertiesEx(DEV_OBJECT_TYPE ObjectType, PCWSTR pszObjectId,
                                        ULONG QueryFlags, ULONG cRequestedProperties,
                                        const DEVPROPCOMPKEY *pRequestedProperties,
                                        ULONG cExtendedParameterCount,
                                        const DEV_QUERY_PARAMETER *pExtendedParameters,
                                        PULONG pcPropertyCount, const DEVPROPERTY **ppProperties);

VOID WINAPI DevFreeObjectProperties(ULONG cPropertyCount, const DEVPROPERTY *pProperties);

const DEVPROPERTY *WINAPI DevFindProperty(const DEVPROPKEY *pKey, DEVPROPSTORE Store,
                                          PCWSTR pszLocaleName, ULONG cProperties,
                                          const DEVPROPERTY *pProperties);

EXTERN_C_END

#endif /* CMNOTIFY_WIN32_DEVQUERY_H */
