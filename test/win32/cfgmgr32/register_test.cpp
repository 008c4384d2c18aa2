// CM_Register_Notification / CM_Unregister_Notification: the validation table row by row (the
// rows Windows was observed to give first, then cmnotify's documented choices), the handle rules
// and CM_MapCrToWin32Err.
#include <cfgmgr32.h>
#include <fcntl.h>
#include <ntddstor.h>
#include <ntddvdeo.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/device_events.hpp"
#include "support/memory_engine.hpp"
#include "support/recording_subscriber.hpp"
#include "win32/win32_support.hpp"

namespace cmnotify {
namespace {

using namespace cmnotify::testing;

const GUID kClass = GUID_DEVINTERFACE_DISPLAY_ADAPTER;
const HCMNOTIFICATION kGarbage = reinterpret_cast<HCMNOTIFICATION>(std::uintptr_t{0x1234});

DWORD CALLBACK ignore(HCMNOTIFICATION, PVOID, CM_NOTIFY_ACTION, PCM_NOTIFY_EVENT_DATA, DWORD) {
  return ERROR_SUCCESS;
}

struct Row {
  const char* what;
  std::function<CM_NOTIFY_FILTER()> filter;
  CONFIGRET expected;
};

CM_NOTIFY_FILTER with(CM_NOTIFY_FILTER f, const std::function<void(CM_NOTIFY_FILTER&)>& edit) {
  edit(f);
  return f;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      // Observed on Windows (Wine's conformance test).
      {"cbSize 0, ALL_INTERFACE_CLASSES",
       [] { return with(all_interfaces_filter(), [](auto& f) { f.cbSize = 0; }); },
       CR_INVALID_DATA},
      {"cbSize sizeof+1, a class",
       [] { return with(interface_filter(kClass), [](auto& f) { f.cbSize = sizeof(f) + 1; }); },
       CR_INVALID_DATA},
      {"ALL_INTERFACE_CLASSES with a non-zero GUID",
       [] {
         return with(all_interfaces_filter(),
                     [](auto& f) { f.u.DeviceInterface.ClassGuid = kClass; });
       },
       CR_INVALID_DATA},
      {"ALL_INTERFACE_CLASSES with the zero GUID", [] { return all_interfaces_filter(); },
       CR_SUCCESS},
      {"a class GUID", [] { return interface_filter(kClass); }, CR_SUCCESS},
      // The documented rules.
      {"cbSize sizeof-1",
       [] { return with(interface_filter(kClass), [](auto& f) { f.cbSize = sizeof(f) - 1; }); },
       CR_INVALID_DATA},
      {"cbSize of Windows' 416-byte filter",
       [] { return with(interface_filter(kClass), [](auto& f) { f.cbSize = 416; }); },
       CR_INVALID_DATA},
      {"unknown flag 0x4",
       [] { return with(interface_filter(kClass), [](auto& f) { f.Flags = 0x4; }); },
       CR_INVALID_FLAG},
      {"unknown flag 0x80000000",
       [] { return with(all_interfaces_filter(), [](auto& f) { f.Flags |= 0x80000000u; }); },
       CR_INVALID_FLAG},
      {"both flags", [] { return with(all_interfaces_filter(), [](auto& f) { f.Flags = 0x3; }); },
       CR_INVALID_FLAG},
      {"ALL_DEVICE_INSTANCES with DEVICEINTERFACE",
       [] {
         return with(all_interfaces_filter(),
                     [](auto& f) { f.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES; });
       },
       CR_INVALID_FLAG},
      {"ALL_INTERFACE_CLASSES with DEVICEINSTANCE",
       [] {
         return with(all_instances_filter(),
                     [](auto& f) { f.Flags = CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES; });
       },
       CR_INVALID_FLAG},
      {"a flag with DEVICEHANDLE",
       [] {
         return with(handle_filter(cmnotify_handle_from_fd(0)),
                     [](auto& f) { f.Flags = CM_NOTIFY_FILTER_FLAG_ALL_INTERFACE_CLASSES; });
       },
       CR_INVALID_FLAG},
      {"Reserved 1", [] { return with(interface_filter(kClass), [](auto& f) { f.Reserved = 1; }); },
       CR_INVALID_DATA},
      {"FilterType MAX",
       [] {
         return with(interface_filter(kClass),
                     [](auto& f) { f.FilterType = CM_NOTIFY_FILTER_TYPE_MAX; });
       },
       CR_INVALID_DATA},
      {"FilterType 0xFFFFFFFF",
       [] {
         return with(interface_filter(kClass), [](auto& f) {
           const DWORD bad = 0xFFFFFFFFu;
           std::memcpy(&f.FilterType, &bad, sizeof(bad));
         });
       },
       CR_INVALID_DATA},
      {"DEVICEINTERFACE without the flag and with the zero GUID",
       [] { return interface_filter(GUID{}); }, CR_INVALID_DATA},
      {"InstanceId not NUL-terminated within MAX_DEVICE_ID_LEN",
       [] {
         return with(instance_filter(L""), [](auto& f) {
           for (auto& c : f.u.DeviceInstance.InstanceId) c = L'A';
         });
       },
       CR_INVALID_DATA},
      {"InstanceId of 199 characters and its NUL",
       [] {
         return with(instance_filter(L""), [](auto& f) {
           for (auto& c : f.u.DeviceInstance.InstanceId) c = L'A';
           f.u.DeviceInstance.InstanceId[MAX_DEVICE_ID_LEN - 1] = L'\0';
         });
       },
       CR_SUCCESS},
      {"empty InstanceId without the flag", [] { return instance_filter(L""); }, CR_INVALID_DATA},
      {"ALL_DEVICE_INSTANCES with a non-empty InstanceId",
       [] {
         return with(instance_filter(L"ROOT\\X\\0"),
                     [](auto& f) { f.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES; });
       },
       CR_INVALID_DATA},
      {"ALL_DEVICE_INSTANCES with the empty InstanceId", [] { return all_instances_filter(); },
       CR_SUCCESS},
      {"an instance ID", [] { return instance_filter(L"ROOT\\CMNOTIFY\\0000"); }, CR_SUCCESS},
      {"an instance ID in lower case", [] { return instance_filter(L"root\\cmnotify\\0000"); },
       CR_SUCCESS},
      {"instance ID with a space", [] { return instance_filter(L"ROOT\\A B\\0"); },
       CR_INVALID_DEVICE_ID},
      {"instance ID with a comma", [] { return instance_filter(L"ROOT\\A,B\\0"); },
       CR_INVALID_DEVICE_ID},
      {"instance ID with a control character", [] { return instance_filter(L"ROOT\\A\tB\\0"); },
       CR_INVALID_DEVICE_ID},
      {"instance ID with a non-ASCII character", [] { return instance_filter(L"ROOT\\\u00e9\\0"); },
       CR_INVALID_DEVICE_ID},
      {"instance ID with a value above 0x10FFFF",
       [] {
         return with(instance_filter(L"ROOT\\X\\0"),
                     [](auto& f) { f.u.DeviceInstance.InstanceId[5] = wchar_t(0x110000); });
       },
       CR_INVALID_DEVICE_ID},
      {"instance ID with a surrogate",
       [] {
         return with(instance_filter(L"ROOT\\X\\0"),
                     [](auto& f) { f.u.DeviceInstance.InstanceId[5] = wchar_t(0xD800); });
       },
       CR_INVALID_DEVICE_ID},
      {"instance ID with a negative wchar_t",
       [] {
         return with(instance_filter(L"ROOT\\X\\0"),
                     [](auto& f) { f.u.DeviceInstance.InstanceId[5] = wchar_t(-1); });
       },
       CR_INVALID_DEVICE_ID},
      {"DEVICEHANDLE NULL", [] { return handle_filter(nullptr); }, CR_INVALID_DATA},
      {"DEVICEHANDLE INVALID_HANDLE_VALUE", [] { return handle_filter(INVALID_HANDLE_VALUE); },
       CR_INVALID_DATA},
      {"DEVICEHANDLE that cannot be a descriptor",
       [] { return handle_filter(reinterpret_cast<HANDLE>(std::uintptr_t{0x7fff00000000})); },
       CR_INVALID_DATA},
      {"DEVICEHANDLE of a descriptor that is not open",
       [] {
         const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
         ::close(fd);
         return handle_filter(cmnotify_handle_from_fd(fd));
       },
       CR_INVALID_DATA},
      {"DEVICEHANDLE of a directory (not a device)",
       [] {
         static const int fd = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
         return handle_filter(cmnotify_handle_from_fd(fd));
       },
       CR_INVALID_DATA},
  };
  return table;
}

class Win32Register : public MemoryEngineTest {};

TEST_F(Win32Register, ValidationTableRowByRow) {
  for (const Row& row : rows()) {
    SCOPED_TRACE(row.what);
    CM_NOTIFY_FILTER filter = row.filter();
    HCMNOTIFICATION h = kGarbage;
    EXPECT_EQ(CM_Register_Notification(&filter, nullptr, ignore, &h), row.expected);
    if (row.expected == CR_SUCCESS) {
      EXPECT_NE(h, nullptr);
      EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
    } else {
      EXPECT_EQ(h, nullptr) << "the out handle stays NULL on failure";
    }
  }
}

TEST_F(Win32Register, NullArgumentsAsObservedOnWindows) {
  EXPECT_EQ(CM_Register_Notification(nullptr, nullptr, nullptr, nullptr), CR_FAILURE);
  HCMNOTIFICATION h = kGarbage;
  EXPECT_EQ(CM_Register_Notification(nullptr, nullptr, nullptr, &h), CR_INVALID_DATA);
  EXPECT_EQ(h, nullptr);
  CM_NOTIFY_FILTER filter = interface_filter(kClass);
  EXPECT_EQ(CM_Register_Notification(&filter, nullptr, ignore, nullptr), CR_FAILURE);
  h = kGarbage;
  EXPECT_EQ(CM_Register_Notification(&filter, nullptr, nullptr, &h), CR_INVALID_DATA);
  EXPECT_EQ(h, nullptr);
  EXPECT_EQ(engine().stats().registrations, 0u);
}

TEST_F(Win32Register, DeviceHandleOfAPresentDevice) {
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  auto device = std::make_shared<Device>(*make_device("ROOT\\NULL\\0000", "/sys/devices/null"));
  device->major = major(st.st_rdev);
  device->minor = minor(st.st_rdev);
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  CM_NOTIFY_FILTER filter = handle_filter(cmnotify_handle_from_fd(fd));
  HCMNOTIFICATION h = kGarbage;
  // Not in the device map yet: the source's answer comes back as is.
  EXPECT_EQ(CM_Register_Notification(&filter, nullptr, ignore, &h), CR_NO_SUCH_DEVNODE);
  EXPECT_EQ(h, nullptr);
  source().add_device(device);
  EXPECT_EQ(CM_Register_Notification(&filter, nullptr, ignore, &h), CR_SUCCESS);
  ::close(fd);
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

TEST_F(Win32Register, SourceFailureIsReported) {
  source().fail_next_start(Cr::no_cm_services);
  CM_NOTIFY_FILTER filter = interface_filter(kClass);
  HCMNOTIFICATION h = kGarbage;
  EXPECT_EQ(CM_Register_Notification(&filter, nullptr, ignore, &h), CR_NO_CM_SERVICES);
  EXPECT_EQ(h, nullptr);
}

TEST_F(Win32Register, BadUnregisterIsFailure) {
  EXPECT_EQ(CM_Unregister_Notification(nullptr), CR_FAILURE);
  EXPECT_EQ(CM_Unregister_Notification(kGarbage), CR_FAILURE);
  EXPECT_EQ(CM_Unregister_Notification(reinterpret_cast<HCMNOTIFICATION>(INVALID_HANDLE_VALUE)),
            CR_FAILURE);
  EXPECT_EQ(CM_Unregister_Notification(
                reinterpret_cast<HCMNOTIFICATION>(std::uintptr_t{0x4000000100000001})),
            CR_FAILURE);
  CM_NOTIFY_FILTER filter = interface_filter(kClass);
  HCMNOTIFICATION h = nullptr;
  ASSERT_EQ(CM_Register_Notification(&filter, nullptr, ignore, &h), CR_SUCCESS);
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
  EXPECT_EQ(CM_Unregister_Notification(h), CR_FAILURE) << "double unregister";
  // The next registration never gets a closed handle back.
  HCMNOTIFICATION h2 = nullptr;
  ASSERT_EQ(CM_Register_Notification(&filter, nullptr, ignore, &h2), CR_SUCCESS);
  EXPECT_NE(h2, h);
  EXPECT_EQ(CM_Unregister_Notification(h), CR_FAILURE);
  EXPECT_EQ(CM_Unregister_Notification(h2), CR_SUCCESS);
}

TEST_F(Win32Register, CallbackGetsItsHandleContextAndAction) {
  auto device = make_device("ROOT\\CMNOTIFY\\0001", "/sys/devices/cmnotify/1");
  source().add_device(device);
  Recorder recorder;
  CM_NOTIFY_FILTER filter = instance_filter(L"root\\cmnotify\\0001");
  HCMNOTIFICATION h = nullptr;
  ASSERT_EQ(CM_Register_Notification(&filter, &recorder, Recorder::callback, &h), CR_SUCCESS);
  source().publish(engine::make_event(Action::instance_started, FilterType::device_instance, device,
                                      Origin::live, 1));
  ASSERT_TRUE(recorder.wait_for(1));
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
  const auto got = recorder.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].handle, h);
  EXPECT_EQ(got[0].action, CM_NOTIFY_ACTION_DEVICEINSTANCESTARTED);
}

