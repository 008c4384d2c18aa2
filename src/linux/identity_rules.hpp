// Internals of identity.cpp: the text rules every device kind shares and one rule per device
// kind (identity_<kind>.cpp). The mapping itself is documented in docs/identities.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/guid.hpp"
#include "linux/sysfs.hpp"
#include "linux/sysfs_path.hpp"

namespace cmnotify::linux_source::rules {

// ---- Text ------------------------------------------------------------------------------------

// One part of an instance ID from free text (a serial number, a name): surrounding white space
// trimmed, ASCII upper-cased, and every character Windows forbids (<= 0x20, >= 0x7F, ',') or that
// the ID grammar reserves ('\' separates parts, '#' stands for '\' in symbolic links, '/' and '&'
// separate location fields) replaced by '_'.
[[nodiscard]] std::string escape_part(std::string_view raw);
// Whether escape_part(raw) loses information beyond the case of lower-case letters.
[[nodiscard]] bool escape_is_lossy(std::string_view raw) noexcept;
// `raw` with spaces and commas replaced by '_' (hardware IDs keep their case), cut or padded
// with '_' to `width` characters when `width` is not 0.
[[nodiscard]] std::string id_field(std::string_view raw, std::size_t width = 0);

// First 4 (8) bytes of SHA-1 of `text`, as 8 (16) upper-case hex digits.
[[nodiscard]] std::string hash8(std::string_view text);
[[nodiscard]] std::string hash16(std::string_view text);

[[nodiscard]] std::string hex(std::uint32_t value, int digits);  // upper-case, zero-padded
[[nodiscard]] std::optional<std::uint32_t> parse_hex(std::string_view text) noexcept;  // "0x" ok
[[nodiscard]] std::optional<std::uint32_t> parse_dec(std::string_view text) noexcept;
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;
[[nodiscard]] std::string_view unquote(std::string_view text) noexcept;  // input's NAME="..."
using linux_source::basename_of;
using linux_source::dirname_of;
[[nodiscard]] std::string_view last_part(std::string_view instance_id) noexcept;  // after '\'

// A devpath below /devices/ as a location field: "pci0000:00/0000:00:14.0" ->
// "PCI0000:00&0000:00:14.0".
[[nodiscard]] std::string devpath_location(std::string_view devpath);

// An ID for a device that is a function of its parent: ENUMERATOR\<parent enumerator>\<rest of
// the parent ID with '\' as '#'>[#SUFFIX]. Unique because the parent ID is.
[[nodiscard]] std::string derived_id(std::string_view enumerator, std::string_view parent_id,
                                     std::string_view suffix);

// Upper-cases `id` and keeps it under 200 characters: a too long ID keeps a readable prefix and
// ends in '&' + hash16 of the whole original.
[[nodiscard]] std::string finish_instance_id(std::string_view id);

// ---- HID report descriptors (identity_hid.cpp) -------------------------------------------------

struct HidUsage {
  std::uint16_t page = 0;
  std::uint16_t usage = 0;
  friend bool operator==(const HidUsage&, const HidUsage&) = default;
};
// The usage page and usage of every top-level collection, in order (at most 64). Never reads
// outside `descriptor`; a malformed descriptor yields the collections seen before the fault.
[[nodiscard]] std::vector<HidUsage> hid_top_level_usages(std::span<const std::uint8_t> descriptor);
[[nodiscard]] bool is_keyboard_usage(HidUsage u) noexcept;
[[nodiscard]] bool is_mouse_usage(HidUsage u) noexcept;

// Input capability bitmaps as the kernel prints them ("120013", "3 0 0 ffff0000 0"): space
// separated words, most significant first.
[[nodiscard]] bool bitmap_test(std::string_view bitmap, unsigned bit) noexcept;

// ---- One device being identified --------------------------------------------------------------

class Context {
 public:
  Context(Device& device, const Device* parent, const Sysfs& sysfs, int depth)
      : dev(device), parent_(parent), sysfs_(sysfs), depth_(depth) {}

