// The cmnotify command as a user runs it: help, every error path, list and info checked against
// sysfs, --timeout exit codes, and SIGINT/SIGTERM ending monitor with its summary.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/child_process.hpp"
#include "cmnotify/interface_classes.hpp"

namespace cmnotify::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
constexpr auto npos = std::string::npos;

RunResult cmnotify(std::vector<std::string> args, std::vector<std::string> environment = {}) {
  args.insert(args.begin(), CMNOTIFY_CLI);
  return run_program(args, environment);
}

// Every failure: the expected status, one line on stderr that starts "cmnotify: ", nothing on
// stdout, and no crash or uncaught exception.
void expect_error(const RunResult& r, int code, const std::string& says) {
  EXPECT_TRUE(r.status.exited) << "ended by signal " << r.status.signal;
  EXPECT_EQ(r.status.code, code) << r.err;
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_EQ(lines[0].rfind("cmnotify: ", 0), 0u) << lines[0];
  EXPECT_TRUE(contains(lines[0], says)) << lines[0];
  EXPECT_FALSE(contains(r.err, "terminate called")) << r.err;
  EXPECT_FALSE(contains(r.err, "what()")) << r.err;
  EXPECT_EQ(r.out, "");
}

std::map<std::string, Json> by_syspath(const Json& devices) {
  std::map<std::string, Json> out;
  for (const Json& d : devices) out[d["syspath"].get<std::string>()] = d;
  return out;
}

std::set<std::string> class_entries(const std::string& cls) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator("/sys/class/" + cls)) out.insert(e.path().filename());
  return out;
}

// The entries of /sys/class/<cls> present both before and after `run`: other programs on the
// machine may add and remove devices meanwhile.
template <typename Run>
std::set<std::string> stable_entries(const std::string& cls, Run run) {
  const auto before = class_entries(cls);
  run();
  const auto after = class_entries(cls);
  std::set<std::string> both;
  for (const auto& e : before)
    if (after.count(e)) both.insert(e);
  return both;
}

std::string read_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string symbolic_link_of(const std::string& instance_id, const std::string& guid) {
  std::string link = "\\\\?\\" + instance_id + "#" + guid;
  for (std::size_t i = 4; i < link.size(); ++i)
    if (link[i] == '\\') link[i] = '#';
  return link;
}

TEST(CliHelp, ExplainsTheCommandsWithExamples) {
  const RunResult top = cmnotify({"--help"});
  EXPECT_EQ(top.status.code, 0);
  for (const char* part : {"monitor", "list", "info", "Examples:", "instance ID", "symbolic link",
                           "interface class", "Exit status", "man cmnotify", "Synopsis:"})
    EXPECT_TRUE(contains(top.out, part)) << part;
  const RunResult monitor = cmnotify({"monitor", "--help"});
  EXPECT_EQ(monitor.status.code, 0);
  for (const char* part :
       {"--interface", "--instance", "--device", "--present", "--changes", "--json", "--properties",
        "--count", "--timeout", "Examples:", "DEVICEINTERFACEARRIVAL", "SIGTERM", "124",
        "'SWD\\NET\\*'", "subsystem:sound"})
    EXPECT_TRUE(contains(monitor.out, part)) << part;
  for (const char* command : {"list", "info"}) {
    const RunResult r = cmnotify({command, "--help"});
    EXPECT_EQ(r.status.code, 0);
    EXPECT_TRUE(contains(r.out, "Examples:")) << command;
  }
  const RunResult version = cmnotify({"--version"});
  EXPECT_EQ(version.status.code, 0);
  EXPECT_EQ(version.out.rfind("cmnotify ", 0), 0u);
}

