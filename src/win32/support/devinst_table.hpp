// DEVINST values: a process-wide table that gives each device instance ID (compared
// case-insensitively) a stable number the first time it is seen. Numbers are never 0 and never
// reused; the root device node is the first.
#pragma once

#include <cfgmgr32.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/device_tree.hpp"

namespace cmnotify::win32 {

using model::kRootInstanceId;  // the root device node, "HTREE\\ROOT\\0"

class DevinstTable {
 public:
  static DevinstTable& instance();

  // The DEVINST of `instance_id`, assigned now if it is new.
  DEVINST devinst_of(std::string_view instance_id);
  // The DEVINST already assigned to `instance_id`, if any.
  std::optional<DEVINST> find(std::string_view instance_id) const;
  // The instance ID a DEVINST was assigned to (as first seen), if it was ever assigned.
  std::optional<std::string> instance_id_of(DEVINST devinst) const;

  [[nodiscard]] DEVINST root() { return devinst_of(kRootInstanceId); }

 private:
  DevinstTable();

  mutable std::mutex mutex_;
  std::unordered_map<std::string, DEVINST> by_id_;  // key: upper-case ID
  std::vector<std::string> ids_;                    // ids_[devinst - 1]
};

// Instance IDs that CM_Locate_DevNode and the other enumeration calls accept: the rules of
// common/instance_id.hpp plus the ENUMERATOR\... form (at least one '\').
[[nodiscard]] bool is_locatable_instance_id(std::string_view id) noexcept;

}  // namespace cmnotify::win32