  Device& dev;
  std::vector<Guid> interfaces;  // interface classes, in order; the subsystem's is added later
  // The rule made the description up from numbers ("Ethernet controller 1AF4:1041"): the hardware
  // database's model name, where it has one, is better.
  bool generated_description = false;

  [[nodiscard]] const Sysfs& sysfs() const noexcept { return sysfs_; }
  [[nodiscard]] std::string_view name() const noexcept { return basename_of(dev.syspath); }
  // The device's devpath (syspath without the root), "/devices/...".
  [[nodiscard]] std::string_view devpath() const noexcept;
  [[nodiscard]] std::string prop(std::string_view key) const;  // "" when absent
  [[nodiscard]] std::optional<std::string> attr(std::string_view name) const {
    return sysfs_.attribute(dev.syspath, name);
  }

  // The parent device (as passed in, else read from sysfs), or nullptr at the top.
  [[nodiscard]] const Device* parent();
  // The parent's instance ID, identifying it from sysfs when it was not passed in; "" at the top.
  [[nodiscard]] const std::string& parent_id();

  // A device read from sysfs and identified (without its own parent_instance_id), for rules that
  // derive an ID from an ancestor other than the parent. nullopt if it vanished.
  [[nodiscard]] std::optional<Device> identify(std::string_view syspath) const;

 private:
  const Device* parent_;
  const Sysfs& sysfs_;
  int depth_;
  std::optional<Device> read_parent_;
  std::optional<std::string> parent_id_;
};

// Identifies `dev` (all Windows fields except parent_instance_id; the parent's ID goes to
// `parent_id` when that is not null). `depth` bounds the recursion through ancestors.
void identify_device(Device& dev, const Device* parent, const Sysfs& sysfs, int depth,
                     std::string* parent_id);

// Names of the entries of a directory (empty when it cannot be read); counted as a read of
// `sysfs` (Sysfs::reads).
[[nodiscard]] std::vector<std::string> directory_names(const Sysfs& sysfs, const std::string& dir);
// `syspath` without the sysfs root: "/devices/...".
[[nodiscard]] std::string_view devpath_of(const Sysfs& sysfs, std::string_view syspath) noexcept;

// The generic form, <SUBSYSTEM>\<NAME>\<directory location>, for devices no rule knows.
[[nodiscard]] std::string generic_instance_id(const Device& dev, std::string_view root);

// ---- Rules: each fills dev.instance_id (and the other Windows fields) and ctx.interfaces --------

void identify_usb(Context& ctx);
void identify_hid(Context& ctx);
void identify_input(Context& ctx);
void identify_pci(Context& ctx);
void identify_virtio(Context& ctx);
void identify_block(Context& ctx);
void identify_scsi(Context& ctx);
void identify_scsi_tape(Context& ctx);
void identify_net(Context& ctx);
void identify_tty(Context& ctx);
void identify_sound(Context& ctx);
void identify_video(Context& ctx);
void identify_drm(Context& ctx);
void identify_power_supply(Context& ctx);
void identify_bluetooth(Context& ctx);

// Shared by rules: the instance part of a USB device (its serial, else its port location), and
// whether a USB device is composite (Windows gives each interface its own node).
[[nodiscard]] std::string usb_instance_part(const Sysfs& sysfs, const Device& usb_device);
[[nodiscard]] bool usb_is_composite(const Sysfs& sysfs, const Device& usb_device);
[[nodiscard]] std::optional<std::uint32_t> usb_revision(const Sysfs& sysfs,
                                                        const Device& usb_device);
// The nearest ancestor of `syspath` that is a USB device (not an interface), or "".
[[nodiscard]] std::string usb_device_ancestor(const Sysfs& sysfs, std::string_view syspath);

}  // namespace cmnotify::linux_source::rules
