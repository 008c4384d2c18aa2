// The Dev query API against the in-memory source: argument and filter validation with the
// HRESULTs Windows gives (Wine's conformance tests, dlls/cfgmgr32/tests/cfgmgr32.c), each
// operator's evaluation on known devices, returned objects and properties, and live queries:
// present objects, DevQueryStateEnumCompleted, then additions and removals exactly once, closed
// from inside their callback.
#include <devpkey.h>
#include <devquery.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "support/memory_engine.hpp"
#include "win32/usb_devices.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using testing::kCamId;
using testing::kCamLink;
using testing::kHubId;
using testing::kHubLink;
using testing::wide;

// A filter value that owns its bytes.
struct Value {
  DEVPROPTYPE type = DEVPROP_TYPE_EMPTY;
  std::vector<BYTE> bytes;
};

Value text(const std::wstring& s, DEVPROPTYPE type = DEVPROP_TYPE_STRING) {
  Value v{type, {}};
  const auto* p = reinterpret_cast<const BYTE*>(s.c_str());
  v.bytes.assign(p, p + (s.size() + 1) * sizeof(wchar_t));
  return v;
}

Value uint32(ULONG x) {
  Value v{DEVPROP_TYPE_UINT32, std::vector<BYTE>(sizeof x)};
  std::memcpy(v.bytes.data(), &x, sizeof x);
  return v;
}

// Expressions whose values live as long as the builder.
class Filter {
 public:
  // Operators are taken as numbers and stored by their bytes, as a C caller's would be: a number
  // no operator has may not pass through the C++ enum.
  Filter& op(ULONG o) {
    DEVPROP_FILTER_EXPRESSION e{};
    std::memcpy(&e.Operator, &o, sizeof o);
    expressions_.push_back(e);
    return *this;
  }
  Filter& cmp(ULONG o, const DEVPROPKEY& key, Value value) {
    values_.push_back(std::move(value));
    DEVPROP_FILTER_EXPRESSION e{};
    std::memcpy(&e.Operator, &o, sizeof o);
    e.Property.CompKey = {key, DEVPROP_STORE_SYSTEM, nullptr};
    e.Property.Type = values_.back().type;
    e.Property.BufferSize = static_cast<ULONG>(values_.back().bytes.size());
    e.Property.Buffer = values_.back().bytes.empty() ? nullptr : values_.back().bytes.data();
    expressions_.push_back(e);
    return *this;
  }
  [[nodiscard]] ULONG count() const { return static_cast<ULONG>(expressions_.size()); }
  DEVPROP_FILTER_EXPRESSION* data() { return expressions_.data(); }
  DEVPROP_FILTER_EXPRESSION& back() { return expressions_.back(); }

 private:
  std::vector<DEVPROP_FILTER_EXPRESSION> expressions_;
  std::deque<Value> values_;
};

class Win32DevQuery : public testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    // The shared hub and camera, both started.
    testing::add_hub_and_camera(
        source(), [](Device& cam) { cam.started = true; }, [](Device& hub) { hub.started = true; });
  }

  // The IDs DevGetObjects returns for a filter, sorted; or the HRESULT in `hr`.
  static std::vector<std::wstring> ids(DEV_OBJECT_TYPE type, Filter& f, HRESULT* hr = nullptr) {
    ULONG count = 0xdeadbeef;
    const DEV_OBJECT* objects = nullptr;
    const HRESULT r = DevGetObjects(type, DevQueryFlagNone, 0, nullptr, f.count(),
                                    f.count() ? f.data() : nullptr, &count, &objects);
    if (hr != nullptr) *hr = r;
    std::vector<std::wstring> out;
    if (r != S_OK) return out;
    for (ULONG i = 0; i < count; ++i) out.emplace_back(objects[i].pszObjectId);
    DevFreeObjects(count, objects);
    std::sort(out.begin(), out.end());
    return out;
  }
};

// ---- Validation (E_INVALIDARG, outputs untouched) ----------------------------------------------

