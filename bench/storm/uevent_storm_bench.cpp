// The source benchmark of issue 3: the same storm of synthetic kernel uevents, side by side, to
// listeners in their own processes -- cmnotify (C++ API, events delivered to a callback), queue
// (C++ API, an EventQueue drained by the listener's own poll() loop: issue 13), libudev's monitor
// (and, asked for with --listeners=...,sd-device, systemd's sd_device_monitor on an sd_event loop)
// and a bare recv() loop (the floor; "floor-poll" on request: poll() then recv(), the floor of
// an application's own event loop) -- reporting received/emitted, CPU per event and latency
// kernel -> listener (from SYNTH_ARG_T).
//
//   uevent_storm_bench [--events=N] [--paced-events=N] [--rate=EV/S] [--runs=K]
//                      [--mode=saturated|paced|both]
//                      [--listeners=cmnotify,queue,libudev,sd-device,floor,floor-poll]
//                      [--warmup=K] [--alloc] [--device=SYSFS_DIR] [--wrap=LISTENER:COMMAND]
//                      [--timeout=S] [--action=change|addremove|taps]
//                      [--registrations=N] [--extra-devices=N] [--solo]
//
// --solo: each run measures one listener at a time (the same storm again for each), the writer
// pinned to the first CPU it may use and the listener to the last; ratios are still within one run.
// Side by side on a small machine, a listener's CPU per event depends on which CPU it shares, and
// that changes between runs; solo, every listener meets the same conditions.
//
// --action=addremove (issue 14): the storm alternates synthetic "remove" and "add" uevents on the
// storm device (starting with a remove, ending with an add), warm-up included; the listeners
// default to cmnotify, capi (the C API, an ALL_DEVICE_INSTANCES registration), libudev, floor.
//
// --action=taps (issue 14): a real storm. N/2 tap interfaces are made in bulk through
// /dev/net/tun, then deleted in bulk (tap_bulk.hpp): N arrivals and removals, each with the
// uevents of its queues too. Every listener counts the taps' own add and remove uevents (cmnotify
// and capi: arrivals and removals seen through an all-instances filter); saturated mode only, no
// latency. The warm-up is remove/add pairs on the storm device, as in an add/remove storm.
//
// Flatness (issue 14): --registrations=N adds a listener "fanout", cmnotify with N registrations
// that all match every event, and compares its CPU per delivered callback with cmnotify's (one
// registration) in the same run. --extra-devices=N repeats every run with N extra tap interfaces
// present (made in bulk through /dev/net/tun before, deleted after) and compares cmnotify's CPU
// per event, as a multiple of the floor's, with and without them.
//
// Needs root (writes to uevent files, creates a tap interface, SO_RCVBUFFORCE). Each run starts
// fresh listeners, waits until they listen, sends warm-up events until every listener has seen
// them all (each takes its CPU/allocation baseline there), emits the storm (as fast as one
// writer can, or paced at --rate), then an end marker, and collects each listener's result.
// This is a benchmark, not a test: the exit code is 0 unless a run itself failed.
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "storm_common.hpp"
#include "tap_bulk.hpp"

