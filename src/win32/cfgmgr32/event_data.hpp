// Builds the CM_NOTIFY_EVENT_DATA block a callback receives for an engine Event.
//
// Layout (docs/win32-api.md): the union member FilterType names, strings as NUL-terminated WCHAR
// converted from the Event's UTF-8, and EventDataSize = the block's size =
// max(sizeof(CM_NOTIFY_EVENT_DATA), offset of the variable part + its bytes). Bytes past the
// fields are zero.
#pragma once

#include <cfgmgr32.h>

#include <cstddef>
#include <memory>

#include "cmnotify/event.hpp"

namespace cmnotify::win32 {

class EventDataBuffer {
 public:
  // Builds the block for `event` (replacing the previous one). It lives in this buffer, which
  // only grows, so a thread that reuses one buffer stops allocating once it has seen its
  // largest event.
  void build(const Event& event);

  [[nodiscard]] PCM_NOTIFY_EVENT_DATA data() const noexcept {
    return reinterpret_cast<PCM_NOTIFY_EVENT_DATA>(storage_.get());
  }
  [[nodiscard]] DWORD size() const noexcept { return size_; }

 private:
  // A zeroed, suitably aligned block of `bytes` bytes. size() says `bytes` until a builder that
  // reserved room for a text sets the exact size once the text is written.
  std::byte* reserve(std::size_t bytes);
  void build_interface(const Event& event);
  void build_instance(const Event& event);
  void build_handle(const Event& event);

  std::unique_ptr<std::max_align_t[]> storage_;
  std::size_t capacity_ = 0;  // bytes
  DWORD size_ = 0;
};

}  // namespace cmnotify::win32
