// USB devices, root hubs and interfaces (standard-usb-identifiers, identities.md).
#include <array>

#include "cmnotify/interface_classes.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source::rules {
namespace {

struct UsbIds {
  std::uint32_t vid = 0, pid = 0, rev = 0;
};

struct UsbClass {
  std::uint32_t cls = 0, sub = 0, proto = 0;
};

// "a/b/c" with three numbers in `base`.
std::optional<std::array<std::uint32_t, 3>> split3(std::string_view text, bool hex_digits) {
  std::array<std::uint32_t, 3> out{};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto slash = text.find('/');
    if ((i < 2) == (slash == std::string_view::npos)) return std::nullopt;
    const auto field = text.substr(0, slash);
    const auto value = hex_digits ? parse_hex(field) : parse_dec(field);
    if (!value) return std::nullopt;
    out[i] = *value;
    text = slash == std::string_view::npos ? std::string_view{} : text.substr(slash + 1);
  }
  return out;
}

// The uevent carries PRODUCT=vid/pid/bcd and TYPE=class/sub/proto; the attributes are the same
// values and serve trees (tests, older kernels) whose uevent lacks them.
std::optional<UsbIds> usb_ids(const Sysfs& sysfs, const Device& d) {
  if (const auto* p = d.property("PRODUCT"))
    if (auto v = split3(*p, true)) return UsbIds{(*v)[0], (*v)[1], (*v)[2]};
  const auto vid = sysfs.attribute(d.syspath, "idVendor");
  const auto pid = sysfs.attribute(d.syspath, "idProduct");
  if (!vid || !pid || !parse_hex(*vid) || !parse_hex(*pid)) return std::nullopt;
  const auto rev = sysfs.attribute(d.syspath, "bcdDevice");
  return UsbIds{*parse_hex(*vid), *parse_hex(*pid), rev ? parse_hex(*rev).value_or(0) : 0};
}

UsbClass class_from(const Sysfs& sysfs, const Device& d, const char* property, const char* prefix) {
  if (const auto* p = d.property(property))
    if (auto v = split3(*p, false)) return {(*v)[0], (*v)[1], (*v)[2]};
  const std::string base(prefix);
  auto read = [&](const char* field) {
    const auto value = sysfs.attribute(d.syspath, base + field);
    return value ? parse_hex(*value).value_or(0) : 0;
  };
  return {read("Class"), read("SubClass"), read("Protocol")};
}

UsbClass device_class(const Sysfs& sysfs, const Device& d) {
  return class_from(sysfs, d, "TYPE", "bDevice");
}

UsbClass interface_class(const Sysfs& sysfs, const Device& d) {
  return class_from(sysfs, d, "INTERFACE", "bInterface");
}

// bInterfaceNumber, else the number the kernel puts in the name ("1-2:1.3" -> 3).
std::uint32_t interface_number(const Sysfs& sysfs, const Device& d) {
  if (const auto v = sysfs.attribute(d.syspath, "bInterfaceNumber"))
    if (const auto n = parse_hex(*v)) return *n;
  const auto name = basename_of(d.syspath);
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos ? 0 : parse_dec(name.substr(dot + 1)).value_or(0);
}

bool is_root_hub_name(std::string_view name) noexcept {
  if (!name.starts_with("usb") || name.size() == 3) return false;
  return parse_dec(name.substr(3)).has_value();
}

// Root hubs are usbN; their product ID says which USB generation they serve (1.1, 2.0, 3.x).
std::string root_hub_suffix(std::uint32_t pid) {
  switch (pid) {
    case 1: return "";
    case 2: return "20";
    case 3: return "30";
    default: return "_" + hex(pid, 4);
  }
}

std::string class_ids(std::string_view prefix, const UsbClass& c, int parts) {
  std::string id(prefix);
  id += hex(c.cls, 2);
  if (parts > 1) id += "&SubClass_" + hex(c.sub, 2);
  if (parts > 2) id += "&Prot_" + hex(c.proto, 2);
  return id;
}

std::vector<std::string> class_compatible_ids(std::string_view prefix, const UsbClass& c) {
  return {class_ids(prefix, c, 3), class_ids(prefix, c, 2), class_ids(prefix, c, 1)};
}

