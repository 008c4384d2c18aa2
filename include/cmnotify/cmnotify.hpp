// cmnotify: device arrival and removal notifications, Windows Configuration Manager style,
// on Linux. The whole C++ API.
#pragma once

#include "cmnotify/device.hpp"
#include "cmnotify/device_properties.hpp"
#include "cmnotify/error.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/event_queue.hpp"
#include "cmnotify/filter.hpp"
#include "cmnotify/guid.hpp"
#include "cmnotify/interface_classes.hpp"
#include "cmnotify/source.hpp"
#include "cmnotify/subscription.hpp"
