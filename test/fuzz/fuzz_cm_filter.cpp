// libFuzzer target for CM_Register_Notification / CM_Unregister_Notification, end to end over the
// engine on an in-memory source. An input is one choice byte and the bytes of a CM_NOTIFY_FILTER
// (zero-padded when short). The choice byte makes pointer arguments NULL, can force cbSize right
// (so mutations reach the later rows of the table), and can publish a device the registration
// selects, or point a DEVICEHANDLE filter at an open /dev/null, which the source has as a present
// device. Checked, for every input:
//  - the CR_ code is the one an independent reading of the validation table in
//    docs/win32-api.md gives (for DEVICEHANDLE, what fstat() says the descriptor is);
//  - the out handle is NULL on every failure and a fresh, open handle on success;
//  - a successful registration receives the events of a device it selects, each with the context
//    it was given and event data of its filter type;
//  - after CM_Unregister_Notification returns no callback runs, a second call and a garbage
//    handle get CR_FAILURE, and no registration is left open.
// Crashes, leaks (LeakSanitizer) and hangs (the fuzzer's -timeout) are failures too.
#include <cfgmgr32.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cmnotify/device.hpp"
#include "engine/engine.hpp"
#include "engine/memory_source.hpp"
#include "win32/support/guid_convert.hpp"

