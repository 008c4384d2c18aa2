#include "cli/output.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/display_text.hpp"
#include "cli/errors.hpp"
#include "cli/terminal.hpp"

namespace cmnotify::cli {

namespace {
bool stdout_was_closed = false;
}  // namespace

bool standard_output_was_closed() noexcept { return stdout_was_closed; }

void write_message(std::string_view message) {
  const int columns = columns_of(STDERR_FILENO);
  std::string text;
  for (const std::string& line :
       wrap_indented(printable(message), columns > 0 ? static_cast<std::size_t>(columns) : 0))
    text += line + "\n";
  std::fputs(text.c_str(), stderr);  // one write: the message's lines stay together
}

bool occupy_standard_descriptors() noexcept {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == STDOUT_FILENO) stdout_was_closed = true;
    // open() returns the lowest free descriptor: this one, as the lower ones are open.
    const int opened = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (opened != fd) {
      if (opened >= 0) ::close(opened);
      return false;
    }
    ::fcntl(fd, F_SETFD, 0);  // like an inherited one: kept across exec
  }
  return true;
}

bool reader_gone() noexcept {
  pollfd out{STDOUT_FILENO, 0, 0};
  return ::poll(&out, 1, 0) == 1 && (out.revents & (POLLERR | POLLHUP)) != 0;
}

bool Output::write(std::string_view text) {
  if (closed_) return false;
  if (stdout_was_closed) throw RuntimeError("cannot write the output: standard output is closed");
  errno = 0;
  const bool ok =
      std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
  if (ok) return true;
  if (errno == EPIPE) {
    closed_ = true;
    std::clearerr(stdout);
    return false;
  }
  throw RuntimeError(std::string("cannot write the output: ") + std::strerror(errno));
}

}  // namespace cmnotify::cli
