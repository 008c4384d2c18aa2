// The event rule (engine/device_events.hpp): which notifications a device's change produces, in
// Windows' order, for every kind of change; and its agreement with the filter rule.
#include "engine/device_events.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "cmnotify/interface_classes.hpp"
#include "engine/filter_spec.hpp"

namespace cmnotify::engine {
namespace {

const Guid kClassA = make_guid(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
const Guid kClassB = make_guid(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2);

DevicePtr device(std::string id, std::vector<DeviceInterface> interfaces, bool started = true) {
  auto d = std::make_shared<Device>();
  d->instance_id = std::move(id);
  d->syspath = "/sys/devices/x";
  d->interfaces = std::move(interfaces);
  d->started = started;
  return d;
}

// "ACTION link/guid" for each event, to compare whole sequences.
std::vector<std::string> describe(const std::vector<EventPtr>& events) {
  std::vector<std::string> out;
  for (const EventPtr& e : events) {
    std::string s(to_string(e->action));
    if (!e->symbolic_link.empty()) s += " " + e->symbolic_link;
    if (e->action == Action::custom_event) s += " " + e->class_guid.to_string();
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> transition(const DeviceState& before, const DeviceState& after) {
  std::vector<EventPtr> out;
  transition_events(before, after, Origin::live, 7, out);
  for (const EventPtr& e : out) EXPECT_EQ(e->sequence, 7u);
  return describe(out);
}

TEST(DeviceEvents, ArrivalAndRemovalFollowWindowsOrder) {
  auto d = device("ROOT\\X\\0", {{kClassA, "a"}, {kClassB, "b"}});
  std::vector<EventPtr> out;
  transition_events({}, {d}, Origin::live, 5, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]->action, Action::instance_enumerated);
  EXPECT_EQ(out[1]->action, Action::instance_started);
  EXPECT_EQ(out[2]->action, Action::interface_arrival);
  EXPECT_EQ(out[2]->symbolic_link, "a");
  EXPECT_EQ(out[3]->class_guid, kClassB);
  EXPECT_EQ(out[3]->sequence, 5u);
  out.clear();
  transition_events({d}, {}, Origin::resync, 0, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]->action, Action::interface_removal);
  EXPECT_EQ(out[1]->action, Action::interface_removal);
  EXPECT_EQ(out[2]->action, Action::remove_complete);
  EXPECT_EQ(out[2]->filter_type, FilterType::device_handle);
  EXPECT_EQ(out[3]->action, Action::instance_removed);
  EXPECT_EQ(out[3]->origin, Origin::resync);
}

TEST(DeviceEvents, NothingToNothingAndTheSameRecordGiveNothing) {
  EXPECT_TRUE(transition({}, {}).empty());
  auto d = device("ROOT\\X\\0", {{kClassA, "a"}});
  EXPECT_TRUE(transition({d}, {d}).empty());
  EXPECT_TRUE(transition({d}, {device("ROOT\\X\\0", {{kClassA, "a"}})}).empty())
      << "an equal record under a new pointer";
}

TEST(DeviceEvents, AnotherInstanceIdIsARemovalThenAnArrival) {
  auto before = device("ROOT\\X\\0", {{kClassA, "a"}});
  auto after = device("ROOT\\Y\\0", {{kClassA, "b"}}, false);
  EXPECT_EQ(transition({before}, {after}),
            (std::vector<std::string>{"DEVICEINTERFACEREMOVAL a", "DEVICEREMOVECOMPLETE",
                                      "DEVICEINSTANCEREMOVED", "DEVICEINSTANCEENUMERATED",
                                      "DEVICEINTERFACEARRIVAL b"}));
  EXPECT_TRUE(transition({before}, {device("root\\x\\0", {{kClassA, "a"}})}).empty())
      << "instance IDs compare case-insensitively";
}

TEST(DeviceEvents, InterfacesGoneOrRelinkedLeaveAndNewOnesArriveAroundTheStart) {
  auto before = device("ROOT\\X\\0", {{kClassA, "a"}, {kClassB, "b"}}, false);
  auto after = device("ROOT\\X\\0", {{kClassB, "b2"}, {interface_class::net, "n"}}, true);
  EXPECT_EQ(transition({before}, {after}),
            (std::vector<std::string>{"DEVICEINTERFACEREMOVAL a", "DEVICEINTERFACEREMOVAL b",
                                      "DEVICEINSTANCESTARTED", "DEVICEINTERFACEARRIVAL b2",
                                      "DEVICEINTERFACEARRIVAL n"}));
  EXPECT_TRUE(transition({after}, {device("ROOT\\X\\0", after->interfaces, false)}).empty())
      << "Windows has no notification for a driver unbinding";
}

TEST(DeviceEvents, AMediumLoadedOrEjectedIsACustomEventOfTheHandle) {
  auto disk = device("ROOT\\DISK\\0", {{interface_class::disk, "d"}});
  std::vector<EventPtr> out;
  transition_events({disk, false}, {disk, true}, Origin::live, 1, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->action, Action::custom_event);
  EXPECT_EQ(out[0]->filter_type, FilterType::device_handle);
  EXPECT_EQ(out[0]->class_guid, io_event::media_arrival);
  out.clear();
  transition_events({disk, true}, {disk, false}, Origin::live, 2, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->class_guid, io_event::media_removal);
  EXPECT_TRUE(transition({disk, true}, {}).size() == 3u) << "a removal has no media event";
}

TEST(DeviceEvents, ChangedEventsOnlyForTheKindsThatListen) {
  auto d = device("ROOT\\X\\0", {{kClassA, "a"}, {kClassB, "b"}});
  const std::vector<EventProperty> properties = {{"DISK_MEDIA_CHANGE", "1"}, {"SYNTH_UUID", "u"}};
  EventRecycler recycler;
  std::vector<EventPtr> out;
  changed_events(d, properties, ChangeInterest{}, 3, recycler, out);
  EXPECT_TRUE(out.empty());
  ChangeInterest all;
  all.device_instance = all.device_handle = all.device_interface = true;
  changed_events(d, properties, all, 3, recycler, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]->filter_type, FilterType::device_instance);
  EXPECT_EQ(out[1]->filter_type, FilterType::device_handle);
  EXPECT_EQ(out[2]->symbolic_link, "a");
  EXPECT_EQ(out[3]->class_guid, kClassB);
  for (const EventPtr& e : out) {
    EXPECT_EQ(e->action, Action::changed);
    EXPECT_EQ(e->sequence, 3u);
    ASSERT_EQ(e->event_properties.size(), 2u);
    EXPECT_EQ(e->event_properties[0].first, "DISK_MEDIA_CHANGE");
    EXPECT_EQ(e->event_properties[1].second, "u");
  }
}

TEST(DeviceEvents, ARecycledChangedEventCarriesNothingOfItsPreviousUseAndKeepsItsStrings) {
  auto d = device("ROOT\\X\\0", {});
  EventRecycler recycler;
  ChangeInterest handle;
  handle.device_handle = true;
  std::vector<EventPtr> out;
  const std::vector<EventProperty> many = {{"A", "1"}, {"B", "2"}, {"C", "3"}};
  changed_events(d, many, handle, 1, recycler, out);
  const Event* first = out[0].get();
  out.clear();  // delivered and let go
  changed_events(d, std::vector<EventProperty>{{"D", "4"}}, handle, 2, recycler, out);
  ASSERT_EQ(out[0].get(), first) << "the event was reused";
  ASSERT_EQ(out[0]->event_properties.size(), 1u);
  EXPECT_EQ(out[0]->event_properties[0].first, "D");
  EXPECT_EQ(out[0]->sequence, 2u);

  // A storm's SYNTH_UUID and SYNTH_ARG_T values are longer than a short string holds inline: a
  // reused event assigns them into the strings it already has, so it allocates nothing.
  const std::string first_uuid(36, 'a'), second_uuid(36, 'b');
  out.clear();
  changed_events(d, std::vector<EventProperty>{{"SYNTH_UUID", first_uuid}, {"SYNTH_ARG_X", "1"}},
                 handle, 3, recycler, out);
  ASSERT_EQ(out[0].get(), first);
  const char* uuid_storage = out[0]->event_properties[0].second.data();
  out.clear();
  changed_events(d, std::vector<EventProperty>{{"SYNTH_UUID", second_uuid}}, handle, 4, recycler,
                 out);
  ASSERT_EQ(out[0].get(), first);
  ASSERT_EQ(out[0]->event_properties.size(), 1u);
  EXPECT_EQ(out[0]->event_properties[0].first, "SYNTH_UUID");
  EXPECT_EQ(out[0]->event_properties[0].second, second_uuid);
  EXPECT_EQ(out[0]->event_properties[0].second.data(), uuid_storage)
      << "the value was assigned into the string it had, not allocated again";
  // Values and keys of other lengths are assigned too.
  out.clear();
  changed_events(d, std::vector<EventProperty>{{"DISK_MEDIA_CHANGE", "1"}, {"SYNTH_ARG_Y", ""}},
                 handle, 5, recycler, out);
  ASSERT_EQ(out[0].get(), first);
  ASSERT_EQ(out[0]->event_properties.size(), 2u);
  EXPECT_EQ(out[0]->event_properties[0],
            (std::pair<std::string, std::string>{"DISK_MEDIA_CHANGE", "1"}));
  EXPECT_EQ(out[0]->event_properties[1], (std::pair<std::string, std::string>{"SYNTH_ARG_Y", ""}));
  // An arrival built on the same event afterwards carries none of these properties.
  out.clear();
  transition_events({}, {d}, Origin::live, 6, out, &recycler);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].get(), first);
  EXPECT_TRUE(out[0]->event_properties.empty());
}

