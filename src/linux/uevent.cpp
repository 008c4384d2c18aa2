// The one uevent parser. Every rule it enforces, in the order it checks them:
//
// | #  | rule                                                                | UeventError     |
// |----|---------------------------------------------------------------------|-----------------|
// |  1 | the datagram is not empty                                           | empty           |
// |  2 | udev format iff it starts with the 8 bytes "libudev\0", else kernel |                 |
// -- udev format: prefix[8] then eight 32-bit words. systemd and umockdev write the magic and
// -- the filter hashes big-endian but header_size, properties_off, properties_len in host order
// |  3 | at least the 40-byte header we know                                 | truncated_header|
// |  4 | magic == 0xfeedcafe (big-endian)                                    | bad_udev_magic  |
// |  5 | 40 <= header_size <= datagram size                                  | bad_udev_header_|
// |    |                                                                     | size            |
// |  6 | header_size <= properties_off and properties_off + properties_len   | bad_udev_offsets|
// |    | == datagram size (checked by subtraction: no overflow). Senders put |                 |
// |    | nothing after the properties, so trailing bytes mean the header lies|                 |
// |  7 | the pairs are the bytes [properties_off, +properties_len)           |                 |
// -- kernel format
// |  8 | a NUL ends the first string, the header "ACTION@DEVPATH"            | not_nul_termin. |
// |  9 | the header contains '@'                                             | header_mismatch |
// | 10 | the pairs are the bytes after the header's NUL                      |                 |
// -- the pairs: both formats, one code path
// | 11 | every pair ends with a NUL, the last one too                        | not_nul_termin. |
// | 12 | every pair has a '='; the key (before the first '=') is 1..128      | malformed_pair  |
// |    | bytes of [A-Za-z0-9_.] starting with [A-Za-z_.]; "" is malformed   |                 |
// | 13 | a value is at most kUeventMaxValueBytes (8192) bytes                | value_too_long  |
// | 14 | (none: a value is bytes. The kernel sends names as the user gave    |                 |
// |    | them, "cm\xff\xe9x" too; invalid_utf8 is never counted any more)    |                 |
// | 15 | ACTION DEVPATH SUBSYSTEM DEVTYPE DRIVER DEVNAME DEVPATH_OLD SEQNUM  | duplicate_key   |
// |    | MAJOR MINOR: each at most once                                      |                 |
// | 16 | SEQNUM, when present, is strict decimal (digits only: no sign, no   | bad_seqnum      |
// |    | leading zero) fitting 64 bits; absent means seqnum 0                |                 |
// | 17 | MAJOR and MINOR: strict decimal fitting 32 bits, both or neither    | bad_devnum      |
// | 18 | ACTION present and not empty                                        | missing_action  |
// | 19 | DEVPATH present and not empty                                       | missing_devpath |
// | 20 | SUBSYSTEM present and not empty                                     | missing_subsys. |
// | 21 | DEVPATH (and DEVPATH_OLD when present) starts with '/' and has no   | bad_devpath     |
// |    | empty, "." or ".." component: the consumer appends it to /sys       |                 |
// | 22 | kernel format: the header is exactly ACTION "@" DEVPATH             | header_mismatch |
//
// Every pair, known key or not, is kept in message order in Uevent::properties; the positions
// of those whose key is_transient_key() in Uevent::transient.
#include "linux/uevent.hpp"

