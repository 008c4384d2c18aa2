// The C++ API's device properties against the C API's, over every device of a real enumeration
// on this machine (the Linux source, read live: a subscription keeps the device map up).
#include <gtest/gtest.h>

#include "cmnotify/cmnotify.hpp"
#include "win32/cpp_api_match.hpp"

namespace cmnotify {
namespace {

TEST(Win32CppApiMatch, EveryRealDeviceEveryKey) {
  // While subscribed, both APIs answer from the one device map, not from a new sysfs read each.
  Subscription live = subscribe(Filter::all_instances(), [](const Event&) {});
  const std::vector<DevicePtr> devices = enumerate();
  ASSERT_FALSE(devices.empty()) << "no device in sysfs";
  int compared = 0;
  for (const DevicePtr& d : devices) {
    // A device that went away since (another test's tap) has nothing to compare.
    if (find_device(d->instance_id) == nullptr) continue;
    compared += testing::expect_cpp_api_matches_c_api(*d);
  }
  EXPECT_GE(compared, static_cast<int>(devices.size()));
  live.reset();
}

}  // namespace
}  // namespace cmnotify
