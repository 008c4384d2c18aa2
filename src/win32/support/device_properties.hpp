// The one property model of the C API: what a device node or a device interface answers for a
// DEVPROPKEY, computed from the engine's present devices (the map that feeds notifications).
// CM_Get_DevNode_PropertyW, CM_Get_DevNode_Registry_Property, CM_Get_DevNode_Status, the SetupDi
// property calls and their key lists all ask here. Where each value comes from on Linux:
// docs/win32-api.md ("Device properties").
#pragma once

#include <cfgmgr32.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/error.hpp"
#include "engine/device_source.hpp"
#include "win32/support/devinst_table.hpp"

namespace cmnotify::win32 {

struct PropertyValue {
  DEVPROPTYPE type = DEVPROP_TYPE_EMPTY;
  std::vector<std::byte> bytes;  // strings: WCHAR with their NULs, as Windows returns them
};

// A snapshot of the present devices with the tree's relations, indexed: finding a device, its
// children or its next sibling costs no walk of the others, so a whole-tree walk with
// CM_Get_Child / CM_Get_Sibling is linear. Copies share the index.
class DeviceTree {
 public:
  DeviceTree();  // no devices
  explicit DeviceTree(std::vector<DevicePtr> devices);
  explicit DeviceTree(engine::DeviceList devices);

  // The present devices' tree. While the devices stay the same (the source hands out the same
  // list) every call shares one index: repeated discovery calls build nothing.
  static Cr present(DeviceTree& out);

  [[nodiscard]] const std::vector<DevicePtr>& devices() const noexcept;
  // The present device with this instance ID (case-insensitive), or nullptr.
  [[nodiscard]] const Device* find(std::string_view instance_id) const;
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

// DN_* flags and CM_PROB_* code of a node (nullptr: the root).
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
// adapters"); nullptr for a class cmnotify does not assign.
struct SetupClassName {
  GUID guid;
  const char* name;
  const char* description;
};
[[nodiscard]] const SetupClassName* setup_class_name(const GUID& guid) noexcept;
[[nodiscard]] std::vector<SetupClassName> setup_class_names();

}  // namespace cmnotify::win32
