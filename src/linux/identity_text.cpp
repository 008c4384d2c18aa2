// The text rules every identity shares: escaping, hashing, length limits, derived IDs, and the
// parser of input capability bitmaps.
#include <charconv>

#include "common/instance_id.hpp"
#include "common/sha1.hpp"
#include "linux/identity_rules.hpp"

namespace cmnotify::linux_source::rules {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters an instance ID part never carries (see escape_part).
bool is_reserved(char ch) noexcept {
  const auto c = static_cast<unsigned char>(ch);
  return c <= 0x20 || c >= 0x7F || ch == ',' || ch == '\\' || ch == '#' || ch == '/' || ch == '&';
}

std::string hash_hex(std::string_view text, std::size_t bytes) {
  detail::Sha1 sha;
  sha.update(text);
  const auto digest = sha.finish();
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes * 2);
  for (std::size_t i = 0; i < bytes; ++i) {
    out += kDigits[digest[i] >> 4];
    out += kDigits[digest[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view unquote(std::string_view text) noexcept {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  return text;
}

std::string escape_part(std::string_view raw) {
  const auto text = trim(raw);
  std::string out(text);
  for (char& c : out) {
    if (is_reserved(c))
      c = '_';
    else if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool escape_is_lossy(std::string_view raw) noexcept {
  if (trim(raw).size() != raw.size()) return true;
  for (char c : raw)
    if (is_reserved(c) || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

std::string id_field(std::string_view raw, std::size_t width) {
  std::string out(raw);
  for (char& ch : out) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || ch == ',' || ch == '\\' || ch == '&') ch = '_';
  }
  if (width != 0) out.resize(width, '_');
  return out;
}

std::string hash8(std::string_view text) { return hash_hex(text, 4); }
std::string hash16(std::string_view text) { return hash_hex(text, 8); }

std::string hex(std::uint32_t value, int digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (int shift = 28; shift >= 0; shift -= 4) {
    const auto d = (value >> shift) & 0xF;
    if (!out.empty() || d != 0 || shift < 4 * digits) out += kDigits[d];
  }
  return out;
}

std::optional<std::uint32_t> parse_hex(std::string_view text) noexcept {
  text = trim(text);
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  std::uint32_t value = 0;
  if (text.empty()) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::uint32_t> parse_dec(std::string_view text) noexcept {
  text = trim(text);
  std::uint32_t value = 0;
  if (text.empty()) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view last_part(std::string_view instance_id) noexcept {
  const auto slash = instance_id.rfind('\\');
  return slash == std::string_view::npos ? instance_id : instance_id.substr(slash + 1);
}

std::string devpath_location(std::string_view devpath) {
  if (devpath.starts_with("/devices")) devpath.remove_prefix(8);
  std::string out;
  while (!devpath.empty()) {
    if (devpath.front() == '/') {
      devpath.remove_prefix(1);
      continue;
    }
    const auto slash = devpath.find('/');
    if (!out.empty()) out += '&';
    out += escape_part(devpath.substr(0, slash));
    devpath = slash == std::string_view::npos ? std::string_view{} : devpath.substr(slash);
  }
  return out.empty() ? std::string("0") : out;
}

std::string derived_id(std::string_view enumerator, std::string_view parent_id,
                       std::string_view suffix) {
  std::string out(enumerator);
  out += '\\';
  const auto first = parent_id.find('\\');
  if (first == std::string_view::npos) {
    out += parent_id;
  } else {
    out += parent_id.substr(0, first);
    out += '\\';
    for (char c : parent_id.substr(first + 1)) out += c == '\\' ? '#' : c;
  }
  if (!suffix.empty()) {
    out += '#';
    out += suffix;
  }
  return out;
}

std::string finish_instance_id(std::string_view id) {
  auto out = detail::to_upper_ascii(id);
  if (out.size() < detail::kMaxDeviceIdLen) return out;
  // Keep ENUMERATOR\DEVICE-ID (cut if it alone is long), then as much of the instance part as
  // fits before "&" + a hash of the whole ID, which keeps distinct long IDs distinct.
  constexpr std::size_t kMaxHead = 120;
  constexpr std::size_t kLimit = detail::kMaxDeviceIdLen - 1;
  const auto hash = hash16(id);
  const auto slash = out.rfind('\\');
  std::string head = slash == std::string::npos ? std::string() : out.substr(0, slash + 1);
  std::string tail = slash == std::string::npos ? out : out.substr(slash + 1);
  if (head.size() > kMaxHead) head = head.substr(0, kMaxHead - 1) + '\\';
  const auto room = kLimit - head.size() - hash.size() - 1;
  if (tail.size() > room) tail.resize(room);
  return head + tail + '&' + hash;
}

bool bitmap_test(std::string_view bitmap, unsigned bit) noexcept {
  constexpr unsigned kWordBits = sizeof(unsigned long) * 8;  // the kernel prints longs
  bitmap = trim(bitmap);
  std::size_t words = 0;
  for (std::string_view rest = bitmap; !rest.empty();) {
    const auto sp = rest.find(' ');
    if (sp != 0) ++words;
    rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
  }
  const std::size_t index = bit / kWordBits;
  if (index >= words) return false;
  std::size_t position = words - 1 - index;  // most significant word first
  for (std::string_view rest = bitmap; !rest.empty();) {
    const auto sp = rest.find(' ');
    const auto word = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    if (word.empty()) continue;
    if (position-- != 0) continue;
    unsigned long long value = 0;
    const auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), value, 16);
    if (ec != std::errc{} || ptr != word.data() + word.size()) return false;
    return ((value >> (bit % kWordBits)) & 1ULL) != 0;
  }
  return false;
}

}  // namespace cmnotify::linux_source::rules
