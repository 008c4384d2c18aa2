#include "common/instance_id.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <string>

#include "cmnotify/device.hpp"

namespace cmnotify::detail {
namespace {

TEST(InstanceIdComparison, IgnoresAsciiCaseOnly) {
  EXPECT_TRUE(iequals("USB\\VID_046D&PID_0826\\9DC49FA0", "usb\\vid_046d&pid_0826\\9dc49fa0"));
  EXPECT_FALSE(iequals("SWD\\NET\\LO", "SWD\\NET\\LO0"));
  EXPECT_FALSE(iequals("SWD\\NET\\LO0", "SWD\\NET\\LO"));
  EXPECT_TRUE(iequals("", ""));
  // '@' and '`' sit next to the letters; '[' and '{' too: they are not letters.
  EXPECT_FALSE(iequals("@", "`"));
  EXPECT_FALSE(iequals("[", "{"));
  // Bytes outside ASCII compare as they are, whatever the locale says about them.
  EXPECT_FALSE(iequals("\xC9", "\xE9"));
  EXPECT_TRUE(iequals("A\xE9", "a\xE9"));
}

TEST(InstanceIdComparison, DoesNotDependOnTheLocale) {
  const std::string before = std::setlocale(LC_CTYPE, nullptr);
  if (std::setlocale(LC_CTYPE, "tr_TR.ISO-8859-9") == nullptr &&
      std::setlocale(LC_CTYPE, "C.UTF-8") == nullptr)
    GTEST_SKIP() << "no locale other than C is installed";
  EXPECT_TRUE(iequals("HID\\VID_1234", "hid\\vid_1234"));  // Turkish dotless i does not apply
  EXPECT_FALSE(iequals("\xDD", "i"));
  std::setlocale(LC_CTYPE, before.c_str());
}

TEST(InstanceIdComparison, PrefixIgnoresAsciiCase) {
  EXPECT_TRUE(istarts_with("\\\\?\\USB#VID_1", "\\\\?\\usb#"));
  EXPECT_TRUE(istarts_with("USB", ""));
  EXPECT_FALSE(istarts_with("US", "USB"));
  EXPECT_FALSE(istarts_with("PCI\\VEN", "USB"));
}

TEST(InstanceIdComparison, HashAgreesWithEquality) {
  const CaseInsensitiveHash hash;
  const CaseInsensitiveEqual equal;
  const std::string ids[] = {"USB\\VID_046D&PID_0826\\9DC49FA0", "usb\\vid_046d&pid_0826\\9dc49fa0",
                             "Usb\\Vid_046d&Pid_0826\\9Dc49fA0", "SWD\\NET\\LO"};
  for (const auto& a : ids) {
    for (const auto& b : ids) {
      if (equal(a, b)) {
        EXPECT_EQ(hash(a), hash(b)) << a << " / " << b;
      }
    }
  }
  EXPECT_TRUE(equal(ids[0], ids[2]));
  EXPECT_FALSE(equal(ids[0], ids[3]));
}

TEST(InstanceIdComparison, HashFoldsCaseAtEveryLengthAndPositionOnly) {
  // The hash folds eight bytes at a time: every length (tails included), every position, and
  // the bytes around the letters ('@' '[' '`' '{' and non-ASCII) that must not be folded.
  const CaseInsensitiveHash hash;
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz@[`{\\&_0129\x80\xe9\xfa";
  for (std::size_t length = 0; length <= 40; ++length) {
    std::string lower;
    for (std::size_t i = 0; i < length; ++i) lower += alphabet[(i * 7 + length) % alphabet.size()];
    std::string upper = lower;
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    EXPECT_EQ(hash(lower), hash(upper)) << length;
    std::string mixed = lower;  // every other letter upper-cased, across word boundaries
    for (std::size_t i = 0; i < length; i += 2) mixed[i] = upper[i];
    EXPECT_EQ(hash(lower), hash(mixed)) << length;
    for (std::size_t i = 0; i < length; ++i) {
      // '@' and '`' (and '[' and '{') are one bit apart like 'A' and 'a' but are not letters:
      // folding must keep them apart wherever they stand.
      std::string at = lower, grave = lower;
      at[i] = '@';
      grave[i] = '`';
      EXPECT_NE(hash(at), hash(grave)) << length << " " << i;
    }
  }
  EXPECT_NE(hash("SWD\\NET\\A"), hash("SWD\\NET\\B"));
  EXPECT_NE(hash("`"), hash("@"));  // not folded: '`' is not a lower-case letter
  EXPECT_NE(hash("{"), hash("["));
  EXPECT_NE(hash("\xe1"), hash("\xc1"));  // high bit set: not an ASCII letter, not folded
  EXPECT_NE(hash(std::string(1, '\0')), hash(std::string()));  // the length counts
}

TEST(InstanceIdComparison, ThePublicFunctionIsTheSameRule) {
  EXPECT_TRUE(same_instance_id("swd\\net\\lo", "SWD\\NET\\LO"));
  EXPECT_FALSE(same_instance_id("SWD\\NET\\LO", "SWD\\NET\\LO0"));
  EXPECT_FALSE(same_instance_id("\xC9", "\xE9"));
}

TEST(InstanceIdRules, StoredFormIsAsciiUpperCase) {
  EXPECT_EQ(to_upper_ascii("usb\\vid_046d\xe9"), "USB\\VID_046D\xe9");
}

TEST(InstanceIdRules, EnumeratorIsTheFirstComponent) {
  // Up to the first backslash, not the last, and kept as it is written.
  EXPECT_EQ(enumerator_of("USB\\VID_046D&PID_0826\\9DC49FA0"), "USB");
  EXPECT_EQ(enumerator_of("usb\\vid_046d"), "usb");
  // No backslash: the whole ID is its enumerator, not an empty one.
  EXPECT_EQ(enumerator_of("HTREE"), "HTREE");
  // Empty, or nothing before the first backslash: an empty enumerator, not what follows it.
  EXPECT_EQ(enumerator_of(""), "");
  EXPECT_EQ(enumerator_of("\\USB\\X"), "");
  static_assert(enumerator_of("SWD\\NET\\LO") == "SWD");  // usable at compile time
}

}  // namespace
}  // namespace cmnotify::detail
