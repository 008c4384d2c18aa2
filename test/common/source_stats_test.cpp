// The rejection reasons of SourceStats: every one named, each name once, in a fixed order.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "cmnotify/source.hpp"

namespace cmnotify {
namespace {

TEST(SourceStatsRejections, EveryReasonIsVisitedOnceUnderItsOwnName) {
  SourceStats::Rejections r;
  r.sender = 1;
  r.credentials = 2;
  r.truncated = 3;
  r.wrong_format = 4;
  for (std::size_t i = 1; i < kUeventErrorCount; ++i) r.malformed[i] = 10 + i;
  std::vector<std::string> names;
  std::vector<std::uint64_t> counts;
  r.for_each([&](std::string_view name, std::uint64_t n) {
    names.emplace_back(name);
    counts.push_back(n);
  });
  ASSERT_EQ(names.size(), 4 + kUeventErrorCount - 1) << "every UeventError but none";
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  EXPECT_EQ(names[0], "sender");
  EXPECT_EQ(names[3], "wrong_format");
  EXPECT_EQ(counts[3], 4u);
  EXPECT_EQ(names[4], "empty");
  EXPECT_EQ(counts[4], 11u);
  EXPECT_EQ(names.back(), "duplicate_key");
  EXPECT_EQ(counts.back(), 10 + kUeventErrorCount - 1);
}

TEST(SourceStatsRejections, ParserErrorsAreNamedAsTheirValues) {
  EXPECT_EQ(to_string(UeventError::none), "none");
  EXPECT_EQ(to_string(UeventError::malformed_pair), "malformed_pair");
  EXPECT_EQ(to_string(UeventError::invalid_utf8), "invalid_utf8");
  EXPECT_EQ(to_string(static_cast<UeventError>(200)), "unknown");
}

}  // namespace
}  // namespace cmnotify
