/* interlockedapi.h: the Interlocked family, as inline functions over the compiler's atomic
 * builtins. Every one is a full barrier (sequentially consistent), as on Windows; the Acquire,
 * Release and NoFence forms have the named ordering. Return values follow the SDK: Increment,
 * Decrement and Add return the new value; Exchange, ExchangeAdd, CompareExchange, And, Or and Xor
 * return the old one.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_INTERLOCKEDAPI_H
#define CMNOTIFY_WIN32_INTERLOCKEDAPI_H

#include "minwindef.h"

#define CMNOTIFY_INTERLOCKED_FAMILY(suffix, type, order)                                      \
  FORCEINLINE type InterlockedIncrement##suffix(type volatile *addend) {                     \
    return __atomic_add_fetch(addend, 1, order);                                             \
  }                                                                                          \
  FORCEINLINE type InterlockedDecrement##suffix(type volatile *addend) {                     \
    return __atomic_sub_fetch(addend, 1, order);                                             \
  }                                                                                          \
  FORCEINLINE type InterlockedExchange##suffix(type volatile *target, type value) {         \
    return __atomic_exchange_n(target, value, order);                                        \
  }                                                                                          \
  FORCEINLINE type InterlockedExchangeAdd##suffix(type volatile *addend, type value) {      \
    return __atomic_fetch_add(addend, value, order);                                         \
  }                                                                                          \
  FORCEINLINE type InterlockedAdd##suffix(type volatile *addend, type value) {              \
    return __atomic_add_fetch(addend, value, order);                                         \
  }                                                                                          \
  FORCEINLINE type InterlockedCompareExchange##suffix(type volatile *destination,           \
                                                      type exchange, type comparand) {       \
    __atomic_compare_exchange_n(destination, &comparand, exchange, 0, order,                 \
                                __ATOMIC_RELAXED == (order) ? __ATOMIC_RELAXED               \
                                : __ATOMIC_RELEASE == (order) ? __ATOMIC_RELAXED             \
                                                              : (order));                    \
    return comparand;                                                                        \
  }                                                                                          \
  FORCEINLINE type InterlockedAnd##suffix(type volatile *destination, type value) {         \
    return __atomic_fetch_and(destination, value, order);                                    \
  }                                                                                          \
  FORCEINLINE type InterlockedOr##suffix(type volatile *destination, type value) {          \
    return __atomic_fetch_or(destination, value, order);                                     \
  }                                                                                          \
  FORCEINLINE type InterlockedXor##suffix(type volatile *destination, type value) {         \
    return __atomic_fetch_xor(destination, value, order);                                    \
  }

/* LONG, with each ordering; then the 16- and 64-bit and 8-bit widths. */
CMNOTIFY_INTERLOCKED_FAMILY(, LONG, __ATOMIC_SEQ_CST)
CMNOTIFY_INTERLOCKED_FAMILY(Acquire, LONG, __ATOMIC_ACQUIRE)
CMNOTIFY_INTERLOCKED_FAMILY(Release, LONG, __ATOMIC_RELEASE)
CMNOTIFY_INTERLOCKED_FAMILY(NoFence, LONG, __ATOMIC_RELAXED)
CMNOTIFY_INTERLOCKED_FAMILY(16, SHORT, __ATOMIC_SEQ_CST)
CMNOTIFY_INTERLOCKED_FAMILY(64, LONG64, __ATOMIC_SEQ_CST)
CMNOTIFY_INTERLOCKED_FAMILY(Acquire64, LONG64, __ATOMIC_ACQUIRE)
CMNOTIFY_INTERLOCKED_FAMILY(Release64, LONG64, __ATOMIC_RELEASE)
CMNOTIFY_INTERLOCKED_FAMILY(NoFence64, LONG64, __ATOMIC_RELAXED)

FORCEINLINE CHAR InterlockedExchange8(CHAR volatile *target, CHAR value) {
  return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}
FORCEINLINE CHAR InterlockedCompareExchange8(CHAR volatile *destination, CHAR exchange,
                                             CHAR comparand) {
  __atomic_compare_exchange_n(destination, &comparand, exchange, 0, __ATOMIC_SEQ_CST,
                              __ATOMIC_SEQ_CST);
  return comparand;
}
FORCEINLINE CHAR InterlockedAnd8(CHAR volatile *destination, CHAR value) {
  return __atomic_fetch_and(destination, value, __ATOMIC_SEQ_CST);
}
FORCEINLINE CHAR InterlockedOr8(CHAR volatile *destination, CHAR value) {
  return __atomic_fetch_or(destination, value, __ATOMIC_SEQ_CST);
}
FORCEINLINE CHAR InterlockedXor8(CHAR volatile *destination, CHAR value) {
  return __atomic_fetch_xor(destination, value, __ATOMIC_SEQ_CST);
}

FORCEINLINE PVOID InterlockedExchangePointer(PVOID volatile *target, PVOID value) {
  return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}
FORCEINLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *destination, PVOID exchange,
                                                    PVOID comparand) {
  __atomic_compare_exchange_n(destination, &comparand, exchange, 0, __ATOMIC_SEQ_CST,
                              __ATOMIC_SEQ_CST);
  return comparand;
}
#define InterlockedExchangePointerAcquire InterlockedExchangePointer
#define InterlockedExchangePointerNoFence InterlockedExchangePointer
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerNoFence InterlockedCompareExchangePointer

/* Bit tests: the bit's old value. */
FORCEINLINE BOOLEAN InterlockedBitTestAndSet(LONG volatile *base, LONG bit) {
  const LONG mask = (LONG)(1u << (bit & 31));
  return (BOOLEAN)((__atomic_fetch_or(base, mask, __ATOMIC_SEQ_CST) & mask) != 0);
}
FORCEINLINE BOOLEAN InterlockedBitTestAndReset(LONG volatile *base, LONG bit) {
  const LONG mask = (LONG)(1u << (bit & 31));
  return (BOOLEAN)((__atomic_fetch_and(base, ~mask, __ATOMIC_SEQ_CST) & mask) != 0);
}
FORCEINLINE BOOLEAN InterlockedBitTestAndComplement(LONG volatile *base, LONG bit) {
  const LONG mask = (LONG)(1u << (bit & 31));
  return (BOOLEAN)((__atomic_fetch_xor(base, mask, __ATOMIC_SEQ_CST) & mask) != 0);
}

/* SIZE_T and pointer-sized forms. */
FORCEINLINE SIZE_T InterlockedExchangeAddSizeT(SIZE_T volatile *addend, SIZE_T value) {
  return __atomic_fetch_add(addend, value, __ATOMIC_SEQ_CST);
}
FORCEINLINE SIZE_T InterlockedIncrementSizeT(SIZE_T volatile *addend) {
  return __atomic_add_fetch(addend, 1, __ATOMIC_SEQ_CST);
}
FORCEINLINE SIZE_T InterlockedDecrementSizeT(SIZE_T volatile *addend) {
  return __atomic_sub_fetch(addend, 1, __ATOMIC_SEQ_CST);
}

#ifdef __cplusplus
/* The SDK's C++ overloads for unsigned operands. */
extern "C++" {
inline unsigned InterlockedIncrement(unsigned volatile *addend) {
  return __atomic_add_fetch(addend, 1u, __ATOMIC_SEQ_CST);
}
inline unsigned InterlockedDecrement(unsigned volatile *addend) {
  return __atomic_sub_fetch(addend, 1u, __ATOMIC_SEQ_CST);
}
inline unsigned InterlockedExchange(unsigned volatile *target, unsigned value) {
  return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}
inline unsigned InterlockedExchangeAdd(unsigned volatile *addend, unsigned value) {
  return __atomic_fetch_add(addend, value, __ATOMIC_SEQ_CST);
}
inline unsigned InterlockedCompareExchange(unsigned volatile *destination, unsigned exchange,
                                           unsigned comparand) {
  __atomic_compare_exchange_n(destination, &comparand, exchange, false, __ATOMIC_SEQ_CST,
                              __ATOMIC_SEQ_CST);
  return comparand;
}
inline ULONG64 InterlockedIncrement(ULONG64 volatile *addend) {
  return __atomic_add_fetch(addend, 1u, __ATOMIC_SEQ_CST);
}
inline ULONG64 InterlockedDecrement(ULONG64 volatile *addend) {
  return __atomic_sub_fetch(addend, 1u, __ATOMIC_SEQ_CST);
}
}
#endif

/* The compiler-intrinsic names. */
#define _InterlockedIncrement InterlockedIncrement
#define _InterlockedDecrement InterlockedDecrement
#define _InterlockedExchange InterlockedExchange
#define _InterlockedExchangeAdd InterlockedExchangeAdd
#define _InterlockedCompareExchange InterlockedCompareExchange
#define _InterlockedAnd InterlockedAnd
#define _InterlockedOr InterlockedOr
#define _InterlockedXor InterlockedXor
#define _InterlockedIncrement64 InterlockedIncrement64
#define _InterlockedDecrement64 InterlockedDecrement64
#define _InterlockedExchange64 InterlockedExchange64
#define _InterlockedExchangeAdd64 InterlockedExchangeAdd64
#define _InterlockedCompareExchange64 InterlockedCompareExchange64
#define _InterlockedExchangePointer InterlockedExchangePointer
#define _InterlockedCompareExchangePointer InterlockedCompareExchangePointer

/* Barriers and spinning. */
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define _ReadWriteBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _ReadBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _WriteBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#if defined(__x86_64__) || defined(__i386__)
#define YieldProcessor() __builtin_ia32_pause()
#else
#define YieldProcessor() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif
#define ReadAcquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define WriteRelease(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define ReadNoFence(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define WriteNoFence(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

#endif /* CMNOTIFY_WIN32_INTERLOCKEDAPI_H */
