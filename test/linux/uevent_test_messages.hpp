// Test support: builds uevent datagrams byte by byte, in both wire formats, including broken ones.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "linux/uevent.hpp"

namespace cmnotify::linux_source::testing {

// "KEY=VALUE" strings, each followed by the NUL that ends it on the wire.
inline std::string nul_join(std::initializer_list<std::string_view> pairs) {
  std::string out;
  for (const auto pair : pairs) {
    out.append(pair);
    out.push_back('\0');
  }
  return out;
}

// Kernel format: "ACTION@DEVPATH\0" (here any header) then the pairs.
inline std::string kernel_message(std::string_view header, std::string_view pairs) {
  std::string out(header);
  out.push_back('\0');
  out.append(pairs);
  return out;
}

inline std::string kernel_message(std::string_view header,
                                  std::initializer_list<std::string_view> pairs) {
  return kernel_message(header, nul_join(pairs));
}

// The udev header, every field overridable so tests can make it lie. Unset fields get what
// systemd writes: header_size 40, properties_off 40, properties_len = the properties' size.
struct UdevHeader {
  std::uint32_t magic = 0xfeedcafe;
  std::optional<std::uint32_t> header_size;
  std::optional<std::uint32_t> properties_off;
  std::optional<std::uint32_t> properties_len;
  std::uint32_t subsystem_hash = 0;
  std::uint32_t devtype_hash = 0;
  std::uint32_t tag_bloom_hi = 0;
  std::uint32_t tag_bloom_lo = 0;
  bool magic_in_host_order = false;  // a sender that forgot htobe32
  std::string gap;                   // bytes between the 40-byte header and the properties
};

inline void append_be32(std::string& out, std::uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(bytes, 4);
}

inline void append_host32(std::string& out, std::uint32_t v) {
  char bytes[4];
  std::memcpy(bytes, &v, 4);
  out.append(bytes, 4);
}

inline std::string udev_message(std::string_view properties, const UdevHeader& h = {}) {
  std::string out("libudev\0", 8);
  if (h.magic_in_host_order) {
    append_host32(out, h.magic);
  } else {
    append_be32(out, h.magic);
  }
  const auto header_bytes = static_cast<std::uint32_t>(40 + h.gap.size());
  append_host32(out, h.header_size.value_or(header_bytes));
  append_host32(out, h.properties_off.value_or(header_bytes));
  append_host32(out, h.properties_len.value_or(static_cast<std::uint32_t>(properties.size())));
  append_be32(out, h.subsystem_hash);
  append_be32(out, h.devtype_hash);
  append_be32(out, h.tag_bloom_hi);
  append_be32(out, h.tag_bloom_lo);
  out.append(h.gap);
  out.append(properties);
  return out;
}

inline UeventError parse(const std::string& message, Uevent& out) {
  return parse_uevent(std::span<const char>(message.data(), message.size()), out);
}

// Realistic messages, as the kernel and udevd send them.
inline std::string kernel_lo_change(std::string_view seqnum = "4213") {
  std::string seq("SEQNUM=");
  seq.append(seqnum);
  return kernel_message("change@/devices/virtual/net/lo",
                        {"ACTION=change", "DEVPATH=/devices/virtual/net/lo", "SUBSYSTEM=net",
                         "INTERFACE=lo", "IFINDEX=1", seq});
}

inline std::string udev_sda1_add() {
  return udev_message(nul_join({
      "ACTION=add",
      "DEVPATH=/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1",
      "SUBSYSTEM=block",
      "DEVNAME=/dev/sda1",
      "DEVTYPE=partition",
      "DISKSEQ=1",
      "PARTN=1",
      "SEQNUM=2950",
      "USEC_INITIALIZED=1234567",
      "MAJOR=8",
      "MINOR=1",
      "ID_FS_TYPE=ext4",
      "ID_FS_UUID=3e6be9de-8139-4b2b-9a8e-2a1b9c1d3c4e",
      "ID_PART_ENTRY_NAME=Linux\\x20filesystem",
      "DEVLINKS=/dev/disk/by-uuid/3e6be9de-8139-4b2b-9a8e-2a1b9c1d3c4e "
      "/dev/disk/by-path/pci-0000:00:1f.2-ata-1-part1",
      "TAGS=:systemd:",
      "CURRENT_TAGS=:systemd:",
  }));
}

}  // namespace cmnotify::linux_source::testing
