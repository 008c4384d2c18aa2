// What one registration has told its application so far, kept for registrations that deliver to
// an Inbox (a bounded queue): when the inbox overflows, the events that did not fit are dropped
// and the registration recovers as the Linux source does after ENOBUFS, by comparing this view
// with the device map and delivering the difference (Origin::resync). The difference is computed
// by the one event rule (transition_events) and the one filter rule (selects), so a resync gives
// exactly the events a live change between the two states would have given.
#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/event.hpp"
#include "engine/device_source.hpp"
#include "engine/filter_spec.hpp"

namespace cmnotify::engine {

class DeliveredView {
 public:
  // The application's starting point: the devices present when it registered, which it either
  // receives as present events or already knows (it did not ask for them).
  void seed(const FilterSpec& filter, std::span<const DevicePtr> present);

  // Records one event the registration accepted for delivery.
  void apply(const FilterSpec& filter, const Event& event);

  // The events (Origin::resync) that take the view to `present`, filtered as the registration's
  // live events are; the view becomes `present`. Media state is not compared (a device record
  // does not carry it; present devices give no media events either).
  void resync(const FilterSpec& filter, bool wants_changes, std::span<const DevicePtr> present,
              std::vector<EventPtr>& out);

  [[nodiscard]] std::size_t size() const noexcept { return known_.size(); }

 private:
  // A device as the application believes it: present, started or not, with these interfaces.
  struct Known {
    DevicePtr device;
    bool started = false;
    std::vector<DeviceInterface> interfaces;
  };

  static Known from_device(const DevicePtr& device);
  [[nodiscard]] static DevicePtr as_device(const Known& known);

  std::unordered_map<std::string, Known> known_;  // by device key
};

}  // namespace cmnotify::engine
