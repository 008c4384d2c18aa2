// The C++ API's device properties, parent and children over the in-memory source: the keys and
// their names, the values of a small USB tree, and bad input (a key outside the enum, a device
// gone, a record with no instance ID).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "support/memory_engine.hpp"
#include "win32/usb_devices.hpp"

namespace cmnotify {
namespace {

using testing::kCamId;
using testing::kHubId;

class DeviceProperties : public testing::MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    cam_syspath_ = testing::add_hub_and_camera(source(), [](Device& cam) {
      cam.devtype = "usb_device";
      cam.properties = {{"BUSNUM", "001"}, {"DEVNUM", "002"}};
      cam.started = true;
    });
  }
  static DevicePtr device(const std::string& id) {
    DevicePtr d = find_device(id);
    EXPECT_NE(d, nullptr) << id;
    return d;
  }
  std::string cam_syspath_;
};

std::string text(const std::optional<DevicePropertyValue>& v) {
  return v ? std::get<std::string>(*v) : std::string("<absent>");
}

TEST_F(DeviceProperties, EveryKeyHasOneNameAndBack) {
  std::set<std::string_view> names;
  for (DeviceProperty key : device_property_keys()) {
    const std::string_view name = device_property_name(key);
    ASSERT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(device_property_from_name(name), key);
  }
  EXPECT_EQ(names.size(), device_property_keys().size());
  EXPECT_EQ(device_property_from_name("Description"), std::nullopt) << "names are exact";
  EXPECT_EQ(device_property_from_name(""), std::nullopt);
  EXPECT_TRUE(device_property_name(static_cast<DeviceProperty>(200)).empty());
}

TEST_F(DeviceProperties, SetupClassNames) {
  EXPECT_EQ(setup_class_name(setup_class::net), "Net");
  EXPECT_EQ(setup_class_name(setup_class::disk_drive), "DiskDrive");
  EXPECT_EQ(setup_class_name(Guid{}), "");
  EXPECT_EQ(setup_class_name(interface_class::usb_device), "") << "an interface class is none";
}

TEST_F(DeviceProperties, ValuesOfTheCamera) {
  const DevicePtr cam = device(kCamId);
  ASSERT_NE(cam, nullptr);
  using P = DeviceProperty;
  EXPECT_EQ(text(device_property(*cam, P::instance_id)), kCamId);
  EXPECT_EQ(text(device_property(*cam, P::description)), "HD Webcam C525");
  EXPECT_EQ(text(device_property(*cam, P::friendly_name)), "HD Webcam C525");
  EXPECT_EQ(text(device_property(*cam, P::manufacturer)), "Logitech, Inc.");
  EXPECT_EQ(text(device_property(*cam, P::driver)), "usb");
  EXPECT_EQ(text(device_property(*cam, P::class_name)), "USB");
  EXPECT_EQ(text(device_property(*cam, P::enumerator)), "USB");
  EXPECT_EQ(text(device_property(*cam, P::parent)), kHubId);
  EXPECT_EQ(text(device_property(*cam, P::location_info)), "Port_#0002.Hub_#0000");
  EXPECT_EQ(text(device_property(*cam, P::syspath)), cam_syspath_);
  EXPECT_EQ(std::get<std::vector<std::string>>(*device_property(*cam, P::hardware_ids)),
            cam->hardware_ids);
  EXPECT_EQ(std::get<Guid>(*device_property(*cam, P::class_guid)), setup_class::usb);
  EXPECT_EQ(std::get<std::uint32_t>(*device_property(*cam, P::bus_number)), 1u);
  EXPECT_EQ(std::get<std::uint32_t>(*device_property(*cam, P::address)), 2u);
  EXPECT_EQ(std::get<std::uint32_t>(*device_property(*cam, P::problem_code)), 0u);
  EXPECT_TRUE(std::get<bool>(*device_property(*cam, P::started)));
  EXPECT_TRUE(std::get<bool>(*device_property(*cam, P::removable)));
  EXPECT_FALSE(std::get<bool>(*device_property(*cam, P::has_problem)));
  EXPECT_TRUE(std::get<bool>(*device_property(*cam, P::is_present)));
  // Absent: nothing to say, not an empty value.
  EXPECT_EQ(device_property(*cam, P::compatible_ids), std::nullopt);
  EXPECT_EQ(device_property(*cam, P::devnode), std::nullopt);
  EXPECT_EQ(device_property(*cam, P::children), std::nullopt);
  EXPECT_EQ(device_property(*cam, P::siblings), std::nullopt);
}

