#include "engine/subscriber.hpp"

#include <cstdio>

namespace cmnotify::engine {

std::string exception_text(const std::exception_ptr& error) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    try {
      return e.what();
    } catch (...) {
      return {};
    }
  } catch (...) {
    try {
      return "an exception that is not a std::exception";
    } catch (...) {
      return {};
    }
  }
}

void Subscriber::deliver_failed(const Event& event, RegistrationId id,
                                std::exception_ptr error) noexcept {
  const std::string what = exception_text(error);
  const std::string_view action = to_string(event.action);
  std::fprintf(stderr, "cmnotify: the callback of registration %llu threw on %.*s %s: %s\n",
               static_cast<unsigned long long>(id), static_cast<int>(action.size()), action.data(),
               event.device ? event.device->instance_id.c_str() : "?", what.c_str());
}

}  // namespace cmnotify::engine
