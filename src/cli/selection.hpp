// What a command looks at: the --interface, --instance and --device options, resolved into the
// registrations (filters) the C++ API takes. Each option value is one registration, as each
// CM_Register_Notification call is one; the command shows what any of them selects.
#pragma once

#include <string>
#include <vector>

#include "cli/device_path.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/filter.hpp"

namespace cmnotify::cli {

struct SelectionArgs {
  std::vector<std::string> interfaces;  // friendly name, SDK name, GUID, Linux subsystem
  std::vector<std::string> instances;   // exact instance ID or wildcard pattern
  std::vector<std::string> devices;     // /dev/NODE or /sys/... directory
};

// One registration: its filter, and for wildcard instance patterns the patterns that narrow an
// all-instances registration.
struct Watch {
  Filter filter;
  std::vector<std::string> patterns;  // empty: everything the filter delivers
  std::string class_name;             // interface watches: "net", "subsystem:tty", or ""
  std::string device_path;            // device watches: the path as given
  std::string instance_id;            // exact instance watches: the canonical ID

  [[nodiscard]] bool accepts(const std::string& instance_id) const noexcept;
  // "interface class net {cac88484-...}", "instances matching USB\VID_046D*", ...
  [[nodiscard]] std::string describe() const;
};

class Selection {
 public:
  // Throws UsageError for an unknown interface class or an impossible instance ID, and
  // RuntimeError for a device path that cannot be opened or is not a device.
  static Selection resolve(const SelectionArgs& args);

  [[nodiscard]] const std::vector<Watch>& watches() const noexcept { return watches_; }
  [[nodiscard]] bool everything() const noexcept { return everything_; }
  // The device behind a device watch (for messages), or nullptr.
  [[nodiscard]] const DeviceHandle* handle_for(const Watch& watch) const noexcept;
  // The present devices any watch selects, parents before children (enumerate() order).
  [[nodiscard]] std::vector<DevicePtr> present_devices() const;

 private:
  std::vector<Watch> watches_;
  std::vector<DeviceHandle> handles_;  // open for as long as the filters that name them
  bool everything_ = false;
};

// The one-line message for an unknown interface class name: what would have worked.
[[nodiscard]] std::string unknown_interface_message(const std::string& name);

}  // namespace cmnotify::cli
