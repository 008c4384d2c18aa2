// Interposes malloc, calloc and realloc: the executable's definitions win over libc's for every
// shared library (libcmnotify, libstdc++, libudev), and forward to glibc's own entry points.
// free and the aligned allocators stay glibc's: the same heap, and nothing to count there.
#include "alloc_counter.hpp"

#include <atomic>
#include <cstddef>

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
}

namespace storm::alloc {
namespace {

// initial-exec: reading it never allocates (a dynamic TLS block would, inside malloc).
thread_local int t_role __attribute__((tls_model("initial-exec"))) = 0;
std::atomic<std::uint64_t> g_calls[kRoles];
std::atomic<std::uint64_t> g_bytes{0};

void count(std::size_t size) noexcept {
  g_calls[t_role].fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(size, std::memory_order_relaxed);
}

}  // namespace

void set_thread_role(Role role) noexcept { t_role = static_cast<int>(role); }

Counts snapshot() noexcept {
  Counts c;
  c.enabled = true;
  for (int i = 0; i < kRoles; ++i) c.calls[i] = g_calls[i].load(std::memory_order_relaxed);
  c.bytes = g_bytes.load(std::memory_order_relaxed);
  return c;
}

}  // namespace storm::alloc

extern "C" {

void* malloc(std::size_t size) noexcept {
  storm::alloc::count(size);
  return __libc_malloc(size);
}

void* calloc(std::size_t count, std::size_t size) noexcept {
  storm::alloc::count(count * size);
  return __libc_calloc(count, size);
}

void* realloc(void* pointer, std::size_t size) noexcept {
  storm::alloc::count(size);
  return __libc_realloc(pointer, size);
}

}  // extern "C"