HRESULT get_with(Filter& f, ULONG* count_out = nullptr) {
  ULONG count = 0xdeadbeef;
  const DEV_OBJECT* objects = reinterpret_cast<const DEV_OBJECT*>(0x1);
  const HRESULT hr = DevGetObjects(DevObjectTypeDevice, DevQueryFlagNone, 0, nullptr, f.count(),
                                   f.data(), &count, &objects);
  if (hr != S_OK) {
    EXPECT_EQ(count, 0xdeadbeefu) << "outputs are not touched when the filter is refused";
    EXPECT_EQ(objects, reinterpret_cast<const DEV_OBJECT*>(0x1));
  } else {
    DevFreeObjects(count, objects);
  }
  if (count_out != nullptr) *count_out = count;
  return hr;
}

TEST_F(Win32DevQuery, BadOperatorsAreInvalidArg) {
  for (ULONG op :
       {0xdeadbeefu, ULONG{DEVPROP_OPERATOR_MASK_LOGICAL}, 0x0000000cu, 0x00005000u, 0x00001002u,
        0x10000002u, 0x20000000u, 0x00040002u, ULONG{DEVPROP_OPERATOR_AND_OPEN} | 1u}) {
    Filter f;
    f.cmp(op, DEVPKEY_Device_InstanceId, text(L"x"));
    EXPECT_EQ(get_with(f), E_INVALIDARG) << std::hex << op;
  }
}

TEST_F(Win32DevQuery, UnbalancedOrEmptyBracketsAreInvalidArg) {
  const DEVPROP_OPERATOR opens[] = {DEVPROP_OPERATOR_AND_OPEN, DEVPROP_OPERATOR_OR_OPEN,
                                    DEVPROP_OPERATOR_NOT_OPEN};
  const DEVPROP_OPERATOR closes[] = {DEVPROP_OPERATOR_AND_CLOSE, DEVPROP_OPERATOR_OR_CLOSE,
                                     DEVPROP_OPERATOR_NOT_CLOSE};
  for (int i = 0; i < 3; ++i) {
    Filter lone_open;
    lone_open.op(opens[i]);
    EXPECT_EQ(get_with(lone_open), E_INVALIDARG);
    Filter lone_close;
    lone_close.cmp(DEVPROP_OPERATOR_EXISTS, DEVPKEY_Device_InstanceId, {}).op(closes[i]);
    EXPECT_EQ(get_with(lone_close), E_INVALIDARG);
    Filter empty;
    empty.op(opens[i]).op(closes[i]);
    EXPECT_EQ(get_with(empty), E_INVALIDARG);
    Filter empty_nested;
    empty_nested.op(opens[i]).op(opens[i]).op(closes[i]).op(closes[i]);
    EXPECT_EQ(get_with(empty_nested), E_INVALIDARG);
    for (int j = 0; j < 3; ++j) {
      if (i == j) continue;
      Filter mismatched;
      mismatched.op(opens[i])
          .cmp(DEVPROP_OPERATOR_EXISTS, DEVPKEY_Device_InstanceId, {})
          .op(closes[j]);
      EXPECT_EQ(get_with(mismatched), E_INVALIDARG) << i << " " << j;
    }
    Filter unclosed;
    unclosed.op(opens[i]).cmp(DEVPROP_OPERATOR_EXISTS, DEVPKEY_Device_InstanceId, {});
    EXPECT_EQ(get_with(unclosed), E_INVALIDARG);
  }
}

