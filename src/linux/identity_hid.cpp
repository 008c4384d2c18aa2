// HID devices (hidclass-hardware-ids-for-top-level-collections), the report-descriptor parser
// they need, and input devices.
#include <array>

#include "cmnotify/interface_classes.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source::rules {
namespace {

constexpr unsigned kEvKey = 1, kEvRel = 2;
constexpr unsigned kRelX = 0, kRelY = 1;
constexpr unsigned kBtnLeft = 0x110;

// "a<sep>b<sep>..." as `count` hex numbers.
template <std::size_t N>
std::optional<std::array<std::uint32_t, N>> split_hex(std::string_view text, char sep) {
  std::array<std::uint32_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    const auto at = text.find(sep);
    if ((i + 1 < N) == (at == std::string_view::npos)) return std::nullopt;
    const auto value = parse_hex(text.substr(0, at));
    if (!value) return std::nullopt;
    out[i] = *value;
    text = at == std::string_view::npos ? std::string_view{} : text.substr(at + 1);
  }
  return out;
}

// How many siblings named `prefix` + <number> in the same directory have a smaller number: the
// position of a device among the ones its parent created, which follows probe order and so is
// the same every time the parent comes up.
std::uint32_t ordinal_among_siblings(const Sysfs& sysfs, std::string_view syspath,
                                     std::string_view prefix, int base) {
  const auto own = basename_of(syspath);
  auto number = [&](std::string_view name) -> std::optional<std::uint32_t> {
    if (!name.starts_with(prefix)) return std::nullopt;
    const auto digits = name.substr(prefix.size());
    return base == 16 ? parse_hex(digits) : parse_dec(digits);
  };
  const auto mine = number(own);
  if (!mine) return 0;
  std::uint32_t count = 0;
  for (const auto& name : directory_names(sysfs, std::string(dirname_of(syspath)))) {
    const auto n = number(name);
    if (n && *n < *mine) ++count;
  }
  return count;
}

std::vector<HidUsage> read_usages(Context& ctx) {
  const auto descriptor = ctx.attr("report_descriptor");
  if (!descriptor) return {};
  return hid_top_level_usages(
      std::span(reinterpret_cast<const std::uint8_t*>(descriptor->data()), descriptor->size()));
}

// The USB interface number of a HID device behind usbhid: bInterfaceNumber, else the "/inputN"
// HID_PHYS ends with.
std::uint32_t hid_interface_number(Context& ctx, const Device& interface) {
  if (const auto v = ctx.sysfs().attribute(interface.syspath, "bInterfaceNumber"))
    if (const auto n = parse_hex(*v)) return *n;
  const auto phys = ctx.prop("HID_PHYS");
  if (const auto at = phys.rfind("/input"); at != std::string::npos)
    if (const auto n = parse_dec(std::string_view(phys).substr(at + 6))) return *n;
  const auto name = basename_of(interface.syspath);
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos ? 0 : parse_dec(name.substr(dot + 1)).value_or(0);
}

