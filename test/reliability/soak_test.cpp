// Storm soak (root, label "soak"): for CMNOTIFY_SOAK_SECONDS (default 120), repeated cycles of
// a synthetic uevent storm into a deliberately tiny receive buffer (overflow, then resync), tap
// interfaces coming and going, and registrations coming and going. Afterwards the long-lived
// subscribers' views equal sysfs, no subscriber ever saw an arrival twice or a removal without
// its arrival, and memory is flat: heap and RSS are sampled after a warm-up, their slopes are
// recorded (RecordProperty), and only unbounded growth fails the test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "engine/engine.hpp"
#include "linux/linux_source.hpp"
#include "support/heap_usage.hpp"
#include "support/kernel_devices.hpp"
#include "support/subscriber_view.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using testing::heap_in_use;
using Clock = std::chrono::steady_clock;
using testing::difference;
using testing::read_sysfs;
using testing::SubscriberView;
using testing::TapInterface;

std::chrono::seconds soak_duration() {
  if (const char* env = std::getenv("CMNOTIFY_SOAK_SECONDS"))
    return std::chrono::seconds(std::atol(env));
  return 120s;
}

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Least-squares slope of y over x.
double slope(const std::vector<std::pair<double, double>>& points) {
  if (points.size() < 2) return 0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& [x, y] : points) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double n = static_cast<double>(points.size());
  const double d = n * sxx - sx * sx;
  return d == 0 ? 0 : (n * sxy - sx * sy) / d;
}

Subscription watch(const Filter& filter, SubscriberView& view) {
  SubscribeOptions options;
  options.present = true;
  options.changes = false;
  return subscribe(
      filter, [&view](const Event& e) { view.apply(e); }, options);
}

