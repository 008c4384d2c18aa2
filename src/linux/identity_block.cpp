// Disks, partitions and SCSI pieces (identifiers-for-scsi-devices,
// identifiers-generated-by-usbstor-sys, identities.md).
#include <array>

#include "cmnotify/interface_classes.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source::rules {
namespace {

std::string dec(std::uint32_t value) { return std::to_string(value); }

std::string dec4(std::uint32_t value) {
  auto s = std::to_string(value);
  return s.size() < 4 ? std::string(4 - s.size(), '0') + s : s;
}

// "H:C:T:L" of a scsi_device.
std::optional<std::array<std::uint32_t, 4>> scsi_address(std::string_view name) {
  std::array<std::uint32_t, 4> out{};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto colon = name.find(':');
    if ((i < 3) == (colon == std::string_view::npos)) return std::nullopt;
    const auto v = parse_dec(name.substr(0, colon));
    if (!v) return std::nullopt;
    out[i] = *v;
    name = colon == std::string_view::npos ? std::string_view{} : name.substr(colon + 1);
  }
  return out;
}

struct ScsiType {
  std::string_view name;     // the t* of the Windows IDs
  std::string_view generic;  // the generic type name
};

ScsiType scsi_type(std::uint32_t type) {
  switch (type) {
    case 0x00:
    case 0x0E: return {"Disk", "GenDisk"};
    case 0x01: return {"Sequential", "GenSequential"};
    case 0x04: return {"Worm", "GenWorm"};
    case 0x05: return {"CdRom", "GenCdRom"};
    case 0x07: return {"Optical", "GenOptical"};
    default: return {"Other", "GenOther"};
  }
}

void set_disk_defaults(Context& ctx) {
  ctx.dev.setup_class = setup_class::disk_drive;
  ctx.interfaces.push_back(interface_class::disk);
}

// SATA, SAS, virtio-scsi and USB storage disks: a block device whose parent is a scsi_device.
void identify_scsi_disk(Context& ctx, const Device& sdev) {
  auto& dev = ctx.dev;
  const auto& sysfs = ctx.sysfs();
  const auto type_code = parse_dec(sysfs.attribute(sdev.syspath, "type").value_or("0")).value_or(0);
  const auto type = scsi_type(type_code);
  const auto vendor = sysfs.attribute(sdev.syspath, "vendor").value_or("");
  const auto model = sysfs.attribute(sdev.syspath, "model").value_or("");
  const auto rev = sysfs.attribute(sdev.syspath, "rev").value_or("");
  const auto address =
      scsi_address(basename_of(sdev.syspath)).value_or(std::array<std::uint32_t, 4>{});
  // Fixed-width inquiry fields, '_'-padded, as the storage port drivers print them.
  const auto v8 = id_field(vendor, 8), p16 = id_field(model, 16), r4 = id_field(rev, 4);
  const std::string t(type.name), generic(type.generic);

  const auto usb = usb_device_ancestor(sysfs, sdev.syspath);
  const auto usb_dev = usb.empty() ? std::nullopt : ctx.identify(usb);
  if (usb_dev) {
    dev.instance_id = "USBSTOR\\" + t + "&Ven_" + id_field(trim(vendor)) + "&Prod_" +
                      id_field(trim(model)) + "&Rev_" + id_field(trim(rev)) + "\\" +
                      std::string(last_part(usb_dev->instance_id)) + "&" + dec(address[3]);
    dev.hardware_ids = {"USBSTOR\\" + t + v8 + p16 + r4,
                        "USBSTOR\\" + t + v8 + p16,
                        "USBSTOR\\" + t + v8,
                        "USBSTOR\\" + v8 + p16 + r4.substr(0, 1),
                        v8 + p16 + r4.substr(0, 1),
                        "USBSTOR\\" + generic,
                        generic};
    dev.compatible_ids = {"USBSTOR\\" + t, "USBSTOR\\RAW", generic};
  } else {
    // The host number follows probe order; the device the SCSI host hangs off (an ATA port, a
    // virtio or PCI function) does not.
    std::string_view host_parent = dirname_of(sdev.syspath);
    for (auto dir = host_parent; !dir.empty(); dir = dirname_of(dir)) {
      if (basename_of(dir).starts_with("host")) {
        host_parent = dirname_of(dir);
        break;
      }
    }
    const auto host_devpath = devpath_of(sysfs, host_parent);
    dev.instance_id = "SCSI\\" + t + v8 + p16 + r4 + "\\" + hash8(host_devpath) + "&" +
                      hex(address[1], 1) + "&" + hex(address[2], 1) + "&" + hex(address[3], 1);
    dev.hardware_ids = {
        "SCSI\\" + t + v8 + p16 + r4,          "SCSI\\" + t + v8 + p16,    "SCSI\\" + t + v8,
        "SCSI\\" + v8 + p16 + r4.substr(0, 1), v8 + p16 + r4.substr(0, 1), generic};
    dev.compatible_ids = {"SCSI\\" + t, "SCSI\\RAW"};
  }
  if (type_code == 0x05) {
    dev.setup_class = setup_class::cdrom;
    ctx.interfaces.push_back(interface_class::cdrom);
  } else {
    set_disk_defaults(ctx);
  }
  dev.description = std::string(trim(vendor));
  if (!trim(model).empty())
    dev.description += (dev.description.empty() ? "" : " ") + std::string(trim(model));
}

