// Allocation counting for the storm listeners. The counted listener binary links
// alloc_counter.cpp, which interposes malloc, calloc and realloc for the whole process (operator
// new calls malloc, so C++ allocations are counted too) and counts each call by the role of the
// calling thread. The plain listener links alloc_counter_off.cpp: nothing interposed, counts
// reported as unavailable.
#pragma once

#include <cstdint>

namespace storm::alloc {

// Threads are `other` until they say what they are.
enum class Role : int { other = 0, callback = 1, main = 2 };
inline constexpr int kRoles = 3;

struct Counts {
  bool enabled = false;  // false: this binary does not count
  std::uint64_t calls[kRoles] = {};
  std::uint64_t bytes = 0;
};

void set_thread_role(Role role) noexcept;
[[nodiscard]] Counts snapshot() noexcept;

}  // namespace storm::alloc
