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
  // Every setup class identities.md assigns (the constants of interface_classes.hpp).
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
      {setup_class::cdrom, "CDROM"},
      {setup_class::floppy_disk, "FloppyDisk"},
      {setup_class::monitor, "Monitor"},
      {setup_class::tape_drive, "TapeDrive"},
      {setup_class::bluetooth, "Bluetooth"},
      {setup_class::battery, "Battery"},
      {setup_class::camera, "Camera"},
      {setup_class::image, "Image"},
      {setup_class::smartcard_reader, "SmartCardReader"},
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