#include <array>
#include <cstring>
#include <limits>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cmnotify::linux_source {
namespace {

// On the per-pair path: inlined whatever the compiler's size heuristics say (they kept the
// window classifier and the key lookup out of line, a call and its constants per pair).
#if defined(__GNUC__)
#define CMNOTIFY_HOT [[gnu::always_inline]] inline
#else
#define CMNOTIFY_HOT inline
#endif

constexpr std::string_view kUdevPrefix{"libudev\0", 8};
constexpr std::uint32_t kUdevMagic = 0xfeedcafe;
constexpr std::size_t kUdevHeaderBytes = 40;
constexpr std::size_t kMagicOffset = 8;
constexpr std::size_t kHeaderSizeOffset = 12;
constexpr std::size_t kPropertiesOffOffset = 16;
constexpr std::size_t kPropertiesLenOffset = 20;

std::uint32_t load_host32(const char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint32_t load_be32(const char* p) noexcept {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         std::uint32_t{b[3]};
}

// Rules 3-7.
UeventError locate_udev_properties(std::string_view msg, std::string_view& pairs) noexcept {
  if (msg.size() < kUdevHeaderBytes) return UeventError::truncated_header;
  if (load_be32(msg.data() + kMagicOffset) != kUdevMagic) return UeventError::bad_udev_magic;
  const std::size_t header_size = load_host32(msg.data() + kHeaderSizeOffset);
  if (header_size < kUdevHeaderBytes || header_size > msg.size()) {
    return UeventError::bad_udev_header_size;
  }
  const std::size_t off = load_host32(msg.data() + kPropertiesOffOffset);
  const std::size_t len = load_host32(msg.data() + kPropertiesLenOffset);
  if (off < header_size || off > msg.size() || len != msg.size() - off) {
    return UeventError::bad_udev_offsets;
  }
  pairs = msg.substr(off, len);
  return UeventError::none;
}

constexpr bool is_key_start(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.';
}

constexpr bool is_key_char(char c) noexcept { return is_key_start(c) || (c >= '0' && c <= '9'); }

// The two predicates above as one table lookup per byte: a key's first byte, and every key byte
// where the sixteen-byte classifier below is not compiled (no SSE2).
constexpr std::uint8_t kKeyStart = 1;
constexpr std::uint8_t kKeyChar = 2;
constexpr std::array<std::uint8_t, 256> kKeyClass = [] {
  std::array<std::uint8_t, 256> table{};
  for (std::size_t b = 0; b < table.size(); ++b) {
    const char c = static_cast<char>(static_cast<unsigned char>(b));
    table[b] = static_cast<std::uint8_t>((is_key_start(c) ? kKeyStart : 0) |
                                         (is_key_char(c) ? kKeyChar : 0));
  }
  return table;
}();

constexpr std::uint8_t key_class(char c) noexcept {
  return kKeyClass[static_cast<unsigned char>(c)];
}

// The bytes of the pairs are looked at through windows of sixteen: for each window, a bit per
// byte that is not a key byte and a bit per NUL. A window may start less than sixteen bytes before
// the end of the message; it is then read as the message's last sixteen bytes (every message
// parsed in the storms is longer), shifted so that its bits start at the window's first byte and
// none stands for a byte past the end; only a message shorter than sixteen bytes is copied. So
// the last pairs need no byte loop or memchr call, and no byte outside the message is read.
struct WindowBits {
  unsigned not_key;  // bit i: byte i is not in [A-Za-z0-9_.] (NUL and '=' included)
  unsigned nul;      // bit i: byte i is NUL
};

#if defined(__SSE2__)
// The classes of kKeyClass for sixteen bytes: a letter of either case (c | 0x20 in 'a'..'z'), a
// digit, '_' or '.'.
CMNOTIFY_HOT WindowBits classify_16(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // c - low + 0x80 < -128 + count, signed: c in [low, low + count) in two operations.
  const auto in_range = [](__m128i bytes, char low, char count) {
    return _mm_cmplt_epi8(_mm_add_epi8(bytes, _mm_set1_epi8(static_cast<char>(0x80 - low))),
                          _mm_set1_epi8(static_cast<char>(-128 + count)));
  };
  const __m128i letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
  const __m128i digit = in_range(v, '0', 10);
  const __m128i other =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
  const __m128i key = _mm_or_si128(_mm_or_si128(letter, digit), other);
  return {~static_cast<unsigned>(_mm_movemask_epi8(key)) & 0xFFFFu,
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())))};
}

// Only the NULs: a value's window.
CMNOTIFY_HOT unsigned nuls_of_16(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())));
}
#else
WindowBits classify_16(const char* p) noexcept {
  WindowBits bits{0, 0};
  for (unsigned i = 0; i < 16; ++i) {
    if ((key_class(p[i]) & kKeyChar) == 0) bits.not_key |= 1u << i;
    if (p[i] == '\0') bits.nul |= 1u << i;
  }
  return bits;
}

unsigned nuls_of_16(const char* p) noexcept { return classify_16(p).nul; }
#endif

