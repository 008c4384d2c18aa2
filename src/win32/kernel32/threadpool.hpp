// Introspection of threadpool work objects, for tests.
#pragma once

#include <threadpoolapiset.h>

#include <cstddef>

namespace cmnotify::win32 {

// Submissions of `work` that have not started (and were not cancelled).
[[nodiscard]] std::size_t pending_submissions(PTP_WORK work);

}  // namespace cmnotify::win32
