// Threads: CreateThread over POSIX threads, the thread objects behind their handles and behind
// GetCurrentThread(), the end of a thread (its handle signalled, its mutexes abandoned), and the
// process pseudo-handle, ExitProcess and priorities.
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <new>

#include "win32/kernel32/kernel_objects.hpp"
#include "win32/kernel32/objects.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

// The pseudo-handles: the values Windows uses.
const HANDLE kCurrentProcess = reinterpret_cast<HANDLE>(static_cast<LONG_PTR>(-1));
const HANDLE kCurrentThread = reinterpret_cast<HANDLE>(static_cast<LONG_PTR>(-2));

// What the kernel knows of a thread that used it. Destroyed when the thread ends, which is when
// its handle becomes signalled and the mutexes it still owns are abandoned.
struct ThreadState {
  DWORD id = static_cast<DWORD>(::syscall(SYS_gettid));
  std::shared_ptr<Thread> object;  // kernel lock

  ThreadState() = default;
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;
  ~ThreadState() {
    std::lock_guard lock(kernel_lock());
    Mutex::abandon_all_of(id);
    if (object) object->end(0);
  }
};

ThreadState& this_thread_state() {
  static thread_local ThreadState state;
  return state;
}

// Signalled (under the kernel lock) when a new thread has published its id or is resumed.
std::condition_variable& thread_changes() {
  static auto* cv = new std::condition_variable;
  return *cv;
}

struct Start {
  LPTHREAD_START_ROUTINE routine;
  void* parameter;
  std::shared_ptr<Thread> thread;
};

void* run_thread(void* raw) {
  std::unique_ptr<Start> start(static_cast<Start*>(raw));
  ThreadState& state = this_thread_state();
  {
    std::unique_lock lock(kernel_lock());
    state.object = start->thread;
    start->thread->id = state.id;
    thread_changes().notify_all();
    thread_changes().wait(lock, [&] { return start->thread->suspend_count == 0; });
  }
  const DWORD code = start->routine(start->parameter);
  std::lock_guard lock(kernel_lock());
  if (!start->thread->exit_code_set) {
    start->thread->exit_code = code;
    start->thread->exit_code_set = true;
  }
  return nullptr;  // ~ThreadState signals the handle
}

std::shared_ptr<Thread> thread_of(HANDLE handle) {
  return std::static_pointer_cast<Thread>(object_of(handle, ObjectType::thread));
}

}  // namespace

DWORD current_thread_id() noexcept { return this_thread_state().id; }

// Kernel lock held.
ObjectPtr current_thread_object() {
  ThreadState& state = this_thread_state();
  if (!state.object) {
    state.object = std::make_shared<Thread>();
    state.object->id = state.id;
  }
  return state.object;
}

}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES /*lpThreadAttributes*/, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                           DWORD dwCreationFlags, LPDWORD lpThreadId) {
  if (lpStartAddress == nullptr) return k32::fail_handle(ERROR_INVALID_PARAMETER);
  try {
    auto thread = std::make_shared<k32::Thread>();
    thread->suspend_count = (dwCreationFlags & CREATE_SUSPENDED) != 0 ? 1 : 0;
    auto start = std::make_unique<k32::Start>(k32::Start{lpStartAddress, lpParameter, thread});
    std::unique_lock lock(k32::kernel_lock());
    HANDLE handle = k32::insert_handle(thread);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (dwStackSize != 0) {
      const long page = ::sysconf(_SC_PAGESIZE);
      const auto minimum = static_cast<SIZE_T>(PTHREAD_STACK_MIN);
      SIZE_T size = dwStackSize < minimum ? minimum : dwStackSize;
      size = (size + static_cast<SIZE_T>(page) - 1) / static_cast<SIZE_T>(page) *
             static_cast<SIZE_T>(page);
      pthread_attr_setstacksize(&attr, size);
    }
    pthread_t id;
    const int error = ::pthread_create(&id, &attr, k32::run_thread, start.get());
    pthread_attr_destroy(&attr);
    if (error != 0) {
      lock.unlock();
      CloseHandle(handle);
      return k32::fail_handle(error == EAGAIN ? ERROR_NOT_ENOUGH_MEMORY : ERROR_GEN_FAILURE);
    }
    start.release();  // the thread owns it now
    k32::thread_changes().wait(lock, [&] { return thread->id != 0; });
    if (lpThreadId != nullptr) *lpThreadId = thread->id;
    SetLastError(ERROR_SUCCESS);
    return handle;
  } catch (const std::bad_alloc&) {
    return k32::fail_handle(ERROR_NOT_ENOUGH_MEMORY);
  }
}

