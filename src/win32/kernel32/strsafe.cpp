// strsafe's bounded copies, with the SDK's HRESULTs. One template serves the W and A variants.
#include <strsafe.h>

#include <cstddef>

namespace {

template <typename Char>
std::size_t bounded_len(const Char* s, std::size_t max) noexcept {
  std::size_t n = 0;
  while (n < max && s[n] != Char{}) ++n;
  return n;  // == max: no NUL within max
}

bool valid_count(std::size_t cch) noexcept { return cch != 0 && cch <= STRSAFE_MAX_CCH; }

template <typename Char>
HRESULT copy(Char* dest, std::size_t cch_dest, const Char* src) noexcept {
  if (dest == nullptr || cch_dest == 0) return STRSAFE_E_INVALID_PARAMETER;
  if (!valid_count(cch_dest) || src == nullptr) {
    *dest = Char{};
    return STRSAFE_E_INVALID_PARAMETER;
  }
  std::size_t i = 0;
  for (; i + 1 < cch_dest && src[i] != Char{}; ++i) dest[i] = src[i];
  const bool truncated = src[i] != Char{};
  dest[i] = Char{};
  return truncated ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

template <typename Char>
HRESULT cat(Char* dest, std::size_t cch_dest, const Char* src) noexcept {
  if (dest == nullptr || src == nullptr || !valid_count(cch_dest))
    return STRSAFE_E_INVALID_PARAMETER;
  const std::size_t used = bounded_len(dest, cch_dest);
  if (used == cch_dest) return STRSAFE_E_INVALID_PARAMETER;  // dest is not NUL-terminated
  return copy(dest + used, cch_dest - used, src);
}

template <typename Char>
HRESULT length(const Char* s, std::size_t cch_max, std::size_t* out) noexcept {
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
  if (out != nullptr) *out = n;
  return hr;
}

}  // namespace

extern "C" {

HRESULT StringCchCopyW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc) {
  return copy(pszDest, cchDest, pszSrc);
}

HRESULT StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc) {
  return copy(pszDest, cchDest, pszSrc);
}

HRESULT StringCchCatW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc) {
  return cat(pszDest, cchDest, pszSrc);
}

HRESULT StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc) {
  return cat(pszDest, cchDest, pszSrc);
}

HRESULT StringCchLengthW(STRSAFE_PCNZWCH psz, size_t cchMax, size_t* pcchLength) {
  return length(psz, cchMax, pcchLength);
}

HRESULT StringCchLengthA(STRSAFE_PCNZCH psz, size_t cchMax, size_t* pcchLength) {
  return length(psz, cchMax, pcchLength);
}

HRESULT StringCbCopyW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc) {
  return copy(pszDest, cbDest / sizeof(wchar_t), pszSrc);
}

HRESULT StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc) {
  return copy(pszDest, cbDest, pszSrc);
}

HRESULT StringCbLengthW(STRSAFE_PCNZWCH psz, size_t cbMax, size_t* pcbLength) {
  std::size_t cch = 0;
  const HRESULT hr = length(psz, cbMax / sizeof(wchar_t), &cch);
  if (pcbLength != nullptr) *pcbLength = cch * sizeof(wchar_t);
  return hr;
}

HRESULT StringCbLengthA(STRSAFE_PCNZCH psz, size_t cbMax, size_t* pcbLength) {
  return length(psz, cbMax, pcbLength);
}

}  // extern "C"