// A callback may run before CM_Register_Notification returns; its handle argument is the one
// the call then returns.
TEST_F(Win32Register, CallbackBeforeRegisterReturnsHasTheSameHandle) {
  auto device = make_device("ROOT\\CMNOTIFY\\0002", "/sys/devices/cmnotify/2");
  source().add_device(device);
  Recorder recorder;
  struct PublishOnRegister : engine::RegistrationObserver {
    engine::MemorySource* source = nullptr;
    DevicePtr device;
    Recorder* recorder = nullptr;
    bool delivered_before_return = false;
    void registered(engine::RegistrationId) override {
      source->publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                         device, Origin::live, 1));
      delivered_before_return = recorder->wait_for(1);
    }
  } observer;
  observer.source = &source();
  observer.device = device;
  observer.recorder = &recorder;
  engine().set_registration_observer(&observer);
  CM_NOTIFY_FILTER filter = instance_filter(L"ROOT\\CMNOTIFY\\0002");
  HCMNOTIFICATION h = nullptr;
  const CONFIGRET cr = CM_Register_Notification(&filter, &recorder, Recorder::callback, &h);
  engine().set_registration_observer(nullptr);
  ASSERT_EQ(cr, CR_SUCCESS);
  EXPECT_TRUE(observer.delivered_before_return);
  ASSERT_GE(recorder.count(), 1u);
  EXPECT_EQ(recorder.received()[0].handle, h);
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
}

