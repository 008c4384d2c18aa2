// Class devices that Windows models as functions of a bus device: network interfaces, serial
// ports, sound cards, video nodes, DRM cards and connectors, batteries, Bluetooth radios.
#include "cmnotify/interface_classes.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source::rules {
namespace {

std::string dec(std::uint32_t value) { return std::to_string(value); }

bool is_virtual(const Context& ctx) {
  return ctx.dev.parent_syspath.empty() || ctx.devpath().starts_with("/devices/virtual/");
}

// The leading lower-case letters, dashes included ("v4l-subdev1" -> "v4l-subdev"), of a name
// that ends in a number.
std::string_view kind_of(std::string_view name) {
  auto end = name.size();
  while (end > 0 && name[end - 1] >= '0' && name[end - 1] <= '9') --end;
  return name.substr(0, end);
}

std::optional<std::uint32_t> trailing_number(std::string_view name) {
  return parse_dec(name.substr(kind_of(name).size()));
}

// ---- tty ---------------------------------------------------------------------------------------

struct SerialAnchor {
  std::string onboard_id;  // "PNP0501" for an on-board UART
  std::string syspath;     // the device the port belongs to
  std::uint32_t port = 0;  // which port of it
};

// Walks up from a tty through the serial core's and usb-serial's own devices to the hardware.
SerialAnchor serial_anchor(const Context& ctx) {
  const auto& sysfs = ctx.sysfs();
  SerialAnchor anchor;
  for (auto dir = ctx.dev.parent_syspath; !dir.empty(); dir = sysfs.parent_syspath(dir)) {
    const auto subsystem = sysfs.subsystem(dir);
    const auto name = basename_of(dir);
    if (subsystem == "usb-serial") {
      anchor.port = parse_dec(sysfs.attribute(dir, "port_number").value_or("0")).value_or(0);
      continue;
    }
    if (subsystem == "serial-base" || subsystem == "tty") {
      if (const auto dot = name.rfind('.'); dot != std::string_view::npos)
        anchor.port = parse_dec(name.substr(dot + 1)).value_or(anchor.port);
      continue;
    }
    if (subsystem == "pnp") {
      const auto id = std::string(trim(sysfs.attribute(dir, "id").value_or("")).substr(0, 7));
      if (id.starts_with("PNP05")) anchor.onboard_id = id;
    } else if (subsystem == "platform" && name.starts_with("serial8250")) {
      anchor.onboard_id = "PNP0501";
    }
    anchor.syspath = dir;
    break;
  }
  return anchor;
}

}  // namespace

void identify_net(Context& ctx) {
  auto& dev = ctx.dev;
  auto name = ctx.prop("INTERFACE");
  if (name.empty()) name = std::string(ctx.name());
  dev.setup_class = setup_class::net;
  ctx.interfaces.push_back(interface_class::net);
  dev.description = name;
  if (is_virtual(ctx)) {
    // Software devices carry their name; a name that escaping would fold onto another one
    // (upper-case letters, reserved characters) gets a hash of the exact name.
    auto part = escape_part(name);
    if (part.empty()) part = "_";
    if (escape_is_lossy(name)) part += "&" + hash8(name);
    dev.instance_id = "SWD\\NET\\" + part;
    return;
  }
  // A device on a bus is a function of that device: the name can change, the port cannot.
  const auto& parent_id = ctx.parent_id();
  if (parent_id.empty()) return;
  const auto port = parse_dec(ctx.attr("dev_port").value_or("0")).value_or(0);
  dev.instance_id = derived_id("NET", parent_id, dec(port));
}

