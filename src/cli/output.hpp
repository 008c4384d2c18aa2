// Standard output, flushed per write so a pipe sees every event as it happens.
#pragma once

#include <string_view>

namespace cmnotify::cli {

class Output {
 public:
  // Writes and flushes. Returns false once the reader has gone (EPIPE; SIGPIPE is ignored by
  // monitor), which ends a monitor quietly; throws RuntimeError for any other write failure.
  bool write(std::string_view text);
  [[nodiscard]] bool closed() const noexcept { return closed_; }

 private:
  bool closed_ = false;
};

}  // namespace cmnotify::cli
