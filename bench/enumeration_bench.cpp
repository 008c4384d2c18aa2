// Enumeration with many devices, each measurement in a child process of its own (CPU from
// wait4(), peak memory from ru_maxrss), against libudev measured in the same run:
//   libudev       udev_enumerate_scan_devices, then every device's properties read, all kept
//   sd-device     systemd's sd_device_enumerator (libsystemd-dev; the same reading), all kept
//   enumerate     cmnotify::enumerate() (the C++ API), every device
//   find_device   cmnotify::find_device("lo") (one device, nothing subscribed)
//   tree_walk     the whole tree with CM_Locate_DevNode / CM_Get_Child / CM_Get_Sibling, nothing
//                 registered (the first call reads sysfs, the others reuse it while no uevent
//                 comes), and the same with a registration open (the live device map)
//   idle          a subscription to every device, idle: resident memory per device present and
//                 wake-ups over IDLE seconds (third field of /proc/PID/task/*/schedstat)
// Prints the median of RUNS runs (default 5) and the ratios.
// Usage: enumeration_bench [RUNS [IDLE_SECONDS (default 10)]]
// Create the extra devices first (docs/performance.md has the commands).
#include <Cfgmgr32.h>
#include <Windows.h>

#include <libudev.h>
#ifdef CMNOTIFY_HAVE_SD_DEVICE
#include <systemd/sd-device.h>
#endif
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "cmnotify/cmnotify.hpp"

namespace {

struct Cost {
  double cpu_ms = 0;
  double peak_mib = 0;
  long count = 0;  // what the work saw: devices or nodes
};

// Runs `work` in a child; its CPU and peak resident memory from wait4().
Cost in_child(const std::function<long()>& work) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) std::exit(2);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const long count = work();
    (void)!::write(pipe_fds[1], &count, sizeof count);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  Cost cost;
  (void)!::read(pipe_fds[0], &cost.count, sizeof cost.count);
  ::close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  cost.cpu_ms = ms(usage.ru_utime) + ms(usage.ru_stime);
  cost.peak_mib = usage.ru_maxrss / 1024.0;
  return cost;
}

long libudev_enumerate() {
  udev* u = udev_new();
  udev_enumerate* e = udev_enumerate_new(u);
  udev_enumerate_scan_devices(e);
  // Kept until the end, as enumerate() returns every device at once.
  std::vector<udev_device*> devices;
  udev_list_entry* entry = nullptr;
  udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(e)) {
    udev_device* d = udev_device_new_from_syspath(u, udev_list_entry_get_name(entry));
    if (d == nullptr) continue;
    udev_list_entry* p = nullptr;
    std::size_t bytes = 0;
    udev_list_entry_foreach(p, udev_device_get_properties_list_entry(d)) {
      bytes += std::string(udev_list_entry_get_value(p)).size();
    }
    if (bytes > 0)
      devices.push_back(d);
    else
      udev_device_unref(d);
  }
  const long n = static_cast<long>(devices.size());
  for (udev_device* d : devices) udev_device_unref(d);
  udev_enumerate_unref(e);
  udev_unref(u);
  return n;
}

#ifdef CMNOTIFY_HAVE_SD_DEVICE
// sd_device_enumerator over every device, each device's properties read, every device kept.
long sd_device_enumerate() {
  sd_device_enumerator* e = nullptr;
  if (sd_device_enumerator_new(&e) < 0) return -1;
  // Without udevd no device is "initialized": ask for them all, as libudev lists them.
  if (sd_device_enumerator_allow_uninitialized(e) < 0) return -1;
  std::vector<sd_device*> devices;
  for (sd_device* d = sd_device_enumerator_get_device_first(e); d != nullptr;
       d = sd_device_enumerator_get_device_next(e)) {
    std::size_t bytes = 0;
    const char* value = nullptr;
    for (const char* key = sd_device_get_property_first(d, &value); key != nullptr;
         key = sd_device_get_property_next(d, &value))
      bytes += std::string(value).size();
    if (bytes > 0) devices.push_back(sd_device_ref(d));
  }
  const long n = static_cast<long>(devices.size());
  for (sd_device* d : devices) sd_device_unref(d);
  sd_device_enumerator_unref(e);
  return n;
}
#endif

long cmnotify_enumerate() { return static_cast<long>(cmnotify::enumerate().size()); }

long cmnotify_find_lo() { return cmnotify::find_device("lo") ? 1 : 0; }

long walk_tree() {
  long nodes = 0;
  DEVINST root = 0;
  if (CM_Locate_DevNodeW(&root, nullptr, CM_LOCATE_DEVNODE_NORMAL) != CR_SUCCESS) return -1;
  std::vector<DEVINST> stack{root};
  while (!stack.empty()) {
    const DEVINST node = stack.back();
    stack.pop_back();
    ++nodes;
    DEVINST child = 0;
    if (CM_Get_Child(&child, node, 0) != CR_SUCCESS) continue;
    do stack.push_back(child);
    while (CM_Get_Sibling(&child, child, 0) == CR_SUCCESS);
  }
  return nodes;
}

