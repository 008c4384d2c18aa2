// The process-wide pool behind every threadpool function, and introspection for tests.
#pragma once

#include <threadpoolapiset.h>

#include <cstddef>

#include "engine/thread_pool.hpp"

namespace cmnotify::win32 {

// Work items, simple callbacks, QueueUserWorkItem and threadpool wait callbacks all run here.
engine::ThreadPool& work_pool();

// Submissions of `work` that have not started (and were not cancelled).
[[nodiscard]] std::size_t pending_submissions(PTP_WORK work);

}  // namespace cmnotify::win32
