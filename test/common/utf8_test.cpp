// The one UTF-8 rule (common/utf8.hpp): strict validity, and U+FFFD for each maximal ill-formed
// subpart, as the C API's wide conversion does.
#include <gtest/gtest.h>

#include <string>

#include "common/utf8.hpp"

namespace cmnotify::detail {
namespace {

const std::string kFffd = "\xef\xbf\xbd";

TEST(Utf8, ValidTextIsValidAndUnchanged) {
  for (const std::string& text :
       {std::string(), std::string("tap0"),
        std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xb9"),
        std::string("\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf")}) {
    EXPECT_TRUE(is_valid_utf8(text)) << text;
    EXPECT_EQ(to_valid_utf8(text), text);
  }
}

TEST(Utf8, EveryIllFormedSubpartBecomesOneReplacementCharacter) {
  const std::pair<std::string, std::string> cases[] = {
      {"cm\xff\xe9x", "cm" + kFffd + kFffd + "x"},  // the tap of issue 9
      {"\x80", kFffd},
      {"\xc0\xaf", kFffd + kFffd},              // C0 never starts a sequence
      {"\xe0\x80\xaf", kFffd + kFffd + kFffd},  // overlong: E0 needs A0..BF next
      {"\xed\xa0\x80", kFffd + kFffd + kFffd},  // surrogate
      {"\xf4\x90\x80\x80", kFffd + kFffd + kFffd + kFffd},
      {"ok\xe2\x82", "ok" + kFffd},  // a truncated sequence is one subpart
      {"\xe2\x82x", kFffd + "x"},
      {"\xf0\x9f\x8e\x41", kFffd + "A"},
      {"abcdefgh\x80", "abcdefgh" + kFffd},
  };
  for (const auto& [in, out] : cases) {
    EXPECT_FALSE(is_valid_utf8(in)) << in;
    EXPECT_EQ(to_valid_utf8(in), out) << in;
    EXPECT_TRUE(is_valid_utf8(to_valid_utf8(in)));
  }
}

}  // namespace
}  // namespace cmnotify::detail
