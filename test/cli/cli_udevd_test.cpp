// `cmnotify monitor --source udev` never deaf in silence (root, label kernel): with no udevd it
// warns on stderr and its end record says udevd did not run; with a systemd-udevd the test starts,
// stops and starts again mid-run it warns once when udevd stops and says when it is back, and
// events are heard again. --source kernel and auto never warn.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/child_process.hpp"
#include "linux/udevd.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The JSON record of `type` ("start", "end") in monitor's output, or null.
Json record(const std::string& out, const std::string& type) {
  for (const std::string& line : lines_of(out)) {
    const Json j = Json::parse(line, nullptr, false);
    if (j.is_object() && j.value("type", "") == type) return j;
  }
  return nullptr;
}

class CliUdevd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: starts and stops systemd-udevd, taps";
    if (linux_source::udevd_answers("/run/udev/control"))
      GTEST_SKIP() << "systemd-udevd already runs: this test starts and stops its own";
  }
};

TEST_F(CliUdevd, UdevSourceWithoutUdevdWarnsAndSaysSoAtTheEnd) {
  const RunResult json =
      run_program({CMNOTIFY_CLI, "monitor", "--source", "udev", "--json", "-t", "0.3"});
  EXPECT_EQ(json.status.code, 0) << json.err;
  EXPECT_EQ(count_of(json.err, "warning: systemd-udevd is not running"), 1u) << json.err;
  EXPECT_EQ(lines_of(json.err).size(), 1u) << "a pipe, COLUMNS unset: one line\n" << json.err;
  const Json end = record(json.out, "end");
  ASSERT_TRUE(end.is_object()) << json.out;
  ASSERT_TRUE(end["udevd"].is_array()) << end.dump();
  ASSERT_EQ(end["udevd"].size(), 1u) << end.dump();
  EXPECT_FALSE(end["udevd"][0]["running"].get<bool>());

  const RunResult text =
      run_program({CMNOTIFY_CLI, "monitor", "--source", "udev", "-t", "0.3"}, {"COLUMNS=80"});
  EXPECT_EQ(text.status.code, 0) << text.err;
  EXPECT_TRUE(contains(text.err, "systemd-udevd is not running")) << text.err;
  // Wrapped at COLUMNS as the summary is, the rest indented under the first line.
  const std::vector<std::string> lines = lines_of(text.err);
  ASSERT_GE(lines.size(), 2u) << text.err;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 80u) << lines[i];
    if (i > 0) {
      EXPECT_TRUE(lines[i].starts_with("  ")) << lines[i];
    }
  }
  EXPECT_TRUE(contains(text.out,
                       "  udevd              NOT running: the udev group carried no "
                       "events\n"))
      << text.out;
}

