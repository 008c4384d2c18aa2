// What monitor reports when it starts (the present devices, what it watches) and when it ends
// (why, what it showed, the source's counters). json_format and text_format write these records.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/summary.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/source.hpp"

namespace cmnotify::cli {

struct MonitorStart {
  struct Watching {
    FilterType filter_type = FilterType::device_interface;
    std::string description;  // Watch::describe()
  };

  PresentSummary devices;
  std::string source;  // source_stats().description
  std::vector<Watching> watching;
  bool present = false;
  bool changes = false;
  std::optional<std::uint64_t> count;
  std::optional<double> timeout;
};

// --source udev: from `since` on, systemd-udevd ran (or did not), so the udev group could carry
// events (or could not).
struct UdevdPeriod {
  std::chrono::system_clock::time_point since;
  bool running = false;
};

enum class EndReason { signal, count, timeout, output_closed };

struct MonitorEnd {
  EndReason reason = EndReason::signal;
  int signal = 0;  // for EndReason::signal
  double seconds = 0;
  std::uint64_t events = 0;
  // Events shown per action, in the order one device's notifications come.
  std::vector<std::pair<Action, std::uint64_t>> actions;
  SourceStats source;  // taken before the last subscription stopped the source
  // Whether udevd ran, as it changed, oldest first; empty unless the udev group alone was used.
  std::vector<UdevdPeriod> udevd;
};

// "signal", "count", "timeout", "output closed".
[[nodiscard]] std::string_view to_string(EndReason reason) noexcept;
// "SIGINT", "SIGTERM", "SIGHUP", else "signal N".
[[nodiscard]] std::string signal_name(int signal);

}  // namespace cmnotify::cli