namespace {

struct Options {
  std::size_t events = 200000;       // saturated storm
  std::size_t paced_events = 20000;  // paced storm
  double rate = 10000;               // paced: events per second
  std::size_t warmup = 1000;
  int runs = 3;
  bool saturated = true;
  bool paced = true;
  std::vector<std::string> listeners{"cmnotify", "queue", "libudev", "floor"};
  bool count_allocations = false;
  std::string device;                       // empty: create a tap interface for the run
  std::map<std::string, std::string> wrap;  // listener -> command prefix (valgrind ...)
  int timeout_s = 120;
  bool add_remove = false;  // --action=addremove
  bool listeners_given = false;
  std::size_t registrations = 0;  // > 1: a "fanout" listener with this many registrations
  std::size_t extra_devices = 0;  // > 0: every run again with this many extra taps present
  bool taps = false;              // --action=taps
  bool solo = false;              // --solo: one listener at a time, pinned (see SoloCpus)
};

volatile std::sig_atomic_t g_interrupted = 0;
constexpr const char* kExtraPrefix = "cmnflat";  // --extra-devices: cmnflat0, cmnflat1, ...
void on_interrupt(int) { g_interrupted = 1; }

std::string directory_of_self() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  std::string s(path, static_cast<std::size_t>(n));
  return s.substr(0, s.rfind('/'));
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

// Runs a command to completion; true when it exited 0.
bool run_command(const std::vector<std::string>& argv) {
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A tap interface that exists for the benchmark only, so no other device's events are counted
// and the machine's own interfaces are left alone.
class TapDevice {
 public:
  bool create() {
    name_ = "cmnstorm" + std::to_string(::getpid() % 100000);
    if (!run_command({"ip", "tuntap", "add", "mode", "tap", name_})) return false;
    created_ = true;
    const std::string uevent = sysfs_dir() + "/uevent";
    for (int i = 0; i < 200 && ::access(uevent.c_str(), W_OK) != 0; ++i) ::usleep(10000);
    return ::access(uevent.c_str(), W_OK) == 0;
  }
  ~TapDevice() {
    if (created_) run_command({"ip", "tuntap", "del", "mode", "tap", name_});
  }
  [[nodiscard]] std::string sysfs_dir() const { return "/sys/class/net/" + name_; }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  std::string name_;
  bool created_ = false;
};

// Writes "change <uuid> SEQ=<n> T=<now>" to the device's uevent file: one synthetic uevent.
class Emitter {
 public:
  explicit Emitter(const std::string& sysfs_dir)
      : fd_(::open((sysfs_dir + "/uevent").c_str(), O_WRONLY | O_CLOEXEC)) {}
  ~Emitter() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] bool ok() const { return fd_ >= 0; }

  explicit Emitter(const std::string& sysfs_dir, bool add_remove) : Emitter(sysfs_dir) {
    add_remove_ = add_remove;
  }

  // An add/remove storm alternates remove (even sequence numbers) and add (odd ones).
  bool emit(std::string_view uuid, std::size_t sequence) {
    const char* action = !add_remove_ ? "change" : sequence % 2 == 0 ? "remove" : "add";
    return emit(action, uuid, sequence);
  }

  bool emit(const char* action, std::string_view uuid, std::size_t sequence) {
    char text[128];
    const int n = std::snprintf(text, sizeof text, "%s %.*s SEQ=%zu T=%llu", action,
                                static_cast<int>(uuid.size()), uuid.data(), sequence,
                                static_cast<unsigned long long>(storm::monotonic_ns()));
    return ::pwrite(fd_, text, static_cast<std::size_t>(n), 0) == n;
  }

  // `count` events; rate 0 = as fast as this one writer can. Returns the elapsed seconds, or a
  // negative value when a write failed.
  double emit_many(std::string_view uuid, std::size_t count, double rate) {
    const std::uint64_t start = storm::monotonic_ns();
    const double period_ns = rate > 0 ? 1e9 / rate : 0;
    for (std::size_t i = 0; i < count && !g_interrupted; ++i) {
      if (period_ns > 0) {
        const std::uint64_t due =
            start + static_cast<std::uint64_t>(static_cast<double>(i) * period_ns);
        if (storm::monotonic_ns() < due) {
          timespec ts{static_cast<time_t>(due / 1000000000u), static_cast<long>(due % 1000000000u)};
          while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
          }
        }
      }
      if (!emit(uuid, i)) return -1;
    }
    return static_cast<double>(storm::monotonic_ns() - start) / 1e9;
  }

 private:
  int fd_;
  bool add_remove_ = false;
};

struct Listener {
  std::string name;
  pid_t pid = -1;
  int out = -1;  // its stdout
  std::string pending;
  std::vector<std::string> lines;
  bool eof = false;
};

// --solo: the benchmark (the writer) runs on the first CPU it may use and the listener alone on
// the last, so that every listener is measured under the same placement. With all listeners side
// by side, which of them shares a CPU with the writer or with another listener decides much of
// its CPU per event, and with two CPUs that changes from run to run (a listener's cost moved
// between 5 and 16 us per event at 10,000 events/s); the floor itself is measured the same way.
struct SoloCpus {
  int writer = -1;
  int listener = -1;  // -1 for both: fewer than two CPUs allowed
};

SoloCpus solo_cpus() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  SoloCpus cpus;
  if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    if (cpus.writer < 0) cpus.writer = cpu;
    cpus.listener = cpu;
  }
  if (cpus.listener == cpus.writer) cpus = SoloCpus{};
  return cpus;
}

// Computed at the first call (main, before it pins the writer) and kept: the listeners need it
// after.
const SoloCpus& the_solo_cpus() {
  static const SoloCpus cpus = solo_cpus();
  return cpus;
}

void pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (::sched_setaffinity(0, sizeof set, &set) != 0) std::perror("sched_setaffinity");
}

bool start_listener(Listener& l, const Options& o, const std::string& device,
                    std::size_t capacity) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return false;
  const std::string binary =
      directory_of_self() + (o.count_allocations ? "/storm_listener_counted" : "/storm_listener");
  std::vector<std::string> argv;
  if (auto w = o.wrap.find(l.name); w != o.wrap.end()) argv = split(w->second, ' ');
  argv.insert(argv.end(),
              {binary, l.name, "--device=" + device, "--warmup=" + std::to_string(o.warmup),
               "--capacity=" + std::to_string(capacity),
               std::string("--action=") + (o.taps         ? "taps"
                                           : o.add_remove ? "addremove"
                                                          : "change")});
  if (l.name == "fanout") argv.push_back("--registrations=" + std::to_string(o.registrations));
  l.pid = ::fork();
  if (l.pid < 0) return false;
  if (l.pid == 0) {
    if (o.solo) pin_to_cpu(the_solo_cpus().listener);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::perror("exec");
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  l.out = pipe_fds[0];
  return true;
}

const std::string* line_starting(const Listener& l, std::string_view word) {
  for (const std::string& line : l.lines)
    if (line == word || line.starts_with(std::string(word) + " ")) return &line;
  return nullptr;
}

