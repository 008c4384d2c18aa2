#include "linux/hashed_key.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/instance_id.hpp"

namespace cmnotify::linux_source {
namespace {

// A path hash that counts its calls: the tables must never hash a key themselves.
struct CountingHash {
  static inline std::size_t calls = 0;
  std::size_t operator()(std::string_view text) const noexcept {
    ++calls;
    return std::hash<std::string_view>{}(text);
  }
};

// Every key in one bucket: only the comparison of the texts tells them apart.
struct ConstantHash {
  std::size_t operator()(std::string_view) const noexcept { return 42; }
};

template <class Hash>
using Table = HashedMap<Hash, std::equal_to<std::string_view>, int>;

std::string path_of(unsigned n) {
  return "/sys/devices/virtual/net/cmnstorm" + std::to_string(n) + (n % 3 == 0 ? "/queues" : "");
}

// Random insertions (new nodes and spare ones), lookups and erasures against std::map.
template <class Hash>
void agrees_with_a_string_map(unsigned seed) {
  Table<Hash> table;
  std::vector<typename Table<Hash>::node_type> spares;
  std::map<std::string, int> expected;
  std::mt19937 random(seed);
  for (int step = 0; step < 20000; ++step) {
    const std::string key = path_of(random() % 300);
    const HashedView<Hash> view(key);
    switch (random() % 4) {
      case 0:
      case 1:
        assign_in_spare(table, spares, view, step);
        expected[key] = step;
        break;
      case 2:
        if (auto it = table.find(view); it != table.end()) erase_to_spare(table, spares, it);
        expected.erase(key);
        break;
      default: {
        const auto it = table.find(view);
        const auto want = expected.find(key);
        ASSERT_EQ(it != table.end(), want != expected.end()) << key << " at step " << step;
        if (it != table.end()) {
          EXPECT_EQ(it->first.text, key);
          EXPECT_EQ(it->second, want->second);
        }
      }
    }
    ASSERT_EQ(table.size(), expected.size()) << "at step " << step;
    ASSERT_LE(spares.size(), 16u);
  }
  for (const auto& [key, value] : expected) {
    const auto it = table.find(HashedView<Hash>(key));
    ASSERT_NE(it, table.end()) << key;
    EXPECT_EQ(it->second, value);
    EXPECT_EQ(table.count(HashedView<Hash>(key + "x")), 0u);
  }
}

TEST(HashedKey, ATableAgreesWithAStringMapUnderInsertionsLookupsAndErasures) {
  agrees_with_a_string_map<std::hash<std::string_view>>(1);
  agrees_with_a_string_map<std::hash<std::string_view>>(2);
  // All keys in one bucket: equal hashes never make two keys one.
  agrees_with_a_string_map<ConstantHash>(3);
}

TEST(HashedKey, AKeyIsHashedOnlyWhenItsViewIsMade) {
  Table<CountingHash> table;
  std::vector<Table<CountingHash>::node_type> spares;
  std::vector<std::string> keys;
  for (unsigned n = 0; n < 2000; ++n) keys.push_back(path_of(n));
  CountingHash::calls = 0;
  std::size_t views = 0;
  // Growing to 2,000 entries rehashes the table several times; erasing and inserting again
  // relinks neighbours; spare nodes are inserted again.
  for (int round = 0; round < 3; ++round) {
    for (const std::string& key : keys) {
      const HashedView<CountingHash> view(key);
      ++views;
      assign_in_spare(table, spares, view, round);
      assign_in_spare(table, spares, view, round + 1);  // over the entry just made
      ASSERT_NE(table.find(view), table.end());
      EXPECT_EQ(table.count(view), 1u);
    }
    for (std::size_t i = 0; i < keys.size(); i += 2) {
      const HashedView<CountingHash> view(keys[i]);
      ++views;
      erase_to_spare(table, spares, table.find(view));
    }
    table.rehash(table.bucket_count() * 4);
  }
  EXPECT_EQ(table.size(), keys.size() / 2);
  EXPECT_EQ(CountingHash::calls, views);
  // A view made from a stored key reuses its hash.
  const HashedView<CountingHash> again(table.begin()->first);
  EXPECT_EQ(CountingHash::calls, views);
  EXPECT_EQ(again.hash(), table.begin()->first.hash);
  EXPECT_EQ(again.text(), table.begin()->first.text);
}

TEST(HashedKey, InstanceIdsMatchInAnyCaseAndPathsOnlyByteForByte) {
  using Ids = HashedMap<detail::CaseInsensitiveHash, detail::CaseInsensitiveEqual, std::string>;
  using IdView = HashedView<detail::CaseInsensitiveHash>;
  Ids ids;
  std::vector<Ids::node_type> spares;
  assign_in_spare(ids, spares, IdView("SWD\\NET\\LO"),
                  std::string_view("/sys/devices/virtual/net/lo"));
  ASSERT_NE(ids.find(IdView("swd\\net\\lo")), ids.end());
  EXPECT_EQ(ids.find(IdView("Swd\\Net\\Lo"))->second, "/sys/devices/virtual/net/lo");
  EXPECT_EQ(ids.count(IdView("SWD\\NET\\LO0")), 0u);
  // Assigning under another spelling replaces the value, keeping the first spelling.
  assign_in_spare(ids, spares, IdView("swd\\net\\lo"), std::string_view("/elsewhere"));
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids.begin()->first.text, "SWD\\NET\\LO");
  EXPECT_EQ(ids.begin()->second, "/elsewhere");
  // The spare node of an erased entry holds nothing of it.
  erase_to_spare(ids, spares, ids.begin());
  ASSERT_EQ(spares.size(), 1u);
  EXPECT_TRUE(spares.front().mapped().empty());

  PathMap<int> paths;
  std::vector<PathMap<int>::node_type> spare_paths;
  assign_in_spare(paths, spare_paths, PathView("/sys/devices/virtual/net/Lo"), 1);
  EXPECT_EQ(paths.count(PathView("/sys/devices/virtual/net/lo")), 0u);
  EXPECT_EQ(paths.count(PathView("/sys/devices/virtual/net/Lo")), 1u);
}

}  // namespace
}  // namespace cmnotify::linux_source
