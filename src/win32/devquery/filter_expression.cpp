#include "win32/devquery/filter_expression.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cmnotify::win32 {
namespace {

constexpr ULONG kModifiers = DEVPROP_OPERATOR_MODIFIER_NOT | DEVPROP_OPERATOR_MODIFIER_IGNORE_CASE;
constexpr ULONG kLastEval = DEVPROP_OPERATOR_CONTAINS;
constexpr ULONG kLastList = DEVPROP_OPERATOR_LIST_ELEMENT_CONTAINS;

ULONG bits(const DEVPROP_OPERATOR& op) noexcept { return enum_bits(op); }
ULONG logical_part(const DEVPROP_OPERATOR& op) noexcept { return bits(op) & 0x0ff00000u; }

enum class Group { all, any, none };  // AND (and the top level), OR, NOT

bool is_open(ULONG logical) noexcept {
  return logical == DEVPROP_OPERATOR_AND_OPEN || logical == DEVPROP_OPERATOR_OR_OPEN ||
         logical == DEVPROP_OPERATOR_NOT_OPEN;
}

Group group_of(ULONG open) noexcept {
  if (open == DEVPROP_OPERATOR_OR_OPEN) return Group::any;
  if (open == DEVPROP_OPERATOR_NOT_OPEN) return Group::none;
  return Group::all;
}

// A comparison operator: at most one of eval, list or array, and only the two modifiers.
bool valid_comparison(const DEVPROP_OPERATOR& op) noexcept {
  const ULONG b = bits(op);
  const ULONG eval = b & DEVPROP_OPERATOR_MASK_EVAL;
  const ULONG list = b & DEVPROP_OPERATOR_MASK_LIST;
  const ULONG array = b & 0xf0000000u;
  if ((b & DEVPROP_OPERATOR_MASK_MODIFIER & ~kModifiers) != 0) return false;
  if (array != 0 && (array != DEVPROP_OPERATOR_ARRAY_CONTAINS || eval != 0 || list != 0))
    return false;
  if (list != 0 && (list > kLastList || eval != 0)) return false;
  return eval <= kLastEval;
}

// Whether evaluating `e` reads its value: a bracket is its operator only, and EXISTS looks at
// the key only (Wine: any value passes), so their buffers are neither checked nor read.
bool reads_value(const DEVPROP_FILTER_EXPRESSION& e) noexcept {
  if (logical_part(e.Operator) != 0) return false;
  const ULONG eval =
      bits(e.Operator) & (DEVPROP_OPERATOR_MASK_EVAL | DEVPROP_OPERATOR_MASK_LIST | 0xf0000000u);
  return eval != DEVPROP_OPERATOR_EXISTS;
}

// Size of one value of a fixed-size DEVPROPTYPE, 0 for the others.
std::size_t fixed_size(DEVPROPTYPE base) noexcept {
  switch (base) {
    case DEVPROP_TYPE_SBYTE:
    case DEVPROP_TYPE_BYTE:
    case DEVPROP_TYPE_BOOLEAN: return 1;
    case DEVPROP_TYPE_INT16:
    case DEVPROP_TYPE_UINT16: return 2;
    case DEVPROP_TYPE_INT32:
    case DEVPROP_TYPE_UINT32:
    case DEVPROP_TYPE_FLOAT:
    case DEVPROP_TYPE_ERROR:
    case DEVPROP_TYPE_NTSTATUS:
    case DEVPROP_TYPE_DEVPROPTYPE: return 4;
    case DEVPROP_TYPE_INT64:
    case DEVPROP_TYPE_UINT64:
    case DEVPROP_TYPE_DOUBLE:
    case DEVPROP_TYPE_CURRENCY:
    case DEVPROP_TYPE_DATE:
    case DEVPROP_TYPE_FILETIME: return 8;
    case DEVPROP_TYPE_DECIMAL:
    case DEVPROP_TYPE_GUID: return 16;
    case DEVPROP_TYPE_DEVPROPKEY: return sizeof(DEVPROPKEY);
    default: return 0;
  }
}

bool is_string_type(DEVPROPTYPE base) noexcept {
  return base == DEVPROP_TYPE_STRING || base == DEVPROP_TYPE_SECURITY_DESCRIPTOR_STRING ||
         base == DEVPROP_TYPE_STRING_INDIRECT;
}

// The WCHARs of a string value, up to its first NUL.
std::wstring_view as_string(const void* data, std::size_t size) noexcept {
  const auto* s = static_cast<const wchar_t*>(data);
  const std::size_t n = size / sizeof(wchar_t);
  return std::wstring_view(s, std::find(s, s + n, L'\0') - s);
}

bool nul_at(const std::byte* data, std::size_t size, std::size_t from_end) noexcept {
  wchar_t c;
  std::memcpy(&c, data + size - from_end * sizeof(wchar_t), sizeof c);
  return c == L'\0';
}

// Whether a value is what its type says: fixed sizes, arrays of them, NUL-terminated strings and
// double-NUL-terminated string lists. EMPTY and NULL carry no bytes.
bool valid_value(const DEVPROPERTY& p) noexcept {
  const ULONG store = enum_bits(p.CompKey.Store);
  if (store != DEVPROP_STORE_SYSTEM && store != DEVPROP_STORE_USER) return false;
  if (p.Type == DEVPROP_TYPE_EMPTY || p.Type == DEVPROP_TYPE_NULL) return p.BufferSize == 0;
  if (p.Buffer == nullptr || p.BufferSize == 0) return false;
  const DEVPROPTYPE base = p.Type & DEVPROP_MASK_TYPE;
  const DEVPROPTYPE mod = p.Type & DEVPROP_MASK_TYPEMOD;
  const auto* data = static_cast<const std::byte*>(p.Buffer);
  const std::size_t size = p.BufferSize;
  if (base < DEVPROP_TYPE_SBYTE || base > MAX_DEVPROP_TYPE) return false;
  if (is_string_type(base)) {
    if (size % sizeof(wchar_t) != 0 || !nul_at(data, size, 1)) return false;
    if (mod == DEVPROP_TYPEMOD_LIST)
      return size == sizeof(wchar_t) || nul_at(data, size, 2);  // "" or "a\0b\0\0"
    return mod == 0;
  }
  if (mod == DEVPROP_TYPEMOD_LIST) return false;
  if (base == DEVPROP_TYPE_SECURITY_DESCRIPTOR) return mod == 0;
  const std::size_t one = fixed_size(base);
  if (one == 0) return false;
  if (mod == DEVPROP_TYPEMOD_ARRAY) return size % one == 0;
  return mod == 0 && size == one;
}

// ---- Evaluation --------------------------------------------------------------------------------

wchar_t fold(wchar_t c) noexcept {
  return (c >= L'A' && c <= L'Z') ? static_cast<wchar_t>(c - L'A' + L'a') : c;
}

bool same_text(std::wstring_view a, std::wstring_view b, bool ignore_case) noexcept {
  if (!ignore_case) return a == b;
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](wchar_t x, wchar_t y) { return fold(x) == fold(y); });
}

