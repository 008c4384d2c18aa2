// Standard output, flushed per write so a pipe sees every event as it happens.
#pragma once

#include <string_view>

namespace cmnotify::cli {

// Opens /dev/null onto any of descriptors 0, 1 and 2 that is closed, so that no descriptor the
// command opens later (a signalfd, a netlink socket) becomes its stdout or stderr by accident.
// Returns false if one could not be filled.
bool occupy_standard_descriptors() noexcept;

// Whether stdout was closed when the command started (`cmnotify list >&-`). Its /dev/null
// stand-in only keeps the number taken: writing the command's output there is an error, as it
// is for any program whose output has nowhere to go.
[[nodiscard]] bool standard_output_was_closed() noexcept;

// Whether the reader of stdout has gone: a pipe whose reading end is closed (POLLERR), a terminal
// hung up (POLLHUP). Asks poll() without waiting; a file or /dev/null never has gone.
[[nodiscard]] bool reader_gone() noexcept;

// Writes `message` as a line to stderr ("cmnotify monitor: warning: ..."), wrapped as the
// summaries' titles are (wrap_indented) at stderr's width (columns_of): whole when stderr is not a
// terminal and $COLUMNS is unset, so a log keeps one line per message.
void write_message(std::string_view message);

class Output {
 public:
  // Writes and flushes. Returns false once the reader has gone (EPIPE; SIGPIPE is ignored by
  // monitor), which ends a monitor quietly; throws RuntimeError for any other write failure and
  // when stdout was closed at the start.
  bool write(std::string_view text);
  [[nodiscard]] bool closed() const noexcept { return closed_; }

 private:
  bool closed_ = false;
};

}  // namespace cmnotify::cli