// Reads the listeners' output until each has printed a line starting with `word`. False on
// timeout, interruption or a listener that exited first.
bool wait_for(std::vector<Listener>& listeners, std::string_view word, int timeout_ms) {
  const std::uint64_t deadline =
      storm::monotonic_ns() + static_cast<std::uint64_t>(timeout_ms) * 1000000u;
  while (!g_interrupted) {
    std::vector<pollfd> fds;
    std::vector<Listener*> waiting;
    for (Listener& l : listeners) {
      if (line_starting(l, word)) continue;
      if (l.eof) {
        std::fprintf(stderr, "listener %s exited before '%.*s'\n", l.name.c_str(),
                     static_cast<int>(word.size()), word.data());
        return false;
      }
      fds.push_back({l.out, POLLIN, 0});
      waiting.push_back(&l);
    }
    if (waiting.empty()) return true;
    const std::uint64_t now = storm::monotonic_ns();
    if (now >= deadline) return false;
    const int left = static_cast<int>((deadline - now) / 1000000u) + 1;
    if (::poll(fds.data(), fds.size(), left) < 0 && errno != EINTR) return false;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      Listener& l = *waiting[i];
      if (n <= 0) {
        l.eof = true;
        continue;
      }
      l.pending.append(buffer, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = l.pending.find('\n')) != std::string::npos;) {
        l.lines.push_back(l.pending.substr(0, nl));
        l.pending.erase(0, nl + 1);
      }
    }
  }
  return false;
}

// Listeners exit by themselves after reporting; a wrapper (perf record, valgrind) may need a few
// seconds more to write its output. Whatever is still running after that is killed.
void stop_listeners(std::vector<Listener>& listeners) {
  for (Listener& l : listeners) {
    if (l.pid > 0) {
      int status = 0;
      pid_t done = 0;
      for (int i = 0; i < 3000 && (done = ::waitpid(l.pid, &status, WNOHANG)) == 0; ++i)
        ::usleep(10000);
      if (done == 0) {
        ::kill(l.pid, SIGKILL);
        ::waitpid(l.pid, &status, 0);
      }
      l.pid = -1;
    }
    if (l.out >= 0) ::close(l.out);
    l.out = -1;
  }
}

struct Result {
  std::string listener;
  std::size_t emitted = 0;
  std::size_t received = 0;
  bool complete = false;
  double cpu_us = 0;
  std::uint64_t overflows = 0;
  std::size_t samples = 0;
  double p50 = 0, p99 = 0, max = 0;
  bool alloc = false;
  double alloc_callback = 0, alloc_other = 0, alloc_bytes = 0;  // totals over the window

  [[nodiscard]] double fraction() const { return emitted ? double(received) / double(emitted) : 0; }
  [[nodiscard]] double cpu_per_event() const { return received ? cpu_us / double(received) : 0; }
};

Result parse_result(const std::string& line, std::size_t emitted) {
  auto number = [&](std::string_view key) {
    return std::strtod(storm::field(line, key).c_str(), nullptr);
  };
  Result r;
  r.listener = storm::field(line, "mode");
  r.emitted = emitted;
  r.received = static_cast<std::size_t>(number("received"));
  r.complete = number("complete") != 0;
  r.cpu_us = number("cpu_us");
  r.overflows = static_cast<std::uint64_t>(number("overflows"));
  r.samples = static_cast<std::size_t>(number("samples"));
  r.p50 = number("p50_us");
  r.p99 = number("p99_us");
  r.max = number("max_us");
  r.alloc = number("alloc") != 0;
  r.alloc_callback = number("alloc_callback");
  r.alloc_other = number("alloc_other") + number("alloc_main");
  r.alloc_bytes = number("alloc_bytes");
  return r;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// Machine-wide CPU time from /proc/stat (every process, this benchmark's included).
struct CpuTimes {
  unsigned long long busy = 0, total = 0;
};

CpuTimes machine_cpu() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  unsigned long long v[8] = {};
  in >> cpu >> v[0] >> v[1] >> v[2] >> v[3] >> v[4] >> v[5] >> v[6] >> v[7];
  CpuTimes t;
  for (unsigned long long x : v) t.total += x;
  t.busy = t.total - v[3] - v[4];  // minus idle and iowait
  return t;
}

struct Run {
  std::vector<Result> results;
  double seconds = 0;
  double machine_busy = 0;  // fraction of all CPUs busy from warm-up to the last result
};

const Result* find(const Run& run, std::string_view listener) {
  for (const Result& r : run.results)
    if (r.listener == listener) return &r;
  return nullptr;
}

double ratio(const Run& run, const Result& r, std::string_view base) {
  const Result* b = find(run, base);
  return (b && b->cpu_per_event() > 0) ? r.cpu_per_event() / b->cpu_per_event() : 0;
}

