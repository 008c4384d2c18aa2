// libFuzzer target for the HID report descriptor parser (rules::hid_top_level_usages), which reads
// sysfs's report_descriptor attribute of every HID device. Its promises (identity_rules.hpp):
// never read outside the descriptor, at most 64 collections, and a malformed descriptor yields
// the collections seen before the fault. So every prefix of a descriptor must yield a prefix of
// the descriptor's usages, and each usage must come from a top-level Collection item.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "linux/identity_rules.hpp"

namespace {

using cmnotify::linux_source::rules::hid_top_level_usages;
using cmnotify::linux_source::rules::HidUsage;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

bool is_prefix(const std::vector<HidUsage>& part, const std::vector<HidUsage>& whole) {
  if (part.size() > whole.size()) return false;
  for (std::size_t i = 0; i < part.size(); ++i)
    if (!(part[i] == whole[i])) return false;
  return true;
}

// Short items whose prefix byte says "main item, tag Collection" (HID 1.11 6.2.2.4): an upper
// bound on the number of collections a descriptor can have.
std::size_t collection_prefix_bytes(std::span<const std::uint8_t> d) {
  std::size_t n = 0;
  for (const std::uint8_t b : d)
    if ((b & 0xFC) == 0xA0) ++n;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> descriptor(data, size);
  // A copy in a buffer of exactly its size, so ASan sees any read past the end.
  const std::vector<std::uint8_t> exact(data, data + size);
  const auto usages = hid_top_level_usages(std::span(exact.data(), exact.size()));
  check(usages.size() <= 64);
  check(usages.size() <= collection_prefix_bytes(descriptor));
  check(hid_top_level_usages(descriptor) == usages);  // no hidden state between calls

  // Every cut of the descriptor, at a few positions chosen by its own bytes.
  const std::size_t cuts[] = {size / 2, size > 0 ? data[0] % (size + 1) : 0,
                              size > 1 ? data[size - 1] % size : 0, size > 0 ? size - 1 : 0};
  for (const std::size_t cut : cuts) {
    const std::vector<std::uint8_t> head(data, data + cut);
    check(is_prefix(hid_top_level_usages(std::span(head.data(), head.size())), usages));
  }
  return 0;
}
