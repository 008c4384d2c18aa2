// The plain listener: allocations are not counted, and malloc is glibc's, untouched.
#include "alloc_counter.hpp"

namespace storm::alloc {

void set_thread_role(Role) noexcept {}
Counts snapshot() noexcept { return {}; }

}  // namespace storm::alloc
