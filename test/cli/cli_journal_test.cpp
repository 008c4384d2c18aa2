// cmnotify monitor --journal against a real journald: a tap interface comes and goes, and the
// records are read back with journalctl, field by field. Root (taps, journald); starts
// systemd-journald itself when none runs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
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

// systemd-journald for one test when none runs (a container, CI), stopped again at its end even
// when the test fails. It runs in its own session with only /dev/null for its standard
// descriptors and every other descriptor closed: it must not inherit ours (the device lock the
// test runner holds above all).
class JournaldForTest {
 public:
  JournaldForTest() {
    if (journald_socket()) return;  // the machine's own: left alone
    if (::access(kJournald, X_OK) != 0) {
      error_ = "needs systemd-journald";
      return;
    }
    pid_ = ::fork();
    if (pid_ < 0) {
      error_ = "fork failed";
      return;
    }
    if (pid_ == 0) {
      ::setsid();
      const int null = ::open("/dev/null", O_RDWR);
      for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
      ::close_range(3, ~0U, 0);
      ::execl(kJournald, kJournald, static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !journald_socket(); ++i) std::this_thread::sleep_for(50ms);
    if (!journald_socket()) error_ = "systemd-journald did not start";
  }
  ~JournaldForTest() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(20ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  JournaldForTest(const JournaldForTest&) = delete;
  JournaldForTest& operator=(const JournaldForTest&) = delete;

  [[nodiscard]] const std::string& error() const noexcept { return error_; }

 private:
  static constexpr const char* kJournald = "/lib/systemd/systemd-journald";
  pid_t pid_ = -1;
  std::string error_;
};

// The records matching `matches` ("FIELD=value"), as journalctl's JSON, oldest first.
std::vector<Json> records_where(const std::vector<std::string>& matches) {
  (void)run_program({"journalctl", "--sync"});
  std::vector<std::string> command = {"journalctl", "-o", "json", "--no-pager"};
  command.insert(command.end(), matches.begin(), matches.end());
  const RunResult r = run_program(command);
  std::vector<Json> out;
  for (const std::string& line : lines_of(r.out))
    if (!line.empty()) out.push_back(Json::parse(line));
  return out;
}

// The records with this MESSAGE_ID and instance ID.
std::vector<Json> records(const std::string& message_id, const std::string& instance_id) {
  return records_where({"MESSAGE_ID=" + message_id, "CMNOTIFY_INSTANCE_ID=" + instance_id});
}

std::uint64_t number(const Json& record, const char* field) {
  return record.contains(field) ? std::stoull(record[field].get<std::string>()) : 0;
}

TEST(CliJournal, EachEventIsAStructuredRecord) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root: creates a tap interface and may start journald";
  const JournaldForTest journald;
  ASSERT_EQ(journald.error(), "");
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

constexpr const char* kResyncId = "1386b0cbad6048419cbdd94c4d194d9a";  // docs/cli.md

// An overflow recovered by a resync is a record of its own, with the counts, before the events the
// resync delivered. The monitor runs without CAP_NET_ADMIN (setpriv), so its receive buffer is
// capped by net.core.rmem_max; it is stopped (SIGSTOP) while synthetic uevents by the thousand
// overflow that buffer, and a tap created last arrives through the resync.
TEST(CliJournal, AResyncAfterAnOverflowIsItsOwnRecordWithTheCounts) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: creates tap interfaces and may start journald";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "needs setpriv (util-linux)";
  const JournaldForTest journald;
  ASSERT_EQ(journald.error(), "");
  const std::string survivor = "cmnjrs" + std::to_string(::getpid() % 10000);
  std::string upper = survivor;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string instance = "SWD\\NET\\" + upper;
  ChildProcess monitor({"/usr/bin/setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin",
                        CMNOTIFY_CLI, "monitor", "--journal", "--source", "kernel", "-i", "net",
                        "--timeout", "30"});
  ASSERT_TRUE(monitor.wait_for_stdout_text("\nTIME ")) << monitor.out() << monitor.err();
  monitor.send_signal(SIGSTOP);
  {
    std::optional<TapInterface> kept;
    // Synthetic uevents by the thousand: far more than the buffer holds.
    for (int i = 0; i < 40000; ++i) write_uevent("/sys/devices/virtual/net/lo", "change");
    kept.emplace(survivor);  // its arrival is past the full buffer: only the resync finds it
    monitor.send_signal(SIGCONT);
    std::vector<Json> found;
    for (int i = 0; i < 100 && found.empty(); ++i) {
      found = records("c7bd435c408a46e4a5ce796ec9661a56", instance);
      if (found.empty()) std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(found.size(), 1u) << "the survivor's arrival";
    EXPECT_EQ(found[0]["CMNOTIFY_ORIGIN"], "resync");
    monitor.send_signal(SIGTERM);
    const ExitStatus status = monitor.wait(20s);
    EXPECT_TRUE(status.exited);
    EXPECT_EQ(status.code, 0) << monitor.err();

    const std::vector<Json> resyncs = records_where(
        {"MESSAGE_ID=" + std::string(kResyncId), "_PID=" + std::to_string(monitor.pid())});
    ASSERT_GE(resyncs.size(), 1u) << "no resync record";
    const Json& r = resyncs.front();
    EXPECT_EQ(r["CMNOTIFY_ORIGIN"], "resync");
    EXPECT_EQ(r["PRIORITY"], "4");
    EXPECT_EQ(r["CMNOTIFY_SOURCE"], "netlink kernel group");
    EXPECT_FALSE(r.contains("CMNOTIFY_INSTANCE_ID")) << "a record of its own, not an event's";
    EXPECT_FALSE(r.contains("CMNOTIFY_ACTION"));
    EXPECT_GE(number(r, "CMNOTIFY_OVERFLOWS"), 1u);
    EXPECT_EQ(number(r, "CMNOTIFY_RESYNCS"), 1u) << "the first resync's record";
    EXPECT_GE(number(r, "CMNOTIFY_RESYNC_EVENTS"), 1u) << "at least the survivor's arrival";
    EXPECT_TRUE(r.contains("CMNOTIFY_DISCARDED"));
    EXPECT_NE(r["MESSAGE"].get<std::string>().find("resynchronised with sysfs after"),
              std::string::npos);
    // Before the events it explains, in the order journald received them.
    EXPECT_LE(number(r, "__MONOTONIC_TIMESTAMP"), number(found[0], "__MONOTONIC_TIMESTAMP"));
  }
}

// Without a journald (a container, a rescue shell) libsystemd drops records without an error, so
// the monitor must refuse to start rather than count events it never wrote anywhere. The command
// runs in a mount namespace where an empty tmpfs hides /run (and with it the journal's socket),
// whether or not this machine runs a journald.
TEST(CliJournal, WithNoJournaldListeningTheMonitorFailsAtOnceSayingWhy) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: mounts a tmpfs in a mount namespace";
  if (::access("/usr/bin/unshare", X_OK) != 0) GTEST_SKIP() << "needs unshare (util-linux)";
  const RunResult r =
      run_program({"/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                   "mount -t tmpfs none /run && exec \"$0\" \"$@\"", CMNOTIFY_CLI, "monitor",
                   "--journal", "--timeout", "5"});
  ASSERT_TRUE(r.status.exited) << r.err;
  EXPECT_EQ(r.status.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--journal: no systemd journal listens on /run/systemd/journal/socket"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("\nTIME "), std::string::npos) << "it never started watching";
}

}  // namespace
}  // namespace cmnotify::testing
