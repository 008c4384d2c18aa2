// The two kinds of failure the command reports, and their exit codes. cmnotify::Error and any
// other std::exception are runtime errors.
#pragma once

#include <stdexcept>
#include <string>

namespace cmnotify::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;
inline constexpr int kExitUsage = 2;
// monitor --timeout passed before --count events arrived (the code timeout(1) uses).
inline constexpr int kExitTimedOut = 124;

// The command line asks for something that cannot be: exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The system cannot do what was asked (no such device, no permission): exit 1.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cmnotify::cli
