// Events, mutexes and semaphores: creation (named ones are process-local), their operations, and
// SignalObjectAndWait.
#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "win32/kernel32/kernel_objects.hpp"
#include "win32/kernel32/objects.hpp"
#include "win32/support/text.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

// Mutexes owned by some thread, so a thread's end can abandon its own (kernel lock).
std::vector<std::shared_ptr<Mutex>>& owned_mutexes() {
  static auto* owned = new std::vector<std::shared_ptr<Mutex>>;
  return *owned;
}

// "Local\X" and "Global\X" name X: every name is process-local here.
std::wstring object_name(std::wstring_view name) {
  for (std::wstring_view prefix : {std::wstring_view(L"Local\\"), std::wstring_view(L"Global\\")})
    if (name.substr(0, prefix.size()) == prefix) return std::wstring(name.substr(prefix.size()));
  return std::wstring(name);
}

// Creates an object, or opens the named one that exists (ERROR_ALREADY_EXISTS). `make` builds
// a new object; `opened` runs for a new one only.
template <typename Make>
HANDLE create_object(const wchar_t* name, ObjectType type, Make make) {
  try {
    std::lock_guard lock(kernel_lock());
    std::wstring key;
    if (name != nullptr && *name != L'\0') {
      if (std::wstring_view(name).size() > MAX_PATH) return fail_handle(ERROR_FILENAME_EXCED_RANGE);
      key = object_name(name);
      if (ObjectPtr existing = find_named(key)) {
        if (existing->type() != type) return fail_handle(ERROR_INVALID_HANDLE);
        HANDLE h = insert_handle(std::move(existing));
        SetLastError(ERROR_ALREADY_EXISTS);
        return h;
      }
    }
    ObjectPtr object = make();
    object->name = key;
    if (!key.empty()) add_named(object);
    HANDLE h = insert_handle(std::move(object));
    SetLastError(ERROR_SUCCESS);
    return h;
  } catch (const std::bad_alloc&) {
    return fail_handle(ERROR_NOT_ENOUGH_MEMORY);
  }
}

HANDLE open_object(const wchar_t* name, ObjectType type) {
  if (name == nullptr) return fail_handle(ERROR_INVALID_PARAMETER);
  try {
    std::lock_guard lock(kernel_lock());
    ObjectPtr existing = find_named(object_name(name));
    if (!existing) return fail_handle(ERROR_FILE_NOT_FOUND);
    if (existing->type() != type) return fail_handle(ERROR_INVALID_HANDLE);
    return insert_handle(std::move(existing));
  } catch (const std::bad_alloc&) {
    return fail_handle(ERROR_NOT_ENOUGH_MEMORY);
  }
}

// The ANSI names are UTF-8.
template <typename F>
HANDLE with_wide_name(const char* name, F f) {
  if (name == nullptr) return f(nullptr);
  try {
    const std::wstring wide = wide_from_utf8(name);
    return f(wide.c_str());
  } catch (const std::bad_alloc&) {
    return fail_handle(ERROR_NOT_ENOUGH_MEMORY);
  }
}

std::shared_ptr<Event> event_of(HANDLE h) {
  return std::static_pointer_cast<Event>(object_of(h, ObjectType::event));
}

// Kernel lock held. Signals the object SignalObjectAndWait is given; false with the last error.
bool signal(HANDLE handle) {
  ObjectPtr object = object_of(handle);
  if (!object) return false;
  switch (object->type()) {
    case ObjectType::event: static_cast<Event&>(*object).set(); return true;
    case ObjectType::mutex:
      if (static_cast<Mutex&>(*object).release(current_thread_id())) return true;
      SetLastError(ERROR_NOT_OWNER);
      return false;
    case ObjectType::semaphore: {
      LONG previous = 0;
      if (static_cast<Semaphore&>(*object).release(1, previous)) return true;
      SetLastError(ERROR_TOO_MANY_POSTS);
      return false;
    }
    default: SetLastError(ERROR_INVALID_HANDLE); return false;
  }
}

}  // namespace

bool Mutex::take(DWORD thread) {
  if (recursion_ == 0) {
    owner_ = thread;
    owned_mutexes().push_back(shared_from_this());
  }
  ++recursion_;
  const bool was_abandoned = abandoned_;
  abandoned_ = false;
  return was_abandoned;
}

