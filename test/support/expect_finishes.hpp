// Test support: runs a call that could deadlock on another thread, so that a deadlock fails the
// test instead of hanging the whole suite.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <utility>

namespace cmnotify::testing {

// Runs fn on another thread and fails if it takes over `limit`.
template <typename Fn>
void expect_finishes(Fn fn, std::chrono::seconds limit = std::chrono::seconds(20)) {
  auto done = std::async(std::launch::async, std::move(fn));
  ASSERT_EQ(done.wait_for(limit), std::future_status::ready) << "deadlock: did not finish";
  done.get();
}

}  // namespace cmnotify::testing
