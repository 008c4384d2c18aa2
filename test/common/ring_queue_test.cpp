#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "common/ring_queue.hpp"

namespace cmnotify::detail {
namespace {

TEST(RingQueue, BehavesLikeADequeUnderRandomOperations) {
  RingQueue<int> ring;
  std::deque<int> model;
  std::mt19937 rng(42);
  for (int i = 0; i < 100000; ++i) {
    if (model.empty() || rng() % 3 != 0) {
      ring.push_back(i);
      model.push_back(i);
    } else {
      ASSERT_EQ(ring.pop_front(), model.front());
      model.pop_front();
    }
    ASSERT_EQ(ring.size(), model.size());
  }
  ring.clear();
  EXPECT_TRUE(ring.empty());
  EXPECT_GT(ring.capacity(), 0u) << "clear keeps the storage";
  ring.release();
  EXPECT_EQ(ring.capacity(), 0u);
}

TEST(RingQueue, StopsAllocatingAtItsHighWaterMark) {
  RingQueue<int> ring;
  for (int i = 0; i < 100; ++i) ring.push_back(i);
  const auto cap = ring.capacity();
  for (int round = 0; round < 1000; ++round) {
    while (!ring.empty()) ring.pop_front();
    for (int i = 0; i < 100; ++i) ring.push_back(i);
  }
  EXPECT_EQ(ring.capacity(), cap);
}

}  // namespace
}  // namespace cmnotify::detail