bool Mutex::release(DWORD thread) {
  if (recursion_ == 0 || owner_ != thread) return false;
  if (--recursion_ == 0) {
    owner_ = 0;
    auto& owned = owned_mutexes();
    const auto it = std::find(owned.begin(), owned.end(), shared_from_this());
    if (it != owned.end()) owned.erase(it);
    state_changed();
  }
  return true;
}

void Mutex::abandon_all_of(DWORD thread) {
  auto& owned = owned_mutexes();
  std::vector<std::shared_ptr<Mutex>> abandoned;
  for (auto it = owned.begin(); it != owned.end();) {
    if ((*it)->owner_ == thread) {
      abandoned.push_back(std::move(*it));
      it = owned.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& mutex : abandoned) {
    mutex->owner_ = 0;
    mutex->recursion_ = 0;
    mutex->abandoned_ = true;
    mutex->state_changed();
  }
}

}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;
using k32::ObjectType;

extern "C" {

HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES /*lpEventAttributes*/, LPCWSTR lpName,
                             DWORD dwFlags, DWORD /*dwDesiredAccess*/) {
  if ((dwFlags & ~(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)) != 0)
    return k32::fail_handle(ERROR_INVALID_PARAMETER);
  return k32::create_object(lpName, ObjectType::event, [dwFlags] {
    return std::make_shared<k32::Event>((dwFlags & CREATE_EVENT_MANUAL_RESET) != 0,
                                        (dwFlags & CREATE_EVENT_INITIAL_SET) != 0);
  });
}

HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCSTR lpName, DWORD dwFlags,
                             DWORD dwDesiredAccess) {
  return k32::with_wide_name(lpName, [&](const wchar_t* name) {
    return CreateEventExW(lpEventAttributes, name, dwFlags, dwDesiredAccess);
  });
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCWSTR lpName) {
  const DWORD flags = (bManualReset ? CREATE_EVENT_MANUAL_RESET : 0u) |
                      (bInitialState ? CREATE_EVENT_INITIAL_SET : 0u);
  return CreateEventExW(lpEventAttributes, lpName, flags, EVENT_ALL_ACCESS);
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCSTR lpName) {
  return k32::with_wide_name(lpName, [&](const wchar_t* name) {
    return CreateEventW(lpEventAttributes, bManualReset, bInitialState, name);
  });
}

HANDLE WINAPI OpenEventW(DWORD /*dwDesiredAccess*/, BOOL /*bInheritHandle*/, LPCWSTR lpName) {
  return k32::open_object(lpName, ObjectType::event);
}

HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
  if (lpName == nullptr) return k32::fail_handle(ERROR_INVALID_PARAMETER);
  return k32::with_wide_name(lpName, [&](const wchar_t* name) {
    return OpenEventW(dwDesiredAccess, bInheritHandle, name);
  });
}

BOOL WINAPI SetEvent(HANDLE hEvent) {
  std::lock_guard lock(k32::kernel_lock());
  auto event = k32::event_of(hEvent);
  if (!event) return FALSE;
  event->set();
  return TRUE;
}

BOOL WINAPI ResetEvent(HANDLE hEvent) {
  std::lock_guard lock(k32::kernel_lock());
  auto event = k32::event_of(hEvent);
  if (!event) return FALSE;
  event->reset();
  return TRUE;
}

BOOL WINAPI PulseEvent(HANDLE hEvent) {
  std::lock_guard lock(k32::kernel_lock());
  auto event = k32::event_of(hEvent);
  if (!event) return FALSE;
  event->pulse();
  return TRUE;
}

HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES /*lpMutexAttributes*/, LPCWSTR lpName,
                             DWORD dwFlags, DWORD /*dwDesiredAccess*/) {
  if ((dwFlags & ~CREATE_MUTEX_INITIAL_OWNER) != 0)
    return k32::fail_handle(ERROR_INVALID_PARAMETER);
  const DWORD thread = k32::current_thread_id();
  return k32::create_object(lpName, ObjectType::mutex, [dwFlags, thread] {
    auto mutex = std::make_shared<k32::Mutex>();
    if ((dwFlags & CREATE_MUTEX_INITIAL_OWNER) != 0) mutex->take(thread);
    return mutex;
  });
}

HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES lpMutexAttributes, LPCSTR lpName, DWORD dwFlags,
                             DWORD dwDesiredAccess) {
  return k32::with_wide_name(lpName, [&](const wchar_t* name) {
    return CreateMutexExW(lpMutexAttributes, name, dwFlags, dwDesiredAccess);
  });
}

HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCWSTR lpName) {
  return CreateMutexExW(lpMutexAttributes, lpName, bInitialOwner ? CREATE_MUTEX_INITIAL_OWNER : 0,
                        MUTEX_ALL_ACCESS);
}

HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCSTR lpName) {
  return k32::with_wide_name(lpName, [&](const wchar_t* name) {
    return CreateMutexW(lpMutexAttributes, bInitialOwner, name);
  });
}

HANDLE WINAPI OpenMutexW(DWORD /*dwDesiredAccess*/, BOOL /*bInheritHandle*/, LPCWSTR lpName) {
  return k32::open_object(lpName, ObjectType::mutex);
}

HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
  if (lpName == nullptr) return k32::fail_handle(ERROR_INVALID_PARAMETER);
  return k32::with_wide_name(lpName, [&](const wchar_t* name) {
    return OpenMutexW(dwDesiredAccess, bInheritHandle, name);
  });
}

BOOL WINAPI ReleaseMutex(HANDLE hMutex) {
  std::lock_guard lock(k32::kernel_lock());
  auto mutex = std::static_pointer_cast<k32::Mutex>(k32::object_of(hMutex, ObjectType::mutex));
  if (!mutex) return FALSE;
  if (!mutex->release(k32::current_thread_id())) return k32::fail(ERROR_NOT_OWNER);
  return TRUE;
}

HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES /*lpSemaphoreAttributes*/,
                                 LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName,
                                 DWORD dwFlags, DWORD /*dwDesiredAccess*/) {
  if (dwFlags != 0 || lMaximumCount <= 0 || lInitialCount < 0 || lInitialCount > lMaximumCount)
    return k32::fail_handle(ERROR_INVALID_PARAMETER);
  return k32::create_object(lpName, ObjectType::semaphore, [=] {
    return std::make_shared<k32::Semaphore>(lInitialCount, lMaximumCount);
  });
}

HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCWSTR lpName) {
  return CreateSemaphoreExW(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName, 0,
                            SEMAPHORE_ALL_ACCESS);
}

HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCSTR lpName) {
  return k32::with_wide_name(lpName, [&](const wchar_t* name) {
    return CreateSemaphoreW(lpSemaphoreAttributes, lInitialCount, lMaximumCount, name);
  });
}

HANDLE WINAPI OpenSemaphoreW(DWORD /*dwDesiredAccess*/, BOOL /*bInheritHandle*/, LPCWSTR lpName) {
  return k32::open_object(lpName, ObjectType::semaphore);
}

BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount) {
  std::lock_guard lock(k32::kernel_lock());
  auto semaphore =
      std::static_pointer_cast<k32::Semaphore>(k32::object_of(hSemaphore, ObjectType::semaphore));
  if (!semaphore) return FALSE;
  if (lReleaseCount <= 0) return k32::fail(ERROR_INVALID_PARAMETER);
  LONG previous = 0;
  if (!semaphore->release(lReleaseCount, previous)) return k32::fail(ERROR_TOO_MANY_POSTS);
  if (lpPreviousCount != nullptr) *lpPreviousCount = previous;
  return TRUE;
}

DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn,
                                 DWORD dwMilliseconds, BOOL /*bAlertable*/) {
  std::unique_lock lock(k32::kernel_lock());
  if (!k32::object_of(hObjectToWaitOn)) return WAIT_FAILED;  // ERROR_INVALID_HANDLE
  if (!k32::signal(hObjectToSignal)) return WAIT_FAILED;
  return k32::wait_for_objects_locked(lock, {&hObjectToWaitOn, 1}, false, dwMilliseconds);
}

}  // extern "C"
