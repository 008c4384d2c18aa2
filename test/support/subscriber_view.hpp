// The set of devices a subscriber believes present, built only from the arrivals and removals it
// was told about, and what sysfs says is present: the two must agree after any storm.
#pragma once

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <span>
#include <string>

#include "cmnotify/cmnotify.hpp"
#include "linux/linux_source.hpp"

namespace cmnotify::testing {

// Every inconsistency is counted as it happens: an arrival of what is already there (doubled),
// a removal of what never arrived (orphan).
struct SubscriberView {
  std::mutex mutex;
  std::set<std::string> instances;
  std::set<std::string> links;
  int doubled = 0;
  int orphan_removals = 0;

  void apply(const Event& e) {
    std::lock_guard lock(mutex);
    switch (e.action) {
      case Action::instance_enumerated:
        if (!instances.insert(e.instance_id()).second) ++doubled;
        break;
      case Action::instance_removed:
        if (instances.erase(e.instance_id()) == 0) ++orphan_removals;
        break;
      case Action::interface_arrival:
        if (!links.insert(e.symbolic_link).second) ++doubled;
        break;
      case Action::interface_removal:
        if (links.erase(e.symbolic_link) == 0) ++orphan_removals;
        break;
      default: break;
    }
  }

  std::set<std::string> instances_now() {
    std::lock_guard lock(mutex);
    return instances;
  }
};

// Lines naming what only one side of a comparison has.
inline std::string difference(const char* what, const std::set<std::string>& seen,
                              const std::set<std::string>& truth) {
  std::string out;
  for (const auto& s : seen)
    if (truth.count(s) == 0) out += std::string("  extra ") + what + ": " + s + "\n";
  for (const auto& s : truth)
    if (seen.count(s) == 0) out += std::string("  missing ") + what + ": " + s + "\n";
  return out;
}

// What sysfs says now, read by a fresh source with the same code.
inline void read_sysfs(std::set<std::string>& instances, std::set<std::string>& links) {
  linux_source::LinuxSource fresh;
  ASSERT_EQ(fresh.with_present_devices([&](std::span<const DevicePtr> devices) {
    for (const DevicePtr& d : devices) {
      instances.insert(d->instance_id);
      for (const DeviceInterface& i : d->interfaces) links.insert(i.symbolic_link);
    }
  }),
            Cr::success);
}

}  // namespace cmnotify::testing
