// cmnotify: subscribe a callback to device notifications; the Subscription unregisters it.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>

#include "cmnotify/event.hpp"
#include "cmnotify/filter.hpp"

namespace cmnotify {

struct SubscribeOptions {
  // Deliver the devices present now first (Origin::present), then live events: every device
  // exactly once, in order, with no gap and no duplicate, and never a removal without its arrival.
  bool present = false;
  // Deliver Action::changed events too ("change" uevents, which Windows has no action for).
  bool changes = true;
};

using Callback = std::function<void(const Event&)>;

// A live registration. Move-only. Destroying or reset()ting it unregisters with the guarantees of
// CM_Unregister_Notification: when it returns, the callback is not running and never runs again,
// so whatever the callback uses may be freed at once. It is safe inside its own callback: it
// returns at once, no further callback starts, and the callback (with its captures) is released
// when the running call returns.
class Subscription {
 public:
  Subscription() noexcept = default;
  Subscription(Subscription&& other) noexcept;
  Subscription& operator=(Subscription&& other) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription();

  void reset() noexcept;
  [[nodiscard]] bool active() const noexcept { return id_ != 0; }
  explicit operator bool() const noexcept { return active(); }
  // The registration's id: the same value the C API hands out as its HCMNOTIFICATION.
  [[nodiscard]] std::uint64_t id() const noexcept { return id_; }

 private:
  friend Subscription subscribe(const Filter&, Callback, const SubscribeOptions&);
  explicit Subscription(std::uint64_t id) noexcept : id_(id) {}

  std::uint64_t id_ = 0;
};

// Registers `callback` for `filter`. The callback runs on a pool thread, possibly before this
// returns. Throws Error with the CR_ code on failure.
[[nodiscard]] Subscription subscribe(const Filter& filter, Callback callback,
                                     const SubscribeOptions& options = {});

// Called when a callback throws (the exception goes no further and delivery continues). The
// default handler writes one line to stderr. Pass nullptr to restore it.
using CallbackErrorHandler = std::function<void(const Event&, std::exception_ptr)>;
void set_callback_error_handler(CallbackErrorHandler handler);

}  // namespace cmnotify
