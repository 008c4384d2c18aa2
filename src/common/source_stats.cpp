#include "cmnotify/source.hpp"

namespace cmnotify {

std::string_view to_string(NetlinkGroup group) noexcept {
  switch (group) {
    case NetlinkGroup::automatic: return "auto";
    case NetlinkGroup::kernel: return "kernel";
    case NetlinkGroup::udev: return "udev";
  }
  return "unknown";
}

std::optional<NetlinkGroup> netlink_group_from_name(std::string_view name) noexcept {
  for (NetlinkGroup group : {NetlinkGroup::automatic, NetlinkGroup::kernel, NetlinkGroup::udev})
    if (name == to_string(group)) return group;
  return std::nullopt;
}

std::string_view to_string(UeventError error) noexcept {
  switch (error) {
    case UeventError::none: return "none";
    case UeventError::empty: return "empty";
    case UeventError::truncated_header: return "truncated_header";
    case UeventError::bad_udev_magic: return "bad_udev_magic";
    case UeventError::bad_udev_header_size: return "bad_udev_header_size";
    case UeventError::bad_udev_offsets: return "bad_udev_offsets";
    case UeventError::not_nul_terminated: return "not_nul_terminated";
    case UeventError::malformed_pair: return "malformed_pair";
    case UeventError::value_too_long: return "value_too_long";
    case UeventError::invalid_utf8: return "invalid_utf8";
    case UeventError::missing_action: return "missing_action";
    case UeventError::missing_devpath: return "missing_devpath";
    case UeventError::missing_subsystem: return "missing_subsystem";
    case UeventError::bad_seqnum: return "bad_seqnum";
    case UeventError::bad_devnum: return "bad_devnum";
    case UeventError::header_mismatch: return "header_mismatch";
    case UeventError::bad_devpath: return "bad_devpath";
    case UeventError::duplicate_key: return "duplicate_key";
  }
  return "unknown";
}

}  // namespace cmnotify