// The setup class Windows would install a function of this USB class under.
Guid setup_class_of(const UsbClass& c) {
  switch (c.cls) {
    case 0x01: return setup_class::media;
    case 0x02: return c.sub == 0x02 ? setup_class::ports : setup_class::net;  // ACM vs ECM/NCM
    case 0x03: return setup_class::hid;
    case 0x06: return setup_class::image;
    case 0x0B: return setup_class::smartcard_reader;
    case 0x0E: return setup_class::camera;
    case 0xE0: return c.sub == 0x01 && c.proto == 0x01 ? setup_class::bluetooth : setup_class::usb;
    default: return setup_class::usb;
  }
}

void interface_classes_of(const UsbClass& c, std::vector<Guid>& out) {
  if (c.cls == 0x06) out.push_back(interface_class::image);
  if (c.cls == 0x0B) out.push_back(interface_class::smartcard_reader);
}

std::string product_name(const Sysfs& sysfs, const Device& d) {
  for (const char* attr : {"product", "manufacturer"})
    if (auto v = sysfs.attribute(d.syspath, attr); v && !trim(*v).empty())
      return std::string(trim(*v));
  return {};
}

// The strings the device reports (iProduct, iManufacturer); the hardware database's vendor name,
// added later, takes precedence over the reported manufacturer.
void add_reported_names(Context& ctx) {
  if (auto product = ctx.attr("product")) ctx.dev.bus_reported_description = trim(*product);
  if (auto maker = ctx.attr("manufacturer")) ctx.dev.manufacturer = trim(*maker);
}

void identify_root_hub(Context& ctx, const UsbIds& ids) {
  auto& dev = ctx.dev;
  const std::string device_id = "USB\\ROOT_HUB" + root_hub_suffix(ids.pid);
  dev.instance_id = device_id + "\\" + usb_instance_part(ctx.sysfs(), dev);
  // Windows names root hubs after the host controller's PCI IDs.
  std::uint32_t vid = ids.vid, pid = ids.pid, rev = ids.rev;
  if (const Device* hc = ctx.parent(); hc != nullptr && hc->subsystem == "pci") {
    if (const auto* pci_id = hc->property("PCI_ID"); pci_id && pci_id->size() == 9) {
      vid = parse_hex(pci_id->substr(0, 4)).value_or(vid);
      pid = parse_hex(pci_id->substr(5, 4)).value_or(pid);
      const auto revision = ctx.sysfs().attribute(hc->syspath, "revision");
      rev = revision ? parse_hex(*revision).value_or(0) : 0;
    }
  }
  const auto with_ids = device_id + "&VID" + hex(vid, 4) + "&PID" + hex(pid, 4);
  dev.hardware_ids = {with_ids + "&REV" + hex(rev, 4), with_ids, device_id};
  dev.setup_class = setup_class::usb;
  ctx.interfaces.push_back(interface_class::usb_hub);
  dev.description = product_name(ctx.sysfs(), dev);
  add_reported_names(ctx);
}

void identify_usb_device(Context& ctx) {
  auto& dev = ctx.dev;
  const auto ids = usb_ids(ctx.sysfs(), dev);
  if (!ids) return;
  if (is_root_hub_name(ctx.name())) return identify_root_hub(ctx, *ids);

  const auto base = "USB\\VID_" + hex(ids->vid, 4) + "&PID_" + hex(ids->pid, 4);
  dev.instance_id = base + "\\" + usb_instance_part(ctx.sysfs(), dev);
  dev.hardware_ids = {base + "&REV_" + hex(ids->rev, 4), base};
  const auto cls = device_class(ctx.sysfs(), dev);
  if (usb_is_composite(ctx.sysfs(), dev)) {
    dev.compatible_ids = class_compatible_ids("USB\\DevClass_", cls);
    dev.compatible_ids.emplace_back("USB\\COMPOSITE");
    dev.setup_class = setup_class::usb;
  } else {
    // A single-function device is driven as a whole; with class 00 in the device descriptor its
    // function is described by its one interface, as Windows' hub driver does.
    auto effective = cls;
    if (cls.cls == 0) {
      const auto config = ctx.attr("bConfigurationValue");
      const auto intf = ctx.sysfs().read_device(dev.syspath + "/" + std::string(ctx.name()) + ":" +
                                                std::string(trim(config.value_or("1"))) + ".0");
      if (intf) effective = interface_class(ctx.sysfs(), *intf);
    }
    dev.compatible_ids = class_compatible_ids("USB\\Class_", effective);
    dev.setup_class = setup_class_of(effective);
    interface_classes_of(effective, ctx.interfaces);
  }
  ctx.interfaces.insert(ctx.interfaces.begin(),
                        cls.cls == 0x09 ? interface_class::usb_hub : interface_class::usb_device);
  dev.description = product_name(ctx.sysfs(), dev);
  add_reported_names(ctx);
}