struct SelfUnregister {
  std::atomic<int> calls{0};
  std::atomic<CONFIGRET> result{CR_DEFAULT};
  Signal unregistered;
  static DWORD CALLBACK callback(HCMNOTIFICATION h, PVOID context, CM_NOTIFY_ACTION,
                                 PCM_NOTIFY_EVENT_DATA, DWORD) {
    auto* self = static_cast<SelfUnregister*>(context);
    if (self->calls.fetch_add(1) == 0) {
      self->result = CM_Unregister_Notification(h);
      self->unregistered.notify();
    }
    return ERROR_SUCCESS;
  }
};

// Counts the events a second registration of the same device received: once it has seen an
// event, every registration of that device has had its chance at it.
struct Keeper {
  std::mutex mutex;
  std::condition_variable cv;
  std::uint64_t last = 0;
  bool wait_for(std::uint64_t seq) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(20), [&] { return last >= seq; });
  }
};

engine::RegistrationId keep(engine::Engine& engine, Keeper& keeper, const std::string& id) {
  engine::FilterSpec spec;
  spec.type = FilterType::device_instance;
  spec.instance_id = id;
  engine::RegistrationId rid = 0;
  EXPECT_EQ(engine.register_subscriber(spec, subscriber([&keeper](const Event& e, auto) {
                                         {
                                           std::lock_guard lock(keeper.mutex);
                                           keeper.last = e.sequence;
                                         }
                                         keeper.cv.notify_all();
                                       }),
                                       {}, rid),
            Cr::success);
  return rid;
}