// Makes `count` taps in bulk, then deletes them: 2 * count storm events. Returns the elapsed
// seconds, or a negative value when a tap could not be made.
double bulk_tap_storm(std::size_t count) {
  const std::string prefix(storm::kBulkTapPrefix);
  const std::uint64_t start = storm::monotonic_ns();
  std::string error;
  const std::size_t made = storm::create_taps(prefix, count, error);
  storm::delete_taps(prefix, count);
  if (made != count) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return -1;
  }
  return static_cast<double>(storm::monotonic_ns() - start) / 1e9;
}

std::optional<Run> run_listeners(const Options& o, const std::string& device, bool paced) {
  const std::size_t events = paced ? o.paced_events : o.events;
  const double rate = paced ? o.rate : 0;
  std::vector<Listener> listeners;
  for (const std::string& name : o.listeners) {
    listeners.emplace_back();
    listeners.back().name = name;
  }
  auto fail = [&](const char* what) -> std::optional<Run> {
    std::fprintf(stderr, "run failed: %s\n", what);
    for (Listener& l : listeners)
      if (l.pid > 0) ::kill(l.pid, SIGUSR1);
    stop_listeners(listeners);
    return std::nullopt;
  };
  for (Listener& l : listeners)
    if (!start_listener(l, o, device, events)) return fail("cannot start a listener");
  if (!wait_for(listeners, "ready", o.timeout_s * 1000)) return fail("listeners not ready");

  // A real-tap storm warms up with add/remove pairs too: the C API sees no "change".
  Emitter emitter(device, o.add_remove || o.taps);
  if (!emitter.ok()) return fail("cannot open the uevent file");
  if (emitter.emit_many(storm::kWarmupUuid, o.warmup, rate) < 0) return fail("write failed");
  if (!wait_for(listeners, "warm", o.timeout_s * 1000)) return fail("warm-up events lost");

  Run run;
  const CpuTimes before = machine_cpu();
  run.seconds =
      o.taps ? bulk_tap_storm(events / 2) : emitter.emit_many(storm::kStormUuid, events, rate);
  if (run.seconds < 0 || !emitter.emit("change", storm::kEndUuid, 0)) return fail("write failed");
  if (!wait_for(listeners, "result", o.timeout_s * 1000)) {
    std::fprintf(stderr, "no end marker after %d s: asking the listeners for what they have\n",
                 o.timeout_s);
    for (Listener& l : listeners)
      if (l.pid > 0) ::kill(l.pid, SIGUSR1);
    if (!wait_for(listeners, "result", 10000)) return fail("listeners did not report");
  }
  const CpuTimes after = machine_cpu();
  if (after.total > before.total)
    run.machine_busy = double(after.busy - before.busy) / double(after.total - before.total);
  for (const Listener& l : listeners)
    run.results.push_back(parse_result(*line_starting(l, "result"), events));
  stop_listeners(listeners);
  return run;
}

// One run: every listener at once, or with --solo each alone in turn (the same storm again),
// their results put together as one run's.
std::optional<Run> run_once(const Options& o, const std::string& device, bool paced) {
  if (!o.solo) return run_listeners(o, device, paced);
  Run together;
  Options one = o;
  for (const std::string& name : o.listeners) {
    one.listeners = {name};
    std::optional<Run> run = run_listeners(one, device, paced);
    if (!run) return std::nullopt;
    together.results.push_back(run->results.front());
    together.seconds = std::max(together.seconds, run->seconds);
    together.machine_busy += run->machine_busy / double(o.listeners.size());
  }
  return together;
}

void print_run(const Run& run, const char* mode, int index, int total) {
  const std::size_t emitted = run.results.empty() ? 0 : run.results.front().emitted;
  std::printf(
      "\n%s run %d/%d: emitted %zu in %.3f s (%.0f events/s), load %s, machine %.0f%% busy "
      "(all processes, the benchmark's included)\n",
      mode, index, total, emitted, run.seconds,
      run.seconds > 0 ? double(emitted) / run.seconds : 0.0, load_average().c_str(),
      100 * run.machine_busy);
  std::printf("  %-10s %9s %9s %9s %8s %8s %8s %8s %8s %8s %5s", "listener", "received",
              "recv/emit", "CPU us/ev", "x floor", "x udev", "x sd-dev", "p50 us", "p99 us",
              "max us", "ovfl");
  const bool alloc =
      std::any_of(run.results.begin(), run.results.end(), [](const Result& r) { return r.alloc; });
  if (alloc) std::printf(" %9s %9s %9s %9s", "alloc/ev", "callback", "other", "bytes/ev");
  std::printf("\n");
  for (const Result& r : run.results) {
    std::printf("  %-10s %9zu %9.4f %9.3f %8.2f %8.2f %8.2f %8.1f %8.1f %8.1f %5llu%s",
                r.listener.c_str(), r.received, r.fraction(), r.cpu_per_event(),
                ratio(run, r, "floor"), ratio(run, r, "libudev"), ratio(run, r, "sd-device"), r.p50,
                r.p99, r.max, static_cast<unsigned long long>(r.overflows),
                r.complete ? "" : " (no end marker)");
    if (alloc && r.received > 0) {
      const double n = double(r.received);
      std::printf(" %9.2f %9.2f %9.2f %9.0f", (r.alloc_callback + r.alloc_other) / n,
                  r.alloc_callback / n, r.alloc_other / n, r.alloc_bytes / n);
    }
    std::printf("\n");
  }
  std::fflush(stdout);
}

