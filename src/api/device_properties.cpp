// The C++ API's device properties, parent and children: the present tree and the one property
// model (model/device_properties.hpp), which the C API's property calls answer from too.
#include "cmnotify/device_properties.hpp"

#include <array>

#include "cmnotify/error.hpp"
#include "model/device_properties.hpp"
#include "model/device_tree.hpp"

namespace cmnotify {
namespace {

using P = DeviceProperty;

struct KeyName {
  DeviceProperty key;
  std::string_view name;
};

// In the enum's order: a key's position is its value.
constexpr std::array kKeys{
    KeyName{P::instance_id, "instance_id"},
    KeyName{P::description, "description"},
    KeyName{P::friendly_name, "friendly_name"},
    KeyName{P::manufacturer, "manufacturer"},
    KeyName{P::bus_reported_description, "bus_reported_description"},
    KeyName{P::hardware_ids, "hardware_ids"},
    KeyName{P::compatible_ids, "compatible_ids"},
    KeyName{P::driver, "driver"},
    KeyName{P::driver_key, "driver_key"},
    KeyName{P::class_name, "class_name"},
    KeyName{P::class_guid, "class_guid"},
    KeyName{P::enumerator, "enumerator"},
    KeyName{P::location_info, "location_info"},
    KeyName{P::location_paths, "location_paths"},
    KeyName{P::bus_number, "bus_number"},
    KeyName{P::address, "address"},
    KeyName{P::physical_object_name, "physical_object_name"},
    KeyName{P::parent, "parent"},
    KeyName{P::children, "children"},
    KeyName{P::siblings, "siblings"},
    KeyName{P::container_id, "container_id"},
    KeyName{P::started, "started"},
    KeyName{P::removable, "removable"},
    KeyName{P::problem_code, "problem_code"},
    KeyName{P::has_problem, "has_problem"},
    KeyName{P::is_present, "is_present"},
    KeyName{P::devnode, "devnode"},
    KeyName{P::syspath, "syspath"},
    KeyName{P::subsystem, "subsystem"},
};

constexpr bool keys_in_enum_order() {
  for (std::size_t i = 0; i < kKeys.size(); ++i)
    if (static_cast<std::size_t>(kKeys[i].key) != i) return false;
  return true;
}
static_assert(keys_in_enum_order());

constexpr std::array<DeviceProperty, kKeys.size()> all_keys() {
  std::array<DeviceProperty, kKeys.size()> out{};
  for (std::size_t i = 0; i < kKeys.size(); ++i) out[i] = kKeys[i].key;
  return out;
}
constexpr auto kAllKeys = all_keys();

// The present tree and the present record of `device` (found by instance ID).
const Device& present_record(const Device& device, model::DeviceTree& tree, const char* caller) {
  if (const Cr cr = model::DeviceTree::present(tree); cr != Cr::success)
    throw Error(cr, std::string(caller) + ": cannot read the present devices");
  const Device* now = device.instance_id.empty() ? nullptr : tree.find(device.instance_id);
  if (now == nullptr)
    throw Error(Cr::no_such_devnode,
                std::string(caller) + ": no present device \"" + device.instance_id + "\"");
  return *now;
}

}  // namespace

std::span<const DeviceProperty> device_property_keys() noexcept { return kAllKeys; }

std::string_view device_property_name(DeviceProperty key) noexcept {
  const auto i = static_cast<std::size_t>(key);
  return i < kKeys.size() ? kKeys[i].name : std::string_view();
}

std::optional<DeviceProperty> device_property_from_name(std::string_view name) {
  for (const KeyName& k : kKeys)
    if (k.name == name) return k.key;
  return std::nullopt;
}

std::string_view setup_class_name(const Guid& setup_class) noexcept {
  const model::SetupClass* c = model::find_setup_class(setup_class);
  return c != nullptr ? c->name : std::string_view();
}

std::optional<DevicePropertyValue> device_property(const Device& device, DeviceProperty key) {
  if (device_property_name(key).empty())
    throw Error(Cr::invalid_property,
                "device_property(): unknown key " + std::to_string(static_cast<unsigned>(key)));
  model::DeviceTree tree;
  const Device& now = present_record(device, tree, "device_property()");
  return model::property_of(tree, &now, key);
}

std::vector<std::pair<DeviceProperty, DevicePropertyValue>> device_properties(
    const Device& device) {
  model::DeviceTree tree;
  const Device& now = present_record(device, tree, "device_properties()");
  std::vector<std::pair<DeviceProperty, DevicePropertyValue>> out;
  for (DeviceProperty key : kAllKeys)
    if (auto value = model::property_of(tree, &now, key)) out.emplace_back(key, std::move(*value));
  return out;
}

DevicePtr parent(const Device& device) {
  model::DeviceTree tree;
  const Device& now = present_record(device, tree, "parent()");
  if (now.parent_instance_id.empty()) return nullptr;
  return tree.find_shared(now.parent_instance_id);
}

std::vector<DevicePtr> children(const Device& device) {
  model::DeviceTree tree;
  const Device& now = present_record(device, tree, "children()");
  std::vector<DevicePtr> out;
  for (const Device* child : tree.children_of(now.instance_id))
    out.push_back(tree.find_shared(child->instance_id));
  return out;
}

}  // namespace cmnotify
