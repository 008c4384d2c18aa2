// Changed events from the real kernel (root): the source builds a "change" uevent's events only
// for the kinds of registration that listen to them (a storm optimisation), so each kind is
// checked here on its own and together with the others.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "cmnotify/cmnotify.hpp"
#include "engine/engine.hpp"
#include "support/kernel_devices.hpp"

namespace cmnotify {
namespace {

using testing::EventRecorder;
using testing::is;
using testing::TapInterface;

constexpr const char* kUuid = "5e1f0c2a-7d3b-4c59-8f10-0000000000c7";

class SourceChangesKernelTest : public testing::KernelSourceTest {
 protected:
  static SubscribeOptions with_changes() {
    SubscribeOptions o;
    o.changes = true;
    return o;
  }
  // Emits "change <uuid> RUN=<run>" on the tap and waits for `recorder` to see it.
  static std::optional<Event> change_seen_by(EventRecorder& recorder, const TapInterface& tap,
                                             const std::string& run) {
    testing::write_uevent("/sys/class/net/" + tap.name(),
                          std::string("change ") + kUuid + " RUN=" + run);
    return recorder.wait_for_event([&](const Event& e) {
      if (e.action != Action::changed) return false;
      bool uuid = false, arg = false;
      for (const auto& [key, value] : e.event_properties) {
        uuid = uuid || (key == "SYNTH_UUID" && value == kUuid);
        arg = arg || (key == "SYNTH_ARG_RUN" && value == run);
      }
      return uuid && arg;
    });
  }
};

TEST_F(SourceChangesKernelTest, AnInstanceSubscriberAloneGetsTheChangeWithItsEventProperties) {
  TapInterface tap("cmntap7");
  EventRecorder recorder;
  auto sub = subscribe(Filter::instance("SWD\\NET\\CMNTAP7"), to(recorder), with_changes());
  auto e = change_seen_by(recorder, tap, "instance");
  ASSERT_TRUE(e) << "no changed event for the instance subscriber";
  EXPECT_EQ(e->filter_type, FilterType::device_instance);
  EXPECT_EQ(e->instance_id(), "SWD\\NET\\CMNTAP7");
  EXPECT_GT(e->sequence, 0u);
}

TEST_F(SourceChangesKernelTest, AHandleSubscriberAloneGetsTheChange) {
  TapInterface tap("cmntap8");
  EventRecorder recorder;
  const int fd = ::open("/sys/class/net/cmntap8", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto sub = subscribe(Filter::device(fd), to(recorder), with_changes());
  ::close(fd);
  auto e = change_seen_by(recorder, tap, "handle");
  ASSERT_TRUE(e) << "no changed event for the handle subscriber";
  EXPECT_EQ(e->filter_type, FilterType::device_handle);
}

TEST_F(SourceChangesKernelTest, AnInterfaceSubscriberAloneGetsTheChangeWithTheLink) {
  TapInterface tap("cmntap9");
  EventRecorder recorder;
  auto sub = subscribe(Filter::interface_class(interface_class::net), to(recorder), with_changes());
  auto e = change_seen_by(recorder, tap, "interface");
  ASSERT_TRUE(e) << "no changed event for the interface subscriber";
  EXPECT_EQ(e->filter_type, FilterType::device_interface);
  EXPECT_EQ(e->class_guid, interface_class::net);
  EXPECT_EQ(e->symbolic_link, "\\\\?\\SWD#NET#CMNTAP9#{cac88484-7515-4c03-82e6-71a87abac361}");
}

TEST_F(SourceChangesKernelTest, EveryKindGetsTheSameChangeWhenAllListen) {
  TapInterface tap("cmntap10");
  EventRecorder instances, handles, interfaces;
  auto a = subscribe(Filter::all_instances(), to(instances), with_changes());
  const int fd = ::open("/sys/class/net/cmntap10", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto b = subscribe(Filter::device(fd), to(handles), with_changes());
  ::close(fd);
  auto c = subscribe(Filter::all_interface_classes(), to(interfaces), with_changes());
  auto i = change_seen_by(instances, tap, "all");
  ASSERT_TRUE(i);
  // The same uevent: the others must have it too (no second write).
  auto same = [&](const Event& e) {
    return e.action == Action::changed && e.sequence == i->sequence;
  };
  auto h = handles.wait_for_event(same);
  auto f = interfaces.wait_for_event(same);
  ASSERT_TRUE(h) << "the handle subscriber missed the change";
  ASSERT_TRUE(f) << "the interface subscriber missed the change";
  EXPECT_EQ(h->event_properties, i->event_properties);
  EXPECT_EQ(f->event_properties, i->event_properties);
}

}  // namespace
}  // namespace cmnotify
