// monitor --journal: each event as one structured journal record (sd_journal_sendv), so that log
// pipelines that read journald (Vector, Fluent Bit, the OpenTelemetry journald receiver) get the
// fields without parsing text. docs/cli.md lists the fields and the MESSAGE_IDs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cli/event_order.hpp"
#include "cli/names.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/source.hpp"

namespace cmnotify::cli {

// Whether this build can write to the journal (libsystemd was found when it was built).
[[nodiscard]] bool journal_available() noexcept;

// The fixed MESSAGE_ID of an action's records (32 lower-case hex digits), and of resync records.
[[nodiscard]] std::string_view journal_message_id(Action action) noexcept;
inline constexpr std::string_view kResyncMessageId = "1386b0cbad6048419cbdd94c4d194d9a";

// One record per event. Throws RuntimeError when the journal refuses it (no journald).
void journal_event(const Received& received, ClassNames& names);

// One record for the resynchronisations that happened since the last one: the counters then.
void journal_resync(const SourceStats& stats);

}  // namespace cmnotify::cli
