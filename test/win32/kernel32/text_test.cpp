// Text functions: MultiByteToWideChar / WideCharToMultiByte (facts from Wine's
// dlls/kernel32/tests/locale.c and Microsoft's pages), FormatMessage (format_msg.c), lstr*.
#include <windows.h>

#include <gtest/gtest.h>

#include <cstdarg>
#include <cstring>
#include <cwchar>
#include <fstream>
#include <regex>
#include <string>

namespace {

void expect_error(DWORD error) { EXPECT_EQ(GetLastError(), error); }

// ---- MultiByteToWideChar ----

TEST(Win32MultiByteToWideChar, SizeQueryAndConversion) {
  const char* text = "h\xC3\xA9llo \xF0\x9F\x98\x80";  // "héllo 😀"
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, text, -1, nullptr, 0), 8) << "with the NUL";
  wchar_t out[16];
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, text, -1, out, 16), 8);
  EXPECT_EQ(std::wstring(out), L"h\u00e9llo \U0001F600") << "one WCHAR above U+FFFF";
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, text, 3, out, 16), 2) << "no NUL counted";
  EXPECT_EQ(MultiByteToWideChar(CP_ACP, MB_PRECOMPOSED, "abc", -1, out, 16), 4);
  EXPECT_EQ(MultiByteToWideChar(CP_OEMCP, 0, "\xC3\xA9", 2, out, 16), 1);
  EXPECT_EQ(out[0], L'\u00e9') << "CP_OEMCP is UTF-8 here";
}

TEST(Win32MultiByteToWideChar, SmallBufferAndArguments) {
  wchar_t out[4] = {L'x', L'x', L'x', L'x'};
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, "abcdef", -1, out, 3), 0);
  expect_error(ERROR_INSUFFICIENT_BUFFER);
  EXPECT_EQ(out[0], L'a') << "the part that fits is written";
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, nullptr, -1, out, 4), 0);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, "a", 0, out, 4), 0);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, "a", -1, nullptr, 4), 0);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0, "a", -1, out, -1), 0);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(1252, 0, "a", -1, out, 4), 0) << "no other code page";
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, "a", -1, out, 4), 0);
  expect_error(ERROR_INVALID_FLAGS);
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_ACP, MB_PRECOMPOSED | MB_COMPOSITE, "a", -1, out, 4), 0);
  expect_error(ERROR_INVALID_FLAGS);
}

TEST(Win32MultiByteToWideChar, MalformedInput) {
  wchar_t out[8];
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, 0,
                                "a\xFF"
                                "b",
                                3, out, 8),
            3);
  EXPECT_EQ(out[1], L'\uFFFD');
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS,
                                "a\xFF"
                                "b",
                                3, out, 8),
            0);
  expect_error(ERROR_NO_UNICODE_TRANSLATION);
  SetLastError(0);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "\xED\xA0\x80", 3, nullptr, 0), 0)
      << "an encoded surrogate";
  expect_error(ERROR_NO_UNICODE_TRANSLATION);
  EXPECT_EQ(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "\xC0\xAF", 2, nullptr, 0), 0)
      << "an overlong form";
}

// ---- WideCharToMultiByte ----

TEST(Win32WideCharToMultiByte, SizeQueryAndConversion) {
  const wchar_t* text = L"h\u00e9\U0001F600";
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr), 8);
  char out[16];
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, 0, text, -1, out, 16, nullptr, nullptr), 8);
  EXPECT_STREQ(out, "h\xC3\xA9\xF0\x9F\x98\x80");
  BOOL used = TRUE;
  EXPECT_EQ(WideCharToMultiByte(CP_ACP, 0, L"ab", 2, out, 16, nullptr, &used), 2);
  EXPECT_FALSE(used);
}

TEST(Win32WideCharToMultiByte, DefaultCharAndInvalidValues) {
  const wchar_t bad[] = {L'a', static_cast<wchar_t>(0xD800), L'b', 0};
  char out[16];
  BOOL used = FALSE;
  EXPECT_EQ(WideCharToMultiByte(CP_ACP, 0, bad, -1, out, 16, "*", &used), 4);
  EXPECT_STREQ(out, "a*b");
  EXPECT_TRUE(used);
  EXPECT_EQ(WideCharToMultiByte(CP_ACP, 0, bad, -1, out, 16, nullptr, nullptr), 4);
  EXPECT_STREQ(out, "a?b");
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, 0, bad, -1, out, 16, nullptr, nullptr), 6);
  EXPECT_STREQ(out,
               "a\xEF\xBF\xBD"
               "b");
  SetLastError(0);
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, bad, -1, out, 16, nullptr, nullptr),
            0);
  expect_error(ERROR_NO_UNICODE_TRANSLATION);
  SetLastError(0);
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, 0, L"a", -1, out, 16, "?", nullptr), 0)
      << "CP_UTF8 takes no default character";
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, 0, L"a", -1, out, 16, nullptr, &used), 0);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, WC_COMPOSITECHECK, L"a", -1, out, 16, nullptr, nullptr),
            0);
  expect_error(ERROR_INVALID_FLAGS);
  SetLastError(0);
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, 0, L"abc", -1, out, 2, nullptr, nullptr), 0);
  expect_error(ERROR_INSUFFICIENT_BUFFER);
  SetLastError(0);
  EXPECT_EQ(WideCharToMultiByte(CP_UTF8, 0, nullptr, -1, out, 2, nullptr, nullptr), 0);
  expect_error(ERROR_INVALID_PARAMETER);
}

