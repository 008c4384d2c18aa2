#include "cmnotify/source.hpp"

#include "api/filter_spec.hpp"
#include "cmnotify/error.hpp"
#include "engine/engine.hpp"
#include "engine/filter_spec.hpp"
#include "linux/source_factory.hpp"

namespace cmnotify {

void configure_source(const SourceConfig& config) {
  if (!engine::Engine::instance().set_source(linux_source::make_source(config)))
    throw Error(Cr::invalid_api, "configure_source(): subscriptions are open; close them first");
}

SourceStats source_stats() {
  auto source = engine::Engine::instance().source();
  return source ? source->stats() : SourceStats{};
}

bool udevd_running() { return linux_source::udevd_running(); }

std::vector<DevicePtr> enumerate(const Filter& filter) {
  auto& engine = engine::Engine::instance();
  engine::FilterSpec spec = api::to_spec(filter);
  if (spec.type == FilterType::device_handle) {
    auto source = engine.source();
    // One device: only it is read (when nothing is subscribed), not every device, and once: the
    // check that the handle is a present device reads it.
    DevicePtr device;
    const Cr cr = source ? source->resolve_handle(spec.native_handle, spec.device_key, device)
                         : Cr::no_cm_services;
    if (cr != Cr::success)
      throw Error(cr, "enumerate(): the file descriptor is not a present device");
    if (device && engine::selects(spec, *device)) return {device};
    return {};
  }
  std::vector<DevicePtr> all;
  const Cr cr = engine.present_devices(all);
  if (cr != Cr::success) {
    auto source = engine.source();
    const std::string why = source ? source->stats().last_error : std::string();
    throw Error(cr, "enumerate(): cannot read the present devices" +
                        (why.empty() ? std::string() : ": " + why));
  }
  std::vector<DevicePtr> out;
  for (DevicePtr& d : all)
    if (engine::selects(spec, *d)) out.push_back(std::move(d));
  return out;
}

DevicePtr find_device(std::string_view name) {
  if (name.empty()) throw Error(Cr::invalid_data, "find_device(): the name is empty");
  auto source = engine::Engine::instance().source();
  if (!source) throw Error(Cr::no_cm_services, "find_device(): no device source");
  DevicePtr device;
  if (const Cr cr = source->find_device(name, device); cr != Cr::success) {
    const std::string why = source->stats().last_error;
    throw Error(
        cr, "find_device(): cannot read the devices" + (why.empty() ? std::string() : ": " + why));
  }
  return device;
}

}  // namespace cmnotify
