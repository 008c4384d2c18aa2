#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "linux/uevent.hpp"
#include "linux/uevent_test_messages.hpp"

namespace cmnotify::linux_source {
namespace {

using testing::kernel_message;
using testing::nul_join;
using testing::parse;
using testing::udev_message;
using testing::UdevHeader;

// ---- accepted messages, kernel format ---------------------------------------------------------

TEST(UeventParser, KernelNetChange) {
  const auto msg = testing::kernel_lo_change();
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.format, UeventFormat::kernel);
  EXPECT_EQ(ev.action, "change");
  EXPECT_EQ(ev.devpath, "/devices/virtual/net/lo");
  EXPECT_EQ(ev.subsystem, "net");
  EXPECT_EQ(ev.seqnum, 4213u);
  EXPECT_TRUE(ev.devtype.empty());
  EXPECT_TRUE(ev.driver.empty());
  EXPECT_TRUE(ev.devname.empty());
  EXPECT_FALSE(ev.has_devnum);
  ASSERT_EQ(ev.properties.size(), 6u);
  EXPECT_EQ(ev.properties[3].first, "INTERFACE");
  EXPECT_EQ(ev.properties[3].second, "lo");
  EXPECT_EQ(ev.property("IFINDEX"), "1");
  EXPECT_EQ(ev.property("ACTION"), "change");
  EXPECT_TRUE(ev.property("DEVTYPE").empty());
  // Views point into the message, not into copies.
  EXPECT_GE(ev.devpath.data(), msg.data());
  EXPECT_LE(ev.devpath.data() + ev.devpath.size(), msg.data() + msg.size());
}

TEST(UeventParser, KernelLoopMediaChange) {
  const auto msg = kernel_message("change@/devices/virtual/block/loop0",
                                  {"ACTION=change", "DEVPATH=/devices/virtual/block/loop0",
                                   "SUBSYSTEM=block", "DISK_MEDIA_CHANGE=1", "MAJOR=7", "MINOR=0",
                                   "DEVNAME=loop0", "DEVTYPE=disk", "DISKSEQ=12", "SEQNUM=5120"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.subsystem, "block");
  EXPECT_EQ(ev.devtype, "disk");
  EXPECT_EQ(ev.devname, "loop0");
  EXPECT_TRUE(ev.has_devnum);
  EXPECT_EQ(ev.major, 7u);
  EXPECT_EQ(ev.minor, 0u);
  EXPECT_EQ(ev.property("DISK_MEDIA_CHANGE"), "1");
  EXPECT_EQ(ev.seqnum, 5120u);
}

TEST(UeventParser, KernelUsbDeviceAdd) {
  const auto msg = kernel_message(
      "add@/devices/pci0000:00/0000:00:14.0/usb1/1-2",
      {"ACTION=add", "DEVPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-2", "SUBSYSTEM=usb",
       "MAJOR=189", "MINOR=1", "DEVNAME=bus/usb/001/002", "DEVTYPE=usb_device",
       "PRODUCT=46d/c52b/1211", "TYPE=0/0/0", "BUSNUM=001", "DEVNUM=002", "SEQNUM=3301"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.action, "add");
  EXPECT_EQ(ev.devtype, "usb_device");
  EXPECT_EQ(ev.devname, "bus/usb/001/002");
  EXPECT_EQ(ev.major, 189u);
  EXPECT_EQ(ev.minor, 1u);
  EXPECT_EQ(ev.property("PRODUCT"), "46d/c52b/1211");
  EXPECT_EQ(ev.property("TYPE"), "0/0/0");
  EXPECT_EQ(ev.property("BUSNUM"), "001");  // leading zeros are fine outside the numeric keys
}

TEST(UeventParser, KernelUsbInterfaceBind) {
  const auto msg =
      kernel_message("bind@/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0",
                     {"ACTION=bind", "DEVPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0",
                      "SUBSYSTEM=usb", "DEVTYPE=usb_interface", "DRIVER=usbhid",
                      "PRODUCT=46d/c52b/1211", "TYPE=0/0/0", "INTERFACE=3/1/1",
                      "MODALIAS=usb:v046DpC52Bd1211dc00dsc00dp00ic03isc01ip01in00", "SEQNUM=3310"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.action, "bind");
  EXPECT_EQ(ev.driver, "usbhid");
  EXPECT_EQ(ev.devtype, "usb_interface");
  EXPECT_EQ(ev.property("INTERFACE"), "3/1/1");
}

TEST(UeventParser, KernelTapRemove) {
  const auto msg = kernel_message("remove@/devices/virtual/net/tap0/queues/rx-0",
                                  {"ACTION=remove", "DEVPATH=/devices/virtual/net/tap0/queues/rx-0",
                                   "SUBSYSTEM=queues", "SEQNUM=6001"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.action, "remove");
  EXPECT_EQ(ev.subsystem, "queues");
}

TEST(UeventParser, KernelMoveCarriesTheOldPath) {
  const auto msg = kernel_message(
      "move@/devices/virtual/net/eth1",
      {"ACTION=move", "DEVPATH=/devices/virtual/net/eth1", "SUBSYSTEM=net",
       "DEVPATH_OLD=/devices/virtual/net/tap0", "INTERFACE=eth1", "IFINDEX=7", "SEQNUM=6100"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.action, "move");
  EXPECT_EQ(ev.devpath_old, "/devices/virtual/net/tap0");
}

TEST(UeventParser, KernelSyntheticEventCarriesUuidAndArguments) {
  const auto msg =
      kernel_message("change@/devices/virtual/net/lo",
                     {"ACTION=change", "DEVPATH=/devices/virtual/net/lo", "SUBSYSTEM=net",
                      "SYNTH_UUID=8b6cd5e2-0000-4000-8000-000000000001", "SYNTH_ARG_T=12345",
                      "SYNTH_ARG_NAME=x=y", "INTERFACE=lo", "IFINDEX=1", "SEQNUM=7000"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.property("SYNTH_UUID"), "8b6cd5e2-0000-4000-8000-000000000001");
  EXPECT_EQ(ev.property("SYNTH_ARG_T"), "12345");
  EXPECT_EQ(ev.property("SYNTH_ARG_NAME"), "x=y") << "a value may contain '='";
}

// The keys of one uevent rather than of the device, marked once while parsing (the device map
// reads the marks instead of asking per pair), in both formats; near misses are not marked.
TEST(UeventParser, TransientPairsAreMarkedInOrderAndThePairBytesAreWhatWasParsed) {
  const std::vector<std::string_view> pairs = {"ACTION=change",
                                               "DEVPATH=/devices/x",
                                               "SUBSYSTEM=s",
                                               "SYNTH_UUID=u",
                                               "INTERFACE=x",
                                               "SYNTH_ARG_T=1",
                                               "SYNTH_ARG_=2",
                                               "SYNTH_ARG=3",
                                               "SYNTH_UUIDS=4",
                                               "ACTIONS=5",
                                               "DEVPATH_OLD=/devices/y",
                                               "DISK_MEDIA_CHANGE=1",
                                               "DISK_EJECT_REQUEST=1",
                                               "DISKSEQ=9",
                                               "UDEV_DATABASE_VERSION=1",
                                               "UDEV=6",
                                               "SEQNUM=7",
                                               "A=8",
                                               "S=9",
                                               "seqnum=10"};
  const std::vector<std::uint32_t> transient = {0, 3, 5, 6, 10, 11, 12, 14, 16};
  std::string joined;
  for (const std::string_view pair : pairs) {
    joined.append(pair);
    joined.push_back('\0');
  }
  for (const bool udev : {false, true}) {
    SCOPED_TRACE(udev ? "udev" : "kernel");
    const std::string msg =
        udev ? udev_message(joined) : kernel_message("change@/devices/x", joined);
    Uevent ev;
    ASSERT_EQ(parse(msg, ev), UeventError::none);
    ASSERT_EQ(ev.properties.size(), pairs.size());
    EXPECT_EQ(ev.transient, transient);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const bool marked = std::find(transient.begin(), transient.end(), i) != transient.end();
      EXPECT_EQ(is_transient_key(ev.properties[i].first), marked) << pairs[i];
    }
    EXPECT_EQ(ev.pair_bytes, joined);
    EXPECT_GE(ev.pair_bytes.data(), msg.data());
    EXPECT_EQ(ev.pair_bytes.data() + ev.pair_bytes.size(), msg.data() + msg.size());

    // The next message's marks are its own.
    const std::string next =
        kernel_message("add@/devices/z", {"DEVPATH=/devices/z", "SUBSYSTEM=s", "ACTION=add"});
    ASSERT_EQ(parse(next, ev), UeventError::none);
    EXPECT_EQ(ev.transient, std::vector<std::uint32_t>{2});
    EXPECT_EQ(ev.pair_bytes, nul_join({"DEVPATH=/devices/z", "SUBSYSTEM=s", "ACTION=add"}));
  }
  EXPECT_FALSE(is_transient_key(""));
}

TEST(UeventParser, SeqnumIsOptionalAndLimitsAreInclusive) {
  Uevent ev;
  ASSERT_EQ(
      parse(kernel_message("add@/devices/x", {"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"}),
            ev),
      UeventError::none);
  EXPECT_EQ(ev.seqnum, 0u);
  ASSERT_EQ(parse(testing::kernel_lo_change("18446744073709551615"), ev), UeventError::none);
  EXPECT_EQ(ev.seqnum, 18446744073709551615u);
  ASSERT_EQ(parse(testing::kernel_lo_change("0"), ev), UeventError::none);
  EXPECT_EQ(ev.seqnum, 0u);
  // The longest numbers read without an overflow check (19 digits, 9 for MAJOR and MINOR).
  ASSERT_EQ(parse(testing::kernel_lo_change("9999999999999999999"), ev), UeventError::none);
  EXPECT_EQ(ev.seqnum, 9999999999999999999u);
  ASSERT_EQ(parse(kernel_message("add@/devices/x", {"ACTION=add", "DEVPATH=/devices/x",
                                                    "SUBSYSTEM=s", "MAJOR=999999999", "MINOR=1"}),
                  ev),
            UeventError::none);
  EXPECT_EQ(ev.major, 999999999u);
  ASSERT_EQ(parse(kernel_message("add@/devices/x", {"ACTION=add", "DEVPATH=/devices/x",
                                                    "SUBSYSTEM=s", "MAJOR=4294967295", "MINOR=0"}),
                  ev),
            UeventError::none);
  EXPECT_EQ(ev.major, 4294967295u);
}

TEST(UeventParser, AcceptsUtf8AndKeysOfTheWholeAlphabet) {
  const auto msg =
      kernel_message("add@/devices/virtual/input/input9",
                     {"ACTION=add", "DEVPATH=/devices/virtual/input/input9", "SUBSYSTEM=input",
                      "NAME=\"Clavier \xc3\xa9l\xc3\xa9gant \xe2\x82\xac \xf0\x9f\x8e\xb9\"",
                      "_PRIVATE=1", ".HIDDEN=1", "lower_case.key9=", "EMPTY=",
                      "EDGES=\xc2\x80\xdf\xbf\xe0\xa0\x80"
                      "\xed\x9f\xbf\xee\x80\x80\xf0\x90\x80\x80"
                      "\xf4\x8f\xbf\xbf"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.property("_PRIVATE"), "1");
  EXPECT_EQ(ev.property(".HIDDEN"), "1");
  EXPECT_EQ(ev.property("EMPTY"), "");
  EXPECT_EQ(ev.properties.size(), 9u);
}

// Every byte value at every position of keys of every length up to past 16 bytes, with the
// message ending right after the pair or going on (the parser classifies up to 16 key bytes at
// once where that many can be read): the key is accepted exactly when every byte is one of
// [A-Za-z0-9_.] and the first not a digit.
TEST(UeventParser, EveryByteAtEveryKeyPositionIsClassifiedAsOneByteAtATimeWould) {
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.0123456789";
  const auto is_key_byte = [&](char c) { return alphabet.find(c) != std::string_view::npos; };
  std::size_t checked = 0;
  for (std::size_t length = 1; length <= 34; ++length) {
    for (std::size_t at = 0; at < length; at += (length > 20 ? 3 : 1)) {
      for (int byte = 1; byte < 256; ++byte) {
        const char c = static_cast<char>(byte);
        if (c == '=') continue;  // the key would end there
        std::string key;
        for (std::size_t i = 0; i < length; ++i) key.push_back(alphabet[(i * 7 + length) % 52]);
        key[at] = c;
        const bool valid = is_key_byte(c) && !(at == 0 && c >= '0' && c <= '9');
        for (const bool last : {true, false}) {
          std::string pairs = nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"});
          pairs += key + "=v";
          pairs.push_back('\0');
          if (!last) pairs += nul_join({"AFTER=a value long enough to be read past"});
          const std::string msg = kernel_message("add@/devices/x", pairs);
          Uevent ev;
          const UeventError error = parse(msg, ev);
          ASSERT_EQ(error == UeventError::none, valid)
              << "key length " << length << ", byte " << byte << " at " << at << ", "
              << (last ? "last pair" : "pairs after it") << ": " << to_string(error);
          if (valid) {
            EXPECT_EQ(ev.properties[3].first, key);
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 100000u);
}

// Rule 21 over paths made of every kind of component at every position and length (the parser
// finds the slashes sixteen bytes at a time where it can): refused exactly when a component is
// empty, "." or "..", for DEVPATH and DEVPATH_OLD.
TEST(UeventParser, EveryDevpathWithAnEmptyDotOrDotDotComponentIsRefused) {
  const std::vector<std::string> parts = {
      "", ".", "..", "...", ".a", "a.", "..b", "devices", "virtual_net_interface", "x"};
  const auto clean = [](const std::string& path) {
    std::size_t start = 1;
    while (true) {
      const std::size_t slash = path.find('/', start);
      const std::string part =
          path.substr(start, slash == std::string::npos ? slash : slash - start);
      if (part.empty() || part == "." || part == "..") return false;
      if (slash == std::string::npos) return true;
      start = slash + 1;
    }
  };
  std::size_t refused = 0;
  std::size_t checked = 0;
  // Paths of three to five components: a filler of 0 to 17 bytes first moves them across the
  // sixteen-byte steps.
  for (std::size_t fill = 0; fill <= 17; ++fill) {
    for (const std::string& a : parts) {
      for (const std::string& b : parts) {
        for (const std::string& c : parts) {
          const std::string path =
              "/" + std::string(fill, 'f') + (fill == 0 ? "" : "/") + a + "/" + b + "/" + c;
          const bool expected = clean(path);
          for (const bool old : {false, true}) {
            std::vector<std::string> pairs = {"ACTION=move", "SUBSYSTEM=s"};
            pairs.push_back(std::string(old ? "DEVPATH_OLD=" : "DEVPATH=") + path);
            if (old) pairs.push_back("DEVPATH=/devices/x");
            std::string joined;
            for (const std::string& pair : pairs) {
              joined += pair;
              joined.push_back('\0');
            }
            const std::string msg =
                kernel_message("move@" + (old ? std::string("/devices/x") : path), joined);
            Uevent ev;
            const UeventError error = parse(msg, ev);
            ASSERT_EQ(error, expected ? UeventError::none : UeventError::bad_devpath)
                << (old ? "DEVPATH_OLD=" : "DEVPATH=") << path;
            refused += expected ? 0 : 1;
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_GT(refused, 0u);
  EXPECT_GT(checked - refused, 0u);
}

// Every value length from 0 to 40 with 0 to 17 bytes after its pair (the pairs' NULs are found
// sixteen bytes at a time where sixteen can be read): each pair ends exactly at its NUL, and a
// message whose last pair has no NUL is refused.
TEST(UeventParser, EveryPairEndsAtItsNulWhateverItsLengthAndWhatFollows) {
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t after = 0; after <= 17; ++after) {
      const std::string value(length, 'v');
      std::string pairs = nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"});
      pairs += "K=" + value;
      pairs.push_back('\0');
      const std::string tail = after == 0 ? "" : "T=" + std::string(after - 1, 't');
      if (after != 0) {
        pairs += tail;
        pairs.push_back('\0');
      }
      const std::string msg = kernel_message("add@/devices/x", pairs);
      Uevent ev;
      ASSERT_EQ(parse(msg, ev), UeventError::none) << length << " " << after;
      EXPECT_EQ(ev.property("K"), value);
      ASSERT_EQ(ev.properties.size(), after == 0 ? 4u : 5u);
      if (after != 0) {
        EXPECT_EQ(ev.properties[4].second, tail.substr(2));
      }
      // Without the last NUL: refused.
      Uevent cut;
      EXPECT_EQ(parse(msg.substr(0, msg.size() - 1), cut), UeventError::not_nul_terminated)
          << length << " " << after;
    }
  }
}

// Values are bytes: the kernel sends an interface name as the user gave it
// (ip tuntap add mode tap "$(printf 'cm\xff\xe9x')"), so no byte sequence of a value is refused,
// and every byte is kept as sent.
TEST(UeventParser, ValuesThatAreNotUtf8AreAcceptedByteForByte) {
  const std::pair<const char*, std::string> not_utf8[] = {
      {"lone continuation byte", "\x80"},           {"overlong 2-byte (C0)", "\xc0\xaf"},
      {"overlong 3-byte", "\xe0\x80\xaf"},          {"UTF-16 surrogate", "\xed\xa0\x80"},
      {"above U+10FFFF", "\xf4\x90\x80\x80"},       {"FF byte", "\xff"},
      {"truncated at the end", "ok\xe2\x82"},       {"after eight ASCII bytes", "abcdefgh\x80"},
      {"a tap named cm\\xff\\xe9x", "cm\xff\xe9x"},
  };
  for (const auto& [what, bytes] : not_utf8) {
    SCOPED_TRACE(what);
    const std::string devpath = "/devices/virtual/net/" + bytes;
    const std::string a = "ACTION=add", d = "DEVPATH=" + devpath, i = "INTERFACE=" + bytes;
    const auto kernel =
        kernel_message("add@" + devpath, {a, d, "SUBSYSTEM=net", i, "IFINDEX=9", "SEQNUM=5"});
    Uevent ev;
    ASSERT_EQ(parse(kernel, ev), UeventError::none);
    EXPECT_EQ(ev.devpath, devpath);
    EXPECT_EQ(ev.property("INTERFACE"), bytes);
    const auto udev = udev_message(nul_join({a, d, "SUBSYSTEM=net", i, "SEQNUM=5"}));
    ASSERT_EQ(parse(udev, ev), UeventError::none);
    EXPECT_EQ(ev.property("INTERFACE"), bytes);
  }
  // In the header and ACTION too: they are compared as bytes.
  const auto odd_action = kernel_message(
      "add\xff@/devices/x", nul_join({"ACTION=add\xff", "DEVPATH=/devices/x", "SUBSYSTEM=s"}));
  Uevent ev;
  ASSERT_EQ(parse(odd_action, ev), UeventError::none);
  EXPECT_EQ(ev.action, "add\xff");
}

TEST(UeventParser, KeyAndValueAtTheirMaximum) {
  const std::string key(kUeventMaxKeyBytes, 'K');
  const std::string value(kUeventMaxValueBytes, 'v');
  const std::string pair = key + "=" + value;
  // A Uevent views the message it was parsed from: each message outlives its checks.
  const auto kernel =
      kernel_message("add@/devices/x", {"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", pair});
  Uevent ev;
  ASSERT_EQ(parse(kernel, ev), UeventError::none);
  EXPECT_EQ(ev.property(key).size(), kUeventMaxValueBytes);
  const auto udev =
      udev_message(nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", pair}));
  ASSERT_EQ(parse(udev, ev), UeventError::none);
  EXPECT_EQ(ev.property(key), value);
}

TEST(UeventParser, UnknownKeysMayRepeatAndLookupFindsTheFirst) {
  const auto msg = kernel_message(
      "add@/devices/x", {"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", "LINK=a", "LINK=b"});
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.property("LINK"), "a");
  EXPECT_EQ(ev.properties.size(), 5u);
}

// Each known key (rule 15) is taken only when every one of its bytes matches: a key one byte
// away from one, at any position, is an ordinary pair (else it would be a duplicate here), also
// as the message's last pair; the key itself is a duplicate.
TEST(UeventParser, AKeyOneByteFromAKnownKeyIsAnOrdinaryPair) {
  const std::vector<std::string> known = {
      "ACTION=add", "DEVPATH=/devices/x",     "SUBSYSTEM=s", "DEVTYPE=t", "DRIVER=d",
      "DEVNAME=n",  "DEVPATH_OLD=/devices/y", "SEQNUM=7",    "MAJOR=1",   "MINOR=2"};
  const auto message = [&](const std::string& extra, bool last, bool udev) {
    std::vector<std::string> pairs = known;
    pairs.insert(last ? pairs.end() : pairs.begin() + 3, extra);
    std::string joined;
    for (const std::string& pair : pairs) joined.append(pair).push_back('\0');
    return udev ? udev_message(joined) : kernel_message("add@/devices/x", joined);
  };
  int variants = 0;
  for (const std::string& pair : known) {
    const std::string key = pair.substr(0, pair.find('='));
    for (const bool last : {false, true}) {
      for (const bool udev : {false, true}) {
        Uevent ev;
        EXPECT_EQ(parse(message(key + "=1", last, udev), ev), UeventError::duplicate_key) << key;
        for (std::size_t at = 0; at < key.size(); ++at) {
          for (const char c : {'X', 'a', '_', '.', '0'}) {
            if (c == key[at] || (at == 0 && c == '0')) continue;
            std::string variant = key;
            variant[at] = c;
            ++variants;
            const auto bytes = message(variant + "=v", last, udev);  // ev points into them
            ASSERT_EQ(parse(bytes, ev), UeventError::none)
                << variant << (last ? " last" : " in the middle");
            EXPECT_EQ(ev.property(variant), "v");
            EXPECT_EQ(ev.action, "add");
            EXPECT_EQ(ev.devtype, "t");
            EXPECT_EQ(ev.seqnum, 7u);
            EXPECT_EQ(ev.minor, 2u);
          }
        }
      }
    }
  }
  EXPECT_GT(variants, 1000);
}

TEST(UeventParser, AKeyOneByteFromATransientKeyIsAnOrdinaryPair) {
  // Every transient key of every length (the longer ones are compared in three words), each byte
  // replaced: kept, not marked. SYNTH_ARG_ is a prefix: a byte of it replaced, not marked.
  const std::vector<std::string> transient = {"ACTION",
                                              "SEQNUM",
                                              "DEVPATH_OLD",
                                              "SYNTH_UUID",
                                              "SYNTH_ARG_X",
                                              "DISK_MEDIA_CHANGE",
                                              "DISK_EJECT_REQUEST",
                                              "UDEV_DATABASE_VERSION"};
  const std::string base = nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"});
  int variants = 0;
  for (const std::string& key : transient) {
    const std::size_t compared = key.starts_with("SYNTH_ARG_") ? 10 : key.size();
    for (std::size_t at = 0; at < compared; ++at) {
      for (const char c : {'X', 'a', '_', '.', '0'}) {
        if (c == key[at] || (at == 0 && c == '0')) continue;
        std::string variant = key;
        variant[at] = c;
        for (const bool udev : {false, true}) {
          const std::string pairs = base + variant + "=v" + std::string(1, '\0');
          const std::string msg =
              udev ? udev_message(pairs) : kernel_message("add@/devices/x", pairs);
          Uevent ev;
          ASSERT_EQ(parse(msg, ev), UeventError::none) << variant;
          EXPECT_EQ(ev.transient, std::vector<std::uint32_t>{0}) << variant;
          EXPECT_EQ(ev.property(variant), "v");
          EXPECT_FALSE(is_transient_key(variant)) << variant;
          ++variants;
        }
      }
    }
    EXPECT_TRUE(is_transient_key(key)) << key;
    const bool prefix = key.starts_with("SYNTH_ARG_");  // SYNTH_ARG_ itself included
    EXPECT_EQ(is_transient_key(key.substr(0, key.size() - 1)), prefix) << key;
    EXPECT_EQ(is_transient_key(key + "X"), prefix) << key;
  }
  EXPECT_GT(variants, 500);
}

// Rules 11 to 13 a pair at a time and a byte at a time, as the table in uevent.cpp states them:
// the reference the parser's sixteen-byte windows are checked against.
struct ReferencePairs {
  UeventError error = UeventError::none;
  std::vector<std::pair<std::string, std::string>> pairs;
};

ReferencePairs reference_pairs(std::string_view bytes) {
  const auto key_byte = [](char c, bool first) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' ||
           (!first && c >= '0' && c <= '9');
  };
  ReferencePairs out;
  while (!bytes.empty()) {
    const auto nul = bytes.find('\0');
    if (nul == std::string_view::npos) return {UeventError::not_nul_terminated, out.pairs};
    const auto pair = bytes.substr(0, nul);
    bytes.remove_prefix(nul + 1);
    const auto eq = pair.find('=');
    bool valid = eq != std::string_view::npos && eq >= 1 && eq <= kUeventMaxKeyBytes;
    for (std::size_t i = 0; valid && i < eq; ++i) valid = key_byte(pair[i], i == 0);
    if (!valid) return {UeventError::malformed_pair, out.pairs};
    if (pair.size() - eq - 1 > kUeventMaxValueBytes)
      return {UeventError::value_too_long, out.pairs};
    out.pairs.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
  }
  return out;
}

// Random pairs, right and wrong, at every alignment to the sixteen-byte windows and ending at the
// end of the message (an allocation of its exact size, so ASan sees any read past it): the parser
// agrees with the reference on the error and on every pair. Keys never spell a key the parser
// interprets (no 'C', 'E', 'M', ...), so a message is refused only for its pairs.
TEST(UeventParser, RandomPairsAtEveryAlignmentParseAsAByteAtATimeReferenceWould) {
  std::mt19937 random(20261207);
  const auto pick = [&](std::string_view from) { return from[random() % from.size()]; };
  const auto length = [&](std::size_t usual, std::size_t limit) {
    const std::size_t roll = random() % 64;
    if (roll == 0) return limit;
    if (roll == 1) return limit + 1;
    return static_cast<std::size_t>(random() % (usual + 1));
  };
  const std::string_view key_bytes("AZaz09_.QqYy", 12);
  const std::string_view wrong_key_bytes("=\0\xff\x7f\x80-@/ \x01\x5b\x60\x7b", 13);
  const std::string_view value_bytes("v/.=\xff\x80\x7f\x01 \0", 10);
  const auto random_pair = [&] {
    std::string pair;
    const std::size_t key = length(20, kUeventMaxKeyBytes);
    for (std::size_t i = 0; i < key; ++i)
      pair.push_back(random() % 40 == 0 ? pick(wrong_key_bytes) : pick(key_bytes));
    if (random() % 30 != 0) pair.push_back('=');
    const std::size_t value = length(40, kUeventMaxValueBytes);
    for (std::size_t i = 0; i < value; ++i)
      pair.push_back(random() % 60 == 0 ? pick(value_bytes) : 'v');
    if (random() % 30 != 0) pair.push_back('\0');
    return pair;
  };
  const std::string base = nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"});
  std::size_t refused = 0;
  std::size_t accepted = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string extra;
    for (std::size_t n = random() % 5; n > 0; --n) extra += random_pair();
    const std::string pad(static_cast<std::size_t>(round % 16), 'p');
    const bool udev = round % 2 == 1;
    // The padding in DEVPATH moves the pairs across the windows; in udev's format, the header's
    // gap does.
    const std::string devpath = "/devices/x" + pad;
    const std::string pairs = nul_join({"ACTION=add", "DEVPATH=" + devpath, "SUBSYSTEM=s"}) + extra;
    UdevHeader header;
    header.gap = pad;
    const std::string built =
        udev ? udev_message(pairs, header) : kernel_message("add@" + devpath, pairs);
    const std::vector<char> message(built.begin(), built.end());
    const ReferencePairs expected = reference_pairs(extra);
    Uevent ev;
    const UeventError error = parse_uevent(message, ev);
    ASSERT_EQ(error, expected.error) << "round " << round;
    if (error != UeventError::none) {
      ++refused;
      continue;
    }
    ++accepted;
    ASSERT_EQ(ev.properties.size(), 3 + expected.pairs.size()) << "round " << round;
    for (std::size_t i = 0; i < expected.pairs.size(); ++i) {
      EXPECT_EQ(ev.properties[3 + i].first, expected.pairs[i].first) << "round " << round;
      EXPECT_EQ(ev.properties[3 + i].second, expected.pairs[i].second) << "round " << round;
    }
    EXPECT_TRUE(ev.transient == std::vector<std::uint32_t>{0}) << "round " << round;
  }
  EXPECT_GT(refused, 500u);
  EXPECT_GT(accepted, 500u);
}

// A message shorter than sixteen bytes is read through a copy: every such message the byte
// alphabet below makes is refused for the reason the reference gives, or for a missing key.
TEST(UeventParser, MessagesShorterThanAWindowAreParsedAsTheReferenceWould) {
  const std::string_view alphabet("A=\0a@", 5);
  std::size_t messages = 0;
  for (std::size_t size = 1; size < 16; ++size) {
    for (std::size_t code = 0; code < 4000; ++code) {
      std::string text;
      for (std::size_t i = 0, rest = code * 7919 + size; i < size; ++i, rest /= 5)
        text.push_back(alphabet[rest % 5]);
      const std::vector<char> message(text.begin(), text.end());
      Uevent ev;
      const UeventError error = parse_uevent(message, ev);
      const auto nul = text.find('\0');
      if (text.starts_with(std::string_view("libudev\0", 8)) || nul == std::string::npos ||
          text.substr(0, nul).find('@') == std::string::npos) {
        EXPECT_NE(error, UeventError::none) << ::testing::PrintToString(text);
        continue;
      }
      const ReferencePairs expected = reference_pairs(std::string_view(text).substr(nul + 1));
      if (expected.error != UeventError::none) {
        EXPECT_EQ(error, expected.error) << ::testing::PrintToString(text);
      } else {
        EXPECT_EQ(error, UeventError::missing_action) << ::testing::PrintToString(text);
      }
      ++messages;
    }
  }
  EXPECT_GT(messages, 1000u);
}

// ---- accepted messages, udev format -----------------------------------------------------------

TEST(UeventParser, UdevBlockAdd) {
  const auto msg = testing::udev_sda1_add();
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.format, UeventFormat::udev);
  EXPECT_EQ(ev.action, "add");
  EXPECT_EQ(ev.subsystem, "block");
  EXPECT_EQ(ev.devname, "/dev/sda1");
  EXPECT_EQ(ev.devtype, "partition");
  EXPECT_EQ(ev.seqnum, 2950u);
  EXPECT_TRUE(ev.has_devnum);
  EXPECT_EQ(ev.major, 8u);
  EXPECT_EQ(ev.minor, 1u);
  EXPECT_EQ(ev.property("ID_FS_TYPE"), "ext4");
  EXPECT_EQ(ev.property("TAGS"), ":systemd:");
  EXPECT_EQ(ev.properties.size(), 17u);
}

TEST(UeventParser, UdevUsbWithRealFilterHashes) {
  UdevHeader h;
  h.subsystem_hash = 0x5a3c9f1e;
  h.devtype_hash = 0x1234abcd;
  h.tag_bloom_hi = 0x00100000;
  h.tag_bloom_lo = 0x02000040;
  const auto msg = udev_message(nul_join({"ACTION=add",
                                          "DEVPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-2",
                                          "SUBSYSTEM=usb",
                                          "DEVNAME=/dev/bus/usb/001/002",
                                          "DEVTYPE=usb_device",
                                          "DRIVER=usb",
                                          "PRODUCT=46d/c52b/1211",
                                          "TYPE=0/0/0",
                                          "BUSNUM=001",
                                          "DEVNUM=002",
                                          "SEQNUM=3301",
                                          "USEC_INITIALIZED=99",
                                          "MAJOR=189",
                                          "MINOR=1",
                                          "ID_VENDOR=Logitech",
                                          "ID_VENDOR_ID=046d",
                                          "ID_MODEL_ID=c52b",
                                          "ID_SERIAL=Logitech_USB_Receiver",
                                          "ID_USB_INTERFACES=:030101:030102:030000:",
                                          "TAGS=:seat:uaccess:",
                                          "CURRENT_TAGS=:seat:uaccess:"}),
                                h);
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.driver, "usb");
  EXPECT_EQ(ev.property("ID_USB_INTERFACES"), ":030101:030102:030000:");
}

TEST(UeventParser, UdevMessageLargerThan8KiB) {
  // Like systemd issue 24987: many long DMI-style properties.
  std::string properties =
      nul_join({"ACTION=change", "DEVPATH=/devices/virtual/dmi/id", "SUBSYSTEM=dmi", "SEQNUM=42"});
  for (int i = 0; i < 60; ++i) {
    properties += "ID_DMI_FIELD_" + std::to_string(i) + "=" + std::string(200, 'a' + i % 26);
    properties.push_back('\0');
  }
  const auto msg = udev_message(properties);
  ASSERT_GT(msg.size(), 12u * 1024u);
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.properties.size(), 64u);
  EXPECT_EQ(ev.property("ID_DMI_FIELD_59"), std::string(200, 'a' + 59 % 26));
}

TEST(UeventParser, UdevHeaderMayGrowBeyondTheFieldsWeKnow) {
  UdevHeader h;
  h.gap = std::string(8, '\x7f');  // a future header with two more words
  const auto msg = udev_message(nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"}), h);
  Uevent ev;
  ASSERT_EQ(parse(msg, ev), UeventError::none);
  EXPECT_EQ(ev.properties.size(), 3u);
}

// ---- the out parameter is reused --------------------------------------------------------------

TEST(UeventParser, NothingLeaksFromThePreviousMessage) {
  Uevent ev;
  ASSERT_EQ(parse(testing::udev_sda1_add(), ev), UeventError::none);
  const auto capacity = ev.properties.capacity();
  ASSERT_EQ(
      parse(kernel_message("add@/devices/x", {"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"}),
            ev),
      UeventError::none);
  EXPECT_EQ(ev.format, UeventFormat::kernel);
  EXPECT_TRUE(ev.devtype.empty());
  EXPECT_TRUE(ev.devname.empty());
  EXPECT_FALSE(ev.has_devnum);
  EXPECT_EQ(ev.major, 0u);
  EXPECT_EQ(ev.seqnum, 0u);
  EXPECT_EQ(ev.properties.size(), 3u);
  EXPECT_EQ(ev.properties.capacity(), capacity) << "the vector is reused, not reallocated";
}

// ---- rejections -------------------------------------------------------------------------------

struct Rejection {
  std::string name;
  std::string message;
  UeventError expected;
};

std::string base_pairs() { return nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s"}); }

std::string kernel_with(std::initializer_list<std::string_view> extra) {
  return kernel_message("add@/devices/x", base_pairs() + nul_join(extra));
}

std::string udev_with_header(const UdevHeader& h) { return udev_message(base_pairs(), h); }

std::vector<Rejection> rejections() {
  const auto base = base_pairs();
  const auto size_of_udev = static_cast<std::uint32_t>(40 + base.size());
  std::vector<Rejection> r;
  auto add = [&r](std::string name, std::string message, UeventError expected) {
    r.push_back({std::move(name), std::move(message), expected});
  };
  auto header = [](auto setter) {
    UdevHeader h;
    setter(h);
    return h;
  };

  add("empty", "", UeventError::empty);

  // Kernel header.
  add("kernel: no NUL at all", "add@/devices/x", UeventError::not_nul_terminated);
  add("kernel: header without '@'", base, UeventError::header_mismatch);
  add("kernel: header action differs", kernel_message("remove@/devices/x", base),
      UeventError::header_mismatch);
  add("kernel: header devpath differs", kernel_message("add@/devices/y", base),
      UeventError::header_mismatch);
  add("kernel: header devpath longer", kernel_message("add@/devices/x/z", base),
      UeventError::header_mismatch);
  add("kernel: header empty", kernel_message("", base), UeventError::header_mismatch);
  add("kernel: header only", kernel_message("add@/devices/x", ""), UeventError::missing_action);

  // Pairs.
  add("last pair not NUL-terminated", kernel_message("add@/devices/x", base + "SEQNUM=1"),
      UeventError::not_nul_terminated);
  add("udev: last pair not NUL-terminated", udev_message(base + "SEQNUM=1"),
      UeventError::not_nul_terminated);
  add("pair without '='", kernel_with({"NOEQUALS"}), UeventError::malformed_pair);
  add("empty pair", kernel_with({""}), UeventError::malformed_pair);
  add("empty key", kernel_with({"=value"}), UeventError::malformed_pair);
  add("key starts with a digit", kernel_with({"1KEY=v"}), UeventError::malformed_pair);
  add("key with '-'", kernel_with({"A-B=v"}), UeventError::malformed_pair);
  add("key with a space", kernel_with({"A B=v"}), UeventError::malformed_pair);
  add("key with a control char", kernel_with({"A\tB=v"}), UeventError::malformed_pair);
  add("key with UTF-8", kernel_with({"\xc3\x89T\xc3\x89=v"}), UeventError::malformed_pair);
  add("key too long", kernel_with({std::string(kUeventMaxKeyBytes + 1, 'K') + "=v"}),
      UeventError::malformed_pair);
  add("value too long", kernel_with({"V=" + std::string(kUeventMaxValueBytes + 1, 'v')}),
      UeventError::value_too_long);
  add("udev: value too long",
      udev_message(base + nul_join({"V=" + std::string(kUeventMaxValueBytes + 1, 'v')})),
      UeventError::value_too_long);
  add("udev: kernel header inside the properties",
      udev_message(kernel_message("add@/devices/x", base)), UeventError::malformed_pair);

  // Required fields.
  add("no ACTION",
      kernel_message("add@/devices/x", nul_join({"DEVPATH=/devices/x", "SUBSYSTEM=s"})),
      UeventError::missing_action);
  add("empty ACTION",
      kernel_message("@/devices/x", nul_join({"ACTION=", "DEVPATH=/devices/x", "SUBSYSTEM=s"})),
      UeventError::missing_action);
  add("no DEVPATH", kernel_message("add@", nul_join({"ACTION=add", "SUBSYSTEM=s"})),
      UeventError::missing_devpath);
  add("no SUBSYSTEM",
      kernel_message("add@/devices/x", nul_join({"ACTION=add", "DEVPATH=/devices/x"})),
      UeventError::missing_subsystem);
  add("empty SUBSYSTEM",
      kernel_message("add@/devices/x",
                     nul_join({"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM="})),
      UeventError::missing_subsystem);
  add("udev: no SUBSYSTEM", udev_message(nul_join({"ACTION=add", "DEVPATH=/devices/x"})),
      UeventError::missing_subsystem);
  add("udev: no properties at all", udev_message(""), UeventError::missing_action);

  // Numbers.
  for (const char* seq : {"", "abc", "-1", "+1", "01", "00", " 1", "1 ", "1x", "0x10",
                          "18446744073709551616", "99999999999999999999"}) {
    add(std::string("SEQNUM='") + seq + "'", kernel_with({std::string("SEQNUM=") + seq}),
        UeventError::bad_seqnum);
  }
  add("MAJOR without MINOR", kernel_with({"MAJOR=8"}), UeventError::bad_devnum);
  add("MINOR without MAJOR", kernel_with({"MINOR=8"}), UeventError::bad_devnum);
  add("MAJOR over 32 bits", kernel_with({"MAJOR=4294967296", "MINOR=0"}), UeventError::bad_devnum);
  add("MINOR not decimal", kernel_with({"MAJOR=8", "MINOR=0x1"}), UeventError::bad_devnum);
  add("MAJOR with a leading zero", kernel_with({"MAJOR=08", "MINOR=1"}), UeventError::bad_devnum);
  add("MAJOR empty", kernel_with({"MAJOR=", "MINOR=1"}), UeventError::bad_devnum);

  // DEVPATH.
  const char* bad_paths[] = {"devices/x",    "x",           "/",
                             "/devices//x",  "/devices/x/", "/devices/../etc",
                             "/devices/./x", "/..",         "/devices/.."};
  for (const char* path : bad_paths) {
    add(std::string("DEVPATH='") + path + "'",
        kernel_message(std::string("add@") + path,
                       nul_join({"ACTION=add", std::string("DEVPATH=") + path, "SUBSYSTEM=s"})),
        UeventError::bad_devpath);
  }
  add("DEVPATH_OLD relative", kernel_with({"DEVPATH_OLD=devices/y"}), UeventError::bad_devpath);
  add("DEVPATH_OLD with ..", kernel_with({"DEVPATH_OLD=/devices/../y"}), UeventError::bad_devpath);

  // Duplicates of the interpreted keys, even with the same value.
  for (const char* pair :
       {"ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=s", "DEVTYPE=a", "DRIVER=d", "DEVNAME=n",
        "DEVPATH_OLD=/y", "SEQNUM=1", "MAJOR=1", "MINOR=1"}) {
    const std::string text(pair);
    const bool in_base =
        text.starts_with("ACTION") || text.starts_with("DEVPATH=") || text.starts_with("SUBSYSTEM");
    add(std::string("duplicate ") + pair, in_base ? kernel_with({pair}) : kernel_with({pair, pair}),
        UeventError::duplicate_key);
  }
  add("ACTION given twice with different values", kernel_with({"ACTION=remove"}),
      UeventError::duplicate_key);

  // The udev header, lying in every way.
  add("udev: prefix only", std::string("libudev\0", 8), UeventError::truncated_header);
  add("udev: 39 bytes", udev_with_header({}).substr(0, 39), UeventError::truncated_header);
  add("udev: wrong magic", udev_with_header(header([](auto& h) { h.magic = 0xcafefeed; })),
      UeventError::bad_udev_magic);
  add("udev: magic in host order",
      udev_with_header(header([](auto& h) { h.magic_in_host_order = true; })),
      UeventError::bad_udev_magic);
  add("udev: zero magic", udev_with_header(header([](auto& h) { h.magic = 0; })),
      UeventError::bad_udev_magic);
  add("udev: header_size 0", udev_with_header(header([](auto& h) { h.header_size = 0; })),
      UeventError::bad_udev_header_size);
  add("udev: header_size 39", udev_with_header(header([](auto& h) { h.header_size = 39; })),
      UeventError::bad_udev_header_size);
  add("udev: header_size beyond the message",
      udev_with_header(header([&](auto& h) { h.header_size = size_of_udev + 1; })),
      UeventError::bad_udev_header_size);
  add("udev: header_size 0xffffffff",
      udev_with_header(header([](auto& h) { h.header_size = 0xffffffff; })),
      UeventError::bad_udev_header_size);
  add("udev: header_size big-endian 40",
      udev_with_header(header([](auto& h) { h.header_size = 0x28000000; })),
      UeventError::bad_udev_header_size);
  add("udev: properties inside the header (off 0)",
      udev_with_header(header([](auto& h) { h.properties_off = 0; })),
      UeventError::bad_udev_offsets);
  add("udev: properties inside the header (off 39)",
      udev_with_header(header([](auto& h) { h.properties_off = 39; })),
      UeventError::bad_udev_offsets);
  add("udev: properties before a larger header_size", udev_with_header(header([](auto& h) {
        h.header_size = 44;
        h.properties_off = 40;
      })),
      UeventError::bad_udev_offsets);
  add("udev: off beyond the message",
      udev_with_header(header([&](auto& h) { h.properties_off = size_of_udev + 1; })),
      UeventError::bad_udev_offsets);
  add("udev: off at the end, len 1", udev_with_header(header([&](auto& h) {
        h.properties_off = size_of_udev;
        h.properties_len = 1;
      })),
      UeventError::bad_udev_offsets);
  add("udev: len one too long", udev_with_header(header([&](auto& h) {
        h.properties_len = static_cast<std::uint32_t>(base_pairs().size() + 1);
      })),
      UeventError::bad_udev_offsets);
  add("udev: len one too short (a trailing byte)", udev_with_header(header([&](auto& h) {
        h.properties_len = static_cast<std::uint32_t>(base_pairs().size() - 1);
      })),
      UeventError::bad_udev_offsets);
  add("udev: len 0 with properties after it",
      udev_with_header(header([](auto& h) { h.properties_len = 0; })),
      UeventError::bad_udev_offsets);
  add("udev: len 0xffffffff",
      udev_with_header(header([](auto& h) { h.properties_len = 0xffffffff; })),
      UeventError::bad_udev_offsets);
  add("udev: off + len wraps around 32 bits", udev_with_header(header([](auto& h) {
        h.properties_off = 0xfffffff0;
        h.properties_len = 0x10 + 40 + 5;
      })),
      UeventError::bad_udev_offsets);
  add("udev: off 0xffffffff",
      udev_with_header(header([](auto& h) { h.properties_off = 0xffffffff; })),
      UeventError::bad_udev_offsets);
  add("udev: big-endian offsets",
      udev_with_header(header([](auto& h) { h.properties_off = 0x28000000; })),
      UeventError::bad_udev_offsets);
  add("udev: properties skip the first pair", udev_with_header(header([](auto& h) {
        h.properties_off = 40 + 11;  // past "ACTION=add\0"
        h.properties_len = static_cast<std::uint32_t>(base_pairs().size() - 11);
      })),
      UeventError::missing_action);
  add("udev: properties start mid-pair", udev_with_header(header([](auto& h) {
        h.properties_off = 40 + 3;
        h.properties_len = static_cast<std::uint32_t>(base_pairs().size() - 3);
      })),
      UeventError::missing_action);
  return r;
}

TEST(UeventParser, RejectsEveryMalformedMessageWithTheRightReason) {
  Uevent ev;
  std::size_t checked = 0;
  for (const auto& c : rejections()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(parse(c.message, ev), c.expected) << "got: " << to_string(parse(c.message, ev));
    ++checked;
  }
  EXPECT_GT(checked, 90u);
}

TEST(UeventParser, EveryRejectionClassIsExercised) {
  std::set<UeventError> seen;
  for (const auto& c : rejections()) seen.insert(c.expected);
  for (auto e = static_cast<int>(UeventError::empty);
       e <= static_cast<int>(UeventError::duplicate_key); ++e) {
    if (static_cast<UeventError>(e) == UeventError::invalid_utf8) continue;  // never rejected
    EXPECT_TRUE(seen.count(static_cast<UeventError>(e)) == 1)
        << "no test case for " << to_string(static_cast<UeventError>(e));
  }
}

TEST(UeventParser, ErrorsHaveDistinctDescriptions) {
  std::set<std::string_view> texts;
  for (auto e = static_cast<int>(UeventError::none);
       e <= static_cast<int>(UeventError::duplicate_key); ++e) {
    const auto text = to_string(static_cast<UeventError>(e));
    EXPECT_FALSE(text.empty());
    EXPECT_NE(text, "unknown uevent error");
    texts.insert(text);
  }
  EXPECT_EQ(texts.size(), static_cast<std::size_t>(UeventError::duplicate_key) + 1);
}

TEST(UeventParser, PrefixesOfValidMessagesAreRejectedUnlessThemselvesComplete) {
  Uevent ev;
  // udev: the header's length no longer matches, whatever the cut.
  const auto udev = testing::udev_sda1_add();
  for (std::size_t n = 0; n < udev.size(); ++n) {
    EXPECT_NE(parse(udev.substr(0, n), ev), UeventError::none) << "udev prefix of " << n;
  }
  // kernel: a cut after a pair's NUL, once SUBSYSTEM is in, is itself a complete message.
  const auto kernel = testing::kernel_lo_change();
  const auto complete_from = kernel.find("SUBSYSTEM=net") + sizeof("SUBSYSTEM=net");
  for (std::size_t n = 0; n < kernel.size(); ++n) {
    const auto prefix = kernel.substr(0, n);
    const bool complete = n >= complete_from && prefix.back() == '\0';
    EXPECT_EQ(parse(prefix, ev) == UeventError::none, complete) << "kernel prefix of " << n;
  }
}

TEST(UeventParser, EverySeedOfTheFuzzCorpusParses) {
  // The seeds are realistic messages (test/fuzz/make_uevent_corpus.py): all must be accepted.
  std::size_t seeds = 0;
  std::set<UeventFormat> formats;
  for (const auto& entry : std::filesystem::directory_iterator(CMNOTIFY_UEVENT_CORPUS)) {
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    Uevent ev;
    EXPECT_EQ(parse(bytes, ev), UeventError::none) << to_string(parse(bytes, ev));
    formats.insert(ev.format);
    ++seeds;
  }
  EXPECT_GE(seeds, 12u);
  EXPECT_EQ(formats.size(), 2u) << "seeds of both formats";
}

}  // namespace
}  // namespace cmnotify::linux_source
