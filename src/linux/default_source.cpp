// Placeholder until the Linux source lands: no default source, so registrations fail with
// CR_NO_CM_SERVICES unless a source was installed with Engine::set_source.
#include "engine/device_source.hpp"

namespace cmnotify::engine {

std::shared_ptr<DeviceSource> make_default_source() { return nullptr; }

}  // namespace cmnotify::engine
