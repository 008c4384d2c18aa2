// GUID (the C struct) <-> cmnotify::Guid: the same fields in the same order.
#pragma once

#include <guiddef.h>

#include <algorithm>

#include "cmnotify/guid.hpp"

namespace cmnotify::win32 {

inline Guid to_guid(const GUID& g) noexcept {
  Guid out;
  out.data1 = g.Data1;
  out.data2 = g.Data2;
  out.data3 = g.Data3;
  std::copy(std::begin(g.Data4), std::end(g.Data4), out.data4.begin());
  return out;
}

inline GUID to_win_guid(const Guid& g) noexcept {
  GUID out{};
  out.Data1 = g.data1;
  out.Data2 = g.data2;
  out.Data3 = g.data3;
  std::copy(g.data4.begin(), g.data4.end(), std::begin(out.Data4));
  return out;
}

}  // namespace cmnotify::win32
