// Test support: runs the engine on an in-memory source and checks that every test leaves no
// registration behind.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "engine/engine.hpp"
#include "engine/memory_source.hpp"

namespace cmnotify::testing {

inline DevicePtr make_device(const std::string& instance_id, const std::string& syspath,
                             std::vector<DeviceInterface> interfaces = {}, bool started = true) {
  auto d = std::make_shared<Device>();
  d->instance_id = instance_id;
  d->syspath = syspath;
  d->interfaces = std::move(interfaces);
  d->started = started;
  return d;
}

// A filter for one device instance, and one for every instance.
inline engine::FilterSpec instance_filter(const std::string& id) {
  engine::FilterSpec f;
  f.type = FilterType::device_instance;
  f.instance_id = id;
  return f;
}

inline engine::FilterSpec all_instances() {
  engine::FilterSpec f;
  f.type = FilterType::device_instance;
  f.all = true;
  return f;
}

class MemoryEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = std::make_shared<engine::MemorySource>();
    // The same tests once more with the source's reading lent to the pool (the engine then reads
    // on a pool worker, which runs a small burst's callback itself): ctest runs the lifecycle
    // and stress tests both ways (test/engine/CMakeLists.txt).
    if (const char* v = std::getenv("CMNOTIFY_TEST_POOL_READING"); v != nullptr && *v == '1')
      source_->set_lends_reading(true);
    ASSERT_TRUE(engine().set_source(source_)) << "a previous test left a registration open";
  }
  void TearDown() override {
    EXPECT_EQ(engine().stats().registrations, 0u) << "test left registrations open";
  }
  static engine::Engine& engine() { return engine::Engine::instance(); }
  engine::MemorySource& source() { return *source_; }

  std::shared_ptr<engine::MemorySource> source_;
};

}  // namespace cmnotify::testing
