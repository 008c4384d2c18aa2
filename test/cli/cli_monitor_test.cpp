// cmnotify monitor against real kernel devices (root): tap interfaces come and go while the built
// command watches, in JSON (every line parsed) and as text in a pipe and on a tmux screen.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "cli/child_process.hpp"
#include "cli/json_schema.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify::testing {
namespace {

using Json = nlohmann::ordered_json;  // keeps the key order, which the schema fixes
using namespace std::chrono_literals;

constexpr const char* kNetGuid = "{cac88484-7515-4c03-82e6-71a87abac361}";
constexpr const char* kNetSubsystemGuid = "{1fffc97e-0f49-55bb-a7bd-06a42089bcbb}";

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// Interface names unique to this process, at most 15 characters.
std::string tap_name(const std::string& tag) {
  return "cmncli" + tag + std::to_string(::getpid() % 100000);
}

std::string instance_of(const std::string& tap) { return "SWD\\NET\\" + upper(tap); }

std::string link_of(const std::string& tap, const std::string& guid) {
  return "\\\\?\\SWD#NET#" + upper(tap) + "#" + guid;
}

// How a string appears inside a JSON line (backslashes doubled), to look for it in raw output.
std::string in_json(const std::string& text) {
  const std::string quoted = Json(text).dump();
  return quoted.substr(1, quoted.size() - 2);
}

std::vector<std::string> monitor_args(std::vector<std::string> args) {
  args.insert(args.begin(), {CMNOTIFY_CLI, "monitor"});
  return args;
}

// Every stdout line as JSON (a line that does not parse fails the test).
std::vector<Json> json_lines(const std::string& out) {
  std::vector<Json> records;
  for (const std::string& line : lines_of(out)) {
    try {
      records.push_back(Json::parse(line));
    } catch (const Json::exception& e) {
      ADD_FAILURE() << "not JSON: " << line << " (" << e.what() << ")";
    }
  }
  return records;
}

// The records of a whole run: one start, events, one end; every event with the schema's keys.
std::vector<Json> events_of(const std::string& out) {
  const std::vector<Json> records = json_lines(out);
  std::vector<Json> events;
  if (records.size() < 2) {
    ADD_FAILURE() << "no start and end records in: " << out;
    return events;
  }
  EXPECT_EQ(records.front()["type"], "start");
  EXPECT_EQ(records.back()["type"], "end");
  for (std::size_t i = 1; i + 1 < records.size(); ++i) {
    const Json& r = records[i];
    EXPECT_EQ(r["schema"], 1);
    EXPECT_EQ(r["type"], "event");
    std::vector<std::string> keys;
    for (const auto& item : r.items()) keys.push_back(item.key());
    EXPECT_EQ(keys, kEventRecordKeys) << r.dump();
    events.push_back(r);
  }
  return events;
}

std::vector<Json> events_for(const std::vector<Json>& events, const std::string& tap) {
  std::vector<Json> out;
  for (const Json& e : events)
    if (e["instance_id"] == instance_of(tap)) out.push_back(e);
  return out;
}

std::vector<std::string> actions(const std::vector<Json>& events) {
  std::vector<std::string> out;
  for (const Json& e : events) out.push_back(e["action"]);
  return out;
}

bool has_line_with(const std::string& out, const std::string& a, const std::string& b) {
  for (const std::string& line : lines_of(out))
    if (contains(line, a) && contains(line, b)) return true;
  return false;
}

// Starts a monitor and waits until its registrations are open (the start record or the
// summary's column header is written after they are).
std::unique_ptr<ChildProcess> start_monitor(const std::vector<std::string>& args, bool json) {
  auto monitor = std::make_unique<ChildProcess>(monitor_args(args));
  const bool started = json ? monitor->wait_for_stdout([](const std::string& out) {
    return contains(out, "\"type\":\"start\"") && contains(out, "}\n");
  })
                            : monitor->wait_for_stdout_text("\nTIME ");
  EXPECT_TRUE(started) << monitor->out() << monitor->err();
  return monitor;
}

void expect_clean_exit(ChildProcess& monitor) {
  const ExitStatus status = monitor.wait();
  EXPECT_TRUE(status.exited) << "ended by signal " << status.signal;
  EXPECT_EQ(status.code, 0) << monitor.err();
  EXPECT_EQ(monitor.err(), "");
}

void expect_live_tap_record(const Json& e, const std::string& tap) {
  EXPECT_EQ(e["instance_id"], instance_of(tap));
  EXPECT_EQ(e["syspath"], "/sys/devices/virtual/net/" + tap);
  EXPECT_EQ(e["subsystem"], "net");
  EXPECT_EQ(e["description"], tap);
  EXPECT_TRUE(e["devnode"].is_null());
  EXPECT_EQ(e["origin"], "live");
  EXPECT_GT(e["sequence"].get<std::uint64_t>(), 0u);
}

TEST(CliMonitorKernel, JsonCountEndsAfterTheTapsInstanceEvents) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string tap = tap_name("j");
  auto monitor = start_monitor({"--json", "--count", "3", "--instance", instance_of(tap)}, true);
  {
    TapInterface device(tap);
    ASSERT_TRUE(monitor->wait_for_stdout_text("DEVICEINSTANCESTARTED"));
  }
  expect_clean_exit(*monitor);  // ended by itself after 3 events
  const auto events = events_of(monitor->out());
  EXPECT_EQ(actions(events),
            (std::vector<std::string>{"DEVICEINSTANCEENUMERATED", "DEVICEINSTANCESTARTED",
                                      "DEVICEINSTANCEREMOVED"}));
  for (const Json& e : events) {
    expect_live_tap_record(e, tap);
    EXPECT_EQ(e["filter_type"], "DEVICEINSTANCE");
    EXPECT_TRUE(e["symbolic_link"].is_null());
    EXPECT_TRUE(e["class_guid"].is_null());
  }
  const Json end = json_lines(monitor->out()).back();
  EXPECT_EQ(end["reason"], "count");
  EXPECT_EQ(end["events"], 3);
  EXPECT_EQ(end["actions"]["DEVICEINSTANCEREMOVED"], 1);
}