TEST_F(Win32Register, UnregisterFromItsOwnCallbackStopsFurtherCallbacks) {
  auto device = make_device("ROOT\\CMNOTIFY\\0003", "/sys/devices/cmnotify/3");
  source().add_device(device);
  Keeper keeper;
  const auto keeper_id = keep(engine(), keeper, device->instance_id);
  SelfUnregister self;
  CM_NOTIFY_FILTER filter = instance_filter(L"ROOT\\CMNOTIFY\\0003");
  HCMNOTIFICATION h = nullptr;
  ASSERT_EQ(CM_Register_Notification(&filter, &self, SelfUnregister::callback, &h), CR_SUCCESS);
  for (std::uint64_t seq = 1; seq <= 50; ++seq) {
    source().publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                        device, Origin::live, seq));
  }
  ASSERT_TRUE(keeper.wait_for(50));       // every event reached the registrations' queues
  ASSERT_TRUE(self.unregistered.wait());  // the first callback's unregister returned
  EXPECT_EQ(self.result.load(), CR_SUCCESS);
  EXPECT_EQ(self.calls.load(), 1);
  EXPECT_EQ(CM_Unregister_Notification(h), CR_FAILURE);
  EXPECT_EQ(engine().unregister(keeper_id), Cr::success);
}