void identify_input_device(Context& ctx) {
  auto& dev = ctx.dev;
  const auto product = split_hex<4>(ctx.prop("PRODUCT"), '/');
  if (!product) return;
  const auto& [bus, vid, pid, version] = *product;
  const auto device_id =
      "INPUT\\BUS_" + hex(bus, 4) + "&VID_" + hex(vid, 4) + "&PID_" + hex(pid, 4);
  std::string instance;
  if (const Device* parent = ctx.parent(); parent != nullptr && !ctx.parent_id().empty()) {
    instance = hash8(ctx.parent_id()) + "&" +
               hex(ordinal_among_siblings(ctx.sysfs(), dev.syspath, "input", 10), 2);
  } else {
    // A virtual input device (uinput) has nothing stable to key on but what its creator set.
    const auto uniq = escape_part(unquote(ctx.prop("UNIQ")));
    instance = uniq.empty() ? escape_part(ctx.name()) : uniq;
  }
  dev.instance_id = device_id + "\\" + instance;
  dev.hardware_ids = {device_id + "&REV_" + hex(version, 4), device_id};

  auto bitmap = [&](const char* key, const char* attr) {
    auto value = ctx.prop(key);
    if (value.empty()) value = ctx.attr(attr).value_or("");
    return value;
  };
  const auto ev = bitmap("EV", "capabilities/ev");
  const auto keys = bitmap("KEY", "capabilities/key");
  const auto rel = bitmap("REL", "capabilities/rel");
  // A full keyboard has ESC, the digits and Q..S (bits 1..31), as udev's input_id decides.
  bool keyboard = bitmap_test(ev, kEvKey);
  for (unsigned bit = 1; keyboard && bit < 32; ++bit) keyboard = bitmap_test(keys, bit);
  const bool mouse = bitmap_test(ev, kEvRel) && bitmap_test(rel, kRelX) &&
                     bitmap_test(rel, kRelY) && bitmap_test(keys, kBtnLeft);
  // A HID keyboard or mouse already exposes its interface on the HID device, as on Windows.
  const Device* parent = ctx.parent();
  const bool behind_hid = parent != nullptr && parent->subsystem == "hid";
  if (keyboard) {
    dev.setup_class = setup_class::keyboard;
    if (!behind_hid) ctx.interfaces.push_back(interface_class::keyboard);
  }
  if (mouse) {
    if (!keyboard) dev.setup_class = setup_class::mouse;
    if (!behind_hid) ctx.interfaces.push_back(interface_class::mouse);
  }
  dev.description = unquote(ctx.prop("NAME"));
}

// eventN, mouseN, jsN: the character devices of one input device.
void identify_input_node(Context& ctx) {
  const Device* parent = ctx.parent();
  if (parent == nullptr || parent->subsystem != "input" || ctx.parent_id().empty()) return;
  const auto name = ctx.name();
  std::size_t letters = 0;
  while (letters < name.size() && name[letters] >= 'a' && name[letters] <= 'z') ++letters;
  if (letters == 0) return;
  ctx.dev.instance_id =
      "INPUT\\" + escape_part(name.substr(0, letters)) + "\\" + hash8(ctx.parent_id());
  if (const auto* n = parent->property("NAME")) ctx.dev.description = unquote(*n);
}

}  // namespace

// ---- HID report descriptor: just enough of HID 1.11 section 6.2.2 to find top-level usages ----

std::vector<HidUsage> hid_top_level_usages(std::span<const std::uint8_t> d) {
  constexpr std::size_t kMaxCollections = 64;
  constexpr std::size_t kMaxStack = 16;
  std::vector<HidUsage> out;
  std::uint16_t page_stack[kMaxStack] = {};
  std::size_t stack_depth = 0;
  std::uint16_t page = 0;         // global Usage Page
  std::uint32_t first_usage = 0;  // first local Usage since the last main item
  bool have_usage = false;
  unsigned nesting = 0;
  std::size_t i = 0;
  while (i < d.size() && out.size() < kMaxCollections) {
    const std::uint8_t prefix = d[i];
    if (prefix == 0xFE) {  // long item: size, tag, data
      if (i + 2 >= d.size()) break;
      i += 3 + std::size_t{d[i + 1]};
      continue;
    }
    const std::size_t size = (prefix & 3) == 3 ? 4 : (prefix & 3);
    if (i + 1 + size > d.size()) break;
    std::uint32_t data = 0;
    for (std::size_t b = 0; b < size; ++b) data |= std::uint32_t{d[i + 1 + b]} << (8 * b);
    const unsigned type = (prefix >> 2) & 3;
    const unsigned tag = prefix >> 4;
    i += 1 + size;
    if (type == 1) {  // global
      if (tag == 0) {
        page = static_cast<std::uint16_t>(data);
      } else if (tag == 10) {  // Push
        if (stack_depth == kMaxStack) break;
        page_stack[stack_depth++] = page;
      } else if (tag == 11) {  // Pop
        if (stack_depth == 0) break;
        page = page_stack[--stack_depth];
      }
    } else if (type == 2) {  // local
      if (tag == 0 && !have_usage) {
        first_usage = size == 4 ? data : (std::uint32_t{page} << 16) | data;
        have_usage = true;
      }
    } else if (type == 0) {  // main
      if (tag == 10) {       // Collection
        if (nesting == 0) {
          const std::uint32_t u = have_usage ? first_usage : std::uint32_t{page} << 16;
          out.push_back({static_cast<std::uint16_t>(u >> 16), static_cast<std::uint16_t>(u)});
        }
        ++nesting;
      } else if (tag == 12 && nesting > 0) {  // End Collection
        --nesting;
      }
      have_usage = false;
    }
  }
  return out;
}

