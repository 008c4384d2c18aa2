// OutputDebugString (standard error, or the journal), IsDebuggerPresent, DebugBreak, the
// performance counter and the system time.
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <windows.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <new>
#include <string>

#include "win32/support/text.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

enum class DebugSink { stderr_, off, journal };

DebugSink debug_sink() {
  const char* setting = std::getenv("CMNOTIFY_DEBUG_OUTPUT");
  if (setting == nullptr) return DebugSink::stderr_;
  if (std::strcmp(setting, "off") == 0) return DebugSink::off;
  if (std::strcmp(setting, "journal") == 0) return DebugSink::journal;
  return DebugSink::stderr_;
}

// One entry in the systemd journal through its native protocol (a datagram of fields; MESSAGE
// in the length-prefixed form, so it may hold newlines). False when no journal listens.
bool send_to_journal(const std::string& text) {
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, "/run/systemd/journal/socket");
  std::string datagram = "PRIORITY=7\nSYSLOG_IDENTIFIER=";
  datagram += program_invocation_short_name;
  datagram += "\nMESSAGE\n";
  const std::uint64_t size = text.size();
  for (int i = 0; i < 8; ++i) datagram.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
  datagram += text;
  datagram.push_back('\n');
  const ssize_t sent = ::sendto(fd, datagram.data(), datagram.size(), MSG_NOSIGNAL,
                                reinterpret_cast<const sockaddr*>(&address), sizeof address);
  ::close(fd);
  return sent == static_cast<ssize_t>(datagram.size());
}

void debug_output(std::string text) {
  const DebugSink sink = debug_sink();
  if (sink == DebugSink::off) return;
  if (sink == DebugSink::journal) {
    std::string message = text;
    while (!message.empty() && message.back() == '\n') message.pop_back();
    if (send_to_journal(message)) return;  // else standard error
  }
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  std::size_t done = 0;
  while (done < text.size()) {  // one write when it fits, as one message
    const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// 100-ns units since 1601-01-01 (FILETIME) of CLOCK_REALTIME.
std::uint64_t filetime_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  constexpr std::uint64_t kUnixEpochIn1601 = 116444736000000000ULL;
  return kUnixEpochIn1601 + static_cast<std::uint64_t>(ts.tv_sec) * 10000000u +
         static_cast<std::uint64_t>(ts.tv_nsec) / 100u;
}

void to_systemtime(const std::tm& tm, long nanoseconds, LPSYSTEMTIME out) {
  out->wYear = static_cast<WORD>(tm.tm_year + 1900);
  out->wMonth = static_cast<WORD>(tm.tm_mon + 1);
  out->wDayOfWeek = static_cast<WORD>(tm.tm_wday);
  out->wDay = static_cast<WORD>(tm.tm_mday);
  out->wHour = static_cast<WORD>(tm.tm_hour);
  out->wMinute = static_cast<WORD>(tm.tm_min);
  out->wSecond = static_cast<WORD>(tm.tm_sec);
  out->wMilliseconds = static_cast<WORD>(nanoseconds / 1000000);
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

VOID WINAPI OutputDebugStringA(LPCSTR lpOutputString) {
  if (lpOutputString == nullptr) return;
  try {
    k32::debug_output(lpOutputString);
  } catch (const std::bad_alloc&) {
  }
}

VOID WINAPI OutputDebugStringW(LPCWSTR lpOutputString) {
  if (lpOutputString == nullptr) return;
  try {
    std::string utf8;
    for (const wchar_t* p = lpOutputString; *p != L'\0'; ++p) {
      if (cmnotify::win32::is_scalar_value(static_cast<std::int64_t>(*p))) {
        cmnotify::win32::append_utf8(static_cast<char32_t>(*p), utf8);
      } else {
        cmnotify::win32::append_utf8(U'\uFFFD', utf8);
      }
    }
    k32::debug_output(std::move(utf8));
  } catch (const std::bad_alloc&) {
  }
}

BOOL WINAPI IsDebuggerPresent(VOID) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("TracerPid:", 0) == 0) return std::atoi(line.c_str() + 10) != 0 ? TRUE : FALSE;
  }
  return FALSE;
}

VOID WINAPI DebugBreak(VOID) { ::raise(SIGTRAP); }

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER* lpPerformanceCount) {
  if (lpPerformanceCount == nullptr) {
    SetLastError(ERROR_NOACCESS);
    return FALSE;
  }
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lpPerformanceCount->QuadPart = static_cast<LONGLONG>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
  return TRUE;
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER* lpFrequency) {
  if (lpFrequency == nullptr) {
    SetLastError(ERROR_NOACCESS);
    return FALSE;
  }
  lpFrequency->QuadPart = 1000000000LL;
  return TRUE;
}

VOID WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime) {
  if (lpSystemTimeAsFileTime == nullptr) return;
  const std::uint64_t now = k32::filetime_now();
  lpSystemTimeAsFileTime->dwLowDateTime = static_cast<DWORD>(now);
  lpSystemTimeAsFileTime->dwHighDateTime = static_cast<DWORD>(now >> 32);
}

VOID WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime) {
  GetSystemTimeAsFileTime(lpSystemTimeAsFileTime);
}

VOID WINAPI GetSystemTime(LPSYSTEMTIME lpSystemTime) {
  if (lpSystemTime == nullptr) return;
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::tm tm{};
  gmtime_r(&ts.tv_sec, &tm);
  k32::to_systemtime(tm, ts.tv_nsec, lpSystemTime);
}

VOID WINAPI GetLocalTime(LPSYSTEMTIME lpSystemTime) {
  if (lpSystemTime == nullptr) return;
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::tm tm{};
  localtime_r(&ts.tv_sec, &tm);
  k32::to_systemtime(tm, ts.tv_nsec, lpSystemTime);
}

}  // extern "C"
