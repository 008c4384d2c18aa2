// The MSVC runtime's string names: case-insensitive comparisons, duplicates, case conversion.
// Narrow strings compare ASCII letters without case (other bytes as they are), as the "C"
// locale of MSVC's runtime does; wide ones fold with towlower.
#include <msvc_compat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <cwctype>

namespace {

int fold(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') ? u + ('a' - 'A') : u;
}

wint_t fold(wchar_t c) { return std::towlower(static_cast<wint_t>(c)); }

template <typename Char>
int compare_folded(const Char* a, const Char* b, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const auto fa = fold(a[i]);
    const auto fb = fold(b[i]);
    if (fa != fb) return fa < fb ? -1 : 1;
    if (a[i] == Char{}) return 0;
  }
  return 0;
}

template <typename Char, typename F>
Char* map_in_place(Char* s, F f) {
  if (s == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  for (Char* p = s; *p != Char{}; ++p) *p = f(*p);
  return s;
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
wchar_t wupper(wchar_t c) { return static_cast<wchar_t>(std::towupper(static_cast<wint_t>(c))); }
wchar_t wlower(wchar_t c) { return static_cast<wchar_t>(std::towlower(static_cast<wint_t>(c))); }

template <typename Char, typename F>
errno_t map_checked(Char* s, size_t size, F f) {
  if (s == nullptr || size == 0) return EINVAL;
  size_t n = 0;
  while (n < size && s[n] != Char{}) ++n;
  if (n == size) {  // no NUL within size
    s[0] = Char{};
    return EINVAL;
  }
  map_in_place(s, f);
  return 0;
}

}  // namespace

extern "C" {

int _stricmp(const char* a, const char* b) {
  if (a == nullptr || b == nullptr) {
    errno = EINVAL;
    return INT_MAX;  // MSVC's _NLSCMPERROR
  }
  return compare_folded(a, b, SIZE_MAX);
}

int _strnicmp(const char* a, const char* b, size_t count) {
  if (count == 0) return 0;
  if (a == nullptr || b == nullptr) {
    errno = EINVAL;
    return INT_MAX;
  }
  return compare_folded(a, b, count);
}

int _wcsicmp(const wchar_t* a, const wchar_t* b) {
  if (a == nullptr || b == nullptr) {
    errno = EINVAL;
    return INT_MAX;
  }
  return compare_folded(a, b, SIZE_MAX);
}

int _wcsnicmp(const wchar_t* a, const wchar_t* b, size_t count) {
  if (count == 0) return 0;
  if (a == nullptr || b == nullptr) {
    errno = EINVAL;
    return INT_MAX;
  }
  return compare_folded(a, b, count);
}

int _stricoll(const char* a, const char* b) { return _stricmp(a, b); }
int _wcsicoll(const wchar_t* a, const wchar_t* b) { return _wcsicmp(a, b); }

char* _strdup(const char* s) {
  if (s == nullptr) return nullptr;  // MSVC returns NULL for NULL
  const size_t n = std::strlen(s) + 1;
  auto* copy = static_cast<char*>(std::malloc(n));
  if (copy != nullptr) std::memcpy(copy, s, n);
  return copy;
}

wchar_t* _wcsdup(const wchar_t* s) {
  if (s == nullptr) return nullptr;
  const size_t n = std::wcslen(s) + 1;
  auto* copy = static_cast<wchar_t*>(std::malloc(n * sizeof(wchar_t)));
  if (copy != nullptr) std::wmemcpy(copy, s, n);
  return copy;
}

char* _strupr(char* s) { return map_in_place(s, upper); }
char* _strlwr(char* s) { return map_in_place(s, lower); }
wchar_t* _wcsupr(wchar_t* s) { return map_in_place(s, wupper); }
wchar_t* _wcslwr(wchar_t* s) { return map_in_place(s, wlower); }
wchar_t* wcsupr(wchar_t* s) { return _wcsupr(s); }
wchar_t* wcslwr(wchar_t* s) { return _wcslwr(s); }
errno_t _wcsupr_s(wchar_t* s, size_t size) { return map_checked(s, size, wupper); }
errno_t _wcslwr_s(wchar_t* s, size_t size) { return map_checked(s, size, wlower); }
errno_t _strupr_s(char* s, size_t size) { return map_checked(s, size, upper); }
errno_t _strlwr_s(char* s, size_t size) { return map_checked(s, size, lower); }

}  // extern "C"
