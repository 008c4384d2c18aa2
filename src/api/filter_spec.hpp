// A public Filter as the engine's FilterSpec: the one translation, for subscribe() and
// enumerate() alike.
#pragma once

#include "cmnotify/filter.hpp"
#include "cmnotify/subscription.hpp"
#include "engine/filter_spec.hpp"

namespace cmnotify::api {

// The handle of a device filter stays a native handle (the descriptor); the engine or the caller
// resolves it to a device key.
[[nodiscard]] engine::FilterSpec to_spec(const Filter& filter);

// subscribe()'s and EventQueue::add()'s options as the engine's.
[[nodiscard]] inline engine::RegisterOptions to_register_options(const SubscribeOptions& options) {
  engine::RegisterOptions o;
  o.present = options.present;
  o.changes = options.changes;
  return o;
}

}  // namespace cmnotify::api
