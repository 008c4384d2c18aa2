#include "win32/devquery/dev_objects.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "win32/support/devinst_table.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

constexpr std::size_t align8(std::size_t n) noexcept { return (n + 7) & ~std::size_t{7}; }

// Carves aligned pieces out of one malloc'd block.
class Block {
 public:
  explicit Block(std::size_t size) : base_(static_cast<std::byte*>(std::malloc(size))) {
    if (base_ == nullptr) throw std::bad_alloc();
  }
  template <typename T>
  T* take(std::size_t count) noexcept {
    T* p = reinterpret_cast<T*>(base_ + used_);
    used_ += align8(count * sizeof(T));
    return p;
  }
  [[nodiscard]] std::byte* base() const noexcept { return base_; }

 private:
  std::byte* base_;
  std::size_t used_ = 0;
};

std::size_t properties_data_size(const std::vector<ObjectProperty>& properties) noexcept {
  std::size_t n = 0;
  for (const ObjectProperty& p : properties) n += align8(p.value.bytes.size());
  return n;
}

void fill_properties(const std::vector<ObjectProperty>& properties, DEVPROPERTY* out,
                     Block& block) noexcept {
  for (const ObjectProperty& p : properties) {
    out->CompKey = p.key;
    out->Type = p.value.type;
    out->BufferSize = static_cast<ULONG>(p.value.bytes.size());
    out->Buffer = nullptr;
    if (!p.value.bytes.empty()) {
      auto* data = block.take<std::byte>(p.value.bytes.size());
      std::memcpy(data, p.value.bytes.data(), p.value.bytes.size());
      out->Buffer = data;
    }
    ++out;
  }
}

}  // namespace

QuerySpec::QuerySpec(DEV_OBJECT_TYPE type, ULONG flags, std::span<const DEVPROPCOMPKEY> requested,
                     std::span<const DEVPROP_FILTER_EXPRESSION> filter)
    : type_(type), flags_(flags), requested_(requested.begin(), requested.end()), filter_(filter) {
  // A returned key names no locale: values are never localized here.
  for (DEVPROPCOMPKEY& key : requested_) key.LocaleName = nullptr;
}

DEV_OBJECT_TYPE caller_type(const DEV_OBJECT_TYPE& type) noexcept {
  std::uint32_t bits = 0;
  static_assert(sizeof bits == sizeof type);
  std::memcpy(&bits, &type, sizeof bits);
  return bits <= DevObjectTypeDevicePanel ? static_cast<DEV_OBJECT_TYPE>(bits)
                                          : DevObjectTypeUnknown;
}

bool supported_type(DEV_OBJECT_TYPE type) noexcept {
  return type == DevObjectTypeDevice || type == DevObjectTypeDeviceInterface;
}

PropertyLookup node_lookup(const DeviceTree& tree, const Device* device) {
  return [&tree, device](const DEVPROPKEY& key) { return device_property(tree, device, key); };
}

PropertyLookup interface_lookup(const Device& device, const DeviceInterface& interface) {
  return [&device, &interface](const DEVPROPKEY& key) {
    return interface_property(device, interface, key);
  };
}

std::vector<ObjectProperty> query_properties(const QuerySpec& spec, const PropertyLookup& lookup,
                                             const std::vector<DEVPROPKEY>& all_keys) {
  std::vector<ObjectProperty> out;
  if ((spec.flags() & DevQueryFlagAllProperties) != 0) {
    for (const DEVPROPKEY& key : all_keys) {
      std::optional<PropertyValue> value = lookup(key);
      if (value) out.push_back({{key, DEVPROP_STORE_SYSTEM, nullptr}, std::move(*value)});
    }
    return out;
  }
  // Each requested key once per request, duplicates kept (as Windows does); a key the object
  // does not have comes back with type EMPTY.
  for (const DEVPROPCOMPKEY& key : spec.requested()) {
    std::optional<PropertyValue> value;
    if (enum_bits(key.Store) == DEVPROP_STORE_SYSTEM) value = lookup(key.Key);
    out.push_back({key, value ? std::move(*value) : PropertyValue{}});
  }
  return out;
}

std::vector<ObjectRecord> matching_objects(const QuerySpec& spec, const DeviceTree& tree) {
  std::vector<ObjectRecord> out;
  auto consider = [&](std::string id, const PropertyLookup& lookup, auto all_keys) {
    if (!filter_matches(spec.filter(), lookup)) return;
    std::vector<ObjectProperty> properties = query_properties(
        spec, lookup,
        (spec.flags() & DevQueryFlagAllProperties) != 0 ? all_keys() : std::vector<DEVPROPKEY>{});
    out.push_back({spec.type(), std::move(id), std::move(properties)});
  };
  if (spec.type() == DevObjectTypeDevice) {
    consider(std::string(kRootInstanceId), node_lookup(tree, nullptr),
             [&] { return device_property_keys(tree, nullptr); });
    for (const DevicePtr& d : tree.devices())
      consider(d->instance_id, node_lookup(tree, d.get()),
               [&] { return device_property_keys(tree, d.get()); });
  } else if (spec.type() == DevObjectTypeDeviceInterface) {
    for (const DevicePtr& d : tree.devices())
      for (const DeviceInterface& i : d->interfaces)
        consider(i.symbolic_link, interface_lookup(*d, i),
                 [&] { return interface_property_keys(*d, i); });
  }
  return out;
}

DEV_OBJECT* pack_objects(const std::vector<ObjectRecord>& objects) {
  if (objects.empty()) return nullptr;
  std::size_t property_count = 0;
  std::size_t data = 0;
  for (const ObjectRecord& o : objects) {
    property_count += o.properties.size();
    data += align8((wide_length(o.id) + 1) * sizeof(wchar_t)) + properties_data_size(o.properties);
  }
  Block block(align8(objects.size() * sizeof(DEV_OBJECT)) +
              align8(property_count * sizeof(DEVPROPERTY)) + data);
  auto* out = block.take<DEV_OBJECT>(objects.size());
  auto* properties = block.take<DEVPROPERTY>(property_count);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const ObjectRecord& o = objects[i];
    auto* id = block.take<wchar_t>(wide_length(o.id) + 1);
    *write_wide(o.id, id) = L'\0';
    out[i].ObjectType = o.type;
    out[i].pszObjectId = id;
    out[i].cPropertyCount = static_cast<ULONG>(o.properties.size());
    out[i].pProperties = o.properties.empty() ? nullptr : properties;
    fill_properties(o.properties, properties, block);
    properties += o.properties.size();
  }
  return out;
}

DEVPROPERTY* pack_properties(const std::vector<ObjectProperty>& properties) {
  if (properties.empty()) return nullptr;
  Block block(align8(properties.size() * sizeof(DEVPROPERTY)) + properties_data_size(properties));
  auto* out = block.take<DEVPROPERTY>(properties.size());
  fill_properties(properties, out, block);
  return out;
}

void free_block(const void* block) noexcept { std::free(const_cast<void*>(block)); }

}  // namespace cmnotify::win32
