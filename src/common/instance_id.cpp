#include "common/instance_id.hpp"

namespace cmnotify::detail {

bool is_valid_instance_id(std::string_view id) noexcept {
  if (id.empty() || id.size() >= kMaxDeviceIdLen) return false;
  for (char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c > 0x7f || c == ',') return false;
  }
  return true;
}

std::string to_upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace cmnotify::detail