TEST(CliErrors, UsageErrorsExitTwoWithOneLine) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{}, "a command is required"},
      {{"frobnicate"}, "unknown command frobnicate"},
      {{"--frobnicate"}, "unknown option --frobnicate"},
      {{"monitor", "--frobnicate"}, "unknown option --frobnicate"},
      {{"list", "--frobnicate"}, "unknown option --frobnicate"},
      {{"info", "a", "b"}, "unexpected argument b"},
      {{"info"}, "info needs a device"},
      {{"info", ""}, "info needs a device"},
      {{"info", "-x"}, "unknown option -x"},
      {{"info", "--frobnicate", "lo"}, "unknown option --frobnicate"},
      {{"monitor", "--interface"}, "--interface"},
      {{"monitor", "--interface", "no-such-class"}, "unknown interface class 'no-such-class'"},
      {{"list", "-i", "net,no-such-class"}, "unknown interface class 'no-such-class'"},
      {{"list", "--interface", "{00000000-0000-0000-0000-000000000000}"}, "null GUID"},
      {{"monitor", "--instance", "has space"}, "not a device instance ID or pattern"},
      {{"monitor", "--instance", "a,b"}, "not a device instance ID or pattern"},
      {{"info", "SWD\\has,comma"}, "not a device instance ID"},
      {{"monitor", "--count", "0"}, "--count"},
      {{"monitor", "--count", "-1"}, "--count"},
      {{"monitor", "--count", "-5"}, "--count"},
      {{"monitor", "--count", "abc"}, "--count"},
      {{"monitor", "--count", "1.5"}, "--count"},
      {{"monitor", "--count", ""}, "--count"},
      {{"monitor", "--count"}, "--count"},
      {{"monitor", "--timeout", "0"}, "--timeout"},
      {{"monitor", "--timeout", "-3"}, "--timeout"},
      {{"monitor", "--timeout", "abc"}, "--timeout"},
      {{"monitor", "--timeout", "nan"}, "--timeout"},
      {{"monitor", "--timeout", "inf"}, "--timeout"},
      // Strict numbers, in the project's words: no clamp, no hex, no exponent.
      {{"monitor", "--count", "99999999999999999999"},
       "--count: 99999999999999999999 is out of range"},
      {{"monitor", "--count", "0x10"}, "'0x10' is not a whole number of events"},
      {{"monitor", "--count", "1e3"}, "'1e3' is not a whole number of events"},
      {{"monitor", "--timeout", "1e3"}, "'1e3' is not a number of seconds"},
      {{"monitor", "--timeout", "2000000000"}, "--timeout: 2000000000 is out of range"},
      {{"monitor", "--count"}, "--count needs a value"},
      {{"monitor", "--timeout"}, "--timeout needs a value"},
      {{"list", "--interface"}, "--interface needs a value"},
      {{"list", "--color", "sometimes"}, "'sometimes' is not a colour mode: auto, always or never"},
      {{"info", "--color"}, "--color needs a value"},
      {{"monitor", "--source", "x"}, "--source: 'x' is not a source: auto, kernel or udev"},
      {{"monitor", "--source", "Kernel"}, "'Kernel' is not a source: auto, kernel or udev"},
      {{"monitor", "--source", "automatic"}, "'automatic' is not a source"},
      {{"monitor", "--source", ""}, "'' is not a source"},
      {{"monitor", "--source"}, "--source needs a value"},
      {{"list", "--source", "kernel"}, "unknown option --source"},
  };
  for (const Case& c : cases) {
    std::string shown;
    for (const auto& a : c.args) shown += " '" + a + "'";
    SCOPED_TRACE("cmnotify" + shown);
    const RunResult r = cmnotify(c.args);
    expect_error(r, 2, c.says);
    // CLI11's own wording never reaches the user.
    for (const char* raw : {"1 required", "At Most", "missing", "Could not convert"})
      EXPECT_FALSE(contains(r.err, raw)) << r.err;
  }
}

// What the user typed comes back in messages escaped, as device names do in output: an argument
// with an escape sequence or bytes that are not UTF-8 cannot drive the terminal through stderr.
TEST(CliErrors, MessagesEscapeWhatTheyQuote) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"info", "a\x1b[7mb"},
                                               {"list", "-i", "a\x1b[7mb"},
                                               {"list", "--instance", "a\x1b[7mb"},
                                               {"info", "/dev/a\x1b[7mb"}}) {
    SCOPED_TRACE(args[0] + " " + args.back());
    const RunResult r = cmnotify(args);
    EXPECT_NE(r.status.code, 0);
    EXPECT_FALSE(contains(r.err, "\x1b")) << r.err;
    EXPECT_TRUE(contains(r.err, "a\\e[7mb")) << r.err;
  }
  const RunResult bytes = cmnotify({"info", "cm\xff\xe9x"});
  EXPECT_EQ(bytes.status.code, 1);
  EXPECT_TRUE(contains(bytes.err, "cm\\xff\\xe9x")) << bytes.err;
  expect_error(cmnotify({"list", "--device", ""}), 2, "--device needs a path");
}

TEST(CliErrors, AnUnknownInterfaceNameListsWhatWorks) {
  const RunResult r = cmnotify({"monitor", "--interface", "keybord"});
  expect_error(r, 2, "unknown interface class 'keybord'");
  for (const NamedInterfaceClass& c : named_interface_classes())
    EXPECT_TRUE(contains(r.err, std::string(c.name))) << c.name;
  EXPECT_TRUE(contains(r.err, "GUID_DEVINTERFACE_DISK"));
  EXPECT_TRUE(contains(r.err, "any GUID"));
  EXPECT_TRUE(contains(r.err, "Linux subsystem"));
}

TEST(CliErrors, MissingDevicesAreRuntimeErrorsWithOneLine) {
  expect_error(cmnotify({"monitor", "--device", "/dev/does-not-exist"}), 1,
               "cannot open /dev/does-not-exist: No such file or directory");
  expect_error(cmnotify({"list", "--device", "/dev/does-not-exist"}), 1, "/dev/does-not-exist");
  expect_error(cmnotify({"info", "/dev/does-not-exist"}), 1, "/dev/does-not-exist");
  expect_error(cmnotify({"monitor", "--device", "/proc/self/status"}), 1, "is not a device");
  expect_error(cmnotify({"info", "/sys/devices"}), 1, "is not a device");
  expect_error(cmnotify({"info", "SWD\\NET\\CMNOTIFY-NO-SUCH-DEVICE"}), 1,
               "no present device has the instance ID SWD\\NET\\CMNOTIFY-NO-SUCH-DEVICE");
  // The shell ate the backslashes: say how to write them.
  expect_error(cmnotify({"info", "SWDNETLO"}), 1, "quote them");
  // Nothing matches: one line, exit 1.
  expect_error(cmnotify({"list", "--instance", "SWD\\NET\\NOPE"}), 1,
               "no present device matches the filters");
  expect_error(cmnotify({"list", "--json", "--instance", "SWD\\NET\\NOPE"}), 1,
               "no present device matches the filters");
  expect_error(cmnotify({"info", "cmnotify-no-such-name"}), 1,
               "no device is named cmnotify-no-such-name");
  expect_error(
      cmnotify({"info",
                "\\\\?\\SWD#NET#CMNOTIFY-NO-SUCH-DEVICE#{cac88484-7515-4c03-82e6-71a87abac361}"}),
      1, "no present device has the interface");
}