TEST_F(Win32Register, NoCallbackAfterUnregisterReturnsWhileEventsFlow) {
  auto device = make_device("ROOT\\CMNOTIFY\\0004", "/sys/devices/cmnotify/4");
  source().add_device(device);
  Keeper keeper;
  const auto keeper_id = keep(engine(), keeper, device->instance_id);
  Recorder recorder;
  CM_NOTIFY_FILTER filter = instance_filter(L"ROOT\\CMNOTIFY\\0004");
  HCMNOTIFICATION h = nullptr;
  ASSERT_EQ(CM_Register_Notification(&filter, &recorder, Recorder::callback, &h), CR_SUCCESS);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> published{0};
  std::thread publisher([&] {
    for (std::uint64_t seq = 1; !stop; ++seq) {
      source().publish(engine::make_event(Action::instance_started, FilterType::device_instance,
                                          device, Origin::live, seq));
      published = seq;
      if (seq % 64 == 0) keeper.wait_for(seq - 32);  // keep the queues short
    }
  });
  ASSERT_TRUE(recorder.wait_for(10));
  EXPECT_EQ(CM_Unregister_Notification(h), CR_SUCCESS);
  const std::size_t after_unregister = recorder.count();
  const std::uint64_t mark = published.load() + 200;
  while (published.load() < mark) std::this_thread::yield();
  stop = true;
  publisher.join();
  ASSERT_TRUE(keeper.wait_for(published.load()));
  EXPECT_EQ(recorder.count(), after_unregister);
  EXPECT_EQ(engine().unregister(keeper_id), Cr::success);
}

