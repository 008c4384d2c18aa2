// SHA-1 (FIPS 180-4), only for name-based (version 5) GUIDs; not for anything security-related.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace cmnotify::detail {

class Sha1 {
 public:
  void update(std::string_view bytes);
  std::array<std::uint8_t, 20> finish();

 private:
  void compress(const std::uint8_t* block);

  std::uint32_t h_[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::uint8_t block_[64] = {};
  std::size_t block_len_ = 0;
  std::uint64_t total_len_ = 0;
};

}  // namespace cmnotify::detail