TEST(CliErrors, PermissionProblemsSaySoInOneLine) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: makes a root-only device node";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "needs setpriv (util-linux)";
  char dir[] = "/tmp/cmnotify-cli-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  const std::string node = std::string(dir) + "/null";
  ASSERT_EQ(::mknod(node.c_str(), S_IFCHR | 0600, makedev(1, 3)), 0);
  ASSERT_EQ(::chmod(dir, 0700), 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"info", node},
        std::vector<std::string>{"monitor", "--device", node}}) {
    std::vector<std::string> argv = {"setpriv", "--reuid=nobody", "--regid=nogroup",
                                     "--clear-groups", CMNOTIFY_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_error(run_program(argv), 1, "cannot open " + node + ": Permission denied");
  }
  // Root reaches the same node: it is /dev/null's device.
  const RunResult root = cmnotify({"info", "--json", node});
  EXPECT_EQ(root.status.code, 0) << root.err;
  EXPECT_EQ(Json::parse(root.out)["device"]["syspath"], "/sys/devices/virtual/mem/null");
  fs::remove_all(dir);
}

TEST(CliList, EveryNetInterfaceAppearsWithItsSyspathAndLinks) {
  RunResult r;
  const auto net = stable_entries("net", [&] { r = cmnotify({"list", "--json"}); });
  ASSERT_EQ(r.status.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const Json j = Json::parse(r.out);
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["type"], "list");
  const auto devices = by_syspath(j["devices"]);
  ASSERT_FALSE(net.empty());
  for (const std::string& name : net) {
    SCOPED_TRACE(name);
    const std::string syspath = fs::canonical("/sys/class/net/" + name);
    ASSERT_EQ(devices.count(syspath), 1u);
    const Json& d = devices.at(syspath);
    EXPECT_EQ(d["subsystem"], "net");
    EXPECT_TRUE(d["devnode"].is_null());
    bool has_net = false;
    for (const Json& i : d["interfaces"]) {
      if (i["class_name"] != "net") continue;
      has_net = true;
      EXPECT_EQ(i["class_guid"], "{cac88484-7515-4c03-82e6-71a87abac361}");
      EXPECT_EQ(i["symbolic_link"],
                symbolic_link_of(d["instance_id"], "{cac88484-7515-4c03-82e6-71a87abac361}"));
    }
    EXPECT_TRUE(has_net);
  }
  // Every device: the documented keys, and a parent that is listed too.
  std::set<std::string> ids;
  for (const Json& d : j["devices"]) ids.insert(d["instance_id"].get<std::string>());
  for (const Json& d : j["devices"]) {
    for (const char* key :
         {"instance_id", "parent_instance_id", "description", "manufacturer", "hardware_ids",
          "compatible_ids", "setup_class", "setup_class_name", "started", "interfaces", "syspath",
          "parent_syspath", "subsystem", "devtype", "driver", "devnode", "major", "minor"})
      EXPECT_TRUE(d.contains(key)) << key << " in " << d["syspath"];
    EXPECT_FALSE(d.contains("properties"));
    if (!d["parent_instance_id"].is_null()) {
      EXPECT_EQ(ids.count(d["parent_instance_id"]), 1u);
    }
  }
}

TEST(CliList, BlockDevicesHaveTheirNodeAndNumbers) {
  RunResult r;
  const auto block = stable_entries("block", [&] {
    r = cmnotify({"list", "--json", "--properties"});
  });
  ASSERT_EQ(r.status.code, 0) << r.err;
  const auto devices = by_syspath(Json::parse(r.out)["devices"]);
  for (const std::string& name : block) {
    SCOPED_TRACE(name);
    const std::string syspath = fs::canonical("/sys/class/block/" + name);
    ASSERT_EQ(devices.count(syspath), 1u);
    const Json& d = devices.at(syspath);
    EXPECT_EQ(d["subsystem"], "block");
    EXPECT_EQ(d["devnode"], "/dev/" + name);
    EXPECT_EQ(std::to_string(d["major"].get<int>()) + ":" + std::to_string(d["minor"].get<int>()),
              read_line(syspath + "/dev"));
    EXPECT_EQ(d["properties"]["DEVNAME"], "/dev/" + name);  // one convention: the /dev path
  }
}

