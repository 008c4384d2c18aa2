#include "cli/time_format.hpp"

#include <time.h>

#include <cstdio>
#include <cstdlib>

namespace cmnotify::cli {
namespace {

tm local(std::chrono::system_clock::time_point time, int& millis) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  millis = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count());
  const auto t = static_cast<time_t>(seconds.count());
  tm out{};
  ::localtime_r(&t, &out);
  return out;
}

}  // namespace

std::string iso_time(std::chrono::system_clock::time_point time) {
  int millis = 0;
  const tm t = local(time, millis);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &t);
  const long offset_minutes = t.tm_gmtoff / 60;
  const long magnitude = std::labs(offset_minutes);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%03d%c%02ld:%02ld", date, millis,
                offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return out;
}

std::string clock_time(std::chrono::system_clock::time_point time) {
  int millis = 0;
  const tm t = local(time, millis);
  char out[32];
  std::snprintf(out, sizeof out, "%02d:%02d:%02d.%03d", t.tm_hour, t.tm_min, t.tm_sec, millis);
  return out;
}

}  // namespace cmnotify::cli