TEST_F(Win32DevQuery, ValuesThatAreNotTheirTypeAreInvalidArg) {
  auto refused = [&](Value v, DEVPROP_OPERATOR op = DEVPROP_OPERATOR_EQUALS) {
    Filter f;
    f.cmp(op, DEVPKEY_Device_InstanceId, std::move(v));
    return get_with(f) == E_INVALIDARG;
  };
  EXPECT_TRUE(refused({DEVPROP_TYPE_BOOLEAN, {0xff, 0xde, 0xad}}));  // wrong size
  EXPECT_TRUE(refused({DEVPROP_TYPE_UINT32, {1, 2}}));
  EXPECT_TRUE(refused({DEVPROP_TYPE_GUID, std::vector<BYTE>(15)}));
  Value unterminated = text(L"abc");
  unterminated.bytes.resize(unterminated.bytes.size() - sizeof(wchar_t));
  EXPECT_TRUE(refused(unterminated));
  Value odd = text(L"abc");
  odd.bytes.push_back(0);
  EXPECT_TRUE(refused(odd));
  EXPECT_TRUE(refused({0x999u, {1, 2, 3, 4}}));  // no such type
  EXPECT_TRUE(
      refused({DEVPROP_TYPE_UINT32 | DEVPROP_TYPEMOD_LIST, {1, 0, 0, 0}}));  // a list of ints
  EXPECT_TRUE(refused({DEVPROP_TYPE_EMPTY, {1}}));                           // EMPTY with bytes
  // A string list needs its final double NUL.
  Value list = text(L"ab", DEVPROP_TYPE_STRING_LIST);
  EXPECT_TRUE(refused(list, DEVPROP_OPERATOR_LIST_CONTAINS));
  // EXISTS looks at the key only (Wine): any value passes.
  EXPECT_FALSE(refused({DEVPROP_TYPE_GUID, {1}}, DEVPROP_OPERATOR_EXISTS));
  // A NULL buffer with a size is refused; so is a bad store.
  Filter null_buffer;
  null_buffer.cmp(DEVPROP_OPERATOR_EQUALS, DEVPKEY_Device_InstanceId, text(L"x"));
  null_buffer.back().Property.Buffer = nullptr;
  EXPECT_EQ(get_with(null_buffer), E_INVALIDARG);
  Filter bad_store;
  bad_store.cmp(DEVPROP_OPERATOR_EQUALS, DEVPKEY_Device_InstanceId, text(L"x"));
  bad_store.back().Property.CompKey.Store = static_cast<DEVPROPSTORE>(7);
  EXPECT_EQ(get_with(bad_store), E_INVALIDARG);
}

TEST_F(Win32DevQuery, ValuesNothingLooksAtAreNeverRead) {
  // EXISTS looks at the key only, and a bracket at its operator only: their buffer is never read,
  // whatever size it claims (a caller may leave a stale one there).
  const BYTE one = 0;
  constexpr ULONG kHuge = 0x40000000;  // far past `one`: reading it would fault
  Filter exists;
  exists.cmp(DEVPROP_OPERATOR_EXISTS, DEVPKEY_Device_HardwareIds, {});
  exists.back().Property.Type = DEVPROP_TYPE_BINARY;
  exists.back().Property.Buffer = const_cast<BYTE*>(&one);
  exists.back().Property.BufferSize = kHuge;
  ULONG count = 0;
  EXPECT_EQ(get_with(exists, &count), S_OK);
  EXPECT_EQ(count, 1u);  // the camera has hardware IDs
  Filter bracket;
  bracket.op(DEVPROP_OPERATOR_AND_OPEN)
      .cmp(DEVPROP_OPERATOR_EXISTS, DEVPKEY_Device_InstanceId, {})
      .op(DEVPROP_OPERATOR_AND_CLOSE);
  bracket.back().Property.Buffer = const_cast<BYTE*>(&one);
  bracket.back().Property.BufferSize = kHuge;
  EXPECT_EQ(get_with(bracket), S_OK);
  // A live query keeps its own copy of the filter: the same holds there.
  HDEVQUERY query = nullptr;
  ASSERT_EQ(DevCreateObjectQuery(
                DevObjectTypeDevice, DevQueryFlagNone, 0, nullptr, exists.count(), exists.data(),
                [](HDEVQUERY, PVOID, const DEV_QUERY_RESULT_ACTION_DATA*) {}, nullptr, &query),
            S_OK);
  DevCloseObjectQuery(query);
}