TEST(CliList, InterfaceFilterSelectsExactlyTheNetDevices) {
  RunResult r;
  const auto net = stable_entries("net", [&] {
    r = cmnotify({"list", "--interface", "net", "--json"});
  });
  ASSERT_EQ(r.status.code, 0) << r.err;
  const Json j = Json::parse(r.out);
  for (const Json& d : j["devices"]) EXPECT_EQ(d["subsystem"], "net");
  const auto devices = by_syspath(j["devices"]);
  for (const std::string& name : net)
    EXPECT_EQ(devices.count(fs::canonical("/sys/class/net/" + name)), 1u) << name;
  // The text form names the same devices, without colour in a pipe.
  const RunResult text = cmnotify({"list", "--interface", "net"});
  ASSERT_EQ(text.status.code, 0);
  EXPECT_FALSE(contains(text.out, "\x1b["));
  for (const std::string& name : net)
    EXPECT_TRUE(contains(text.out, fs::canonical("/sys/class/net/" + name).string())) << name;
}

TEST(CliList, TreeNestsChildrenUnderTheirParents) {
  const RunResult r = cmnotify({"list", "--tree", "--json"});
  ASSERT_EQ(r.status.code, 0) << r.err;
  std::size_t count = 0;
  std::function<void(const Json&, const Json*)> walk = [&](const Json& nodes, const Json* parent) {
    for (const Json& n : nodes) {
      ++count;
      if (parent) {
        EXPECT_EQ(n["parent_instance_id"], (*parent)["instance_id"]);
      } else {
        EXPECT_TRUE(n["parent_instance_id"].is_null()) << n["instance_id"];
      }
      walk(n["children"], &n);
    }
  };
  walk(Json::parse(r.out)["devices"], nullptr);
  EXPECT_GT(count, 10u);

  const RunResult text = cmnotify({"list", "--tree"});
  ASSERT_EQ(text.status.code, 0);
  const std::regex line(R"(^((\|   |    )*(\|-- |`-- ))?[^ |`].*)");
  for (const std::string& l : lines_of(text.out)) EXPECT_TRUE(std::regex_match(l, line)) << l;
  EXPECT_TRUE(contains(text.out, "\nSWD\\NET\\LO  lo  [net]\n")) << "lo is a root";
}

TEST(CliList, ClassesMayBeGivenInEveryForm) {
  // Friendly, SDK, GUID and subsystem forms, comma-separated with spaces, repeated: one class.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-i", "net"},
        std::vector<std::string>{"-i", "GUID_DEVINTERFACE_NET"},
        std::vector<std::string>{"-i", "{CAC88484-7515-4C03-82E6-71A87ABAC361}"},
        std::vector<std::string>{"-i", "net, guid_devinterface_net", "--interface", "NET"}}) {
    std::vector<std::string> command = {"list", "--json"};
    command.insert(command.end(), args.begin(), args.end());
    const RunResult r = cmnotify(command);
    ASSERT_EQ(r.status.code, 0) << r.err;
    const Json devices = Json::parse(r.out)["devices"];
    ASSERT_FALSE(devices.empty());
    for (const Json& d : devices) EXPECT_EQ(d["subsystem"], "net");
  }
  const RunResult mem = cmnotify({"list", "--json", "-i", "mem"});  // a Linux subsystem
  ASSERT_EQ(mem.status.code, 0) << mem.err;
  const Json mem_list = Json::parse(mem.out);  // named: a range-for would not keep it alive
  for (const Json& d : mem_list["devices"]) EXPECT_EQ(d["subsystem"], "mem");
  const RunResult sub = cmnotify({"list", "--json", "-i", "subsystem:net"});
  ASSERT_EQ(sub.status.code, 0) << sub.err;
  const Json sub_list = Json::parse(sub.out);
  for (const Json& d : sub_list["devices"]) EXPECT_EQ(d["subsystem"], "net");
}

TEST(CliInfo, DevNullIsTheMemDevice) {
  const RunResult text = cmnotify({"info", "/dev/null"});
  ASSERT_EQ(text.status.code, 0) << text.err;
  for (const char* part : {"Windows identity", "instance ID", "Interfaces", "Linux identity",
                           "/sys/devices/virtual/mem/null", "Properties"})
    EXPECT_TRUE(contains(text.out, part)) << part;
  EXPECT_TRUE(std::regex_search(text.out, std::regex(R"(\n +subsystem +mem\n)")));
  EXPECT_TRUE(std::regex_search(text.out, std::regex(R"(\n +devnode +/dev/null\n)")));
  EXPECT_TRUE(std::regex_search(text.out, std::regex(R"(\n +major:minor +1:3\n)")));
  const RunResult json = cmnotify({"info", "--json", "/dev/null"});
  ASSERT_EQ(json.status.code, 0);
  const Json j = Json::parse(json.out);
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["type"], "info");
  EXPECT_EQ(j["device"]["subsystem"], "mem");
  EXPECT_EQ(j["device"]["devnode"], "/dev/null");
  EXPECT_EQ(j["device"]["major"], 1);
  EXPECT_EQ(j["device"]["minor"], 3);
  EXPECT_EQ(j["device"]["syspath"], "/sys/devices/virtual/mem/null");
  EXPECT_EQ(j["device"]["properties"]["DEVNAME"], "/dev/null");
  // list selects the same one device by handle.
  const RunResult list = cmnotify({"list", "--json", "--device", "/dev/null"});
  ASSERT_EQ(list.status.code, 0) << list.err;
  const Json devices = Json::parse(list.out)["devices"];
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(devices[0]["syspath"], "/sys/devices/virtual/mem/null");
}

