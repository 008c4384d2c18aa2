// Lifecycle under load, meant to run under ThreadSanitizer: threads register and unregister while
// over a million events flow; callbacks unregister themselves and each other. Asserts: no callback
// starts after its unregister returned, callbacks of one registration never overlap and arrive in
// order, registrations open throughout receive exactly what was published, and every
// registration is closed exactly once.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"
#include "support/recording_subscriber.hpp"

namespace cmnotify::engine {
namespace {

using namespace std::chrono_literals;

constexpr int kDevices = 4;
constexpr int kPublishers = 2;  // publisher p owns devices p and p + kPublishers

std::uint64_t events_to_publish() {
  if (const char* env = std::getenv("CMNOTIFY_STRESS_EVENTS"))
    return std::strtoull(env, nullptr, 10);
  return 1'200'000;
}

struct RegState {
  std::atomic<bool> unregistered{false};
  std::atomic<bool> in_callback{false};
  std::atomic<int> late{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> out_of_order{0};
  std::atomic<int> successes{0};
  std::atomic<std::uint64_t> count{0};
  std::array<std::uint64_t, kDevices> last{};  // only touched inside callbacks (never overlapping)
};

class StressTest : public cmnotify::testing::MemoryEngineTest {
 protected:
  std::mutex victims_mutex_;
  std::unordered_map<RegistrationId, std::shared_ptr<RegState>> victims_;
  std::vector<DevicePtr> devices_;

  void SetUp() override {
    MemoryEngineTest::SetUp();
    for (int d = 0; d < kDevices; ++d) {
      devices_.push_back(cmnotify::testing::make_device("ROOT\\STRESS\\" + std::to_string(d),
                                                        "/sys/stress/" + std::to_string(d)));
    }
  }

  FilterSpec filter_for(int device) {
    FilterSpec f;
    f.type = FilterType::device_instance;
    if (device < 0) {
      f.all = true;
    } else {
      f.instance_id = devices_[static_cast<std::size_t>(device)]->instance_id;
    }
    return f;
  }

  void unregister_random_victim(std::mt19937& rng) {
    std::shared_ptr<RegState> state;
    RegistrationId id = 0;
    {
      std::lock_guard lock(victims_mutex_);
      if (victims_.empty()) return;
      auto it = victims_.begin();
      std::advance(it, static_cast<long>(rng() % victims_.size()));
      id = it->first;
      state = it->second;
    }
    if (engine().unregister(id) == Cr::success) {
      state->unregistered = true;
      ++state->successes;
    }
  }

  // The callback every registration runs; `self_state` outlives it (held by the closure).
  std::function<void(const Event&, RegistrationId)> callback(std::shared_ptr<RegState> st,
                                                             bool churn) {
    return [this, st, churn, rng = std::mt19937(std::random_device{}())](
               const Event& e, RegistrationId self) mutable {
      if (st->in_callback.exchange(true)) ++st->overlaps;
      if (st->unregistered.load()) ++st->late;
      const auto d = static_cast<std::size_t>(e.sequence % kDevices);
      if (e.sequence <= st->last[d] && st->last[d] != 0) ++st->out_of_order;
      st->last[d] = e.sequence;
      ++st->count;
      if (churn) {
        const auto dice = rng() % 4000;
        if (dice == 0) {
          if (engine().unregister(self) == Cr::success) {
            st->unregistered = true;
            ++st->successes;
          }
        } else if (dice == 1) {
          unregister_random_victim(rng);
        }
      }
      st->in_callback = false;
    };
  }

  RegistrationId add(const FilterSpec& f, std::function<void(const Event&, RegistrationId)> fn) {
    RegistrationId id = 0;
    EXPECT_EQ(engine().register_subscriber(f, cmnotify::testing::subscriber(std::move(fn)), {}, id),
              Cr::success);
    return id;
  }
};

TEST_F(StressTest, LifecycleHoldsWhileAMillionEventsFlow) {
  const std::uint64_t total = events_to_publish();
  // Registrations open throughout: one per device, one for all devices.
  std::vector<std::pair<RegistrationId, std::shared_ptr<RegState>>> steady;
  for (int d = -1; d < kDevices; ++d) {
    auto st = std::make_shared<RegState>();
    steady.emplace_back(add(filter_for(d), callback(st, false)), st);
  }

  std::atomic<bool> publishing{true};
  std::vector<std::shared_ptr<RegState>> churned;
  std::mutex churned_mutex;
  std::vector<std::thread> churners;
  for (int t = 0; t < 3; ++t) {
    churners.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t) + 100);
      while (publishing.load()) {
        auto st = std::make_shared<RegState>();
        const int device = static_cast<int>(rng() % (kDevices + 1)) - 1;
        const RegistrationId id = add(filter_for(device), callback(st, true));
        {
          std::lock_guard lock(victims_mutex_);
          victims_.emplace(id, st);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 300));
        {
          std::lock_guard lock(victims_mutex_);
          victims_.erase(id);
        }
        if (engine().unregister(id) == Cr::success) {
          st->unregistered = true;
          ++st->successes;
        }
        std::lock_guard lock(churned_mutex);
        churned.push_back(st);
      }
    });
  }

  std::array<std::uint64_t, kDevices> published{};
  std::vector<std::thread> publishers;
  for (int p = 0; p < kPublishers; ++p) {
    publishers.emplace_back([&, p] {
      std::uint64_t counter = 1;
      for (std::uint64_t n = 0; n < total / kPublishers; ++n) {
        const int d = p + kPublishers * static_cast<int>(n % 2);
        // sequence encodes the device in its low bits and grows per device
        const std::uint64_t seq = (counter++) * kDevices + static_cast<std::uint64_t>(d);
        source().publish(make_event(Action::instance_started, FilterType::device_instance,
                                    devices_[static_cast<std::size_t>(d)], Origin::live, seq));
        ++published[static_cast<std::size_t>(d)];
      }
    });
  }
  for (auto& t : publishers) t.join();
  publishing = false;
  for (auto& t : churners) t.join();

  std::uint64_t all = 0;
  for (auto n : published) all += n;
  ASSERT_GE(all, total - kPublishers);
  // Steady registrations drain, then must have seen exactly what was published for them.
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  for (std::size_t i = 0; i < steady.size(); ++i) {
    const std::uint64_t expect = i == 0 ? all : published[i - 1];
    while (steady[i].second->count.load() < expect && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    EXPECT_EQ(steady[i].second->count.load(), expect) << "steady registration " << i;
    EXPECT_EQ(engine().unregister(steady[i].first), Cr::success);
    steady[i].second->unregistered = true;
  }

  int checked = 0;
  for (const auto& st : churned) {
    ++checked;
    EXPECT_EQ(st->late.load(), 0) << "a callback started after unregister returned";
    EXPECT_EQ(st->overlaps.load(), 0) << "callbacks of one registration overlapped";
    EXPECT_EQ(st->out_of_order.load(), 0) << "events out of order";
    EXPECT_EQ(st->successes.load(), 1) << "closed exactly once";
  }
  for (const auto& [id, st] : steady) {
    EXPECT_EQ(st->overlaps.load(), 0);
    EXPECT_EQ(st->out_of_order.load(), 0);
    EXPECT_EQ(st->late.load(), 0);
  }
  EXPECT_GT(checked, 10) << "churn threads did churn";
  RecordProperty("events", static_cast<int>(all));
  RecordProperty("churned_registrations", checked);
}

}  // namespace
}  // namespace cmnotify::engine