TEST(Soak, OverflowResyncCyclesWithChurnKeepViewsExactAndMemoryFlat) {
  CMNOTIFY_REQUIRE_ROOT();
  const auto duration = soak_duration();
  SourceConfig config;
  config.group = SourceConfig::Group::kernel;
  config.receive_buffer_bytes = 4096;  // deliberately tiny: every storm overflows it
  configure_source(config);

  SubscriberView instances_view, links_view;
  auto instances = watch(Filter::all_instances(), instances_view);
  auto links = watch(Filter::all_interface_classes(), links_view);

  std::atomic<bool> storming{false}, stop{false};
  std::atomic<std::uint64_t> written{0};
  std::vector<std::thread> writers;
  for (const char* path : {"/sys/devices/virtual/net/lo", "/sys/devices/virtual/mem/null"}) {
    writers.emplace_back([&, path] {
      while (!stop) {
        if (!storming) {
          std::this_thread::sleep_for(1ms);
          continue;
        }
        testing::write_uevent(path, "change");
        ++written;
      }
    });
  }

  std::mt19937 rng(12345);
  std::vector<std::unique_ptr<TapInterface>> taps(6);
  int cycles = 0, short_lived = 0, violations = 0;
  std::vector<std::pair<double, double>> heap_samples, rss_samples;
  const auto start = Clock::now();
  const auto warm_up = duration / 10;
  while (Clock::now() - start < duration) {
    // 1. A storm: the tiny buffer overflows, the source resyncs.
    storming = true;
    // 2. Meanwhile devices come and go, and registrations with them.
    SubscriberView short_view;
    Subscription passing;
    switch (rng() % 3) {
      case 0: passing = watch(Filter::interface_class(interface_class::net), short_view); break;
      case 1: passing = watch(Filter::all_instances(), short_view); break;
      default:
        passing =
            watch(Filter::instance("SWD\\NET\\CMNSOAK" + std::to_string(rng() % 6)), short_view);
    }
    for (int i = 0; i < 3; ++i) {
      auto& slot = taps[rng() % taps.size()];
      if (slot) {
        slot.reset();
      } else {
        slot = std::make_unique<TapInterface>("cmnsoak" + std::to_string(&slot - taps.data()));
      }
    }
    std::this_thread::sleep_for(30ms);
    storming = false;
    std::this_thread::sleep_for(20ms);
    passing.reset();
    ++short_lived;
    {
      std::lock_guard lock(short_view.mutex);
      violations += short_view.doubled + short_view.orphan_removals;
    }
    ++cycles;
    const double t = std::chrono::duration<double>(Clock::now() - start).count();
    if (Clock::now() - start > warm_up) {
      heap_samples.emplace_back(t, static_cast<double>(heap_in_use()));
      rss_samples.emplace_back(t, static_cast<double>(rss_bytes()));
    }
  }
  stop = true;
  for (auto& w : writers) w.join();
  TapInterface survivor("cmnsoak9");  // arrives after the last storm: must be in the views

  // The views converge once the last resync and the events after it are applied.
  std::set<std::string> expect_instances, expect_links;
  bool equal = false;
  for (int i = 0; i < 200 && !equal; ++i) {
    std::this_thread::sleep_for(100ms);
    expect_instances.clear();
    expect_links.clear();
    read_sysfs(expect_instances, expect_links);
    std::scoped_lock lock(instances_view.mutex, links_view.mutex);
    equal = instances_view.instances == expect_instances && links_view.links == expect_links;
  }

  const SourceStats stats = source_stats();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double heap_slope = slope(heap_samples);  // bytes per second
  const double rss_slope = slope(rss_samples);
  const double heap_first = heap_samples.empty() ? 0 : heap_samples.front().second;
  const double heap_last = heap_samples.empty() ? 0 : heap_samples.back().second;
  RecordProperty("seconds", static_cast<int>(seconds));
  RecordProperty("cycles", cycles);
  RecordProperty("short_lived_registrations", short_lived);
  RecordProperty("synthetic_uevents", static_cast<int>(written.load()));
  RecordProperty("messages", static_cast<int>(stats.messages));
  RecordProperty("overflows", static_cast<int>(stats.overflows));
  RecordProperty("resyncs", static_cast<int>(stats.resyncs));
  RecordProperty("resync_events", static_cast<int>(stats.resync_events));
  RecordProperty("heap_samples", static_cast<int>(heap_samples.size()));
  RecordProperty("heap_first_bytes", static_cast<int>(heap_first));
  RecordProperty("heap_last_bytes", static_cast<int>(heap_last));
  RecordProperty("heap_slope_bytes_per_s", static_cast<int>(heap_slope));
  RecordProperty("rss_slope_bytes_per_s", static_cast<int>(rss_slope));
  std::printf(
      "soak: %.0f s, %d cycles, %llu synthetic uevents, %llu messages, %llu overflows, "
      "%llu resyncs (%llu events), %d short-lived registrations; heap %.0f -> %.0f bytes "
      "(slope %.0f B/s), RSS slope %.0f B/s\n",
      seconds, cycles, static_cast<unsigned long long>(written.load()),
      static_cast<unsigned long long>(stats.messages),
      static_cast<unsigned long long>(stats.overflows),
      static_cast<unsigned long long>(stats.resyncs),
      static_cast<unsigned long long>(stats.resync_events), short_lived, heap_first, heap_last,
      heap_slope, rss_slope);

  EXPECT_GT(stats.overflows, 0u) << "the storms never overflowed the buffer";
  EXPECT_GT(stats.resyncs, 0u);
  EXPECT_EQ(violations, 0) << "a short-lived registration saw a double or an orphan removal";
  {
    std::scoped_lock lock(instances_view.mutex, links_view.mutex);
    EXPECT_TRUE(equal) << "the views differ from sysfs:\n"
                       << difference("instance", instances_view.instances, expect_instances)
                       << difference("interface", links_view.links, expect_links);
    EXPECT_EQ(instances_view.doubled + links_view.doubled, 0) << "an arrival came twice";
    EXPECT_EQ(instances_view.orphan_removals + links_view.orphan_removals, 0)
        << "a removal came without its arrival";
    EXPECT_EQ(instances_view.instances.count("SWD\\NET\\CMNSOAK9"), 1u);
  }
  // Only unbounded growth fails: at these slopes the heap would grow by more than 64 MiB an hour,
  // the resident set (allocator caches, thread stacks included) by more than 256 MiB.
  EXPECT_LT(heap_slope * 3600, 64.0 * 1024 * 1024)
      << "heap grows by " << heap_slope << " bytes per second";
#ifndef CMNOTIFY_SANITIZED
  // Under a sanitizer the resident set grows by design (ASan's quarantine keeps freed memory up
  // to 256 MiB): only the heap in use, from the sanitizer's own allocator, is judged there.
  EXPECT_LT(rss_slope * 3600, 256.0 * 1024 * 1024)
      << "RSS grows by " << rss_slope << " bytes per second";
#endif
}

}  // namespace
}  // namespace cmnotify