TEST_F(CliUdevd, OtherSourcesNeitherWarnNorReport) {
  for (const char* source : {"auto", "kernel"}) {
    SCOPED_TRACE(source);
    const RunResult r =
        run_program({CMNOTIFY_CLI, "monitor", "--source", source, "--json", "-t", "0.2"});
    EXPECT_EQ(r.status.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const Json end = record(r.out, "end");
    ASSERT_TRUE(end.is_object()) << r.out;
    EXPECT_TRUE(end["udevd"].is_null()) << end.dump();
  }
}

TEST_F(CliUdevd, UdevdStoppedAndBackMidRunIsToldEachTimeAndEventsResume) {
  if (::access("/lib/systemd/systemd-udevd", X_OK) != 0)
    GTEST_SKIP() << "no /lib/systemd/systemd-udevd";
  std::optional<UdevDaemon> udevd(std::in_place);
  ASSERT_TRUE(udevd->running()) << udevd->error();
  ChildProcess monitor({CMNOTIFY_CLI, "monitor", "--source", "udev", "--json", "-i", "net"});
  ASSERT_TRUE(monitor.wait_for_stdout_text("\"type\":\"start\"")) << monitor.err();

  udevd->exit_by_control();  // its socket file stays: udevd must answer, not merely exist
  udevd.reset();
  ASSERT_TRUE(monitor.wait_for_stdout([&](const std::string&) {
    return contains(monitor.err(), "systemd-udevd stopped at");
  })) << monitor.err();

  udevd.emplace();
  ASSERT_TRUE(udevd->running()) << udevd->error();
  ASSERT_TRUE(monitor.wait_for_stdout([&](const std::string&) {
    return contains(monitor.err(), "systemd-udevd runs again");
  })) << monitor.err();
  {
    TapInterface tap("cmnudevd" + std::to_string(::getpid() % 10000));
    EXPECT_TRUE(monitor.wait_for_stdout_text("DEVICEINTERFACEARRIVAL"))
        << "deaf after udevd came back";
  }
  monitor.send_signal(SIGINT);
  const ExitStatus status = monitor.wait();
  EXPECT_EQ(status.code, 0) << monitor.err();
  EXPECT_EQ(count_of(monitor.err(), "stopped at"), 1u) << "warned once: " << monitor.err();
  EXPECT_EQ(count_of(monitor.err(), "runs again"), 1u) << monitor.err();
  EXPECT_FALSE(contains(monitor.err(), "is not running")) << "udevd ran at the start";
  const Json end = record(monitor.out(), "end");
  ASSERT_TRUE(end.is_object()) << monitor.out();
  ASSERT_EQ(end["udevd"].size(), 3u) << end.dump();
  EXPECT_TRUE(end["udevd"][0]["running"].get<bool>());
  EXPECT_FALSE(end["udevd"][1]["running"].get<bool>());
  EXPECT_TRUE(end["udevd"][2]["running"].get<bool>());
}

// The JSON event records of `action` for the device `instance_id`.
std::vector<Json> events_of(const std::string& out, const std::string& action,
                            const std::string& instance_id) {
  std::vector<Json> found;
  for (const std::string& line : lines_of(out)) {
    const Json j = Json::parse(line, nullptr, false);
    if (j.is_object() && j.value("type", "") == "event" && j.value("action", "") == action &&
        j.value("instance_id", "") == instance_id)
      found.push_back(j);
  }
  return found;
}

// A tap deleted and another created while udevd is dead (killed -9): once udevd is back, the
// monitor reports the first removed and the second arrived (origin "resync"), exactly once, and
// says udevd runs again before those events (stderr and stdout in one pipe, in the order written).
TEST_F(CliUdevd, UdevSourceReportsWhatChangedWhileUdevdWasKilledOnceItIsBack) {
  if (::access("/lib/systemd/systemd-udevd", X_OK) != 0)
    GTEST_SKIP() << "no /lib/systemd/systemd-udevd";
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  const std::string suffix = std::to_string(::getpid() % 10000);
  const std::string gone_name = "cmnkg" + suffix, born_name = "cmnkb" + suffix;
  const std::string gone_id = "SWD\\NET\\CMNKG" + suffix, born_id = "SWD\\NET\\CMNKB" + suffix;
  ChildProcess monitor({"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1", CMNOTIFY_CLI, "monitor",
                        "--source", "udev", "--json", "-i", "net"});
  ASSERT_TRUE(monitor.wait_for_stdout_text("\"type\":\"start\"")) << monitor.out();
  auto gone = std::make_unique<TapInterface>(gone_name);
  ASSERT_TRUE(monitor.wait_for_stdout([&](const std::string& out) {
    return !events_of(out, "DEVICEINTERFACEARRIVAL", gone_id).empty();
  })) << monitor.out();

  udevd.signal(SIGKILL);
  gone.reset();
  TapInterface born(born_name);
  ASSERT_TRUE(monitor.wait_for_stdout_text("systemd-udevd stopped at")) << monitor.out();
  udevd.restart();
  ASSERT_TRUE(udevd.running()) << udevd.error();
  EXPECT_TRUE(monitor.wait_for_stdout([&](const std::string& out) {
    return !events_of(out, "DEVICEINTERFACEREMOVAL", gone_id).empty() &&
           !events_of(out, "DEVICEINTERFACEARRIVAL", born_id).empty();
  })) << "what changed while udevd was dead is never reported: "
      << monitor.out();
  born.remove();  // heard through udevd again
  EXPECT_TRUE(monitor.wait_for_stdout([&](const std::string& out) {
    return !events_of(out, "DEVICEINTERFACEREMOVAL", born_id).empty();
  }));
  monitor.send_signal(SIGINT);
  EXPECT_EQ(monitor.wait().code, 0) << monitor.out();
  EXPECT_EQ(events_of(monitor.out(), "DEVICEINTERFACEREMOVAL", gone_id).size(), 1u);
  const auto born_arrivals = events_of(monitor.out(), "DEVICEINTERFACEARRIVAL", born_id);
  ASSERT_EQ(born_arrivals.size(), 1u) << monitor.out();
  EXPECT_EQ(born_arrivals[0]["origin"], "resync");
  EXPECT_EQ(events_of(monitor.out(), "DEVICEINTERFACEREMOVAL", born_id).size(), 1u);
  EXPECT_EQ(count_of(monitor.out(), "runs again"), 1u) << monitor.out();
  const std::size_t told = monitor.out().find("systemd-udevd runs again from");
  const std::size_t first_resynced = monitor.out().find("\"origin\":\"resync\"");
  ASSERT_NE(first_resynced, std::string::npos) << monitor.out();
  EXPECT_LT(told, first_resynced) << "udevd's return is told after the events it announces:\n"
                                  << monitor.out();
}

}  // namespace
}  // namespace cmnotify::testing