VOID WINAPI ExitThread(DWORD dwExitCode) {
  {
    std::lock_guard lock(k32::kernel_lock());
    auto self = std::static_pointer_cast<k32::Thread>(k32::current_thread_object());
    self->exit_code = dwExitCode;
    self->exit_code_set = true;
  }
  ::pthread_exit(nullptr);
}

BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode) {
  std::lock_guard lock(k32::kernel_lock());
  auto thread = k32::thread_of(hThread);
  if (!thread) return FALSE;
  if (lpExitCode == nullptr) return k32::fail(ERROR_NOACCESS);
  *lpExitCode = thread->ended ? thread->exit_code : STILL_ACTIVE;
  return TRUE;
}

DWORD WINAPI ResumeThread(HANDLE hThread) {
  std::lock_guard lock(k32::kernel_lock());
  auto thread = k32::thread_of(hThread);
  if (!thread) return static_cast<DWORD>(-1);
  const DWORD previous = thread->suspend_count;
  if (previous > 0 && --thread->suspend_count == 0) k32::thread_changes().notify_all();
  return previous;
}

HANDLE WINAPI GetCurrentThread(VOID) { return k32::kCurrentThread; }

HANDLE WINAPI GetCurrentProcess(VOID) { return k32::kCurrentProcess; }

DWORD WINAPI GetThreadId(HANDLE Thread) {
  std::lock_guard lock(k32::kernel_lock());
  auto thread = k32::thread_of(Thread);
  return thread ? thread->id : 0;
}

DWORD WINAPI GetProcessId(HANDLE Process) {
  if (Process != k32::kCurrentProcess) {
    SetLastError(ERROR_INVALID_HANDLE);
    return 0;
  }
  return static_cast<DWORD>(::getpid());
}

BOOL WINAPI SwitchToThread(VOID) {
  ::sched_yield();
  return TRUE;
}

BOOL WINAPI SetThreadPriority(HANDLE hThread, int nPriority) {
  const bool valid =
      (nPriority >= THREAD_PRIORITY_LOWEST && nPriority <= THREAD_PRIORITY_HIGHEST) ||
      nPriority == THREAD_PRIORITY_IDLE || nPriority == THREAD_PRIORITY_TIME_CRITICAL ||
      nPriority == THREAD_MODE_BACKGROUND_BEGIN || nPriority == THREAD_MODE_BACKGROUND_END;
  std::lock_guard lock(k32::kernel_lock());
  auto thread = k32::thread_of(hThread);
  if (!thread) return FALSE;
  if (!valid) return k32::fail(ERROR_INVALID_PARAMETER);
  if (nPriority != THREAD_MODE_BACKGROUND_BEGIN && nPriority != THREAD_MODE_BACKGROUND_END)
    thread->priority = nPriority;
  return TRUE;
}

int WINAPI GetThreadPriority(HANDLE hThread) {
  std::lock_guard lock(k32::kernel_lock());
  auto thread = k32::thread_of(hThread);
  return thread ? thread->priority : THREAD_PRIORITY_ERROR_RETURN;
}

VOID WINAPI ExitProcess(UINT uExitCode) { std::exit(static_cast<int>(uExitCode)); }

BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode) {
  if (hProcess != k32::kCurrentProcess) return k32::fail(ERROR_INVALID_HANDLE);
  if (lpExitCode == nullptr) return k32::fail(ERROR_NOACCESS);
  *lpExitCode = STILL_ACTIVE;
  return TRUE;
}

}  // extern "C"