TEST(CliInfo, LoopbackByPathInstanceIdAndSymbolicLink) {
  const std::string link = "\\\\?\\SWD#NET#LO#{cac88484-7515-4c03-82e6-71a87abac361}";
  for (const std::string& name : {std::string("/sys/class/net/lo"), std::string("SWD\\NET\\LO"),
                                  std::string("swd/net/lo"), link}) {
    SCOPED_TRACE(name);
    const RunResult r = cmnotify({"info", "--json", name});
    ASSERT_EQ(r.status.code, 0) << r.err;
    const Json d = Json::parse(r.out)["device"];
    EXPECT_EQ(d["instance_id"], "SWD\\NET\\LO");
    EXPECT_EQ(d["syspath"], "/sys/devices/virtual/net/lo");
    EXPECT_EQ(d["subsystem"], "net");
    EXPECT_TRUE(d["devnode"].is_null());
    EXPECT_EQ(d["setup_class_name"], "Net");
    EXPECT_EQ(d["interfaces"][0]["symbolic_link"], link);
  }
}

TEST(CliInfo, EveryNetInterfaceByItsSysfsDirectory) {
  for (const std::string& name : class_entries("net")) {
    const std::string syspath = fs::canonical("/sys/class/net/" + name);
    const RunResult r = cmnotify({"info", "--json", "/sys/class/net/" + name});
    if (!fs::exists(syspath)) continue;  // someone removed it meanwhile
    ASSERT_EQ(r.status.code, 0) << r.err;
    const Json d = Json::parse(r.out)["device"];
    EXPECT_EQ(d["syspath"], syspath);
    EXPECT_EQ(d["properties"]["INTERFACE"], name);
  }
}

TEST(CliMonitor, TimeoutBeforeCountExits124AndTimeoutAloneExitsZero) {
  const RunResult short_of_count =
      cmnotify({"monitor", "--json", "--instance", "SWD\\NET\\CMNOTIFY-NEVER", "--count", "1",
                "--timeout", "0.3"});
  EXPECT_TRUE(short_of_count.status.exited);
  EXPECT_EQ(short_of_count.status.code, 124) << short_of_count.err;
  const auto lines = lines_of(short_of_count.out);
  ASSERT_EQ(lines.size(), 2u) << short_of_count.out;
  EXPECT_EQ(Json::parse(lines[0])["type"], "start");
  const Json end = Json::parse(lines[1]);
  EXPECT_EQ(end["type"], "end");
  EXPECT_EQ(end["reason"], "timeout");
  EXPECT_EQ(end["events"], 0);

  const RunResult timeout =
      cmnotify({"monitor", "--instance", "SWD\\NET\\CMNOTIFY-NEVER", "--timeout", "0.3"});
  EXPECT_EQ(timeout.status.code, 0) << timeout.err;
  EXPECT_TRUE(contains(timeout.out, "(--timeout reached)"));
  EXPECT_FALSE(contains(timeout.out, "\x1b["));
}

void expect_signal_summary(int signal, const std::string& name) {
  ChildProcess monitor({CMNOTIFY_CLI, "monitor"});
  // The summary is written once every registration is open.
  ASSERT_TRUE(monitor.wait_for_stdout_text("\nTIME ")) << monitor.out() << monitor.err();
  EXPECT_EQ(monitor.out().rfind("cmnotify monitor: ", 0), 0u);
  EXPECT_TRUE(contains(monitor.out(), " devices present"));
  monitor.send_signal(signal);
  const ExitStatus status = monitor.wait();
  EXPECT_TRUE(status.exited) << "ended by signal " << status.signal;
  EXPECT_EQ(status.code, 0);
  EXPECT_EQ(monitor.err(), "");
  EXPECT_TRUE(contains(monitor.out(), "(stopped by " + name + ")")) << monitor.out();
  for (const char* part : {"per action", "receive buffer", "rejected", "overflows", "resyncs"})
    EXPECT_TRUE(contains(monitor.out(), part)) << part;
}

// The end record of a monitor that ran for `seconds` with `args`; fails the test on any other end.
Json end_record(std::vector<std::string> args, std::vector<std::string> environment = {}) {
  args.insert(args.begin(),
              {"monitor", "--json", "--instance", "SWD\\NET\\CMNOTIFY-NEVER", "--timeout", "0.3"});
  const RunResult r = cmnotify(args, environment);
  EXPECT_EQ(r.status.code, 0) << r.err;
  const auto lines = lines_of(r.out);
  if (lines.size() != 2) {
    ADD_FAILURE() << r.out << r.err;
    return Json::object();
  }
  return Json::parse(lines[1]);
}

