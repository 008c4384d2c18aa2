// Chaos soak (root, label "soak"): for CMNOTIFY_CHAOS_SECONDS (default 20; minutes when asked),
// systemd-udevd is stopped (`udevadm control --exit`), killed (SIGKILL), frozen (SIGSTOP, later
// SIGCONT) and started again at random moments, while batches of tap interfaces come and go into a
// deliberately tiny receive buffer (every batch overflows it: resyncs) and a blocked subscriber
// sits on its own registration. Each tap stays until the subscriber has seen it arrive, then goes:
// every arrival and every removal must be delivered exactly once, and at the end the subscriber's
// view equals sysfs. The automatic source follows udevd throughout.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "common/instance_id.hpp"
#include "linux/udevd.hpp"
#include "support/delivery_tally.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::TapInterface;
using testing::UdevDaemon;

std::chrono::seconds chaos_duration() {
  if (const char* env = std::getenv("CMNOTIFY_CHAOS_SECONDS"); env != nullptr && *env != '\0')
    return std::chrono::seconds(std::atol(env));
  return 20s;
}

// udevd's moods, one at random every few hundred milliseconds, on a thread of its own.
class UdevdChaos {
 public:
  // `done` counts what was done, by name; read it once the object is gone (the thread joined).
  explicit UdevdChaos(std::map<std::string, int>& done) : done_(done), thread_([this] { run(); }) {}
  ~UdevdChaos() {
    stop_ = true;
    thread_.join();
    udevd_.reset();  // SIGCONT, SIGTERM, and /run/udev as it was
  }
  UdevdChaos(const UdevdChaos&) = delete;
  UdevdChaos& operator=(const UdevdChaos&) = delete;

 private:
  void run() {
    std::mt19937 rng(4242);
    bool frozen = false;
    while (!stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 500));
      if (!udevd_) {
        udevd_.emplace();
        ++done_[udevd_->running() ? "start" : "start failed"];
        continue;
      }
      if (frozen) {
        udevd_->signal(SIGCONT);
        frozen = false;
        ++done_["SIGCONT"];
        continue;
      }
      switch (rng() % 3) {
        case 0:
          // udevadm may fail (udevd busy starting): then it runs on, as a user would find it.
          if (udevd_->request_exit()) {
            udevd_.reset();
            ++done_["udevadm control --exit"];
          } else {
            ++done_["udevadm control --exit refused"];
          }
          break;
        case 1:
          udevd_->signal(SIGKILL);
          udevd_.reset();
          ++done_["SIGKILL"];
          break;
        default:
          udevd_->signal(SIGSTOP);
          frozen = true;
          ++done_["SIGSTOP"];
      }
    }
  }

  std::map<std::string, int>& done_;
  std::atomic<bool> stop_{false};
  std::optional<UdevDaemon> udevd_;
  std::thread thread_;
};

TEST(ChaosSoak, UdevdRestartsOverflowsAndChurnDeliverEveryTapExactlyOnce) {
  CMNOTIFY_REQUIRE_ROOT();
  if (::access("/lib/systemd/systemd-udevd", X_OK) != 0)
    GTEST_SKIP() << "no /lib/systemd/systemd-udevd";
  if (linux_source::udevd_answers("/run/udev/control"))
    GTEST_SKIP() << "systemd-udevd already runs: this test starts and stops its own";
  SourceConfig config;
  config.group = SourceConfig::Group::automatic;
  config.receive_buffer_bytes = 4096;  // deliberately tiny: every batch of taps overflows it
  configure_source(config);

  // udevd's workers may outlive a killed udevd and write its database: /run/udev goes at the end
  // if it was not there before.
  const bool had_run_udev = std::filesystem::exists("/run/udev");
  testing::DeliveryTally tally;
  SubscribeOptions options;
  options.present = true;
  Subscription watcher = subscribe(
      Filter::all_instances(), [&tally](const Event& e) { tally(e); }, options);
  // A subscriber that blocks now and then: its queue grows, the others' must not suffer.
  std::atomic<bool> released{false};
  Subscription blocked =
      subscribe(Filter::interface_class(interface_class::net), [&released](const Event&) {
        for (int i = 0; i < 50 && !released; ++i) std::this_thread::sleep_for(10ms);
      });

  const auto duration = chaos_duration();
  std::vector<std::string> ids;
  int batches = 0;
  std::map<std::string, int> udevd_done;
  {
    UdevdChaos chaos(udevd_done);
    std::mt19937 rng(777);
    const auto start = Clock::now();
    while (Clock::now() - start < duration) {
      // A batch of taps: created together (an overflow), kept until all arrived, removed.
      std::vector<std::unique_ptr<TapInterface>> taps;
      std::vector<std::string> batch;
      const int size = 5 + static_cast<int>(rng() % 16);
      for (int i = 0; i < size; ++i) {
        const std::string name = "cmnchaos" + std::to_string(ids.size() + batch.size());
        taps.push_back(std::make_unique<TapInterface>(name));
        batch.push_back("SWD\\NET\\" + detail::to_upper_ascii(name));
      }
      ASSERT_TRUE(tally.wait(batch, 1, 0)) << "batch " << batches << ": arrivals missing";
      taps.clear();
      ASSERT_TRUE(tally.wait(batch, 1, 1)) << "batch " << batches << ": removals missing";
      ids.insert(ids.end(), batch.begin(), batch.end());
      ++batches;
    }
  }
  released = true;
  blocked.reset();
  if (!had_run_udev) {
    std::error_code ignored;
    std::filesystem::remove_all("/run/udev", ignored);
  }

  // Late duplicates would show here: give the source time to deliver anything left.
  std::this_thread::sleep_for(1500ms);
  tally.expect_exactly_once(ids);
  tally.expect_view_equals_sysfs();

  const SourceStats stats = source_stats();
  std::string moods;
  for (const auto& [what, n] : udevd_done) moods += " " + what + " x" + std::to_string(n);
  std::printf(
      "chaos: %d batches, %zu taps, udevd:%s; %llu overflows, %llu resyncs, %llu group "
      "switches, %llu from kernel, %llu from udev, %llu duplicates, %llu late\n",
      batches, ids.size(), moods.c_str(), static_cast<unsigned long long>(stats.overflows),
      static_cast<unsigned long long>(stats.resyncs),
      static_cast<unsigned long long>(stats.group_switches),
      static_cast<unsigned long long>(stats.from_kernel),
      static_cast<unsigned long long>(stats.from_udev),
      static_cast<unsigned long long>(stats.duplicates),
      static_cast<unsigned long long>(stats.udev_late));
  RecordProperty("batches", batches);
  RecordProperty("taps", static_cast<int>(ids.size()));
  RecordProperty("overflows", static_cast<int>(stats.overflows));
  RecordProperty("group_switches", static_cast<int>(stats.group_switches));
  EXPECT_GT(batches, 0);
  EXPECT_GT(stats.overflows, 0u) << "the batches never overflowed the buffer";
  EXPECT_GT(stats.group_switches, 0u) << "udevd's moods never moved the source";
}

}  // namespace
}  // namespace cmnotify
