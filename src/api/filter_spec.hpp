// A public Filter as the engine's FilterSpec: the one translation, for subscribe() and
// enumerate() alike.
#pragma once

#include "cmnotify/filter.hpp"
#include "engine/filter_spec.hpp"

namespace cmnotify::api {

// The handle of a device filter stays a native handle (the descriptor); the engine or the caller
// resolves it to a device key.
[[nodiscard]] engine::FilterSpec to_spec(const Filter& filter);

}  // namespace cmnotify::api