TEST_F(DeviceProperties, TheHubAtTheTop) {
  const DevicePtr hub = device(kHubId);
  ASSERT_NE(hub, nullptr);
  EXPECT_EQ(text(device_property(*hub, DeviceProperty::parent)), "HTREE\\ROOT\\0");
  EXPECT_EQ(std::get<std::vector<std::string>>(*device_property(*hub, DeviceProperty::children)),
            std::vector<std::string>{kCamId});
  EXPECT_FALSE(std::get<bool>(*device_property(*hub, DeviceProperty::removable)));
  EXPECT_EQ(parent(*hub), nullptr);
}

TEST_F(DeviceProperties, ParentAndChildrenAreThePresentRecords) {
  const DevicePtr hub = device(kHubId);
  const DevicePtr cam = device(kCamId);
  ASSERT_TRUE(hub && cam);
  EXPECT_EQ(parent(*cam), hub);
  const std::vector<DevicePtr> kids = children(*hub);
  ASSERT_EQ(kids.size(), 1u);
  EXPECT_EQ(kids[0], cam);
  EXPECT_TRUE(children(*cam).empty());
  // A second child comes in instance-ID order, before the camera.
  auto mouse = std::make_shared<Device>();
  mouse->instance_id = "USB\\VID_046D&PID_C077\\5&2";
  mouse->parent_instance_id = kHubId;
  mouse->syspath = hub->syspath + "/1-1";
  mouse->started = false;
  source().add_device(mouse);
  const std::vector<DevicePtr> two = children(*hub);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0]->instance_id, kCamId);
  EXPECT_EQ(two[1]->instance_id, mouse->instance_id);
  EXPECT_EQ(std::get<std::uint32_t>(*device_property(*mouse, DeviceProperty::problem_code)), 28u);
  EXPECT_EQ(device_property(*mouse, DeviceProperty::driver), std::nullopt);
  EXPECT_EQ(std::get<std::vector<std::string>>(*device_property(*cam, DeviceProperty::siblings)),
            std::vector<std::string>{mouse->instance_id});
}

TEST_F(DeviceProperties, ASnapshotIsAnsweredAsTheDeviceIsNow) {
  const DevicePtr before = device(kCamId);
  ASSERT_NE(before, nullptr);
  auto renamed = std::make_shared<Device>(*before);
  renamed->description = "Renamed";
  source().add_device(renamed);  // replaces the record with the same syspath
  EXPECT_EQ(text(device_property(*before, DeviceProperty::description)), "Renamed");
}

TEST_F(DeviceProperties, AKeyOutsideTheEnumIsAnError) {
  const DevicePtr cam = device(kCamId);
  ASSERT_NE(cam, nullptr);
  try {
    (void)device_property(*cam, static_cast<DeviceProperty>(200));
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Cr::invalid_property);
  }
}

TEST_F(DeviceProperties, ADeviceGoneIsAnError) {
  const DevicePtr cam = device(kCamId);
  ASSERT_NE(cam, nullptr);
  ASSERT_TRUE(source().remove_device(cam_syspath_));
  for (auto call :
       {+[](const Device& d) { (void)device_property(d, DeviceProperty::driver); },
        +[](const Device& d) { (void)device_properties(d); },
        +[](const Device& d) { (void)parent(d); }, +[](const Device& d) { (void)children(d); }}) {
    try {
      call(*cam);
      ADD_FAILURE() << "no exception";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Cr::no_such_devnode);
      EXPECT_NE(std::string(e.what()).find(kCamId), std::string::npos) << e.what();
    }
  }
  Device nameless;  // a record never read from a source
  EXPECT_THROW((void)device_property(nameless, DeviceProperty::description), Error);
  EXPECT_THROW((void)children(nameless), Error);
}

TEST_F(DeviceProperties, AllPropertiesAreTheOnesThatHaveAValue) {
  const DevicePtr cam = device(kCamId);
  ASSERT_NE(cam, nullptr);
  const auto all = device_properties(*cam);
  std::size_t present = 0;
  for (DeviceProperty key : device_property_keys()) present += device_property(*cam, key) ? 1 : 0;
  EXPECT_EQ(all.size(), present);
  for (const auto& [key, value] : all) EXPECT_EQ(device_property(*cam, key), value);
}

}  // namespace
}  // namespace cmnotify
