// Test support: every arrival and removal a subscriber is told of, counted per instance ID, with
// the view built from them, for the tests that prove "each exactly once, and the view ends equal
// to sysfs" against the real source.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmnotify/cmnotify.hpp"
#include "support/subscriber_view.hpp"

namespace cmnotify::testing {

class DeliveryTally {
 public:
  // The subscription's callback (any thread).
  void operator()(const Event& e) {
    view_.apply(e);
    std::lock_guard lock(mutex_);
    if (e.action == Action::instance_enumerated) ++arrivals_[e.instance_id()];
    if (e.action == Action::instance_removed) ++removals_[e.instance_id()];
    changed_.notify_all();
  }

  // Waits (30 s at most) until each of `ids` had at least `arrivals` arrivals and `removals`
  // removals; false on timeout.
  bool wait(const std::vector<std::string>& ids, int arrivals = 1, int removals = 1) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] {
      for (const auto& id : ids)
        if (arrivals_[id] < arrivals || removals_[id] < removals) return false;
      return true;
    });
  }

  void expect_exactly_once(const std::vector<std::string>& ids) {
    std::lock_guard lock(mutex_);
    for (const auto& id : ids) {
      EXPECT_EQ(arrivals_[id], 1) << id;
      EXPECT_EQ(removals_[id], 1) << id;
    }
  }

  void expect_view_equals_sysfs() {
    std::set<std::string> instances, links;
    read_sysfs(instances, links);
    // Devices of other programs may come and go meanwhile; retry briefly before judging.
    for (int i = 0; i < 100 && view_.instances_now() != instances; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      instances.clear();
      links.clear();
      read_sysfs(instances, links);
    }
    EXPECT_EQ(view_.instances_now(), instances)
        << difference("instance", view_.instances_now(), instances);
    std::lock_guard lock(view_.mutex);
    EXPECT_EQ(view_.doubled, 0);
    EXPECT_EQ(view_.orphan_removals, 0);
  }

 private:
  SubscriberView view_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, int> arrivals_;
  std::map<std::string, int> removals_;
};

}  // namespace cmnotify::testing