void identify_usb_interface(Context& ctx) {
  auto& dev = ctx.dev;
  const Device* usb_dev = ctx.parent();
  if (usb_dev == nullptr || usb_dev->subsystem != "usb") return;
  const auto ids = usb_ids(ctx.sysfs(), *usb_dev);
  const auto& parent_id = ctx.parent_id();
  if (!ids || parent_id.empty()) return;
  const auto number = interface_number(ctx.sysfs(), dev);
  const auto base = "USB\\VID_" + hex(ids->vid, 4) + "&PID_" + hex(ids->pid, 4);
  const auto mi = "&MI_" + hex(number, 2);
  dev.instance_id = base + mi + "\\" + std::string(last_part(parent_id)) + "&" + hex(number, 2);
  dev.hardware_ids = {base + "&REV_" + hex(ids->rev, 4) + mi, base + mi};
  const auto cls = interface_class(ctx.sysfs(), dev);
  dev.compatible_ids = class_compatible_ids("USB\\Class_", cls);
  dev.setup_class = setup_class_of(cls);
  interface_classes_of(cls, ctx.interfaces);
  if (auto name = ctx.attr("interface"); name && !trim(*name).empty())
    dev.description = trim(*name);
  else
    dev.description = product_name(ctx.sysfs(), *usb_dev);
}

}  // namespace

std::string usb_instance_part(const Sysfs& sysfs, const Device& usb_device) {
  const std::string_view path = usb_device.syspath;
  const auto name = basename_of(path);
  if (is_root_hub_name(name)) return escape_part(basename_of(dirname_of(path)));
  if (const auto serial = sysfs.attribute(path, "serial")) {
    auto part = escape_part(*serial);
    if (!part.empty()) return part;
  }
  // No serial: the port. Bus numbers (usbN) follow probe order, so the location names the host
  // controller, the root hub's USB generation and the port path below it instead.
  for (auto dir = dirname_of(path); !dir.empty(); dir = dirname_of(dir)) {
    if (!is_root_hub_name(basename_of(dir))) continue;
    const auto pid = sysfs.attribute(dir, "idProduct");
    const auto generation = pid ? parse_hex(*pid).value_or(0) : 0;
    const std::string tag = generation == 1   ? "11"
                            : generation == 2 ? "20"
                            : generation == 3 ? "30"
                                              : hex(generation, 4);
    auto port_path = sysfs.attribute(path, "devpath");
    if (!port_path) {
      const auto dash = name.find('-');
      port_path = std::string(dash == std::string_view::npos ? name : name.substr(dash + 1));
    }
    return escape_part(basename_of(dirname_of(dir))) + "&" + tag + "&" + escape_part(*port_path);
  }
  return escape_part(name) + "&0";
}

std::optional<std::uint32_t> usb_revision(const Sysfs& sysfs, const Device& usb_device) {
  if (const auto ids = usb_ids(sysfs, usb_device)) return ids->rev;
  return std::nullopt;
}

bool usb_is_composite(const Sysfs& sysfs, const Device& usb_device) {
  const auto count = sysfs.attribute(usb_device.syspath, "bNumInterfaces");
  if (!count || parse_dec(*count).value_or(0) < 2) return false;
  const auto c = device_class(sysfs, usb_device);
  return c.cls == 0 || (c.cls == 0xEF && c.sub == 0x02 && c.proto == 0x01);
}

std::string usb_device_ancestor(const Sysfs& sysfs, std::string_view syspath) {
  const auto devices = sysfs.root() + "/devices";
  for (auto dir = dirname_of(syspath); dir.size() > devices.size(); dir = dirname_of(dir)) {
    if (sysfs.subsystem(dir) == "usb" && sysfs.attribute(dir, "idVendor")) return std::string(dir);
  }
  return {};
}

void identify_usb(Context& ctx) {
  const auto& devtype = ctx.dev.devtype;
  if (devtype == "usb_device") return identify_usb_device(ctx);
  if (devtype == "usb_interface") return identify_usb_interface(ctx);
}

}  // namespace cmnotify::linux_source::rules