TEST(DeviceEvents, ArrivalsAndRemovalsOnARecyclerReuseEventsAndCarryNothingOfTheirPast) {
  auto disk = device("ROOT\\DISK\\0", {{interface_class::disk, "d"}});
  EventRecycler recycler;
  std::vector<EventPtr> out;
  // Used before: a changed event with properties, and a media custom event of the handle.
  ChangeInterest handle;
  handle.device_handle = true;
  changed_events(disk, std::vector<EventProperty>{{"SYNTH_UUID", "u"}}, handle, 1, recycler, out);
  transition_events({disk, false}, {disk, true}, Origin::live, 2, out, &recycler);
  ASSERT_EQ(out.size(), 2u);
  std::vector<const Event*> used;
  for (const EventPtr& e : out) used.push_back(e.get());
  out.clear();  // delivered and let go

  auto other = device("ROOT\\X\\0", {{kClassA, "a"}});
  transition_events({}, {other}, Origin::resync, 3, out, &recycler);
  EXPECT_EQ(describe(out),
            (std::vector<std::string>{"DEVICEINSTANCEENUMERATED", "DEVICEINSTANCESTARTED",
                                      "DEVICEINTERFACEARRIVAL a"}));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].get(), used[0]) << "the oldest free event was reused";
  EXPECT_EQ(out[1].get(), used[1]);
  for (const EventPtr& e : out) {
    EXPECT_EQ(e->device, other);
    EXPECT_EQ(e->origin, Origin::resync);
    EXPECT_EQ(e->sequence, 3u);
    EXPECT_TRUE(e->event_properties.empty());
    EXPECT_TRUE(e->custom_data.empty());
    EXPECT_EQ(e->custom_name_offset, -1);
  }
  EXPECT_EQ(out[0]->filter_type, FilterType::device_instance);
  EXPECT_TRUE(out[0]->symbolic_link.empty());
  EXPECT_EQ(out[0]->class_guid, Guid{});
  EXPECT_EQ(out[2]->filter_type, FilterType::device_interface);
  EXPECT_EQ(out[2]->class_guid, kClassA);

  // An event someone still holds is never reused.
  const EventPtr held = out[0];
  out.clear();
  transition_events({other}, {}, Origin::live, 4, out, &recycler);
  for (const EventPtr& e : out) EXPECT_NE(e.get(), held.get());
  EXPECT_EQ(held->action, Action::instance_enumerated);
  EXPECT_EQ(held->sequence, 3u);
}