TEST(CliMonitorKernel, AllInterfacesAndInstancesInWindowsOrderWithExactLinks) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string tap = tap_name("a");
  auto monitor = start_monitor({"--json"}, true);
  {
    TapInterface device(tap);
    ASSERT_TRUE(monitor->wait_for_stdout_text(in_json(link_of(tap, kNetSubsystemGuid))));
  }
  ASSERT_TRUE(monitor->wait_for_stdout([&](const std::string& out) {
    return has_line_with(out, "DEVICEINSTANCEREMOVED", "\"" + tap + "\"");
  }));
  monitor->send_signal(SIGINT);
  expect_clean_exit(*monitor);
  const auto mine = events_for(events_of(monitor->out()), tap);
  ASSERT_EQ(actions(mine),
            (std::vector<std::string>{"DEVICEINSTANCEENUMERATED", "DEVICEINSTANCESTARTED",
                                      "DEVICEINTERFACEARRIVAL", "DEVICEINTERFACEARRIVAL",
                                      "DEVICEINTERFACEREMOVAL", "DEVICEINTERFACEREMOVAL",
                                      "DEVICEINSTANCEREMOVED"}));
  for (const Json& e : mine) expect_live_tap_record(e, tap);
  for (int i : {2, 4}) {
    EXPECT_EQ(mine[i]["filter_type"], "DEVICEINTERFACE");
    EXPECT_EQ(mine[i]["symbolic_link"], link_of(tap, kNetGuid));
    EXPECT_EQ(mine[i]["class_guid"], kNetGuid);
    EXPECT_EQ(mine[i]["class_name"], "net");
    EXPECT_EQ(mine[i + 1]["symbolic_link"], link_of(tap, kNetSubsystemGuid));
    EXPECT_EQ(mine[i + 1]["class_guid"], kNetSubsystemGuid);
    EXPECT_EQ(mine[i + 1]["class_name"], "subsystem:net");
  }
  EXPECT_EQ(mine[0]["sequence"], mine[3]["sequence"]);  // one uevent, seven notifications
  EXPECT_LT(mine[3]["sequence"], mine[4]["sequence"]);
  const Json end = json_lines(monitor->out()).back();
  EXPECT_EQ(end["reason"], "signal");
  EXPECT_EQ(end["signal"], "SIGINT");
  EXPECT_GE(end["events"].get<int>(), 7);
}

