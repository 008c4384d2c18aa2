#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "engine/device_events.hpp"
#include "engine/registry.hpp"
#include "support/memory_engine.hpp"
#include "support/recording_subscriber.hpp"

namespace cmnotify::engine {
namespace {

const Guid kClasses[3] = {make_guid(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
                          make_guid(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2),
                          make_guid(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3)};
const char* kIds[3] = {"USB\\VID_1234&PID_0001\\A", "usb\\vid_1234&pid_0001\\b", "PCI\\X\\0"};
const char* kPaths[3] = {"/sys/a", "/sys/b", "/sys/c"};

FilterSpec random_filter(std::mt19937& rng) {
  FilterSpec f;
  f.type = static_cast<FilterType>(rng() % 3);
  f.all = f.type != FilterType::device_handle && rng() % 4 == 0;
  f.class_guid = kClasses[rng() % 3];
  std::string id = kIds[rng() % 3];
  if (rng() % 2) std::transform(id.begin(), id.end(), id.begin(), ::tolower);
  f.instance_id = id;
  f.device_key = kPaths[rng() % 3];
  return f;
}

EventPtr random_event(std::mt19937& rng) {
  const std::size_t d = rng() % 3;
  auto device = cmnotify::testing::make_device(kIds[d], kPaths[d]);
  const auto type = static_cast<FilterType>(rng() % 3);
  const Action action = rng() % 4 == 0 ? Action::changed : Action::interface_arrival;
  return make_event(action, type, device, Origin::live, 0, kClasses[rng() % 3]);
}

// The indexes must select exactly what the plain predicate selects, through inserts and removals.
TEST(Registry, IndexesAgreeWithThePredicate) {
  ThreadPool pool(ThreadPool::Options{});
  std::atomic<EngineObserver*> observer{nullptr};
  std::mt19937 rng(7);
  Registry registry;
  std::vector<std::shared_ptr<Registration>> live;
  RegistrationId next = 1;
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 3 != 0) {
      auto r = std::make_shared<Registration>(
          next++, random_filter(rng), rng() % 2 == 0,
          cmnotify::testing::subscriber([](const Event&, RegistrationId) {}), pool, observer);
      registry.insert(r.get());
      live.push_back(r);
    } else {
      const std::size_t victim = rng() % live.size();
      registry.remove(live[victim].get());
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(victim));
    }
    ASSERT_EQ(registry.size(), live.size());
    const EventPtr e = random_event(rng);
    std::set<RegistrationId> indexed, expected;
    registry.for_each_match(*e, [&](Registration& r) { indexed.insert(r.id()); });
    for (const auto& r : live)
      if (selects(r->filter(), *e, r->wants_changes())) expected.insert(r->id());
    ASSERT_EQ(indexed, expected) << "step " << step;
  }
}

}  // namespace
}  // namespace cmnotify::engine
