// What a registration delivers to: the C API's and the C++ API's adapters implement this.
#pragma once

#include <cstdint>

#include "cmnotify/event.hpp"

namespace cmnotify::engine {

using RegistrationId = std::uint64_t;

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Runs on a pool thread; never concurrently for one registration; in event order. An exception
  // escaping it is reported through the engine's error hook and does not stop delivery.
  virtual void deliver(const Event& event, RegistrationId id) = 0;
};

}  // namespace cmnotify::engine