TEST_F(Win32DevQuery, CountsPointersAndFlagsAreCheckedAsOnWindows) {
  ULONG count = 0;
  const DEV_OBJECT* objects = nullptr;
  DEVPROPCOMPKEY key{DEVPKEY_Device_InstanceId, DEVPROP_STORE_SYSTEM, nullptr};
  DEVPROP_FILTER_EXPRESSION f{};
  EXPECT_EQ(DevGetObjects(DevObjectTypeDevice, 0, 1, nullptr, 0, nullptr, &count, &objects),
            E_INVALIDARG);  // count without array
  EXPECT_EQ(DevGetObjects(DevObjectTypeDevice, 0, 0, nullptr, 1, nullptr, &count, &objects),
            E_INVALIDARG);  // NULL filter with a count
  EXPECT_EQ(DevGetObjects(DevObjectTypeDevice, 0, 0, &key, 0, nullptr, &count, &objects),
            E_INVALIDARG);  // array without count
  EXPECT_EQ(DevGetObjects(DevObjectTypeDevice, 0, 0, nullptr, 0, &f, &count, &objects),
            E_INVALIDARG);
  for (ULONG flags : {ULONG{DevQueryFlagUpdateResults}, ULONG{DevQueryFlagAsyncClose}, 0xdeadbeefu})
    EXPECT_EQ(DevGetObjects(DevObjectTypeDevice, flags, 0, nullptr, 0, nullptr, &count, &objects),
              E_INVALIDARG);
  EXPECT_EQ(DevGetObjects(DevObjectTypeDevice, DevQueryFlagAllProperties, 1, &key, 0, nullptr,
                          &count, &objects),
            E_INVALIDARG);
  EXPECT_EQ(DevGetObjects(DevObjectTypeDevice, 0, 0, nullptr, 0, nullptr, nullptr, &objects),
            E_POINTER);
  DEV_QUERY_PARAMETER parameter{};
  EXPECT_EQ(DevGetObjectsEx(DevObjectTypeDevice, 0, 0, nullptr, 0, nullptr, 1, &parameter, &count,
                            &objects),
            E_INVALIDARG);
  // A type cmnotify has no objects of: none, S_OK (as Windows for DevObjectTypeUnknown).
  count = 0xdeadbeef;
  objects = reinterpret_cast<const DEV_OBJECT*>(0x1);
  EXPECT_EQ(DevGetObjects(static_cast<DEV_OBJECT_TYPE>(0xdeadbeef), 0, 0, nullptr, 0, nullptr,
                          &count, &objects),
            S_OK);
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(objects, nullptr);
  // NONE is accepted and matches nothing (Wine).
  Filter none;
  none.op(DEVPROP_OPERATOR_NONE);
  ULONG n = 1;
  EXPECT_EQ(get_with(none, &n), S_OK);
  EXPECT_EQ(n, 0u);
}

// ---- Evaluation
// ----------------------------------------------------------------------------------

TEST_F(Win32DevQuery, ComparisonOperatorsSelectTheRightDevices) {
  const std::wstring root = L"HTREE\\ROOT\\0";
  const std::wstring hub = wide(kHubId), cam = wide(kCamId);
  auto run = [&](Filter f) { return ids(DevObjectTypeDevice, f); };
  using V = std::vector<std::wstring>;
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_EQUALS, DEVPKEY_Device_InstanceId, text(cam))),
            V{cam});
  // Case: EQUALS is exact, the IGNORE_CASE modifier folds.
  std::wstring lower = cam;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::towlower);
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_EQUALS, DEVPKEY_Device_InstanceId, text(lower))),
            V{});
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_EQUALS_IGNORE_CASE, DEVPKEY_Device_InstanceId,
                             text(lower))),
            V{cam});
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_NOT_EQUALS, DEVPKEY_Device_InstanceId, text(cam))),
            (V{root, hub}));
  EXPECT_EQ(
      run(Filter().cmp(DEVPROP_OPERATOR_BEGINS_WITH, DEVPKEY_Device_InstanceId, text(L"USB\\"))),
      (V{hub, cam}));
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_ENDS_WITH_IGNORE_CASE, DEVPKEY_Device_InstanceId,
                             text(L"9dc49fa0"))),
            V{cam});
  EXPECT_EQ(
      run(Filter().cmp(DEVPROP_OPERATOR_CONTAINS, DEVPKEY_Device_InstanceId, text(L"ROOT_HUB"))),
      V{hub});
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_LIST_CONTAINS, DEVPKEY_Device_HardwareIds,
                             text(L"USB\\VID_046D&PID_0826"))),
            V{cam});
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_LIST_ELEMENT_BEGINS_WITH_IGNORE_CASE,
                             DEVPKEY_Device_HardwareIds, text(L"usb\\vid_046d"))),
            V{cam});
  // EXISTS / NOT_EXISTS, and EQUALS "nothing" meaning "does not exist" (Wine).
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_EXISTS, DEVPKEY_Device_HardwareIds, {})), V{cam});
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_NOT_EXISTS, DEVPKEY_Device_HardwareIds, {})),
            (V{root, hub}));
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_EQUALS, DEVPKEY_Device_HardwareIds, {})),
            (V{root, hub}));
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_NOT_EQUALS, DEVPKEY_Device_HardwareIds, {})), V{cam});
  // A value of another type than the property's never equals it; NOT turns that round.
  EXPECT_EQ(run(Filter().cmp(DEVPROP_OPERATOR_EQUALS, DEVPKEY_Device_InstanceId, uint32(1))), V{});
}

