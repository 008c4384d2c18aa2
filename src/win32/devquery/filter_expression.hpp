// DEVPROP_FILTER_EXPRESSION arrays: the one validation (what Windows refuses with E_INVALIDARG)
// and the one evaluation against an object's properties, for DevGetObjects and the live queries.
#pragma once

#include <devfiltertypes.h>

#include <cstddef>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "win32/support/device_properties.hpp"

namespace cmnotify::win32 {

// The bits of an enum field a caller filled (DEVPROP_OPERATOR, DEVPROPSTORE): C code may store
// any value there, which is not a value of the C++ enum; reading the bytes is always defined.
template <typename Enum>
[[nodiscard]] ULONG enum_bits(const Enum& field) noexcept {
  static_assert(sizeof(Enum) == sizeof(ULONG));
  ULONG v;
  std::memcpy(&v, &field, sizeof v);
  return v;
}

// An object's property by key; nullopt when the object does not have it.
using PropertyLookup = std::function<std::optional<PropertyValue>(const DEVPROPKEY&)>;

// Whether `filter` is a well-formed expression: known operators, brackets that pair up and are
// not empty, values that are what their DEVPROPTYPE says (size, terminating NULs).
[[nodiscard]] bool valid_filter(std::span<const DEVPROP_FILTER_EXPRESSION> filter) noexcept;

// Whether an object with these properties passes a valid filter (an empty filter passes all).
// Expressions side by side are ANDed, as inside AND_OPEN ... AND_CLOSE.
[[nodiscard]] bool filter_matches(std::span<const DEVPROP_FILTER_EXPRESSION> filter,
                                  const PropertyLookup& lookup);

// A copy of a filter that owns its values, for a query that outlives the caller's arrays.
class OwnedFilter {
 public:
  OwnedFilter() = default;
  explicit OwnedFilter(std::span<const DEVPROP_FILTER_EXPRESSION> filter);
  OwnedFilter(const OwnedFilter&) = delete;
  OwnedFilter& operator=(const OwnedFilter&) = delete;
  // Moving keeps the values where they are, so the expressions still point at them.
  OwnedFilter(OwnedFilter&&) noexcept = default;
  OwnedFilter& operator=(OwnedFilter&&) noexcept = default;

  [[nodiscard]] std::span<const DEVPROP_FILTER_EXPRESSION> expressions() const noexcept {
    return expressions_;
  }

 private:
  std::vector<DEVPROP_FILTER_EXPRESSION> expressions_;
  std::vector<std::vector<std::byte>> values_;
};

}  // namespace cmnotify::win32
