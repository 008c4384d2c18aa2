// libFuzzer target for the string forms of identities: Guid::parse and its formatting,
// the instance ID rules (is_valid_instance_id, Filter::instance, the C API's DEVICEINSTANCE
// filter) and the C API's conversions between WCHAR strings and UTF-8. Every input is used as
// text, as a WCHAR string (4 bytes per character) and as an instance ID. Each result is checked
// against a reference written from the documented rules, and every parse -> format -> parse
// round trip must give back what it started with; anything else traps.
#include <cfgmgr32.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "cmnotify/device.hpp"
#include "cmnotify/error.hpp"
#include "cmnotify/filter.hpp"
#include "cmnotify/guid.hpp"
#include "common/instance_id.hpp"
#include "win32/cfgmgr32/filter_translation.hpp"
#include "win32/support/text.hpp"

namespace {

using cmnotify::Cr;
using cmnotify::Error;
using cmnotify::Guid;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// guid.hpp: "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" or the same without braces, any case.
std::optional<std::string_view> reference_guid_body(std::string_view text) {
  if (text.size() == 38) {
    if (text.front() != '{' || text.back() != '}') return std::nullopt;
    text = text.substr(1, 36);
  }
  if (text.size() != 36) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return std::nullopt;
  }
  return text;
}

void check_guid(std::string_view text) {
  const auto parsed = Guid::parse(text);
  const auto body = reference_guid_body(text);
  check(parsed.has_value() == body.has_value());
  bool threw = false;
  try {
    (void)Guid::from_string(text);
  } catch (const Error& e) {
    threw = true;
    check(e.code() == Cr::invalid_data);
  }
  check(threw == !parsed.has_value());
  if (!parsed) return;
  const std::string lower_form = parsed->to_string();
  const std::string upper_form = parsed->to_upper_string();
  check(lower_form.size() == 38 && lower_form.front() == '{' && lower_form.back() == '}');
  for (std::size_t i = 0; i < 36; ++i) {
    check(lower(body->at(i)) == lower_form[i + 1]);  // the same digits, lower-cased
    check(lower(upper_form[i + 1]) == lower_form[i + 1]);
  }
  check(Guid::parse(lower_form) == parsed);
  check(Guid::parse(upper_form) == parsed);
  check(Guid::parse(std::string_view(lower_form).substr(1, 36)) == parsed);
  check(parsed->is_null() == (*parsed == Guid{}));
}

// instance_id.hpp: 1..199 characters, each 0x21..0x7F, no ','.
bool reference_valid_instance_id(std::string_view id) {
  if (id.empty() || id.size() >= 200) return false;
  for (const char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x21 || c > 0x7f || c == ',') return false;
  }
  return true;
}

void check_instance_id(std::string_view id) {
  const bool valid = reference_valid_instance_id(id);
  check(cmnotify::detail::is_valid_instance_id(id) == valid);
  try {
    const auto filter = cmnotify::Filter::instance(id);
    check(valid);
    check(filter.type() == cmnotify::FilterType::device_instance && !filter.all());
    check(filter.instance_id() == id);
  } catch (const Error& e) {
    check(!valid);
    check(e.code() == Cr::invalid_device_id);
  }
  const std::string upper = cmnotify::detail::to_upper_ascii(id);
  check(upper.size() == id.size() && cmnotify::same_instance_id(upper, id));
  check(cmnotify::detail::is_valid_instance_id(upper) == valid);
}

bool is_scalar(std::int64_t c) { return c >= 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

// RFC 3629 decoding; false for anything that is not well-formed UTF-8.
bool reference_utf8_decode(std::string_view s, std::wstring& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t c = 0;
    if (lead < 0x80) {
      c = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      c = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      c = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      c = lead & 0x07;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if (i + k >= s.size()) return false;
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      c = (c << 6) | (b & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (c < kMin[extra] || !is_scalar(c)) return false;
    out.push_back(static_cast<wchar_t>(c));
    i += extra + 1;
  }
  return true;
}

// WCHAR -> UTF-8 -> WCHAR gives back the input exactly when every character is a scalar value.
void check_wide(std::wstring_view wide) {
  bool scalar = true;
  for (const wchar_t w : wide) scalar = scalar && is_scalar(static_cast<std::int64_t>(w));
  std::string utf8;
  const bool converted = cmnotify::win32::utf8_from_wide(wide, utf8);
  check(converted == scalar);
  if (!converted) return;
  std::wstring decoded;
  check(reference_utf8_decode(utf8, decoded) && decoded == wide);
  check(cmnotify::win32::wide_length(utf8) == wide.size());
  check(cmnotify::win32::wide_from_utf8(utf8) == wide);
}

// UTF-8 -> WCHAR never fails (U+FFFD for malformed bytes) and gives back well-formed input.
void check_utf8(std::string_view bytes) {
  const std::wstring wide = cmnotify::win32::wide_from_utf8(bytes);
  check(wide.size() == cmnotify::win32::wide_length(bytes));
  for (const wchar_t w : wide) check(is_scalar(static_cast<std::int64_t>(w)));
  std::string back;
  check(cmnotify::win32::utf8_from_wide(wide, back));
  std::wstring decoded;
  if (reference_utf8_decode(bytes, decoded)) {
    check(wide == decoded);
    check(back == bytes);
  }
}

// The C API's DEVICEINSTANCE filter carrying `wide`: accepted exactly when the UTF-8 form is a
// valid instance ID, which then becomes the registration's instance ID unchanged.
void check_instance_filter(std::wstring_view wide) {
  if (wide.size() >= MAX_DEVICE_ID_LEN) return;
  CM_NOTIFY_FILTER filter{};
  filter.cbSize = sizeof filter;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  std::wmemcpy(filter.u.DeviceInstance.InstanceId, wide.data(), wide.size());
  const std::size_t length = std::wstring_view(filter.u.DeviceInstance.InstanceId).size();
  cmnotify::engine::FilterSpec spec;
  const Cr cr = cmnotify::win32::translate_filter(filter, spec);
  std::string utf8;
  const bool scalar = cmnotify::win32::utf8_from_wide(wide.substr(0, length), utf8);
  if (length == 0) {
    check(cr == Cr::invalid_data);
  } else if (!scalar || !reference_valid_instance_id(utf8)) {
    check(cr == Cr::invalid_device_id);
  } else {
    check(cr == Cr::success && spec.instance_id == utf8 && !spec.all);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_guid(text);
  check_instance_id(text);
  check_utf8(text);
  std::wstring wide(size / sizeof(wchar_t), L'\0');
  std::memcpy(wide.data(), data, wide.size() * sizeof(wchar_t));
  check_wide(wide);
  check_instance_filter(wide);
  // The same text widened character by character: the path a Windows program's L"..." takes.
  std::wstring widened(text.begin(), text.end());
  for (wchar_t& w : widened) w = static_cast<wchar_t>(static_cast<unsigned char>(w));
  check_wide(widened);
  check_instance_filter(widened);
  return 0;
}
