#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "engine/event_recycler.hpp"

namespace cmnotify::engine {
namespace {

TEST(EventRecycler, ReusesAnEventOnlyOnceNobodyElseHoldsIt) {
  EventRecycler recycler;
  std::shared_ptr<const Event> held = recycler.acquire();
  const Event* first = held.get();
  std::shared_ptr<const Event> second = recycler.acquire();
  EXPECT_NE(second.get(), first) << "reused an event a registration still holds";
  held.reset();
  second.reset();
  std::shared_ptr<const Event> third = recycler.acquire();
  EXPECT_EQ(third.get(), first) << "the oldest free event is reused";
  EXPECT_EQ(recycler.pooled(), 2u);
}

TEST(EventRecycler, ReusesEventsReleasedOnAnotherThread) {
  EventRecycler recycler;
  std::vector<std::shared_ptr<const Event>> delivered;
  for (int i = 0; i < 8; ++i) delivered.push_back(recycler.acquire());
  const Event* oldest = delivered.front().get();
  std::thread([&] { delivered.clear(); }).join();
  EXPECT_EQ(recycler.acquire().get(), oldest);
  EXPECT_EQ(recycler.pooled(), 8u) << "no new event while pooled ones were free";
}

TEST(EventRecycler, KeepsAtMostItsLimitAndStillHandsOutFreshEvents) {
  EventRecycler recycler;
  std::vector<std::shared_ptr<const Event>> backlog;
  for (std::size_t i = 0; i < EventRecycler::kMaxPooled + 10; ++i)
    backlog.push_back(recycler.acquire());
  EXPECT_EQ(recycler.pooled(), EventRecycler::kMaxPooled);
  for (const auto& e : backlog) ASSERT_NE(e, nullptr);
}

}  // namespace
}  // namespace cmnotify::engine
