// Test support: runs a program with stdout and stderr captured, reads them while it runs, signals
// it, and waits for it with a deadline (a safety net against hangs, never a timed assertion).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cmnotify::testing {

struct ExitStatus {
  bool exited = false;  // false: killed by a signal (or still running at the deadline)
  int code = -1;        // exit code when exited
  int signal = 0;       // terminating signal otherwise
};

class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH) with stdin from /dev/null, default signal dispositions and
  // an empty signal mask. `environment` entries ("NAME=value") are added to the test's own.
  explicit ChildProcess(const std::vector<std::string>& argv,
                        const std::vector<std::string>& environment = {});
  ~ChildProcess();  // kills and reaps a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads output until `done(stdout so far)` holds (true) or `timeout` passes or the child closes
  // its output (false).
  bool wait_for_stdout(const std::function<bool(const std::string&)>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20));
  bool wait_for_stdout_text(const std::string& text,
                            std::chrono::milliseconds timeout = std::chrono::seconds(20));

  void send_signal(int signal);
  // Reads all output and reaps the child; kills it if it has not ended by the deadline.
  ExitStatus wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  [[nodiscard]] const std::string& out() const noexcept { return out_; }
  [[nodiscard]] const std::string& err() const noexcept { return err_; }
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

 private:
  // One poll round over both pipes; false when both are closed.
  bool pump(int timeout_ms);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  std::optional<ExitStatus> status_;
};

struct RunResult {
  ExitStatus status;
  std::string out;
  std::string err;
};

// Runs a program to completion (killed after `timeout`).
RunResult run_program(const std::vector<std::string>& argv,
                      const std::vector<std::string>& environment = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Splits text into lines (without the '\n'); a last line without '\n' counts too.
std::vector<std::string> lines_of(const std::string& text);

// Whether `part` occurs in `text`: what most checks of a command's output ask.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace cmnotify::testing
