// Engine benchmarks on the in-memory source (no kernel involved):
//  - events dispatched end to end (publish -> callback on a pool thread) to one matching
//    registration among 1, 10, 100 and 10,000 (the others match nothing);
//  - register + unregister pairs per second;
//  - idle unregister latency (no callback in flight);
//  - the same events delivered into a thread-owned Inbox (the EventQueue's engine) and drained
//    by the publishing thread itself, against the pool callbacks of the first.
// After the run, the ratios the targets are stated in are printed from the same run's numbers.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/device_events.hpp"
#include "engine/engine.hpp"
#include "engine/inbox.hpp"
#include "engine/memory_source.hpp"

namespace {

using namespace cmnotify;
using namespace cmnotify::engine;

class CountingSubscriber final : public Subscriber {
 public:
  explicit CountingSubscriber(std::atomic<std::uint64_t>& counter) : counter_(counter) {}
  void deliver(const Event&, RegistrationId) override {
    counter_.fetch_add(1, std::memory_order_release);
  }

 private:
  std::atomic<std::uint64_t>& counter_;
};

std::shared_ptr<MemorySource> memory_source() {
  static std::shared_ptr<MemorySource> source = [] {
    auto s = std::make_shared<MemorySource>();
    if (!Engine::instance().set_source(s)) std::abort();
    return s;
  }();
  return source;
}

FilterSpec instance(const std::string& id) {
  FilterSpec f;
  f.type = FilterType::device_instance;
  f.instance_id = id;
  return f;
}

RegistrationId add(const FilterSpec& f, std::atomic<std::uint64_t>& counter) {
  RegistrationId id = 0;
  if (Engine::instance().register_subscriber(f, std::make_unique<CountingSubscriber>(counter), {},
                                             id) != Cr::success)
    std::abort();
  return id;
}

// One matching registration among `total`; the rest listen to other instances, so each event
// costs one index lookup however many there are.
void BM_DispatchEndToEnd(benchmark::State& state) {
  auto source = memory_source();
  const auto total = static_cast<int>(state.range(0));
  std::atomic<std::uint64_t> delivered{0}, unused{0};
  std::vector<RegistrationId> ids;
  ids.push_back(add(instance("ROOT\\BENCH\\TARGET"), delivered));
  for (int i = 1; i < total; ++i)
    ids.push_back(add(instance("ROOT\\BENCH\\" + std::to_string(i)), unused));

  auto device = std::make_shared<Device>();
  device->instance_id = "ROOT\\BENCH\\TARGET";
  device->syspath = "/bench/target";
  const EventPtr event =
      make_event(Action::instance_started, FilterType::device_instance, device, Origin::live, 1);
  constexpr int kBatch = 10000;
  std::uint64_t expected = 0;
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) source->publish(event);
    expected += kBatch;
    while (delivered.load(std::memory_order_acquire) < expected) std::this_thread::yield();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(expected));
  state.counters["registrations"] = total;
  for (RegistrationId id : ids) Engine::instance().unregister(id);
  if (unused.load() != 0) state.SkipWithError("a non-matching registration received an event");
}
BENCHMARK(BM_DispatchEndToEnd)->Arg(1)->Arg(10)->Arg(100)->Arg(10000)->UseRealTime()->MinTime(1.0);

// An inbox whose owner is the benchmark's own thread: it publishes a chunk, then drains it. No
// wake-up is needed (the owner is not asleep), so the waker only counts.
class CountingWaker final : public InboxWaker {
 public:
  void wake() noexcept override { ++wakes; }
  std::uint64_t wakes = 0;
};