TEST(CliMonitorKernel, InterfaceFilterShowsOnlyThatClass) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string tap = tap_name("i");
  auto monitor = start_monitor({"--json", "--interface", "net"}, true);
  {
    TapInterface device(tap);
    ASSERT_TRUE(monitor->wait_for_stdout_text(in_json(link_of(tap, kNetGuid))));
  }
  ASSERT_TRUE(monitor->wait_for_stdout([&](const std::string& out) {
    return has_line_with(out, "DEVICEINTERFACEREMOVAL", in_json(link_of(tap, kNetGuid)));
  }));
  monitor->send_signal(SIGTERM);
  expect_clean_exit(*monitor);
  const auto events = events_of(monitor->out());
  for (const Json& e : events) {
    EXPECT_EQ(e["filter_type"], "DEVICEINTERFACE");
    EXPECT_EQ(e["class_name"], "net");
  }
  const auto mine = events_for(events, tap);
  EXPECT_EQ(actions(mine),
            (std::vector<std::string>{"DEVICEINTERFACEARRIVAL", "DEVICEINTERFACEREMOVAL"}));
  for (const Json& e : mine) EXPECT_EQ(e["symbolic_link"], link_of(tap, kNetGuid));
}

TEST(CliMonitorKernel, InstancePrefixAndSuffixPatterns) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string prefix = "cmnclp" + std::to_string(::getpid() % 100000);
  const std::string a = prefix + "a";
  const std::string b = prefix + "b";
  const std::string other = tap_name("x");
  TapInterface unrelated(other);  // present before: never shown
  auto by_prefix =
      start_monitor({"--json", "--count", "6", "--instance", instance_of(prefix) + "*"}, true);
  auto by_suffix = start_monitor({"--json", "--count", "3", "--instance", "*/" + a}, true);
  {
    TapInterface first(a);
    TapInterface second(b);
    TapInterface third(other + "z");  // matches neither pattern
    ASSERT_TRUE(by_prefix->wait_for_stdout([&](const std::string& out) {
      return has_line_with(out, "DEVICEINSTANCESTARTED", "\"" + b + "\"");
    }));
  }
  expect_clean_exit(*by_prefix);
  expect_clean_exit(*by_suffix);
  const auto prefixed = events_of(by_prefix->out());
  ASSERT_EQ(prefixed.size(), 6u);
  for (const Json& e : prefixed)
    EXPECT_TRUE(e["instance_id"] == instance_of(a) || e["instance_id"] == instance_of(b)) << e;
  EXPECT_EQ(actions(events_for(prefixed, a)),
            (std::vector<std::string>{"DEVICEINSTANCEENUMERATED", "DEVICEINSTANCESTARTED",
                                      "DEVICEINSTANCEREMOVED"}));
  const auto suffixed = events_of(by_suffix->out());
  EXPECT_EQ(actions(suffixed), actions(events_for(prefixed, a)));
  for (const Json& e : suffixed) EXPECT_EQ(e["instance_id"], instance_of(a));
}

TEST(CliMonitorKernel, PresentDevicesComeFirstMarkedThenLiveOnes) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string prefix = "cmnclq" + std::to_string(::getpid() % 100000);
  TapInterface before(prefix + "a");
  auto monitor = start_monitor(
      {"--json", "--present", "--count", "4", "--instance", "swd/net/" + prefix + "*"}, true);
  TapInterface after(prefix + "b");
  expect_clean_exit(*monitor);
  const auto events = events_of(monitor->out());
  ASSERT_EQ(events.size(), 4u);
  for (int i : {0, 1}) {
    EXPECT_EQ(events[i]["instance_id"], instance_of(before.name()));
    EXPECT_EQ(events[i]["origin"], "present");
    EXPECT_EQ(events[i]["sequence"], 0);
  }
  for (int i : {2, 3}) expect_live_tap_record(events[i], after.name());
  EXPECT_EQ(actions(events),
            (std::vector<std::string>{"DEVICEINSTANCEENUMERATED", "DEVICEINSTANCESTARTED",
                                      "DEVICEINSTANCEENUMERATED", "DEVICEINSTANCESTARTED"}));
  // Text marks them too.
  auto text =
      start_monitor({"--present", "--count", "2", "--instance", instance_of(before.name())}, false);
  expect_clean_exit(*text);
  const std::regex present_line(R"(present +DEVICEINSTANCE(ENUMERATED|STARTED) +SWD\\NET\\)" +
                                upper(before.name()) + R"( +/sys/devices/virtual/net/)" +
                                before.name());
  std::size_t matched = 0;
  for (const std::string& line : lines_of(text->out()))
    matched += std::regex_match(line, present_line) ? 1 : 0;
  EXPECT_EQ(matched, 2u) << text->out();
}

