// Thread-local storage slots. Each index has a generation: TlsAlloc starts a new one, so a
// thread's value stored under a freed index never shows through a reallocation (a new index reads
// NULL in every thread, as Windows guarantees).
#include <windows.h>

#include <array>
#include <atomic>
#include <cstdint>

namespace {

constexpr DWORD kSlots = TLS_MINIMUM_AVAILABLE + 1024;  // Windows' limit: 1088

// Per index, odd while allocated; every TlsAlloc and TlsFree moves it on.
std::array<std::atomic<std::uint64_t>, kSlots> g_generation{};

struct Value {
  std::uint64_t generation = 0;
  void* value = nullptr;
};

thread_local std::array<Value, kSlots> t_values;

// The index's generation when it is allocated, else 0.
std::uint64_t live_generation(DWORD index) {
  if (index >= kSlots) return 0;
  const std::uint64_t g = g_generation[index].load(std::memory_order_acquire);
  return (g & 1u) != 0 ? g : 0;
}

}  // namespace

extern "C" {

DWORD WINAPI TlsAlloc(VOID) {
  for (DWORD i = 0; i < kSlots; ++i) {
    std::uint64_t g = g_generation[i].load(std::memory_order_relaxed);
    if ((g & 1u) == 0 && g_generation[i].compare_exchange_strong(g, g + 1)) return i;
  }
  SetLastError(ERROR_NO_MORE_ITEMS);
  return TLS_OUT_OF_INDEXES;
}

BOOL WINAPI TlsFree(DWORD dwTlsIndex) {
  if (dwTlsIndex < kSlots) {
    std::uint64_t g = g_generation[dwTlsIndex].load(std::memory_order_relaxed);
    if ((g & 1u) != 0 && g_generation[dwTlsIndex].compare_exchange_strong(g, g + 1)) return TRUE;
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}

LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex) {
  const std::uint64_t generation = live_generation(dwTlsIndex);
  if (generation == 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  SetLastError(ERROR_SUCCESS);  // documented: NULL may be a stored value
  const Value& v = t_values[dwTlsIndex];
  return v.generation == generation ? v.value : nullptr;
}

BOOL WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue) {
  const std::uint64_t generation = live_generation(dwTlsIndex);
  if (generation == 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  t_values[dwTlsIndex] = Value{generation, lpTlsValue};
  return TRUE;
}

}  // extern "C"
