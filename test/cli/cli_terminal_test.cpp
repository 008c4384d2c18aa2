// cmnotify as a terminal and a shell see it: lines that fit 80 and 120 columns on a tmux screen,
// device names with terminal escapes shown escaped (JSON exact), TERM=dumb / NO_COLOR / --color,
// a reader that goes away, closed standard descriptors. Real tap interfaces (root).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/child_process.hpp"
#include "linux/udevd.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

bool have_tmux() { return std::system("command -v tmux >/dev/null 2>&1") == 0; }

std::size_t columns_of(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// A tap whose name drives a terminal when printed raw: ESC [ 7 m (reverse video).
std::string escape_tap_name() { return "c\x1b[7m" + std::to_string(::getpid() % 10000); }

// tmux on a private server socket, one pane `width` columns wide.
class Tmux {
 public:
  // A server of its own each time: a new one on a just-killed one's socket may find it going.
  Tmux() : socket_("cmnotify-term-" + std::to_string(::getpid()) + "-" + std::to_string(next_++)) {}
  ~Tmux() { (void)run({"kill-server"}); }
  RunResult run(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"tmux", "-L", socket_};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, {"TERM=xterm-256color"});
  }
  // Starts `command` (run by bash) in a pane of `width` x 50, kept after it ends.
  void start(int width, const std::string& command, const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = {"new-session",         "-d", "-s", "cli", "-x",
                                     std::to_string(width), "-y", "50"};
    for (const std::string& e : env) args.insert(args.end(), {"-e", e});
    args.insert(args.end(), {"bash", "-c", command + "; echo \"exited with $?\"; sleep 60"});
    const RunResult r = run(args);
    ASSERT_EQ(r.status.code, 0) << r.err;
  }
  // The pane, history included; `joined`: wrapped lines joined (so a wrapped line is longer than
  // the pane).
  [[nodiscard]] std::string screen(bool escapes = false) const {
    std::vector<std::string> args = {"capture-pane", "-p", "-J", "-S", "-", "-t", "cli"};
    if (escapes) args.push_back("-e");
    return run(args).out;
  }
  bool wait_for(const std::function<bool(const std::string&)>& done) const {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done(screen())) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }
  void keys(const std::string& key) const { (void)run({"send-keys", "-t", "cli", key}); }

 private:
  static inline int next_ = 0;
  std::string socket_;
};

void expect_fits(const std::string& screen, std::size_t width) {
  for (const std::string& line : lines_of(screen))
    EXPECT_LE(columns_of(line), width) << "wrapped: '" << line << "'\n" << screen;
}

class CliTerminalWidth : public ::testing::TestWithParam<int> {};

// monitor, list --tree and info on a screen `width` wide: nothing wraps, the header is one line,
// a name with an escape sequence shows as text.
TEST_P(CliTerminalWidth, EveryLineFitsAndEscapesAreShownAsText) {
  CMNOTIFY_REQUIRE_ROOT();
  if (!have_tmux()) GTEST_SKIP() << "needs tmux (not installed): cannot test a real terminal";
  const int width = GetParam();
  Tmux tmux;
  tmux.start(width, std::string(CMNOTIFY_CLI) + " monitor");
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "\nTIME "); }))
      << tmux.screen();
  const std::string name = escape_tap_name();
  {
    TapInterface tap(name);
    ASSERT_TRUE(tmux.wait_for([](const std::string& s) {
      return contains(s, "DEVICEINTERFACEARRIVAL") && contains(s, "(net)");
    })) << tmux.screen();
  }
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) {
    return contains(s, "DEVICEINSTANCEREMOVED");
  })) << tmux.screen();
  tmux.keys("C-c");
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "exited with 0"); }))
      << tmux.screen();
  const std::string screen = tmux.screen();
  expect_fits(screen, static_cast<std::size_t>(width));
  // The header: one line, every column named.
  std::size_t headers = 0;
  for (const std::string& line : lines_of(screen))
    if (line.rfind("TIME ", 0) == 0 && contains(line, "ACTION") && contains(line, "NODE"))
      ++headers;
  EXPECT_EQ(headers, 1u) << screen;
  // The device's name, escaped: "\e[7m" as four characters, never an escape sequence.
  EXPECT_TRUE(contains(screen, "c\\e[7m")) << screen;
  EXPECT_FALSE(contains(tmux.screen(true), "\x1b[7m")) << "the name drove the terminal";
  EXPECT_TRUE(contains(screen, "per action")) << screen;
}

