#include "win32/setupapi/device_info_set.hpp"

#include <unordered_map>

#include "common/instance_id.hpp"
#include "win32/support/devinst_table.hpp"
#include "win32/support/guid_convert.hpp"

namespace cmnotify::win32 {
namespace {

struct Registry {
  std::mutex mutex;
  std::unordered_map<HDEVINFO, DeviceInfoSetPtr> sets;
  std::uintptr_t next = 0;
};

Registry& registry() {
  static auto* r = new Registry;  // immortal: sets may be destroyed during exit
  return *r;
}

}  // namespace

std::size_t DeviceInfoSet::add(const Device& device) {
  SetMember m;
  m.instance_id = device.instance_id;
  m.setup_class = to_win_guid(device.setup_class);
  m.devinst = DevinstTable::instance().devinst_of(device.instance_id);
  m.interfaces = device.interfaces;
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < members_.size(); ++i)
    if (detail::iequals(members_[i].instance_id, device.instance_id)) return i;
  members_.push_back(std::move(m));
  return members_.size() - 1;
}

std::optional<SetMember> DeviceInfoSet::member(std::size_t index) const {
  std::lock_guard lock(mutex_);
  if (index >= members_.size()) return std::nullopt;
  return members_[index];
}

std::size_t DeviceInfoSet::size() const {
  std::lock_guard lock(mutex_);
  return members_.size();
}

std::vector<SetMember> DeviceInfoSet::members() const {
  std::lock_guard lock(mutex_);
  return members_;
}

HDEVINFO register_set(DeviceInfoSetPtr set) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  // Handles are small odd-free numbers never reused, so a stale one finds nothing; they are
  // multiples of 8 above 0x10000 so that no small integer or -1 is ever one.
  const auto handle = reinterpret_cast<HDEVINFO>(0x10000 + 8 * ++r.next);
  r.sets.emplace(handle, std::move(set));
  return handle;
}

DeviceInfoSetPtr find_set(HDEVINFO handle) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  const auto it = r.sets.find(handle);
  return it == r.sets.end() ? nullptr : it->second;
}

bool destroy_set(HDEVINFO handle) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return r.sets.erase(handle) == 1;
}

ULONG_PTR member_cookie(std::size_t member) noexcept { return member + 1; }

ULONG_PTR interface_cookie(std::size_t member, std::size_t interface) noexcept {
  return (static_cast<ULONG_PTR>(interface + 1) << 32) | (member + 1);
}

std::optional<std::size_t> member_of_cookie(ULONG_PTR cookie) noexcept {
  const ULONG_PTR member = cookie & 0xFFFFFFFFu;
  if (member == 0) return std::nullopt;
  return member - 1;
}

std::optional<std::size_t> interface_of_cookie(ULONG_PTR cookie) noexcept {
  const ULONG_PTR interface = cookie >> 32;
  if (interface == 0) return std::nullopt;
  return interface - 1;
}

}  // namespace cmnotify::win32
