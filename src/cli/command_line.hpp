// The command line: parses it with CLI11, runs the command, and turns every failure into one line
// on stderr and an exit status (0 ok, 1 runtime error, 2 usage error, 124 monitor timed out).
#pragma once

namespace cmnotify::cli {

int run_command_line(int argc, char** argv) noexcept;

}  // namespace cmnotify::cli