TEST(CliMonitorKernel, ChangedOnlyWithChanges) {
  CMNOTIFY_REQUIRE_ROOT();
  auto tap = std::make_unique<TapInterface>(tap_name("c"));
  const std::string name = tap->name();
  const std::string syspath = "/sys/class/net/" + name;
  auto with =
      start_monitor({"--json", "--changes", "--count", "1", "--instance", instance_of(name)}, true);
  auto without = start_monitor({"--json", "--count", "1", "--instance", instance_of(name)}, true);
  write_uevent(syspath, "change 6a1d3a3e-45a4-4f55-9a8a-1c3f0c9e2b71 CMNOTIFY=cli");
  expect_clean_exit(*with);
  tap.reset();  // the one event the monitor without --changes shows
  expect_clean_exit(*without);
  const auto changed = events_of(with->out());
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0]["action"], "CHANGED");
  EXPECT_EQ(changed[0]["event_properties"]["SYNTH_ARG_CMNOTIFY"], "cli");
  EXPECT_EQ(changed[0]["event_properties"]["SYNTH_UUID"], "6a1d3a3e-45a4-4f55-9a8a-1c3f0c9e2b71");
  expect_live_tap_record(changed[0], name);
  EXPECT_EQ(actions(events_of(without->out())), std::vector<std::string>{"DEVICEINSTANCEREMOVED"});
}

TEST(CliMonitorKernel, DeviceHandleGetsRemoveComplete) {
  CMNOTIFY_REQUIRE_ROOT();
  auto tap = std::make_unique<TapInterface>(tap_name("h"));
  const std::string name = tap->name();
  auto monitor =
      start_monitor({"--json", "--count", "1", "--device", "/sys/class/net/" + name}, true);
  const Json start = json_lines(monitor->out()).front();
  EXPECT_EQ(start["watching"][0]["filter_type"], "DEVICEHANDLE");
  EXPECT_EQ(start["watching"][0]["description"],
            "device /sys/class/net/" + name + " (" + instance_of(name) + ")");
  tap.reset();
  expect_clean_exit(*monitor);
  const auto events = events_of(monitor->out());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["action"], "DEVICEREMOVECOMPLETE");
  EXPECT_EQ(events[0]["filter_type"], "DEVICEHANDLE");
  expect_live_tap_record(events[0], name);
}

TEST(CliMonitorKernel, TextLinesReachAPipeAsTheyHappen) {
  CMNOTIFY_REQUIRE_ROOT();
  const std::string tap = tap_name("t");
  auto monitor = start_monitor({"--interface", "net"}, false);
  auto device = std::make_unique<TapInterface>(tap);
  // Still running: the line was flushed when the event happened, not at exit.
  ASSERT_TRUE(monitor->wait_for_stdout_text(link_of(tap, kNetGuid))) << monitor->out();
  device.reset();
  ASSERT_TRUE(monitor->wait_for_stdout([&](const std::string& out) {
    return has_line_with(out, "DEVICEINTERFACEREMOVAL", link_of(tap, kNetGuid));
  }));
  monitor->send_signal(SIGINT);
  expect_clean_exit(*monitor);
  const std::string line =
      R"(\d\d:\d\d:\d\d\.\d{3} DEVICEINTERFACE(ARRIVAL |REMOVAL ) +\\\\\?\\SWD#NET#)" + upper(tap) +
      R"(#\{cac88484-7515-4c03-82e6-71a87abac361\} \(net\) +/sys/devices/virtual/net/)" + tap;
  std::size_t matched = 0;
  for (const std::string& l : lines_of(monitor->out()))
    matched += std::regex_match(l, std::regex(line)) ? 1 : 0;
  EXPECT_EQ(matched, 2u) << monitor->out();
  EXPECT_FALSE(contains(monitor->out(), "\x1b[")) << "no colour in a pipe";
}

// tmux on a private server socket, so nothing else on the machine is touched.
class Tmux {
 public:
  Tmux() : socket_("cmnotify-test-" + std::to_string(::getpid())) {}
  ~Tmux() { (void)run({"kill-server"}); }
  RunResult run(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"tmux", "-L", socket_};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, {"TERM=xterm-256color"});
  }
  // The whole pane, history included, with wrapped lines joined.
  [[nodiscard]] std::string screen(bool escapes = false) const {
    std::vector<std::string> args = {"capture-pane", "-p", "-J", "-S", "-", "-t", "cli"};
    if (escapes) args.push_back("-e");
    return run(args).out;
  }
  [[nodiscard]] std::string display(const std::string& format) const {
    return run({"display-message", "-p", "-t", "cli", format}).out;
  }
  bool wait_for(const std::function<bool(const std::string&)>& done) const {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done(screen())) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

 private:
  std::string socket_;
};