void identify_nvme_disk(Context& ctx, const Device& controller) {
  auto& dev = ctx.dev;
  const auto& sysfs = ctx.sysfs();
  const auto model = std::string(trim(sysfs.attribute(controller.syspath, "model").value_or("")));
  const auto serial = escape_part(sysfs.attribute(controller.syspath, "serial").value_or(""));
  const auto firmware =
      std::string(trim(sysfs.attribute(controller.syspath, "firmware_rev").value_or("")));
  auto nsid = parse_dec(ctx.attr("nsid").value_or(""));
  if (!nsid) {
    const auto name = ctx.name();
    const auto n = name.rfind('n');
    nsid = n == std::string_view::npos ? std::nullopt : parse_dec(name.substr(n + 1));
  }
  set_disk_defaults(ctx);
  if (model.empty()) return;
  const auto device_id = "NVME\\Disk&Prod_" + id_field(model);
  const auto owner = serial.empty() ? hash8(devpath_of(sysfs, controller.parent_syspath)) : serial;
  dev.instance_id = device_id + "\\" + owner + "&" + dec(nsid.value_or(1));
  dev.hardware_ids = {device_id + "&Rev_" + id_field(firmware), device_id, "GenDisk"};
  dev.compatible_ids = {"NVME\\Disk", "GenDisk"};
  dev.description = model;
}

void identify_virtio_disk(Context& ctx, const Device& virtio) {
  auto& dev = ctx.dev;
  const auto serial = escape_part(ctx.attr("serial").value_or(""));
  // Without a serial the disk is its transport: the PCI function or MMIO window it sits on.
  dev.instance_id =
      "VIRTIO\\DISK\\" +
      (serial.empty() ? escape_part(basename_of(virtio.parent_syspath)) + "&0" : serial);
  dev.hardware_ids = {"VIRTIO\\Disk", "GenDisk"};
  set_disk_defaults(ctx);
  dev.description = "Virtio block device";
}

void identify_sd_card(Context& ctx, const Device& card) {
  auto& dev = ctx.dev;
  const auto& sysfs = ctx.sysfs();
  set_disk_defaults(ctx);
  const auto serial = sysfs.attribute(card.syspath, "serial");
  const auto name = std::string(trim(sysfs.attribute(card.syspath, "name").value_or("")));
  if (!serial || name.empty()) return;
  const auto manfid = parse_hex(sysfs.attribute(card.syspath, "manfid").value_or("")).value_or(0);
  const auto oemid = parse_hex(sysfs.attribute(card.syspath, "oemid").value_or("")).value_or(0);
  const auto device_id =
      "SD\\VID_" + hex(manfid, 2) + "&OID_" + hex(oemid, 4) + "&PID_" + id_field(name);
  dev.instance_id = device_id + "\\" + escape_part(*serial);
  dev.hardware_ids = {device_id, "GenDisk"};
  dev.description = name;
}