// Enumeration and routing are the same rule: a device is selected by an interface or instance
// filter exactly when one of its arrival events would be routed to that filter.
TEST(DeviceEvents, EnumerationSelectsTheDevicesWhoseArrivalsTheFilterGets) {
  const Guid classes[3] = {kClassA, kClassB, interface_class::disk};
  const char* ids[3] = {"USB\\VID_1\\A", "usb\\vid_1\\a", "PCI\\X\\0"};
  std::mt19937 rng(11);
  for (int step = 0; step < 5000; ++step) {
    std::vector<DeviceInterface> interfaces;
    for (const Guid& g : classes)
      if (rng() % 2) interfaces.push_back({g, "link"});
    auto d = device(ids[rng() % 3], interfaces, rng() % 2 == 0);
    FilterSpec f;
    f.type = rng() % 2 ? FilterType::device_interface : FilterType::device_instance;
    f.all = rng() % 4 == 0;
    f.class_guid = classes[rng() % 3];
    f.instance_id = ids[rng() % 3];
    std::vector<EventPtr> arrival;
    transition_events({}, {d}, Origin::present, 0, arrival);
    bool routed = false;
    for (const EventPtr& e : arrival) routed = routed || selects(f, *e, false);
    ASSERT_EQ(selects(f, *d), routed) << "step " << step;
  }
}

}  // namespace
}  // namespace cmnotify::engine
