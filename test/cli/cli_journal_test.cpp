// cmnotify monitor --journal against a real journald: a tap interface comes and goes, and the
// records are read back with journalctl, field by field. Root (taps, journald); starts
// systemd-journald itself when none runs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/child_process.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kArrivalId = "c7bd435c408a46e4a5ce796ec9661a56";  // docs/cli.md
constexpr const char* kRemovalId = "eb296adcdb8446c3a35a43bb3311acc4";

// Whether a journald answers on its socket (a socket file left by one that died does not).
bool journald_socket() {
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, "/run/systemd/journal/socket");
  const bool answers =
      ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return answers;
}

// Starts a daemon that outlives the test, in its own session, with only /dev/null for its
// standard descriptors: it must not inherit ours (the device lock the test runner holds above
// all, which a daemon keeping it open would hold for ever).
void start_detached(const char* path) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setsid();
    const int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
    ::close_range(3, ~0U, 0);
    ::execl(path, path, static_cast<char*>(nullptr));
    ::_exit(127);
  }
}

// journald, started by hand when the machine has none running (a container, CI).
void ensure_journald() {
  if (journald_socket()) return;
  ASSERT_EQ(::access("/lib/systemd/systemd-journald", X_OK), 0) << "needs systemd-journald";
  start_detached("/lib/systemd/systemd-journald");
  for (int i = 0; i < 100 && !journald_socket(); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(journald_socket()) << "systemd-journald did not start";
}

// The records with this MESSAGE_ID and instance ID, as journalctl's JSON.
std::vector<Json> records(const std::string& message_id, const std::string& instance_id) {
  (void)run_program({"journalctl", "--sync"});
  const RunResult r =
      run_program({"journalctl", "-o", "json", "--no-pager", "MESSAGE_ID=" + message_id,
                   "CMNOTIFY_INSTANCE_ID=" + instance_id});
  std::vector<Json> out;
  for (const std::string& line : lines_of(r.out))
    if (!line.empty()) out.push_back(Json::parse(line));
  return out;
}

TEST(CliJournal, EachEventIsAStructuredRecord) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root: creates a tap interface and may start journald";
  ensure_journald();
  const std::string tap = "cmnjrnl" + std::to_string(::getpid() % 100000);
  std::string upper = tap;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string instance = "SWD\\NET\\" + upper;
  ChildProcess monitor({CMNOTIFY_CLI, "monitor", "--journal", "--instance", instance, "-i", "net",
                        "--count", "5", "--timeout", "30"});
  ASSERT_TRUE(monitor.wait_for_stdout_text("\nTIME ")) << monitor.out() << monitor.err();
  {
    TapInterface device(tap);
    std::this_thread::sleep_for(200ms);
  }
  const ExitStatus status = monitor.wait(40s);
  ASSERT_TRUE(status.exited);
  ASSERT_EQ(status.code, 0) << monitor.err();
  EXPECT_EQ(monitor.out().find("SWD#NET#" + upper), std::string::npos)
      << "events go to the journal, not stdout";

  std::vector<Json> arrivals;
  for (int i = 0; i < 50 && arrivals.empty(); ++i) {
    arrivals = records(kArrivalId, instance);
    if (arrivals.empty()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(arrivals.size(), 1u);
  const Json& a = arrivals[0];
  EXPECT_EQ(a["CMNOTIFY_ACTION"], "DEVICEINTERFACEARRIVAL");
  EXPECT_EQ(a["CMNOTIFY_ORIGIN"], "live");
  EXPECT_EQ(a["CMNOTIFY_SYMBOLIC_LINK"],
            "\\\\?\\SWD#NET#" + upper + "#{cac88484-7515-4c03-82e6-71a87abac361}");
  EXPECT_EQ(a["CMNOTIFY_CLASS_NAME"], "net");
  EXPECT_EQ(a["CMNOTIFY_CLASS_GUID"], "{cac88484-7515-4c03-82e6-71a87abac361}");
  EXPECT_EQ(a["CMNOTIFY_SUBSYSTEM"], "net");
  EXPECT_EQ(a["CMNOTIFY_SYSPATH"], "/sys/devices/virtual/net/" + tap);
  EXPECT_GT(std::stoull(a["CMNOTIFY_SEQNUM"].get<std::string>()), 0u) << "the kernel's SEQNUM";
  EXPECT_EQ(a["PRIORITY"], "6");
  EXPECT_EQ(records(kRemovalId, instance).size(), 1u);
  // The instance registration's records: their own MESSAGE_IDs, no symbolic link.
  const std::vector<Json> enumerated = records("6dfbf1dfc51f481499f6072d23a59fb9", instance);
  ASSERT_EQ(enumerated.size(), 1u);
  EXPECT_FALSE(enumerated[0].contains("CMNOTIFY_SYMBOLIC_LINK"));
  EXPECT_EQ(records("7f5890e006b140fabeed4cea4849518e", instance).size(), 1u);
}

}  // namespace
}  // namespace cmnotify::testing
