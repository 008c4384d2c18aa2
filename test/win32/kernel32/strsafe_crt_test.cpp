// The strsafe family (Printf with Windows' %s and %S, the N forms, the Ex flags) and the MSVC
// runtime names (msvc_compat.h), against Microsoft's documentation.
#include <strsafe.h>
#include <tchar.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <string>

namespace {

// ---- Printf with Windows' rules ----

TEST(Win32StrsafePrintf, WideFormatsReadPercentSAsWide) {
  wchar_t buffer[64];
  EXPECT_EQ(StringCchPrintfW(buffer, 64, L"%s|%S|%hs|%ls|%ws|%c|%C", L"wide", "narrow", "h", L"l",
                             L"w", L'x', 'y'),
            S_OK);
  EXPECT_EQ(std::wstring(buffer), L"wide|narrow|h|l|w|x|y");
  char narrow[64];
  EXPECT_EQ(StringCchPrintfA(narrow, 64, "%s|%S|%ls|%C", "n", L"w\u00e9", L"l", L'z'), S_OK);
  EXPECT_STREQ(narrow, "n|w\xC3\xA9|l|z") << "wide text in a narrow format is UTF-8";
  EXPECT_EQ(StringCbPrintfW(buffer, sizeof buffer, L"%d %u %I64d %Iu %x %05.1f %%", -3, 4u,
                            static_cast<long long>(1) << 40, static_cast<size_t>(9), 255, 2.25),
            S_OK);
  EXPECT_EQ(std::wstring(buffer), L"-3 4 1099511627776 9 ff 002.2 %");
  EXPECT_EQ(
      StringCchPrintfA(narrow, 64, "%s %-4s| %.2s", static_cast<const char*>(nullptr), "ab", "xyz"),
      S_OK);
  EXPECT_STREQ(narrow, "(null) ab  | xy");
  EXPECT_EQ(StringCchPrintfA(narrow, 64, "%p", reinterpret_cast<void*>(std::uintptr_t{0xAB})),
            S_OK);
  EXPECT_STREQ(narrow, "00000000000000AB");
}

TEST(Win32StrsafePrintf, TruncationAndVForms) {
  wchar_t buffer[6];
  EXPECT_EQ(StringCchPrintfW(buffer, 6, L"%s", L"toolong"), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_EQ(std::wstring(buffer), L"toolo");
  auto vprint = [](char* dest, size_t cb, const char* format, ...) {
    va_list args;
    va_start(args, format);
    const HRESULT hr = StringCbVPrintfA(dest, cb, format, args);
    va_end(args);
    return hr;
  };
  char narrow[16];
  EXPECT_EQ(vprint(narrow, sizeof narrow, "%d-%s", 5, "x"), S_OK);
  EXPECT_STREQ(narrow, "5-x");
  EXPECT_EQ(StringCchPrintfA(narrow, 0, "x"), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_EQ(StringCchPrintfA(nullptr, 5, "x"), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_EQ(StringCchPrintfA(narrow, 5, nullptr), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_STREQ(narrow, "");
}

// ---- The N forms and Ex flags ----

TEST(Win32StrsafeEx, CopyNAndCatN) {
  wchar_t buffer[10];
  EXPECT_EQ(StringCchCopyNW(buffer, 10, L"abcdef", 3), S_OK);
  EXPECT_EQ(std::wstring(buffer), L"abc");
  EXPECT_EQ(StringCchCatNW(buffer, 10, L"123456789", 2), S_OK);
  EXPECT_EQ(std::wstring(buffer), L"abc12");
  EXPECT_EQ(StringCchCatNW(buffer, 10, L"xxxxxxxx", 8), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_EQ(std::wstring(buffer), L"abc12xxxx");
  EXPECT_EQ(StringCbCopyNA(reinterpret_cast<char*>(buffer), 4, "abcdef", 2), S_OK);
  EXPECT_EQ(StringCchCopyNW(buffer, 10, L"a", STRSAFE_MAX_CCH + 1ull), STRSAFE_E_INVALID_PARAMETER);
}

TEST(Win32StrsafeEx, EndAndRemaining) {
  char buffer[10];
  char* end = nullptr;
  size_t remaining = 0;
  EXPECT_EQ(StringCchCopyExA(buffer, 10, "abc", &end, &remaining, 0), S_OK);
  EXPECT_EQ(end, buffer + 3);
  EXPECT_EQ(remaining, 7u);
  EXPECT_EQ(StringCchCatExA(buffer, 10, "de", &end, &remaining, 0), S_OK);
  EXPECT_EQ(end, buffer + 5);
  EXPECT_EQ(remaining, 5u);
  wchar_t wide[8];
  wchar_t* wend = nullptr;
  EXPECT_EQ(StringCbPrintfExW(wide, sizeof wide, &wend, &remaining, 0, L"%d", 42), S_OK);
  EXPECT_EQ(wend, wide + 2);
  EXPECT_EQ(remaining, 6 * sizeof(wchar_t)) << "bytes for the Cb forms";
}

TEST(Win32StrsafeEx, FailureFlags) {
  char buffer[6];
  EXPECT_EQ(StringCchCopyExA(buffer, 6, "toolong", nullptr, nullptr, STRSAFE_NULL_ON_FAILURE),
            STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(buffer, "");
  EXPECT_EQ(StringCchCopyExA(buffer, 6, "toolong", nullptr, nullptr, STRSAFE_FAILURE_BYTE('#')),
            STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_EQ(std::string(buffer, 6), std::string("#####\0", 6));
  StringCchCopyA(buffer, 6, "ab");
  EXPECT_EQ(StringCchCatExA(buffer, 6, "toolong", nullptr, nullptr, STRSAFE_NO_TRUNCATION),
            STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(buffer, "ab") << "the original string";
  EXPECT_EQ(StringCchCopyExA(buffer, 6, "toolong", nullptr, nullptr, STRSAFE_NO_TRUNCATION),
            STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(buffer, "");
  EXPECT_EQ(StringCchCopyExA(buffer, 6, "ab", nullptr, nullptr, STRSAFE_FILL_BYTE('z')), S_OK);
  EXPECT_EQ(std::string(buffer, 6), std::string("ab\0zzz", 6));
  EXPECT_EQ(StringCchCopyExA(buffer, 6, nullptr, nullptr, nullptr, STRSAFE_IGNORE_NULLS), S_OK);
  EXPECT_STREQ(buffer, "");
  EXPECT_EQ(StringCchCopyExA(nullptr, 0, "x", nullptr, nullptr, STRSAFE_IGNORE_NULLS),
            STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_EQ(StringCchCopyExA(buffer, 6, "x", nullptr, nullptr, 0x10000),
            STRSAFE_E_INVALID_PARAMETER)
      << "unknown flags";
  EXPECT_EQ(StringCchCatExA(buffer, 6, nullptr, nullptr, nullptr, 0), STRSAFE_E_INVALID_PARAMETER);
}

TEST(Win32StrsafeEx, GenericNamesFollowUnicode) {
  TCHAR buffer[8];
  EXPECT_EQ(StringCchPrintf(buffer, ARRAYSIZE(buffer), TEXT("%s!"), TEXT("t")), S_OK);
  EXPECT_EQ(std::wstring(buffer), L"t!");
  EXPECT_EQ(&StringCbCatN, &StringCbCatNW);
  EXPECT_EQ(&StringCchVPrintfEx, &StringCchVPrintfExW);
}

// ---- The MSVC runtime names ----

TEST(Win32MsvcRuntime, CaseInsensitiveComparisons) {
  EXPECT_EQ(_stricmp("HeLLo", "hello"), 0);
  EXPECT_LT(_stricmp("a", "B"), 0);
  EXPECT_EQ(_strnicmp("ABCx", "abcy", 3), 0);
  EXPECT_EQ(_wcsicmp(L"USB\\Vid_046D", L"usb\\VID_046d"), 0);  // "C" locale: ASCII folds
  EXPECT_GT(_wcsnicmp(L"b", L"A", 1), 0);
  EXPECT_EQ(_wcsnicmp(L"x", L"y", 0), 0);
  errno = 0;
  EXPECT_EQ(_stricmp(nullptr, "a"), INT_MAX);
  EXPECT_EQ(errno, EINVAL);
}

TEST(Win32MsvcRuntime, DuplicatesAndCase) {
  char* copy = _strdup("abc");
  ASSERT_NE(copy, nullptr);
  EXPECT_STREQ(_strupr(copy), "ABC");
  EXPECT_STREQ(_strlwr(copy), "abc");
  free(copy);
  wchar_t* wide = _wcsdup(L"Mixed");
  ASSERT_NE(wide, nullptr);
  EXPECT_EQ(std::wstring(_wcsupr(wide)), L"MIXED");
  EXPECT_EQ(std::wstring(wcslwr(wide)), L"mixed");
  EXPECT_EQ(_wcsupr_s(wide, 6), 0);
  EXPECT_EQ(_wcsupr_s(wide, 3), EINVAL) << "no NUL within the size";
  free(wide);
  EXPECT_EQ(_strdup(nullptr), nullptr);
}

TEST(Win32MsvcRuntime, CountedFormats) {
  char buffer[8];
  EXPECT_EQ(_snprintf(buffer, sizeof buffer, "%s", "abc"), 3);
  EXPECT_STREQ(buffer, "abc");
  std::memset(buffer, 'x', sizeof buffer);
  EXPECT_EQ(_snprintf(buffer, 3, "%s", "abc"), 3) << "fits without its NUL";
  EXPECT_EQ(buffer[3], 'x');
  EXPECT_EQ(_snprintf(buffer, 2, "%s", "abc"), -1);
  EXPECT_EQ(std::string(buffer, 2), "ab");
  EXPECT_EQ(_snprintf(nullptr, 0, "%d", 12345), 5);
  wchar_t wide[8];
  EXPECT_EQ(_snwprintf(wide, 8, L"%s %S", L"w", "n"), 3);
  EXPECT_EQ(std::wstring(wide), L"w n");
  EXPECT_EQ(_scprintf("%d", 100), 3);
  EXPECT_EQ(_scwprintf(L"%s", L"four"), 4);
  EXPECT_EQ(sprintf_s(buffer, sizeof buffer, "%d", 42), 2);
  EXPECT_STREQ(buffer, "42");
  errno = 0;
  EXPECT_EQ(sprintf_s(buffer, sizeof buffer, "%s", "far too long"), -1);
  EXPECT_EQ(errno, ERANGE);
  EXPECT_STREQ(buffer, "");
  EXPECT_EQ(swprintf_s(wide, 8, L"%s", L"ok"), 2);
  EXPECT_EQ(swprintf_s(wide, L"%d", 7), 1) << "the template form";
  EXPECT_EQ(_snprintf_s(buffer, sizeof buffer, _TRUNCATE, "%s", "truncated"), -1);
  EXPECT_STREQ(buffer, "truncat");
  EXPECT_EQ(_snwprintf_s(wide, 8, 2, L"%s", L"abc"), -1);
  EXPECT_EQ(std::wstring(wide), L"ab");
}

TEST(Win32MsvcRuntime, BoundsCheckedCopies) {
  char buffer[4];
  EXPECT_EQ(strcpy_s(buffer, sizeof buffer, "abc"), 0);
  EXPECT_EQ(strcpy_s(buffer, sizeof buffer, "abcd"), ERANGE);
  EXPECT_STREQ(buffer, "");
  EXPECT_EQ(strcpy_s(buffer, "xy"), 0) << "the template form";
  EXPECT_EQ(strcat_s(buffer, sizeof buffer, "z"), 0);
  EXPECT_STREQ(buffer, "xyz");
  EXPECT_EQ(strcat_s(buffer, sizeof buffer, "!"), ERANGE);
  EXPECT_EQ(strcpy_s(nullptr, 4, "a"), EINVAL);
  EXPECT_EQ(strcpy_s(buffer, 4, nullptr), EINVAL);
  EXPECT_EQ(strcpy_s(buffer, 0, "a"), EINVAL);
  wchar_t wide[4];
  EXPECT_EQ(wcscpy_s(wide, 4, L"abc"), 0);
  EXPECT_EQ(wcscat_s(wide, 4, L"d"), ERANGE);
  EXPECT_EQ(wcsncpy_s(wide, 4, L"abcdef", 2), 0);
  EXPECT_EQ(std::wstring(wide), L"ab");
  EXPECT_EQ(wcsncpy_s(wide, 4, L"abcdef", _TRUNCATE), STRUNCATE);
  EXPECT_EQ(std::wstring(wide), L"abc");
  EXPECT_EQ(wcsncpy_s(wide, 4, L"abcdef", 5), ERANGE);
  int target[2] = {1, 2};
  const int source[2] = {3, 4};
  EXPECT_EQ(memcpy_s(target, sizeof target, source, sizeof source), 0);
  EXPECT_EQ(target[1], 4);
  EXPECT_EQ(memcpy_s(target, 4, source, sizeof source), ERANGE);
}

TEST(Win32MsvcRuntime, Numbers) {
  EXPECT_EQ(_wtoi(L"  -42abc"), -42);
  EXPECT_EQ(_wtoi(L"99999999999"), INT_MAX);
  EXPECT_EQ(_wtoi(L"x"), 0);
  EXPECT_EQ(_wtol(L"17"), 17);
  EXPECT_EQ(_wtoi64(L"-8589934592"), -8589934592LL);
  wchar_t wide[12];
  EXPECT_EQ(_itow_s(-123, wide, 12, 10), 0);
  EXPECT_EQ(std::wstring(wide), L"-123");
  EXPECT_EQ(_itow_s(255, wide, 12, 16), 0);
  EXPECT_EQ(std::wstring(wide), L"ff");
  EXPECT_EQ(_itow_s(-1, wide, 12, 16), 0);
  EXPECT_EQ(std::wstring(wide), L"ffffffff");
  EXPECT_EQ(_itow_s(12345, wide, 3, 10), ERANGE);
  EXPECT_EQ(_itow_s(1, wide, 12, 1), EINVAL);
  EXPECT_EQ(_itow_s(1, wide, 12, 37), EINVAL);
  EXPECT_EQ(_itow_s(7, wide, 2), 0) << "the template form";
  char narrow[12];
  EXPECT_STREQ(_itoa(10, narrow, 2), "1010");
}

TEST(Win32MsvcRuntime, TcharMappings) {
  EXPECT_EQ(_tcsicmp(_T("AbC"), _T("aBc")), 0);
  EXPECT_EQ(_ttoi(_T("12")), 12);
  TCHAR buffer[8];
  EXPECT_EQ(_sntprintf(buffer, 8, _T("%s"), _T("t")), 1);
  EXPECT_EQ(std::wstring(buffer), L"t");
}

}  // namespace
