// Test support for the fork() and process-exit tests: a child process whose end is awaited with a
// bound, and the sanitizer settings every forking test binary needs. Include it in exactly one
// source file of a test binary (it defines the sanitizers' hooks).
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <type_traits>

namespace cmnotify::testing {

inline const pid_t g_test_process = ::getpid();

// LLVM 14's AddressSanitizer does not hold its allocator's locks across fork(): in the child of a
// process whose threads were allocating, new threads can block forever in malloc (seen: threads
// stuck in SizeClassAllocator64::GetFromAllocator). Under it every fork waits for the parent's
// other threads to be asleep; the suite and ThreadSanitizer stages fork while events flow.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kQuietForks = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kQuietForks = true;
#else
inline constexpr bool kQuietForks = false;
#endif
#else
inline constexpr bool kQuietForks = false;
#endif

// True when every thread of this process but the caller is asleep (state S or D in its stat).
inline bool other_threads_asleep() {
  const std::string self = std::to_string(::gettid());
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
    if (task.path().filename() == self) continue;
    std::ifstream stat(task.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;  // the thread has just ended
    const auto name_end = line.rfind(')');
    if (name_end == std::string::npos || name_end + 2 >= line.size()) return false;
    const char state = line[name_end + 2];
    if (state != 'S' && state != 'D') return false;
  }
  return !error;
}

// Waits, at most 5 s, until the other threads have been seen asleep 20 times in a row, 1 ms
// apart: a thread that was in malloc at fork() is running, or waiting on one that is.
inline void quiet_other_threads() {
  int asleep_in_a_row = 0;
  for (int i = 0; i < 5000 && asleep_in_a_row < 20; ++i) {
    asleep_in_a_row = other_threads_asleep() ? asleep_in_a_row + 1 : 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// Runs `child` in a fork()ed child and returns how the child ended: its exit status, or -signal;
// -1, with a test failure, when fork() failed or the child had not ended after 30 s (it is then
// killed). A `child` returning an int exits with it (a normal exit: static destructors and atexit
// handlers run); a `child` returning nothing must end the process itself (99 if it does not).
template <typename Fn>
int run_in_child(Fn child) {
  if (kQuietForks) quiet_other_threads();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return -1;
  }
  if (pid == 0) {
    if constexpr (std::is_void_v<decltype(child())>) {
      child();
      std::_Exit(99);
    } else {
      std::exit(child());
    }
  }
  int status = 0;
  for (int i = 0; i < 3000; ++i) {
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  ADD_FAILURE() << "the child hung";
  return -1;
}

}  // namespace cmnotify::testing

// LeakSanitizer checks the test process, not its children: what the parent's threads held when a
// child was forked belongs to threads that do not exist in the child, and children exit on
// purpose with registrations open; either can only show there as leaked.
extern "C" int __lsan_is_turned_off() {
  return ::getpid() != cmnotify::testing::g_test_process ? 1 : 0;
}
// ThreadSanitizer would otherwise refuse threads in the child of a multithreaded process.
extern "C" const char* __tsan_default_options() { return "die_after_fork=0"; }
