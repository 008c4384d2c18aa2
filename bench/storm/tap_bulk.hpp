// Tap interfaces made and deleted in bulk, as a program does it (not `ip`, one process per
// interface): /dev/net/tun, TUNSETIFF makes an interface, TUNSETPERSIST keeps it once the
// descriptor is closed; deleting clears TUNSETPERSIST on a descriptor attached to it. Used for
// the machine with 3,000 extra devices (issue 14's flatness) and the real-tap storm.
#pragma once

#include <cstddef>
#include <string>

namespace storm {

// The name of the `index`th tap of a bulk (`prefix` + index; at most 15 characters).
[[nodiscard]] std::string tap_name(const std::string& prefix, std::size_t index);

// Makes taps prefix0 .. prefix<count-1>, persistent. Returns how many were made; stops at the
// first failure, with `error` set.
std::size_t create_taps(const std::string& prefix, std::size_t count, std::string& error);

// Deletes taps prefix0 .. prefix<count-1> (those that exist). Returns how many were deleted.
std::size_t delete_taps(const std::string& prefix, std::size_t count);

}  // namespace storm
