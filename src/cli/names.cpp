#include "cli/names.hpp"

#include <utility>

#include "cmnotify/interface_classes.hpp"

namespace cmnotify::cli {

const std::string& ClassNames::name(const Guid& interface_class) {
  auto it = cache_.find(interface_class);
  if (it == cache_.end())
    it = cache_.emplace(interface_class, interface_class_name(interface_class)).first;
  return it->second;
}

std::string setup_class_name(const Guid& setup_class) {
  // The classes identities.md assigns: the constants of interface_classes.hpp and the
  // system-defined classes listed there.
  static const std::pair<Guid, const char*> kNames[] = {
      {setup_class::usb, "USB"},
      {setup_class::hid, "HIDClass"},
      {setup_class::disk_drive, "DiskDrive"},
      {setup_class::display, "Display"},
      {setup_class::keyboard, "Keyboard"},
      {setup_class::media, "MEDIA"},
      {setup_class::mouse, "Mouse"},
      {setup_class::net, "Net"},
      {setup_class::ports, "Ports"},
      {setup_class::system, "System"},
      {setup_class::volume, "Volume"},
      {make_guid(0x4D36E965, 0xE325, 0x11CE, 0xBF, 0xC1, 0x08, 0x00, 0x2B, 0xE1, 0x03, 0x18),
       "CDROM"},
      {make_guid(0x4D36E980, 0xE325, 0x11CE, 0xBF, 0xC1, 0x08, 0x00, 0x2B, 0xE1, 0x03, 0x18),
       "FloppyDisk"},
      {make_guid(0x4D36E96E, 0xE325, 0x11CE, 0xBF, 0xC1, 0x08, 0x00, 0x2B, 0xE1, 0x03, 0x18),
       "Monitor"},
      {make_guid(0x6D807884, 0x7D21, 0x11CF, 0x80, 0x1C, 0x08, 0x00, 0x2B, 0xE1, 0x03, 0x18),
       "TapeDrive"},
      {make_guid(0xE0CBF06C, 0xCD8B, 0x4647, 0xBB, 0x8A, 0x26, 0x3B, 0x43, 0xF0, 0xF9, 0x74),
       "Bluetooth"},
      {make_guid(0x72631E54, 0x78A4, 0x11D0, 0xBC, 0xF7, 0x00, 0xAA, 0x00, 0xB7, 0xB3, 0x2A),
       "Battery"},
      {make_guid(0xCA3E7AB9, 0xB4C3, 0x4AE6, 0x82, 0x51, 0x57, 0x9E, 0xF9, 0x33, 0x89, 0x0F),
       "Camera"},
      {make_guid(0x6BDD1FC6, 0x810F, 0x11D0, 0xBE, 0xC7, 0x08, 0x00, 0x2B, 0xE2, 0x09, 0x2F),
       "Image"},
      {make_guid(0x50DD5230, 0xBA8A, 0x11D1, 0xBF, 0x5D, 0x00, 0x00, 0xF8, 0x05, 0xF5, 0x30),
       "SmartCardReader"},
  };
  for (const auto& [guid, name] : kNames)
    if (guid == setup_class) return name;
  return {};
}

std::string custom_event_name(const Guid& event_guid) {
  if (event_guid == io_event::media_arrival) return "GUID_IO_MEDIA_ARRIVAL";
  if (event_guid == io_event::media_removal) return "GUID_IO_MEDIA_REMOVAL";
  if (event_guid == io_event::volume_change) return "GUID_IO_VOLUME_CHANGE";
  return {};
}

}  // namespace cmnotify::cli
