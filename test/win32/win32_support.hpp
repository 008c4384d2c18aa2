// Test support for the C API: filter builders and a callback that records what it receives.
#pragma once

#include <cfgmgr32.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <cwchar>
#include <mutex>
#include <string>
#include <vector>

namespace cmnotify::testing {

inline CM_NOTIFY_FILTER interface_filter(const GUID& guid) {
  CM_NOTIFY_FILTER f{};
  f.cbSize = sizeof(f);
  f.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  f.u.DeviceInterface.ClassGuid = guid;
  return f;
}

inline CM_NOTIFY_FILTER all_interfaces_filter() {
  CM_NOTIFY_FILTER f{};
  f.cbSize = sizeof(f);
  f.Flags = CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES;
  f.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE;
  return f;
}

inline CM_NOTIFY_FILTER instance_filter(const std::wstring& id) {
  CM_NOTIFY_FILTER f{};
  f.cbSize = sizeof(f);
  f.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  std::wmemcpy(f.u.DeviceInstance.InstanceId, id.c_str(),
               std::min<std::size_t>(id.size() + 1, MAX_DEVICE_ID_LEN));
  return f;
}

inline CM_NOTIFY_FILTER all_instances_filter() {
  CM_NOTIFY_FILTER f{};
  f.cbSize = sizeof(f);
  f.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES;
  f.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  return f;
}

inline CM_NOTIFY_FILTER handle_filter(HANDLE h) {
  CM_NOTIFY_FILTER f{};
  f.cbSize = sizeof(f);
  f.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE;
  f.u.DeviceHandle.hTarget = h;
  return f;
}

// A one-shot event with a bounded wait, so a bug fails a test instead of hanging it.
class Signal {
 public:
  void notify() {
    // Notified under the lock: the waiter may destroy this Signal as soon as it sees set_.
    std::lock_guard lock(mutex_);
    set_ = true;
    cv_.notify_all();
  }
  bool wait(std::chrono::seconds limit = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return set_; });
  }
  bool is_set() {
    std::lock_guard lock(mutex_);
    return set_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool set_ = false;
};

// One callback invocation, with a copy of the event data block.
struct Received {
  HCMNOTIFICATION handle = nullptr;
  CM_NOTIFY_ACTION action = CM_NOTIFY_ACTION_MAX;
  DWORD size = 0;
  std::vector<unsigned char> bytes;

  [[nodiscard]] const CM_NOTIFY_EVENT_DATA& data() const {
    return *reinterpret_cast<const CM_NOTIFY_EVENT_DATA*>(bytes.data());
  }
};

// Pass the address as pContext and Recorder::callback as pCallback.
class Recorder {
 public:
  static DWORD CALLBACK callback(HCMNOTIFICATION handle, PVOID context, CM_NOTIFY_ACTION action,
                                 PCM_NOTIFY_EVENT_DATA data, DWORD size) {
    auto* self = static_cast<Recorder*>(context);
    Received r;
    r.handle = handle;
    r.action = action;
    r.size = size;
    // Copied into 8-byte-aligned storage so data() may read it as a CM_NOTIFY_EVENT_DATA.
    r.bytes.resize((size + 7) / 8 * 8);
    std::memcpy(r.bytes.data(), data, size);
    std::lock_guard lock(self->mutex_);  // notified under it: see Signal::notify()
    self->received_.push_back(std::move(r));
    self->cv_.notify_all();
    return ERROR_SUCCESS;
  }

  // Waits (at most `limit`) until `n` callbacks arrived; false on timeout.
  bool wait_for(std::size_t n, std::chrono::seconds limit = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return received_.size() >= n; });
  }

  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return received_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Received> received_;
};

// ---- Enumeration and properties ----

// An ASCII string as WCHARs.
inline std::wstring wide(const std::string& s) { return std::wstring(s.begin(), s.end()); }

// The entries of a multi-string.
inline std::vector<std::wstring> entries(const wchar_t* multi) {
  std::vector<std::wstring> out;
  for (const wchar_t* p = multi; *p != L'\0'; p += std::wcslen(p) + 1) out.emplace_back(p);
  return out;
}
inline std::vector<std::string> entries(const char* multi) {
  std::vector<std::string> out;
  for (const char* p = multi; *p != '\0'; p += std::strlen(p) + 1) out.emplace_back(p);
  return out;
}

// A device node's property, read with the size query first.
struct Property {
  CONFIGRET cr = CR_DEFAULT;
  DEVPROPTYPE type = 0xdeadbeef;
  std::vector<BYTE> bytes;

  [[nodiscard]] std::wstring text() const {
    return std::wstring(reinterpret_cast<const wchar_t*>(bytes.data()));
  }
  [[nodiscard]] std::vector<std::wstring> list() const {
    return entries(reinterpret_cast<const wchar_t*>(bytes.data()));
  }
};

inline Property get(DEVINST dn, const DEVPROPKEY& key) {
  Property p;
  ULONG size = 0;
  p.cr = CM_Get_DevNode_PropertyW(dn, &key, &p.type, nullptr, &size, 0);
  if (p.cr != CR_BUFFER_SMALL) return p;
  p.bytes.resize(size);
  p.cr = CM_Get_DevNode_PropertyW(dn, &key, &p.type, p.bytes.data(), &size, 0);
  EXPECT_EQ(size, p.bytes.size());
  return p;
}

}  // namespace cmnotify::testing
