// Why registering a filter failed, as the C++ API tells it: the one translation from a CR_ code
// to an Error, for subscribe() and EventQueue::add() alike.
#pragma once

#include <string_view>

#include "cmnotify/error.hpp"
#include "cmnotify/filter.hpp"

namespace cmnotify::api {

[[noreturn]] void throw_registration_error(Cr cr, const Filter& filter, std::string_view caller);

}  // namespace cmnotify::api
