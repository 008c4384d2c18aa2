/* propkeydef.h: PROPERTYKEY and DEFINE_PROPERTYKEY, the shell's twin of DEVPROPKEY.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 * A PROPERTYKEY has DEVPROPKEY's layout (a GUID and a 32-bit id), so a key of either kind may be
 * passed where the other is asked for, as Windows code does with a cast. DEFINE_PROPERTYKEY follows
 * INITGUID like DEFINE_GUID; its part is outside the include guard so that initguid.h can switch
 * it to definitions. */
#ifndef CMNOTIFY_WIN32_PROPKEYDEF_H
#define CMNOTIFY_WIN32_PROPKEYDEF_H

#include "guiddef.h"
#include "minwindef.h"

#ifndef PROPERTYKEY_DEFINED
#define PROPERTYKEY_DEFINED
typedef struct _tagpropertykey {
  GUID fmtid;
  DWORD pid;
} PROPERTYKEY;
#endif

#ifndef PID_FIRST_USABLE
#define PID_FIRST_USABLE 2
#endif

#ifndef REFPROPERTYKEY
#ifdef __cplusplus
#define REFPROPERTYKEY const PROPERTYKEY &
#else
#define REFPROPERTYKEY const PROPERTYKEY *
#endif
#endif

#ifndef IsEqualPropertyKey
#ifdef __cplusplus
#define IsEqualPropertyKey(a, b) (((a).pid == (b).pid) && IsEqualIID((a).fmtid, (b).fmtid))
#else
#define IsEqualPropertyKey(a, b) (((a).pid == (b).pid) && IsEqualIID(&(a).fmtid, &(b).fmtid))
#endif
#endif

#endif /* CMNOTIFY_WIN32_PROPKEYDEF_H */

#ifdef DEFINE_PROPERTYKEY
#undef DEFINE_PROPERTYKEY
#endif
#ifdef INITGUID
#ifdef __cplusplus
#define DEFINE_PROPERTYKEY(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8, pid)             \
  extern "C" const PROPERTYKEY name DECLSPEC_SELECTANY = {                                  \
      {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}, pid}
#else
#define DEFINE_PROPERTYKEY(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8, pid) \
  const PROPERTYKEY name DECLSPEC_SELECTANY = {{l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}, pid}
#endif
#else
#define DEFINE_PROPERTYKEY(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8, pid) \
  EXTERN_C const PROPERTYKEY name
#endif
