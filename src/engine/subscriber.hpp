// What a registration delivers to: the C API's and the C++ API's adapters implement this.
#pragma once

#include <cstdint>
#include <exception>
#include <string>

#include "cmnotify/event.hpp"

namespace cmnotify::engine {

using RegistrationId = std::uint64_t;

class Subscriber {
 public:
  virtual ~Subscriber() = default;

  // Runs on a pool thread; never concurrently for one registration; in event order.
  virtual void deliver(const Event& event, RegistrationId id) = 0;

  // Called on the same thread when deliver() threw, with what it threw. The engine's one guard
  // (Registration::deliver) catches everything a callback throws, so nothing reaches the pool
  // and delivery goes on. The default writes one line to stderr.
  virtual void deliver_failed(const Event& event, RegistrationId id,
                              std::exception_ptr error) noexcept;
};

// The message of an exception: what() of a std::exception, else a phrase saying it was none.
// Empty only when not even that could be allocated.
[[nodiscard]] std::string exception_text(const std::exception_ptr& error) noexcept;

}  // namespace cmnotify::engine
