// monitor --journal: each event as one structured journal record (sd_journal_sendv), so that log
// pipelines that read journald (Vector, Fluent Bit, the OpenTelemetry journald receiver) get the
// fields without parsing text. docs/cli.md lists the fields and the MESSAGE_IDs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/event_order.hpp"
#include "cli/names.hpp"
#include "cmnotify/event.hpp"
#include "cmnotify/source.hpp"

namespace cmnotify::cli {

// Whether this build can write to the journal (libsystemd was found when it was built).
[[nodiscard]] bool journal_available() noexcept;

// Why records sent to the journal socket at `socket_path` would go nowhere (no such socket, or
// no journald bound to it), or nothing when a journald listens there. libsystemd's
// sd_journal_sendv reports success when the socket does not exist (a container without
// journald), so without this check every event would be dropped silently.
inline constexpr const char* kJournalSocket = "/run/systemd/journal/socket";
[[nodiscard]] std::optional<std::string> journal_unreachable(
    const char* socket_path = kJournalSocket);

// The fixed MESSAGE_ID of an action's records (32 lower-case hex digits), and of resync records.
[[nodiscard]] std::string_view journal_message_id(Action action) noexcept;
inline constexpr std::string_view kResyncMessageId = "1386b0cbad6048419cbdd94c4d194d9a";

// One record per event. Throws RuntimeError when the journal refuses it (no journald).
void journal_event(const Received& received, ClassNames& names);

// One record for the resynchronisations that happened since the last one: the counters then.
void journal_resync(const SourceStats& stats);

}  // namespace cmnotify::cli