TEST(Win32MapCr, TheWindowsTable) {
  constexpr DWORD kDefault = 0xdeadbeef;
  const std::vector<std::pair<CONFIGRET, DWORD>> table = {
      {CR_SUCCESS, ERROR_SUCCESS},
      {CR_OUT_OF_MEMORY, ERROR_NOT_ENOUGH_MEMORY},
      {CR_INVALID_POINTER, ERROR_INVALID_USER_BUFFER},
      {CR_INVALID_FLAG, ERROR_INVALID_FLAGS},
      {CR_INVALID_DEVNODE, ERROR_INVALID_DATA},
      {CR_INVALID_DEVINST, ERROR_INVALID_DATA},
      {CR_NO_SUCH_DEVNODE, ERROR_NOT_FOUND},
      {CR_NO_SUCH_DEVINST, ERROR_NOT_FOUND},
      {CR_ALREADY_SUCH_DEVNODE, ERROR_ALREADY_EXISTS},
      {CR_BUFFER_SMALL, ERROR_INSUFFICIENT_BUFFER},
      {CR_NO_REGISTRY_HANDLE, ERROR_INVALID_HANDLE},
      {CR_REGISTRY_ERROR, ERROR_REGISTRY_CORRUPT},
      {CR_INVALID_DEVICE_ID, ERROR_INVALID_DATA},
      {CR_NO_SUCH_VALUE, ERROR_NOT_FOUND},
      {CR_NO_SUCH_REGISTRY_KEY, ERROR_FILE_NOT_FOUND},
      {CR_INVALID_MACHINENAME, ERROR_INVALID_DATA},
      {CR_REMOTE_COMM_FAILURE, ERROR_SERVICE_NOT_ACTIVE},
      {CR_MACHINE_UNAVAILABLE, ERROR_SERVICE_NOT_ACTIVE},
      {CR_NO_CM_SERVICES, ERROR_SERVICE_NOT_ACTIVE},
      {CR_ACCESS_DENIED, ERROR_ACCESS_DENIED},
      {CR_CALL_NOT_IMPLEMENTED, ERROR_CALL_NOT_IMPLEMENTED},
      {CR_INVALID_PROPERTY, ERROR_INVALID_DATA},
      {CR_NO_SUCH_DEVICE_INTERFACE, ERROR_NOT_FOUND},
      {CR_INVALID_REFERENCE_STRING, ERROR_INVALID_DATA},
  };
  std::vector<bool> mapped(NUM_CR_RESULTS + 1, false);
  for (const auto& [cr, error] : table) {
    SCOPED_TRACE(cr);
    EXPECT_EQ(CM_MapCrToWin32Err(cr, kDefault), static_cast<DWORD>(error));
    mapped[cr] = true;
  }
  // Everything else (CR_INVALID_DATA, CR_FAILURE, CR_DEFAULT, ..., NUM_CR_RESULTS and values
  // outside the table) gives the caller's default.
  for (CONFIGRET cr = 0; cr <= NUM_CR_RESULTS; ++cr) {
    SCOPED_TRACE(cr);
    if (!mapped[cr]) {
      EXPECT_EQ(CM_MapCrToWin32Err(cr, kDefault), kDefault);
    }
  }
  EXPECT_EQ(CM_MapCrToWin32Err(CR_INVALID_DATA, 7), 7u);
  EXPECT_EQ(CM_MapCrToWin32Err(CR_FAILURE, 9), 9u);
  EXPECT_EQ(CM_MapCrToWin32Err(0xFFFFFFFFu, 11), 11u);
}

}  // namespace
}  // namespace cmnotify
