#include "cli/journal.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "cli/errors.hpp"
#include "cli/text_format.hpp"

#ifdef CMNOTIFY_HAVE_JOURNAL
#include <systemd/sd-journal.h>
#endif

namespace cmnotify::cli {
namespace {

// "FIELD=value" items; values are bytes (the journal keeps them as they are, control
// characters and all).
class Record {
 public:
  void add(std::string_view field, std::string_view value) {
    if (value.empty()) return;
    std::string item(field);
    item += '=';
    item += value;
    items_.push_back(std::move(item));
  }
  void send() const {
#ifdef CMNOTIFY_HAVE_JOURNAL
    std::vector<iovec> parts;
    for (const std::string& item : items_)
      parts.push_back({const_cast<char*>(item.data()), item.size()});
    const int r = sd_journal_sendv(parts.data(), static_cast<int>(parts.size()));
    if (r < 0) throw RuntimeError(std::string("cannot write to the journal: ") + std::strerror(-r));
#else
    throw RuntimeError("this cmnotify was built without the journal (libsystemd)");
#endif
  }

 private:
  std::vector<std::string> items_;
};

std::string property_or(const Device& d, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (const std::string* value = d.property(key); value != nullptr && !value->empty())
      return *value;
  return {};
}

// USB's PRODUCT ("46d/c52b/1201"): vendor and product in hex, when udev's ID_* are not there.
std::string usb_product_part(const Device& d, int index) {
  const std::string* product = d.property("PRODUCT");
  if (product == nullptr) return {};
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) {
    start = product->find('/', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  const std::string part = product->substr(start, product->find('/', start) - start);
  return part.empty() ? part : std::string(4 - std::min<std::size_t>(part.size(), 4), '0') + part;
}

}  // namespace

bool journal_available() noexcept {
#ifdef CMNOTIFY_HAVE_JOURNAL
  return true;
#else
  return false;
#endif
}

std::optional<std::string> journal_unreachable(const char* socket_path) {
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::string("cannot make a socket: ") + std::strerror(errno);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path, sizeof address.sun_path - 1);
  const int result = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  const int error = errno;
  ::close(fd);
  if (result == 0) return std::nullopt;
  return std::string("no systemd journal listens on ") + socket_path + " (" + std::strerror(error) +
         ")";
}

std::string_view journal_message_id(Action action) noexcept {
  switch (action) {
    case Action::interface_arrival: return "c7bd435c408a46e4a5ce796ec9661a56";
    case Action::interface_removal: return "eb296adcdb8446c3a35a43bb3311acc4";
    case Action::query_remove: return "cdefc9ec031143689ec119c306a7c93a";
    case Action::query_remove_failed: return "2bc39eed499b425ab6fc68cc2bf72d21";
    case Action::remove_pending: return "65635639d6634d9294a698b1d7cf40d5";
    case Action::remove_complete: return "1259f3ad58ac488da956dc5913960fe2";
    case Action::custom_event: return "8315cf27d3e64ccea18a99534fa2f972";
    case Action::instance_enumerated: return "6dfbf1dfc51f481499f6072d23a59fb9";
    case Action::instance_started: return "1f05de2ad9824cfb872381d7df72e32a";
    case Action::instance_removed: return "7f5890e006b140fabeed4cea4849518e";
    case Action::changed: return "aae5d633fd624e358df0e8915f59c8d7";
  }
  return "aae5d633fd624e358df0e8915f59c8d7";
}

void journal_event(const Received& r, ClassNames& names) {
  const Event& e = r.event;
  const Device& d = *e.device;
  const bool interface_event = e.filter_type == FilterType::device_interface;
  Record record;
  const std::string action(to_string(e.action));
  const std::string& shown =
      interface_event && !e.symbolic_link.empty() ? e.symbolic_link : d.instance_id;
  record.add("MESSAGE", action + " " + shown + " " + linux_name(d));
  record.add("MESSAGE_ID", journal_message_id(e.action));
  record.add("PRIORITY", "6");
  record.add("CMNOTIFY_ACTION", action);
  record.add("CMNOTIFY_FILTER_TYPE", to_string(e.filter_type));
  record.add("CMNOTIFY_ORIGIN", to_string(e.origin));
  record.add("CMNOTIFY_INSTANCE_ID", d.instance_id);
  record.add("CMNOTIFY_PARENT_INSTANCE_ID", d.parent_instance_id);
  record.add("CMNOTIFY_DESCRIPTION", d.description);
  if (interface_event) {
    record.add("CMNOTIFY_SYMBOLIC_LINK", e.symbolic_link);
    record.add("CMNOTIFY_CLASS_GUID", e.class_guid.to_string());
    record.add("CMNOTIFY_CLASS_NAME", names.name(e.class_guid));
  } else if (e.action == Action::custom_event) {
    record.add("CMNOTIFY_EVENT_GUID", e.class_guid.to_string());
  }
  record.add("CMNOTIFY_SUBSYSTEM", d.subsystem);
  record.add("CMNOTIFY_DEVTYPE", d.devtype);
  record.add("CMNOTIFY_DRIVER", d.driver);
  record.add("CMNOTIFY_DEVNODE", d.devnode);
  record.add("CMNOTIFY_SYSPATH", d.syspath);
  std::string vendor = property_or(d, {"ID_VENDOR_ID", "ID_USB_VENDOR_ID"});
  std::string product = property_or(d, {"ID_MODEL_ID", "ID_USB_MODEL_ID"});
  if (vendor.empty()) vendor = usb_product_part(d, 0);
  if (product.empty()) product = usb_product_part(d, 1);
  record.add("CMNOTIFY_VENDOR_ID", vendor);
  record.add("CMNOTIFY_PRODUCT_ID", product);
  record.add("CMNOTIFY_VENDOR", property_or(d, {"ID_VENDOR_FROM_DATABASE", "ID_VENDOR"}));
  record.add("CMNOTIFY_PRODUCT", property_or(d, {"ID_MODEL_FROM_DATABASE", "ID_MODEL"}));
  record.add("CMNOTIFY_SERIAL", property_or(d, {"ID_SERIAL_SHORT", "ID_SERIAL"}));
  if (e.sequence != 0) record.add("CMNOTIFY_SEQNUM", std::to_string(e.sequence));
  record.send();
}

void journal_resync(const SourceStats& s) {
  Record record;
  record.add("MESSAGE", "resynchronised with sysfs after " + std::to_string(s.overflows) +
                            " overflows: " + std::to_string(s.resync_events) + " events");
  record.add("MESSAGE_ID", kResyncMessageId);
  record.add("PRIORITY", "4");  // warning: the kernel dropped events, recovered
  record.add("CMNOTIFY_ORIGIN", "resync");
  record.add("CMNOTIFY_SOURCE", s.description);
  record.add("CMNOTIFY_OVERFLOWS", std::to_string(s.overflows));
  record.add("CMNOTIFY_RESYNCS", std::to_string(s.resyncs));
  record.add("CMNOTIFY_RESYNC_EVENTS", std::to_string(s.resync_events));
  record.add("CMNOTIFY_DISCARDED", std::to_string(s.discarded));
  record.send();
}

}  // namespace cmnotify::cli
