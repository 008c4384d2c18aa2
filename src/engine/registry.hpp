// The indexes that route an event to the registrations it matches. An event is looked up by its
// subject (interface class, instance ID or device key: filter_spec.hpp), so its cost does not
// grow with the number of registrations it does not match.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmnotify/event.hpp"
#include "common/instance_id.hpp"
#include "engine/filter_spec.hpp"
#include "engine/registration.hpp"

namespace cmnotify::engine {

class Registry {
 public:
  // Strong guarantee: when it throws (std::bad_alloc), the registry is unchanged.
  void insert(Registration* registration);
  void remove(Registration* registration);

  // Calls fn(Registration&) for every registration whose filter selects `event` (the rule of
  // filter_spec.hpp, through the indexes: the event's subject's bucket and the `all` one).
  template <typename Fn>
  void for_each_match(const Event& event, Fn&& fn) const {
    auto visit = [&](const Bucket* bucket) {
      if (bucket == nullptr) return;
      for (Registration* r : *bucket) {
        if (wanted(event, r->wants_changes())) fn(*r);
      }
    };
    switch (event.filter_type) {
      case FilterType::device_interface:
        visit(find(by_class_, interface_subject(event)));
        visit(&all_classes_);
        break;
      case FilterType::device_instance:
        visit(find(by_instance_, instance_subject(event)));
        visit(&all_instances_);
        break;
      case FilterType::device_handle: visit(find(by_device_, handle_subject(event))); break;
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  using Bucket = std::vector<Registration*>;

  template <typename Map, typename Key>
  static const Bucket* find(const Map& map, const Key& key) {
    // No registration of this kind (the usual case for two of the three maps): no hash of the
    // event's instance ID or device key.
    if (map.empty()) return nullptr;
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }

  Bucket& bucket_for(const FilterSpec& filter);
  void erase_if_empty(const FilterSpec& filter);

  std::unordered_map<Guid, Bucket> by_class_;
  Bucket all_classes_;
  std::unordered_map<std::string, Bucket, detail::CaseInsensitiveHash, detail::CaseInsensitiveEqual>
      by_instance_;
  Bucket all_instances_;
  std::unordered_map<std::string, Bucket> by_device_;
  std::size_t size_ = 0;
};

}  // namespace cmnotify::engine
