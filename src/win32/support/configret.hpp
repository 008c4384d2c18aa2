// The C API's one translation of the engine's Cr into CONFIGRET, and its one catch-all: every
// entry point that returns a CONFIGRET runs its body inside guarded(), so no exception ever
// reaches C code.
#pragma once

#include <cfgmgr32.h>

#include <new>
#include <type_traits>

#include "cmnotify/error.hpp"

namespace cmnotify::win32 {

// The CR_ values are the Cr values (test: Win32Headers.EveryCrValueEqualsCmnotifyCr).
[[nodiscard]] constexpr CONFIGRET to_configret(Cr cr) noexcept {
  return static_cast<CONFIGRET>(cr);
}

// Runs `body` (returning a Cr or a CONFIGRET) and gives its code; std::bad_alloc becomes
// CR_OUT_OF_MEMORY and anything else thrown CR_FAILURE.
template <typename Body>
[[nodiscard]] CONFIGRET guarded(Body&& body) noexcept {
  try {
    if constexpr (std::is_same_v<std::invoke_result_t<Body&>, Cr>) {
      return to_configret(body());
    } else {
      return body();
    }
  } catch (const std::bad_alloc&) {
    return CR_OUT_OF_MEMORY;
  } catch (...) {
    return CR_FAILURE;
  }
}

}  // namespace cmnotify::win32