TEST_F(Win32DevQuery, OrderingComparesNumbers) {
  // DevNodeStatus is a UINT32 every node has; a started node has DN_STARTED (0x8).
  auto run = [&](DEVPROP_OPERATOR op, ULONG v) {
    Filter f;
    f.cmp(op, DEVPKEY_Device_DevNodeStatus, uint32(v));
    return ids(DevObjectTypeDevice, f).size();
  };
  EXPECT_EQ(run(DEVPROP_OPERATOR_GREATER_THAN, 0), 3u);
  EXPECT_EQ(run(DEVPROP_OPERATOR_LESS_THAN, 0), 0u);
  EXPECT_EQ(run(DEVPROP_OPERATOR_LESS_THAN_EQUALS, 0xffffffffu), 3u);
  EXPECT_EQ(run(DEVPROP_OPERATOR_GREATER_THAN_EQUALS, 0xffffffffu), 0u);
  EXPECT_EQ(run(static_cast<DEVPROP_OPERATOR>(DEVPROP_OPERATOR_GREATER_THAN_EQUALS |
                                              DEVPROP_OPERATOR_MODIFIER_NOT),
                0xffffffffu),
            3u);
  EXPECT_EQ(run(DEVPROP_OPERATOR_BITWISE_AND, DN_STARTED), 3u);
}

TEST_F(Win32DevQuery, LogicalOperatorsCombine) {
  const std::wstring root = L"HTREE\\ROOT\\0";
  const std::wstring hub = wide(kHubId), cam = wide(kCamId);
  using V = std::vector<std::wstring>;
  auto is = [](const std::wstring& id) {
    return std::make_pair(DEVPROP_OPERATOR_EQUALS, text(id));
  };
  Filter any;
  any.op(DEVPROP_OPERATOR_OR_OPEN)
      .cmp(is(cam).first, DEVPKEY_Device_InstanceId, is(cam).second)
      .cmp(is(hub).first, DEVPKEY_Device_InstanceId, is(hub).second)
      .op(DEVPROP_OPERATOR_OR_CLOSE);
  EXPECT_EQ(ids(DevObjectTypeDevice, any), (V{hub, cam}));
  Filter none;
  none.op(DEVPROP_OPERATOR_NOT_OPEN)
      .op(DEVPROP_OPERATOR_OR_OPEN)
      .cmp(is(cam).first, DEVPKEY_Device_InstanceId, is(cam).second)
      .cmp(is(hub).first, DEVPKEY_Device_InstanceId, is(hub).second)
      .op(DEVPROP_OPERATOR_OR_CLOSE)
      .op(DEVPROP_OPERATOR_NOT_CLOSE);
  EXPECT_EQ(ids(DevObjectTypeDevice, none), V{root});
  // Side by side: AND.
  Filter both;
  both.cmp(DEVPROP_OPERATOR_BEGINS_WITH, DEVPKEY_Device_InstanceId, text(L"USB"))
      .op(DEVPROP_OPERATOR_NOT_OPEN)
      .cmp(DEVPROP_OPERATOR_EXISTS, DEVPKEY_Device_HardwareIds, {})
      .op(DEVPROP_OPERATOR_NOT_CLOSE);
  EXPECT_EQ(ids(DevObjectTypeDevice, both), V{hub});
  Filter and_group;
  and_group.op(DEVPROP_OPERATOR_AND_OPEN)
      .cmp(DEVPROP_OPERATOR_BEGINS_WITH, DEVPKEY_Device_InstanceId, text(L"USB"))
      .cmp(DEVPROP_OPERATOR_CONTAINS, DEVPKEY_Device_InstanceId, text(L"PID_0826"))
      .op(DEVPROP_OPERATOR_AND_CLOSE);
  EXPECT_EQ(ids(DevObjectTypeDevice, and_group), V{cam});
}

