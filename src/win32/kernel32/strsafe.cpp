// strsafe's bounded string functions, with the SDK's HRESULTs. One core writes a result into
// the destination (at its start for Copy and Printf, after its string for Cat) and applies the
// Ex flags; each function only says what the result is. One template serves W and A.
#include <strsafe.h>

#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

#include "win32/support/text.hpp"
#include "win32/support/windows_format.hpp"

namespace {

template <typename Char>
using View = std::basic_string_view<Char>;

bool valid_count(std::size_t cch) noexcept { return cch != 0 && cch <= STRSAFE_MAX_CCH; }

template <typename Char>
std::size_t bounded_len(const Char* s, std::size_t max) noexcept {
  std::size_t n = 0;
  while (n < max && s[n] != Char{}) ++n;
  return n;  // == max: no NUL within max
}

// Where an Ex function reports the result.
template <typename Char>
struct Outputs {
  Char** end = nullptr;
  std::size_t* remaining = nullptr;
  std::size_t unit = 1;  // remaining in bytes for the Cb forms: sizeof(Char)
  DWORD flags = 0;
};

template <typename Char>
void report(Char* dest, std::size_t cch, const Outputs<Char>& out) {
  const std::size_t used = dest == nullptr ? 0 : bounded_len(dest, cch);
  if (out.end != nullptr) *out.end = dest == nullptr ? nullptr : dest + used;
  if (out.remaining != nullptr) *out.remaining = (cch - used) * out.unit;
}

// The Ex flags' handling of a failure, `offset` being where a Cat started.
template <typename Char>
void on_failure(Char* dest, std::size_t cch, std::size_t offset, DWORD flags) {
  if (dest == nullptr || !valid_count(cch)) return;
  if ((flags & STRSAFE_FILL_ON_FAILURE) != 0) {
    std::memset(dest, static_cast<int>(flags & 0xFF), cch * sizeof(Char));
    dest[cch - 1] = Char{};
  }
  if ((flags & STRSAFE_NO_TRUNCATION) != 0) dest[offset] = Char{};
  if ((flags & STRSAFE_NULL_ON_FAILURE) != 0) dest[0] = Char{};
}

// Writes `text` (at most `limit` characters of it) into dest at `offset`.
template <typename Char>
HRESULT write(Char* dest, std::size_t cch, std::size_t offset, View<Char> text,
              const Outputs<Char>& out) {
  const std::size_t room = cch - offset - 1;
  const bool truncated = text.size() > room;
  const std::size_t n = truncated ? room : text.size();
  text.copy(dest + offset, n);
  dest[offset + n] = Char{};
  const HRESULT hr = truncated ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
  if (FAILED(hr)) {
    on_failure(dest, cch, offset, out.flags);
  } else if ((out.flags & STRSAFE_FILL_BEHIND_NULL) != 0 && offset + n + 1 < cch) {
    std::memset(dest + offset + n + 1, static_cast<int>(out.flags & 0xFF),
                (cch - offset - n - 1) * sizeof(Char));
  }
  report(dest, cch, out);
  return hr;
}

template <typename Char>
HRESULT invalid(Char* dest, std::size_t cch, bool empty_dest, const Outputs<Char>& out) {
  if (dest != nullptr && cch != 0 && empty_dest) *dest = Char{};
  if (dest != nullptr && valid_count(cch)) on_failure(dest, cch, 0, out.flags);
  if (out.end != nullptr) *out.end = dest;
  if (out.remaining != nullptr) *out.remaining = valid_count(cch) ? cch * out.unit : 0;
  return STRSAFE_E_INVALID_PARAMETER;
}

// Copy (and Printf, Gets): `text` replaces the destination. `make` gives the text; it is only
// called once the destination is known to be usable.
template <typename Char, typename Make>
HRESULT replace(Char* dest, std::size_t cch, const Outputs<Char>& out, bool source_null,
                Make make) {
  if ((out.flags & ~STRSAFE_VALID_FLAGS) != 0) return invalid(dest, cch, true, out);
  const bool ignore_nulls = (out.flags & STRSAFE_IGNORE_NULLS) != 0;
  if (ignore_nulls && dest == nullptr && cch == 0) {
    report<Char>(nullptr, 0, out);
    return source_null || make().empty() ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
  }
  if (dest == nullptr || !valid_count(cch)) return invalid(dest, cch, true, out);
  if (source_null && !ignore_nulls) return invalid(dest, cch, true, out);
  try {
    const std::basic_string<Char> text = source_null ? std::basic_string<Char>() : make();
    return write(dest, cch, 0, View<Char>(text), out);
  } catch (const std::bad_alloc&) {
    return invalid(dest, cch, true, out);
  }
}

// Cat: `text` goes after the destination's string.
template <typename Char>
HRESULT append(Char* dest, std::size_t cch, const Char* src, std::size_t max,
               const Outputs<Char>& out) {
  if ((out.flags & ~STRSAFE_VALID_FLAGS) != 0 || max > STRSAFE_MAX_CCH)
    return invalid(dest, cch, false, out);
  const bool ignore_nulls = (out.flags & STRSAFE_IGNORE_NULLS) != 0;
  const Char empty[1] = {Char{}};
  if (src == nullptr && ignore_nulls) src = empty;
  if (ignore_nulls && dest == nullptr && cch == 0) {
    report<Char>(nullptr, 0, out);
    return bounded_len(src, max) == 0 ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
  }
  if (dest == nullptr || src == nullptr || !valid_count(cch)) return invalid(dest, cch, false, out);
  const std::size_t used = bounded_len(dest, cch);
  if (used == cch) return invalid(dest, cch, false, out);  // no NUL: not a string
  return write(dest, cch, used, View<Char>(src, bounded_len(src, max)), out);
}

template <typename Char>
HRESULT copy(Char* dest, std::size_t cch, const Char* src, std::size_t max,
             const Outputs<Char>& out) {
  if (max > STRSAFE_MAX_CCH) return invalid(dest, cch, true, out);
  return replace(dest, cch, out, src == nullptr,
                 [&] { return std::basic_string<Char>(src, bounded_len(src, max)); });
}

template <typename Char>
HRESULT vprintf(Char* dest, std::size_t cch, const Char* format, va_list args,
                const Outputs<Char>& out) {
  return replace(dest, cch, out, format == nullptr,
                 [&] { return cmnotify::win32::format_windows(format, args); });
}

// One line of standard input without its newline (UTF-8 decoded for the W forms).
template <typename Char>
HRESULT gets(Char* dest, std::size_t cch, const Outputs<Char>& out) {
  if (dest != nullptr && cch == 1) {
    *dest = Char{};
    report(dest, cch, out);
    return STRSAFE_E_INSUFFICIENT_BUFFER;
  }
  bool end_of_file = false;
  const HRESULT hr = replace(dest, cch, out, false, [&] {
    std::string line;
    int c = 0;
    while ((c = std::getchar()) != EOF && c != '\n') line.push_back(static_cast<char>(c));
    end_of_file = c == EOF && line.empty();
    if constexpr (sizeof(Char) == 1) {
      return line;
    } else {
      return cmnotify::win32::wide_from_utf8(line);
    }
  });
  if (end_of_file && hr == S_OK) return STRSAFE_E_END_OF_FILE;
  return hr;
}

template <typename Char>
HRESULT length(const Char* s, std::size_t cch_max, std::size_t* out, std::size_t unit) {
  std::size_t n = 0;
  HRESULT hr = STRSAFE_E_INVALID_PARAMETER;
  if (s != nullptr && valid_count(cch_max)) {
    n = bounded_len(s, cch_max);
    if (n < cch_max) {
      hr = S_OK;
    } else {
      n = 0;
    }
  }
  if (out != nullptr) *out = n * unit;
  return hr;
}

template <typename Char>
Outputs<Char> ex(Char** end, std::size_t* remaining, DWORD flags, bool bytes) {
  return Outputs<Char>{end, remaining, bytes ? sizeof(Char) : 1, flags};
}

template <typename Char>
std::size_t chars(std::size_t cb) {
  return cb / sizeof(Char);
}

}  // namespace

