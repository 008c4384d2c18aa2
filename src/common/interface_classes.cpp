#include "cmnotify/interface_classes.hpp"

#include <string>

namespace cmnotify {

Guid subsystem_interface_class(std::string_view subsystem) noexcept {
  static constexpr Guid kNamespace =
      make_guid(0xaece45d0, 0xc1b4, 0x49c4, 0x89, 0x36, 0xb2, 0x52, 0x96, 0x30, 0x11, 0x0c);
  // A device map builds one identity per arrival, nearly always of the subsystem before: the
  // last answer of this thread saves a SHA-1 per arrival.
  thread_local std::string last_subsystem;
  thread_local Guid last_guid;
  if (!last_subsystem.empty() && last_subsystem == subsystem) return last_guid;
  std::string name = "subsystem:";
  name += subsystem;
  last_guid = Guid::from_name(kNamespace, name);
  last_subsystem = subsystem;
  return last_guid;
}

std::span<const NamedInterfaceClass> named_interface_classes() noexcept {
  namespace ic = interface_class;
  static constexpr NamedInterfaceClass kClasses[] = {
      {"usb", "GUID_DEVINTERFACE_USB_DEVICE", ic::usb_device},
      {"usbhub", "GUID_DEVINTERFACE_USB_HUB", ic::usb_hub},
      {"usbhost", "GUID_DEVINTERFACE_USB_HOST_CONTROLLER", ic::usb_host_controller},
      {"hid", "GUID_DEVINTERFACE_HID", ic::hid},
      {"keyboard", "GUID_DEVINTERFACE_KEYBOARD", ic::keyboard},
      {"mouse", "GUID_DEVINTERFACE_MOUSE", ic::mouse},
      {"disk", "GUID_DEVINTERFACE_DISK", ic::disk},
      {"partition", "GUID_DEVINTERFACE_PARTITION", ic::partition},
      {"volume", "GUID_DEVINTERFACE_VOLUME", ic::volume},
      {"cdrom", "GUID_DEVINTERFACE_CDROM", ic::cdrom},
      {"floppy", "GUID_DEVINTERFACE_FLOPPY", ic::floppy},
      {"tape", "GUID_DEVINTERFACE_TAPE", ic::tape},
      {"storageport", "GUID_DEVINTERFACE_STORAGEPORT", ic::storage_port},
      {"net", "GUID_DEVINTERFACE_NET", ic::net},
      {"comport", "GUID_DEVINTERFACE_COMPORT", ic::comport},
      {"serenum", "GUID_DEVINTERFACE_SERENUM_BUS_ENUMERATOR", ic::serenum_bus_enumerator},
      {"audio", "KSCATEGORY_AUDIO", ic::ks_audio},
      {"camera", "KSCATEGORY_VIDEO_CAMERA", ic::ks_video_camera},
      {"capture", "KSCATEGORY_CAPTURE", ic::ks_capture},
      {"display", "GUID_DEVINTERFACE_DISPLAY_ADAPTER", ic::display_adapter},
      {"monitor", "GUID_DEVINTERFACE_MONITOR", ic::monitor},
      {"image", "GUID_DEVINTERFACE_IMAGE", ic::image},
      {"bluetooth", "GUID_BTHPORT_DEVICE_INTERFACE", ic::bluetooth_port},
      {"battery", "GUID_DEVICE_BATTERY", ic::battery},
      {"smartcard", "GUID_DEVINTERFACE_SMARTCARD_READER", ic::smartcard_reader},
  };
  return kClasses;
}

}  // namespace cmnotify
