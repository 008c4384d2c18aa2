// The platform's default device source: the Linux netlink/sysfs source.
#include "engine/device_source.hpp"
#include "linux/linux_source.hpp"

namespace cmnotify::engine {

std::shared_ptr<DeviceSource> make_default_source() {
  return std::make_shared<linux_source::LinuxSource>();
}

}  // namespace cmnotify::engine