TEST_P(CliTerminalWidth, ListAndInfoFit) {
  if (!have_tmux()) GTEST_SKIP() << "needs tmux (not installed): cannot test a real terminal";
  const int width = GetParam();
  for (const std::string command : {"list", "list --tree", "list --properties",
                                    "info /sys/class/net/lo", "info lo", "classes"}) {
    SCOPED_TRACE(command);
    Tmux tmux;
    tmux.start(width, std::string(CMNOTIFY_CLI) + " " + command);
    ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "exited with 0"); }))
        << tmux.screen();
    expect_fits(tmux.screen(), static_cast<std::size_t>(width));
  }
}

INSTANTIATE_TEST_SUITE_P(Columns, CliTerminalWidth, ::testing::Values(80, 120));

TEST(CliTerminal, ColourFollowsTermNoColorAndTheOption) {
  if (!have_tmux()) GTEST_SKIP() << "needs tmux (not installed): cannot test a real terminal";
  struct Case {
    std::vector<std::string> env;
    std::string option;
    bool colour;
  };
  const std::vector<Case> cases = {
      {{}, "", true},
      {{"TERM=dumb"}, "", false},
      {{"NO_COLOR=1"}, "", false},
      {{}, "--color never", false},
      {{"TERM=dumb"}, "--color always", true},
      {{"NO_COLOR=1"}, "--color auto", false},
  };
  for (const Case& c : cases) {
    const std::string command =
        std::string(CMNOTIFY_CLI) + " info " + c.option + " /sys/class/net/lo";
    SCOPED_TRACE(command + (c.env.empty() ? "" : " with " + c.env[0]));
    Tmux tmux;
    // TERM=dumb must reach the command itself: tmux sets TERM in its panes.
    tmux.start(80, (c.env.empty() ? "" : "export " + c.env[0] + "; ") + command);
    ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "exited with 0"); }))
        << tmux.screen();
    EXPECT_EQ(contains(tmux.screen(true), "\x1b[1m"), c.colour) << tmux.screen(true);
  }
}

// A warning on stderr fits the terminal as the table does, not left for the terminal to fold:
// `monitor --source udev` without udevd warns in more than 80 columns of text.
TEST(CliTerminal, WarningsOnStderrFitTheTerminal) {
  if (!have_tmux()) GTEST_SKIP() << "needs tmux (not installed): cannot test a real terminal";
  if (linux_source::udevd_answers("/run/udev/control"))
    GTEST_SKIP() << "systemd-udevd runs: monitor --source udev has nothing to warn of";
  Tmux tmux;
  tmux.start(80, std::string(CMNOTIFY_CLI) + " monitor --source udev -t 0.3");
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "exited with 0"); }))
      << tmux.screen();
  const std::string screen = tmux.screen();
  EXPECT_TRUE(contains(screen, "warning: systemd-udevd is not running")) << screen;
  expect_fits(screen, 80);
}

TEST(CliTerminal, PipesGetWholeValuesNoColourAndEscapedNames) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string name = escape_tap_name();
  TapInterface tap(name);
  const RunResult text = run_program({CMNOTIFY_CLI, "list", "--interface", "net"});
  ASSERT_EQ(text.status.code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "/sys/devices/virtual/net/c\\e[7m")) << text.out;
  EXPECT_FALSE(contains(text.out, "\x1b")) << "raw escape in a pipe";
  const RunResult info = run_program({CMNOTIFY_CLI, "info", "/sys/class/net/" + name});
  ASSERT_EQ(info.status.code, 0) << info.err;
  EXPECT_FALSE(contains(info.out, "\x1b")) << info.out;
  EXPECT_TRUE(contains(info.out, "INTERFACE          c\\e[7m")) << info.out;
  // JSON: exact (the escape character as \u001b, parsed back to the very name).
  const RunResult json = run_program({CMNOTIFY_CLI, "list", "--json", "-i", "net", "--properties"});
  ASSERT_EQ(json.status.code, 0) << json.err;
  bool found = false;
  const Json listed = Json::parse(json.out);
  for (const Json& d : listed["devices"])
    if (d["syspath"] == "/sys/devices/virtual/net/" + name) {
      found = true;
      EXPECT_EQ(d["properties"]["INTERFACE"], name);
    }
  EXPECT_TRUE(found) << json.out;
  EXPECT_TRUE(contains(json.out, "c\\u001b[7m")) << "JSON escapes control characters itself";
  // --color always colours a pipe too; --json never is coloured.
  EXPECT_TRUE(
      contains(run_program({CMNOTIFY_CLI, "info", "--color", "always", "/sys/class/net/lo"}).out,
               "\x1b[1m"));
  EXPECT_FALSE(contains(
      run_program({CMNOTIFY_CLI, "info", "--json", "--color", "always", "/sys/class/net/lo"}).out,
      "\x1b"));
}