void BM_InboxDrainedOnOwnThread(benchmark::State& state) {
  auto source = memory_source();
  auto inbox = std::make_shared<Inbox>(std::make_unique<CountingWaker>());
  RegistrationId id = 0;
  if (Engine::instance().register_subscriber(instance("ROOT\\BENCH\\TARGET"), nullptr, {}, id,
                                             inbox) != Cr::success)
    std::abort();
  auto device = std::make_shared<Device>();
  device->instance_id = "ROOT\\BENCH\\TARGET";
  device->syspath = "/bench/target";
  const EventPtr event =
      make_event(Action::instance_started, FilterType::device_instance, device, Origin::live, 1);
  constexpr int kBatch = 10000, kChunk = 1000;  // chunks stay under the inbox's bound
  std::uint64_t delivered = 0;
  for (auto _ : state) {
    for (int chunk = 0; chunk < kBatch; chunk += kChunk) {
      for (int i = 0; i < kChunk; ++i) source->publish(event);
      delivered += inbox->dispatch(
          kChunk, [](Registration&, const Event& e) { benchmark::DoNotOptimize(e.sequence); });
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(delivered));
  Engine::instance().unregister(id);
  if (inbox->stats().overflowed != 0) state.SkipWithError("the inbox overflowed");
}
BENCHMARK(BM_InboxDrainedOnOwnThread)->UseRealTime()->MinTime(1.0);

// Register + unregister pairs while another registration keeps the engine running.
void BM_RegisterUnregisterPair(benchmark::State& state) {
  memory_source();
  std::atomic<std::uint64_t> counter{0};
  const RegistrationId keep_alive = add(instance("ROOT\\BENCH\\KEEP"), counter);
  const FilterSpec f = instance("ROOT\\BENCH\\PAIR");
  for (auto _ : state) {
    RegistrationId id = add(f, counter);
    Engine::instance().unregister(id);
  }
  state.SetItemsProcessed(state.iterations());
  Engine::instance().unregister(keep_alive);
}
BENCHMARK(BM_RegisterUnregisterPair)->UseRealTime();

// Unregister of a registration with no callback in flight; registering is not timed.
void BM_UnregisterIdle(benchmark::State& state) {
  memory_source();
  std::atomic<std::uint64_t> counter{0};
  const RegistrationId keep_alive = add(instance("ROOT\\BENCH\\KEEP"), counter);
  constexpr int kBatch = 1000;
  std::vector<RegistrationId> ids(kBatch);
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i)
      ids[static_cast<std::size_t>(i)] = add(instance("ROOT\\BENCH\\IDLE"), counter);
    const auto start = std::chrono::steady_clock::now();
    for (RegistrationId id : ids) Engine::instance().unregister(id);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    state.SetIterationTime(std::chrono::duration<double>(elapsed).count());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  Engine::instance().unregister(keep_alive);
}
BENCHMARK(BM_UnregisterIdle)->UseManualTime()->Unit(benchmark::kMillisecond);

// Records each run so the ratios can be printed from this run's own numbers.
class RatioReporter final : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      auto it = run.counters.find("items_per_second");
      results_[run.benchmark_name()] = {run.GetAdjustedRealTime(),
                                        it == run.counters.end() ? 0.0 : it->second.value};
    }
  }
  void summarize() const {
    auto rate = [&](const std::string& name) {
      auto it = results_.find(name);
      return it == results_.end() ? 0.0 : it->second.items_per_second;
    };
    const double one = rate("BM_DispatchEndToEnd/1/min_time:1.000/real_time");
    const double ten = rate("BM_DispatchEndToEnd/10/min_time:1.000/real_time");
    const double many = rate("BM_DispatchEndToEnd/10000/min_time:1.000/real_time");
    const double inbox = rate("BM_InboxDrainedOnOwnThread/min_time:1.000/real_time");
    std::printf("\nsummary (same run):\n");
    std::printf("  end to end, 1 registration: %.2f M events/s (target >= 1.00)\n", one / 1e6);
    if (inbox > 0 && one > 0)
      std::printf(
          "  inbox drained on its own thread: %.2f M events/s, %.2fx the pool's time per "
          "event (no thread hand-off)\n",
          inbox / 1e6, one / inbox);
    if (many > 0)
      std::printf("  cost per event with 10,000 vs 10 registrations: %.3fx (target <= 1.20)\n",
                  ten / many);
    for (const auto& [name, r] : results_) {
      if (name.starts_with("BM_UnregisterIdle") && r.items_per_second > 0)
        std::printf("  idle unregister: %.3f us (target < 5)\n", 1e6 / r.items_per_second);
      if (name.starts_with("BM_RegisterUnregisterPair"))
        std::printf("  register+unregister: %.0f pairs/s\n", r.items_per_second);
    }
  }

 private:
  struct Result {
    double real_time;
    double items_per_second;
  };
  std::map<std::string, Result> results_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.summarize();
  benchmark::Shutdown();
  return 0;
}
