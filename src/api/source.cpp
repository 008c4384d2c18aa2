#include "cmnotify/source.hpp"

#include "cmnotify/error.hpp"
#include "engine/device_events.hpp"
#include "engine/engine.hpp"
#include "engine/filter_spec.hpp"
#include "linux/linux_source.hpp"

namespace cmnotify {
namespace {

linux_source::SourceOptions::Group to_group(SourceConfig::Group group) {
  switch (group) {
    case SourceConfig::Group::kernel: return linux_source::SourceOptions::Group::kernel;
    case SourceConfig::Group::udev: return linux_source::SourceOptions::Group::udev;
    case SourceConfig::Group::automatic: break;
  }
  return linux_source::SourceOptions::Group::automatic;
}

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
  linux_source::SourceOptions options;
  options.group = to_group(config.group);
  options.receive_buffer_bytes = config.receive_buffer_bytes;
  if (!engine::Engine::instance().set_source(
          std::make_shared<linux_source::LinuxSource>(std::move(options))))
    throw Error(Cr::invalid_api, "configure_source(): subscriptions are open; close them first");
}

SourceStats source_stats() {
  SourceStats out;
  auto source = engine::Engine::instance().source();
  if (!source) return out;
  const engine::SourceStats s = source->stats();
  out.description = s.description;
  out.last_error = s.last_error;
  out.messages = s.messages;
  out.accepted = s.accepted;
  out.rejected = s.rejected;
  out.overflows = s.overflows;
  out.resyncs = s.resyncs;
  out.resync_events = s.resync_events;
  out.events_published = s.events_published;
  out.receive_buffer_bytes = s.receive_buffer_bytes;
  out.devices = s.devices;
  return out;
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