void identify_tty(Context& ctx) {
  auto& dev = ctx.dev;
  if (is_virtual(ctx)) return;  // consoles, ptys: the fallback identity, no COM port
  // The 8250 driver registers ports it never found (nr_uarts) with type 0, PORT_UNKNOWN.
  if (const auto type = ctx.attr("type"); type && parse_dec(*type) == 0u) return;
  const auto anchor = serial_anchor(ctx);
  if (anchor.syspath.empty()) return;
  dev.setup_class = setup_class::ports;
  ctx.interfaces.push_back(interface_class::comport);
  const auto name = ctx.name();
  if (!anchor.onboard_id.empty()) {
    // Windows numbers ACPI devices by their _UID; without one, by COM number (ttyS0 = COM1).
    auto uid = ctx.sysfs().attribute(anchor.syspath, "firmware_node/uid");
    std::string instance = uid ? escape_part(*uid) : "";
    if (instance.empty()) instance = dec(trailing_number(name).value_or(0) + 1);
    dev.instance_id = "ACPI\\" + escape_part(anchor.onboard_id) + "\\" + instance;
    dev.hardware_ids = {"ACPI\\" + anchor.onboard_id, "*" + anchor.onboard_id};
    dev.description = "Communications Port (" + std::string(name) + ")";
    return;
  }
  std::string anchor_id;
  std::string anchor_name;
  if (anchor.syspath == dev.parent_syspath) {
    anchor_id = ctx.parent_id();
  } else if (auto other = ctx.identify(anchor.syspath)) {
    anchor_id = other->instance_id;
    anchor_name = other->description;
  }
  if (anchor_id.empty()) return;
  dev.instance_id = derived_id("SERIAL", anchor_id, dec(anchor.port));
  dev.description = (anchor_name.empty() ? std::string("Serial port") : anchor_name) + " (" +
                    std::string(name) + ")";
}

void identify_sound(Context& ctx) {
  auto& dev = ctx.dev;
  const auto name = ctx.name();
  if (name.starts_with("card") && parse_dec(name.substr(4))) {
    const auto& parent_id = ctx.parent_id();
    if (parent_id.empty()) return;
    dev.instance_id = derived_id("SOUND", parent_id, "");
    dev.setup_class = setup_class::media;
    ctx.interfaces.push_back(interface_class::ks_audio);
    if (auto id = ctx.attr("id"); id && !trim(*id).empty()) dev.description = trim(*id);
    return;
  }
  // pcmC0D3p, controlC0, hwC0D0, midiC1D0: a node of the card it sits under.
  const Device* card = ctx.parent();
  if (card == nullptr || card->subsystem != "sound" || ctx.parent_id().empty()) return;
  std::size_t letters = 0;
  while (letters < name.size() && name[letters] >= 'a' && name[letters] <= 'z') ++letters;
  auto rest = name.substr(letters);
  if (letters == 0 || !rest.starts_with("C")) return;
  rest.remove_prefix(1);
  while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
  dev.instance_id = "SOUND\\" + escape_part(name.substr(0, letters)) + "\\" +
                    hash8(ctx.parent_id()) + "&" +
                    (rest.empty() ? std::string("0") : escape_part(rest));
}

void identify_video(Context& ctx) {
  auto& dev = ctx.dev;
  const auto& parent_id = ctx.parent_id();
  if (parent_id.empty()) return;
  const auto name = ctx.name();
  const auto kind = kind_of(name);
  const auto index = parse_dec(ctx.attr("index").value_or("")).value_or(0);
  dev.instance_id = derived_id("VIDEO", parent_id, escape_part(kind) + dec(index));
  if (auto label = ctx.attr("name"); label && !trim(*label).empty()) dev.description = trim(*label);
  // Without opening the node (the capabilities are an ioctl away) the first video node of a
  // device is taken as its capture node: uvcvideo puts capture at index 0, metadata after it.
  const bool capture = kind == "video" && index == 0;
  bool camera = false;
  if (const Device* parent = ctx.parent();
      capture && parent != nullptr && parent->devtype == "usb_interface") {
    const auto* intf = parent->property("INTERFACE");
    const auto cls = ctx.sysfs().attribute(parent->syspath, "bInterfaceClass");
    camera = (intf != nullptr && intf->starts_with("14/")) || (cls && parse_hex(*cls) == 0x0Eu);
  }
  dev.setup_class = camera ? setup_class::camera : setup_class::media;
  if (camera) ctx.interfaces.push_back(interface_class::ks_video_camera);
  if (capture) ctx.interfaces.push_back(interface_class::ks_capture);
}