// --source forces one group (SourceConfig::group): the end record says which, since when and
// why, and counts nothing from the other group. It wins over CMNOTIFY_NETLINK_GROUP, which only
// decides when --source is auto.
TEST(CliMonitor, SourceOptionChoosesTheGroupTheEndRecordReports) {
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> environment;
    std::string group;
  };
  const std::vector<Case> cases = {
      {{"--source", "kernel"}, {}, "kernel"},
      {{"--source", "udev"}, {}, "udev"},
      {{"--source", "kernel"}, {"CMNOTIFY_NETLINK_GROUP=udev"}, "kernel"},
      {{"--source", "auto"}, {"CMNOTIFY_NETLINK_GROUP=kernel"}, "kernel"},
      {{}, {"CMNOTIFY_NETLINK_GROUP=udev"}, "udev"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.group + " from " + ::testing::PrintToString(c.args) +
                 ::testing::PrintToString(c.environment));
    const Json source = end_record(c.args, c.environment)["source"];
    ASSERT_TRUE(source.contains("groups")) << source;
    ASSERT_EQ(source["groups"].size(), 1u) << source;
    EXPECT_EQ(source["groups"][0]["group"], c.group);
    EXPECT_EQ(source["groups"][0]["reason"], "configured");
    EXPECT_TRUE(std::regex_match(source["groups"][0]["since"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}.*)")))
        << source["groups"][0]["since"];
    EXPECT_EQ(source["description"], "netlink " + c.group + " group");
    EXPECT_EQ(source["group_switches"], 0);
    EXPECT_EQ(source["duplicates"], 0);
    EXPECT_EQ(source["udev_late"], 0);
    EXPECT_EQ(source[c.group == "kernel" ? "from_udev" : "from_kernel"], 0);
  }
  // --source auto leaves a bad variable to the source, which says what is wrong (exit 1).
  expect_error(cmnotify({"monitor", "--source", "auto", "--timeout", "0.3"},
                        {"CMNOTIFY_NETLINK_GROUP=bogus"}),
               1, "CMNOTIFY_NETLINK_GROUP=\"bogus\" is not a netlink group");
}

// The text summary counts the copies of each uevent by group, as the JSON end record does.
TEST(CliMonitor, TextSummaryCountsEachGroup) {
  const RunResult r = cmnotify({"monitor", "--source", "kernel", "--instance",
                                "SWD\\NET\\CMNOTIFY-NEVER", "--timeout", "0.3"});
  EXPECT_EQ(r.status.code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(groups +\d+ from kernel, 0 from udev, 0 duplicates dropped, 0 late )"
                        R"(from udevd, 0 switches\n)")))
      << r.out;
  EXPECT_TRUE(contains(r.out, "source: netlink kernel group)")) << r.out;
}

TEST(CliMonitor, SigintEndsItWithTheSummary) { expect_signal_summary(SIGINT, "SIGINT"); }
TEST(CliMonitor, SigtermEndsItWithTheSummary) { expect_signal_summary(SIGTERM, "SIGTERM"); }

TEST(CliMonitor, SigtermEndsJsonWithAnEndRecord) {
  ChildProcess monitor({CMNOTIFY_CLI, "monitor", "--json"});
  ASSERT_TRUE(monitor.wait_for_stdout([](const std::string& out) { return contains(out, "}\n"); }));
  monitor.send_signal(SIGTERM);
  const ExitStatus status = monitor.wait();
  EXPECT_EQ(status.code, 0);
  const auto lines = lines_of(monitor.out());
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(Json::parse(lines.front())["type"], "start");
  const Json end = Json::parse(lines.back());
  EXPECT_EQ(end["schema"], 1);
  EXPECT_EQ(end["type"], "end");
  EXPECT_EQ(end["reason"], "signal");
  EXPECT_EQ(end["signal"], "SIGTERM");
  for (const char* key : {"description", "messages", "accepted", "rejected", "overflows", "resyncs",
                          "resync_events", "receive_buffer_bytes", "devices", "from_kernel",
                          "from_udev", "duplicates", "udev_late", "group_switches", "groups"})
    EXPECT_TRUE(end["source"].contains(key)) << key;
  EXPECT_GT(end["source"]["receive_buffer_bytes"].get<std::uint64_t>(), 0u);
}

}  // namespace
}  // namespace cmnotify::testing