TEST(CliMonitorKernel, TmuxScreenShowsSummaryEventsAndTheEndSummary) {
  CMNOTIFY_REQUIRE_ROOT();
  if (std::system("command -v tmux >/dev/null 2>&1") != 0) GTEST_SKIP() << "needs tmux";
  Tmux tmux;
  // bash says how the command ended once it has; remain-on-exit keeps the screen after that.
  // (tmux's own #{pane_dead_status} is sometimes still empty when the pane is already dead.)
  const std::string command =
      std::string(CMNOTIFY_CLI) + " monitor; echo \"cmnotify exited with status $?\"";
  const RunResult started =
      tmux.run({"new-session", "-d", "-s", "cli", "-x", "120", "-y", "40", "bash", "-c", command});
  ASSERT_EQ(started.status.code, 0) << started.err;
  ASSERT_EQ(tmux.run({"set-option", "-t", "cli", "remain-on-exit", "on"}).status.code, 0);
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "\nTIME "); }))
      << tmux.screen();

  const std::string tap = tap_name("s");
  {
    TapInterface device(tap);
    ASSERT_TRUE(tmux.wait_for([&](const std::string& s) {
      return has_line_with(s, "DEVICEINTERFACEARRIVAL", "(subsystem:net)");
    })) << tmux.screen();
  }
  ASSERT_TRUE(tmux.wait_for([&](const std::string& s) {
    return has_line_with(s, "DEVICEINSTANCEREMOVED", instance_of(tap));
  })) << tmux.screen();

  const std::string live = tmux.screen();
  const auto lines = lines_of(live);
  ASSERT_GT(lines.size(), 6u);
  EXPECT_TRUE(std::regex_match(
      lines[0], std::regex(R"(cmnotify monitor: \d+ devices present \(source: .*\))")))
      << lines[0];
  EXPECT_EQ(lines[1].rfind("  interface classes  ", 0), 0u) << lines[1];
  EXPECT_TRUE(contains(live, "\n  Linux subsystems   "));
  EXPECT_TRUE(contains(live, "\n  watching           all interface classes\n"));
  EXPECT_TRUE(has_line_with(live, "DEVICEINSTANCEENUMERATED", instance_of(tap)));
  // 120 columns: the link is cut to fit (its class named), never wrapped.
  EXPECT_TRUE(has_line_with(live, "DEVICEINTERFACEREMOVAL", "\\\\?\\SWD#NET#" + upper(tap)));
  EXPECT_TRUE(has_line_with(live, "DEVICEINTERFACEREMOVAL", "... (net)"));
  // The arrival comes before the removal on the screen.
  EXPECT_LT(live.find("DEVICEINSTANCEENUMERATED"), live.rfind("DEVICEINSTANCEREMOVED"));
  if (const char* no_colour = std::getenv("NO_COLOR"); no_colour == nullptr || *no_colour == '\0') {
    EXPECT_TRUE(contains(tmux.screen(true), "\x1b[")) << "colour on a terminal";
  }

  ASSERT_EQ(tmux.run({"send-keys", "-t", "cli", "C-c"}).status.code, 0);
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) {
    return contains(s, "(stopped by SIGINT)");
  })) << tmux.screen();
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "cmnotify exited"); }))
      << tmux.screen();
  EXPECT_TRUE(contains(tmux.screen(), "\ncmnotify exited with status 0\n")) << tmux.screen();
  const std::string end = tmux.screen();
  for (const char* part : {"per action", "DEVICEINSTANCEENUMERATED", "receive buffer", "overflows"})
    EXPECT_TRUE(contains(end.substr(end.find("(stopped by SIGINT)")), part)) << part;
}

TEST(CliMonitorKernel, NoColourOnATerminalWhenNoColorIsSet) {
  CMNOTIFY_REQUIRE_ROOT();
  if (std::system("command -v tmux >/dev/null 2>&1") != 0) GTEST_SKIP() << "needs tmux";
  Tmux tmux;
  ASSERT_EQ(tmux.run({"new-session", "-d", "-s", "cli", "-x", "120", "-y", "40", "-e", "NO_COLOR=1",
                      CMNOTIFY_CLI, "monitor"})
                .status.code,
            0);
  ASSERT_TRUE(tmux.wait_for([](const std::string& s) { return contains(s, "\nTIME "); }));
  EXPECT_FALSE(contains(tmux.screen(true), "\x1b[")) << tmux.screen(true);
}

}  // namespace
}  // namespace cmnotify::testing
