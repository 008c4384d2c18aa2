// The one property model: what a device answers for each key (cmnotify::DeviceProperty), with
// where each value comes from on Linux. The C++ API (device_property()) and the C API
// (CM_Get_DevNode_PropertyW, the SetupDi and Dev query property calls) both ask here; the C API
// only translates keys (DEVPROPKEY) and values (DEVPROPTYPE, wide strings, DN_ flags).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "cmnotify/device.hpp"
#include "cmnotify/device_properties.hpp"
#include "cmnotify/guid.hpp"
#include "model/device_tree.hpp"

namespace cmnotify::model {

// Windows' CM_PROB_FAILED_INSTALL ("the drivers for this device are not installed"): a device
// with no driver bound.
inline constexpr std::uint32_t kProblemFailedInstall = 28;

// A device's value for `key`; `device` is nullptr for the root device node (which has only its
// instance ID, enumerator, problem code and children). nullopt: the device does not have it (an
// empty text, list or GUID counts as absent), or the key is outside the enum.
[[nodiscard]] std::optional<DevicePropertyValue> property_of(const DeviceTree& tree,
                                                             const Device* device,
                                                             DeviceProperty key);

// What Windows' DevNodeStatus and ProblemCode say of a node (nullptr: the root).
struct NodeState {
  bool started = true;     // a driver is bound, or it needs none
  bool removable = false;  // below a USB port: can be unplugged
  std::uint32_t problem = 0;
};
[[nodiscard]] NodeState node_state(const DeviceTree& tree, const Device* device);

// The setup classes cmnotify assigns, with Windows' names ("Net") and descriptions ("Network
// adapters").
struct SetupClass {
  Guid guid;
  const char* name;
  const char* description;
};
[[nodiscard]] std::span<const SetupClass> setup_classes() noexcept;
// The class of a GUID, or nullptr.
[[nodiscard]] const SetupClass* find_setup_class(const Guid& guid) noexcept;

}  // namespace cmnotify::model
