// Whether systemd-udevd runs, and which netlink group the user asked for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cmnotify/source.hpp"

namespace cmnotify::linux_source {

// The variable that overrides SourceConfig::group when it is `automatic`.
inline constexpr const char* kGroupVariable = "CMNOTIFY_NETLINK_GROUP";

// True when a process accepts connections on udevd's control socket (`control_path`, normally
// /run/udev/control). The socket file alone proves nothing: udevd leaves it behind when it exits
// or is killed, and connecting to such a file is refused. A stopped (SIGSTOP) udevd still
// answers here: the kernel completes the connection for it; the source notices that udevd
// stopped forwarding events instead (docs/guarantees.md, "udevd coming and going").
[[nodiscard]] bool udevd_answers(const std::string& control_path);

// The group `configured` asks for after the environment: `configured` itself unless it is
// `automatic`, then CMNOTIFY_NETLINK_GROUP (netlink_group_from_name) when set and not empty.
// nullopt, with `error` set to a message naming the valid values, when the variable holds anything
// else.
[[nodiscard]] std::optional<NetlinkGroup> requested_group(NetlinkGroup configured,
                                                          std::string& error);

}  // namespace cmnotify::linux_source
