// PCI devices (identifiers-for-pci-devices) and the virtio devices on their functions.
#include "cmnotify/interface_classes.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source::rules {
namespace {

// "VVVV:DDDD" as two numbers.
std::optional<std::pair<std::uint32_t, std::uint32_t>> id_pair(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto a = parse_hex(text.substr(0, colon));
  const auto b = parse_hex(text.substr(colon + 1));
  if (!a || !b) return std::nullopt;
  return std::pair{*a, *b};
}

// PCI_SLOT_NAME "DDDD:BB:dd.f" as Windows-shaped location "3&DDDDBB&0&XX" (XX = dev << 3 | fn):
// fixed by the slot, so stable across reboots while the card stays in it.
std::string slot_location(std::string_view slot) {
  const auto c1 = slot.find(':');
  const auto c2 = slot.find(':', c1 == std::string_view::npos ? 0 : c1 + 1);
  const auto dot = slot.rfind('.');
  if (c1 == std::string_view::npos || c2 == std::string_view::npos ||
      dot == std::string_view::npos || dot < c2)
    return "3&" + escape_part(slot);
  const auto domain = parse_hex(slot.substr(0, c1));
  const auto bus = parse_hex(slot.substr(c1 + 1, c2 - c1 - 1));
  const auto device = parse_hex(slot.substr(c2 + 1, dot - c2 - 1));
  const auto function = parse_hex(slot.substr(dot + 1));
  if (!domain || !bus || !device || !function) return "3&" + escape_part(slot);
  return "3&" + hex(*domain, 4) + hex(*bus, 2) + "&0&" + hex((*device << 3) | (*function & 7), 2);
}

struct ClassName {
  std::uint32_t code;  // class << 8 | subclass, or class << 8 | 0xFF for the whole class
  std::string_view name;
};
// clang-format off
constexpr ClassName kClassNames[] = {
    {0x0101, "IDE controller"},          {0x0106, "SATA controller"},
    {0x0108, "NVM Express controller"},  {0x01FF, "Mass storage controller"},
    {0x0200, "Ethernet controller"},     {0x02FF, "Network controller"},
    {0x0300, "VGA compatible controller"}, {0x03FF, "Display controller"},
    {0x0403, "High Definition Audio controller"}, {0x04FF, "Multimedia controller"},
    {0x05FF, "Memory controller"},       {0x0600, "Host bridge"},
    {0x0601, "ISA bridge"},              {0x0604, "PCI bridge"},
    {0x06FF, "Bridge"},                  {0x0780, "Communication controller"},
    {0x07FF, "Communication controller"}, {0x08FF, "System peripheral"},
    {0x0C03, "USB controller"},          {0x0C05, "SMBus controller"},
    {0x0CFF, "Serial bus controller"},   {0x0DFF, "Wireless controller"},
};
// clang-format on

std::string_view class_name(std::uint32_t cls, std::uint32_t sub) {
  for (const auto& c : kClassNames)
    if (c.code == ((cls << 8) | sub)) return c.name;
  for (const auto& c : kClassNames)
    if (c.code == ((cls << 8) | 0xFF)) return c.name;
  return "PCI device";
}

Guid setup_class_of(std::uint32_t cls, std::uint32_t sub) {
  switch (cls) {
    case 0x02: return setup_class::net;
    case 0x03: return setup_class::display;
    case 0x04: return setup_class::media;
    case 0x05:
    case 0x06:
    case 0x08: return setup_class::system;
    case 0x0C: return sub == 0x03 ? setup_class::usb : Guid{};
    default: return Guid{};
  }
}

}  // namespace

void identify_pci(Context& ctx) {
  auto& dev = ctx.dev;
  const auto ids = id_pair(ctx.prop("PCI_ID"));
  if (!ids) return;
  const auto subsys = id_pair(ctx.prop("PCI_SUBSYS_ID")).value_or(std::pair{0u, 0u});
  auto class_code = parse_hex(ctx.prop("PCI_CLASS"));
  if (!class_code)
    if (const auto attr = ctx.attr("class")) class_code = parse_hex(*attr);
  const auto revision = parse_hex(ctx.attr("revision").value_or("")).value_or(0);
  const auto cls = (class_code.value_or(0) >> 16) & 0xFF;
  const auto sub = (class_code.value_or(0) >> 8) & 0xFF;
  const auto prog_if = class_code.value_or(0) & 0xFF;

  const auto ven = "PCI\\VEN_" + hex(ids->first, 4);
  const auto base = ven + "&DEV_" + hex(ids->second, 4);
  // Windows puts the subsystem ID before the subsystem vendor.
  const auto with_subsys = base + "&SUBSYS_" + hex(subsys.second, 4) + hex(subsys.first, 4);
  const auto rev = "&REV_" + hex(revision, 2);
  const auto cc2 = "CC_" + hex(cls, 2) + hex(sub, 2);
  const auto cc3 = cc2 + hex(prog_if, 2);
  auto slot = ctx.prop("PCI_SLOT_NAME");
  if (slot.empty()) slot = std::string(ctx.name());

  dev.instance_id = with_subsys + rev + "\\" + slot_location(slot);
  dev.hardware_ids = {
      with_subsys + rev, with_subsys, base + rev, base, base + "&" + cc3, base + "&" + cc2,
  };
  dev.compatible_ids = {ven + "&" + cc3, ven + "&" + cc2, ven, "PCI\\" + cc3, "PCI\\" + cc2};
  dev.setup_class = setup_class_of(cls, sub);
  if (cls == 0x03) ctx.interfaces.push_back(interface_class::display_adapter);
  if (cls == 0x0C && sub == 0x03) ctx.interfaces.push_back(interface_class::usb_host_controller);
  dev.description =
      std::string(class_name(cls, sub)) + " " + hex(ids->first, 4) + ":" + hex(ids->second, 4);
  ctx.generated_description = true;
}

// A virtio device is the function of its transport (a PCI function, an MMIO window); its index
// (virtioN) follows probe order, so the ID names the transport instead.
void identify_virtio(Context& ctx) {
  auto& dev = ctx.dev;
  const auto modalias = ctx.prop("MODALIAS");  // virtio:d00000002v00001AF4
  const auto d = modalias.find(":d"), v = modalias.find('v', d == std::string::npos ? 0 : d);
  if (d == std::string::npos || v == std::string::npos) return;
  const auto device = parse_hex(std::string_view(modalias).substr(d + 2, v - d - 2));
  const auto vendor = parse_hex(std::string_view(modalias).substr(v + 1));
  if (!device || !vendor) return;
  const auto device_id = "VIRTIO\\DEV_" + hex(*device, 4) + "&VEN_" + hex(*vendor, 4);
  dev.instance_id = device_id + "\\" + devpath_location(dirname_of(ctx.devpath()));
  dev.hardware_ids = {device_id};
}

}  // namespace cmnotify::linux_source::rules
