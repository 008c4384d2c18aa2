// Test data shared by the API tests over the in-memory source (the C API's enumeration, Dev
// query and SetupDi tests, the C++ API's device properties): a USB 3.0 root hub and a
// webcam on it, with Windows-shaped instance IDs and symbolic links.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cmnotify/interface_classes.hpp"
#include "engine/memory_source.hpp"

namespace cmnotify::testing {

inline const std::string kHubId = "USB\\ROOT_HUB30\\4&1A2B3C&0&0";
inline const std::string kCamId = "USB\\VID_046D&PID_0826\\9DC49FA0";
inline const std::string kHubLink =
    "\\\\?\\USB#ROOT_HUB30#4&1A2B3C&0&0#{f18a0e88-c30c-11d0-8815-00a0c906bed8}";
inline const std::string kCamLink =
    "\\\\?\\USB#VID_046D&PID_0826#9DC49FA0#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";

// Adds the hub and the camera below it (which `adjust_camera` and `adjust_hub` may change
// first); returns the camera's syspath.
inline std::string add_hub_and_camera(engine::MemorySource& source,
                                      const std::function<void(Device&)>& adjust_camera = {},
                                      const std::function<void(Device&)>& adjust_hub = {}) {
  auto hub = std::make_shared<Device>();
  hub->instance_id = kHubId;
  hub->syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1";
  hub->interfaces = {{interface_class::usb_hub, kHubLink}};
  hub->setup_class = setup_class::usb;
  hub->driver = "usb";
  hub->subsystem = "usb";
  hub->description = "USB Root Hub (USB 3.0)";
  if (adjust_hub) adjust_hub(*hub);
  source.add_device(hub);

  auto cam = std::make_shared<Device>();
  cam->instance_id = kCamId;
  cam->parent_instance_id = kHubId;
  cam->syspath = hub->syspath + "/1-2";
  cam->interfaces = {{interface_class::usb_device, kCamLink}};
  cam->hardware_ids = {"USB\\VID_046D&PID_0826&REV_0010", "USB\\VID_046D&PID_0826"};
  cam->description = "HD Webcam C525";
  cam->manufacturer = "Logitech, Inc.";
  cam->setup_class = setup_class::usb;
  cam->subsystem = "usb";
  cam->driver = "usb";
  if (adjust_camera) adjust_camera(*cam);
  source.add_device(cam);
  return cam->syspath;
}

}  // namespace cmnotify::testing