int compare_text(std::wstring_view a, std::wstring_view b, bool ignore_case) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const wchar_t x = ignore_case ? fold(a[i]) : a[i];
    const wchar_t y = ignore_case ? fold(b[i]) : b[i];
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool text_matches(ULONG how, std::wstring_view prop, std::wstring_view value, bool ignore_case) {
  if (how == DEVPROP_OPERATOR_EQUALS) return same_text(prop, value, ignore_case);
  if (value.size() > prop.size()) return false;
  auto window = [&](std::size_t at) {
    return same_text(prop.substr(at, value.size()), value, ignore_case);
  };
  if (how == DEVPROP_OPERATOR_BEGINS_WITH) return window(0);
  if (how == DEVPROP_OPERATOR_ENDS_WITH) return window(prop.size() - value.size());
  for (std::size_t at = 0; at + value.size() <= prop.size(); ++at)
    if (window(at)) return true;
  return false;  // CONTAINS
}

// A number as the widest type of its kind, for ordering.
struct Number {
  enum class Kind { none, signed_int, unsigned_int, real } kind = Kind::none;
  std::int64_t s = 0;
  std::uint64_t u = 0;
  double d = 0;
};

template <typename T>
T read(const std::byte* data) noexcept {
  T v;
  std::memcpy(&v, data, sizeof v);
  return v;
}

