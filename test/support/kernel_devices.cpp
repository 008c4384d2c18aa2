#include "support/kernel_devices.hpp"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/loop.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <utility>

#include "cmnotify/source.hpp"
#include "engine/engine.hpp"
#include "linux/udevd.hpp"
#include "linux/unique_fd.hpp"

namespace cmnotify::testing {
namespace {

using linux_source::UniqueFd;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

UniqueFd open_tun(const std::string& name) {
  UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_CLOEXEC));
  if (fd.get() < 0) fail("open /dev/net/tun");
  ifreq ifr{};
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd.get(), TUNSETIFF, &ifr) != 0) fail("TUNSETIFF " + name);
  return fd;
}

}  // namespace

TapInterface::TapInterface(std::string name) : name_(std::move(name)) {
  UniqueFd fd = open_tun(name_);
  if (::ioctl(fd.get(), TUNSETPERSIST, 1) != 0) fail("TUNSETPERSIST " + name_);
  exists_ = true;
}

TapInterface::~TapInterface() {
  try {
    remove();
  } catch (const std::exception&) {
    // A destructor must not throw; a leftover interface is reported by the test that made it.
  }
}

void TapInterface::remove() {
  if (!exists_) return;
  UniqueFd fd = open_tun(name_);
  if (::ioctl(fd.get(), TUNSETPERSIST, 0) != 0) fail("TUNSETPERSIST 0 " + name_);
  exists_ = false;  // deleted when the last fd closes, at the end of this scope
}

namespace loop {

int add(int at_least) {
  UniqueFd control(::open("/dev/loop-control", O_RDWR | O_CLOEXEC));
  if (control.get() < 0) fail("open /dev/loop-control");
  for (int n = at_least; n < at_least + 1000; ++n) {
    const int r = ::ioctl(control.get(), LOOP_CTL_ADD, n);
    if (r >= 0) return r;
    if (errno != EEXIST) fail("LOOP_CTL_ADD");
  }
  throw std::runtime_error("no free loop number");
}

void remove(int n) {
  UniqueFd control(::open("/dev/loop-control", O_RDWR | O_CLOEXEC));
  if (control.get() < 0) fail("open /dev/loop-control");
  // Something (udev's probing) may hold it open for a moment.
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (::ioctl(control.get(), LOOP_CTL_REMOVE, n) >= 0) return;
    if (errno != EBUSY) fail("LOOP_CTL_REMOVE");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  fail("LOOP_CTL_REMOVE (busy)");
}

void attach(int loop_fd, const std::string& file) {
  UniqueFd backing(::open(file.c_str(), O_RDWR | O_CLOEXEC));
  if (backing.get() < 0) fail("open " + file);
  if (::ioctl(loop_fd, LOOP_SET_FD, backing.get()) != 0) fail("LOOP_SET_FD");
}

void detach(int loop_fd) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (::ioctl(loop_fd, LOOP_CLR_FD, 0) == 0) return;
    if (errno != EBUSY) fail("LOOP_CLR_FD");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  fail("LOOP_CLR_FD (busy)");
}

std::string make_backing_file(std::size_t bytes) {
  char path[] = "/tmp/cmnotify-loop-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) fail("mkstemp");
  UniqueFd owner(fd);
  if (::ftruncate(fd, static_cast<off_t>(bytes)) != 0) fail("ftruncate");
  return path;
}

}  // namespace loop

