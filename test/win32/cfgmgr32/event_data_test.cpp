// The CM_NOTIFY_EVENT_DATA blocks callbacks receive: for each kind of action, FilterType, the
// union member, NUL-terminated strings equal to the Event's, NameOffset, and EventDataSize =
// max(sizeof(CM_NOTIFY_EVENT_DATA), offset of the variable part + its bytes).
#include <cfgmgr32.h>
#include <fcntl.h>
#include <ioevent.h>
#include <ntddstor.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"
#include "win32/cfgmgr32/event_data.hpp"
#include "win32/support/guid_convert.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using namespace cmnotify::testing;

constexpr std::size_t kLinkOffset = offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceInterface.SymbolicLink);
constexpr std::size_t kIdOffset = offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceInstance.InstanceId);
constexpr std::size_t kDataOffset = offsetof(CM_NOTIFY_EVENT_DATA, u.DeviceHandle.Data);

const Guid kDisk =
    make_guid(0x53F56307, 0xB6BF, 0x11D0, 0x94, 0xF2, 0x00, 0xA0, 0xC9, 0x1E, 0xFB, 0x8B);

std::size_t expected_size(std::size_t offset, std::size_t variable_bytes) {
  return std::max(sizeof(CM_NOTIFY_EVENT_DATA), offset + variable_bytes);
}

// The wide string at `offset`, checking it is NUL-terminated inside the block.
std::wstring text_at(const Received& r, std::size_t offset) {
  const auto* chars = reinterpret_cast<const wchar_t*>(r.bytes.data() + offset);
  const std::size_t room = (r.size - offset) / sizeof(wchar_t);
  const std::size_t n = std::wstring_view(chars, room).find(L'\0');
  EXPECT_NE(n, std::wstring_view::npos) << "no NUL inside EventDataSize";
  return n == std::wstring_view::npos ? std::wstring() : std::wstring(chars, n);
}

class Win32EventData : public MemoryEngineTest {
 protected:
  void SetUp() override {
    MemoryEngineTest::SetUp();
    struct stat st {};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    auto d = std::make_shared<Device>();
    d->instance_id = "USB\\VID_046D&PID_0826\\9DC49FA0";
    d->syspath = "/sys/devices/usb1/1-2";
    d->interfaces = {{kDisk,
                      "\\\\?\\USB#VID_046D&PID_0826#9DC49FA0#{53f56307-b6bf-11d0-94f2-"
                      "00a0c91efb8b}"}};
    d->major = major(st.st_rdev);
    d->minor = minor(st.st_rdev);
    device_ = d;
    source().add_device(device_);
  }

  HCMNOTIFICATION subscribe(CM_NOTIFY_FILTER filter) {
    HCMNOTIFICATION h = nullptr;
    EXPECT_EQ(CM_Register_Notification(&filter, &recorder_, Recorder::callback, &h), CR_SUCCESS);
    return h;
  }

  // Publishes `event` and returns what the callback got for it.
  Received deliver(const engine::EventPtr& event) {
    const std::size_t before = recorder_.count();
    source().publish(event);
    EXPECT_TRUE(recorder_.wait_for(before + 1));
    return recorder_.received().back();
  }

  engine::EventPtr event(Action action, FilterType type, Guid guid = {}, std::string link = {}) {
    return engine::make_event(action, type, device_, Origin::live, 0, guid, std::move(link));
  }

  DevicePtr device_;
  Recorder recorder_;
};