Number number_of(DEVPROPTYPE type, const std::byte* data) noexcept {
  using K = Number::Kind;
  switch (type) {
    case DEVPROP_TYPE_SBYTE: return {K::signed_int, read<std::int8_t>(data), 0, 0};
    case DEVPROP_TYPE_INT16: return {K::signed_int, read<std::int16_t>(data), 0, 0};
    case DEVPROP_TYPE_INT32: return {K::signed_int, read<std::int32_t>(data), 0, 0};
    case DEVPROP_TYPE_INT64: return {K::signed_int, read<std::int64_t>(data), 0, 0};
    case DEVPROP_TYPE_BYTE: return {K::unsigned_int, 0, read<std::uint8_t>(data), 0};
    case DEVPROP_TYPE_UINT16: return {K::unsigned_int, 0, read<std::uint16_t>(data), 0};
    case DEVPROP_TYPE_UINT32:
    case DEVPROP_TYPE_ERROR:
    case DEVPROP_TYPE_NTSTATUS:
    case DEVPROP_TYPE_DEVPROPTYPE: return {K::unsigned_int, 0, read<std::uint32_t>(data), 0};
    case DEVPROP_TYPE_UINT64:
    case DEVPROP_TYPE_FILETIME: return {K::unsigned_int, 0, read<std::uint64_t>(data), 0};
    case DEVPROP_TYPE_FLOAT: return {K::real, 0, 0, read<float>(data)};
    case DEVPROP_TYPE_DOUBLE:
    case DEVPROP_TYPE_DATE: return {K::real, 0, 0, read<double>(data)};
    default: return {};
  }
}

// -1, 0, 1; nullopt when the two cannot be ordered (not numbers, or NaN).
std::optional<int> order(const Number& a, const Number& b) noexcept {
  using K = Number::Kind;
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.kind == K::signed_int) return sign(a.s, b.s);
  if (a.kind == K::unsigned_int) return sign(a.u, b.u);
  if (a.kind == K::real && a.d == a.d && b.d == b.d) return sign(a.d, b.d);
  return std::nullopt;
}

bool ordered_as(ULONG how, int c) noexcept {
  switch (how) {
    case DEVPROP_OPERATOR_GREATER_THAN: return c > 0;
    case DEVPROP_OPERATOR_LESS_THAN: return c < 0;
    case DEVPROP_OPERATOR_GREATER_THAN_EQUALS: return c >= 0;
    default: return c <= 0;  // LESS_THAN_EQUALS
  }
}

// The comparison of one property with a filter value of the same type (no modifier NOT).
bool compare_same_type(ULONG how, const PropertyValue& prop, const DEVPROPERTY& value,
                       bool ignore_case) {
  const DEVPROPTYPE type = value.Type;
  const auto* v = static_cast<const std::byte*>(value.Buffer);
  const std::size_t vsize = value.BufferSize;
  const std::byte* p = prop.bytes.data();
  if (is_string_type(type)) {
    const std::wstring_view a = as_string(p, prop.bytes.size());
    const std::wstring_view b = as_string(v, vsize);
    if (how >= DEVPROP_OPERATOR_GREATER_THAN && how <= DEVPROP_OPERATOR_LESS_THAN_EQUALS)
      return ordered_as(how, compare_text(a, b, ignore_case));
    if (how == DEVPROP_OPERATOR_EQUALS || how >= DEVPROP_OPERATOR_BEGINS_WITH)
      return text_matches(how, a, b, ignore_case);
    return false;
  }
  if (how == DEVPROP_OPERATOR_EQUALS)
    return prop.bytes.size() == vsize && std::memcmp(p, v, vsize) == 0;
  if (fixed_size(type) == 0 || prop.bytes.size() != vsize) return false;
  const Number a = number_of(type, p);
  const Number b = number_of(type, v);
  if (how >= DEVPROP_OPERATOR_GREATER_THAN && how <= DEVPROP_OPERATOR_LESS_THAN_EQUALS) {
    const auto c = order(a, b);
    return c && ordered_as(how, *c);  // GUIDs, keys, booleans: never ordered
  }
  if (a.kind == Number::Kind::none || a.kind == Number::Kind::real) return false;
  const std::uint64_t x =
      a.kind == Number::Kind::signed_int ? static_cast<std::uint64_t>(a.s) : a.u;
  const std::uint64_t y =
      b.kind == Number::Kind::signed_int ? static_cast<std::uint64_t>(b.s) : b.u;
  if (how == DEVPROP_OPERATOR_BITWISE_AND) return (x & y) == y;
  if (how == DEVPROP_OPERATOR_BITWISE_OR) return (x & y) != 0;
  return false;
}

