#include "win32/cfgmgr32/event_data.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "win32/support/guid_convert.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32 {
namespace {

constexpr std::size_t kInterfaceText =
    offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceInterface.SymbolicLink);
constexpr std::size_t kInstanceText = offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceInstance.InstanceId);
constexpr std::size_t kHandleData = offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceHandle.Data);

static_assert(kInterfaceText % alignof(WCHAR) == 0 && kInstanceText % alignof(WCHAR) == 0);
static_assert(kHandleData % alignof(WCHAR) == 0, "a name in Data is aligned like its block");

std::size_t block_size(std::size_t variable_end) {
  const std::size_t size = std::max(sizeof(CM_NOTIFY_EVENT_DATA), variable_end);
  if (size > INT32_MAX) throw std::length_error("cmnotify: event data exceeds 2 GiB");
  return size;
}

std::size_t text_bytes(std::string_view utf8) { return (wide_length(utf8) + 1) * sizeof(WCHAR); }

void write_text(std::string_view utf8, std::byte* at) {
  WCHAR* end = write_wide(utf8, reinterpret_cast<WCHAR*>(at));
  *end = L'\0';
}

// Room for `utf8` as NUL-terminated WCHARs without counting its characters first (a UTF-8 byte
// never makes more than one WCHAR), except for texts so long that the bound itself could pass
// the block's limit while the text does not.
std::size_t text_room(std::string_view utf8) {
  constexpr std::size_t kCountBeyond = std::size_t{1} << 24;
  return utf8.size() < kCountBeyond ? (utf8.size() + 1) * sizeof(WCHAR) : text_bytes(utf8);
}

// Writes `utf8` at `offset` of a block reserved with text_room(utf8) there, and returns the
// block's size: the characters are counted as they are written (one pass over the text).
std::size_t write_text_at(std::string_view utf8, std::byte* block, std::size_t offset) {
  auto* start = reinterpret_cast<WCHAR*>(block + offset);
  WCHAR* end = write_wide(utf8, start);
  *end = L'\0';
  return block_size(offset + static_cast<std::size_t>(end + 1 - start) * sizeof(WCHAR));
}

// The custom-event payload as the callback sees it. The Event's name (if any) is UTF-8 at
// custom_name_offset; in Data it becomes a NUL-terminated WCHAR string at the next WCHAR-aligned
// offset, and the bytes around it keep their order.
struct CustomLayout {
  std::string_view before, name, after;
  std::size_t name_offset = 0;  // in Data; meaningful when has_name
  bool has_name = false;

  explicit CustomLayout(const Event& event) {
    const auto* bytes = reinterpret_cast<const char*>(event.custom_data.data());
    const std::string_view all(bytes, event.custom_data.size());
    const auto offset = static_cast<std::int64_t>(event.custom_name_offset);
    if (offset < 0 || static_cast<std::uint64_t>(offset) >= all.size()) {
      before = all;  // no name (or an offset outside the data: treated as none)
      return;
    }
    has_name = true;
    before = all.substr(0, static_cast<std::size_t>(offset));
    const std::string_view rest = all.substr(static_cast<std::size_t>(offset));
    const std::size_t nul = rest.find('\0');
    name = rest.substr(0, nul);
    after = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
    name_offset = (before.size() + alignof(WCHAR) - 1) / alignof(WCHAR) * alignof(WCHAR);
  }

  [[nodiscard]] std::size_t data_size() const {
    if (!has_name) return before.size();
    return name_offset + text_bytes(name) + after.size();
  }

  void write(std::byte* data) const {
    std::memcpy(data, before.data(), before.size());
    if (!has_name) return;
    write_text(name, data + name_offset);
    std::memcpy(data + name_offset + text_bytes(name), after.data(), after.size());
  }
};

}  // namespace

std::byte* EventDataBuffer::reserve(std::size_t bytes) {
  if (bytes > capacity_) {
    const std::size_t capacity = std::max(bytes, capacity_ * 2);
    const std::size_t units = (capacity + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t);
    storage_ = std::make_unique<std::max_align_t[]>(units);
    capacity_ = units * sizeof(std::max_align_t);
  }
  auto* block = reinterpret_cast<std::byte*>(storage_.get());
  std::memset(block, 0, bytes);
  size_ = static_cast<DWORD>(bytes);
  return block;
}

void EventDataBuffer::build(const Event& event) {
  switch (event.filter_type) {
    case FilterType::device_interface: build_interface(event); break;
    case FilterType::device_instance: build_instance(event); break;
    case FilterType::device_handle: build_handle(event); break;
  }
}

void EventDataBuffer::build_interface(const Event& event) {
  const std::string& link = event.symbolic_link;
  std::byte* block = reserve(block_size(kInterfaceText + text_room(link)));
  auto* data = reinterpret_cast<CM_NOTIFY_EVENT_DATA*>(block);
  data->FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  data->u.DeviceInterface.ClassGuid = to_win_guid(event.class_guid);
  size_ = static_cast<DWORD>(write_text_at(link, block, kInterfaceText));
}

void EventDataBuffer::build_instance(const Event& event) {
  const std::string& id = event.device->instance_id;
  std::byte* block = reserve(block_size(kInstanceText + text_room(id)));
  auto* data = reinterpret_cast<CM_NOTIFY_EVENT_DATA*>(block);
  data->FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  size_ = static_cast<DWORD>(write_text_at(id, block, kInstanceText));
}

void EventDataBuffer::build_handle(const Event& event) {
  if (event.action != Action::custom_event) {
    // Only DEVICECUSTOMEVENT carries u.DeviceHandle; the other handle actions get the bare
    // header (no event GUID, no data, no name).
    std::byte* block = reserve(sizeof(CM_NOTIFY_EVENT_DATA));
    auto* data = reinterpret_cast<CM_NOTIFY_EVENT_DATA*>(block);
    data->FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE;
    data->u.DeviceHandle.NameOffset = -1;
    return;
  }
  const CustomLayout layout(event);
  const std::size_t data_size = layout.data_size();
  std::byte* block = reserve(block_size(kHandleData + data_size));
  auto* data = reinterpret_cast<CM_NOTIFY_EVENT_DATA*>(block);
  data->FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE;
  data->u.DeviceHandle.EventGuid = to_win_guid(event.class_guid);
  data->u.DeviceHandle.NameOffset = layout.has_name ? static_cast<LONG>(layout.name_offset) : -1;
  data->u.DeviceHandle.DataSize = static_cast<DWORD>(data_size);
  layout.write(block + kHandleData);
}

}  // namespace cmnotify::win32
