// One view of each device (root, label kernel): the same tap interface seen through `info`,
// `list`, `monitor --present` and a live `monitor` event, compared field by field, without udevd
// (the kernel's properties everywhere) and with a systemd-udevd the test starts and stops (udev's
// properties, tags and links everywhere).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
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

// The fields every view of a device carries (an event record has fewer than info's device).
const std::vector<std::string> kSharedFields = {"instance_id",    "parent_instance_id",
                                                "description",    "syspath",
                                                "parent_syspath", "subsystem",
                                                "devtype",        "driver",
                                                "devnode",        "major",
                                                "minor",          "properties"};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

Json run_json(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {CMNOTIFY_CLI};
  argv.insert(argv.end(), args.begin(), args.end());
  const RunResult r = run_program(argv);
  EXPECT_EQ(r.status.code, 0) << r.err;
  return r.status.code == 0 ? Json::parse(r.out) : Json::object();
}

// The first event record of a monitor's JSON lines.
Json first_event(const std::string& out) {
  for (const std::string& line : lines_of(out)) {
    const Json record = Json::parse(line);
    if (record["type"] == "event") return record;
  }
  return Json::object();
}

// Every view of the tap `name`, each reduced to kSharedFields, in the order live, present, info,
// list; `name` must not exist yet (the live view is its arrival).
std::vector<std::pair<std::string, Json>> views_of_new_tap(const std::string& name) {
  const std::string instance = "SWD\\NET\\" + upper(name);
  std::vector<std::pair<std::string, Json>> views;
  ChildProcess live({CMNOTIFY_CLI, "monitor", "--json", "--properties", "--instance", instance,
                     "--count", "1", "--timeout", "20"});
  if (!live.wait_for_stdout_text("\n")) {
    ADD_FAILURE() << "monitor did not start: " << live.err();
    return views;
  }
  TapInterface tap(name);
  const ExitStatus status = live.wait();
  EXPECT_EQ(status.code, 0) << live.err();
  views.emplace_back("live event", first_event(live.out()));
  const RunResult present =
      run_program({CMNOTIFY_CLI, "monitor", "--json", "--properties", "--present", "--instance",
                   instance, "--count", "1", "--timeout", "20"});
  EXPECT_EQ(present.status.code, 0) << present.err;
  views.emplace_back("monitor --present", first_event(present.out));
  views.emplace_back("info", run_json({"info", "--json", name})["device"]);
  Json listed = Json::object();
  const Json list = run_json({"list", "--json", "--properties", "-i", "net"});
  for (const Json& d : list.value("devices", Json::array()))
    if (d["instance_id"] == instance) listed = d;
  views.emplace_back("list", listed);
  for (auto& [what, view] : views) {
    Json shared = Json::object();
    for (const std::string& field : kSharedFields)
      if (view.contains(field)) shared[field] = view[field];
    view = std::move(shared);
  }
  return views;
}

// Each view equals the live event's, field by field (a property by key), naming any difference.
void expect_one_view(const std::vector<std::pair<std::string, Json>>& views) {
  ASSERT_EQ(views.size(), 4u);
  const Json& live = views[0].second;
  ASSERT_EQ(live.size(), kSharedFields.size()) << "live event: " << live.dump();
  for (std::size_t i = 1; i < views.size(); ++i) {
    const auto& [what, view] = views[i];
    SCOPED_TRACE(what + " against the live event");
    ASSERT_EQ(view.size(), kSharedFields.size()) << view.dump();
    for (const std::string& field : kSharedFields) {
      if (field == "properties") continue;
      EXPECT_EQ(view[field], live[field]) << field;
    }
    for (const auto& [key, value] : live["properties"].items())
      EXPECT_EQ(view["properties"].value(key, Json("(missing)")), value) << "property " << key;
    for (const auto& [key, value] : view["properties"].items())
      EXPECT_TRUE(live["properties"].contains(key))
          << "property " << key << "=" << value << " not in the live event";
  }
}

class CliOneView : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: creates tap interfaces, starts udevd";
    if (linux_source::udevd_answers("/run/udev/control"))
      GTEST_SKIP() << "systemd-udevd already runs: this test starts and stops its own";
  }
};

TEST_F(CliOneView, WithoutUdevdEveryViewHasTheKernelsFields) {
  const auto views = views_of_new_tap("cmnview" + std::to_string(::getpid() % 10000));
  expect_one_view(views);
  ASSERT_FALSE(views.empty());
  const Json& properties = views[0].second["properties"];
  EXPECT_EQ(properties.value("INTERFACE", ""), views[0].second["syspath"].get<std::string>().substr(
                                                   sizeof "/sys/devices/virtual/net/" - 1));
  EXPECT_FALSE(properties.contains("ID_NET_DRIVER")) << "no udevd, no udev properties";
}

TEST_F(CliOneView, WithUdevdEveryViewHasUdevsProperties) {
  if (::access("/lib/systemd/systemd-udevd", X_OK) != 0)
    GTEST_SKIP() << "no /lib/systemd/systemd-udevd";
  UdevDaemon udevd;
  ASSERT_TRUE(udevd.running()) << udevd.error();
  const auto views = views_of_new_tap("cmnviewu" + std::to_string(::getpid() % 10000));
  expect_one_view(views);
  ASSERT_FALSE(views.empty());
  const Json& properties = views[0].second["properties"];
  EXPECT_TRUE(properties.contains("USEC_INITIALIZED")) << "udev's properties: " << properties;
  EXPECT_TRUE(properties.contains("ID_NET_DRIVER")) << properties;
}

}  // namespace
}  // namespace cmnotify::testing