struct Spread {
  double median = 0, min = 0, max = 0;
};

Spread spread(std::vector<double> values) {
  Spread s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  s.min = values.front();
  s.max = values.back();
  return s;
}

template <typename Fn>
Spread over_runs(const std::vector<Run>& runs, std::string_view listener, Fn value) {
  std::vector<double> values;
  for (const Run& run : runs)
    if (const Result* r = find(run, listener)) values.push_back(value(run, *r));
  return spread(values);
}

std::string show(const Spread& s, int decimals) {
  char text[96];
  std::snprintf(text, sizeof text, "%.*f [%.*f..%.*f]", decimals, s.median, decimals, s.min,
                decimals, s.max);
  return text;
}

// Median [min..max] over the runs of one mode, and the targets checked on it.
void print_summary(const std::vector<Run>& runs, const char* mode, const Options& o) {
  if (runs.empty()) return;
  std::printf("\n%s: median [min..max] of %zu runs\n", mode, runs.size());
  std::printf("  %-10s %-24s %-24s %-20s %-20s %-20s %-22s %-22s\n", "listener", "recv/emit",
              "CPU us/event", "x floor", "x libudev", "x sd-device", "p50 us", "p99 us");
  for (const std::string& name : o.listeners) {
    std::printf(
        "  %-10s %-24s %-24s %-20s %-20s %-20s %-22s %-22s\n", name.c_str(),
        show(over_runs(runs, name, [](const Run&, const Result& r) { return r.fraction(); }), 4)
            .c_str(),
        show(over_runs(runs, name, [](const Run&, const Result& r) { return r.cpu_per_event(); }),
             3)
            .c_str(),
        show(over_runs(runs, name,
                       [](const Run& run, const Result& r) { return ratio(run, r, "floor"); }),
             2)
            .c_str(),
        show(over_runs(runs, name,
                       [](const Run& run, const Result& r) { return ratio(run, r, "libudev"); }),
             2)
            .c_str(),
        show(over_runs(runs, name,
                       [](const Run& run, const Result& r) { return ratio(run, r, "sd-device"); }),
             2)
            .c_str(),
        show(over_runs(runs, name, [](const Run&, const Result& r) { return r.p50; }), 1).c_str(),
        show(over_runs(runs, name, [](const Run&, const Result& r) { return r.p99; }), 1).c_str());
  }
  if (o.count_allocations) {
    std::printf(
        "  allocations per received event (counting malloc; CPU above includes its cost):\n");
    for (const std::string& name : o.listeners) {
      auto per = [](double total, const Result& r) {
        return r.received ? total / double(r.received) : 0;
      };
      std::printf(
          "    %-9s total %s  callback threads %s  other threads %s  bytes %s\n", name.c_str(),
          show(over_runs(runs, name,
                         [&](const Run&, const Result& r) {
                           return per(r.alloc_callback + r.alloc_other, r);
                         }),
               2)
              .c_str(),
          show(over_runs(runs, name,
                         [&](const Run&, const Result& r) { return per(r.alloc_callback, r); }),
               2)
              .c_str(),
          show(over_runs(runs, name,
                         [&](const Run&, const Result& r) { return per(r.alloc_other, r); }),
               2)
              .c_str(),
          show(over_runs(runs, name,
                         [&](const Run&, const Result& r) { return per(r.alloc_bytes, r); }),
               0)
              .c_str());
    }
  }
  std::fflush(stdout);
}

void print_verdict(const char* what, bool measured, bool pass, const std::string& detail) {
  std::printf("  %-52s %-4s %s\n", what, measured ? (pass ? "PASS" : "FAIL") : "n/a",
              detail.c_str());
}

// Issue 13: the EventQueue drained on the listener's own thread, against the floor.
void print_queue_targets(const std::vector<Run>& saturated, const std::vector<Run>& paced) {
  std::size_t lost = 0, runs = 0;
  for (const auto* mode : {&saturated, &paced}) {
    for (const Run& run : *mode) {
      if (const Result* r = find(run, "queue")) {
        ++runs;
        lost += r->emitted > r->received ? r->emitted - r->received : 0;
      }
    }
  }
  if (runs == 0) return;
  std::printf("\ntargets (issue 13, the event queue):\n");
  print_verdict("queue loses no event (every run)", true, lost == 0,
                std::to_string(lost) + " lost over " + std::to_string(runs) + " runs");
  auto vs_floor = [](const std::vector<Run>& mode_runs) {
    return over_runs(mode_runs, "queue",
                     [](const Run& run, const Result& r) { return ratio(run, r, "floor"); });
  };
  auto measured = [](const std::vector<Run>& mode_runs) {
    return !mode_runs.empty() && find(mode_runs.front(), "queue") &&
           find(mode_runs.front(), "floor");
  };
  const Spread storm = vs_floor(saturated), steady = vs_floor(paced);
  print_verdict("storm: queue CPU/event <= 1.2x floor (median)", measured(saturated),
                storm.median <= 1.2, show(storm, 2) + "x");
  print_verdict("paced: queue CPU/event <= 1.3x floor (median)", measured(paced),
                steady.median <= 1.3, show(steady, 2) + "x");
  // An application's loop makes two system calls per event where the floor makes one: what that
  // costs by itself, and the queue against it.
  for (const auto* mode : {&saturated, &paced}) {
    if (mode->empty() || !find(mode->front(), "queue") || !find(mode->front(), "floor-poll"))
      continue;
    const auto vs = [&](const char* listener, const char* base) {
      return over_runs(*mode, listener,
                       [&](const Run& run, const Result& r) { return ratio(run, r, base); });
    };
    std::printf("  (%s, for information: floor-poll %sx floor; queue %sx floor-poll)\n",
                mode == &paced ? "paced" : "storm", show(vs("floor-poll", "floor"), 2).c_str(),
                show(vs("queue", "floor-poll"), 2).c_str());
  }
}

