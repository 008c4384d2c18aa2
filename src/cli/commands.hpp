// The commands, each given its parsed options; each returns the exit status and throws
// UsageError, RuntimeError or cmnotify::Error for the caller to report in one line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli/selection.hpp"
#include "cli/terminal.hpp"
#include "cmnotify/source.hpp"

namespace cmnotify::cli {

struct MonitorOptions {
  SelectionArgs selection;
  bool present = false;     // the devices present now first, marked (SubscribeOptions::present)
  bool changes = false;     // CHANGED events too
  bool json = false;        // JSON lines
  bool properties = false;  // device properties in every event (text and JSON)
  bool journal = false;     // events to the journal (structured records), not to stdout
  // The netlink group(s) to read (SourceConfig::group); automatic leaves the choice to
  // CMNOTIFY_NETLINK_GROUP, then to the source.
  NetlinkGroup source = NetlinkGroup::automatic;
  ColourMode colour = ColourMode::automatic;
  std::optional<std::uint64_t> count;  // end after this many events
  std::optional<double> timeout;       // end after this many seconds
};

struct ListOptions {
  SelectionArgs selection;
  bool tree = false;
  bool json = false;
  bool properties = false;
  ColourMode colour = ColourMode::automatic;
};

struct InfoOptions {
  std::string device;  // instance ID, symbolic link, /dev/NODE or /sys/... path
  bool json = false;
  bool properties = true;  // always: info shows everything (--properties is accepted, as elsewhere)
  ColourMode colour = ColourMode::automatic;
};

struct ClassesOptions {
  bool json = false;
  ColourMode colour = ColourMode::automatic;
};

int run_monitor(const MonitorOptions& options);
int run_list(const ListOptions& options);
int run_info(const InfoOptions& options);
int run_classes(const ClassesOptions& options);

}  // namespace cmnotify::cli