void identify_drm(Context& ctx) {
  auto& dev = ctx.dev;
  const auto name = ctx.name();
  const auto& parent_id = ctx.parent_id();
  if (parent_id.empty()) return;
  if (dev.devtype == "drm_connector") {
    const auto dash = name.find('-');
    const auto connector = dash == std::string_view::npos ? name : name.substr(dash + 1);
    dev.instance_id = parent_id + "#" + escape_part(connector);
    dev.setup_class = setup_class::monitor;
    dev.description = connector;
    // A connector node lives as long as the card; the monitor behind it comes and goes, and the
    // interface with it (re-read on the card's change events).
    if (ctx.attr("status").value_or("") == "connected")
      ctx.interfaces.push_back(interface_class::monitor);
    return;
  }
  std::string suffix;
  if (name.starts_with("card") && parse_dec(name.substr(4)))
    suffix = "CARD";
  else if (name.starts_with("renderD") && parse_dec(name.substr(7)))
    suffix = "RENDER";
  else if (name.starts_with("controlD") && parse_dec(name.substr(8)))
    suffix = "CONTROL";
  if (suffix.empty()) return;
  dev.instance_id = derived_id("DRM", parent_id, suffix);
  if (suffix != "CARD") return;
  dev.setup_class = setup_class::display;
  // A PCI display controller carries the adapter interface itself; other GPUs get it here.
  const Device* gpu = ctx.parent();
  const auto* pci_class =
      gpu != nullptr && gpu->subsystem == "pci" ? gpu->property("PCI_CLASS") : nullptr;
  const bool pci_display =
      pci_class != nullptr && (parse_hex(*pci_class).value_or(0) >> 16) == 0x03;
  if (!pci_display) ctx.interfaces.push_back(interface_class::display_adapter);
}

void identify_power_supply(Context& ctx) {
  auto& dev = ctx.dev;
  auto type = ctx.prop("POWER_SUPPLY_TYPE");
  if (type.empty()) type = ctx.attr("type").value_or("");
  if (type != "Battery") return;
  dev.setup_class = setup_class::battery;
  ctx.interfaces.push_back(interface_class::battery);
  const auto model = ctx.prop("POWER_SUPPLY_MODEL_NAME");
  if (!trim(model).empty()) dev.description = trim(model);
  const Device* parent = ctx.parent();
  if (parent == nullptr || is_virtual(ctx)) return;
  const auto parent_name = basename_of(parent->syspath);
  if (parent->subsystem == "acpi" && parent_name.starts_with("PNP0C0A:")) {
    auto uid = escape_part(ctx.sysfs().attribute(parent->syspath, "uid").value_or(""));
    if (uid.empty()) uid = dec(parse_hex(parent_name.substr(8)).value_or(0) + 1);
    dev.instance_id = "ACPI\\PNP0C0A\\" + uid;
    dev.hardware_ids = {"ACPI\\PNP0C0A", "*PNP0C0A"};
    return;
  }
  if (const auto& parent_id = ctx.parent_id(); !parent_id.empty())
    dev.instance_id = derived_id("BATTERY", parent_id, escape_part(ctx.name()));
}

void identify_bluetooth(Context& ctx) {
  auto& dev = ctx.dev;
  const auto name = ctx.name();
  if (!(dev.devtype == "host" || (name.starts_with("hci") && parse_dec(name.substr(3))))) return;
  dev.setup_class = setup_class::bluetooth;
  ctx.interfaces.push_back(interface_class::bluetooth_port);
  if (is_virtual(ctx)) return;
  if (const auto& parent_id = ctx.parent_id(); !parent_id.empty())
    dev.instance_id = derived_id("BLUETOOTH", parent_id, "");
}

}  // namespace cmnotify::linux_source::rules
