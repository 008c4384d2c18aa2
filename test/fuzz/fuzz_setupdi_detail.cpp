// libFuzzer target for SetupDiGetDeviceInterfaceDetailW/A, end to end over the engine on an
// in-memory source whose interfaces have symbolic links of several lengths (one not ASCII). An
// input is: choice (1 byte, the bits below), interface index (1 byte), the cbSize to write
// (4 bytes), the DetailSize to pass (2 bytes). The detail buffer is exactly DetailSize bytes on
// the heap, so AddressSanitizer sees any read or write outside it. Checked:
//  - success only with a buffer that holds the path, the right cbSize and a valid interface,
//    and then DevicePath is the interface's symbolic link, NUL-terminated inside the buffer;
//  - every failure is one of Windows' codes for this call, and ERROR_INSUFFICIENT_BUFFER reports
//    a required size that, asked for again with the right cbSize, succeeds.
#include <setupapi.h>
#include <windows.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "engine/engine.hpp"
#include "engine/memory_source.hpp"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

enum Choice : std::uint8_t {
  kAnsi = 1 << 0,
  kNullDetail = 1 << 1,
  kNullRequired = 1 << 2,
  kDeviceOut = 1 << 3,
  kBadDeviceOut = 1 << 4,
  kBadInterfaceData = 1 << 5,
  kDestroyedSet = 1 << 6,
  kRightCbSize = 1 << 7,
};

void set_up_once() {
  static const bool done = [] {
    auto source = std::make_shared<cmnotify::engine::MemorySource>();
    const char* links[] = {
        "\\\\?\\USB#VID_046D&PID_0826#9DC49FA0#{a5dcbf10-6530-11d2-901f-00c04fb951ed}",
        "\\\\?\\X#{a5dcbf10-6530-11d2-901f-00c04fb951ed}",
        "\\\\?\\USB#VID_1234&PID_5678#\xc3\xa9\xe2\x82\xac#{a5dcbf10-6530-11d2-901f-00c04fb951ed}"};
    int n = 0;
    for (const char* link : links) {
      auto d = std::make_shared<cmnotify::Device>();
      d->instance_id = "USB\\FUZZ\\" + std::to_string(n);
      d->syspath = "/sys/devices/fuzz/" + std::to_string(n++);
      d->interfaces = {{cmnotify::interface_class::usb_device, link}};
      d->started = true;
      source->add_device(d);
    }
    return cmnotify::engine::Engine::instance().set_source(source);
  }();
  check(done);
}

bool known_error(DWORD e) {
  return e == ERROR_INSUFFICIENT_BUFFER || e == ERROR_INVALID_USER_BUFFER ||
         e == ERROR_INVALID_PARAMETER || e == ERROR_NO_MORE_ITEMS || e == ERROR_INVALID_HANDLE;
}

template <typename Detail>
void run(HDEVINFO set, SP_DEVICE_INTERFACE_DATA* iface, std::uint8_t choice, DWORD cb_size,
         DWORD detail_size, bool valid_interface) {
  using Char = std::remove_extent_t<decltype(Detail::DevicePath)>;
  auto call = [&](Detail* detail, DWORD size, DWORD* required, SP_DEVINFO_DATA* device) {
    if constexpr (sizeof(Char) == 1)
      return SetupDiGetDeviceInterfaceDetailA(set, iface, detail, size, required, device);
    else
      return SetupDiGetDeviceInterfaceDetailW(set, iface, detail, size, required, device);
  };
  std::unique_ptr<std::uint8_t[]> buffer(new std::uint8_t[detail_size == 0 ? 1 : detail_size]);
  std::memset(buffer.get(), 0xcd, detail_size == 0 ? 1 : detail_size);
  if (choice & kRightCbSize) cb_size = sizeof(Detail);
  std::memcpy(buffer.get(), &cb_size, std::min<std::size_t>(sizeof cb_size, detail_size));
  auto* detail = (choice & kNullDetail) ? nullptr : reinterpret_cast<Detail*>(buffer.get());
  DWORD required = 0xdeadbeef;
  SP_DEVINFO_DATA device{};
  device.cbSize = (choice & kBadDeviceOut) ? 1 : sizeof device;
  const BOOL ok = call(detail, detail_size, (choice & kNullRequired) ? nullptr : &required,
                       (choice & kDeviceOut) ? &device : nullptr);
  if (ok) {
    check(valid_interface && detail != nullptr && cb_size == sizeof(Detail));
    const std::size_t max_chars = (detail_size - offsetof(Detail, DevicePath)) / sizeof(Char);
    std::size_t n = 0;
    while (n < max_chars && detail->DevicePath[n] != Char{}) ++n;
    check(n < max_chars);  // terminated inside the buffer
    check(n > 4 && detail->DevicePath[0] == Char{'\\'});
    if (!(choice & kNullRequired)) check(required <= detail_size);
    return;
  }
  const DWORD error = GetLastError();
  check(known_error(error));
  if (error != ERROR_INSUFFICIENT_BUFFER || (choice & kNullRequired)) return;
  check(required != 0xdeadbeef && (detail == nullptr || required > detail_size));
  // Asked again with what it said it needs, it succeeds.
  std::vector<std::uint8_t> right(required);
  auto* again = reinterpret_cast<Detail*>(right.data());
  again->cbSize = sizeof(Detail);
  check(call(again, required, nullptr, nullptr) == TRUE);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  set_up_once();
  std::uint8_t input[8] = {};
  std::memcpy(input, data, std::min(size, sizeof input));
  const std::uint8_t choice = input[0];
  DWORD cb_size = 0;
  std::memcpy(&cb_size, input + 2, 4);
  const DWORD detail_size = static_cast<DWORD>(input[6] | (input[7] << 8));

  GUID usb = GUID{0xa5dcbf10, 0x6530, 0x11d2, {0x90, 0x1f, 0x00, 0xc0, 0x4f, 0xb9, 0x51, 0xed}};
  HDEVINFO set =
      SetupDiGetClassDevsW(&usb, nullptr, nullptr, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
  check(set != INVALID_HANDLE_VALUE);
  SP_DEVICE_INTERFACE_DATA iface{};
  iface.cbSize = sizeof iface;
  const bool found = SetupDiEnumDeviceInterfaces(set, nullptr, &usb, input[1] % 4, &iface);
  check(found == (input[1] % 4 < 3));
  if (choice & kBadInterfaceData) iface.cbSize = 7;
  if (choice & kDestroyedSet) check(SetupDiDestroyDeviceInfoList(set));
  const bool bad_device_out = (choice & kDeviceOut) && (choice & kBadDeviceOut);
  const bool valid = found && !(choice & (kBadInterfaceData | kDestroyedSet)) && !bad_device_out;
  if (choice & kAnsi)
    run<SP_DEVICE_INTERFACE_DETAIL_DATA_A>(set, &iface, choice, cb_size, detail_size, valid);
  else
    run<SP_DEVICE_INTERFACE_DETAIL_DATA_W>(set, &iface, choice, cb_size, detail_size, valid);
  if (!(choice & kDestroyedSet)) check(SetupDiDestroyDeviceInfoList(set));
  return 0;
}
