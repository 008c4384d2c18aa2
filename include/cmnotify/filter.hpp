// cmnotify: what a subscription listens to. One builder per CM_NOTIFY_FILTER kind.
#pragma once

#include <string>
#include <string_view>

#include "cmnotify/event.hpp"
#include "cmnotify/guid.hpp"

namespace cmnotify {

class Filter {
 public:
  // Interfaces of one class (DEVICEINTERFACE). Throws Error(invalid_data) for the null GUID:
  // use all_interface_classes() for that.
  static Filter interface_class(const Guid& class_guid);
  // Interfaces of every class (DEVICEINTERFACE + ALL_INTERFACE_CLASSES).
  static Filter all_interface_classes();
  // One device instance (DEVICEINSTANCE), compared case-insensitively. Throws
  // Error(invalid_device_id) for an ID that is empty, too long or has characters Windows forbids.
  static Filter instance(std::string_view instance_id);
  // Every device instance (DEVICEINSTANCE + ALL_DEVICE_INSTANCES).
  static Filter all_instances();
  // The device behind an open file descriptor (DEVICEHANDLE). The descriptor is resolved when
  // subscribing and may be closed afterwards.
  static Filter device(int fd);

  [[nodiscard]] FilterType type() const noexcept { return type_; }
  [[nodiscard]] bool all() const noexcept { return all_; }
  [[nodiscard]] const Guid& class_guid() const noexcept { return class_guid_; }
  [[nodiscard]] const std::string& instance_id() const noexcept { return instance_id_; }
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  Filter() = default;

  FilterType type_ = FilterType::device_interface;
  bool all_ = false;
  Guid class_guid_;
  std::string instance_id_;
  int fd_ = -1;
};

}  // namespace cmnotify
