// libFuzzer target for DEVPROP_FILTER_EXPRESSION arrays, end to end through DevGetObjects and
// DevCreateObjectQuery over the engine on an in-memory source with three devices. An input is a
// sequence of expressions, each: operator (4 bytes, little-endian), key index (1 byte, into
// kKeys), DEVPROPTYPE (4 bytes), flags (1 byte: bit 0 NULL buffer, bit 1 user store), value
// length (1 byte), then that many value bytes (fewer at the end of the input). Checked:
//  - DevGetObjects answers S_OK or E_INVALIDARG, and leaves its outputs alone on E_INVALIDARG;
//  - a filter that closes a bracket it never opened is refused;
//  - any other filter and its negation (NOT_OPEN ... NOT_CLOSE) are valid together and split the
//    objects into two disjoint sets that make up all of them (a stray CLOSE is the exception: the
//    negation's own brackets can pair with it, as in "NOT_CLOSE NOT_OPEN");
//  - a live query with the filter reports exactly DevGetObjects' objects, then
//    DevQueryStateEnumCompleted, and nothing after DevCloseObjectQuery returns.
// Crashes, leaks and hangs are failures too.
#include <devpkey.h>
#include <devquery.h>
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "engine/engine.hpp"
#include "engine/memory_source.hpp"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

const DEVPROPKEY* const kKeys[] = {
    &DEVPKEY_Device_InstanceId,    &DEVPKEY_Device_HardwareIds, &DEVPKEY_NAME,
    &DEVPKEY_Device_DevNodeStatus, &DEVPKEY_Device_Parent,      &DEVPKEY_Device_DeviceDesc,
    &DEVPKEY_Device_ClassGuid,     &DEVPKEY_Device_ProblemCode, &DEVPKEY_Device_Children,
    &DEVPKEY_Device_Manufacturer};

std::shared_ptr<cmnotify::Device> device(const char* id, const char* parent, const char* syspath) {
  auto d = std::make_shared<cmnotify::Device>();
  d->instance_id = id;
  d->parent_instance_id = parent;
  d->syspath = syspath;
  d->started = true;
  return d;
}

void set_up_once() {
  static const bool done = [] {
    auto source = std::make_shared<cmnotify::engine::MemorySource>();
    auto hub = device("USB\\ROOT_HUB30\\4&1A2B3C&0&0", "", "/sys/devices/pci0000:00/usb1");
    hub->description = "USB Root Hub";
    source->add_device(hub);
    auto cam = device("USB\\VID_046D&PID_0826\\9DC49FA0", "USB\\ROOT_HUB30\\4&1A2B3C&0&0",
                      "/sys/devices/pci0000:00/usb1/1-2");
    cam->hardware_ids = {"USB\\VID_046D&PID_0826&REV_0010", "USB\\VID_046D&PID_0826"};
    cam->description = "HD Webcam C525";
    cam->manufacturer = "Logitech, Inc.";
    source->add_device(cam);
    auto odd = device("SWD\\NET\\\xc3\xa9T\xe2\x82\xac", "", "/sys/devices/virtual/net/x");
    odd->started = false;
    source->add_device(odd);
    return cmnotify::engine::Engine::instance().set_source(source);
  }();
  check(done);
}

// The parsed input: expressions and the values they point to.
struct Parsed {
  std::vector<DEVPROP_FILTER_EXPRESSION> expressions;
  std::deque<std::vector<std::uint8_t>> values;
};

template <typename T>
T take(const std::uint8_t*& p, const std::uint8_t* end) {
  T v{};
  const std::size_t n = std::min<std::size_t>(sizeof v, static_cast<std::size_t>(end - p));
  std::memcpy(&v, p, n);
  p += n;
  return v;
}

Parsed parse(const std::uint8_t* p, std::size_t size) {
  Parsed out;
  const std::uint8_t* end = p + size;
  while (p < end && out.expressions.size() < 64) {
    DEVPROP_FILTER_EXPRESSION e{};
    const auto op = take<std::uint32_t>(p, end);
    std::memcpy(&e.Operator, &op, sizeof op);  // any bits, as C code may store them
    e.Property.CompKey.Key = *kKeys[take<std::uint8_t>(p, end) % std::size(kKeys)];
    e.Property.Type = take<std::uint32_t>(p, end);
    const auto flags = take<std::uint8_t>(p, end);
    e.Property.CompKey.Store = (flags & 2) ? DEVPROP_STORE_USER : DEVPROP_STORE_SYSTEM;
    const std::size_t length =
        std::min<std::size_t>(take<std::uint8_t>(p, end), static_cast<std::size_t>(end - p));
    out.values.emplace_back(p, p + length);
    p += length;
    e.Property.BufferSize = static_cast<ULONG>(length);
    e.Property.Buffer = (flags & 1) || length == 0 ? nullptr : out.values.back().data();
    out.expressions.push_back(e);
  }
  return out;
}