// ---- FormatMessage ----

TEST(Win32FormatMessage, SystemMessagesEndWithCrLf) {
  char buffer[256];
  const DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, nullptr, ERROR_FILE_NOT_FOUND, 0,
                                 buffer, sizeof buffer, nullptr);
  EXPECT_STREQ(buffer, "The system cannot find the file specified.\r\n");
  EXPECT_EQ(n, std::strlen(buffer));
  wchar_t wide[256];
  EXPECT_GT(FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                           ERROR_ACCESS_DENIED, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), wide,
                           256, nullptr),
            0u);
  EXPECT_EQ(std::wstring(wide), L"Access is denied.\r\n");
  // An HRESULT wrapping a Win32 code has its message.
  EXPECT_GT(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, nullptr,
                           static_cast<DWORD>(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)), 0,
                           buffer, sizeof buffer, nullptr),
            0u);
  EXPECT_STREQ(buffer, "The parameter is incorrect.\r\n");
}

TEST(Win32FormatMessage, AllocateBuffer) {
  LPWSTR text = nullptr;
  const DWORD n = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, ERROR_NOT_ENOUGH_MEMORY, 0, reinterpret_cast<LPWSTR>(&text), 0, nullptr);
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(n, wcslen(text));
  EXPECT_EQ(LocalFree(text), nullptr);
}

TEST(Win32FormatMessage, Errors) {
  char buffer[8];
  SetLastError(0);
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, nullptr, 0x2BADBEEF, 0, buffer,
                           sizeof buffer, nullptr),
            0u);
  expect_error(ERROR_MR_MID_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, nullptr, ERROR_FILE_NOT_FOUND, 0, buffer,
                           sizeof buffer, nullptr),
            0u);
  expect_error(ERROR_INSUFFICIENT_BUFFER);
  SetLastError(0);
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, nullptr, ERROR_FILE_NOT_FOUND,
                           MAKELANGID(0x07 /* German */, SUBLANG_DEFAULT), buffer, sizeof buffer,
                           nullptr),
            0u);
  expect_error(ERROR_RESOURCE_LANG_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(
      FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, nullptr, 1, 0, buffer, sizeof buffer, nullptr),
      0u);
  expect_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "x", 0, 0, nullptr, 8, nullptr), 0u);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "%1", 0, 0, buffer, sizeof buffer, nullptr),
            0u)
      << "an insert without arguments";
  expect_error(ERROR_INVALID_PARAMETER);
}

DWORD format_va(char* buffer, DWORD size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, buffer, size, &args);
  va_end(args);
  return n;
}

TEST(Win32FormatMessage, InsertsFromAVaList) {
  char buffer[128];
  EXPECT_EQ(format_va(buffer, sizeof buffer, "%2 then %1!d! (%3!04x!)", 7, "two", 0xAB), 17u);
  EXPECT_STREQ(buffer, "two then 7 (00ab)");
  format_va(buffer, sizeof buffer, "a%%b%n%tc%0ignored", 0);
  EXPECT_STREQ(buffer, "a%b\r\n\tc");
  format_va(buffer, sizeof buffer, "%1!*s!|", 5, "ab");
  EXPECT_STREQ(buffer, "   ab|") << "'*' takes the next insert";
}

TEST(Win32FormatMessage, ArgumentArrayIgnoreInsertsAndWidth) {
  wchar_t buffer[128];
  const DWORD_PTR args[] = {reinterpret_cast<DWORD_PTR>(L"wide"), 42};
  EXPECT_GT(
      FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, L"%1 %2!u!", 0, 0,
                     buffer, 128, reinterpret_cast<va_list*>(const_cast<DWORD_PTR*>(args))),
      0u);
  EXPECT_EQ(std::wstring(buffer), L"wide 42") << "%1 is !s!, a wide string in FormatMessageW";
  EXPECT_GT(FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS,
                           L"keep %1!d! and %2%n", 0, 0, buffer, 128, nullptr),
            0u);
  EXPECT_EQ(std::wstring(buffer), L"keep %1!d! and %2\r\n");
  char narrow[128];
  FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, nullptr,
                 ERROR_ACCESS_DENIED, 0, narrow, sizeof narrow, nullptr);
  EXPECT_STREQ(narrow, "Access is denied. ") << "line breaks ignored";
  FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | 12, nullptr, ERROR_FILE_NOT_FOUND, 0, narrow,
                 sizeof narrow, nullptr);
  EXPECT_STREQ(narrow, "The system\r\ncannot find\r\nthe file\r\nspecified. ");
}

// ---- lstr ----