// ---- Objects and properties
// ----------------------------------------------------------------------

TEST_F(Win32DevQuery, InterfacesWithRequestedPropertiesAndFindProperty) {
  DEVPROPCOMPKEY keys[] = {{DEVPKEY_Device_InstanceId, DEVPROP_STORE_SYSTEM, nullptr},
                           {DEVPKEY_Device_InstanceId, DEVPROP_STORE_SYSTEM, nullptr},
                           {DEVPKEY_Device_Manufacturer, DEVPROP_STORE_USER, nullptr}};
  ULONG count = 0;
  const DEV_OBJECT* objects = nullptr;
  ASSERT_EQ(DevGetObjects(DevObjectTypeDeviceInterface, 0, 3, keys, 0, nullptr, &count, &objects),
            S_OK);
  ASSERT_EQ(count, 2u);
  for (ULONG i = 0; i < count; ++i) {
    const DEV_OBJECT& o = objects[i];
    EXPECT_EQ(o.ObjectType, DevObjectTypeDeviceInterface);
    ASSERT_EQ(o.cPropertyCount, 3u) << "duplicates are kept, missing ones are EMPTY";
    const DEVPROPERTY* id = DevFindProperty(&DEVPKEY_Device_InstanceId, DEVPROP_STORE_SYSTEM,
                                            nullptr, o.cPropertyCount, o.pProperties);
    ASSERT_EQ(id, &o.pProperties[0]);
    EXPECT_EQ(id->Type, DEVPROP_TYPE_STRING);
    const std::wstring link = o.pszObjectId;
    const std::wstring owner = static_cast<const wchar_t*>(id->Buffer);
    EXPECT_TRUE(link == wide(kCamLink) ? owner == wide(kCamId) : owner == wide(kHubId)) << link;
    EXPECT_EQ(o.pProperties[2].Type, DEVPROP_TYPE_EMPTY);
    EXPECT_EQ(o.pProperties[2].Buffer, nullptr);
    EXPECT_EQ(DevFindProperty(&DEVPKEY_Device_Manufacturer, DEVPROP_STORE_SYSTEM, nullptr,
                              o.cPropertyCount, o.pProperties),
              nullptr);
  }
  DevFreeObjects(count, objects);
  EXPECT_EQ(DevFindProperty(&DEVPKEY_Device_InstanceId, DEVPROP_STORE_SYSTEM, nullptr, 0,
                            reinterpret_cast<const DEVPROPERTY*>(0xdeadbeef)),
            nullptr);
  EXPECT_EQ(DevFindProperty(nullptr, DEVPROP_STORE_SYSTEM, nullptr, 0, nullptr), nullptr);
}