void print_targets(const std::vector<Run>& saturated, const std::vector<Run>& paced) {
  std::printf("\ntargets (issue 3):\n");
  std::vector<Run> all = saturated;
  all.insert(all.end(), paced.begin(), paced.end());
  std::size_t lost = 0, runs_with_cmnotify = 0;
  for (const Run& run : all) {
    if (const Result* r = find(run, "cmnotify")) {
      ++runs_with_cmnotify;
      lost += r->emitted > r->received ? r->emitted - r->received : 0;
    }
  }
  print_verdict(
      "cmnotify loses no event (every run)", runs_with_cmnotify > 0, lost == 0,
      std::to_string(lost) + " lost over " + std::to_string(runs_with_cmnotify) + " runs");
  auto median_ratio = [&](const std::vector<Run>& runs, const char* base) {
    return over_runs(runs, "cmnotify",
                     [&](const Run& run, const Result& r) { return ratio(run, r, base); });
  };
  const bool have_udev = !saturated.empty() && find(saturated.front(), "libudev") &&
                         find(saturated.front(), "cmnotify");
  const bool have_floor =
      !saturated.empty() && find(saturated.front(), "floor") && find(saturated.front(), "cmnotify");
  const Spread vs_udev = median_ratio(saturated, "libudev");
  const Spread vs_floor = median_ratio(saturated, "floor");
  print_verdict("storm: cmnotify CPU/event <= 0.5x libudev (median)", have_udev,
                vs_udev.median <= 0.5, show(vs_udev, 2) + "x");
  print_verdict("storm: cmnotify CPU/event <= 1.5x floor (median)", have_floor,
                vs_floor.median <= 1.5, show(vs_floor, 2) + "x");
  const Spread p99 =
      over_runs(paced, "cmnotify", [](const Run&, const Result& r) { return r.p99; });
  const bool have_paced = !paced.empty() && find(paced.front(), "cmnotify");
  print_verdict("paced: cmnotify p99 latency <= 200 us (median)", have_paced, p99.median <= 200,
                show(p99, 1) + " us");
  if (have_paced) {
    const Spread pu = median_ratio(paced, "libudev"), pf = median_ratio(paced, "floor");
    std::printf("  (paced, for information: CPU/event %s x libudev, %s x floor)\n",
                show(pu, 2).c_str(), show(pf, 2).c_str());
  }
  print_queue_targets(saturated, paced);
}

// Issue 14: CPU per event against the floor and libudev, for each cmnotify API in the run.
void print_issue14_targets(const std::vector<Run>& saturated, const std::vector<Run>& paced,
                           bool add_remove) {
  std::printf("\ntargets (issue 14, %s storm):\n", add_remove ? "add/remove" : "change");
  const double storm_floor = add_remove ? 2.0 : 1.3, paced_floor = add_remove ? 2.5 : 1.8;
  for (const char* api : {"cmnotify", "capi"}) {
    for (const auto* mode : {&saturated, &paced}) {
      if (mode->empty() || !find(mode->front(), api)) continue;
      const bool is_paced = mode == &paced;
      auto vs = [&](const char* base) {
        return over_runs(*mode, api,
                         [&](const Run& run, const Result& r) { return ratio(run, r, base); });
      };
      const Spread f = vs("floor"), u = vs("libudev");
      const double floor_target = is_paced ? paced_floor : storm_floor;
      char what[96];
      std::snprintf(what, sizeof what, "%s: %s CPU/event <= %.1fx floor (median)",
                    is_paced ? "paced" : "storm", api, floor_target);
      print_verdict(what, find(mode->front(), "floor") != nullptr, f.median <= floor_target,
                    show(f, 2) + "x");
      if (add_remove) {
        std::snprintf(what, sizeof what, "%s: %s CPU/event <= 0.35x libudev (median)",
                      is_paced ? "paced" : "storm", api);
        print_verdict(what, find(mode->front(), "libudev") != nullptr, u.median <= 0.35,
                      show(u, 2) + "x");
      }
    }
  }
  if (!add_remove && !paced.empty() && find(paced.front(), "cmnotify")) {
    const Spread p99 =
        over_runs(paced, "cmnotify", [](const Run&, const Result& r) { return r.p99; });
    print_verdict("paced: cmnotify p99 latency <= 100 us (median)", true, p99.median <= 100,
                  show(p99, 1) + " us");
  }
}