extern "C" {

#define CMNOTIFY_STRSAFE_FAMILY(CH, Char)                                                          \
  HRESULT StringCchCopy##CH(Char* d, size_t cch, const Char* s) {                                  \
    return copy(d, cch, s, STRSAFE_MAX_CCH, Outputs<Char>{});                                      \
  }                                                                                                \
  HRESULT StringCchCopyEx##CH(Char* d, size_t cch, const Char* s, Char** e, size_t* r, DWORD f) {  \
    return copy(d, cch, s, STRSAFE_MAX_CCH, ex(e, r, f, false));                                   \
  }                                                                                                \
  HRESULT StringCchCopyN##CH(Char* d, size_t cch, const Char* s, size_t n) {                       \
    return copy(d, cch, s, n, Outputs<Char>{});                                                    \
  }                                                                                                \
  HRESULT StringCchCopyNEx##CH(Char* d, size_t cch, const Char* s, size_t n, Char** e, size_t* r,  \
                               DWORD f) {                                                          \
    return copy(d, cch, s, n, ex(e, r, f, false));                                                 \
  }                                                                                                \
  HRESULT StringCchCat##CH(Char* d, size_t cch, const Char* s) {                                   \
    return append(d, cch, s, STRSAFE_MAX_CCH, Outputs<Char>{});                                    \
  }                                                                                                \
  HRESULT StringCchCatEx##CH(Char* d, size_t cch, const Char* s, Char** e, size_t* r, DWORD f) {   \
    return append(d, cch, s, STRSAFE_MAX_CCH, ex(e, r, f, false));                                 \
  }                                                                                                \
  HRESULT StringCchCatN##CH(Char* d, size_t cch, const Char* s, size_t n) {                        \
    return append(d, cch, s, n, Outputs<Char>{});                                                  \
  }                                                                                                \
  HRESULT StringCchCatNEx##CH(Char* d, size_t cch, const Char* s, size_t n, Char** e, size_t* r,   \
                              DWORD f) {                                                           \
    return append(d, cch, s, n, ex(e, r, f, false));                                               \
  }                                                                                                \
  HRESULT StringCchVPrintf##CH(Char* d, size_t cch, const Char* fmt, va_list a) {                  \
    return vprintf(d, cch, fmt, a, Outputs<Char>{});                                               \
  }                                                                                                \
  HRESULT StringCchVPrintfEx##CH(Char* d, size_t cch, Char** e, size_t* r, DWORD f,                \
                                 const Char* fmt, va_list a) {                                     \
    return vprintf(d, cch, fmt, a, ex(e, r, f, false));                                            \
  }                                                                                                \
  HRESULT StringCchPrintf##CH(Char* d, size_t cch, const Char* fmt, ...) {                         \
    va_list a;                                                                                     \
    va_start(a, fmt);                                                                              \
    const HRESULT hr = vprintf(d, cch, fmt, a, Outputs<Char>{});                                   \
    va_end(a);                                                                                     \
    return hr;                                                                                     \
  }                                                                                                \
  HRESULT StringCchPrintfEx##CH(Char* d, size_t cch, Char** e, size_t* r, DWORD f,                 \
                                const Char* fmt, ...) {                                            \
    va_list a;                                                                                     \
    va_start(a, fmt);                                                                              \
    const HRESULT hr = vprintf(d, cch, fmt, a, ex(e, r, f, false));                                \
    va_end(a);                                                                                     \
    return hr;                                                                                     \
  }                                                                                                \
  HRESULT StringCchGets##CH(Char* d, size_t cch) { return gets(d, cch, Outputs<Char>{}); }         \
  HRESULT StringCchGetsEx##CH(Char* d, size_t cch, Char** e, size_t* r, DWORD f) {                 \
    return gets(d, cch, ex(e, r, f, false));                                                       \
  }                                                                                                \
  HRESULT StringCchLength##CH(const Char* s, size_t cch, size_t* n) {                              \
    return length(s, cch, n, 1);                                                                   \
  }                                                                                                \
  HRESULT StringCbCopy##CH(Char* d, size_t cb, const Char* s) {                                    \
    return copy(d, chars<Char>(cb), s, STRSAFE_MAX_CCH, Outputs<Char>{});                          \
  }                                                                                                \
  HRESULT StringCbCopyEx##CH(Char* d, size_t cb, const Char* s, Char** e, size_t* r, DWORD f) {    \
    return copy(d, chars<Char>(cb), s, STRSAFE_MAX_CCH, ex(e, r, f, true));                        \
  }                                                                                                \
  HRESULT StringCbCopyN##CH(Char* d, size_t cb, const Char* s, size_t n) {                         \
    return copy(d, chars<Char>(cb), s, chars<Char>(n), Outputs<Char>{});                           \
  }                                                                                                \
  HRESULT StringCbCopyNEx##CH(Char* d, size_t cb, const Char* s, size_t n, Char** e, size_t* r,    \
                              DWORD f) {                                                           \
    return copy(d, chars<Char>(cb), s, chars<Char>(n), ex(e, r, f, true));                         \
  }                                                                                                \
  HRESULT StringCbCat##CH(Char* d, size_t cb, const Char* s) {                                     \
    return append(d, chars<Char>(cb), s, STRSAFE_MAX_CCH, Outputs<Char>{});                        \
  }                                                                                                \
  HRESULT StringCbCatEx##CH(Char* d, size_t cb, const Char* s, Char** e, size_t* r, DWORD f) {     \
    return append(d, chars<Char>(cb), s, STRSAFE_MAX_CCH, ex(e, r, f, true));                      \
  }                                                                                                \
  HRESULT StringCbCatN##CH(Char* d, size_t cb, const Char* s, size_t n) {                          \
    return append(d, chars<Char>(cb), s, chars<Char>(n), Outputs<Char>{});                         \
  }                                                                                                \
  HRESULT StringCbCatNEx##CH(Char* d, size_t cb, const Char* s, size_t n, Char** e, size_t* r,     \
                             DWORD f) {                                                            \
    return append(d, chars<Char>(cb), s, chars<Char>(n), ex(e, r, f, true));                       \
  }                                                                                                \
  HRESULT StringCbVPrintf##CH(Char* d, size_t cb, const Char* fmt, va_list a) {                    \
    return vprintf(d, chars<Char>(cb), fmt, a, Outputs<Char>{});                                   \
  }                                                                                                \
  HRESULT StringCbVPrintfEx##CH(Char* d, size_t cb, Char** e, size_t* r, DWORD f, const Char* fmt, \
                                va_list a) {                                                       \
    return vprintf(d, chars<Char>(cb), fmt, a, ex(e, r, f, true));                                 \
  }                                                                                                \
  HRESULT StringCbPrintf##CH(Char* d, size_t cb, const Char* fmt, ...) {                           \
    va_list a;                                                                                     \
    va_start(a, fmt);                                                                              \
    const HRESULT hr = vprintf(d, chars<Char>(cb), fmt, a, Outputs<Char>{});                       \
    va_end(a);                                                                                     \
    return hr;                                                                                     \
  }                                                                                                \
  HRESULT StringCbPrintfEx##CH(Char* d, size_t cb, Char** e, size_t* r, DWORD f, const Char* fmt,  \
                               ...) {                                                              \
    va_list a;                                                                                     \
    va_start(a, fmt);                                                                              \
    const HRESULT hr = vprintf(d, chars<Char>(cb), fmt, a, ex(e, r, f, true));                     \
    va_end(a);                                                                                     \
    return hr;                                                                                     \
  }                                                                                                \
  HRESULT StringCbGets##CH(Char* d, size_t cb) {                                                   \
    return gets(d, chars<Char>(cb), Outputs<Char>{});                                              \
  }                                                                                                \
  HRESULT StringCbGetsEx##CH(Char* d, size_t cb, Char** e, size_t* r, DWORD f) {                   \
    return gets(d, chars<Char>(cb), ex(e, r, f, true));                                            \
  }                                                                                                \
  HRESULT StringCbLength##CH(const Char* s, size_t cb, size_t* n) {                                \
    return length(s, chars<Char>(cb), n, sizeof(Char));                                            \
  }

CMNOTIFY_STRSAFE_FAMILY(W, wchar_t)
CMNOTIFY_STRSAFE_FAMILY(A, char)

#undef CMNOTIFY_STRSAFE_FAMILY

}  // extern "C"