// Software disks (loop, zram, ram, nbd, dm-, md): ROOT\<KIND>\<number>, as Windows numbers
// root-enumerated devices. The kernel's number is the only identity they have.
void identify_virtual_disk(Context& ctx) {
  auto& dev = ctx.dev;
  const auto name = ctx.name();
  auto digits = name.size();
  while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9') --digits;
  auto kind = name.substr(0, digits);
  while (!kind.empty() && (kind.back() == '-' || kind.back() == '_')) kind.remove_suffix(1);
  const auto number = parse_dec(name.substr(digits));
  if (kind.empty() || !number) {
    dev.instance_id = "ROOT\\BLOCK\\" + escape_part(name);
  } else {
    dev.instance_id = "ROOT\\" + escape_part(kind) + "\\" + dec4(*number);
    dev.hardware_ids = {"ROOT\\" + escape_part(kind), "GenDisk"};
  }
  set_disk_defaults(ctx);
}

void identify_disk(Context& ctx) {
  const auto name = ctx.name();
  if (name.starts_with("fd") && parse_dec(name.substr(2))) {
    ctx.dev.instance_id = "FDC\\GENERIC_FLOPPY_DRIVE\\" + std::string(name.substr(2));
    ctx.dev.hardware_ids = {"FDC\\GENERIC_FLOPPY_DRIVE", "GenSFloppy"};
    ctx.dev.setup_class = setup_class::floppy_disk;
    ctx.interfaces.push_back(interface_class::floppy);
    return;
  }
  if (ctx.devpath().starts_with("/devices/virtual/block/")) return identify_virtual_disk(ctx);
  const Device* parent = ctx.parent();
  if (parent == nullptr) return set_disk_defaults(ctx);
  if (parent->subsystem == "scsi" && parent->devtype == "scsi_device")
    return identify_scsi_disk(ctx, *parent);
  if (parent->subsystem == "nvme" || parent->subsystem == "nvme-subsystem")
    return identify_nvme_disk(ctx, *parent);
  if (parent->subsystem == "virtio") return identify_virtio_disk(ctx, *parent);
  if (parent->subsystem == "mmc") return identify_sd_card(ctx, *parent);
  set_disk_defaults(ctx);
}

// A partition is its disk plus its number: STORAGE\VOLUME\<disk ID, '\' as '#'>#<number>.
void identify_partition(Context& ctx) {
  auto& dev = ctx.dev;
  dev.setup_class = setup_class::volume;
  ctx.interfaces.push_back(interface_class::partition);
  ctx.interfaces.push_back(interface_class::volume);
  auto number = parse_dec(ctx.prop("PARTN"));
  if (!number) number = parse_dec(ctx.attr("partition").value_or(""));
  const auto& disk_id = ctx.parent_id();
  if (!number || disk_id.empty()) return;
  std::string disk(disk_id);
  for (char& c : disk)
    if (c == '\\') c = '#';
  dev.instance_id = "STORAGE\\VOLUME\\" + disk + "#" + dec(*number);
  dev.hardware_ids = {"STORAGE\\Volume"};
  const auto label = ctx.prop("PARTNAME");
  if (!trim(label).empty()) dev.description = trim(label);
}

}  // namespace

void identify_block(Context& ctx) {
  if (ctx.dev.devtype == "partition") return identify_partition(ctx);
  if (ctx.dev.devtype == "disk") return identify_disk(ctx);
}

void identify_scsi(Context& ctx) {
  // A SCSI host is what Windows calls a storage adapter.
  if (ctx.dev.devtype == "scsi_host") ctx.interfaces.push_back(interface_class::storage_port);
}

void identify_scsi_tape(Context& ctx) {
  const auto name = ctx.name();
  if (!name.starts_with("st") || !parse_dec(name.substr(2))) return;  // not nst0, st0a, ...
  ctx.dev.setup_class = setup_class::tape_drive;
  ctx.interfaces.push_back(interface_class::tape);
}

}  // namespace cmnotify::linux_source::rules
