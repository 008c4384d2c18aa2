#include "cmnotify/subscription.hpp"

#include <pthread.h>

#include <memory>
#include <mutex>
#include <utility>

#include "api/filter_spec.hpp"
#include "api/registration_error.hpp"
#include "cmnotify/error.hpp"
#include "engine/engine.hpp"

namespace cmnotify {
namespace {

struct ErrorHandlerSlot {
  std::mutex mutex;
  std::shared_ptr<const CallbackErrorHandler> handler;
};

ErrorHandlerSlot& error_handler_slot() {
  static auto* slot = [] {
    auto* s = new ErrorHandlerSlot;  // immortal: callbacks may throw during exit
    // fork(): the child must not inherit the slot locked by a thread that does not exist there.
    ::pthread_atfork([] { error_handler_slot().mutex.lock(); },
                     [] { error_handler_slot().mutex.unlock(); },
                     [] { error_handler_slot().mutex.unlock(); });
    return s;
  }();
  return *slot;
}

// Delivers to a subscribe() callback (a std::function); what it throws goes to the callback
// error handler, or to the engine's default report when none is set.
class StdFunctionSubscriber final : public engine::Subscriber {
 public:
  explicit StdFunctionSubscriber(Callback callback) : callback_(std::move(callback)) {}

  void deliver(const Event& event, engine::RegistrationId /*id*/) override { callback_(event); }

  void deliver_failed(const Event& event, engine::RegistrationId id,
                      std::exception_ptr error) noexcept override {
    try {
      std::shared_ptr<const CallbackErrorHandler> handler;
      {
        auto& slot = error_handler_slot();
        std::lock_guard lock(slot.mutex);
        handler = slot.handler;
      }
      if (!handler) return Subscriber::deliver_failed(event, id, std::move(error));
      (*handler)(event, std::move(error));
    } catch (...) {
      // A throwing error handler must not take the engine down either.
    }
  }

 private:
  Callback callback_;
};

}  // namespace

Subscription::Subscription(Subscription&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

Subscription::~Subscription() { reset(); }

void Subscription::reset() noexcept {
  const std::uint64_t id = std::exchange(id_, 0);
  if (id != 0) (void)engine::Engine::instance().unregister(id);
}

Subscription subscribe(const Filter& filter, Callback callback, const SubscribeOptions& options) {
  if (!callback) throw Error(Cr::invalid_pointer, "subscribe() needs a callback");
  const engine::RegisterOptions register_options = api::to_register_options(options);
  engine::RegistrationId id = 0;
  Cr cr = Cr::out_of_memory;
  try {
    cr = engine::Engine::instance().register_subscriber(
        api::to_spec(filter), std::make_unique<StdFunctionSubscriber>(std::move(callback)),
        register_options, id);
  } catch (const std::bad_alloc&) {
    // The filter copy or the subscriber could not be allocated: the engine saw nothing.
  }
  if (cr != Cr::success) api::throw_registration_error(cr, filter, "subscribe()");
  return Subscription(id);
}

namespace api {

void throw_registration_error(Cr cr, const Filter& filter, std::string_view caller) {
  std::string what(caller);
  if (cr == Cr::no_cm_services) {
    what += ": no device event source is available";
  } else if (cr == Cr::invalid_data && filter.type() == FilterType::device_handle) {
    what += ": the file descriptor is not a device";
  } else if (cr == Cr::no_such_devnode) {
    what += ": no present device has that node";
  } else if (cr == Cr::out_of_memory) {
    what += ": out of memory";
  } else {
    what += " failed";
  }
  throw Error(cr, what);
}

}  // namespace api

void set_callback_error_handler(CallbackErrorHandler handler) {
  auto& slot = error_handler_slot();
  std::lock_guard lock(slot.mutex);
  slot.handler =
      handler ? std::make_shared<const CallbackErrorHandler>(std::move(handler)) : nullptr;
}

}  // namespace cmnotify
