// Shared by the uevent storm driver and its listeners: the UUIDs that tell the driver's events
// apart from everything else the kernel sends, the line protocol on the listeners' stdout, clocks
// and the latency recorder.
//
// Protocol: the driver writes "change <uuid> SEQ=<n> T=<CLOCK_MONOTONIC ns>" to the storm
// device's uevent file; the kernel turns it into a change uevent with SYNTH_UUID=<uuid>,
// SYNTH_ARG_SEQ=<n> and SYNTH_ARG_T=<ns>. Three UUIDs mark three phases:
//   warm-up events  -> a listener that has seen all of them takes its baseline and says "warm"
//   storm events    -> counted, with one latency sample each
//   the end marker  -> kernel-group events arrive in SEQNUM order, so everything emitted before
//                      it has arrived (or was dropped): the listener reports "result ..."
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace storm {

inline constexpr std::string_view kWarmupUuid = "c3a0f1e2-5707-4000-8000-000000000001";
inline constexpr std::string_view kStormUuid = "c3a0f1e2-5707-4000-8000-000000000002";
inline constexpr std::string_view kEndUuid = "c3a0f1e2-5707-4000-8000-000000000003";
inline constexpr std::size_t kUuidLength = 36;

enum class Kind { warmup, storm, end, other };

// The real-tap storm (--action=taps): taps kBulkTapPrefix0.. made and deleted in bulk; each one's
// arrival and removal is one storm event (its queues' uevents are not counted).
inline constexpr std::string_view kBulkTapPrefix = "cmnbulk";
// Whether `devpath` is one of the bulk taps ("/devices/virtual/net/cmnbulk12").
[[nodiscard]] bool is_bulk_tap(std::string_view devpath) noexcept;

[[nodiscard]] Kind classify_uuid(std::string_view uuid) noexcept;

// Parses the decimal digits at the start of `text` (SYNTH_ARG_T's value); 0 when there are none.
[[nodiscard]] std::uint64_t parse_u64(std::string_view text) noexcept;

[[nodiscard]] std::uint64_t monotonic_ns() noexcept;
// User + system CPU of the whole process (every thread), getrusage(RUSAGE_SELF).
[[nodiscard]] double process_cpu_us() noexcept;
// Of it, the time spent in the kernel on the process's behalf.
[[nodiscard]] double process_system_cpu_us() noexcept;
// The process's context switches so far (voluntary: each sleep of a thread; and involuntary).
[[nodiscard]] std::uint64_t process_context_switches() noexcept;

struct LatencySummary {
  std::size_t samples = 0;
  double p50_us = 0, p99_us = 0, max_us = 0;
};

// Preallocated, so recording a sample never allocates on the measured path.
class LatencyRecorder {
 public:
  explicit LatencyRecorder(std::size_t capacity) { samples_.reserve(capacity); }
  void add(std::uint64_t sent_ns, std::uint64_t now_ns) noexcept {
    if (samples_.size() < samples_.capacity())
      samples_.push_back(now_ns > sent_ns ? now_ns - sent_ns : 0);
  }
  [[nodiscard]] LatencySummary summarize();  // sorts in place

 private:
  std::vector<std::uint64_t> samples_;
};

// Writes one line to stdout with write(2): no stdio buffer, no allocation.
void emit_line(const char* format, ...) __attribute__((format(printf, 1, 2)));

// "key=value key=value" -> value of `key` (empty when absent).
[[nodiscard]] std::string field(std::string_view line, std::string_view key);

}  // namespace storm