// Whether some CLOSE in the filter has no OPEN before it to pair with: counted independently of
// the library's bracket rule, on the exact operator values.
bool closes_unopened_bracket(const std::vector<DEVPROP_FILTER_EXPRESSION>& filter) {
  long depth = 0;
  for (const DEVPROP_FILTER_EXPRESSION& e : filter) {
    std::uint32_t op = 0;
    std::memcpy(&op, &e.Operator, sizeof op);
    if (op == DEVPROP_OPERATOR_AND_OPEN || op == DEVPROP_OPERATOR_OR_OPEN ||
        op == DEVPROP_OPERATOR_NOT_OPEN) {
      ++depth;
    } else if ((op == DEVPROP_OPERATOR_AND_CLOSE || op == DEVPROP_OPERATOR_OR_CLOSE ||
                op == DEVPROP_OPERATOR_NOT_CLOSE) &&
               --depth < 0) {
      return true;
    }
  }
  return false;
}

// DevGetObjects' IDs for a filter; false when it is refused.
bool objects(const std::vector<DEVPROP_FILTER_EXPRESSION>& filter,
             std::multiset<std::wstring>& ids) {
  ULONG count = 0xdeadbeef;
  const DEV_OBJECT* list = reinterpret_cast<const DEV_OBJECT*>(0x1);
  const HRESULT hr = DevGetObjects(DevObjectTypeDevice, DevQueryFlagNone, 0, nullptr,
                                   static_cast<ULONG>(filter.size()),
                                   filter.empty() ? nullptr : filter.data(), &count, &list);
  check(hr == S_OK || hr == E_INVALIDARG);
  if (hr != S_OK) {
    check(count == 0xdeadbeef && list == reinterpret_cast<const DEV_OBJECT*>(0x1));
    return false;
  }
  check((count == 0) == (list == nullptr));
  for (ULONG i = 0; i < count; ++i) ids.insert(list[i].pszObjectId);
  DevFreeObjects(count, list);
  return true;
}

struct Live {
  std::mutex mutex;
  std::condition_variable cv;
  std::multiset<std::wstring> ids;
  bool completed = false;
  std::atomic<bool> closed{false};
};

void WINAPI on_result(HDEVQUERY, PVOID context, const DEV_QUERY_RESULT_ACTION_DATA* data) {
  auto* live = static_cast<Live*>(context);
  check(!live->closed.load());
  std::lock_guard lock(live->mutex);
  if (data->Action == DevQueryResultStateChange) {
    check(data->Data.State == DevQueryStateEnumCompleted && !live->completed);
    live->completed = true;
  } else {
    check(data->Action == DevQueryResultAdd && !live->completed);
    live->ids.insert(data->Data.DeviceObject.pszObjectId);
  }
  live->cv.notify_all();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  set_up_once();
  const Parsed parsed = parse(data, size);
  std::multiset<std::wstring> all, selected, rejected;
  check(objects({}, all));
  check(all.size() == 4);  // the root and three devices
  const bool valid = objects(parsed.expressions, selected);
  if (parsed.expressions.empty()) return 0;
  if (closes_unopened_bracket(parsed.expressions)) {
    check(!valid);
    return 0;
  }
  std::vector<DEVPROP_FILTER_EXPRESSION> negated;
  negated.push_back(DEVPROP_FILTER_EXPRESSION{DEVPROP_OPERATOR_NOT_OPEN, {}});
  negated.insert(negated.end(), parsed.expressions.begin(), parsed.expressions.end());
  negated.push_back(DEVPROP_FILTER_EXPRESSION{DEVPROP_OPERATOR_NOT_CLOSE, {}});
  check(objects(negated, rejected) == valid);
  if (!valid) return 0;
  for (const std::wstring& id : selected) check(rejected.count(id) == 0);
  check(selected.size() + rejected.size() == all.size());

  Live live;
  HDEVQUERY query = nullptr;
  check(DevCreateObjectQuery(DevObjectTypeDevice, DevQueryFlagUpdateResults, 0, nullptr,
                             static_cast<ULONG>(parsed.expressions.size()),
                             parsed.expressions.data(), on_result, &live, &query) == S_OK);
  {
    std::unique_lock lock(live.mutex);
    check(live.cv.wait_for(lock, std::chrono::seconds(5), [&] { return live.completed; }));
    check(live.ids == selected);
  }
  DevCloseObjectQuery(query);
  live.closed = true;
  return 0;
}