// The message's bytes as windows; `end` is the end of the message and of its pairs (rules 6 and
// 10: both formats end with their pairs).
class Windows {
 public:
  explicit Windows(std::string_view message) noexcept
      : begin_(message.data()), end_(message.data() + message.size()) {}

  [[nodiscard]] const char* end() const noexcept { return end_; }

  // The window at `at` (< end): the bits of min(16, end - at) bytes.
  template <typename Classify>
  [[nodiscard]] CMNOTIFY_HOT auto at(const char* at, Classify classify) const noexcept {
    const auto left = static_cast<std::size_t>(end_ - at);
    if (left >= 16) return classify(at);
    if (end_ - begin_ >= 16) return shift(classify(end_ - 16), 16 - left);
    alignas(16) char copy[16] = {};
    std::memcpy(copy, at, left);
    return keep(classify(copy), left);
  }

 private:
  static WindowBits shift(WindowBits bits, std::size_t n) noexcept {
    return {bits.not_key >> n, bits.nul >> n};
  }
  static unsigned shift(unsigned bits, std::size_t n) noexcept { return bits >> n; }
  static WindowBits keep(WindowBits bits, std::size_t n) noexcept {
    const unsigned mask = (1u << n) - 1;
    return {bits.not_key & mask, bits.nul & mask};
  }
  static unsigned keep(unsigned bits, std::size_t n) noexcept { return bits & ((1u << n) - 1); }

  const char* begin_;
  const char* end_;
};

// One pair as found in the message: its key [key, key + key_size) and its value
// [key + key_size + 1, nul).
struct PairBounds {
  const char* key;
  std::size_t key_size;
  const char* nul;
};

// The NUL at or after `from`, or nullptr when the message ends first (rule 11).
CMNOTIFY_HOT const char* next_nul(const Windows& windows, const char* from) noexcept {
  for (; from < windows.end(); from += 16) {
    if (const unsigned nuls = windows.at(from, nuls_of_16); nuls != 0)
      return from + __builtin_ctz(nuls);
  }
  return nullptr;
}

// Rules 8-10.
UeventError split_kernel_header(const Windows& windows, std::string_view msg,
                                std::string_view& header, std::string_view& pairs) noexcept {
  const char* nul = next_nul(windows, msg.data());
  if (nul == nullptr) return UeventError::not_nul_terminated;
  header = std::string_view(msg.data(), static_cast<std::size_t>(nul - msg.data()));
  if (header.find('@') == std::string_view::npos) return UeventError::header_mismatch;
  pairs = std::string_view(nul + 1, static_cast<std::size_t>(windows.end() - (nul + 1)));
  return UeventError::none;
}

// Rules 11 and 12 for the pair at `pair` (< end): its bounds, or the error. A key is the bytes
// before the first byte that is not a key byte, which must be its '=' (key bytes are never '='),
// so the key is checked and its end found in one scan; the value's NUL is then searched from
// the window that holds the '=' on. A pair with no NUL before the end of the message is
// not_nul_terminated whatever else is wrong with it, as when the NUL was searched first.
CMNOTIFY_HOT UeventError bound_pair(const Windows& windows, const char* pair,
                                    PairBounds& out) noexcept {
  const char* at = pair;
  WindowBits bits = windows.at(at, classify_16);
  while (bits.not_key == 0) {  // sixteen key bytes: the key goes on, or the message ends
    at += 16;
    if (at >= windows.end()) return UeventError::not_nul_terminated;
    bits = windows.at(at, classify_16);
  }
  const unsigned key_end = static_cast<unsigned>(__builtin_ctz(bits.not_key));
  const char* eq = at + key_end;
  const auto key_size = static_cast<std::size_t>(eq - pair);
  if (*eq != '=' || key_size == 0 || key_size > kUeventMaxKeyBytes ||
      (key_class(*pair) & kKeyStart) == 0) {
    return next_nul(windows, eq) == nullptr ? UeventError::not_nul_terminated
                                            : UeventError::malformed_pair;
  }
  // The value's NUL: in the rest of this window, or in the windows after it.
  const unsigned nuls_after_eq = key_end == 15 ? 0 : bits.nul >> (key_end + 1);
  const char* nul =
      nuls_after_eq != 0 ? eq + 1 + __builtin_ctz(nuls_after_eq) : next_nul(windows, at + 16);
  if (nul == nullptr) return UeventError::not_nul_terminated;
  out = {pair, key_size, nul};
  return UeventError::none;
}

