// The seam where device events enter the engine. The engine knows nothing of where devices come
// from; a DeviceSource (the Linux netlink/sysfs source, or the in-memory one tests use) feeds it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmnotify/device.hpp"
#include "cmnotify/error.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/source.hpp"

namespace cmnotify::engine {

using EventPtr = std::shared_ptr<const Event>;
// The present devices as one immutable list, parents before children. A source hands the same
// list to every caller until its devices change, so repeated queries copy nothing.
using DeviceList = std::shared_ptr<const std::vector<DevicePtr>>;

// Which kinds of registration listen to Action::changed events right now. A source builds only
// the changed events some registration could receive.
struct ChangeInterest {
  bool device_interface = false;
  bool device_handle = false;
  bool device_instance = false;

  [[nodiscard]] bool any() const noexcept {
    return device_interface || device_handle || device_instance;
  }
};

class EventSink {
 public:
  // Routes one event to every matching registration. Never blocks on a callback; safe to call
  // while the source holds its own lock (the engine never calls back into the source from here).
  virtual void publish(const EventPtr& event) = 0;

  // publish() for each event, in order: what one uevent (or one scan) produced, routed under one
  // take of the sink's lock instead of one per event.
  virtual void publish_all(std::span<const EventPtr> events) {
    for (const EventPtr& event : events) publish(event);
  }

  // Which registrations asked for Action::changed events; a source may skip building the others.
  [[nodiscard]] virtual ChangeInterest change_interest() const noexcept = 0;

  // A source that reads several events in one go brackets them with begin_burst()/end_burst()
  // (same thread, not nested). In between, events are queued to their registrations as usual
  // but idle callback threads are woken only at end_burst(): one wake-up per burst rather than
  // one per event when events come faster than callbacks take. Must not be held while waiting
  // for a callback.
  virtual void begin_burst() noexcept = 0;
  virtual void end_burst() noexcept = 0;

 protected:
  ~EventSink() = default;
};

class DeviceSource {
 public:
  virtual ~DeviceSource() = default;

  // Begins feeding `sink`, which stays valid until stop() returns. Called on the first
  // registration. Returns Cr::success, or why the source cannot run.
  virtual Cr start(EventSink& sink) = 0;

  // Stops feeding the sink: when it returns, publish() is not running and will not be called.
  virtual void stop() = 0;

  // Calls `fn` with the devices present now. While `fn` runs the source publishes nothing, so a
  // registration inserted inside `fn` sees every later event and none the snapshot reflects.
  // Works whether or not the source is started (a stopped source reads the system afresh).
  virtual Cr with_present_devices(const std::function<void(std::span<const DevicePtr>)>& fn) = 0;

  // The devices with_present_devices() would show, as a shared list (no copy while the devices
  // stay the same). The default copies them through with_present_devices().
  virtual Cr present_list(DeviceList& out);

  // The present device `name` names, or nullptr in `out` when none does. Every source knows an
  // instance ID and a device interface's symbolic link (both case-insensitive) and a syspath;
  // a platform source adds its own names (Linux: /dev nodes and links to them, /sys paths,
  // kernel names). A source may answer without reading every device. The default searches
  // present_list(). Cr::invalid_data for an empty name.
  virtual Cr find_device(std::string_view name, DevicePtr& out);

  // Whether devices under `enumerator` (an instance ID's first component, ASCII case ignored)
  // can exist on this system, present now or not: Windows keeps a key under
  // HKLM\SYSTEM\CurrentControlSet\Enum for every enumerator it has known, and an enumerator
  // without one is an error where one with no device present is an empty answer. The default
  // knows the enumerators of the present devices; a platform source adds those its naming rules
  // can give. `known` is false for an empty name.
  virtual Cr knows_enumerator(std::string_view enumerator, bool& known);

  // Resolves a native handle (an open file descriptor on Linux) to the key of its device
  // (detail::device_key) and the device as the check read it (enumerate() with a handle filter
  // answers with it, so the device is read once). Cr::invalid_data when the handle is not a
  // device.
  virtual Cr resolve_handle(std::intptr_t native_handle, std::string& device_key,
                            DevicePtr& device) = 0;

  // The source's counters and description (source_stats(), the CLI's summary); a source fills
  // the fields that apply to it.
  [[nodiscard]] virtual SourceStats stats() const = 0;

  // Reading on a consumer's thread (optional; the default does not support it). The engine lends
  // the reading to an inbox's owner while that inbox is the source's only consumer, so events
  // reach the application's thread without a hand-off between threads (engine/inbox.hpp).
  // lend_reading(): the source's own thread stops reading; `fds` are readable while input waits,
  // and pump() reads it on the calling thread, publishing into the sink exactly as the source's
  // thread would (one reader at a time: events stay in order, each read once). reclaim_reading():
  // the source's thread reads again. Both with the engine's lifecycle lock held; never block.
  virtual bool lend_reading(std::vector<int>& fds) {
    (void)fds;
    return false;
  }
  virtual void reclaim_reading() {}
  // Reads what waits now, never waiting for input; a no-op unless lent.
  struct Pumped {
    bool more = false;  // stopped at its batch limit with input perhaps left: call again
    // Reading failed (a socket in a lasting error state, EIO, stays readable): the consumer
    // stops watching the lent descriptors for this long and then pumps again, so its loop does
    // not spin. Zero when reading did not fail.
    std::chrono::milliseconds retry_after{0};
  };
  virtual Pumped pump() { return {}; }

  // fork(). The engine's pthread_atfork handlers call prepare_fork() before fork() with its own
  // locks held, then after_fork_in_parent() in the parent or after_fork_in_child() in the child.
  // prepare_fork() takes every lock the source's other threads may hold; both after_fork calls
  // release them. In the child only the forking thread exists: the source must not join, signal
  // or wait for the parent's threads. after_fork_in_child() returns the source the child uses
  // from then on: `self` made ready for start() again, a fresh source with the same
  // configuration, or nullptr for the default source. One that is not returned is never
  // destroyed (its threads' state would be touched). The default: nullptr.
  virtual void prepare_fork() noexcept {}
  virtual void after_fork_in_parent() noexcept {}
  virtual std::shared_ptr<DeviceSource> after_fork_in_child(
      std::shared_ptr<DeviceSource> /*self*/) noexcept {
    return nullptr;
  }
};

// Whether `name` is the device's instance ID, one of its symbolic links (case-insensitively) or
// its syspath: the names every source's find_device() knows.
[[nodiscard]] bool names_device(const Device& device, std::string_view name) noexcept;

// The platform's source (the Linux netlink/sysfs source). Defined by the platform layer.
std::shared_ptr<DeviceSource> make_default_source();

}  // namespace cmnotify::engine
