// One display order for the events of several registrations. Each registration delivers in order,
// but two registrations (all interfaces and all instances, say) are delivered on different pool
// threads, so a device's DEVICEINTERFACEARRIVAL can reach the command before its
// DEVICEINSTANCEENUMERATED. The command holds events until the stream has been quiet for a moment
// (or a longest hold has passed) and releases them sorted.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "cmnotify/event.hpp"

namespace cmnotify::cli {

struct Received {
  Event event;
  std::chrono::system_clock::time_point time;  // when the command received it
  std::uint64_t arrival = 0;                   // reception order
};

// Where an action comes in one device's notifications: enumerated 0, started 1, interface arrival
// 2, custom and changed 3, ..., interface removal 5, remove-complete 7, removed 8.
[[nodiscard]] int action_rank(Action action) noexcept;

// Present devices first; then by kernel sequence number; then parents before children (sysfs path
// order); then the order Windows gives one device's notifications (enumerated, started, interface
// arrivals; interface removals, remove-complete, removed); then reception order.
[[nodiscard]] bool display_before(const Received& a, const Received& b) noexcept;

class EventOrder {
 public:
  using Clock = std::chrono::steady_clock;

  EventOrder(Clock::duration quiet, Clock::duration longest_hold)
      : quiet_(quiet), longest_hold_(longest_hold) {}

  void add(Received received, Clock::time_point now);
  [[nodiscard]] bool empty() const noexcept { return held_.empty(); }
  // When take_ready() will release the held events; nullopt when nothing is held.
  [[nodiscard]] std::optional<Clock::time_point> release_time() const noexcept;
  // The held events in display order once release_time() has come, else nothing.
  [[nodiscard]] std::vector<Received> take_ready(Clock::time_point now);
  // Every held event in display order, now (the command is ending).
  [[nodiscard]] std::vector<Received> take_all();

 private:
  Clock::duration quiet_;
  Clock::duration longest_hold_;
  std::vector<Received> held_;
  Clock::time_point first_{};
  Clock::time_point last_{};
};

}  // namespace cmnotify::cli
