// The handle table: kernel objects under handles that carry a slot index and a generation, so a
// closed handle is never mistaken for the object that reuses its slot. File handles
// (descriptors, see files.cpp) share the HANDLE space: a table handle is never a descriptor's.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <map>
#include <new>
#include <string>
#include <vector>

#include <cfgmgr32.h>

#include "win32/kernel32/kernel_objects.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

// Table handle values: bit 62 set (above every descriptor handle, fd + 1 <= INT_MAX + 1), the
// generation in bits 24-55, the slot in bits 2-23 (handles are multiples of 4, as Windows').
constexpr std::uint64_t kTag = std::uint64_t{1} << 62;
constexpr unsigned kSlotShift = 2;
constexpr unsigned kSlotBits = 22;
constexpr unsigned kGenerationShift = kSlotShift + kSlotBits;
constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
constexpr std::uint64_t kGenerationMask = 0xFFFFFFFFu;
constexpr std::uint64_t kKnownBits =
    kTag | (kGenerationMask << kGenerationShift) | (kSlotMask << kSlotShift);

struct Slot {
  ObjectPtr object;
  std::uint32_t generation = 1;
};

struct Table {
  std::vector<Slot> slots;
  std::vector<std::size_t> free_slots;
  std::map<std::wstring, std::weak_ptr<KernelObject>> names;
};

Table& table() {
  static auto* t = new Table;  // immortal: threads may close handles during exit
  return *t;
}

std::uint64_t value_of(HANDLE handle) noexcept {
  return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(handle));
}

// The slot a handle names, or null for a closed, stale or foreign value.
Slot* slot_of(HANDLE handle) noexcept {
  const std::uint64_t v = value_of(handle);
  if (!is_table_handle(handle)) return nullptr;
  const std::size_t index = (v >> kSlotShift) & kSlotMask;
  const auto generation = static_cast<std::uint32_t>((v >> kGenerationShift) & kGenerationMask);
  Table& t = table();
  if (index >= t.slots.size()) return nullptr;
  Slot& slot = t.slots[index];
  if (!slot.object || slot.generation != generation) return nullptr;
  return &slot;
}

}  // namespace

bool is_table_handle(HANDLE handle) noexcept {
  const std::uint64_t v = value_of(handle);
  return (v & kTag) != 0 && (v & ~kKnownBits) == 0;
}

HANDLE insert_handle(ObjectPtr object) {
  Table& t = table();
  std::size_t index;
  if (!t.free_slots.empty()) {
    index = t.free_slots.back();
    t.free_slots.pop_back();
  } else {
    if (t.slots.size() > kSlotMask) throw std::bad_alloc();
    t.slots.emplace_back();
    index = t.slots.size() - 1;
  }
  Slot& slot = t.slots[index];
  slot.object = std::move(object);
  const std::uint64_t v = kTag | (std::uint64_t{slot.generation} << kGenerationShift) |
                          (std::uint64_t{index} << kSlotShift);
  return reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(v));
}

ObjectPtr object_of(HANDLE handle) {
  if (handle == GetCurrentThread()) return current_thread_object();
  if (Slot* slot = slot_of(handle)) return slot->object;
  SetLastError(ERROR_INVALID_HANDLE);
  return nullptr;
}

ObjectPtr object_of(HANDLE handle, ObjectType type) {
  ObjectPtr object = object_of(handle);
  if (object && object->type() != type) {
    SetLastError(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  return object;
}

ObjectPtr find_named(const std::wstring& name) {
  auto& names = table().names;
  const auto it = names.find(name);
  if (it == names.end()) return nullptr;
  ObjectPtr object = it->second.lock();
  if (!object) names.erase(it);
  return object;
}

void add_named(const ObjectPtr& object) { table().names[object->name] = object; }

}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

BOOL WINAPI CloseHandle(HANDLE hObject) {
  // GetCurrentProcess() is INVALID_HANDLE_VALUE's value: that one is refused, as a failed
  // CreateFile's result (Windows accepts it as the process); the thread pseudo-handle is ignored.
  if (hObject == GetCurrentThread()) return TRUE;
  if (k32::is_table_handle(hObject)) {
    k32::ObjectPtr released;  // destroyed after the lock is released
    std::lock_guard lock(k32::kernel_lock());
    k32::Slot* slot = k32::slot_of(hObject);
    if (slot == nullptr) return k32::fail(ERROR_INVALID_HANDLE);
    released = std::move(slot->object);
    ++slot->generation;
    k32::table().free_slots.push_back(static_cast<std::size_t>(slot - k32::table().slots.data()));
    return TRUE;
  }
  const int fd = cmnotify_fd_from_handle(hObject);
  if (fd < 0 || (::close(fd) != 0 && errno == EBADF)) return k32::fail(ERROR_INVALID_HANDLE);
  return TRUE;  // EINTR and EIO still release the descriptor on Linux
}

BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
                            HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle,
                            DWORD /*dwDesiredAccess*/, BOOL bInheritHandle, DWORD dwOptions) {
  if (hSourceProcessHandle != GetCurrentProcess() || hTargetProcessHandle != GetCurrentProcess())
    return k32::fail(ERROR_INVALID_HANDLE);
  if (lpTargetHandle == nullptr) return k32::fail(ERROR_INVALID_PARAMETER);
  HANDLE duplicate = nullptr;
  if (hSourceHandle == GetCurrentProcess()) {
    duplicate = GetCurrentProcess();
  } else if (hSourceHandle == GetCurrentThread() || k32::is_table_handle(hSourceHandle)) {
    try {
      std::lock_guard lock(k32::kernel_lock());
      k32::ObjectPtr object = k32::object_of(hSourceHandle);
      if (!object) return FALSE;  // ERROR_INVALID_HANDLE
      duplicate = k32::insert_handle(std::move(object));
    } catch (const std::bad_alloc&) {
      return k32::fail(ERROR_NOT_ENOUGH_MEMORY);
    }
  } else {
    const int fd = cmnotify_fd_from_handle(hSourceHandle);
    if (fd < 0) return k32::fail(ERROR_INVALID_HANDLE);
    const int copy = ::fcntl(fd, bInheritHandle ? F_DUPFD : F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
      return k32::fail(errno == EBADF ? ERROR_INVALID_HANDLE : ERROR_TOO_MANY_OPEN_FILES);
    duplicate = cmnotify_handle_from_fd(copy);
  }
  if ((dwOptions & DUPLICATE_CLOSE_SOURCE) != 0) CloseHandle(hSourceHandle);
  *lpTargetHandle = duplicate;
  return TRUE;
}

}  // extern "C"
