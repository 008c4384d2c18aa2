#include "model/device_tree.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "common/instance_id.hpp"
#include "engine/engine.hpp"

namespace cmnotify::model {

struct DeviceTree::Index {
  using ById = std::unordered_map<std::string, const DevicePtr*, detail::CaseInsensitiveHash,
                                  detail::CaseInsensitiveEqual>;
  using Children = std::unordered_map<std::string, std::vector<const Device*>,
                                      detail::CaseInsensitiveHash, detail::CaseInsensitiveEqual>;

  explicit Index(engine::DeviceList list) : devices(std::move(list)) {
    by_id.reserve(devices->size());
    for (const DevicePtr& d : *devices) {
      by_id.emplace(d->instance_id, &d);
      children[d->parent_instance_id.empty() ? std::string(kRootInstanceId) : d->parent_instance_id]
          .push_back(d.get());
    }
    for (auto& [parent, siblings] : children) {
      std::sort(siblings.begin(), siblings.end(), [](const Device* a, const Device* b) {
        return detail::iless(a->instance_id, b->instance_id);
      });
      for (std::size_t i = 0; i + 1 < siblings.size(); ++i)
        next.emplace(siblings[i], siblings[i + 1]);
    }
  }

  engine::DeviceList devices;
  ById by_id;  // into `devices`, which never changes
  Children children;
  std::unordered_map<const Device*, const Device*> next;  // the next sibling
};

DeviceTree::DeviceTree() : DeviceTree(std::vector<DevicePtr>{}) {}

DeviceTree::DeviceTree(std::vector<DevicePtr> devices)
    : DeviceTree(std::make_shared<const std::vector<DevicePtr>>(std::move(devices))) {}

DeviceTree::DeviceTree(engine::DeviceList devices)
    : index_(std::make_shared<const Index>(std::move(devices))) {}

Cr DeviceTree::present(DeviceTree& out) {
  engine::DeviceList devices;
  if (const Cr cr = engine::Engine::instance().present_list(devices); cr != Cr::success) return cr;
  // The last index, kept with its list (so the list's address cannot be reused while kept).
  static std::mutex mutex;
  static DeviceTree* last = new DeviceTree;  // immortal: callbacks may ask during exit
  std::lock_guard lock(mutex);
  if (last->index_->devices != devices) *last = DeviceTree(std::move(devices));
  out = *last;
  return Cr::success;
}

const std::vector<DevicePtr>& DeviceTree::devices() const noexcept { return *index_->devices; }

const Device* DeviceTree::find(std::string_view instance_id) const {
  auto it = index_->by_id.find(std::string(instance_id));
  return it == index_->by_id.end() ? nullptr : it->second->get();
}

DevicePtr DeviceTree::find_shared(std::string_view instance_id) const {
  auto it = index_->by_id.find(std::string(instance_id));
  return it == index_->by_id.end() ? nullptr : *it->second;
}

const Device* DeviceTree::parent_of(const Device& device) const {
  if (device.parent_instance_id.empty()) return nullptr;
  return find(device.parent_instance_id);
}

std::string DeviceTree::parent_id_of(const Device& device) const {
  return device.parent_instance_id.empty() ? std::string(kRootInstanceId)
                                           : device.parent_instance_id;
}

const std::vector<const Device*>& DeviceTree::children_of(std::string_view instance_id) const {
  static const std::vector<const Device*> kNone;
  auto it = index_->children.find(std::string(instance_id));
  return it == index_->children.end() ? kNone : it->second;
}

const Device* DeviceTree::next_sibling(const Device& device) const {
  auto it = index_->next.find(&device);
  return it == index_->next.end() ? nullptr : it->second;
}

}  // namespace cmnotify::model