// LIST_*: the property is a string list; one of its elements passes the string comparison.
bool list_matches(ULONG list, const PropertyValue& prop, const DEVPROPERTY& value,
                  bool ignore_case) {
  if (prop.type != DEVPROP_TYPE_STRING_LIST || (value.Type & DEVPROP_MASK_TYPEMOD) != 0 ||
      !is_string_type(value.Type))
    return false;
  static constexpr ULONG kHow[] = {DEVPROP_OPERATOR_EQUALS, DEVPROP_OPERATOR_BEGINS_WITH,
                                   DEVPROP_OPERATOR_ENDS_WITH, DEVPROP_OPERATOR_CONTAINS};
  const ULONG how = kHow[(list >> 12) - 1];
  const std::wstring_view wanted = as_string(value.Buffer, value.BufferSize);
  const auto* s = reinterpret_cast<const wchar_t*>(prop.bytes.data());
  std::wstring_view rest(s, prop.bytes.size() / sizeof(wchar_t));
  while (!rest.empty() && rest.front() != L'\0') {
    const std::wstring_view element = rest.substr(0, rest.find(L'\0'));
    if (text_matches(how, element, wanted, ignore_case)) return true;
    rest.remove_prefix(std::min(rest.size(), element.size() + 1));
  }
  return false;
}

// ARRAY_CONTAINS: the property is an array of the value's type holding the value.
bool array_contains(const PropertyValue& prop, const DEVPROPERTY& value) {
  const std::size_t one = fixed_size(value.Type);
  if (prop.type != (value.Type | DEVPROP_TYPEMOD_ARRAY) || one == 0 || value.BufferSize != one)
    return false;
  for (std::size_t at = 0; at + one <= prop.bytes.size(); at += one)
    if (std::memcmp(prop.bytes.data() + at, value.Buffer, one) == 0) return true;
  return false;
}

bool comparison_holds(const DEVPROP_FILTER_EXPRESSION& e, const PropertyLookup& lookup) {
  const ULONG b = bits(e.Operator);
  const bool negate = (b & DEVPROP_OPERATOR_MODIFIER_NOT) != 0;
  const bool ignore_case = (b & DEVPROP_OPERATOR_MODIFIER_IGNORE_CASE) != 0;
  const ULONG how = b & DEVPROP_OPERATOR_MASK_EVAL;
  const ULONG list = b & DEVPROP_OPERATOR_MASK_LIST;
  const bool array = (b & 0xf0000000u) != 0;
  if (how == DEVPROP_OPERATOR_NONE && list == 0 && !array) return false;  // never true (Wine)
  // There is no user store on Linux: a user-store property never exists.
  const std::optional<PropertyValue> prop =
      enum_bits(e.Property.CompKey.Store) == DEVPROP_STORE_SYSTEM ? lookup(e.Property.CompKey.Key)
                                                                  : std::nullopt;
  bool holds = false;
  if (how == DEVPROP_OPERATOR_EXISTS) {
    holds = prop.has_value();
  } else if (e.Property.Type == DEVPROP_TYPE_EMPTY) {
    // EQUALS "nothing": the property does not exist (NOT_EQUALS: it does), as Windows answers.
    holds = how == DEVPROP_OPERATOR_EQUALS && !prop.has_value();
  } else if (!prop) {
    holds = false;
  } else if (array) {
    holds = array_contains(*prop, e.Property);
  } else if (list != 0) {
    holds = list_matches(list, *prop, e.Property, ignore_case);
  } else if (prop->type == e.Property.Type) {
    holds = compare_same_type(how, *prop, e.Property, ignore_case);
  }
  return negate ? !holds : holds;
}