template <typename T>
bool parse_decimal(std::string_view text, T& out) noexcept {
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return false;
  T value = 0;
  // Up to digits10 digits always fit (SEQNUM's 5 to 10 of every uevent): no overflow check.
  if (text.size() <= static_cast<std::size_t>(std::numeric_limits<T>::digits10)) {
    for (const char c : text) {
      const auto digit = static_cast<unsigned char>(c - '0');
      if (digit > 9) return false;
      value = static_cast<T>(value * 10 + digit);
    }
  } else {
    for (const char c : text) {
      const auto digit = static_cast<unsigned char>(c - '0');
      if (digit > 9 || value > (std::numeric_limits<T>::max() - digit) / 10) return false;
      value = static_cast<T>(value * 10 + digit);
    }
  }
  out = value;
  return true;
}

// Rule 21 at the '/' at `slash`: the component after it is not empty, "." or "..".
bool clean_component_after(std::string_view path, std::size_t slash) noexcept {
  std::size_t at = slash + 1;
  if (at < path.size() && path[at] == '.') {
    ++at;
    if (at < path.size() && path[at] == '.') ++at;
  }
  return at != path.size() && path[at] != '/';
}

// Rule 21: absolute, and no component that is empty, "." or "..". Every uevent's DEVPATH passes
// here: its slashes are found sixteen bytes at a time (SSE2) instead of one search each.
bool is_clean_devpath(std::string_view path) noexcept {
  if (path.empty() || path.front() != '/') return false;
  std::size_t at = 0;
#if defined(__SSE2__)
  for (; at + 16 <= path.size(); at += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(path.data() + at));
    auto slashes =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('/'))));
    for (; slashes != 0; slashes &= slashes - 1) {
      if (!clean_component_after(path, at + static_cast<unsigned>(__builtin_ctz(slashes))))
        return false;
    }
  }
#endif
  for (; at < path.size(); ++at)
    if (path[at] == '/' && !clean_component_after(path, at)) return false;
  return true;
}

enum class Field : std::uint8_t {
  action,
  devpath,
  subsystem,
  devtype,
  driver,
  devname,
  devpath_old,
  seqnum,
  major,
  minor
};

// The keys this parser looks for: the ones it interprets (rules 15-17) and the transient ones
// (is_transient_key; SYNTH_ARG_* is a prefix and is matched apart).
struct SpecialKey {
  std::string_view key;
  std::optional<Field> field;
  bool transient;
};

constexpr std::array<SpecialKey, 15> kSpecialKeys{{
    {"ACTION", Field::action, true},
    {"DEVPATH", Field::devpath, false},
    {"SUBSYSTEM", Field::subsystem, false},
    {"DEVTYPE", Field::devtype, false},
    {"DRIVER", Field::driver, false},
    {"DEVNAME", Field::devname, false},
    {"DEVPATH_OLD", Field::devpath_old, true},
    {"SEQNUM", Field::seqnum, true},
    {"MAJOR", Field::major, false},
    {"MINOR", Field::minor, false},
    {"SYNTH_UUID", std::nullopt, true},
    {"DISK_MEDIA_CHANGE", std::nullopt, true},
    {"DISK_EJECT_REQUEST", std::nullopt, true},
    {"UDEV_DATABASE_VERSION", std::nullopt, true},
    {"", std::nullopt, false},  // slot kNotSpecial: what every other key is
}};
constexpr std::uint8_t kNotSpecial = kSpecialKeys.size() - 1;

constexpr std::string_view kSynthArgPrefix = "SYNTH_ARG_";

// What the pair loop has seen so far beyond what it stores in the Uevent.
struct Seen {
  std::uint32_t fields = 0;  // bit per Field
  bool major = false;
  bool minor = false;
};

