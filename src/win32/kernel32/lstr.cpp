// lstrlen, lstrcpy, lstrcpyn, lstrcat, lstrcmp, lstrcmpi (A: UTF-8 bytes, W: WCHAR). NULL
// arguments never crash, as Windows' versions catch the fault: a NULL string has length 0 and
// sorts first; a copy involving NULL returns NULL.
#include <windows.h>

#include <cstddef>
#include <cwctype>
#include <type_traits>

namespace cmnotify::win32::kernel32 {
namespace {

template <typename Char>
int length(const Char* s) {
  if (s == nullptr) return 0;
  int n = 0;
  while (s[n] != Char{}) ++n;
  return n;
}

template <typename Char>
Char* copy_n(Char* dest, const Char* src, int max) {
  if (dest == nullptr || src == nullptr) return nullptr;
  if (max <= 0) return dest;
  int i = 0;
  for (; i + 1 < max && src[i] != Char{}; ++i) dest[i] = src[i];
  dest[i] = Char{};
  return dest;
}

template <typename Char>
Char* copy(Char* dest, const Char* src) {
  if (dest == nullptr || src == nullptr) return nullptr;
  int i = 0;
  for (; src[i] != Char{}; ++i) dest[i] = src[i];
  dest[i] = Char{};
  return dest;
}

template <typename Char>
Char* concatenate(Char* dest, const Char* src) {
  if (dest == nullptr || src == nullptr) return nullptr;
  copy(dest + length(dest), src);
  return dest;
}

template <typename Char>
unsigned fold(Char c) {
  if constexpr (sizeof(Char) == 1) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'A' && u <= 'Z') ? u + ('a' - 'A') : u;
  } else {
    return static_cast<unsigned>(std::towlower(static_cast<wint_t>(c)));
  }
}

template <typename Char>
bool is_lower(Char c) {
  return fold(c) == static_cast<unsigned>(static_cast<std::make_unsigned_t<Char>>(c));
}

// Windows' word sort for these: letters compare without case first; among strings equal that
// way, the first difference in case puts lower case first. lstrcmpi stops after the first pass.
template <typename Char>
int compare(const Char* a, const Char* b, bool case_sensitive) {
  if (a == nullptr || b == nullptr) return a == b ? 0 : (a == nullptr ? -1 : 1);
  int case_order = 0;
  for (std::size_t i = 0;; ++i) {
    const unsigned fa = fold(a[i]);
    const unsigned fb = fold(b[i]);
    if (fa != fb) return fa < fb ? -1 : 1;
    if (a[i] == Char{}) break;
    if (case_order == 0 && a[i] != b[i]) case_order = is_lower(a[i]) ? -1 : 1;
  }
  return case_sensitive ? case_order : 0;
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

int WINAPI lstrlenA(LPCSTR lpString) { return k32::length(lpString); }
int WINAPI lstrlenW(LPCWSTR lpString) { return k32::length(lpString); }
LPSTR WINAPI lstrcpyA(LPSTR lpString1, LPCSTR lpString2) { return k32::copy(lpString1, lpString2); }
LPWSTR WINAPI lstrcpyW(LPWSTR lpString1, LPCWSTR lpString2) {
  return k32::copy(lpString1, lpString2);
}
LPSTR WINAPI lstrcpynA(LPSTR lpString1, LPCSTR lpString2, int iMaxLength) {
  return k32::copy_n(lpString1, lpString2, iMaxLength);
}
LPWSTR WINAPI lstrcpynW(LPWSTR lpString1, LPCWSTR lpString2, int iMaxLength) {
  return k32::copy_n(lpString1, lpString2, iMaxLength);
}
LPSTR WINAPI lstrcatA(LPSTR lpString1, LPCSTR lpString2) {
  return k32::concatenate(lpString1, lpString2);
}
LPWSTR WINAPI lstrcatW(LPWSTR lpString1, LPCWSTR lpString2) {
  return k32::concatenate(lpString1, lpString2);
}
int WINAPI lstrcmpA(LPCSTR lpString1, LPCSTR lpString2) {
  return k32::compare(lpString1, lpString2, true);
}
int WINAPI lstrcmpW(LPCWSTR lpString1, LPCWSTR lpString2) {
  return k32::compare(lpString1, lpString2, true);
}
int WINAPI lstrcmpiA(LPCSTR lpString1, LPCSTR lpString2) {
  return k32::compare(lpString1, lpString2, false);
}
int WINAPI lstrcmpiW(LPCWSTR lpString1, LPCWSTR lpString2) {
  return k32::compare(lpString1, lpString2, false);
}

}  // extern "C"
