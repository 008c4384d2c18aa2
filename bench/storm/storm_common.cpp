#include "storm_common.hpp"

#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <ctime>

namespace storm {

Kind classify_uuid(std::string_view uuid) noexcept {
  if (uuid == kStormUuid) return Kind::storm;
  if (uuid == kWarmupUuid) return Kind::warmup;
  if (uuid == kEndUuid) return Kind::end;
  return Kind::other;
}

std::uint64_t parse_u64(std::string_view text) noexcept {
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') break;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::uint64_t monotonic_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

double process_cpu_us() noexcept {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto us = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) * 1e6 + static_cast<double>(tv.tv_usec);
  };
  return us(ru.ru_utime) + us(ru.ru_stime);
}

std::uint64_t process_context_switches() noexcept {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<std::uint64_t>(ru.ru_nvcsw) + static_cast<std::uint64_t>(ru.ru_nivcsw);
}

double process_system_cpu_us() noexcept {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_stime.tv_sec) * 1e6 + static_cast<double>(ru.ru_stime.tv_usec);
}

LatencySummary LatencyRecorder::summarize() {
  LatencySummary s;
  s.samples = samples_.size();
  if (samples_.empty()) return s;
  std::sort(samples_.begin(), samples_.end());
  auto at = [&](double q) {
    // Nearest rank: the smallest sample with at least q of all samples at or below it.
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples_.size())));
    return static_cast<double>(samples_[std::clamp<std::size_t>(rank, 1, samples_.size()) - 1]) /
           1e3;
  };
  s.p50_us = at(0.50);
  s.p99_us = at(0.99);
  s.max_us = static_cast<double>(samples_.back()) / 1e3;
  return s;
}

void emit_line(const char* format, ...) {
  char line[1024];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(line, sizeof line - 1, format, args);
  va_end(args);
  if (n < 0) return;
  std::size_t length = std::min(static_cast<std::size_t>(n), sizeof line - 2);
  line[length++] = '\n';
  std::size_t done = 0;
  while (done < length) {
    const ssize_t w = ::write(STDOUT_FILENO, line + done, length - done);
    if (w <= 0) return;
    done += static_cast<std::size_t>(w);
  }
}

std::string field(std::string_view line, std::string_view key) {
  std::size_t pos = 0;
  while (pos < line.size()) {
    const std::size_t end = std::min(line.find(' ', pos), line.size());
    const std::string_view token = line.substr(pos, end - pos);
    if (token.size() > key.size() && token.starts_with(key) && token[key.size()] == '=')
      return std::string(token.substr(key.size() + 1));
    pos = end + 1;
  }
  return {};
}

bool is_bulk_tap(std::string_view devpath) noexcept {
  constexpr std::string_view kNet = "/devices/virtual/net/";
  if (!devpath.starts_with(kNet)) return false;
  const std::string_view name = devpath.substr(kNet.size());
  return name.starts_with(kBulkTapPrefix) && name.find('/') == std::string_view::npos;
}

}  // namespace storm