// Issue 14, cost flat in the size of the machine: per delivered callback with N registrations
// against one, and per event with the extra devices against without (each as x floor).
void print_flatness_targets(const std::vector<Run>& runs, const std::vector<Run>& extra_runs,
                            const Options& o) {
  if (o.registrations > 1 && !runs.empty() && find(runs.front(), "fanout")) {
    const Spread per_callback = over_runs(runs, "fanout", [&](const Run& run, const Result& r) {
      const Result* one = find(run, "cmnotify");
      const double n = double(o.registrations);
      return one && one->cpu_per_event() > 0 ? r.cpu_per_event() / n / one->cpu_per_event() : 0;
    });
    std::printf("\ntargets (issue 14, flatness):\n");
    char what[96];
    std::snprintf(what, sizeof what, "CPU/callback, %zu registrations <= 1.5x one (median)",
                  o.registrations);
    print_verdict(what, true, per_callback.median <= 1.5, show(per_callback, 2) + "x");
  }
  if (o.extra_devices == 0 || runs.empty() || extra_runs.empty()) return;
  if (o.registrations <= 1) std::printf("\ntargets (issue 14, flatness):\n");
  const auto vs_floor = [](const Run& run, const Result& r) { return ratio(run, r, "floor"); };
  const Spread own = over_runs(runs, "cmnotify", vs_floor);
  const Spread extra = over_runs(extra_runs, "cmnotify", vs_floor);
  const double growth = own.median > 0 ? extra.median / own.median : 0;
  char what[96];
  std::snprintf(what, sizeof what, "CPU/event, %zu extra devices <= 1.1x without (x floor)",
                o.extra_devices);
  char detail[64];
  std::snprintf(detail, sizeof detail, "%.2fx (x floor: ", growth);
  print_verdict(what, own.median > 0 && extra.median > 0, growth <= 1.1,
                detail + show(extra, 2) + " with, " + show(own, 2) + " without)");
  const Spread own_us =
      over_runs(runs, "cmnotify", [](const Run&, const Result& r) { return r.cpu_per_event(); });
  const Spread extra_us = over_runs(extra_runs, "cmnotify",
                                    [](const Run&, const Result& r) { return r.cpu_per_event(); });
  std::printf("  (CPU us/event: %s with, %s without)\n", show(extra_us, 3).c_str(),
              show(own_us, 3).c_str());
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view name, std::string& out) {
      if (!arg.starts_with(name)) return false;
      out = std::string(arg.substr(name.size()));
      return true;
    };
    std::string v;
    if (value("--events=", v))
      o.events = std::stoul(v);
    else if (value("--paced-events=", v))
      o.paced_events = std::stoul(v);
    else if (value("--rate=", v))
      o.rate = std::stod(v);
    else if (value("--warmup=", v))
      o.warmup = std::stoul(v);
    else if (value("--runs=", v))
      o.runs = std::stoi(v);
    else if (value("--timeout=", v))
      o.timeout_s = std::stoi(v);
    else if (value("--device=", v))
      o.device = v;
    else if (value("--registrations=", v))
      o.registrations = std::stoul(v);
    else if (value("--extra-devices=", v))
      o.extra_devices = std::stoul(v);
    else if (value("--listeners=", v)) {
      o.listeners = split(v, ',');
      o.listeners_given = true;
    } else if (value("--action=", v)) {
      if (v != "change" && v != "addremove" && v != "taps") return false;
      o.add_remove = v == "addremove";
      o.taps = v == "taps";
    } else if (arg == "--alloc")
      o.count_allocations = true;
    else if (arg == "--solo")
      o.solo = true;
    else if (value("--wrap=", v)) {
      const auto colon = v.find(':');
      if (colon == std::string::npos) return false;
      o.wrap[v.substr(0, colon)] = v.substr(colon + 1);
    } else if (value("--mode=", v)) {
      o.saturated = v == "saturated" || v == "both";
      o.paced = v == "paced" || v == "both";
      if (!o.saturated && !o.paced) return false;
    } else {
      return false;
    }
  }
  if (o.add_remove) {
    if (!o.listeners_given) o.listeners = {"cmnotify", "capi", "libudev", "floor"};
    // Pairs of remove + add, so the device is present for the end marker.
    o.warmup += o.warmup % 2;
    o.events += o.events % 2;
    o.paced_events += o.paced_events % 2;
  }
  if (o.taps) {
    if (!o.listeners_given) o.listeners = {"cmnotify", "capi", "libudev", "floor"};
    o.paced = false;  // a bulk is as fast as it goes
    o.events += o.events % 2;
    o.warmup += o.warmup % 2;  // remove + add pairs on the storm device
  }
  if (o.registrations > 1 &&
      std::find(o.listeners.begin(), o.listeners.end(), "fanout") == o.listeners.end())
    o.listeners.push_back("fanout");
  for (const std::string& l : o.listeners)
    if (l != "cmnotify" && l != "queue" && l != "libudev" && l != "sd-device" && l != "floor" &&
        l != "floor-poll" && (l != "fanout" || o.registrations < 2) &&
        (l != "capi" || !(o.add_remove || o.taps)))
      return false;
  return o.runs > 0 && o.warmup > 0 && o.rate > 0 && !o.listeners.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    if (!parse(argc, argv, o)) {
      std::fprintf(stderr,
                   "usage: %s [--events=N] [--paced-events=N] [--rate=EV/S] [--runs=K]\n"
                   "       [--mode=saturated|paced|both] "
                   "[--listeners=cmnotify,capi,queue,libudev,sd-device,floor,floor-poll]\n"
                   "       [--warmup=K] [--alloc] [--device=SYSFS_DIR] [--wrap=LISTENER:COMMAND]\n"
                   "       [--solo]\n"
                   "       [--timeout=S] [--action=change|addremove|taps]\n"
                   "       [--registrations=N] [--extra-devices=N]\n",
                   argv[0]);
      return 2;
    }
  } catch (const std::exception&) {
    std::fprintf(stderr, "bad number in the arguments\n");
    return 2;
  }
  if (::geteuid() != 0) {
    std::fprintf(stderr, "needs root: writes uevent files, creates a tap, uses SO_RCVBUFFORCE\n");
    return 1;
  }
  ::signal(SIGINT, on_interrupt);
  ::signal(SIGTERM, on_interrupt);
  ::signal(SIGPIPE, SIG_IGN);
  ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);  // paced mode: wake on time
  if (o.solo) {
    if (the_solo_cpus().listener < 0) {
      std::fprintf(stderr, "--solo needs two CPUs: the writer's and the listener's\n");
      return 1;
    }
    pin_to_cpu(the_solo_cpus().writer);
  }

  TapDevice tap;
  std::string device = o.device;
  if (device.empty()) {
    if (!tap.create()) {
      std::fprintf(stderr, "cannot create a tap interface (ip tuntap add mode tap)\n");
      return 1;
    }
    device = tap.sysfs_dir();
  }
  utsname u{};
  ::uname(&u);
  std::printf("uevent storm: device %s, kernel %s, %ld CPUs, load %s\n", device.c_str(), u.release,
              ::sysconf(_SC_NPROCESSORS_ONLN), load_average().c_str());
  std::printf(
      "%s storm %zu events as fast as one writer can; paced %zu events at %.0f/s; warm-up %zu; "
      "%d runs%s\n",
      o.taps         ? "real tap"
      : o.add_remove ? "add/remove"
                     : "change",
      o.events, o.paced_events, o.rate, o.warmup, o.runs,
      o.count_allocations ? "; allocations counted (interposed malloc)" : "");

  std::vector<Run> saturated, paced, saturated_extra, paced_extra;
  // Without the extra devices first, then (made once, for every run) with them.
  for (const bool extra : {false, true}) {
    if (extra && o.extra_devices == 0) break;
    if (extra) {
      std::string error;
      const std::uint64_t start = storm::monotonic_ns();
      const std::size_t made = storm::create_taps(kExtraPrefix, o.extra_devices, error);
      std::printf("\n%zu extra tap interfaces made in %.1f s%s%s\n", made,
                  double(storm::monotonic_ns() - start) / 1e9, error.empty() ? "" : ": ",
                  error.c_str());
      if (made != o.extra_devices) {
        storm::delete_taps(kExtraPrefix, o.extra_devices);
        return 1;
      }
    }
    for (int i = 0; i < o.runs && !g_interrupted; ++i) {
      for (const bool is_paced : {false, true}) {
        if (is_paced ? !o.paced : !o.saturated) continue;
        const std::string mode =
            std::string(is_paced ? "paced" : "saturated") + (extra ? " (extra devices)" : "");
        std::optional<Run> run = run_once(o, device, is_paced);
        if (!run) {
          if (extra) storm::delete_taps(kExtraPrefix, o.extra_devices);
          return 1;
        }
        print_run(*run, mode.c_str(), i + 1, o.runs);
        auto& into =
            extra ? (is_paced ? paced_extra : saturated_extra) : (is_paced ? paced : saturated);
        into.push_back(std::move(*run));
      }
    }
    if (extra) storm::delete_taps(kExtraPrefix, o.extra_devices);
  }
  print_summary(saturated, "saturated", o);
  print_summary(paced, "paced", o);
  print_summary(saturated_extra, "saturated, extra devices", o);
  print_summary(paced_extra, "paced, extra devices", o);
  print_targets(saturated, paced);
  print_issue14_targets(saturated, paced, o.add_remove || o.taps);  // taps: add/remove targets
  print_flatness_targets(saturated.empty() ? paced : saturated,
                         saturated.empty() ? paced_extra : saturated_extra, o);
  std::printf("load at the end: %s\n", load_average().c_str());
  return g_interrupted ? 1 : 0;
}