TEST_F(Win32EventData, InterfaceArrivalAndRemoval) {
  HCMNOTIFICATION h = subscribe(all_interfaces_filter());
  const std::string& link = device_->interfaces[0].symbolic_link;
  for (Action action : {Action::interface_arrival, Action::interface_removal}) {
    const Received r = deliver(event(action, FilterType::device_interface, kDisk, link));
    EXPECT_EQ(r.action, static_cast<CM_NOTIFY_ACTION>(action));
    EXPECT_EQ(r.data().FilterType, CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE);
    EXPECT_EQ(r.data().Reserved, 0u);
    EXPECT_EQ(win32::to_guid(r.data().u.DeviceInterface.ClassGuid), kDisk);
    EXPECT_EQ(text_at(r, kLinkOffset), std::wstring(link.begin(), link.end()));
    EXPECT_EQ(r.size, expected_size(kLinkOffset, (link.size() + 1) * sizeof(WCHAR)));
  }
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

TEST_F(Win32EventData, ShortStringsStillGetTheWholeStructure) {
  HCMNOTIFICATION h = subscribe(all_interfaces_filter());
  const Received r =
      deliver(event(Action::interface_arrival, FilterType::device_interface, kDisk, "x"));
  EXPECT_EQ(text_at(r, kLinkOffset), L"x");
  EXPECT_EQ(r.size, sizeof(CM_NOTIFY_EVENT_DATA));  // 24 + 8 bytes of text < 36
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

TEST_F(Win32EventData, Utf8BecomesWideAndMalformedBytesBecomeReplacementCharacters) {
  HCMNOTIFICATION h = subscribe(all_interfaces_filter());
  const Received r = deliver(event(Action::interface_arrival, FilterType::device_interface, kDisk,
                                   "a\xC3\xA9"
                                   "b\xFF"
                                   "c\xF0\x9F\x98\x80"));
  EXPECT_EQ(text_at(r, kLinkOffset), L"a\u00e9b\ufffdc\U0001F600");
  EXPECT_EQ(r.size, expected_size(kLinkOffset, 7 * sizeof(WCHAR)));
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

TEST_F(Win32EventData, InstanceActions) {
  HCMNOTIFICATION h = subscribe(all_instances_filter());
  const std::string& id = device_->instance_id;
  for (Action action :
       {Action::instance_enumerated, Action::instance_started, Action::instance_removed}) {
    const Received r = deliver(event(action, FilterType::device_instance));
    EXPECT_EQ(r.action, static_cast<CM_NOTIFY_ACTION>(action));
    EXPECT_EQ(r.data().FilterType, CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE);
    EXPECT_EQ(text_at(r, kIdOffset), std::wstring(id.begin(), id.end()));
    EXPECT_EQ(r.size, expected_size(kIdOffset, (id.size() + 1) * sizeof(WCHAR)));
  }
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

TEST_F(Win32EventData, ChangedEventsAreNeverDelivered) {
  HCMNOTIFICATION h = subscribe(all_instances_filter());
  source().publish(event(Action::changed, FilterType::device_instance));
  const Received r = deliver(event(Action::instance_started, FilterType::device_instance));
  EXPECT_EQ(r.action, CM_NOTIFY_ACTION_DEVICEINSTANCESTARTED);
  EXPECT_EQ(recorder_.count(), 1u);
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

class Win32EventDataHandle : public Win32EventData {
 protected:
  void SetUp() override {
    Win32EventData::SetUp();
    // The handle is needed only while registering.
    HANDLE file = CreateFileW(L"/dev/null", GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, nullptr);
    ASSERT_NE(file, INVALID_HANDLE_VALUE);
    handle_ = subscribe(handle_filter(file));
    EXPECT_TRUE(CloseHandle(file));
  }
  void TearDown() override {
    EXPECT_EQ(CM_Unregister_Notification(handle_), CR_SUCCESS);
    Win32EventData::TearDown();
  }

  engine::EventPtr custom(std::vector<std::uint8_t> data, std::int32_t name_offset) {
    auto e = std::make_shared<Event>(
        *event(Action::custom_event, FilterType::device_handle, io_event::media_arrival));
    e->custom_data = std::move(data);
    e->custom_name_offset = name_offset;
    return e;
  }

  HCMNOTIFICATION handle_ = nullptr;
};

TEST_F(Win32EventDataHandle, RemoveCompleteIsTheHeaderOnly) {
  const Received r = deliver(event(Action::remove_complete, FilterType::device_handle));
  EXPECT_EQ(r.action, CM_NOTIFY_ACTION_DEVICEREMOVECOMPLETE);
  EXPECT_EQ(r.data().FilterType, CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE);
  EXPECT_EQ(r.size, sizeof(CM_NOTIFY_EVENT_DATA));
  EXPECT_EQ(r.data().u.DeviceHandle.NameOffset, -1);
  EXPECT_EQ(r.data().u.DeviceHandle.DataSize, 0u);
  EXPECT_EQ(win32::to_guid(r.data().u.DeviceHandle.EventGuid), Guid{});
}

TEST_F(Win32EventDataHandle, CustomEventWithoutName) {
  const std::vector<std::uint8_t> payload = {1, 2, 3, 4, 5, 6, 7};
  const Received r = deliver(custom(payload, -1));
  EXPECT_EQ(r.action, CM_NOTIFY_ACTION_DEVICECUSTOMEVENT);
  EXPECT_EQ(r.data().FilterType, CM_NOTIFY_FILTER_TYPE_DEVICEHANDLE);
  EXPECT_EQ(win32::to_guid(r.data().u.DeviceHandle.EventGuid), io_event::media_arrival);
  EXPECT_TRUE(IsEqualGUID(r.data().u.DeviceHandle.EventGuid, GUID_IO_MEDIA_ARRIVAL));
  EXPECT_EQ(r.data().u.DeviceHandle.NameOffset, -1);
  ASSERT_EQ(r.data().u.DeviceHandle.DataSize, payload.size());
  EXPECT_EQ(std::memcmp(r.data().u.DeviceHandle.Data, payload.data(), payload.size()), 0);
  EXPECT_EQ(r.size, expected_size(kDataOffset, payload.size()));
}

TEST_F(Win32EventDataHandle, CustomEventDataLargerThanTheStructure) {
  std::vector<std::uint8_t> payload(100);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i);
  const Received r = deliver(custom(payload, -1));
  EXPECT_EQ(r.size, kDataOffset + payload.size());
  EXPECT_EQ(std::memcmp(r.data().u.DeviceHandle.Data, payload.data(), payload.size()), 0);
}

TEST_F(Win32EventDataHandle, CustomEventNameBecomesAnAlignedWideString) {
  // 3 bytes, the UTF-8 name "Vol\u00e9" with its NUL, then one more byte.
  const std::vector<std::uint8_t> payload = {1, 2, 3, 'V', 'o', 'l', 0xC3, 0xA9, 0, 9};
  const Received r = deliver(custom(payload, 3));
  const auto& handle = r.data().u.DeviceHandle;
  const BYTE* data = handle.Data;  // variable length: ANYSIZE_ARRAY is only the declared size
  ASSERT_EQ(handle.NameOffset, 4) << "next WCHAR boundary after the 3 bytes";
  EXPECT_EQ(data[0], 1);
  EXPECT_EQ(data[2], 3);
  EXPECT_EQ(data[3], 0) << "padding";
  EXPECT_EQ(text_at(r, kDataOffset + 4), L"Vol\u00e9");
  const std::size_t after = 4 + 5 * sizeof(WCHAR);
  ASSERT_EQ(handle.DataSize, after + 1);
  EXPECT_EQ(data[after], 9);
  EXPECT_EQ(r.size, expected_size(kDataOffset, handle.DataSize));
}

TEST_F(Win32EventDataHandle, NameOffsetOutsideTheDataMeansNoName) {
  const Received r = deliver(custom({1, 2}, 7));
  EXPECT_EQ(r.data().u.DeviceHandle.NameOffset, -1);
  EXPECT_EQ(r.data().u.DeviceHandle.DataSize, 2u);
}

// The reusable buffer: once it has held the largest block, building smaller or equal blocks
// reuses the same memory (no allocation per event in the steady state).
TEST(Win32EventDataBuffer, ReusesItsMemory) {
  auto device = std::make_shared<Device>();
  device->instance_id = std::string(150, 'A');
  win32::EventDataBuffer buffer;
  auto big = engine::make_event(Action::instance_started, FilterType::device_instance, device,
                                Origin::live, 0);
  buffer.build(*big);
  const auto* first = buffer.data();
  EXPECT_EQ(buffer.size(), kIdOffset + 151 * sizeof(WCHAR));
  auto small_device = std::make_shared<Device>();
  small_device->instance_id = "A";
  auto small = engine::make_event(Action::instance_started, FilterType::device_instance,
                                  small_device, Origin::live, 0);
  for (int i = 0; i < 100; ++i) {
    buffer.build(i % 2 ? *small : *big);
    EXPECT_EQ(buffer.data(), first);
  }
  buffer.build(*small);
  EXPECT_EQ(buffer.size(), sizeof(CM_NOTIFY_EVENT_DATA));
  // Bytes past the string are zero even though a longer string was there before.
  const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.data());
  for (std::size_t i = kIdOffset + 2 * sizeof(WCHAR); i < buffer.size(); ++i)
    EXPECT_EQ(bytes[i], 0);
}

}  // namespace
}  // namespace cmnotify

namespace cmnotify {
namespace {

// The wide text of an instance ID: ASCII bytes take a fast path, the rest the one UTF-8 decoder;
// both together give one WCHAR per code point, U+FFFD for each ill-formed subpart, in order.
TEST(Win32EventDataBuffer, InstanceIdTextMixesAsciiMultiByteAndIllFormedBytes) {
  const std::pair<std::string, std::wstring> cases[] = {
      {"SWD\\NET\\TAP0", L"SWD\\NET\\TAP0"},
      {"SWD\\NET\\CAF\xc3\xa9", L"SWD\\NET\\CAF\u00e9"},
      {"\xe2\x82\xac"
       "A\xf0\x9f\x8e\xb9"
       "B",
       L"\u20acA\U0001F3B9B"},
      {"CM\xff\xe9X", L"CM\uFFFD\uFFFDX"},
      {"OK\xe2\x82", L"OK\uFFFD"},
      {"\x7f\x80", L"\x7f\uFFFD"},
      {"ABCDEFGH\xe2\x82\xacIJKLMNOPQ", L"ABCDEFGH\u20acIJKLMNOPQ"},  // past the first 8 bytes
      {"SWD\\NET\\CMNSTORM12345678", L"SWD\\NET\\CMNSTORM12345678"},  // 8 at a time, then the tail
  };
  win32::EventDataBuffer buffer;
  for (const auto& [utf8, wide] : cases) {
    auto device = std::make_shared<Device>();
    device->instance_id = utf8;
    buffer.build(*engine::make_event(Action::instance_started, FilterType::device_instance, device,
                                     Origin::live, 0));
    const auto* text = reinterpret_cast<const wchar_t*>(
        reinterpret_cast<const std::byte*>(buffer.data()) + kIdOffset);
    EXPECT_EQ(std::wstring(text), wide) << utf8;
    EXPECT_EQ(buffer.size(), expected_size(kIdOffset, (wide.size() + 1) * sizeof(WCHAR)));
  }
}

// The block is sized while its text is written (room for one WCHAR per UTF-8 byte, then the
// exact size): for every length of an ASCII text around the 8-byte steps, with a two-, three- or
// four-byte character or an ill-formed byte at every position, the instance ID and the symbolic
// link come out whole, NUL-terminated, with EventDataSize exact and the bytes after them zero,
// also after a longer text filled the buffer.
TEST(Win32EventDataBuffer, EveryTextLengthAndCharacterPositionGivesTheExactBlock) {
  const std::pair<std::string, std::wstring> specials[] = {{"\xc3\xa9", L"\u00e9"},
                                                           {"\xe2\x82\xac", L"\u20ac"},
                                                           {"\xf0\x9f\x8e\xb9", L"\U0001F3B9"},
                                                           {"\xff", L"\uFFFD"},
                                                           {"", L""}};
  win32::EventDataBuffer buffer;
  auto device = std::make_shared<Device>();
  device->instance_id = std::string(300, 'Z');  // a longer text before each: stale bytes to hide
  auto long_event = engine::make_event(Action::instance_started, FilterType::device_instance,
                                       device, Origin::live, 0);
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const auto& [bytes, wide_char] : specials) {
        std::string utf8;
        std::wstring wide;
        for (std::size_t i = 0; i < length; ++i) {
          if (i == at) {
            utf8 += bytes;
            wide += wide_char;
          }
          utf8.push_back(static_cast<char>('A' + i % 26));
          wide.push_back(static_cast<wchar_t>(L'A' + i % 26));
        }
        auto owner = std::make_shared<Device>();
        owner->instance_id = utf8;
        const std::pair<engine::EventPtr, std::size_t> events[] = {
            {engine::make_event(Action::instance_started, FilterType::device_instance, owner,
                                Origin::live, 0),
             kIdOffset},
            {engine::make_event(Action::interface_arrival, FilterType::device_interface, owner,
                                Origin::live, 0, kDisk, utf8),
             kLinkOffset}};
        for (const auto& [event, offset] : events) {
          buffer.build(*long_event);
          buffer.build(*event);
          const std::size_t text_end = offset + (wide.size() + 1) * sizeof(WCHAR);
          ASSERT_EQ(buffer.size(), expected_size(offset, (wide.size() + 1) * sizeof(WCHAR)))
              << utf8;
          ASSERT_EQ(buffer.data()->FilterType, offset == kIdOffset
                                                   ? CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE
                                                   : CM_NOTIFY_FILTER_TYPE_DEVICEINTERFACE);
          const auto* block = reinterpret_cast<const std::byte*>(buffer.data());
          EXPECT_EQ(std::wstring_view(reinterpret_cast<const wchar_t*>(block + offset)), wide)
              << utf8;
          for (std::size_t i = text_end; i < buffer.size(); ++i)
            ASSERT_EQ(block[i], std::byte{0}) << utf8 << " byte " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace cmnotify
