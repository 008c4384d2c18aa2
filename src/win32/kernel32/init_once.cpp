// One-time initialisation in the caller's pointer-sized INIT_ONCE: 0 not started, 1 in progress,
// (context | 2) done; callers that find it in progress block until it is done or has failed.
#include <climits>
#include <cstdint>

#include "win32/kernel32/futex.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

constexpr std::uintptr_t kInProgress = 1;
constexpr std::uintptr_t kDone = 2;
constexpr std::uintptr_t kReserved = (std::uintptr_t{1} << INIT_ONCE_CTX_RESERVED_BITS) - 1;

// The state as a number, read and written through the pointer the structure holds.
class State {
 public:
  explicit State(PINIT_ONCE once) : ref_(once->Ptr) {}
  std::uintptr_t load(std::memory_order order) const {
    return reinterpret_cast<std::uintptr_t>(ref_.load(order));
  }
  void store(std::uintptr_t v, std::memory_order order) {
    ref_.store(reinterpret_cast<PVOID>(v), order);
  }
  bool compare_exchange_strong(std::uintptr_t& expected, std::uintptr_t desired,
                               std::memory_order order) {
    auto e = reinterpret_cast<PVOID>(expected);
    const bool ok = ref_.compare_exchange_strong(e, reinterpret_cast<PVOID>(desired), order);
    expected = reinterpret_cast<std::uintptr_t>(e);
    return ok;
  }

 private:
  std::atomic_ref<PVOID> ref_;
};

State state_of(PINIT_ONCE once) noexcept { return State(once); }

void finish(PINIT_ONCE once, std::uintptr_t state) {
  state_of(once).store(state, std::memory_order_release);
  futex_wake(&once->Ptr, INT_MAX);
}

BOOL fail(DWORD error) {
  SetLastError(error);
  return FALSE;
}

enum class Begin { done, ours };

// Waits until the initialisation is done (its context in `context`) or this caller may run it.
Begin begin(PINIT_ONCE once, std::uintptr_t& context) {
  State state = state_of(once);
  for (;;) {
    std::uintptr_t s = state.load(std::memory_order_acquire);
    if ((s & kReserved) == kDone) {
      context = s & ~kReserved;
      return Begin::done;
    }
    if (s == 0) {
      if (state.compare_exchange_strong(s, kInProgress, std::memory_order_acquire))
        return Begin::ours;
      continue;
    }
    futex_wait(&once->Ptr, static_cast<std::uint32_t>(kInProgress), INFINITE);
  }
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

VOID WINAPI InitOnceInitialize(PINIT_ONCE InitOnce) {
  if (InitOnce != nullptr) InitOnce->Ptr = nullptr;
}

BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE InitOnce, PINIT_ONCE_FN InitFn, PVOID Parameter,
                                LPVOID* Context) {
  if (InitOnce == nullptr || InitFn == nullptr) return k32::fail(ERROR_INVALID_PARAMETER);
  std::uintptr_t context = 0;
  if (k32::begin(InitOnce, context) == k32::Begin::ours) {
    PVOID produced = nullptr;
    if (!InitFn(InitOnce, Parameter, &produced)) {
      k32::finish(InitOnce, 0);  // a later caller tries again
      return FALSE;
    }
    context = reinterpret_cast<std::uintptr_t>(produced);
    if ((context & k32::kReserved) != 0) {
      k32::finish(InitOnce, 0);
      return k32::fail(ERROR_INVALID_PARAMETER);
    }
    k32::finish(InitOnce, context | k32::kDone);
  }
  if (Context != nullptr) *Context = reinterpret_cast<LPVOID>(context);
  return TRUE;
}

BOOL WINAPI InitOnceBeginInitialize(LPINIT_ONCE lpInitOnce, DWORD dwFlags, PBOOL fPending,
                                    LPVOID* lpContext) {
  if (lpInitOnce == nullptr || fPending == nullptr || (dwFlags & ~INIT_ONCE_CHECK_ONLY) != 0)
    return k32::fail(ERROR_INVALID_PARAMETER);
  std::uintptr_t context = 0;
  if ((dwFlags & INIT_ONCE_CHECK_ONLY) != 0) {
    const std::uintptr_t s = k32::state_of(lpInitOnce).load(std::memory_order_acquire);
    if ((s & k32::kReserved) != k32::kDone) return k32::fail(ERROR_GEN_FAILURE);
    context = s & ~k32::kReserved;
    *fPending = FALSE;
  } else {
    *fPending = k32::begin(lpInitOnce, context) == k32::Begin::ours ? TRUE : FALSE;
  }
  if (lpContext != nullptr) *lpContext = reinterpret_cast<LPVOID>(context);
  return TRUE;
}

BOOL WINAPI InitOnceComplete(LPINIT_ONCE lpInitOnce, DWORD dwFlags, LPVOID lpContext) {
  if (lpInitOnce == nullptr || (dwFlags & ~INIT_ONCE_INIT_FAILED) != 0)
    return k32::fail(ERROR_INVALID_PARAMETER);
  const auto context = reinterpret_cast<std::uintptr_t>(lpContext);
  const bool failed = (dwFlags & INIT_ONCE_INIT_FAILED) != 0;
  if ((failed && context != 0) || (context & k32::kReserved) != 0)
    return k32::fail(ERROR_INVALID_PARAMETER);
  if (k32::state_of(lpInitOnce).load(std::memory_order_relaxed) != k32::kInProgress)
    return k32::fail(ERROR_GEN_FAILURE);  // not begun
  k32::finish(lpInitOnce, failed ? 0 : (context | k32::kDone));
  return TRUE;
}

}  // extern "C"
