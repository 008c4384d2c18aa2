// The performance counter, the system time, OutputDebugString's destinations and ExitProcess.
#include <unistd.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>

#include "reliability/forked_child.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Win32Time, PerformanceCounter) {
  LARGE_INTEGER frequency;
  ASSERT_TRUE(QueryPerformanceFrequency(&frequency));
  EXPECT_EQ(frequency.QuadPart, 1000000000LL);
  LARGE_INTEGER a;
  LARGE_INTEGER b;
  ASSERT_TRUE(QueryPerformanceCounter(&a));
  std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(QueryPerformanceCounter(&b));
  EXPECT_GE(b.QuadPart - a.QuadPart, 4 * frequency.QuadPart / 1000);
  SetLastError(0);
  EXPECT_FALSE(QueryPerformanceCounter(nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOACCESS));
  EXPECT_FALSE(QueryPerformanceFrequency(nullptr));
}

TEST(Win32Time, SystemTimeAsFileTime) {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  ULARGE_INTEGER v;
  v.LowPart = ft.dwLowDateTime;
  v.HighPart = ft.dwHighDateTime;
  const auto unix_seconds = static_cast<long long>((v.QuadPart - 116444736000000000ULL) / 10000000);
  EXPECT_LE(std::llabs(unix_seconds - static_cast<long long>(std::time(nullptr))), 2);
  SYSTEMTIME st;
  GetSystemTime(&st);
  EXPECT_GE(st.wYear, 2024);
  EXPECT_LE(st.wMonth, 12);
  GetSystemTimeAsFileTime(nullptr);  // no crash
}

// Runs `body` in a child whose standard error is captured; returns what it wrote.
template <typename F>
std::string child_stderr(F body, const char* debug_output = nullptr) {
  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  const int status = cmnotify::testing::run_in_child([&] {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    if (debug_output != nullptr) ::setenv("CMNOTIFY_DEBUG_OUTPUT", debug_output, 1);
    body();
    return 0;
  });
  EXPECT_EQ(status, 0);
  ::close(pipe_fds[1]);
  std::string out;
  char buffer[256];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0)
    out.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  return out;
}

TEST(Win32Debug, OutputDebugStringGoesToStandardError) {
  EXPECT_EQ(child_stderr([] {
              OutputDebugStringA("narrow");
              OutputDebugStringW(L"wide \u00e9\n");
              OutputDebugStringA(nullptr);
            }),
            "narrow\nwide \xC3\xA9\n");
  EXPECT_EQ(child_stderr([] { OutputDebugStringA("dropped"); }, "off"), "");
  // No journal listening in a test sandbox is fine either way: standard error then.
  const std::string journal = child_stderr([] { OutputDebugStringA("to journal"); }, "journal");
  EXPECT_TRUE(journal.empty() || journal == "to journal\n") << journal;
  EXPECT_FALSE(IsDebuggerPresent());
}

TEST(Win32Process, ExitProcessEndsWithTheCode) {
  EXPECT_EQ(cmnotify::testing::run_in_child([] { ExitProcess(42); }), 42);
  DWORD code = 0;
  EXPECT_TRUE(GetExitCodeProcess(GetCurrentProcess(), &code));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  EXPECT_FALSE(GetExitCodeProcess(nullptr, &code));
}

}  // namespace
