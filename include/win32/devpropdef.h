/* devpropdef.h: device property keys and types.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * DEFINE_DEVPROPKEY follows INITGUID like DEFINE_GUID (see guiddef.h); its part is outside the
 * include guard so that initguid.h can switch it to definitions. */
#ifndef CMNOTIFY_WIN32_DEVPROPDEF_H
#define CMNOTIFY_WIN32_DEVPROPDEF_H

#include "guiddef.h"
#include "minwindef.h"

typedef ULONG DEVPROPTYPE, *PDEVPROPTYPE;

#define DEVPROP_TYPEMOD_ARRAY 0x00001000u
#define DEVPROP_TYPEMOD_LIST 0x00002000u

#define DEVPROP_TYPE_EMPTY 0x00000000u
#define DEVPROP_TYPE_NULL 0x00000001u
#define DEVPROP_TYPE_SBYTE 0x00000002u
#define DEVPROP_TYPE_BYTE 0x00000003u
#define DEVPROP_TYPE_INT16 0x00000004u
#define DEVPROP_TYPE_UINT16 0x00000005u
#define DEVPROP_TYPE_INT32 0x00000006u
#define DEVPROP_TYPE_UINT32 0x00000007u
#define DEVPROP_TYPE_INT64 0x00000008u
#define DEVPROP_TYPE_UINT64 0x00000009u
#define DEVPROP_TYPE_FLOAT 0x0000000Au
#define DEVPROP_TYPE_DOUBLE 0x0000000Bu
#define DEVPROP_TYPE_DECIMAL 0x0000000Cu
#define DEVPROP_TYPE_GUID 0x0000000Du
#define DEVPROP_TYPE_CURRENCY 0x0000000Eu
#define DEVPROP_TYPE_DATE 0x0000000Fu
#define DEVPROP_TYPE_FILETIME 0x00000010u
#define DEVPROP_TYPE_BOOLEAN 0x00000011u
#define DEVPROP_TYPE_STRING 0x00000012u
#define DEVPROP_TYPE_STRING_LIST (DEVPROP_TYPE_STRING | DEVPROP_TYPEMOD_LIST)
#define DEVPROP_TYPE_SECURITY_DESCRIPTOR 0x00000013u
#define DEVPROP_TYPE_SECURITY_DESCRIPTOR_STRING 0x00000014u
#define DEVPROP_TYPE_DEVPROPKEY 0x00000015u
#define DEVPROP_TYPE_DEVPROPTYPE 0x00000016u
#define DEVPROP_TYPE_BINARY (DEVPROP_TYPE_BYTE | DEVPROP_TYPEMOD_ARRAY)
#define DEVPROP_TYPE_ERROR 0x00000017u
#define DEVPROP_TYPE_NTSTATUS 0x00000018u
#define DEVPROP_TYPE_STRING_INDIRECT 0x00000019u

#define MAX_DEVPROP_TYPE 0x00000019u
#define MAX_DEVPROP_TYPEMOD 0x00002000u
#define DEVPROP_MASK_TYPE 0x00000FFFu
#define DEVPROP_MASK_TYPEMOD 0x0000F000u

typedef CHAR DEVPROP_BOOLEAN, *PDEVPROP_BOOLEAN;
#define DEVPROP_TRUE ((DEVPROP_BOOLEAN)-1)
#define DEVPROP_FALSE ((DEVPROP_BOOLEAN)0)

typedef GUID DEVPROPGUID, *PDEVPROPGUID;
typedef ULONG DEVPROPID, *PDEVPROPID;

typedef struct _DEVPROPKEY {
  DEVPROPGUID fmtid;
  DEVPROPID pid;
} DEVPROPKEY, *PDEVPROPKEY;

#define DEVPROPID_FIRST_USABLE 2

/* A property's store and locale next to its key, and a property with its value: what the Dev
 * query API (devquery.h) asks for and returns. */
typedef enum _DEVPROPSTORE { DEVPROP_STORE_SYSTEM = 0, DEVPROP_STORE_USER = 1 } DEVPROPSTORE,
    *PDEVPROPSTORE;

typedef struct _DEVPROPCOMPKEY {
  DEVPROPKEY Key;
  DEVPROPSTORE Store;
  PCWSTR LocaleName;
} DEVPROPCOMPKEY, *PDEVPROPCOMPKEY;

typedef struct _DEVPROPERTY {
  DEVPROPCOMPKEY CompKey;
  DEVPROPTYPE Type;
  ULONG BufferSize;
  PVOID Buffer;
} DEVPROPERTY, *PDEVPROPERTY;

#ifdef __cplusplus
#define IsEqualDevPropKey(a, b) (((a).pid == (b).pid) && IsEqualIID((a).fmtid, (b).fmtid))
#else
#define IsEqualDevPropKey(a, b) (((a).pid == (b).pid) && IsEqualIID(&(a).fmtid, &(b).fmtid))
#endif

#endif /* CMNOTIFY_WIN32_DEVPROPDEF_H */

#ifdef DEFINE_DEVPROPKEY
#undef DEFINE_DEVPROPKEY
#endif
#ifdef INITGUID
#ifdef __cplusplus
#define DEFINE_DEVPROPKEY(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8, pid)              \
  extern "C" const DEVPROPKEY name DECLSPEC_SELECTANY = {                                   \
      {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}, pid}
#else
#define DEFINE_DEVPROPKEY(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8, pid) \
  const DEVPROPKEY name DECLSPEC_SELECTANY = {{l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}, pid}
#endif
#else
#define DEFINE_DEVPROPKEY(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8, pid) \
  EXTERN_C const DEVPROPKEY name
#endif
