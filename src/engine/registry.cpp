#include "engine/registry.hpp"

#include <cassert>

namespace cmnotify::engine {

Registry::Bucket& Registry::bucket_for(const FilterSpec& filter) {
  switch (filter.type) {
    case FilterType::device_interface:
      return filter.all ? all_classes_ : by_class_[filter.class_guid];
    case FilterType::device_instance:
      return filter.all ? all_instances_ : by_instance_[filter.instance_id];
    case FilterType::device_handle: return by_device_[filter.device_key];
  }
  assert(false && "unknown filter type");
  return all_classes_;
}

void Registry::erase_if_empty(const FilterSpec& filter) {
  // Empty buckets are dropped so a long-running process does not accumulate one per device ever
  // watched.
  switch (filter.type) {
    case FilterType::device_interface:
      if (!filter.all) {
        auto it = by_class_.find(filter.class_guid);
        if (it != by_class_.end() && it->second.empty()) by_class_.erase(it);
      }
      break;
    case FilterType::device_instance:
      if (!filter.all) {
        auto it = by_instance_.find(filter.instance_id);
        if (it != by_instance_.end() && it->second.empty()) by_instance_.erase(it);
      }
      break;
    case FilterType::device_handle: {
      auto it = by_device_.find(filter.device_key);
      if (it != by_device_.end() && it->second.empty()) by_device_.erase(it);
      break;
    }
  }
}

void Registry::insert(Registration* registration) {
  Bucket& bucket = bucket_for(registration->filter());
  registration->bucket_slot = bucket.size();
  try {
    bucket.push_back(registration);
  } catch (...) {
    erase_if_empty(registration->filter());  // the bucket bucket_for() just made
    throw;
  }
  ++size_;
}

void Registry::remove(Registration* registration) {
  Bucket& bucket = bucket_for(registration->filter());
  const std::size_t slot = registration->bucket_slot;
  assert(slot < bucket.size() && bucket[slot] == registration);
  // Swap-and-pop keeps removal O(1); delivery order across registrations is not promised.
  bucket[slot] = bucket.back();
  bucket[slot]->bucket_slot = slot;
  bucket.pop_back();
  erase_if_empty(registration->filter());
  --size_;
}

}  // namespace cmnotify::engine
