// The keys of a `monitor --json` event record, in order: schema version 1 (docs/cli.md). Both the
// formatter's unit test and the end-to-end monitor test hold the output to this one list.
#pragma once

#include <string>
#include <vector>

namespace cmnotify::testing {

inline const std::vector<std::string> kEventRecordKeys = {"schema",
                                                          "type",
                                                          "time",
                                                          "sequence",
                                                          "origin",
                                                          "action",
                                                          "filter_type",
                                                          "instance_id",
                                                          "parent_instance_id",
                                                          "description",
                                                          "symbolic_link",
                                                          "class_guid",
                                                          "class_name",
                                                          "event_guid",
                                                          "event_name",
                                                          "custom_data",
                                                          "custom_name_offset",
                                                          "syspath",
                                                          "parent_syspath",
                                                          "subsystem",
                                                          "devtype",
                                                          "driver",
                                                          "devnode",
                                                          "major",
                                                          "minor",
                                                          "event_properties"};

}  // namespace cmnotify::testing
