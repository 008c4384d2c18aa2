// The C API's side of the one property model (model/device_properties.hpp): which DEVPROPKEY is
// which cmnotify::DeviceProperty, and each value as Windows returns it (DEVPROPTYPE, WCHAR
// strings, DN_ flags, registry types). CM_Get_DevNode_PropertyW, CM_Get_DevNode_Registry_Property,
// CM_Get_DevNode_Status, the SetupDi and Dev query property calls and their key lists all ask
// here; nothing here computes a value. Where each value comes from on Linux: docs/cpp-api.md
// ("Device properties").
#pragma once

#include <cfgmgr32.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/device_properties.hpp"
#include "cmnotify/error.hpp"
#include "model/device_tree.hpp"
#include "win32/support/devinst_table.hpp"

namespace cmnotify::win32 {

struct PropertyValue {
  DEVPROPTYPE type = DEVPROP_TYPE_EMPTY;
  std::vector<std::byte> bytes;  // strings: WCHAR with their NULs, as Windows returns them
};

// The present devices' tree: the one of the device model, which both APIs share.
using model::DeviceTree;

[[nodiscard]] bool same_key(const DEVPROPKEY& a, const DEVPROPKEY& b) noexcept;

// A device node's property; `device` is nullptr for the root device node. nullopt: the node does
// not have it (CR_NO_SUCH_VALUE).
[[nodiscard]] std::optional<PropertyValue> device_property(const DeviceTree& tree,
                                                           const Device* device,
                                                           const DEVPROPKEY& key);
// The keys device_property answers for this node, in a fixed order.
[[nodiscard]] std::vector<DEVPROPKEY> device_property_keys(const DeviceTree& tree,
                                                           const Device* device);

// A device interface's property (DEVPKEY_DeviceInterface_* and DEVPKEY_Device_InstanceId).
[[nodiscard]] std::optional<PropertyValue> interface_property(const Device& device,
                                                              const DeviceInterface& interface,
                                                              const DEVPROPKEY& key);
[[nodiscard]] std::vector<DEVPROPKEY> interface_property_keys(const Device& device,
                                                              const DeviceInterface& interface);

// The model's property a DEVPROPKEY names, or nullptr (DEVPKEY_Device_DevNodeStatus is none:
// node_status composes it).
[[nodiscard]] const DeviceProperty* property_of_key(const DEVPROPKEY& key) noexcept;

// DN_* flags and CM_PROB_* code of a node (nullptr: the root), from the model's node state.
struct NodeStatus {
  ULONG status = 0;
  ULONG problem = 0;
};
[[nodiscard]] NodeStatus node_status(const DeviceTree& tree, const Device* device);

// Registry properties (CM_DRP_*; SPDRP_* is one less): the DEVPROPKEY each one reads, or nullptr
// for a number that is none.
[[nodiscard]] const DEVPROPKEY* registry_property_key(ULONG cm_drp) noexcept;
// A property value as the registry holds it: REG_SZ, REG_MULTI_SZ (wide or, for `ansi`, UTF-8),
// REG_DWORD or REG_BINARY. A GUID is REG_SZ "{...}" except the bus type, which is REG_BINARY.
struct RegistryValue {
  ULONG reg_type = 0;
  std::vector<std::byte> bytes;
};
[[nodiscard]] RegistryValue registry_value(ULONG cm_drp, const PropertyValue& value, bool ansi);

// The setup class names Windows uses ("Net", "USB", ...) and their descriptions ("Network
// adapters"), from the model's table; nullptr for a class cmnotify does not assign.
struct SetupClassName {
  GUID guid;
  const char* name;
  const char* description;
};
[[nodiscard]] const SetupClassName* setup_class_name(const GUID& guid) noexcept;
[[nodiscard]] std::vector<SetupClassName> setup_class_names();

}  // namespace cmnotify::win32
