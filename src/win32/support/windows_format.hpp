// printf-style formatting with the Microsoft C runtime's rules, shared by strsafe's Printf
// functions, FormatMessage's inserts and the MSVC runtime names (_snwprintf, swprintf_s, ...):
//  - in a wide format %s and %c take a wide string or character and %S and %C narrow ones; in a
//    narrow format it is the reverse; %hs/%hc are always narrow and %ls/%lc/%ws/%wc always wide
//    (glibc's wide printf reads %s as narrow: Windows code written for MSVC would print garbage);
//  - size prefixes I (pointer-sized), I32 and I64 besides C's; l is 32 bits, as Windows' long;
//  - %p prints the pointer as 16 upper-case hexadecimal digits;
//  - a NULL string prints "(null)"; %n writes nothing (MSVC refuses it too).
// Narrow strings are UTF-8; a wide string converted to narrow output is encoded as UTF-8.
#pragma once

#include <cstdarg>
#include <cstdint>
#include <string>

namespace cmnotify::win32 {

// Where the arguments come from: a va_list, or FormatMessage's array of DWORD_PTR.
class FormatArguments {
 public:
  virtual ~FormatArguments() = default;
  virtual std::int64_t next_signed(int bits) = 0;  // int, long or long long, by size
  virtual std::uint64_t next_unsigned(int bits) = 0;
  virtual const void* next_pointer() = 0;
  virtual long double next_floating(bool long_double) = 0;
};

// Reads a va_list the caller owns (and ends).
class VaListArguments final : public FormatArguments {
 public:
  explicit VaListArguments(va_list* args) : args_(args) {}
  std::int64_t next_signed(int bits) override;
  std::uint64_t next_unsigned(int bits) override;
  const void* next_pointer() override;
  long double next_floating(bool long_double) override;

 private:
  va_list* args_;
};

// Appends the formatted text to `out`. Throws std::bad_alloc.
void format_windows(std::string& out, const char* format, FormatArguments& args);
void format_windows(std::wstring& out, const wchar_t* format, FormatArguments& args);

// The same over a va_list (copied: `args` is left for the caller to end).
std::string format_windows(const char* format, va_list args);
std::wstring format_windows(const wchar_t* format, va_list args);

}  // namespace cmnotify::win32
