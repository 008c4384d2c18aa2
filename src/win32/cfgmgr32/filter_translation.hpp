// CM_NOTIFY_FILTER -> engine::FilterSpec: the validation rules of CM_Register_Notification that
// look at the filter's contents (docs/win32-api.md has the table).
#pragma once

#include <cfgmgr32.h>

#include "cmnotify/error.hpp"
#include "engine/filter_spec.hpp"

namespace cmnotify::win32 {

// `filter` must be a whole CM_NOTIFY_FILTER (its cbSize already checked). Returns Cr::success
// and fills `spec`, or the CR_ code of the first rule the filter breaks.
[[nodiscard]] Cr translate_filter(const CM_NOTIFY_FILTER& filter, engine::FilterSpec& spec);

}  // namespace cmnotify::win32