DWORD CALLBACK ignore(HCMNOTIFICATION, PVOID, CM_NOTIFY_ACTION, PCM_NOTIFY_EVENT_DATA, DWORD) {
  return ERROR_SUCCESS;
}

long walk_tree_registered() {
  CM_NOTIFY_FILTER filter{};
  filter.cbSize = sizeof filter;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  filter.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES;
  HCMNOTIFICATION handle = nullptr;
  if (CM_Register_Notification(&filter, nullptr, ignore, &handle) != CR_SUCCESS) return -1;
  const long nodes = walk_tree();
  CM_Unregister_Notification(handle);
  return nodes;
}

Cost median(int runs, const std::function<long()>& work) {
  std::vector<Cost> costs;
  for (int i = 0; i < runs; ++i) costs.push_back(in_child(work));
  auto by = [&](auto field) {
    std::vector<double> v;
    for (const Cost& c : costs) v.push_back(c.*field);
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  return {by(&Cost::cpu_ms), by(&Cost::peak_mib), costs.front().count};
}

// Times the threads of `pid` were scheduled in (switched to) so far.
long wakeups(pid_t pid) {
  long total = 0;
  const std::string dir = "/proc/" + std::to_string(pid) + "/task";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return -1;
  while (const dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream in(dir + "/" + e->d_name + "/schedstat");
    long long run = 0, wait = 0, slices = 0;
    if (in >> run >> wait >> slices) total += static_cast<long>(slices);
  }
  ::closedir(d);
  return total;
}

long resident_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:" && in >> value) return value;
  }
  return -1;
}

struct Idle {
  long devices = 0;
  long resident_kib = 0;
  long wakeups = 0;
};

// A child subscribed to every device, left idle: its memory and wake-ups, measured from here.
Idle idle_subscriber(int seconds) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) std::exit(2);
  const pid_t pid = ::fork();
  if (pid == 0) {
    auto subscription =
        cmnotify::subscribe(cmnotify::Filter::all_instances(), [](const cmnotify::Event&) {});
    const long devices = static_cast<long>(cmnotify::source_stats().devices);
    (void)!::write(pipe_fds[1], &devices, sizeof devices);
    while (true) ::pause();
  }
  ::close(pipe_fds[1]);
  Idle idle;
  (void)!::read(pipe_fds[0], &idle.devices, sizeof idle.devices);
  ::close(pipe_fds[0]);
  ::sleep(3);  // the pool's threads from the start-up go
  const long before = wakeups(pid);
  ::sleep(static_cast<unsigned>(seconds));
  idle.wakeups = wakeups(pid) - before;
  idle.resident_kib = resident_kib(pid);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return idle;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const Cost empty = median(runs, [] { return 0L; });
  const Cost udev = median(runs, libudev_enumerate);
#ifdef CMNOTIFY_HAVE_SD_DEVICE
  const Cost sd = median(runs, sd_device_enumerate);
#endif
  const Cost ours = median(runs, cmnotify_enumerate);
  const Cost one = median(runs, cmnotify_find_lo);
  const Cost walk = median(runs, walk_tree);
  const Cost walk_registered = median(runs, walk_tree_registered);
  std::printf("median of %d runs, each in a process of its own (CPU: user+system)\n", runs);
  auto row = [&](const char* name, const Cost& c) {
    std::printf("%-26s %8.1f ms CPU %7.1f MiB peak %6ld seen   CPU %.2fx libudev, peak %.2fx\n",
                name, c.cpu_ms, c.peak_mib, c.count, c.cpu_ms / udev.cpu_ms,
                c.peak_mib / udev.peak_mib);
  };
  row("empty process", empty);
  row("libudev enumerate+props", udev);
#ifdef CMNOTIFY_HAVE_SD_DEVICE
  row("sd-device enumerator+props", sd);
#else
  std::printf("sd-device enumerator: not built (no libsystemd-dev)\n");
#endif
  row("cmnotify enumerate()", ours);
#ifdef CMNOTIFY_HAVE_SD_DEVICE
  std::printf("cmnotify enumerate(): CPU %.2fx sd-device, peak %.2fx\n", ours.cpu_ms / sd.cpu_ms,
              ours.peak_mib / sd.peak_mib);
#endif
  row("cmnotify find_device(lo)", one);
  row("tree walk, unregistered", walk);
  row("tree walk, registered", walk_registered);
  std::printf("tree walk: %.1f us CPU per node unregistered, %.1f registered\n",
              (walk.cpu_ms - empty.cpu_ms) * 1e3 / std::max(1L, walk.count),
              (walk_registered.cpu_ms - empty.cpu_ms) * 1e3 / std::max(1L, walk_registered.count));
  const int idle_seconds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10;
  const Idle idle = idle_subscriber(idle_seconds);
  std::printf(
      "idle subscriber: %ld devices, %ld KiB resident (%.2f KiB per device), "
      "%ld wake-ups in %d s (%.1f a second)\n",
      idle.devices, idle.resident_kib,
      static_cast<double>(idle.resident_kib) / std::max(1L, idle.devices), idle.wakeups,
      idle_seconds, static_cast<double>(idle.wakeups) / idle_seconds);
  return 0;
}
