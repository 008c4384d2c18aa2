// The present devices as a tree, indexed: finding a device, its children or its next sibling
// costs no walk of the others, so a whole-tree walk (CM_Get_Child / CM_Get_Sibling, the C++
// API's children()) is linear. The one tree of both APIs.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/error.hpp"
#include "engine/device_source.hpp"

namespace cmnotify::model {

// The instance ID of Windows' root device node: the parent of every device at the top.
inline constexpr std::string_view kRootInstanceId = "HTREE\\ROOT\\0";

// A snapshot of devices with the tree's relations. Copies share the index.
class DeviceTree {
 public:
  DeviceTree();  // no devices
  explicit DeviceTree(std::vector<DevicePtr> devices);
  explicit DeviceTree(engine::DeviceList devices);

  // The present devices' tree (the engine's device map, the one that feeds notifications). While
  // the devices stay the same (the source hands out the same list) every call shares one index:
  // repeated discovery calls build nothing.
  static Cr present(DeviceTree& out);

  [[nodiscard]] const std::vector<DevicePtr>& devices() const noexcept;
  // The device with this instance ID (case-insensitive), or nullptr.
  [[nodiscard]] const Device* find(std::string_view instance_id) const;
  // The same, shared.
  [[nodiscard]] DevicePtr find_shared(std::string_view instance_id) const;
  [[nodiscard]] const Device* parent_of(const Device& device) const;
  // The instance ID of a device's parent: the root device node's for a device at the top.
  [[nodiscard]] std::string parent_id_of(const Device& device) const;
  // The devices whose parent is `instance_id` (the root's: those at the top), in instance-ID
  // order (a stable order, whatever order the map keeps: CM_Get_Sibling walks it across calls).
  [[nodiscard]] const std::vector<const Device*>& children_of(std::string_view instance_id) const;
  // The child of the same parent after `device` in that order, or nullptr.
  [[nodiscard]] const Device* next_sibling(const Device& device) const;

 private:
  struct Index;
  std::shared_ptr<const Index> index_;
};

}  // namespace cmnotify::model
