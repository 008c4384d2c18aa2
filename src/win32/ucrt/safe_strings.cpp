// The bounds-checked copies of the MSVC runtime (Annex K's rules as MSVC applies them): 0,
// EINVAL (NULL pointer or size 0: the destination, when usable, gets ""), ERANGE (too small: ""),
// or STRUNCATE for a _TRUNCATE copy that was cut. No invalid-parameter handler runs.
#include <msvc_compat.h>

#include <cerrno>
#include <cstring>

namespace {

template <typename Char>
size_t bounded_len(const Char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != Char{}) ++n;
  return n;
}

template <typename Char>
errno_t copy_n(Char* dest, size_t size, const Char* src, size_t count) {
  if (dest == nullptr || size == 0) return EINVAL;
  if (src == nullptr) {
    dest[0] = Char{};
    return EINVAL;
  }
  const bool truncate = count == _TRUNCATE;
  const size_t n = bounded_len(src, truncate ? size : count);
  if (n >= size) {
    if (!truncate) {
      dest[0] = Char{};
      return ERANGE;
    }
    std::memmove(dest, src, (size - 1) * sizeof(Char));
    dest[size - 1] = Char{};
    return STRUNCATE;
  }
  std::memmove(dest, src, n * sizeof(Char));
  dest[n] = Char{};
  return 0;
}

template <typename Char>
errno_t cat_n(Char* dest, size_t size, const Char* src, size_t count) {
  if (dest == nullptr || size == 0) return EINVAL;
  if (src == nullptr) {
    dest[0] = Char{};
    return EINVAL;
  }
  const size_t used = bounded_len(dest, size);
  if (used == size) {  // not a string
    dest[0] = Char{};
    return EINVAL;
  }
  const errno_t e = copy_n(dest + used, size - used, src, count);
  if (e == ERANGE) dest[0] = Char{};
  return e;
}

}  // namespace

extern "C" {

errno_t strcpy_s(char* dest, rsize_t size, const char* src) {
  return copy_n(dest, size, src, SIZE_MAX - 1);
}
errno_t wcscpy_s(wchar_t* dest, rsize_t size, const wchar_t* src) {
  return copy_n(dest, size, src, SIZE_MAX - 1);
}
errno_t strncpy_s(char* dest, rsize_t size, const char* src, rsize_t count) {
  return copy_n(dest, size, src, count);
}
errno_t wcsncpy_s(wchar_t* dest, rsize_t size, const wchar_t* src, rsize_t count) {
  return copy_n(dest, size, src, count);
}
errno_t strcat_s(char* dest, rsize_t size, const char* src) {
  return cat_n(dest, size, src, SIZE_MAX - 1);
}
errno_t wcscat_s(wchar_t* dest, rsize_t size, const wchar_t* src) {
  return cat_n(dest, size, src, SIZE_MAX - 1);
}
errno_t strncat_s(char* dest, rsize_t size, const char* src, rsize_t count) {
  return cat_n(dest, size, src, count);
}
errno_t wcsncat_s(wchar_t* dest, rsize_t size, const wchar_t* src, rsize_t count) {
  return cat_n(dest, size, src, count);
}

errno_t memcpy_s(void* dest, rsize_t size, const void* src, rsize_t count) {
  if (count == 0) return 0;
  if (dest == nullptr) return EINVAL;
  if (src == nullptr || count > size) {
    std::memset(dest, 0, size);
    return src == nullptr ? EINVAL : ERANGE;
  }
  std::memcpy(dest, src, count);
  return 0;
}

errno_t memmove_s(void* dest, rsize_t size, const void* src, rsize_t count) {
  if (count == 0) return 0;
  if (dest == nullptr || src == nullptr) return EINVAL;
  if (count > size) return ERANGE;
  std::memmove(dest, src, count);
  return 0;
}

}  // extern "C"
