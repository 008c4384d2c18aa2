#include "cli/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/errors.hpp"

namespace cmnotify::cli {

bool Output::write(std::string_view text) {
  if (closed_) return false;
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
