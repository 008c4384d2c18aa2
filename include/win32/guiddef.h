/* guiddef.h: GUID, DEFINE_GUID and IsEqualGUID.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *
 * DEFINE_GUID declares the GUID, or defines it when INITGUID is defined (include initguid.h
 * first, in at least one source file). Definitions are weak, like MSVC's selectany ones, so any
 * number of files may define the same GUID; libcmnotify-win32 also defines every GUID of these
 * headers, so a program links even if no file of its own defines them.
 *
 * As in the SDK, the DEFINE_GUID part is outside the include guard: including this header after
 * initguid.h switches DEFINE_GUID to definitions. */
#ifndef GUID_DEFINED
#define GUID_DEFINED

#include <string.h>

#include "minwindef.h"

typedef struct _GUID {
  unsigned int Data1; /* unsigned long on Windows: 32 bits either way */
  unsigned short Data2;
  unsigned short Data3;
  unsigned char Data4[8];
} GUID;

typedef GUID IID;
typedef GUID CLSID;
typedef GUID FMTID;
typedef GUID *LPGUID, *PGUID;
typedef const GUID *LPCGUID, *PCGUID;
typedef IID *LPIID;
typedef CLSID *LPCLSID;

#ifdef __cplusplus
#define REFGUID const GUID &
#define REFIID const IID &
#define REFCLSID const IID &
#define REFFMTID const IID &

/* C++ linkage even when the including file wraps this header in extern "C". */
extern "C++" {
inline int IsEqualGUID(REFGUID rguid1, REFGUID rguid2) {
  return !memcmp(&rguid1, &rguid2, sizeof(GUID));
}
inline int InlineIsEqualGUID(REFGUID rguid1, REFGUID rguid2) { return IsEqualGUID(rguid1, rguid2); }
inline bool operator==(REFGUID guidOne, REFGUID guidOther) {
  return !!IsEqualGUID(guidOne, guidOther);
}
inline bool operator!=(REFGUID guidOne, REFGUID guidOther) { return !(guidOne == guidOther); }
}
#else
#define REFGUID const GUID *
#define REFIID const IID *
#define REFCLSID const IID *
#define REFFMTID const IID *

#define IsEqualGUID(rguid1, rguid2) (!memcmp((rguid1), (rguid2), sizeof(GUID)))
#define InlineIsEqualGUID(rguid1, rguid2) IsEqualGUID(rguid1, rguid2)
#endif

#define IsEqualIID(riid1, riid2) IsEqualGUID(riid1, riid2)
#define IsEqualCLSID(rclsid1, rclsid2) IsEqualGUID(rclsid1, rclsid2)
#define IsEqualFMTID(rfmtid1, rfmtid2) IsEqualGUID(rfmtid1, rfmtid2)

#endif /* GUID_DEFINED */

#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#ifdef __cplusplus
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                        \
  extern "C" const GUID name DECLSPEC_SELECTANY = {                                         \
      l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  const GUID name DECLSPEC_SELECTANY = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) EXTERN_C const GUID name
#endif
#define DEFINE_OLEGUID(name, l, w1, w2) \
  DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)