TEST(Win32Lstr, LengthsCopiesAndNulls) {
  EXPECT_EQ(lstrlenA("abc"), 3);
  EXPECT_EQ(lstrlenW(L"abcd"), 4);
  EXPECT_EQ(lstrlenA(nullptr), 0);
  char buffer[8];
  EXPECT_EQ(lstrcpyA(buffer, "hi"), buffer);
  EXPECT_EQ(lstrcatA(buffer, "!"), buffer);
  EXPECT_STREQ(buffer, "hi!");
  EXPECT_EQ(lstrcpynA(buffer, "abcdef", 4), buffer);
  EXPECT_STREQ(buffer, "abc");
  wchar_t wide[8];
  EXPECT_EQ(lstrcpynW(wide, L"xy", 8), wide);
  EXPECT_EQ(std::wstring(wide), L"xy");
  EXPECT_EQ(lstrcpyA(nullptr, "x"), nullptr);
  EXPECT_EQ(lstrcpyW(wide, nullptr), nullptr);
  EXPECT_EQ(lstrcatA(buffer, nullptr), nullptr);
}

TEST(Win32Lstr, ComparisonsAsWindowsWordSort) {
  EXPECT_EQ(lstrcmpA("abc", "abc"), 0);
  EXPECT_LT(lstrcmpA("a", "B"), 0) << "letters first without case";
  EXPECT_LT(lstrcmpA("abc", "ABC"), 0) << "then lower case first";
  EXPECT_EQ(lstrcmpiA("abc", "ABC"), 0);
  EXPECT_GT(lstrcmpiW(L"b", L"A"), 0);
  EXPECT_LT(lstrcmpW(L"ab", L"abc"), 0);
  EXPECT_EQ(lstrcmpA(nullptr, nullptr), 0);
  EXPECT_LT(lstrcmpA(nullptr, "a"), 0);
  EXPECT_GT(lstrcmpiW(L"a", nullptr), 0);
}

// ---- Local and Global memory ----

TEST(Win32LocalMemory, AllocateResizeFree) {
  HLOCAL block = LocalAlloc(LPTR, 16);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(LocalSize(block), 16u);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(static_cast<char*>(block)[i], 0);
  EXPECT_EQ(LocalLock(block), block);
  EXPECT_FALSE(LocalUnlock(block));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SUCCESS));
  EXPECT_EQ(LocalReAlloc(block, 8, 0), block) << "shrinks in place";
  SetLastError(0);
  EXPECT_EQ(LocalReAlloc(block, 1 << 20, 0), nullptr) << "no LMEM_MOVEABLE: in place only";
  HLOCAL moved = LocalReAlloc(block, 64, LMEM_MOVEABLE | LMEM_ZEROINIT);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(LocalSize(moved), 64u);
  EXPECT_EQ(static_cast<char*>(moved)[63], 0);
  EXPECT_EQ(LocalFree(moved), nullptr);
  SetLastError(0);
  EXPECT_EQ(LocalFree(moved), moved) << "freed twice: refused, not a crash";
  expect_error(ERROR_INVALID_HANDLE);
  int on_stack = 0;
  EXPECT_EQ(LocalFree(&on_stack), &on_stack);
  EXPECT_EQ(LocalSize(&on_stack), 0u);
  EXPECT_EQ(LocalFlags(&on_stack), static_cast<UINT>(LMEM_INVALID_HANDLE));
  EXPECT_EQ(LocalFree(nullptr), nullptr);
  SetLastError(0);
  EXPECT_EQ(LocalAlloc(0x10000, 4), nullptr);
  expect_error(ERROR_INVALID_PARAMETER);
}

TEST(Win32LocalMemory, GlobalAndHeapShareTheBlocks) {
  HGLOBAL g = GlobalAlloc(GHND, 10);
  ASSERT_NE(g, nullptr);
  void* p = GlobalLock(g);
  EXPECT_EQ(p, g);
  EXPECT_EQ(GlobalSize(g), 10u);
  GlobalUnlock(g);
  EXPECT_EQ(GlobalFree(g), nullptr);
  HLOCAL l = LocalAlloc(LMEM_FIXED, 4);
  EXPECT_TRUE(HeapFree(GetProcessHeap(), 0, l)) << "the process heap, as on Windows";
}

}  // namespace

namespace {

// Every ERROR_ code of winerror.h has its system message (so every code this library sets does).
TEST(Win32FormatMessage, EveryWinerrorCodeHasAMessage) {
  std::ifstream header(std::string(CMNOTIFY_WIN32_INCLUDE_DIR) + "/winerror.h");
  ASSERT_TRUE(header.good());
  const std::regex define(R"(^#define ((ERROR_|WAIT_TIMEOUT|NO_ERROR)\w*) (\d+)L$)");
  std::string line;
  int codes = 0;
  while (std::getline(header, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, define)) continue;
    ++codes;
    char buffer[512];
    EXPECT_GT(
        FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                       static_cast<DWORD>(std::stoul(m[3])), 0, buffer, sizeof buffer, nullptr),
        0u)
        << m[1];
  }
  EXPECT_GT(codes, 200);
}

}  // namespace