void write_uevent(const std::string& syspath, const std::string& action) {
  UniqueFd fd(::open((syspath + "/uevent").c_str(), O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) fail("open " + syspath + "/uevent");
  if (::write(fd.get(), action.data(), action.size()) != static_cast<ssize_t>(action.size()))
    fail("write " + syspath + "/uevent");
}

UdevDaemon::UdevDaemon() {
  if (linux_source::udevd_answers("/run/udev/control")) {
    error_ = "systemd-udevd is already running";
    return;
  }
  if (::access("/lib/systemd/systemd-udevd", X_OK) != 0) {
    error_ = "no /lib/systemd/systemd-udevd";
    return;
  }
  struct stat st {};
  created_run_udev_ = ::stat("/run/udev", &st) != 0;
  start();
}

void UdevDaemon::start() {
  const pid_t pid = ::fork();
  if (pid < 0) {
    error_ = std::string("fork: ") + std::strerror(errno);
    return;
  }
  if (pid == 0) {
    // Its own session, /dev/null for the standard descriptors and nothing else inherited: a
    // daemon holding the runner's device lock would keep every other test waiting.
    ::setsid();
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::close_range(3, ~0U, 0);
    ::execl("/lib/systemd/systemd-udevd", "systemd-udevd", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  pid_ = pid;
  for (int i = 0; i < 500; ++i) {
    if (linux_source::udevd_answers("/run/udev/control")) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      error_ = "systemd-udevd exited at start";
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  error_ = "systemd-udevd did not answer on /run/udev/control";
}

void UdevDaemon::restart() {
  if (pid_ > 0) return;
  error_.clear();
  start();
}

void UdevDaemon::reap() {
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool UdevDaemon::ended_within(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  return true;
}

bool UdevDaemon::request_exit() {
  if (pid_ <= 0) return true;
  // udevd listens on its control socket with a backlog of one: while a connection it has not
  // accepted yet waits (a liveness probe of the source or of the monitor, made while a loaded
  // machine had not scheduled udevd), udevadm's non-blocking connect fails with EAGAIN and udevd
  // never hears the request. So udevadm's failure is not udevd's refusal: asked again until
  // udevd ends or 10 s pass.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    if (std::system("/usr/bin/udevadm control --exit >/dev/null 2>&1") == 0) {
      reap();
      return true;
    }
    if (ended_within(std::chrono::milliseconds(100))) return true;
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

void UdevDaemon::exit_by_control() {
  ASSERT_TRUE(request_exit()) << "systemd-udevd still runs after udevadm control --exit";
}

void UdevDaemon::signal(int signal) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  if (signal == SIGKILL) reap();
}

UdevDaemon::~UdevDaemon() {
  if (pid_ > 0) {
    ::kill(pid_, SIGCONT);
    ::kill(pid_, SIGTERM);
    reap();
  }
  ::unlink("/run/udev/control");  // so the next source finds no socket file
  if (created_run_udev_) {
    std::error_code ignored;
    std::filesystem::remove_all("/run/udev", ignored);
  }
}

void EventRecorder::operator()(const Event& event) {
  // Notified under the lock: a waiter that has seen its event may destroy the recorder.
  std::lock_guard lock(mutex_);
  events_.push_back(event);
  cv_.notify_all();
}

bool EventRecorder::wait_for(const std::function<bool(const std::vector<Event>&)>& predicate,
                             std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return predicate(events_); });
}

std::optional<Event> EventRecorder::wait_for_event(const std::function<bool(const Event&)>& match,
                                                   std::chrono::milliseconds timeout) {
  std::optional<Event> found;
  wait_for(
      [&](const std::vector<Event>& events) {
        for (const Event& e : events) {
          if (match(e)) {
            found = e;
            return true;
          }
        }
        return false;
      },
      timeout);
  return found;
}

std::vector<Event> EventRecorder::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

void EventRecorder::clear() {
  std::lock_guard lock(mutex_);
  events_.clear();
}

void KernelSourceTest::SetUp() {
  CMNOTIFY_REQUIRE_ROOT();
  SourceConfig config;
  config.group = SourceConfig::Group::kernel;
  configure_source(config);
}

std::vector<std::string> run_example_with_tap(const std::string& program, const std::string& name,
                                              int& status) {
  std::vector<std::string> lines;
  const std::string command = "timeout 30 " + program + " " + name;
  FILE* child = ::popen(command.c_str(), "r");
  if (child == nullptr) return lines;
  char line[512];
  std::optional<TapInterface> tap;
  while (std::fgets(line, sizeof line, child) != nullptr) {
    std::string text(line);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    lines.push_back(text);
    if (text == "ready") tap.emplace(name);
    if (text.starts_with("arrival") && tap) tap->remove();
  }
  status = ::pclose(child);
  return lines;
}

void KernelSourceTest::TearDown() {
  EXPECT_EQ(engine::Engine::instance().stats().registrations, 0u);
}

}  // namespace cmnotify::testing
