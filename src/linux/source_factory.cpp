#include "linux/source_factory.hpp"

#include "linux/linux_source.hpp"
#include "linux/udevd.hpp"

namespace cmnotify::linux_source {

std::shared_ptr<engine::DeviceSource> make_source(const SourceConfig& config) {
  SourceOptions options;
  static_cast<SourceConfig&>(options) = config;
  return std::make_shared<LinuxSource>(std::move(options));
}

bool udevd_running() { return udevd_answers(SourceOptions{}.udev_control); }

}  // namespace cmnotify::linux_source

namespace cmnotify::engine {

// The platform's default source, which the engine declares: the Linux source with the defaults.
std::shared_ptr<DeviceSource> make_default_source() { return linux_source::make_source({}); }

}  // namespace cmnotify::engine
