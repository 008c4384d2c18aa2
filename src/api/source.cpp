#include "cmnotify/source.hpp"

#include "cmnotify/error.hpp"
#include "engine/device_events.hpp"
#include "engine/engine.hpp"
#include "engine/filter_spec.hpp"
#include "linux/source_factory.hpp"

namespace cmnotify {
namespace {

// Whether `device` has something `filter` selects (an interface of the class, the instance...).
bool selects(const Filter& filter, const Device& device, const std::string& handle_key) {
  switch (filter.type()) {
    case FilterType::device_interface:
      return filter.all() ? !device.interfaces.empty()
                          : device.find_interface(filter.class_guid()) != nullptr;
    case FilterType::device_instance: {
      if (filter.all()) return true;
      return same_instance_id(filter.instance_id(), device.instance_id);
    }
    case FilterType::device_handle: return device.syspath == handle_key;
  }
  return false;
}

}  // namespace

void configure_source(const SourceConfig& config) {
  if (!engine::Engine::instance().set_source(linux_source::make_source(config)))
    throw Error(Cr::invalid_api, "configure_source(): subscriptions are open; close them first");
}

SourceStats source_stats() {
  auto source = engine::Engine::instance().source();
  return source ? source->stats() : SourceStats{};
}

std::vector<DevicePtr> enumerate(const Filter& filter) {
  auto& engine = engine::Engine::instance();
  std::string handle_key;
  if (filter.type() == FilterType::device_handle) {
    auto source = engine.source();
    const Cr cr = source ? source->resolve_handle(filter.fd(), handle_key) : Cr::no_cm_services;
    if (cr != Cr::success)
      throw Error(cr, "enumerate(): the file descriptor is not a present device");
  }
  std::vector<DevicePtr> all;
  const Cr cr = engine.present_devices(all);
  if (cr != Cr::success) throw Error(cr, "enumerate(): cannot read the present devices");
  std::vector<DevicePtr> out;
  for (DevicePtr& d : all)
    if (selects(filter, *d, handle_key)) out.push_back(std::move(d));
  return out;
}

}  // namespace cmnotify
