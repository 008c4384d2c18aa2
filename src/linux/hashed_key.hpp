// Hash tables whose keys carry their hash. The device map looks one path (and one instance ID)
// up in several tables per uevent; with std::string keys each lookup, insertion and erasure
// hashed the key again, and an erasure also hashed the neighbouring key of another device
// (callgrind: ~1,300 of the map's ~3,300 instructions per add/remove event). Here a key is
// hashed once, when its view is made, and the tables read the stored hash.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cmnotify::linux_source {

// A stored key and its hash under Hash.
template <class Hash>
struct HashedString {
  std::string text;
  std::size_t hash = 0;
};

// A key to look up with, hashed once when it is made. Only Hash makes its hash (or a stored key
// gives back the one Hash made), so a view never meets a table of another hash.
template <class Hash>
class HashedView {
 public:
  explicit HashedView(std::string_view text) noexcept : text_(text), hash_(Hash{}(text)) {}
  explicit HashedView(const HashedString<Hash>& key) noexcept : text_(key.text), hash_(key.hash) {}

  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] std::size_t hash() const noexcept { return hash_; }
  [[nodiscard]] HashedString<Hash> key() const { return {std::string(text_), hash_}; }

 private:
  std::string_view text_;
  std::size_t hash_;
};

// The hash and equality of such tables: the stored hash, and the texts compared under Equal
// once the hashes agree (a bucket's other keys are then told apart without reading them).
template <class Hash, class Equal>
struct HashedKeyTraits {
  struct Hasher {
    using is_transparent = void;
    std::size_t operator()(const HashedString<Hash>& key) const noexcept { return key.hash; }
    std::size_t operator()(const HashedView<Hash>& view) const noexcept { return view.hash(); }
  };
  struct Same {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const noexcept {
      return hash_of(a) == hash_of(b) && Equal{}(text_of(a), text_of(b));
    }
  };

 private:
  static std::size_t hash_of(const HashedString<Hash>& key) noexcept { return key.hash; }
  static std::size_t hash_of(const HashedView<Hash>& view) noexcept { return view.hash(); }
  static std::string_view text_of(const HashedString<Hash>& key) noexcept { return key.text; }
  static std::string_view text_of(const HashedView<Hash>& view) noexcept { return view.text(); }
};

template <class Hash, class Equal, class Value>
using HashedMap =
    std::unordered_map<HashedString<Hash>, Value, typename HashedKeyTraits<Hash, Equal>::Hasher,
                       typename HashedKeyTraits<Hash, Equal>::Same>;
template <class Hash, class Equal>
using HashedSet =
    std::unordered_set<HashedString<Hash>, typename HashedKeyTraits<Hash, Equal>::Hasher,
                       typename HashedKeyTraits<Hash, Equal>::Same>;

// Paths (syspaths) compare byte for byte.
using PathHash = std::hash<std::string_view>;
using PathView = HashedView<PathHash>;
template <class Value>
using PathMap = HashedMap<PathHash, std::equal_to<std::string_view>, Value>;
using PathSet = HashedSet<PathHash, std::equal_to<std::string_view>>;

// map[key] = value, in one of `spares` (nodes of erased entries) when there is one: a key that
// goes and comes back, as in an add/remove storm, then allocates no node and no key string.
template <class Map, class Hash, class Value>
void assign_in_spare(Map& map, std::vector<typename Map::node_type>& spares,
                     const HashedView<Hash>& key, Value&& value) {
  if (auto it = map.find(key); it != map.end()) {
    it->second = std::forward<Value>(value);
    return;
  }
  if (spares.empty()) {
    map.emplace(key.key(), std::forward<Value>(value));
    return;
  }
  typename Map::node_type node = std::move(spares.back());
  spares.pop_back();
  node.key().text.assign(key.text());  // keeps its capacity
  node.key().hash = key.hash();
  node.mapped() = std::forward<Value>(value);
  map.insert(std::move(node));
}

// Erases the entry at `at`, keeping its node (emptied of its value) in `spares` while they are
// few.
template <class Map>
void erase_to_spare(Map& map, std::vector<typename Map::node_type>& spares,
                    typename Map::const_iterator at) {
  constexpr std::size_t kMaxSpares = 16;
  typename Map::node_type node = map.extract(at);
  node.mapped() = {};
  if (spares.size() < kMaxSpares) spares.push_back(std::move(node));
}

}  // namespace cmnotify::linux_source
