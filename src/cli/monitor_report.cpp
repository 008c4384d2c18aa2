#include "cli/monitor_report.hpp"

#include <signal.h>

namespace cmnotify::cli {

std::string_view to_string(EndReason reason) noexcept {
  switch (reason) {
    case EndReason::signal: return "signal";
    case EndReason::count: return "count";
    case EndReason::timeout: return "timeout";
    case EndReason::output_closed: return "output closed";
  }
  return "unknown";
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "signal " + std::to_string(signal);
  }
}

}  // namespace cmnotify::cli
