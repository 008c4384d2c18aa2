#include "common/quoted_input.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cmnotify::detail {
namespace {

using namespace std::string_literals;

TEST(QuotedInput, PrintableAsciiIsShownAsItIs) {
  EXPECT_EQ(quoted_input("SWD\\NET\\LO"), R"("SWD\\NET\\LO")");
  EXPECT_EQ(quoted_input("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(quoted_input(""), R"("")");
}

TEST(QuotedInput, EveryOtherByteIsHex) {
  EXPECT_EQ(quoted_input("a\0b"s), R"("a\x00b")");
  EXPECT_EQ(quoted_input("\x1b[31m\n\x7f\xff\xc3\xa9"), R"("\x1b[31m\x0a\x7f\xff\xc3\xa9")");
}

TEST(QuotedInput, LongInputIsCutAndSaysItsLength) {
  const std::string megabyte(1 << 20, 'a');
  const std::string shown = quoted_input(megabyte, 8);
  EXPECT_EQ(shown, "\"aaaaaaaa\"... (1048576 bytes)");
  EXPECT_EQ(quoted_input("12345678", 8), "\"12345678\"");
}

}  // namespace
}  // namespace cmnotify::detail
