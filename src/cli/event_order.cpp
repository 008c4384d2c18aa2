#include "cli/event_order.hpp"

#include <algorithm>
#include <tuple>

namespace cmnotify::cli {
namespace {}  // namespace

int action_rank(Action action) noexcept {
  switch (action) {
    case Action::instance_enumerated: return 0;
    case Action::instance_started: return 1;
    case Action::interface_arrival: return 2;
    case Action::custom_event:
    case Action::changed: return 3;
    case Action::query_remove:
    case Action::query_remove_failed: return 4;
    case Action::interface_removal: return 5;
    case Action::remove_pending: return 6;
    case Action::remove_complete: return 7;
    case Action::instance_removed: return 8;
  }
  return 3;
}

namespace {

// Path order in which a parent comes before its children and siblings sort by name: '/' sorts
// before every other character.
int compare_paths(const std::string& a, const std::string& b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] == '/') return -1;
    if (b[i] == '/') return 1;
    return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

bool display_before(const Received& a, const Received& b) noexcept {
  const auto phase = [](const Received& r) { return r.event.origin == Origin::present ? 0 : 1; };
  if (phase(a) != phase(b)) return phase(a) < phase(b);
  if (a.event.sequence != b.event.sequence) return a.event.sequence < b.event.sequence;
  if (const int c = compare_paths(a.event.device->syspath, b.event.device->syspath); c != 0)
    return c < 0;
  return std::tuple(action_rank(a.event.action), a.arrival) <
         std::tuple(action_rank(b.event.action), b.arrival);
}

void EventOrder::add(Received received, Clock::time_point now) {
  if (held_.empty()) first_ = now;
  last_ = now;
  held_.push_back(std::move(received));
}

std::optional<EventOrder::Clock::time_point> EventOrder::release_time() const noexcept {
  if (held_.empty()) return std::nullopt;
  return std::min(last_ + quiet_, first_ + longest_hold_);
}

std::vector<Received> EventOrder::take_ready(Clock::time_point now) {
  const auto release = release_time();
  if (!release || now < *release) return {};
  return take_all();
}

std::vector<Received> EventOrder::take_all() {
  std::vector<Received> out = std::move(held_);
  held_.clear();
  std::stable_sort(out.begin(), out.end(), display_before);
  return out;
}

}  // namespace cmnotify::cli