TEST_F(Win32DevQuery, ObjectPropertiesOfOneObject) {
  ULONG count = 0;
  const DEVPROPERTY* props = nullptr;
  const std::wstring cam = wide(kCamId);
  ASSERT_EQ(DevGetObjectProperties(DevObjectTypeDevice, cam.c_str(), DevQueryFlagAllProperties, 0,
                                   nullptr, &count, &props),
            S_OK);
  const DEVPROPERTY* name =
      DevFindProperty(&DEVPKEY_NAME, DEVPROP_STORE_SYSTEM, nullptr, count, props);
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(std::wstring(static_cast<const wchar_t*>(name->Buffer)), L"HD Webcam C525");
  DevFreeObjectProperties(count, props);
  // Windows' answers for what is not there (Wine).
  EXPECT_EQ(DevGetObjectProperties(DevObjectTypeDevice, L"NO\\SUCH\\DEVICE", 0, 0, nullptr, &count,
                                   &props),
            HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
  EXPECT_EQ(DevGetObjectProperties(DevObjectTypeUnknown, nullptr, 0, 0, nullptr, nullptr, nullptr),
            HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
  EXPECT_EQ(DevGetObjectProperties(DevObjectTypeDeviceInterface, nullptr, 0, 0, nullptr, nullptr,
                                   nullptr),
            E_INVALIDARG);
  EXPECT_EQ(DevGetObjectProperties(DevObjectTypeUnknown, nullptr, DevQueryFlagAsyncClose, 0,
                                   nullptr, nullptr, nullptr),
            E_INVALIDARG);
  EXPECT_EQ(DevGetObjectProperties(DevObjectTypeDeviceInterface, L"foobar",
                                   DevQueryFlagUpdateResults, 0, nullptr, nullptr, nullptr),
            E_INVALIDARG);
}

// ---- Live queries
// --------------------------------------------------------------------------------

struct Results {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::pair<DEV_QUERY_RESULT_ACTION, std::wstring>> seen;  // state: L"#<state>"
  bool close_on_remove = false;
  HDEVQUERY closed_from_callback = nullptr;

  void add(DEV_QUERY_RESULT_ACTION action, std::wstring id) {
    std::lock_guard lock(mutex);
    seen.emplace_back(action, std::move(id));
    cv.notify_all();
  }
  bool wait_for(const std::pair<DEV_QUERY_RESULT_ACTION, std::wstring>& wanted) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(20),
                       [&] { return std::find(seen.begin(), seen.end(), wanted) != seen.end(); });
  }
  std::size_t count(const std::pair<DEV_QUERY_RESULT_ACTION, std::wstring>& wanted) {
    std::lock_guard lock(mutex);
    return static_cast<std::size_t>(std::count(seen.begin(), seen.end(), wanted));
  }
};

void WINAPI on_result(HDEVQUERY query, PVOID context, const DEV_QUERY_RESULT_ACTION_DATA* data) {
  auto* results = static_cast<Results*>(context);
  if (data->Action == DevQueryResultStateChange) {
    results->add(data->Action, L"#" + std::to_wstring(data->Data.State));
    return;
  }
  if (data->Action == DevQueryResultRemove && results->close_on_remove) {
    DevCloseObjectQuery(query);  // inside its own callback: returns at once
    results->closed_from_callback = query;
  }
  results->add(data->Action, data->Data.DeviceObject.pszObjectId);
}

const std::pair<DEV_QUERY_RESULT_ACTION, std::wstring> kCompleted{
    DevQueryResultStateChange, L"#" + std::to_wstring(DevQueryStateEnumCompleted)};

TEST_F(Win32DevQuery, LiveInterfaceQueryPresentThenCompletedThenChanges) {
  Results results;
  results.close_on_remove = true;
  HDEVQUERY query = nullptr;
  Filter usb_devices;  // only the USB device interface class
  GUID usb_device =
      GUID{0xa5dcbf10, 0x6530, 0x11d2, {0x90, 0x1f, 0x00, 0xc0, 0x4f, 0xb9, 0x51, 0xed}};
  Value guid{DEVPROP_TYPE_GUID, std::vector<BYTE>(sizeof usb_device)};
  std::memcpy(guid.bytes.data(), &usb_device, sizeof usb_device);
  usb_devices.cmp(DEVPROP_OPERATOR_EQUALS, DEVPKEY_DeviceInterface_ClassGuid, guid);
  ASSERT_EQ(
      DevCreateObjectQuery(DevObjectTypeDeviceInterface, DevQueryFlagUpdateResults, 0, nullptr,
                           usb_devices.count(), usb_devices.data(), on_result, &results, &query),
      S_OK);
  ASSERT_NE(query, nullptr);
  ASSERT_TRUE(results.wait_for(kCompleted));
  {
    std::lock_guard lock(results.mutex);
    ASSERT_EQ(results.seen.size(), 2u) << "one present object, then the end of them";
    EXPECT_EQ(results.seen[0], std::make_pair(DevQueryResultAdd, wide(kCamLink)));
    EXPECT_EQ(results.seen[1], kCompleted);
  }
  const std::string link2 = "\\\\?\\USB#VID_1234&PID_5678#1#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";
  auto stick = testing::make_device("USB\\VID_1234&PID_5678\\1",
                                    "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-3",
                                    {{interface_class::usb_device, link2}});
  source().add_device(stick);
  ASSERT_TRUE(results.wait_for({DevQueryResultAdd, wide(link2)}));
  source().remove_device(detail::device_key(*stick));
  ASSERT_TRUE(results.wait_for({DevQueryResultRemove, wide(link2)}));
  EXPECT_EQ(results.closed_from_callback, query);
  // Closed inside that callback: nothing after it, and closing again is harmless.
  source().add_device(stick);
  source().remove_device(detail::device_key(*stick));
  DevCloseObjectQuery(query);
  EXPECT_EQ(results.count({DevQueryResultAdd, wide(link2)}), 1u);
  EXPECT_EQ(results.count({DevQueryResultRemove, wide(link2)}), 1u);
  EXPECT_EQ(results.count(kCompleted), 1u);
}

