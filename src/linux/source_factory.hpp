// The Linux source as the other layers may reach it: built from the public SourceConfig, behind
// the engine's DeviceSource interface. Nothing else of src/linux is visible to them.
#pragma once

#include <memory>

#include "cmnotify/source.hpp"
#include "engine/device_source.hpp"

namespace cmnotify::linux_source {

// The netlink/sysfs source configured as configure_source() documents it.
[[nodiscard]] std::shared_ptr<engine::DeviceSource> make_source(const SourceConfig& config);

// Whether systemd-udevd answers on its usual control socket, as udevd_running() documents it.
[[nodiscard]] bool udevd_running();

}  // namespace cmnotify::linux_source