namespace {

using cmnotify::engine::Engine;
using cmnotify::engine::MemorySource;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

enum Choice : std::uint8_t {
  kNullFilter = 1 << 0,
  kNullCallback = 1 << 1,
  kNullOut = 1 << 2,
  kNullContext = 1 << 3,
  kRightSize = 1 << 4,
  kPublish = 1 << 5,
  kDevNull = 1 << 6,  // hTarget = the handle of an open /dev/null
};

constexpr const char* kNullSyspath = "/sys/devices/virtual/mem/null";
constexpr const char* kFuzzSyspath = "/sys/devices/fuzz/0";

bool is_zero_guid(const GUID& g) {
  static const GUID zero{};
  return std::memcmp(&g, &zero, sizeof g) == 0;
}

bool is_scalar(std::int64_t c) { return c >= 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

// Rows 14 and 15: the descriptor must be a device node, and the source must have its device (the
// in-memory source has one, /dev/null's 1:3).
CONFIGRET expected_for_descriptor(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
    return CR_INVALID_DATA;
  return major(st.st_rdev) == 1 && minor(st.st_rdev) == 3 ? CR_SUCCESS : CR_NO_SUCH_DEVNODE;
}

// docs/win32-api.md, "CM_Register_Notification: validation, in order", rows 4 to 21.
CONFIGRET expected_for(const CM_NOTIFY_FILTER& f) {
  constexpr DWORD kAllClasses = 1, kAllInstances = 2;
  if (f.cbSize != sizeof(CM_NOTIFY_FILTER)) return CR_INVALID_DATA;
  if ((f.Flags & ~(kAllClasses | kAllInstances)) != 0) return CR_INVALID_FLAG;
  if (f.Flags == (kAllClasses | kAllInstances)) return CR_INVALID_FLAG;
  if (f.Reserved != 0) return CR_INVALID_DATA;
  DWORD type;
  std::memcpy(&type, &f.FilterType, sizeof type);
  switch (type) {
    case 0:  // DEVICEINTERFACE
      if ((f.Flags & kAllInstances) != 0) return CR_INVALID_FLAG;
      if ((f.Flags & kAllClasses) != 0)
        return is_zero_guid(f.u.DeviceInterface.ClassGuid) ? CR_SUCCESS : CR_INVALID_DATA;
      return is_zero_guid(f.u.DeviceInterface.ClassGuid) ? CR_INVALID_DATA : CR_SUCCESS;
    case 1: {  // DEVICEHANDLE
      if (f.Flags != 0) return CR_INVALID_FLAG;
      const auto value = reinterpret_cast<std::intptr_t>(f.u.DeviceHandle.hTarget);
      if (value <= 0 || value - 1 > INT_MAX) return CR_INVALID_DATA;
      return expected_for_descriptor(static_cast<int>(value - 1));
    }
    case 2: {  // DEVICEINSTANCE
      if ((f.Flags & kAllClasses) != 0) return CR_INVALID_FLAG;
      const WCHAR* id = f.u.DeviceInstance.InstanceId;
      std::size_t length = 0;
      while (length < MAX_DEVICE_ID_LEN && id[length] != 0) ++length;
      if (length == MAX_DEVICE_ID_LEN) return CR_INVALID_DATA;
      if ((f.Flags & kAllInstances) != 0) return length == 0 ? CR_SUCCESS : CR_INVALID_DATA;
      if (length == 0) return CR_INVALID_DATA;
      for (std::size_t i = 0; i < length; ++i)
        if (!is_scalar(static_cast<std::int64_t>(id[i]))) return CR_INVALID_DEVICE_ID;
      for (std::size_t i = 0; i < length; ++i) {
        const auto c = static_cast<std::int64_t>(id[i]);
        if (c < 0x21 || c > 0x7F || c == ',') return CR_INVALID_DEVICE_ID;
      }
      return CR_SUCCESS;
    }
    default: return CR_INVALID_DATA;
  }
}

// What the callback of the current input may see.
struct Expectation {
  void* context = nullptr;
  DWORD type = 0;  // FilterType of the filter, read as an integer
  std::mutex mutex;
  std::condition_variable cv;
  int calls = 0;
  std::atomic<bool> unregistered{false};
};

Expectation* g_expect = nullptr;

DWORD CALLBACK on_event(HCMNOTIFICATION handle, PVOID context, CM_NOTIFY_ACTION action,
                        PCM_NOTIFY_EVENT_DATA data, DWORD size) {
  Expectation& e = *g_expect;
  check(!e.unregistered.load());  // never after CM_Unregister_Notification returned
  check(handle != nullptr && context == e.context);
  check(action < CM_NOTIFY_ACTION_MAX);
  check(data != nullptr && size >= sizeof(CM_NOTIFY_EVENT_DATA));
  check(static_cast<DWORD>(data->FilterType) == e.type);
  {
    std::lock_guard lock(e.mutex);
    ++e.calls;
  }
  e.cv.notify_all();
  return ERROR_SUCCESS;
}

// A device `filter` selects (the filter passed validation).
cmnotify::DevicePtr device_for(const CM_NOTIFY_FILTER& f) {
  auto d = std::make_shared<cmnotify::Device>();
  d->syspath = kFuzzSyspath;
  d->started = true;
  d->instance_id = "ROOT\\FUZZ\\0000";
  if (f.FilterType == CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE && f.Flags == 0) {
    std::string id;
    for (const WCHAR* p = f.u.DeviceInstance.InstanceId; *p != 0; ++p) id += static_cast<char>(*p);
    d->instance_id = id;
  }
  cmnotify::Guid guid = cmnotify::make_guid(0x1, 0x2, 0x3, 4, 5, 6, 7, 8, 9, 10, 11);
  if (f.FilterType == CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE && f.Flags == 0)
    guid = cmnotify::win32::to_guid(f.u.DeviceInterface.ClassGuid);
  d->interfaces.push_back({guid, "\\\\?\\ROOT#FUZZ#0000#" + guid.to_string()});
  return d;
}

cmnotify::DevicePtr dev_null() {
  auto d = std::make_shared<cmnotify::Device>();
  d->syspath = kNullSyspath;
  d->instance_id = "ROOT\\MEM\\NULL";
  d->started = true;
  d->major = 1;
  d->minor = 3;
  return d;
}

// Threads of this process, as the kernel counts them (a thread is listed until it has exited).
std::size_t thread_count() {
  std::size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/task")) {
    while (const dirent* e = ::readdir(d)) n += e->d_name[0] != '.';
    ::closedir(d);
  }
  return n;
}

struct Fixture {
  std::size_t threads_before = thread_count();
  std::shared_ptr<MemorySource> memory = std::make_shared<MemorySource>();
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  Fixture() {
    check(null_fd >= 0);
    check(Engine::instance().set_source(memory));
    memory->add_device(dev_null());
  }
};

Fixture& fixture() {
  static Fixture* f = new Fixture;  // lives as long as the engine
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  MemorySource& memory = *fixture().memory;
  const std::uint8_t choice = size > 0 ? data[0] : 0;
  CM_NOTIFY_FILTER filter;
  std::memset(&filter, 0, sizeof filter);
  if (size > 1) std::memcpy(&filter, data + 1, std::min(size - 1, sizeof filter));
  if ((choice & kRightSize) != 0) filter.cbSize = sizeof filter;
  if ((choice & kDevNull) != 0)
    filter.u.DeviceHandle.hTarget = cmnotify_handle_from_fd(fixture().null_fd);

  Expectation expect;
  expect.context = (choice & kNullContext) != 0 ? nullptr : &expect;
  std::memcpy(&expect.type, &filter.FilterType, sizeof expect.type);  // any bits: not as an enum
  g_expect = &expect;

  HCMNOTIFICATION handle = reinterpret_cast<HCMNOTIFICATION>(std::uintptr_t{0xdead});
  PCM_NOTIFY_FILTER filter_arg = (choice & kNullFilter) != 0 ? nullptr : &filter;
  PCM_NOTIFY_CALLBACK callback = (choice & kNullCallback) != 0 ? nullptr : on_event;
  PHCMNOTIFICATION out = (choice & kNullOut) != 0 ? nullptr : &handle;
  const CONFIGRET cr = CM_Register_Notification(filter_arg, expect.context, callback, out);

  CONFIGRET want = CR_SUCCESS;
  if (out == nullptr) {
    want = CR_FAILURE;
  } else if (filter_arg == nullptr || callback == nullptr) {
    want = CR_INVALID_DATA;
  } else {
    want = expected_for(filter);
  }
  check(cr == want);
  if (out != nullptr) check((cr == CR_SUCCESS) == (handle != nullptr));
  check(Engine::instance().stats().registrations == (cr == CR_SUCCESS ? 1u : 0u));
  if (cr != CR_SUCCESS) return 0;

  check(Engine::instance().is_open(reinterpret_cast<std::uintptr_t>(handle)));
  const bool published = (choice & kPublish) != 0;
  const bool on_null = expect.type == CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE;
  if (published) {
    memory.add_device(on_null ? dev_null() : device_for(filter));  // /dev/null: replaced
    std::unique_lock lock(expect.mutex);
    check(expect.cv.wait_for(lock, std::chrono::seconds(20), [&] { return expect.calls > 0; }));
  }
  // A handle that was never issued (any other value) is not found.
  HCMNOTIFICATION garbage = nullptr;
  std::memcpy(&garbage, data + (size > sizeof garbage ? 1 : 0), std::min(size, sizeof garbage));
  if (garbage != handle) check(CM_Unregister_Notification(garbage) == CR_FAILURE);

  check(CM_Unregister_Notification(handle) == CR_SUCCESS);
  expect.unregistered = true;
  if (published) {  // nobody may hear these
    if (on_null) {
      memory.add_device(dev_null());
    } else {
      check(memory.remove_device(kFuzzSyspath));
    }
  }
  check(CM_Unregister_Notification(handle) == CR_FAILURE);
  check(Engine::instance().stats().registrations == 0);
  g_expect = nullptr;
  // The pool's threads leave once the last registration is gone. Waiting until they have exited
  // (their thread-local buffers freed) keeps each input's allocations balanced, so libFuzzer can
  // run LeakSanitizer after every input.
  if (published) {
    Engine::instance().wait_for_threads_to_exit();
    while (thread_count() > fixture().threads_before) std::this_thread::yield();
  }
  return 0;
}
