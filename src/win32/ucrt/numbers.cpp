// The MSVC runtime's number conversions: _wtoi, _wtol, _wtoi64, _atoi64 and the _itow/_itoa
// families.
#include <msvc_compat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cwchar>

namespace {

template <typename Char>
Char digit(unsigned d) {
  return static_cast<Char>(d < 10 ? '0' + d : 'a' + (d - 10));
}

// Writes the digits of `magnitude` (with a '-' when negative) in `radix`.
template <typename Char>
errno_t to_text(unsigned long long magnitude, bool negative, Char* buffer, size_t size, int radix) {
  if (buffer == nullptr || size == 0) return EINVAL;
  if (radix < 2 || radix > 36) {
    buffer[0] = Char{};
    return EINVAL;
  }
  Char reversed[72];
  size_t n = 0;
  do {
    reversed[n++] = digit<Char>(static_cast<unsigned>(magnitude % static_cast<unsigned>(radix)));
    magnitude /= static_cast<unsigned>(radix);
  } while (magnitude != 0);
  if (negative) reversed[n++] = Char('-');
  if (n + 1 > size) {
    buffer[0] = Char{};
    return ERANGE;
  }
  for (size_t i = 0; i < n; ++i) buffer[i] = reversed[n - 1 - i];
  buffer[n] = Char{};
  return 0;
}

template <typename Char>
errno_t signed_to_text(long long value, Char* buffer, size_t size, int radix) {
  // Only radix 10 shows a sign; other radixes print the two's complement of the int's width.
  const bool negative = radix == 10 && value < 0;
  const unsigned long long magnitude = negative ? 0ull - static_cast<unsigned long long>(value)
                                                : static_cast<unsigned long long>(value);
  return to_text(magnitude, negative, buffer, size, radix);
}

long long saturate(long long v, long long low, long long high) {
  return v < low ? low : (v > high ? high : v);
}

}  // namespace

extern "C" {

int _wtoi(const wchar_t* s) {
  if (s == nullptr) {
    errno = EINVAL;
    return 0;
  }
  return static_cast<int>(saturate(std::wcstoll(s, nullptr, 10), INT_MIN, INT_MAX));
}

long _wtol(const wchar_t* s) {
  if (s == nullptr) {
    errno = EINVAL;
    return 0;
  }
  return static_cast<long>(saturate(std::wcstoll(s, nullptr, 10), LONG_MIN, LONG_MAX));
}

long long _wtoi64(const wchar_t* s) {
  if (s == nullptr) {
    errno = EINVAL;
    return 0;
  }
  return std::wcstoll(s, nullptr, 10);
}

long long _atoi64(const char* s) {
  if (s == nullptr) {
    errno = EINVAL;
    return 0;
  }
  return std::strtoll(s, nullptr, 10);
}

errno_t _itow_s(int value, wchar_t* buffer, size_t size, int radix) {
  return radix == 10 ? signed_to_text<wchar_t>(value, buffer, size, radix)
                     : to_text(static_cast<unsigned>(value), false, buffer, size, radix);
}

errno_t _itoa_s(int value, char* buffer, size_t size, int radix) {
  return radix == 10 ? signed_to_text<char>(value, buffer, size, radix)
                     : to_text(static_cast<unsigned>(value), false, buffer, size, radix);
}

errno_t _ultow_s(unsigned long value, wchar_t* buffer, size_t size, int radix) {
  return to_text(value, false, buffer, size, radix);
}

errno_t _i64tow_s(long long value, wchar_t* buffer, size_t size, int radix) {
  return radix == 10 ? signed_to_text<wchar_t>(value, buffer, size, radix)
                     : to_text(static_cast<unsigned long long>(value), false, buffer, size, radix);
}

errno_t _ui64tow_s(unsigned long long value, wchar_t* buffer, size_t size, int radix) {
  return to_text(value, false, buffer, size, radix);
}

// The unchecked forms: the buffer must hold 33 characters (MSVC's documented maximum).
wchar_t* _itow(int value, wchar_t* buffer, int radix) {
  return _itow_s(value, buffer, 33, radix) == 0 ? buffer : nullptr;
}

char* _itoa(int value, char* buffer, int radix) {
  return _itoa_s(value, buffer, 33, radix) == 0 ? buffer : nullptr;
}

}  // extern "C"
