#include "win32/support/devinst_table.hpp"

#include <new>

#include "common/instance_id.hpp"

namespace cmnotify::win32 {

DevinstTable& DevinstTable::instance() {
  static auto* table = new DevinstTable;  // immortal: callbacks may enumerate during exit
  return *table;
}

DevinstTable::DevinstTable() { (void)devinst_of(kRootInstanceId); }

DEVINST DevinstTable::devinst_of(std::string_view instance_id) {
  std::string key = detail::to_upper_ascii(instance_id);
  std::lock_guard lock(mutex_);
  if (auto it = by_id_.find(key); it != by_id_.end()) return it->second;
  if (ids_.size() >= 0xFFFFFFFEu) throw std::bad_alloc();  // DEVINSTs are 32-bit, never reused
  ids_.emplace_back(instance_id);
  const auto devinst = static_cast<DEVINST>(ids_.size());
  by_id_.emplace(std::move(key), devinst);
  return devinst;
}

std::optional<DEVINST> DevinstTable::find(std::string_view instance_id) const {
  const std::string key = detail::to_upper_ascii(instance_id);
  std::lock_guard lock(mutex_);
  if (auto it = by_id_.find(key); it != by_id_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> DevinstTable::instance_id_of(DEVINST devinst) const {
  std::lock_guard lock(mutex_);
  if (devinst == 0 || devinst > ids_.size()) return std::nullopt;
  return ids_[devinst - 1];
}

bool is_locatable_instance_id(std::string_view id) noexcept {
  return detail::is_valid_instance_id(id) && id.find('\\') != std::string_view::npos;
}

}  // namespace cmnotify::win32