// `| head -1` ends the monitor as soon as head has gone, with no further event to write: the
// deadline below is only a safety net (a monitor still running there is killed and fails).
TEST(CliTerminal, MonitorEndsWhenItsReaderGoes) {
  for (const char* pipeline : {" monitor --json | head -1", " monitor | head -3",
                               " monitor --json --present --interface net | head -1"}) {
    SCOPED_TRACE(pipeline);
    ChildProcess shell(
        {"bash", "-c",
         std::string(CMNOTIFY_CLI) + pipeline + "; echo \"status ${PIPESTATUS[0]}\""});
    const ExitStatus status = shell.wait(20s);
    EXPECT_TRUE(status.exited && status.code == 0) << "still running after its reader went";
    EXPECT_TRUE(contains(shell.out(), "status 0")) << shell.out() << shell.err();
    EXPECT_EQ(shell.err(), "");
  }
}

// Every command, not only monitor, ends with status 0 and nothing on stderr when its reader goes
// (an EPIPE), whenever that happens: never a SIGPIPE death (141) that fails a `set -o pipefail`
// script or not depending on timing. `list --properties` writes far more than a pipe holds.
TEST(CliTerminal, EveryCommandEndsQuietlyWhenItsReaderGoes) {
  for (const char* command : {" list --properties", " list --tree", " list --json --properties",
                              " classes", " info lo --properties", " --help"}) {
    SCOPED_TRACE(command);
    for (int i = 0; i < 3; ++i) {
      const RunResult r =
          run_program({"bash", "-c",
                       std::string(CMNOTIFY_CLI) + command +
                           " | head -c 1 >/dev/null; echo \"status ${PIPESTATUS[0]}\""});
      EXPECT_TRUE(contains(r.out, "status 0")) << r.out << r.err;
      EXPECT_EQ(r.err, "");
    }
  }
}

// With a standard descriptor closed, the command's own descriptors must not take its number;
// with stdout closed, the command's output has nowhere to go: an error, as for any program.
TEST(CliTerminal, WorksWithStandardDescriptorsClosed) {
  for (const char* redirect : {">&-", "<&- >&- 2>&-", "2>&-", "<&-"}) {
    SCOPED_TRACE(redirect);
    const bool stdout_closed = contains(redirect, " >&-") || redirect[0] == '>';
    const std::string command =
        std::string(CMNOTIFY_CLI) + " monitor -t 0.2 " + redirect + "; echo \"status $?\" >&3";
    const RunResult r = run_program({"bash", "-c", "exec 3>&1; " + command});
    EXPECT_TRUE(contains(r.out, stdout_closed ? "status 1" : "status 0")) << r.out << r.err;
    EXPECT_FALSE(contains(r.err, "Invalid argument")) << r.err;
  }
  struct Case {
    const char* command;
    const char* status;
  };
  for (const Case& c :
       {Case{" list >&-", "status 1"}, Case{" list --json <&- >&- 2>&-", "status 1"},
        Case{" classes 2>&-", "status 0"}, Case{" info lo >&-", "status 1"},
        Case{" --help >&-", "status 1"}, Case{" list --bogus 2>&-", "status 2"},
        Case{" classes <&-", "status 0"}}) {
    SCOPED_TRACE(c.command);
    const RunResult r = run_program(
        {"bash", "-c",
         "exec 3>&1; " + std::string(CMNOTIFY_CLI) + c.command + "; echo \"status $?\" >&3"});
    EXPECT_TRUE(contains(r.out, c.status)) << r.out << r.err;
    if (std::string_view(c.command).ends_with(" >&-")) {
      EXPECT_TRUE(contains(r.err, "cmnotify: cannot write the output: standard output is closed"))
          << r.err;
    }
  }
  const RunResult list =
      run_program({"bash", "-c", std::string(CMNOTIFY_CLI) + " info /sys/class/net/lo <&- 2>&-"});
  EXPECT_EQ(list.status.code, 0);
  EXPECT_TRUE(contains(list.out, "SWD\\NET\\LO"));
}

}  // namespace
}  // namespace cmnotify::testing
