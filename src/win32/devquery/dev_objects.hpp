// The objects of the Dev query API over the one property model: which objects a type has (device
// nodes, device interfaces), their properties as a query asks for them, and the single-block
// DEV_OBJECT and DEVPROPERTY arrays handed to callers.
#pragma once

#include <devquery.h>

#include <span>
#include <string>
#include <vector>

#include "win32/devquery/filter_expression.hpp"
#include "win32/support/device_properties.hpp"

namespace cmnotify::win32 {

// What a query asks of each object: the requested keys (or all with DevQueryFlagAllProperties)
// and the filter. Owns copies of the caller's arrays.
class QuerySpec {
 public:
  QuerySpec(DEV_OBJECT_TYPE type, ULONG flags, std::span<const DEVPROPCOMPKEY> requested,
            std::span<const DEVPROP_FILTER_EXPRESSION> filter);

  [[nodiscard]] DEV_OBJECT_TYPE type() const noexcept { return type_; }
  [[nodiscard]] ULONG flags() const noexcept { return flags_; }
  [[nodiscard]] std::span<const DEVPROP_FILTER_EXPRESSION> filter() const noexcept {
    return filter_.expressions();
  }
  [[nodiscard]] const std::vector<DEVPROPCOMPKEY>& requested() const noexcept { return requested_; }

 private:
  DEV_OBJECT_TYPE type_;
  ULONG flags_;
  std::vector<DEVPROPCOMPKEY> requested_;
  OwnedFilter filter_;
};

// One property as returned: the key asked for and the value (type EMPTY, no bytes: none).
struct ObjectProperty {
  DEVPROPCOMPKEY key{};
  PropertyValue value;
};

struct ObjectRecord {
  DEV_OBJECT_TYPE type = DevObjectTypeUnknown;
  std::string id;  // instance ID or symbolic link
  std::vector<ObjectProperty> properties;
};

// The type a caller passed, read as the number it is: a C caller may pass any value, which C++
// may not load as the enum (undefined, and UBSan stops there). A number no type has is Unknown.
[[nodiscard]] DEV_OBJECT_TYPE caller_type(const DEV_OBJECT_TYPE& type) noexcept;

// The object types cmnotify answers: DevObjectTypeDevice and DevObjectTypeDeviceInterface.
[[nodiscard]] bool supported_type(DEV_OBJECT_TYPE type) noexcept;

// A device node (nullptr: the root) or one interface of a device, with its properties.
[[nodiscard]] PropertyLookup node_lookup(const DeviceTree& tree, const Device* device);
[[nodiscard]] PropertyLookup interface_lookup(const Device& device,
                                              const DeviceInterface& interface);

// The properties a query returns for an object with these properties (keys from `all_keys` with
// DevQueryFlagAllProperties, else the requested ones in their order, EMPTY where missing).
[[nodiscard]] std::vector<ObjectProperty> query_properties(const QuerySpec& spec,
                                                           const PropertyLookup& lookup,
                                                           const std::vector<DEVPROPKEY>& all_keys);

// Every object of the spec's type in `tree` that passes its filter.
[[nodiscard]] std::vector<ObjectRecord> matching_objects(const QuerySpec& spec,
                                                         const DeviceTree& tree);

// One allocation holding the array and everything it points to; released by free_block.
[[nodiscard]] DEV_OBJECT* pack_objects(const std::vector<ObjectRecord>& objects);
[[nodiscard]] DEVPROPERTY* pack_properties(const std::vector<ObjectProperty>& properties);
void free_block(const void* block) noexcept;

}  // namespace cmnotify::win32
