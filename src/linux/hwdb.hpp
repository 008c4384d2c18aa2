// Names from systemd's hardware database (hwdb.bin), the names `lspci`, `lsusb` and udev show:
// "Red Hat, Inc." / "Virtio 1.0 network device" for pci:v00001AF4d00001041... They stand in for
// the manufacturer and description Windows takes from a driver's INF file.
#pragma once

#include <string>
#include <string_view>

namespace cmnotify::linux_source {

struct HwdbNames {
  std::string vendor;  // ID_VENDOR_FROM_DATABASE
  std::string model;   // ID_MODEL_FROM_DATABASE
};

// The names hwdb gives a modalias; empty strings where it has none. libudev (libudev.so.1) is
// loaded on first use and reads the database; without libudev or a database every name is
// empty. Thread-safe.
[[nodiscard]] HwdbNames hwdb_names(std::string_view modalias);

}  // namespace cmnotify::linux_source