namespace cmnotify::testing {
namespace {

std::string instance_of_json(const RunResult& r) {
  return Json::parse(r.out)["device"]["instance_id"].get<std::string>();
}

// info finds one device however it is named: kernel name, node, a link to a node, sysfs path,
// instance ID (also with JSON's doubled backslashes, or / for \), symbolic link (also doubled).
TEST(CliInfo, AcceptsEveryWayOfNamingADevice) {
  const std::vector<std::string> names_of_lo = {
      "lo",
      "/sys/class/net/lo",
      "/sys/devices/virtual/net/lo",
      "SWD\\NET\\LO",
      "SWD\\\\NET\\\\LO",
      "swd/net/lo",
      "\\\\?\\SWD#NET#LO#{cac88484-7515-4c03-82e6-71a87abac361}",
      "\\\\\\\\?\\\\SWD#NET#LO#{cac88484-7515-4c03-82e6-71a87abac361}",
  };
  for (const std::string& name : names_of_lo) {
    SCOPED_TRACE(name);
    const RunResult r = cmnotify({"info", "--json", name});
    ASSERT_EQ(r.status.code, 0) << r.err;
    EXPECT_EQ(instance_of_json(r), "SWD\\NET\\LO");
  }
  const RunResult null_node = cmnotify({"info", "--json", "/dev/null"});
  ASSERT_EQ(null_node.status.code, 0) << null_node.err;
  EXPECT_EQ(instance_of_json(cmnotify({"info", "--json", "null"})), instance_of_json(null_node));
  // A symbolic link to a node, as /dev/disk/by-* are.
  const fs::path link = fs::temp_directory_path() / ("cmnotify-link-" + std::to_string(::getpid()));
  fs::create_symlink("/dev/null", link);
  EXPECT_EQ(instance_of_json(cmnotify({"info", "--json", link.string()})),
            instance_of_json(null_node));
  fs::remove(link);
  if (fs::exists("/sys/class/block/vda")) {
    EXPECT_EQ(instance_of_json(cmnotify({"info", "--json", "vda"})),
              instance_of_json(cmnotify({"info", "--json", "/dev/vda"})));
  }
}

TEST(CliInfo, PropertiesAreAcceptedByEveryCommand) {
  const RunResult info = cmnotify({"info", "--properties", "lo"});
  EXPECT_EQ(info.status.code, 0) << info.err;
  EXPECT_TRUE(contains(info.out, "INTERFACE")) << info.out;
  const RunResult list = cmnotify({"list", "--properties", "-i", "net"});
  EXPECT_EQ(list.status.code, 0) << list.err;
  EXPECT_TRUE(contains(list.out, "INTERFACE=lo")) << list.out;
  const RunResult plain = cmnotify({"list", "-i", "net"});
  EXPECT_FALSE(contains(plain.out, "INTERFACE=lo")) << plain.out;
  // monitor: the properties under each text event line.
  const RunResult monitor =
      cmnotify({"monitor", "--present", "--properties", "--instance", "SWD\\NET\\LO", "-n", "1"});
  EXPECT_EQ(monitor.status.code, 0) << monitor.err;
  EXPECT_TRUE(contains(monitor.out, "INTERFACE=lo")) << monitor.out;
  const RunResult json = cmnotify(
      {"monitor", "--json", "--present", "--properties", "--instance", "SWD\\NET\\LO", "-n", "1"});
  EXPECT_TRUE(contains(json.out, "\"INTERFACE\":\"lo\"")) << json.out;
}

TEST(CliClasses, ListsEveryNamedClassAndTheSubsystems) {
  const RunResult text = cmnotify({"classes"});
  ASSERT_EQ(text.status.code, 0) << text.err;
  const RunResult json = cmnotify({"classes", "--json"});
  ASSERT_EQ(json.status.code, 0) << json.err;
  const Json doc = Json::parse(json.out);
  EXPECT_EQ(doc["type"], "classes");
  std::map<std::string, Json> by_name;
  for (const Json& c : doc["classes"]) by_name[c["name"].get<std::string>()] = c;
  for (const NamedInterfaceClass& c : named_interface_classes()) {
    SCOPED_TRACE(std::string(c.name));
    ASSERT_TRUE(by_name.count(std::string(c.name)));
    EXPECT_EQ(by_name[std::string(c.name)]["guid"], c.guid.to_string());
    EXPECT_EQ(by_name[std::string(c.name)]["sdk_name"], std::string(c.sdk_name));
    EXPECT_TRUE(contains(text.out, c.guid.to_string()));
  }
  ASSERT_TRUE(by_name.count("subsystem:net"));
  EXPECT_EQ(by_name["subsystem:net"]["guid"], subsystem_interface_class("net").to_string());
  EXPECT_TRUE(by_name["subsystem:net"]["sdk_name"].is_null());
}

// The synopsis: README, docs/cli.md and --help say it word for word alike; the examples of
// every --help run on this machine.
std::string block_after(const std::string& text, const std::string& heading) {
  const std::size_t at = text.find(heading);
  if (at == npos) return {};
  const std::size_t open = text.find("```\n", at);
  const std::size_t close = text.find("```", open + 4);
  return text.substr(open + 4, close - open - 4);
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(CliHelp, TheSynopsisIsTheSameEverywhere) {
  const std::string help = cmnotify({"--help"}).out;
  const std::size_t at = help.find("Synopsis:\n");
  ASSERT_NE(at, npos) << help;
  const std::string synopsis = help.substr(at + 10, help.find("\n\n", at) - at - 9);
  EXPECT_TRUE(contains(synopsis, "cmnotify info DEVICE")) << synopsis;
  EXPECT_EQ(block_after(file_text(CMNOTIFY_SOURCE_DIR "/README.md"), "## The command"), synopsis);
  EXPECT_EQ(block_after(file_text(CMNOTIFY_SOURCE_DIR "/docs/cli.md"), "## Synopsis"), synopsis);
  const std::string info = cmnotify({"info", "--help"}).out;
  EXPECT_TRUE(contains(info, "Usage: cmnotify info [OPTIONS] DEVICE\n")) << "DEVICE is required";
  EXPECT_FALSE(contains(info, "DEVICE DEVICE")) << info;
}

// The columns a line takes: one per UTF-8 character.
std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The commands the top-level --help lists, so that a new one is checked too.
std::vector<std::string> listed_commands() {
  std::vector<std::string> commands;
  bool in_list = false;
  for (const std::string& line : lines_of(cmnotify({"--help"}).out)) {
    if (line == "Commands:") {
      in_list = true;
    } else if (in_list && line.rfind("  ", 0) == 0 && line[2] != ' ') {
      commands.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (in_list && line.find_first_not_of(' ') == npos) {
      break;
    }
  }
  return commands;
}

TEST(CliHelp, EveryLineFitsEightyColumns) {
  const std::vector<std::string> commands = listed_commands();
  EXPECT_EQ(commands, (std::vector<std::string>{"monitor", "list", "info", "classes"}));
  std::vector<std::vector<std::string>> helps = {{"--help"}, {"-h"}};
  for (const std::string& command : commands) helps.push_back({command, "--help"});
  for (const std::vector<std::string>& args : helps) {
    SCOPED_TRACE(args.front());
    // The width of the terminal does not change the help: it always fits 80 columns.
    for (const char* columns_set : {"COLUMNS=80", "COLUMNS=200"}) {
      const RunResult r = cmnotify(args, {columns_set});
      ASSERT_EQ(r.status.code, 0) << r.err;
      const std::vector<std::string> lines = lines_of(r.out);
      EXPECT_GT(lines.size(), 10u) << r.out;
      for (const std::string& line : lines) EXPECT_LE(columns(line), 80u) << line;
    }
  }
}

// Nothing the help said before it fitted 80 columns is lost: each explanation still follows its
// example, on its line or the next.
TEST(CliHelp, LongExamplesHaveTheirExplanationOnTheNextLine) {
  const std::string info = cmnotify({"info", "--help"}).out;
  EXPECT_TRUE(contains(info,
                       "  cmnotify info '\\\\?\\SWD#NET#LO#{cac88484-7515-4c03-82e6-"
                       "71a87abac361}'\n                                    by symbolic "
                       "link\n"))
      << info;
  EXPECT_TRUE(contains(info, "  cmnotify info lo                  by kernel name")) << info;
  const std::string monitor = cmnotify({"monitor", "--help"}).out;
  EXPECT_TRUE(contains(monitor,
                       "  cmnotify monitor --json |\n    jq -c 'select(.type == "
                       "\"event\") | [.action, .instance_id]'\n"))
      << monitor;
  EXPECT_TRUE(contains(monitor, "CMNOTIFY_NETLINK_GROUP")) << monitor;
  EXPECT_TRUE(contains(monitor, "(udevd's only: a warning on")) << monitor;
}

// info at a narrow width (and a very narrow one): every line fits, and every value is there whole,
// a long one on lines of its own under its label (only the spaces where it is broken are layout).
TEST(CliInfo, NarrowTerminalsStackLongValuesWhole) {
  const RunResult json = cmnotify({"info", "--json", "lo"});
  ASSERT_EQ(json.status.code, 0) << json.err;
  std::vector<std::string> values;
  const Json device = Json::parse(json.out)["device"];
  for (const char* key : {"instance_id", "syspath", "parent_syspath", "subsystem"})
    if (device.contains(key) && device[key].is_string()) values.push_back(device[key]);
  for (const Json& i : device["interfaces"]) values.push_back(i["symbolic_link"]);
  ASSERT_GE(values.size(), 3u) << json.out;
  auto without_spaces = [](std::string text) {
    std::erase_if(text, [](char c) { return c == ' ' || c == '\n'; });
    return text;
  };
  bool stacked = false;
  for (const std::size_t width : {12u, 40u, 80u}) {
    SCOPED_TRACE(width);
    const RunResult r = cmnotify({"info", "lo"}, {"COLUMNS=" + std::to_string(width)});
    ASSERT_EQ(r.status.code, 0) << r.err;
    for (const std::string& line : lines_of(r.out)) EXPECT_LE(columns(line), width) << line;
    const std::string all = without_spaces(r.out);
    for (const std::string& value : values)
      EXPECT_TRUE(contains(all, without_spaces(value))) << value << "\n" << r.out;
    for (const std::string& line : lines_of(r.out))
      if (width == 40 && line.rfind("      \\\\?\\SWD#NET#LO#", 0) == 0) stacked = true;
  }
  EXPECT_TRUE(stacked) << "at 40 columns lo's symbolic link is on lines of its own";
}

TEST(CliHelp, EveryExampleOfInfoAndListRunsHere) {
  for (const char* command : {"", "list", "info", "classes"}) {
    std::vector<std::string> args;
    if (*command != '\0') args.push_back(command);
    args.push_back("--help");
    const std::string help = cmnotify(args).out;
    for (const std::string& line : lines_of(help)) {
      // "  cmnotify info lo    text": the words up to the two spaces before the text.
      if (line.rfind("  cmnotify ", 0) != 0) continue;
      if (!contains(line, "cmnotify info") && !contains(line, "cmnotify list") &&
          !contains(line, "cmnotify classes"))
        continue;
      if (contains(line, "|")) continue;  // a pipeline into jq
      std::string example = line.substr(2, line.find("   ", 2) - 2);
      SCOPED_TRACE(example);
      const RunResult r = run_program(
          {"bash", "-c", example + " >/dev/null"},
          {"PATH=" + fs::path(CMNOTIFY_CLI).parent_path().string() + ":" + std::getenv("PATH")});
      EXPECT_EQ(r.status.code, 0) << r.err;
    }
  }
}

}  // namespace
}  // namespace cmnotify::testing