// Evaluates from `i` to the end of the group (its CLOSE, consumed, or the end of the filter).
bool evaluate_group(std::span<const DEVPROP_FILTER_EXPRESSION> filter, std::size_t& i, Group group,
                    const PropertyLookup& lookup) {
  bool all = true;
  bool any = false;
  while (i < filter.size()) {
    const ULONG logical = logical_part(filter[i].Operator);
    bool result = false;
    if (logical != 0 && !is_open(logical)) {
      ++i;  // this group's CLOSE
      break;
    }
    if (logical != 0) {
      ++i;
      result = evaluate_group(filter, i, group_of(logical), lookup);
    } else {
      result = comparison_holds(filter[i], lookup);
      ++i;
    }
    all = all && result;
    any = any || result;
  }
  if (group == Group::any) return any;
  if (group == Group::none) return !all;
  return all;
}

}  // namespace

bool valid_filter(std::span<const DEVPROP_FILTER_EXPRESSION> filter) noexcept {
  // Each open bracket on the stack with whether it holds anything yet; the depth is bounded by
  // the filter's length, so the stack is a vector sized once.
  struct Open {
    ULONG close;
    bool used;
  };
  std::vector<Open> stack;
  try {
    stack.reserve(filter.size());
  } catch (...) {
    return false;
  }
  for (const DEVPROP_FILTER_EXPRESSION& e : filter) {
    const ULONG logical = logical_part(e.Operator);
    if (logical != 0) {
      if (bits(e.Operator) != logical) return false;  // a bracket carries nothing else
      if (is_open(logical)) {
        if (!stack.empty()) stack.back().used = true;
        stack.push_back({logical + 0x00100000u, false});
        continue;
      }
      if (stack.empty() || stack.back().close != logical || !stack.back().used) return false;
      stack.pop_back();
      continue;
    }
    if (!valid_comparison(e.Operator)) return false;
    if (reads_value(e) && !valid_value(e.Property)) return false;
    if (!stack.empty()) stack.back().used = true;
  }
  return stack.empty();
}

bool filter_matches(std::span<const DEVPROP_FILTER_EXPRESSION> filter,
                    const PropertyLookup& lookup) {
  std::size_t i = 0;
  bool all = true;
  // A stray CLOSE cannot occur in a valid filter; the loop guards the top level anyway.
  while (i < filter.size()) all = evaluate_group(filter, i, Group::all, lookup) && all;
  return all;
}

OwnedFilter::OwnedFilter(std::span<const DEVPROP_FILTER_EXPRESSION> filter)
    : expressions_(filter.begin(), filter.end()) {
  values_.reserve(filter.size());
  for (DEVPROP_FILTER_EXPRESSION& e : expressions_) {
    e.Property.CompKey.LocaleName = nullptr;  // locales are not kept (no localized values)
    if (!reads_value(e) || e.Property.Buffer == nullptr || e.Property.BufferSize == 0) {
      e.Property.Buffer = nullptr;  // the caller's buffer is not kept, and not read
      e.Property.BufferSize = 0;
      continue;
    }
    const auto* data = static_cast<const std::byte*>(e.Property.Buffer);
    values_.emplace_back(data, data + e.Property.BufferSize);
    e.Property.Buffer = values_.back().data();
  }
}

}  // namespace cmnotify::win32
