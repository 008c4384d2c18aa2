#include <gtest/gtest.h>

#include <unordered_set>

#include "cmnotify/error.hpp"
#include "cmnotify/guid.hpp"

namespace cmnotify {
namespace {

const Guid kUsbDevice =
    make_guid(0xA5DCBF10, 0x6530, 0x11D2, 0x90, 0x1F, 0x00, 0xC0, 0x4F, 0xB9, 0x51, 0xED);

TEST(Guid, FormatsInRegistryForm) {
  EXPECT_EQ(kUsbDevice.to_string(), "{a5dcbf10-6530-11d2-901f-00c04fb951ed}");
  EXPECT_EQ(kUsbDevice.to_upper_string(), "{A5DCBF10-6530-11D2-901F-00C04FB951ED}");
  EXPECT_EQ(Guid{}.to_string(), "{00000000-0000-0000-0000-000000000000}");
}

TEST(Guid, ParsesWithAndWithoutBracesInAnyCase) {
  EXPECT_EQ(Guid::parse("{a5dcbf10-6530-11d2-901f-00c04fb951ed}"), kUsbDevice);
  EXPECT_EQ(Guid::parse("A5DCBF10-6530-11D2-901F-00C04FB951ED"), kUsbDevice);
  EXPECT_EQ(Guid::parse("{A5dcBF10-6530-11d2-901F-00c04fb951ED}"), kUsbDevice);
}

TEST(Guid, RejectsMalformedText) {
  for (const char* bad :
       {"", "{}", "a5dcbf10-6530-11d2-901f-00c04fb951e", "{a5dcbf10-6530-11d2-901f-00c04fb951ed",
        "a5dcbf10-6530-11d2-901f-00c04fb951ed}", "{a5dcbf10+6530-11d2-901f-00c04fb951ed}",
        "{g5dcbf10-6530-11d2-901f-00c04fb951ed}", "a5dcbf1006530011d20901f000c04fb951ed",
        "{a5dcbf10-6530-11d2-901f-00c04fb951ed} "}) {
    EXPECT_FALSE(Guid::parse(bad).has_value()) << bad;
  }
  EXPECT_THROW((void)Guid::from_string("nope"), Error);
  try {
    (void)Guid::from_string("nope");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Cr::invalid_data);
  }
}

TEST(Guid, RoundTripsAndOrders) {
  const Guid g = *Guid::parse("{00000001-0002-0003-0405-060708090a0b}");
  EXPECT_EQ(g.data1, 1u);
  EXPECT_EQ(g.data2, 2u);
  EXPECT_EQ(g.data3, 3u);
  EXPECT_EQ(g.data4[0], 4u);
  EXPECT_EQ(g.data4[7], 0x0bu);
  EXPECT_EQ(Guid::parse(g.to_string()), g);
  EXPECT_LT(Guid{}, g);
  EXPECT_TRUE(Guid{}.is_null());
  EXPECT_FALSE(g.is_null());
  std::unordered_set<Guid> set{g, kUsbDevice, g};
  EXPECT_EQ(set.size(), 2u);
}

TEST(Guid, NameBasedGuidsFollowRfc4122) {
  // RFC 4122 appendix-style check: uuid5(DNS namespace, "www.example.com") as computed by
  // Python's uuid module: 2ed6657d-e927-568b-95e1-2665a8aea6a2.
  const Guid dns = *Guid::parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Guid::from_name(dns, "www.example.com").to_string(),
            "{2ed6657d-e927-568b-95e1-2665a8aea6a2}");
  EXPECT_NE(Guid::from_name(dns, "a"), Guid::from_name(dns, "b"));
  EXPECT_EQ(Guid::from_name(dns, "a"), Guid::from_name(dns, "a"));
}

TEST(Error, CarriesCodeAndName) {
  Error e(Cr::buffer_small, "too small");
  EXPECT_EQ(e.code(), Cr::buffer_small);
  EXPECT_STREQ(e.what(), "too small (CR_BUFFER_SMALL)");
  EXPECT_EQ(cr_name(Cr::invalid_structure_size), "CR_INVALID_STRUCTURE_SIZE");
  EXPECT_EQ(cr_name(static_cast<Cr>(0x99)), "CR_0x99");
}

}  // namespace
}  // namespace cmnotify
