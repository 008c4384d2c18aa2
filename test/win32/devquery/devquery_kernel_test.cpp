// A live Dev query on real devices (root): a tap interface comes and goes while a query filtered
// on its instance ID runs. The query reports the tap's network interface once when it appears
// and once when it goes, and closes itself from inside the removal's callback, after which a
// second tap of the same name reports nothing.
#include <devpkey.h>
#include <devquery.h>
#include <initguid.h>
#include <ndisguid.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/kernel_devices.hpp"

namespace cmnotify {
namespace {

using namespace std::chrono_literals;

const std::string kTap = "cmndq0";
const std::wstring kTapId = L"SWD\\NET\\CMNDQ0";

struct Results {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::pair<DEV_QUERY_RESULT_ACTION, std::wstring>> seen;
  bool completed = false;
  bool closed_inside = false;

  template <typename Pred>
  bool wait(Pred pred) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, 20s, pred);
  }
  std::size_t count(DEV_QUERY_RESULT_ACTION action) {
    std::lock_guard lock(mutex);
    return static_cast<std::size_t>(
        std::count_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == action; }));
  }
};

void WINAPI on_result(HDEVQUERY query, PVOID context, const DEV_QUERY_RESULT_ACTION_DATA* data) {
  auto* r = static_cast<Results*>(context);
  std::lock_guard lock(r->mutex);
  if (data->Action == DevQueryResultStateChange) {
    if (data->Data.State == DevQueryStateEnumCompleted) r->completed = true;
  } else {
    r->seen.emplace_back(data->Action, data->Data.DeviceObject.pszObjectId);
    if (data->Action == DevQueryResultRemove) {
      DevCloseObjectQuery(query);  // from inside its own callback
      r->closed_inside = true;
    }
  }
  r->cv.notify_all();
}

TEST(Win32DevQueryKernel, TapComesAndGoesClosedFromItsCallback) {
  CMNOTIFY_REQUIRE_ROOT();
  Results results;
  // The tap's network interface: its instance ID (any case) and the NET interface class.
  DEVPROP_FILTER_EXPRESSION filter[2]{};
  filter[0].Operator = DEVPROP_OPERATOR_EQUALS_IGNORE_CASE;
  filter[0].Property.CompKey = {DEVPKEY_Device_InstanceId, DEVPROP_STORE_SYSTEM, nullptr};
  filter[0].Property.Type = DEVPROP_TYPE_STRING;
  std::wstring wanted = L"swd\\net\\cmndq0";
  filter[0].Property.BufferSize = static_cast<ULONG>((wanted.size() + 1) * sizeof(wchar_t));
  filter[0].Property.Buffer = wanted.data();
  GUID net = GUID_DEVINTERFACE_NET;
  filter[1].Operator = DEVPROP_OPERATOR_EQUALS;
  filter[1].Property.CompKey = {DEVPKEY_DeviceInterface_ClassGuid, DEVPROP_STORE_SYSTEM, nullptr};
  filter[1].Property.Type = DEVPROP_TYPE_GUID;
  filter[1].Property.BufferSize = sizeof net;
  filter[1].Property.Buffer = &net;
  DEVPROPCOMPKEY keys[] = {{DEVPKEY_Device_InstanceId, DEVPROP_STORE_SYSTEM, nullptr}};
  HDEVQUERY query = nullptr;
  ASSERT_EQ(DevCreateObjectQuery(DevObjectTypeDeviceInterface, DevQueryFlagUpdateResults, 1, keys,
                                 2, filter, on_result, &results, &query),
            S_OK);
  ASSERT_TRUE(results.wait([&] { return results.completed; }));
  EXPECT_TRUE(results.seen.empty()) << "no tap yet";

  {
    testing::TapInterface tap(kTap);
    ASSERT_TRUE(results.wait([&] { return !results.seen.empty(); })) << "tap never added";
    // The same object DevGetObjects lists now.
    ULONG count = 0;
    const DEV_OBJECT* objects = nullptr;
    ASSERT_EQ(
        DevGetObjects(DevObjectTypeDeviceInterface, 0, 0, nullptr, 2, filter, &count, &objects),
        S_OK);
    ASSERT_EQ(count, 1u);
    {
      std::lock_guard lock(results.mutex);
      EXPECT_EQ(results.seen[0].first, DevQueryResultAdd);
      EXPECT_EQ(results.seen[0].second, std::wstring(objects[0].pszObjectId));
    }
    DevFreeObjects(count, objects);
  }  // the tap goes
  ASSERT_TRUE(results.wait([&] { return results.closed_inside; })) << "tap never removed";

  // Closed: a second tap of the same name reports nothing.
  {
    testing::TapInterface again(kTap);
    std::this_thread::sleep_for(300ms);
  }
  std::this_thread::sleep_for(300ms);
  DevCloseObjectQuery(query);  // already closed: harmless
  EXPECT_EQ(results.count(DevQueryResultAdd), 1u);
  EXPECT_EQ(results.count(DevQueryResultRemove), 1u);
}

}  // namespace
}  // namespace cmnotify