TEST_F(Win32DevQuery, DeviceQueryWithoutUpdatesStopsAtCompletionAndAsyncCloseSaysClosed) {
  Results results;
  HDEVQUERY query = nullptr;
  ASSERT_EQ(DevCreateObjectQuery(DevObjectTypeDevice, DevQueryFlagAsyncClose, 0, nullptr, 0,
                                 nullptr, on_result, &results, &query),
            S_OK);
  ASSERT_TRUE(results.wait_for(kCompleted));
  source().add_device(testing::make_device("ROOT\\LATE\\0", "/sys/devices/virtual/late"));
  DevCloseObjectQuery(query);
  std::lock_guard lock(results.mutex);
  // Root, hub, camera, completed, closed: nothing of the late device without UpdateResults.
  ASSERT_EQ(results.seen.size(), 5u);
  EXPECT_EQ(results.seen[0].second, L"HTREE\\ROOT\\0");
  EXPECT_EQ(results.seen[3], kCompleted);
  EXPECT_EQ(results.seen[4],
            std::make_pair(DevQueryResultStateChange, L"#" + std::to_wstring(DevQueryStateClosed)));
}

TEST_F(Win32DevQuery, CreateQueryValidation) {
  Results results;
  HDEVQUERY query = reinterpret_cast<HDEVQUERY>(0x1);
  EXPECT_EQ(DevCreateObjectQuery(DevObjectTypeDeviceInterface, 0, 0, nullptr, 0, nullptr, nullptr,
                                 nullptr, &query),
            E_INVALIDARG);
  EXPECT_EQ(query, nullptr);
  EXPECT_EQ(DevCreateObjectQuery(DevObjectTypeDeviceInterface, 0xdeadbeef, 0, nullptr, 0, nullptr,
                                 on_result, &results, &query),
            E_INVALIDARG);
  Filter bad;
  bad.op(DEVPROP_OPERATOR_AND_OPEN);
  EXPECT_EQ(DevCreateObjectQuery(DevObjectTypeDevice, 0, 0, nullptr, bad.count(), bad.data(),
                                 on_result, &results, &query),
            E_INVALIDARG);
  EXPECT_EQ(DevCreateObjectQuery(DevObjectTypeDevice, 0, 0, nullptr, 0, nullptr, on_result,
                                 &results, nullptr),
            E_POINTER);
  // A type without objects still completes (Wine: DevObjectTypeUnknown).
  ASSERT_EQ(DevCreateObjectQuery(DevObjectTypeUnknown, 0, 0, nullptr, 0, nullptr, on_result,
                                 &results, &query),
            S_OK);
  EXPECT_TRUE(results.wait_for(kCompleted));
  DevCloseObjectQuery(query);
  DevCloseObjectQuery(reinterpret_cast<HDEVQUERY>(0xdeadbeef));  // not a query: nothing happens
  DevCloseObjectQuery(nullptr);
  std::lock_guard lock(results.mutex);
  EXPECT_EQ(results.seen.size(), 1u);
}

}  // namespace
}  // namespace cmnotify