// The one special key a key could be, by its length and the low five bits of its middle byte (the
// special keys of one length all differ there), so each key of a uevent is compared with at most
// one special key, at a cost that does not depend on how many there are. Five bits keep the index
// small (every letter and '_' still differ there): 22 rows of 32 bytes, for cold caches.
constexpr std::size_t kSpecialKeyMinBytes = 4;  // same_key() compares words of 4 or 8 bytes
constexpr std::size_t kSpecialKeyMaxBytes = 24;
constexpr unsigned kMiddleBits = 0x1F;
using SpecialKeyIndex =
    std::array<std::array<std::uint8_t, kMiddleBits + 1>, kSpecialKeyMaxBytes + 1>;

constexpr unsigned middle_bits(const char* key, std::size_t size) noexcept {
  return static_cast<unsigned char>(key[size / 2]) & kMiddleBits;
}

constexpr SpecialKeyIndex kSpecialKeyIndex = [] {
  SpecialKeyIndex index{};
  for (auto& by_byte : index) by_byte.fill(kNotSpecial);
  for (std::size_t i = 0; i < kNotSpecial; ++i) {
    const std::string_view key = kSpecialKeys[i].key;
    if (key.size() > kSpecialKeyMaxBytes) throw "a special key too long for the index";
    if (key.size() < kSpecialKeyMinBytes) throw "a special key too short for same_key";
    std::uint8_t& slot = index[key.size()][middle_bits(key.data(), key.size())];
    if (slot != kNotSpecial) throw "two special keys of one length share their middle bits";
    slot = static_cast<std::uint8_t>(i);
  }
  return index;
}();