bool is_keyboard_usage(HidUsage u) noexcept {
  return u.page == 0x01 && (u.usage == 0x06 || u.usage == 0x07);
}

bool is_mouse_usage(HidUsage u) noexcept {
  return u.page == 0x01 && (u.usage == 0x01 || u.usage == 0x02);
}

void identify_hid(Context& ctx) {
  auto& dev = ctx.dev;
  auto ids = split_hex<3>(ctx.prop("HID_ID"), ':');
  if (!ids) {  // the kernel names HID devices BBBB:VVVV:PPPP.NNNN
    const auto name = ctx.name();
    ids = split_hex<3>(name.substr(0, name.find('.')), ':');
  }
  if (!ids) return;
  const auto vid = (*ids)[1] & 0xFFFF, pid = (*ids)[2] & 0xFFFF;

  std::string mi, instance;
  std::optional<std::uint32_t> revision;
  const Device* parent = ctx.parent();
  if (parent != nullptr && parent->subsystem == "usb" && parent->devtype == "usb_interface") {
    if (auto usb_dev = ctx.sysfs().read_device(parent->parent_syspath)) {
      if (usb_is_composite(ctx.sysfs(), *usb_dev))
        mi = "&MI_" + hex(hid_interface_number(ctx, *parent), 2);
      revision = usb_revision(ctx.sysfs(), *usb_dev);
    }
    instance = std::string(last_part(ctx.parent_id()));
  } else if (const auto uniq = escape_part(ctx.prop("HID_UNIQ")); !uniq.empty()) {
    instance = uniq;  // a Bluetooth address, or a serial number
  } else if (parent != nullptr && !ctx.parent_id().empty()) {
    const auto name = ctx.name();
    const auto prefix = name.substr(0, name.find('.') + 1);
    instance = hash8(ctx.parent_id()) + "&" +
               hex(ordinal_among_siblings(ctx.sysfs(), dev.syspath, prefix, 16), 4);
  }
  if (instance.empty()) instance = escape_part(ctx.name());

  const auto base = "HID\\VID_" + hex(vid, 4) + "&PID_" + hex(pid, 4);
  dev.instance_id = base + mi + "\\" + instance;
  if (revision) dev.hardware_ids.push_back(base + "&REV_" + hex(*revision, 4) + mi);
  dev.hardware_ids.push_back(base + mi);

  const auto usages = read_usages(ctx);
  bool keyboard = false, mouse = false;
  for (const auto& u : usages) {
    keyboard = keyboard || is_keyboard_usage(u);
    mouse = mouse || is_mouse_usage(u);
  }
  if (!usages.empty()) {
    if (is_keyboard_usage(usages.front()))
      dev.hardware_ids.emplace_back("HID_DEVICE_SYSTEM_KEYBOARD");
    if (is_mouse_usage(usages.front())) dev.hardware_ids.emplace_back("HID_DEVICE_SYSTEM_MOUSE");
    dev.hardware_ids.push_back("HID_DEVICE_UP:" + hex(usages.front().page, 4) +
                               "_U:" + hex(usages.front().usage, 4));
  }
  dev.hardware_ids.emplace_back("HID_DEVICE");

  ctx.interfaces.push_back(interface_class::hid);
  if (keyboard) ctx.interfaces.push_back(interface_class::keyboard);
  if (mouse) ctx.interfaces.push_back(interface_class::mouse);
  dev.setup_class = keyboard ? setup_class::keyboard
                    : mouse  ? setup_class::mouse
                             : setup_class::hid;
  dev.description = trim(ctx.prop("HID_NAME"));
}

void identify_input(Context& ctx) {
  const auto name = ctx.name();
  if (name.starts_with("input") && parse_dec(name.substr(5))) return identify_input_device(ctx);
  identify_input_node(ctx);
}

}  // namespace cmnotify::linux_source::rules
