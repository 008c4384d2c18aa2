// The command's pure parts: instance patterns, display order, summary layout, JSON and text forms.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli/display_text.hpp"
#include "cli/event_order.hpp"
#include "cli/journal.hpp"
#include "cli/json_format.hpp"
#include "cli/json_schema.hpp"
#include "cli/numbers.hpp"
#include "cli/pattern.hpp"
#include "cli/summary.hpp"
#include "cli/text_format.hpp"
#include "cli/time_format.hpp"
#include "cmnotify/cmnotify.hpp"

namespace cmnotify::cli {
namespace {

using namespace std::chrono_literals;

DevicePtr device(const std::string& id, const std::string& syspath, const std::string& subsystem,
                 std::vector<DeviceInterface> interfaces = {}) {
  auto d = std::make_shared<Device>();
  d->instance_id = id;
  d->syspath = syspath;
  d->subsystem = subsystem;
  d->interfaces = std::move(interfaces);
  return d;
}

Received received(Action action, FilterType type, const DevicePtr& d, std::uint64_t sequence,
                  std::uint64_t arrival, Origin origin = Origin::live) {
  Received r;
  r.event.action = action;
  r.event.filter_type = type;
  r.event.device = d;
  r.event.sequence = sequence;
  r.event.origin = origin;
  r.arrival = arrival;
  r.time = std::chrono::system_clock::now();
  return r;
}

TEST(CliPattern, MatchesWindowsStyleIdsCaseInsensitively) {
  EXPECT_TRUE(wildcard_match("USB\\VID_046D*", "usb\\vid_046d&pid_c52b\\5&1A2B&0&2"));
  EXPECT_TRUE(wildcard_match("*\\CMNTAP0", "SWD\\NET\\CMNTAP0"));
  EXPECT_FALSE(wildcard_match("*\\CMNTAP0", "SWD\\NET\\CMNTAP01"));
  EXPECT_TRUE(wildcard_match("SWD\\NET\\CMNTAP?", "swd\\net\\cmntap7"));
  EXPECT_FALSE(wildcard_match("SWD\\NET\\CMNTAP?", "SWD\\NET\\CMNTAP"));
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_TRUE(wildcard_match("a*b*c", "axxbyybzzc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "axxbyybzz"));
  EXPECT_TRUE(wildcard_match("SWD\\NET\\LO", "swd\\net\\lo"));
  EXPECT_FALSE(wildcard_match("SWD\\NET\\LO", "SWD\\NET\\LO2"));
  // Many stars against a long near-miss: must finish (one backtrack point, no exponential search).
  std::string pattern;
  for (int i = 0; i < 60; ++i) pattern += "*a";
  EXPECT_FALSE(wildcard_match(pattern + "b", std::string(199, 'a')));
}

TEST(CliPattern, SlashStandsForBackslashAndWildcardsAreDetected) {
  EXPECT_EQ(canonical_instance_text("swd/net/lo"), "swd\\net\\lo");
  EXPECT_EQ(canonical_instance_text("SWD\\NET\\LO"), "SWD\\NET\\LO");
  EXPECT_TRUE(has_wildcards("USB\\VID_046D*"));
  EXPECT_TRUE(has_wildcards("SWD\\NET\\TAP?"));
  EXPECT_FALSE(has_wildcards("SWD\\NET\\LO"));
  EXPECT_TRUE(same_instance_id("swd\\net\\lo", "SWD\\NET\\LO"));
  EXPECT_FALSE(same_instance_id("SWD\\NET\\LO", "SWD\\NET\\LO0"));
}

TEST(CliEventOrder, PutsOneUeventsNotificationsInWindowsOrderWhateverTheyArrivedIn) {
  const auto tap = device("SWD\\NET\\T0", "/sys/devices/virtual/net/t0", "net");
  EventOrder order(20ms, 250ms);
  const auto t0 = EventOrder::Clock::time_point{} + 1s;
  // The interface registration's thread ran first.
  order.add(received(Action::interface_arrival, FilterType::device_interface, tap, 7, 0), t0);
  order.add(received(Action::interface_arrival, FilterType::device_interface, tap, 7, 1), t0);
  order.add(received(Action::instance_enumerated, FilterType::device_instance, tap, 7, 2), t0);
  order.add(received(Action::instance_started, FilterType::device_instance, tap, 7, 3), t0);
  order.add(received(Action::instance_removed, FilterType::device_instance, tap, 9, 4), t0);
  order.add(received(Action::interface_removal, FilterType::device_interface, tap, 9, 5), t0);
  order.add(received(Action::remove_complete, FilterType::device_handle, tap, 9, 6), t0);
  const auto events = order.take_all();
  std::vector<std::pair<Action, std::uint64_t>> got;
  for (const Received& r : events) got.emplace_back(r.event.action, r.arrival);
  const std::vector<std::pair<Action, std::uint64_t>> want = {
      {Action::instance_enumerated, 2}, {Action::instance_started, 3},
      {Action::interface_arrival, 0},   {Action::interface_arrival, 1},
      {Action::interface_removal, 5},   {Action::remove_complete, 6},
      {Action::instance_removed, 4}};
  EXPECT_EQ(got, want);
  EXPECT_TRUE(order.empty());
}

TEST(CliEventOrder, PresentDevicesComeFirstParentsBeforeChildren) {
  const auto root = device("A", "/sys/devices/pci0000:00", "");
  const auto child = device("B", "/sys/devices/pci0000:00/0000:00:01.0", "pci");
  const auto sibling = device("C", "/sys/devices/pci0000:00-x", "");
  const auto live = device("D", "/sys/devices/virtual/net/t0", "net");
  EventOrder order(20ms, 250ms);
  const auto t0 = EventOrder::Clock::time_point{} + 1s;
  order.add(received(Action::instance_enumerated, FilterType::device_instance, live, 5, 0), t0);
  order.add(received(Action::interface_arrival, FilterType::device_interface, child, 0, 1,
                     Origin::present),
            t0);
  order.add(received(Action::instance_enumerated, FilterType::device_instance, sibling, 0, 2,
                     Origin::present),
            t0);
  order.add(received(Action::instance_enumerated, FilterType::device_instance, child, 0, 3,
                     Origin::present),
            t0);
  order.add(received(Action::instance_enumerated, FilterType::device_instance, root, 0, 4,
                     Origin::present),
            t0);
  std::vector<std::string> got;
  for (const Received& r : order.take_all())
    got.push_back(r.event.device->instance_id + ":" + std::string(to_string(r.event.action)));
  const std::vector<std::string> want = {"A:DEVICEINSTANCEENUMERATED", "B:DEVICEINSTANCEENUMERATED",
                                         "B:DEVICEINTERFACEARRIVAL", "C:DEVICEINSTANCEENUMERATED",
                                         "D:DEVICEINSTANCEENUMERATED"};
  EXPECT_EQ(got, want);
}

TEST(CliEventOrder, ReleasesAfterQuietOrLongestHold) {
  const auto d = device("A", "/sys/devices/a", "x");
  EventOrder order(20ms, 250ms);
  EXPECT_EQ(order.release_time(), std::nullopt);
  const auto t0 = EventOrder::Clock::time_point{} + 1s;
  order.add(received(Action::instance_enumerated, FilterType::device_instance, d, 1, 0), t0);
  EXPECT_EQ(order.release_time(), t0 + 20ms);
  EXPECT_TRUE(order.take_ready(t0 + 19ms).empty());
  // Events keep coming: the quiet moment moves, but never past the longest hold.
  for (int i = 1; i <= 30; ++i)
    order.add(received(Action::instance_enumerated, FilterType::device_instance, d, 1 + i, i),
              t0 + i * 10ms);
  EXPECT_EQ(order.release_time(), t0 + 250ms);
  EXPECT_EQ(order.take_ready(t0 + 250ms).size(), 31u);
  EXPECT_EQ(order.release_time(), std::nullopt);
}

TEST(CliSummary, CountsNamedClassesAndSubsystems) {
  const DeviceInterface net{interface_class::net, "\\\\?\\SWD#NET#A#{x}"};
  const DeviceInterface disk{interface_class::disk, "\\\\?\\ROOT#LOOP#0000#{x}"};
  const std::vector<DevicePtr> devices = {
      device("SWD\\NET\\A", "/sys/devices/virtual/net/a", "net", {net}),
      device("SWD\\NET\\B", "/sys/devices/virtual/net/b", "net", {net}),
      device("ROOT\\LOOP\\0000", "/sys/devices/virtual/block/loop0", "block", {disk}),
      device("SYSFS\\PLATFORM\\0", "/sys/devices/platform", ""),
      device("TTY\\TTY0\\VIRTUAL&TTY", "/sys/devices/virtual/tty/tty0", "tty"),
      device("TTY\\TTY1\\VIRTUAL&TTY", "/sys/devices/virtual/tty/tty1", "tty"),
      device("TTY\\TTY2\\VIRTUAL&TTY", "/sys/devices/virtual/tty/tty2", "tty")};
  const PresentSummary s = summarize(devices);
  EXPECT_EQ(s.devices, 7u);
  // In the named-class order (disk before net).
  EXPECT_EQ(s.interface_classes, (std::vector<Count>{{"disk", 1}, {"net", 2}}));
  EXPECT_EQ(s.subsystems,
            (std::vector<Count>{{"tty", 3}, {"net", 2}, {"(none)", 1}, {"block", 1}}));
}

TEST(CliSummary, FoldsCountsIntoTheLinesItMayUse) {
  std::vector<Count> counts;
  std::size_t total = 0;
  for (int i = 0; i < 40; ++i) {
    counts.push_back({"subsystem" + std::to_string(i), static_cast<std::size_t>(100 - i)});
    total += counts.back().count;
  }
  const auto all = fold_counts(counts, 80, 100);
  const std::regex item(R"((\S+) (\d+))");
  std::size_t shown = 0;
  for (const std::string& line : all) {
    EXPECT_LE(line.size(), 80u) << line;
    shown += static_cast<std::size_t>(std::distance(
        std::sregex_iterator(line.begin(), line.end(), item), std::sregex_iterator()));
  }
  EXPECT_EQ(shown, 40u);
  EXPECT_EQ(all.front().substr(0, 16), "subsystem0 100  ");

  const auto folded = fold_counts(counts, 80, 3);
  ASSERT_EQ(folded.size(), 3u);
  for (const std::string& line : folded) EXPECT_LE(line.size(), 80u) << line;
  // The last line says how many items and devices were folded, and nothing is lost.
  const std::regex more(R"(\+(\d+) more \((\d+) devices\)$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(folded.back(), m, more)) << folded.back();
  const std::size_t folded_items = std::stoul(m[1]);
  std::size_t visible_devices = 0;
  for (std::size_t i = 0; i < counts.size() - folded_items; ++i) visible_devices += counts[i].count;
  EXPECT_EQ(visible_devices + std::stoul(m[2]), total);

  EXPECT_EQ(fold_counts({{"tty", 3}}, 80, 2), std::vector<std::string>{"tty 3"});
  EXPECT_TRUE(fold_counts({}, 80, 2).empty());
}

TEST(CliJsonFormat, EventRecordsHaveEveryDocumentedKeyInOrder) {
  const auto d =
      device("SWD\\NET\\T0", "/sys/devices/virtual/net/t0", "net",
             {{interface_class::net, "\\\\?\\SWD#NET#T0#{cac88484-7515-4c03-82e6-71a87abac361}"}});
  Received r = received(Action::interface_arrival, FilterType::device_interface, d, 42, 0);
  r.event.class_guid = interface_class::net;
  r.event.symbolic_link = d->interfaces[0].symbolic_link;
  ClassNames names;
  const Json j = event_json(r, names, false);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, cmnotify::testing::kEventRecordKeys);
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["action"], "DEVICEINTERFACEARRIVAL");
  EXPECT_EQ(j["filter_type"], "DEVICEINTERFACE");
  EXPECT_EQ(j["origin"], "live");
  EXPECT_EQ(j["sequence"], 42);
  EXPECT_EQ(j["class_guid"], "{cac88484-7515-4c03-82e6-71a87abac361}");
  EXPECT_EQ(j["class_name"], "net");
  EXPECT_EQ(j["symbolic_link"], r.event.symbolic_link);
  EXPECT_TRUE(j["event_guid"].is_null());
  EXPECT_TRUE(j["devnode"].is_null());
  EXPECT_TRUE(j["major"].is_null());
  EXPECT_FALSE(event_json(r, names, false).contains("properties"));
  EXPECT_TRUE(event_json(r, names, true)["properties"].is_object());
}

TEST(CliJsonFormat, CustomEventsCarryTheEventGuidNotAClass) {
  auto d = std::make_shared<Device>();
  d->instance_id = "ROOT\\LOOP\\0064";
  d->syspath = "/sys/devices/virtual/block/loop64";
  d->devnode = "/dev/loop64";
  d->major = 7;
  d->minor = 512;
  Received r = received(Action::custom_event, FilterType::device_handle, d, 3, 0);
  r.event.class_guid = io_event::media_arrival;
  ClassNames names;
  const Json j = event_json(r, names, false);
  EXPECT_EQ(j["event_guid"], "{d07433c0-a98e-11d2-917a-00a0c9068ff3}");
  EXPECT_EQ(j["event_name"], "GUID_IO_MEDIA_ARRIVAL");
  EXPECT_TRUE(j["class_guid"].is_null());
  EXPECT_TRUE(j["symbolic_link"].is_null());
  EXPECT_EQ(j["devnode"], "/dev/loop64");
  EXPECT_EQ(j["major"], 7);
  EXPECT_EQ(j["minor"], 512);
}

TEST(CliJsonFormat, BytesThatAreNotUtf8NeverBreakALine) {
  auto d = std::make_shared<Device>();
  d->instance_id = "X\\Y\\Z";
  d->syspath = "/sys/devices/x";
  d->properties = {{"ID_MODEL", std::string("bad\xff\xfe bytes")}};
  ClassNames names;
  const std::string line = json_line(device_json(*d, names, true));
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  const Json parsed = Json::parse(line);
  EXPECT_EQ(parsed["properties"]["ID_MODEL"], "bad\xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

TEST(CliTimeFormat, LocalTimeWithMillisecondsAndOffset) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_TRUE(std::regex_match(iso_time(now),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d)")))
      << iso_time(now);
  EXPECT_TRUE(std::regex_match(clock_time(now), std::regex(R"(\d\d:\d\d:\d\d\.\d{3})")));
}

TEST(CliTextFormat, OneLinePerEventWithColourOnlyWhenAsked) {
  const auto d = device("SWD\\NET\\T0", "/sys/devices/virtual/net/t0", "net");
  Received r = received(Action::interface_arrival, FilterType::device_interface, d, 1, 0);
  r.event.class_guid = interface_class::net;
  r.event.symbolic_link = "\\\\?\\SWD#NET#T0#{cac88484-7515-4c03-82e6-71a87abac361}";
  ClassNames names;
  const std::string plain = event_text(r, Style(false), names);
  EXPECT_EQ(plain.find('\n'), plain.size() - 1);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(plain.find("DEVICEINTERFACEARRIVAL"), std::string::npos);
  EXPECT_NE(plain.find(r.event.symbolic_link + " (net)"), std::string::npos);
  EXPECT_NE(plain.find("/sys/devices/virtual/net/t0"), std::string::npos);
  EXPECT_NE(event_text(r, Style(true), names).find("\x1b[32m"), std::string::npos);

  Received present =
      received(Action::instance_enumerated, FilterType::device_instance, d, 0, 1, Origin::present);
  const std::string line = event_text(present, Style(false), names);
  EXPECT_EQ(line.rfind("present ", 0), 0u) << line;
  EXPECT_NE(line.find("SWD\\NET\\T0"), std::string::npos);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    out.push_back(text.substr(start, end - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

TEST(CliTextFormat, EventLinesFitTheWidthAndCutOnlyWhatDoesNotFit) {
  const auto d = device("SWD\\NET\\T0", "/sys/devices/virtual/net/t0", "net");
  Received r = received(Action::interface_arrival, FilterType::device_interface, d, 1, 0);
  r.event.class_guid = interface_class::net;
  r.event.symbolic_link = "\\\\?\\SWD#NET#T0#{cac88484-7515-4c03-82e6-71a87abac361}";
  ClassNames names;
  for (std::size_t width : {40u, 60u, 80u, 100u, 120u, 200u}) {
    SCOPED_TRACE(width);
    for (const std::string& line :
         {event_header(Style(false), width), event_text(r, Style(false), names, width)})
      for (const std::string& part : split_lines(line))
        EXPECT_LE(display_width(part), width) << part;
    // The header has the events' shape: one line, or three when the events are stacked.
    EXPECT_EQ(split_lines(event_header(Style(false), width)).size(),
              split_lines(event_text(r, Style(false), names, width)).size());
  }
  EXPECT_EQ(split_lines(event_header(Style(false), 80)).size(), 1u);
  // 200 columns: everything whole. 120: the link is cut at its end, its class kept, the path
  // whole. 80: both cut, the path at its start.
  const std::string at200 = event_text(r, Style(false), names, 200);
  EXPECT_NE(at200.find(r.event.symbolic_link + " (net)"), std::string::npos) << at200;
  const std::string at120 = event_text(r, Style(false), names, 120);
  EXPECT_NE(at120.find("\\\\?\\SWD#NET#T0#{cac88484-7515-"), std::string::npos) << at120;
  EXPECT_NE(at120.find("... (net)  /sys/devices/virtual/net/t0\n"), std::string::npos) << at120;
  const std::string at80 = event_text(r, Style(false), names, 80);
  EXPECT_NE(at80.find("... (net)"), std::string::npos) << at80;
  EXPECT_NE(at80.find("  ...irtual/net/t0\n"), std::string::npos) << at80;
  // Below 66 columns: stacked, three lines.
  EXPECT_EQ(split_lines(event_text(r, Style(false), names, 60)).size(), 3u);
  // 0: a pipe, every value whole.
  EXPECT_NE(event_text(r, Style(false), names, 0).find(r.event.symbolic_link + " (net)"),
            std::string::npos);
}

TEST(CliDisplayText, ControlCharactersAndBadBytesAreEscaped) {
  EXPECT_EQ(printable("c\x1b[7mX"), "c\\e[7mX");
  EXPECT_EQ(printable("a\nb\tc\rd\x7f"), "a\\nb\\tc\\x0dd\\x7f");
  EXPECT_EQ(printable("cm\xff\xe9x"), "cm\\xff\\xe9x");  // not UTF-8
  EXPECT_EQ(printable("\xc2\x9b"
                      "31m"),
            "\\x9b31m");                                                         // C1 CSI, as UTF-8
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x9c\x93"), "caf\xc3\xa9 \xe2\x9c\x93");  // printable UTF-8
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");                       // a surrogate
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                                // overlong '/'
  EXPECT_EQ(printable("SWD\\NET\\LO"), "SWD\\NET\\LO");                          // backslashes kept
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable(""), "");
}

TEST(CliDisplayText, WidthsCountCharactersAndCutsKeepWholeCharacters) {
  EXPECT_EQ(display_width("caf\xc3\xa9"), 4u);
  EXPECT_EQ(cut_end("SWD\\NET\\LONGNAME", 10), "SWD\\NET...");
  EXPECT_EQ(cut_start("/sys/devices/virtual/net/lo", 10), ".../net/lo");
  EXPECT_EQ(cut_end("short", 10), "short");
  EXPECT_EQ(cut_end("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4), "\xc3\xa9...");
  EXPECT_EQ(cut_end("abcdef", 2), "..");
  EXPECT_EQ(cut_end("abcdef", 0), "");
  EXPECT_EQ(pad("\xc3\xa9", 3), "\xc3\xa9  ");
}

TEST(CliNumbers, CountsAreDecimalAndInRange) {
  EXPECT_EQ(std::get<std::uint64_t>(parse_count("16")), 16u);
  EXPECT_EQ(std::get<std::uint64_t>(parse_count("18446744073709551615")), 18446744073709551615u);
  for (const char* bad : {"0x10", "1e3", "+5", "-1", " 5", "5 ", "", "1.0", "abc"}) {
    SCOPED_TRACE(bad);
    const auto r = parse_count(bad);
    ASSERT_TRUE(std::holds_alternative<std::string>(r));
    EXPECT_NE(std::get<std::string>(r).find("not a whole number"), std::string::npos);
  }
  for (const char* big : {"99999999999999999999", "18446744073709551616", "0", "000"}) {
    SCOPED_TRACE(big);
    const auto r = parse_count(big);
    ASSERT_TRUE(std::holds_alternative<std::string>(r)) << "never clamped";
    EXPECT_NE(std::get<std::string>(r).find("out of range"), std::string::npos);
  }
}

TEST(CliNumbers, SecondsAreDecimalAboveZeroAndBounded) {
  EXPECT_EQ(std::get<double>(parse_seconds("10")), 10.0);
  EXPECT_EQ(std::get<double>(parse_seconds("0.5")), 0.5);
  EXPECT_EQ(std::get<double>(parse_seconds(".25")), 0.25);
  EXPECT_EQ(std::get<double>(parse_seconds("1000000000")), 1e9);
  for (const char* bad : {"1e3", "0x10", "inf", "nan", "-1", "+1", "1.", ".", "", "1,5", " 1"}) {
    SCOPED_TRACE(bad);
    ASSERT_TRUE(std::holds_alternative<std::string>(parse_seconds(bad)));
    EXPECT_NE(std::get<std::string>(parse_seconds(bad)).find("not a number"), std::string::npos);
  }
  for (const char* out : {"0", "0.000", "1000000000.5", "99999999999999999999"}) {
    SCOPED_TRACE(out);
    ASSERT_TRUE(std::holds_alternative<std::string>(parse_seconds(out)));
    EXPECT_NE(std::get<std::string>(parse_seconds(out)).find("out of range"), std::string::npos);
  }
}

MonitorEnd an_end_with_rejections() {
  MonitorEnd end;
  end.reason = EndReason::count;
  end.seconds = 1.25;
  end.events = 3;
  end.actions = {{Action::interface_arrival, 2}, {Action::interface_removal, 1}};
  end.source.description = "netlink kernel group";
  end.source.messages = 9;
  end.source.accepted = 6;
  end.source.rejected = 3;
  end.source.rejections.sender = 2;
  end.source.rejections.malformed[static_cast<std::size_t>(UeventError::invalid_utf8)] = 1;
  end.source.receive_buffer_bytes = std::size_t{256} << 20;
  end.source.devices = 415;
  return end;
}

TEST(CliMonitorReport, EndSummaryNamesEachRejectionReasonThatOccurred) {
  const std::string text = end_text(an_end_with_rejections(), Style(false), Terminal{});
  EXPECT_NE(text.find("cmnotify monitor: 3 events in 1.2 s (--count reached)\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  per action         DEVICEINTERFACEARRIVAL 2  DEVICEINTERFACEREMOVAL 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  source             netlink kernel group, receive buffer 256 MiB, 415 "
                      "devices\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  messages           9 received, 6 accepted, 3 rejected\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  rejected           sender 2  invalid_utf8 1\n"), std::string::npos)
      << text;
  MonitorEnd clean = an_end_with_rejections();
  clean.source.rejected = 0;
  clean.source.rejections = {};
  EXPECT_EQ(end_text(clean, Style(false), Terminal{}).find("  rejected "), std::string::npos)
      << "no rejected line when nothing was rejected";
  clean.reason = EndReason::output_closed;
  EXPECT_EQ(end_text(clean, Style(false), Terminal{}), "") << "nowhere to write it";
}

TEST(CliMonitorReport, EndRecordCarriesEveryRejectionReason) {
  const Json j = end_json(an_end_with_rejections(), std::chrono::system_clock::now());
  EXPECT_EQ(j["type"], "end");
  EXPECT_EQ(j["reason"], "count");
  EXPECT_TRUE(j["signal"].is_null());
  EXPECT_EQ(j["actions"]["DEVICEINTERFACEARRIVAL"], 2);
  const Json& rejections = j["source"]["rejections"];
  EXPECT_EQ(rejections.size(), 4 + kUeventErrorCount - 1);
  EXPECT_EQ(rejections["sender"], 2);
  EXPECT_EQ(rejections["invalid_utf8"], 1);
  EXPECT_EQ(rejections["duplicate_key"], 0);
  EXPECT_EQ(j["source"]["rejected"], 3);
}

// Every character but the spaces, in order: what a reader can read, however it is wrapped.
std::string without_spaces(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    widest = std::max(widest, display_width(std::string_view(text).substr(start, nl - start)));
  return widest;
}

// A long run: the source switched groups, udevd came and went, many counters are large.
MonitorEnd a_long_end() {
  MonitorEnd end = an_end_with_rejections();
  end.reason = EndReason::signal;
  end.signal = 15;
  end.events = 123456789;
  end.actions = {{Action::instance_enumerated, 41152263},
                 {Action::instance_started, 41152263},
                 {Action::interface_arrival, 20576131},
                 {Action::instance_removed, 20576132}};
  end.source.description =
      "netlink udev group, then kernel group from 12:00:01 (udevd stopped answering), then udev "
      "group from 12:00:09 (udevd answers)";
  end.source.from_kernel = 18446744073709551615u;
  end.source.from_udev = 1234567;
  end.source.duplicates = 7654321;
  end.source.udev_late = 4242;
  end.source.group_switches = 2;
  end.source.overflows = 99;
  end.source.resyncs = 99;
  end.source.resync_events = 123456;
  const auto t = std::chrono::system_clock::now();
  end.udevd = {
      {t, true}, {t + std::chrono::seconds(1), false}, {t + std::chrono::seconds(9), true}};
  return end;
}

TEST(CliMonitorReport, SummariesFitTheTerminalWithoutLosingACharacter) {
  const MonitorEnd end = a_long_end();
  MonitorStart start;
  start.devices.devices = 415;
  start.devices.interface_classes = {{"disk", 12}, {"net", 4}, {"comport", 1}};
  start.devices.subsystems = {{"memory", 192}, {"tty", 68}, {"acpi", 41}, {"serial-base", 2}};
  start.source = end.source.description;
  start.watching = {
      {FilterType::device_interface, "interface class net {cac88484-7515-4c03-82e6-71a87abac361}"}};
  start.present = true;
  start.count = 5;
  start.timeout = 2.5;
  const std::string whole_end = end_text(end, Style(false), Terminal{});
  const std::string whole_start = start_text(start, Style(false), Terminal{});
  for (int columns : {20, 40, 60, 80, 200}) {
    SCOPED_TRACE(columns);
    Terminal terminal;
    terminal.columns = columns;
    terminal.rows = 50;
    const std::string text = end_text(end, Style(false), terminal);
    EXPECT_LE(widest_line(text), static_cast<std::size_t>(columns)) << text;
    EXPECT_EQ(without_spaces(text), without_spaces(whole_end)) << text << "\n" << whole_end;
    EXPECT_EQ(text.find("..."), std::string::npos) << "nothing cut: " << text;
    // The start summary, but for the event header (cut on a narrow terminal, as the events are).
    const std::string first = start_text(start, Style(false), terminal);
    const std::string summary = first.substr(0, first.find("TIME "));
    EXPECT_LE(widest_line(summary), static_cast<std::size_t>(columns)) << first;
    EXPECT_EQ(without_spaces(summary),
              without_spaces(whole_start.substr(0, whole_start.find("TIME "))))
        << first;
  }
  // The line issue 15 found cut at 80 columns, whole and broken between its phrases.
  Terminal eighty;
  eighty.columns = 80;
  const std::string text = end_text(end, Style(false), eighty);
  EXPECT_NE(text.find("  groups             18446744073709551615 from kernel, 1234567 from udev,\n"
                      "                     7654321 duplicates dropped, 4242 late from udevd,\n"
                      "                     2 switches\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  udevd              running at start, stopped at "), std::string::npos)
      << text;
}

TEST(CliDisplayText, WrapWordsBreaksAtSpacesOrInsideAWordTooLong) {
  EXPECT_EQ(wrap_words("a bb ccc", 0), (std::vector<std::string>{"a bb ccc"}));
  EXPECT_EQ(wrap_words("a bb ccc", 4), (std::vector<std::string>{"a bb", "ccc"}));
  EXPECT_EQ(wrap_words("a bb ccc", 5), (std::vector<std::string>{"a bb", "ccc"}));
  EXPECT_EQ(wrap_words("abcdefgh ij", 3), (std::vector<std::string>{"abc", "def", "gh", "ij"}));
  EXPECT_EQ(wrap_words("\xc3\xa9\xc3\xa9\xc3\xa9 x", 2),
            (std::vector<std::string>{"\xc3\xa9\xc3\xa9", "\xc3\xa9", "x"}))
      << "columns are characters, and a character is never split";
  EXPECT_EQ(wrap_words("", 5), (std::vector<std::string>{""}));
  EXPECT_EQ(wrap_words("a   b", 1), (std::vector<std::string>{"a", "b"}));
}

TEST(CliDisplayText, WrapIndentedIndentsTheContinuationAndStillFits) {
  EXPECT_EQ(wrap_indented("aaa bbb ccc ddd", 0), (std::vector<std::string>{"aaa bbb ccc ddd"}));
  EXPECT_EQ(wrap_indented("aaa bbb", 7), (std::vector<std::string>{"aaa bbb"}));
  // The rest rewrapped two columns narrower: "bbb ccc" would fit 7 but not 5 beside the indent.
  EXPECT_EQ(wrap_indented("aaa bbb ccc ddd", 7),
            (std::vector<std::string>{"aaa bbb", "  ccc", "  ddd"}));
  EXPECT_EQ(wrap_indented("aaaa bb cc dd", 7), (std::vector<std::string>{"aaaa bb", "  cc dd"}));
  EXPECT_EQ(wrap_indented("abcdef", 2), (std::vector<std::string>{"ab", "cd", "ef"}))
      << "no room for an indent: as wrap_words";
  for (const std::string& line : wrap_indented("x " + std::string(30, 'y') + " z", 10))
    EXPECT_LE(display_width(line), 10u) << line;
}

TEST(CliMonitorReport, StartSummaryAndRecordSayWhatIsWatched) {
  MonitorStart start;
  start.devices.devices = 2;
  start.devices.interface_classes = {{"net", 1}};
  start.devices.subsystems = {{"net", 1}, {"(none)", 1}};
  start.source = "netlink kernel group";
  start.watching = {{FilterType::device_interface, "interface class net {cac88484-...}"}};
  start.count = 1;
  const std::string text = start_text(start, Style(false), Terminal{});
  EXPECT_EQ(text.rfind("cmnotify monitor: 2 devices present (source: netlink kernel group)\n", 0),
            0u)
      << text;
  EXPECT_NE(text.find("  watching           interface class net {cac88484-...}\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  stop with          Ctrl-C, or after 1 event\n"), std::string::npos)
      << text;
  const Json j = start_json(start, std::chrono::system_clock::now());
  EXPECT_EQ(j["watching"][0]["filter_type"], "DEVICEINTERFACE");
  EXPECT_EQ(j["subsystems"]["(none)"], 1);
}

// A datagram socket bound at `path` (what journald listens on), or -1.
int bound_datagram_socket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  if (fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0)
    return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

// monitor --journal refuses to start when its records would go nowhere: libsystemd reports
// success when the journal's socket is missing, so the probe is what tells.
TEST(CliJournalProbe, TellsAMissingOrDeadJournalSocketFromOneThatListens) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cmnotify-journal-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string socket = (dir / "socket").string();

  const std::optional<std::string> missing = journal_unreachable(socket.c_str());
  ASSERT_TRUE(missing.has_value());
  EXPECT_NE(missing->find(socket), std::string::npos) << *missing;

  const int listening = bound_datagram_socket(socket);
  ASSERT_GE(listening, 0);
  EXPECT_EQ(journal_unreachable(socket.c_str()), std::nullopt);

  ::close(listening);  // the socket file stays, as a journald that died leaves it
  EXPECT_TRUE(journal_unreachable(socket.c_str()).has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cmnotify::cli