template <typename Word>
Word load_word(const char* p) noexcept {
  Word word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// The `n` (4 to 24) bytes at `key` equal those at `known`: as words of four or eight bytes, the
// first and the last (overlapping when shorter than twice that) and, past sixteen, the middle,
// instead of a memcmp call of a length unknown to the compiler (two or three candidates in
// every uevent).
CMNOTIFY_HOT bool same_key(const char* key, const char* known, std::size_t n) noexcept {
  if (n >= 8) {
    return load_word<std::uint64_t>(key) == load_word<std::uint64_t>(known) &&
           load_word<std::uint64_t>(key + n - 8) == load_word<std::uint64_t>(known + n - 8) &&
           (n <= 16 || load_word<std::uint64_t>(key + 8) == load_word<std::uint64_t>(known + 8));
  }
  return load_word<std::uint32_t>(key) == load_word<std::uint32_t>(known) &&
         load_word<std::uint32_t>(key + n - 4) == load_word<std::uint32_t>(known + n - 4);
}

// Which special key `key` is; kNotSpecial for every other key, SYNTH_ARG_* included.
CMNOTIFY_HOT std::uint8_t special_key(std::string_view key) noexcept {
  const std::size_t n = key.size();
  if (n < kSpecialKeyMinBytes || n > kSpecialKeyMaxBytes) return kNotSpecial;
  const std::uint8_t candidate = kSpecialKeyIndex[n][middle_bits(key.data(), n)];
  // Same length by the index: a special key's length is its row.
  if (candidate == kNotSpecial || !same_key(key.data(), kSpecialKeys[candidate].key.data(), n))
    return kNotSpecial;
  return candidate;
}

CMNOTIFY_HOT bool is_synth_arg(std::string_view key) noexcept {
  return key.size() >= kSynthArgPrefix.size() &&
         load_word<std::uint64_t>(key.data()) == load_word<std::uint64_t>(kSynthArgPrefix.data()) &&
         load_word<std::uint16_t>(key.data() + 8) ==
             load_word<std::uint16_t>(kSynthArgPrefix.data() + 8);
}

// Rules 15-17: stores the value of a key this parser interprets.
UeventError take_field(Field field, std::string_view value, Uevent& out, Seen& seen) noexcept {
  const auto bit = std::uint32_t{1} << static_cast<unsigned>(field);
  if ((seen.fields & bit) != 0) return UeventError::duplicate_key;
  seen.fields |= bit;
  switch (field) {
    case Field::action: out.action = value; break;
    case Field::devpath: out.devpath = value; break;
    case Field::subsystem: out.subsystem = value; break;
    case Field::devtype: out.devtype = value; break;
    case Field::driver: out.driver = value; break;
    case Field::devname: out.devname = value; break;
    case Field::devpath_old: out.devpath_old = value; break;
    case Field::seqnum:
      if (!parse_decimal(value, out.seqnum)) return UeventError::bad_seqnum;
      break;
    case Field::major:
      if (!parse_decimal(value, out.major)) return UeventError::bad_devnum;
      seen.major = true;
      break;
    case Field::minor:
      if (!parse_decimal(value, out.minor)) return UeventError::bad_devnum;
      seen.minor = true;
      break;
  }
  return UeventError::none;
}

// Rules 11-17 over the NUL-separated pairs [pairs, end of message); the same for both formats.
UeventError parse_pairs(const Windows& windows, const char* pairs, Uevent& out) {
  Seen seen;
  out.pair_bytes = std::string_view(pairs, static_cast<std::size_t>(windows.end() - pairs));
  for (const char* at = pairs; at < windows.end();) {
    PairBounds bounds;
    if (const auto error = bound_pair(windows, at, bounds); error != UeventError::none)
      return error;
    const std::string_view key(bounds.key, bounds.key_size);
    const char* value_begin = bounds.key + bounds.key_size + 1;
    const std::string_view value(value_begin, static_cast<std::size_t>(bounds.nul - value_begin));
    at = bounds.nul + 1;
    if (value.size() > kUeventMaxValueBytes) return UeventError::value_too_long;

    const SpecialKey& special = kSpecialKeys[special_key(key)];
    if (special.transient || is_synth_arg(key))
      out.transient.push_back(static_cast<std::uint32_t>(out.properties.size()));
    out.properties.emplace_back(key, value);
    if (special.field) {
      if (const auto error = take_field(*special.field, value, out, seen);
          error != UeventError::none)
        return error;
    }
  }
  if (seen.major != seen.minor) return UeventError::bad_devnum;
  out.has_devnum = seen.major;
  return UeventError::none;
}

// Rules 18-21.
UeventError check_required(const Uevent& event) noexcept {
  if (event.action.empty()) return UeventError::missing_action;
  if (event.devpath.empty()) return UeventError::missing_devpath;
  if (event.subsystem.empty()) return UeventError::missing_subsystem;
  if (!is_clean_devpath(event.devpath)) return UeventError::bad_devpath;
  if (!event.devpath_old.empty() && !is_clean_devpath(event.devpath_old)) {
    return UeventError::bad_devpath;
  }
  return UeventError::none;
}

// Rule 22.
bool header_matches(std::string_view header, const Uevent& event) noexcept {
  return header.size() == event.action.size() + 1 + event.devpath.size() &&
         header.starts_with(event.action) && header[event.action.size()] == '@' &&
         header.ends_with(event.devpath);
}

void reset(Uevent& event) noexcept {
  event.action = {};
  event.devpath = {};
  event.subsystem = {};
  event.devtype = {};
  event.driver = {};
  event.devname = {};
  event.devpath_old = {};
  event.seqnum = 0;
  event.major = 0;
  event.minor = 0;
  event.has_devnum = false;
  event.properties.clear();  // keeps the capacity: no allocation in the steady state
  event.transient.clear();
  event.pair_bytes = {};
}

}  // namespace

bool is_transient_key(std::string_view key) noexcept {
  return kSpecialKeys[special_key(key)].transient || is_synth_arg(key);
}

std::string_view Uevent::property(std::string_view key) const noexcept {
  for (const auto& [k, v] : properties) {
    if (k == key) return v;
  }
  return {};
}

UeventError parse_uevent(std::span<const char> message, Uevent& out) {
  reset(out);
  if (message.empty()) return UeventError::empty;
  const std::string_view msg(message.data(), message.size());

  const Windows windows(msg);
  std::string_view header;
  std::string_view pairs;
  UeventError error;
  if (msg.starts_with(kUdevPrefix)) {
    out.format = UeventFormat::udev;
    error = locate_udev_properties(msg, pairs);
  } else {
    out.format = UeventFormat::kernel;
    error = split_kernel_header(windows, msg, header, pairs);
  }
  if (error == UeventError::none) error = parse_pairs(windows, pairs.data(), out);
  if (error == UeventError::none) error = check_required(out);
  if (error == UeventError::none && out.format == UeventFormat::kernel &&
      !header_matches(header, out)) {
    error = UeventError::header_mismatch;
  }
  return error;
}

}  // namespace cmnotify::linux_source
