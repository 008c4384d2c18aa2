// Proves the steady state allocates nothing: this binary (only this one) replaces the global
// operator new with one that counts while a test's window is open.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "linux/netlink_fake_syscalls.hpp"
#include "linux/netlink_socket.hpp"
#include "linux/uevent.hpp"
#include "linux/uevent_test_messages.hpp"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<std::size_t> g_allocations{0};

// Counts allocations made between its construction and count().
class AllocationWindow {
 public:
  AllocationWindow() {
    g_allocations = 0;
    g_counting = true;
  }
  ~AllocationWindow() { g_counting = false; }
  AllocationWindow(const AllocationWindow&) = delete;
  AllocationWindow& operator=(const AllocationWindow&) = delete;

  std::size_t count() {
    g_counting = false;
    return g_allocations.load();
  }
};

}  // namespace

// The replaceable allocation functions (the array and nothrow forms call these by default).
// GCC sees the free() below paired with a call to operator new and warns; they do match here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace cmnotify::linux_source {
namespace {

constexpr int kRounds = 10000;

std::size_t allocations_parsing(const std::vector<std::string>& messages, Uevent& ev) {
  AllocationWindow window;
  for (int i = 0; i < kRounds; ++i) {
    const auto& m = messages[static_cast<std::size_t>(i) % messages.size()];
    if (parse_uevent(std::span<const char>(m.data(), m.size()), ev) != UeventError::none) {
      ADD_FAILURE() << "a test message did not parse";
      break;
    }
  }
  return window.count();
}

TEST(UeventAllocation, TheCounterSeesAllocations) {
  AllocationWindow window;
  std::vector<int>* volatile p = new std::vector<int>(100);  // volatile: not optimised away
  const auto seen = window.count();
  delete p;
  EXPECT_EQ(seen, 2u) << "the vector object and its storage";
}

TEST(UeventAllocation, ParsingTheSameKernelMessageAllocatesNothing) {
  const std::vector<std::string> messages{testing::kernel_lo_change()};
  Uevent ev;
  ASSERT_EQ(testing::parse(messages[0], ev), UeventError::none);  // warm-up
  EXPECT_EQ(allocations_parsing(messages, ev), 0u);
}

TEST(UeventAllocation, ParsingTheSameUdevMessageAllocatesNothing) {
  const std::vector<std::string> messages{testing::udev_sda1_add()};
  Uevent ev;
  ASSERT_EQ(testing::parse(messages[0], ev), UeventError::none);
  EXPECT_EQ(allocations_parsing(messages, ev), 0u);
}

TEST(UeventAllocation, MixedMessagesAllocateNothingOnceTheLargestWasSeen) {
  const std::vector<std::string> messages{testing::kernel_lo_change(), testing::udev_sda1_add(),
                                          testing::kernel_lo_change("1")};
  Uevent ev;
  ASSERT_EQ(testing::parse(messages[1], ev), UeventError::none);  // the most pairs
  EXPECT_EQ(allocations_parsing(messages, ev), 0u);
}

TEST(UeventAllocation, AMessageWithMorePairsThanEverBeforeDoesAllocate) {
  // The check above can fail: growing the property vector is seen.
  Uevent ev;
  ASSERT_EQ(testing::parse(testing::kernel_lo_change(), ev), UeventError::none);
  EXPECT_GT(allocations_parsing({testing::udev_sda1_add()}, ev), 0u);
}

TEST(UeventAllocation, ReceivingFromTheSocketAllocatesNothingInTheSteadyState) {
  testing::FakeSocketSyscalls fake;
  std::string error;
  auto socket = NetlinkSocket::open(NetlinkGroup::kernel, 1 << 20, error, fake);
  ASSERT_NE(socket, nullptr) << error;
  fake.push(testing::FakeDatagram{testing::kernel_lo_change(), testing::netlink_address(0, 1),
                                  testing::credentials(0, 0), 0});
  fake.replay_forever = true;
  Uevent ev;
  ASSERT_EQ(socket->receive(ev), ReceiveStatus::message);  // warm-up

  AllocationWindow window;
  int delivered = 0;
  for (int i = 0; i < kRounds; ++i) delivered += socket->receive(ev) == ReceiveStatus::message;
  EXPECT_EQ(window.count(), 0u);
  EXPECT_EQ(delivered, kRounds);
}

}  // namespace
}  // namespace cmnotify::linux_source
