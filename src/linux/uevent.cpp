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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cmnotify::linux_source {
namespace {

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

// Rules 8-10.
UeventError split_kernel_header(std::string_view msg, std::string_view& header,
                                std::string_view& pairs) noexcept {
  const auto nul = msg.find('\0');
  if (nul == std::string_view::npos) return UeventError::not_nul_terminated;
  header = msg.substr(0, nul);
  if (header.find('@') == std::string_view::npos) return UeventError::header_mismatch;
  pairs = msg.substr(nul + 1);
  return UeventError::none;
}

constexpr bool is_key_start(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.';
}

constexpr bool is_key_char(char c) noexcept { return is_key_start(c) || (c >= '0' && c <= '9'); }

// The two predicates above as one table lookup per byte: every pair of every uevent passes here.
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

#if defined(__SSE2__)
// How many of the 16 bytes at `p` are key bytes before the first that is not one (16: all are).
// The same classes as kKeyClass: a letter of either case (c | 0x20 in 'a'..'z'), a digit, '_'
// or '.'; bytes from 0x80 are negative for the signed comparisons, so never in a range.
unsigned key_bytes_of_16(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i other =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
  const __m128i key = _mm_or_si128(_mm_or_si128(letter, digit), other);
  const unsigned not_key = ~static_cast<unsigned>(_mm_movemask_epi8(key)) & 0xFFFFu;
  return not_key == 0 ? 16u : static_cast<unsigned>(__builtin_ctz(not_key));
}
#endif

// Rule 12 in one pass: the length of the pair's valid key, which must end at its first '=', or
// npos. (Key bytes are never '=', so the first byte that is not one must be that '='; a search
// for '=' and then a check of the key read every key byte twice.) `pair` is followed by the NUL
// that ends it, which is not a key byte: the scan stops there without a bound check per byte.
// `readable` bytes from the pair's start may be read (the rest of the message's pairs): where
// 16 are, they are classified at once (a key is 5 to 21 bytes, one table lookup a byte before).
std::size_t valid_key_length(std::string_view pair, std::size_t readable) noexcept {
  const char* p = pair.data();
  std::size_t n = 0;
#if defined(__SSE2__)
  while (n + 16 <= readable) {
    const unsigned run = key_bytes_of_16(p + n);
    n += run;
    if (run < 16) break;
  }
  // Past the 16-byte steps only when fewer than 16 bytes were left to read.
  if (n + 16 > readable)
#endif
    while ((key_class(p[n]) & kKeyChar) != 0) ++n;
  if (n == 0 || n == pair.size() || pair[n] != '=' || n > kUeventMaxKeyBytes ||
      (key_class(pair.front()) & kKeyStart) == 0) {
    return std::string_view::npos;
  }
  return n;
}

template <typename T>
bool parse_decimal(std::string_view text, T& out) noexcept {
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return false;
  // Up to digits10 digits always fit (SEQNUM's 5 to 10 of every uevent): no overflow check.
  const bool may_overflow =
      text.size() > static_cast<std::size_t>(std::numeric_limits<T>::digits10);
  T value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<T>(c - '0');
    if (may_overflow && value > (std::numeric_limits<T>::max() - digit) / 10) return false;
    value = static_cast<T>(value * 10 + digit);
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

struct KnownKey {
  std::string_view key;
  Field field;
};

constexpr std::array<KnownKey, 10> kKnownKeys{{
    {"ACTION", Field::action},
    {"DEVPATH", Field::devpath},
    {"SUBSYSTEM", Field::subsystem},
    {"DEVTYPE", Field::devtype},
    {"DRIVER", Field::driver},
    {"DEVNAME", Field::devname},
    {"DEVPATH_OLD", Field::devpath_old},
    {"SEQNUM", Field::seqnum},
    {"MAJOR", Field::major},
    {"MINOR", Field::minor},
}};

// What the pair loop has seen so far beyond what it stores in the Uevent.
struct Seen {
  std::uint32_t fields = 0;  // bit per Field
  bool major = false;
  bool minor = false;
};

// The one known key a key could be, by its length and its middle byte (the known keys of one
// length all differ there), so each key of a uevent is compared with at most one known key
// instead of with every known key of its length.
constexpr std::size_t kKnownKeyMinBytes = 4;  // same_known_key() compares words of 4 or 8 bytes
constexpr std::size_t kKnownKeyMaxBytes = 15;
constexpr std::uint8_t kNotKnown = 0xFF;
using KnownKeyIndex = std::array<std::array<std::uint8_t, 256>, kKnownKeyMaxBytes + 1>;
constexpr KnownKeyIndex kKnownKeyIndex = [] {
  KnownKeyIndex index{};
  for (auto& by_byte : index) by_byte.fill(kNotKnown);
  for (std::size_t i = 0; i < kKnownKeys.size(); ++i) {
    const std::string_view key = kKnownKeys[i].key;
    if (key.size() > kKnownKeyMaxBytes) throw "a known key too long for the index";
    if (key.size() < kKnownKeyMinBytes) throw "a known key too short for same_known_key";
    std::uint8_t& slot = index[key.size()][static_cast<unsigned char>(key[key.size() / 2])];
    if (slot != kNotKnown) throw "two known keys of one length share their middle byte";
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

// key == known for a key of known's length (4 to 16 bytes): its first and last four or eight
// bytes (overlapping when shorter than twice that) as two words each, instead of a memcmp call
// of a length unknown to the compiler (two or three candidate keys in every uevent).
bool same_known_key(std::string_view key, std::string_view known) noexcept {
  const std::size_t n = known.size();
  const char* k = key.data();
  const char* w = known.data();
  if (n >= 8) {
    return load_word<std::uint64_t>(k) == load_word<std::uint64_t>(w) &&
           load_word<std::uint64_t>(k + n - 8) == load_word<std::uint64_t>(w + n - 8);
  }
  return load_word<std::uint32_t>(k) == load_word<std::uint32_t>(w) &&
         load_word<std::uint32_t>(k + n - 4) == load_word<std::uint32_t>(w + n - 4);
}

// Rules 15-17: stores the value of a key this parser interprets.
UeventError take_known_field(std::string_view key, std::string_view value, Uevent& out,
                             Seen& seen) noexcept {
  if (key.size() > kKnownKeyMaxBytes) return UeventError::none;
  const std::uint8_t candidate =
      kKnownKeyIndex[key.size()][static_cast<unsigned char>(key[key.size() / 2])];
  if (candidate == kNotKnown) return UeventError::none;
  const KnownKey& known = kKnownKeys[candidate];
  // Same length by the index: a known key's length is its row.
  if (!same_known_key(key, known.key)) return UeventError::none;
  const auto bit = std::uint32_t{1} << static_cast<unsigned>(known.field);
  if ((seen.fields & bit) != 0) return UeventError::duplicate_key;
  seen.fields |= bit;
  switch (known.field) {
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

// is_transient_key, here where the parser can inline it: it is asked once for every key.
// The first letter rules out most keys (DEVPATH, SUBSYSTEM, INTERFACE, IFINDEX, ...) before any
// comparison.
// The comparisons are of a constant length, so the compiler compares in place instead of
// calling memcmp.
template <std::size_t N>
bool is(std::string_view key, const char (&literal)[N]) noexcept {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

template <std::size_t N>
bool begins(std::string_view key, const char (&literal)[N]) noexcept {
  return key.size() >= N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

inline bool transient_key(std::string_view key) noexcept {
  switch (key.empty() ? '\0' : key.front()) {
    case 'A': return is(key, "ACTION");
    case 'S': return is(key, "SEQNUM") || is(key, "SYNTH_UUID") || begins(key, "SYNTH_ARG_");
    case 'D':
      return is(key, "DEVPATH_OLD") || is(key, "DISK_MEDIA_CHANGE") ||
             is(key, "DISK_EJECT_REQUEST");
    case 'U': return is(key, "UDEV_DATABASE_VERSION");
    default: return false;
  }
}

// pairs.find('\0'), sixteen bytes a step (SSE2) while sixteen can be read: a pair is 10 to 60
// bytes, so a memchr call per pair cost more in its call than in its scan. The last bytes of
// the message go to memchr.
std::size_t find_nul(std::string_view pairs) noexcept {
  std::size_t at = 0;
#if defined(__SSE2__)
  for (; at + 16 <= pairs.size(); at += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(pairs.data() + at));
    const auto nuls =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_setzero_si128())));
    if (nuls != 0) return at + static_cast<unsigned>(__builtin_ctz(nuls));
  }
#endif
  const auto rest = pairs.substr(at).find('\0');
  return rest == std::string_view::npos ? rest : at + rest;
}

// Rules 11-17 over the NUL-separated pairs; the same for both formats.
UeventError parse_pairs(std::string_view pairs, Uevent& out) {
  Seen seen;
  out.pair_bytes = pairs;
  while (!pairs.empty()) {
    const auto nul = find_nul(pairs);
    if (nul == std::string_view::npos) return UeventError::not_nul_terminated;
    const auto pair = pairs.substr(0, nul);
    const auto eq = valid_key_length(pair, pairs.size());
    pairs.remove_prefix(nul + 1);

    if (eq == std::string_view::npos) return UeventError::malformed_pair;
    const auto key = pair.substr(0, eq);
    const auto value = pair.substr(eq + 1);
    if (value.size() > kUeventMaxValueBytes) return UeventError::value_too_long;

    if (transient_key(key))
      out.transient.push_back(static_cast<std::uint32_t>(out.properties.size()));
    out.properties.emplace_back(key, value);
    if (const auto error = take_known_field(key, value, out, seen); error != UeventError::none) {
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

bool is_transient_key(std::string_view key) noexcept { return transient_key(key); }

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

  std::string_view header;
  std::string_view pairs;
  UeventError error;
  if (msg.starts_with(kUdevPrefix)) {
    out.format = UeventFormat::udev;
    error = locate_udev_properties(msg, pairs);
  } else {
    out.format = UeventFormat::kernel;
    error = split_kernel_header(msg, header, pairs);
  }
  if (error == UeventError::none) error = parse_pairs(pairs, out);
  if (error == UeventError::none) error = check_required(out);
  if (error == UeventError::none && out.format == UeventFormat::kernel &&
      !header_matches(header, out)) {
    error = UeventError::header_mismatch;
  }
  return error;
}

}  // namespace cmnotify::linux_source
