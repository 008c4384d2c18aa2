// Local wall-clock time as the command prints it.
#pragma once

#include <chrono>
#include <string>

namespace cmnotify::cli {

// "2024-05-01T14:03:12.345+02:00" (JSON) and "14:03:12.345" (text).
[[nodiscard]] std::string iso_time(std::chrono::system_clock::time_point time);
[[nodiscard]] std::string clock_time(std::chrono::system_clock::time_point time);

}  // namespace cmnotify::cli
