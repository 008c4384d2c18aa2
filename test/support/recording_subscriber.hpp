// Test support: an engine subscriber that runs a test's function and tells when it is destroyed.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "engine/subscriber.hpp"

namespace cmnotify::testing {

class FunctionSubscriber final : public engine::Subscriber {
 public:
  using Fn = std::function<void(const Event&, engine::RegistrationId)>;
  explicit FunctionSubscriber(Fn fn, std::shared_ptr<std::atomic<bool>> destroyed = nullptr)
      : fn_(std::move(fn)), destroyed_(std::move(destroyed)) {}
  ~FunctionSubscriber() override {
    if (destroyed_) destroyed_->store(true);
  }
  void deliver(const Event& event, engine::RegistrationId id) override { fn_(event, id); }

 private:
  Fn fn_;
  std::shared_ptr<std::atomic<bool>> destroyed_;
};

inline std::unique_ptr<engine::Subscriber> subscriber(
    FunctionSubscriber::Fn fn, std::shared_ptr<std::atomic<bool>> destroyed = nullptr) {
  return std::make_unique<FunctionSubscriber>(std::move(fn), std::move(destroyed));
}

}  // namespace cmnotify::testing
