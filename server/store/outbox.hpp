// outbox: the per-user event log that feeds live fan-out, gap repair and
// reconnect recovery. Rows are appended inside the mutation's transaction,
// so an event exists if and only if its change does.
#pragma once

#include <vector>

#include "clock.hpp"
#include "core/event.hpp"
#include "store/sql/sql.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

// The four slices a mutation can move.
struct Slices {
  core::DashboardSummary summary;
  std::vector<core::ThemeStats> themes;
  std::vector<core::RecentMoc> recent;
  std::vector<core::PartialPartsMoc> partial;
};

Slices read_slices(sql::Session& s, UserId user);

// The events that take a client from `before` to `after`: one per changed
// slice, in a fixed order (recent, summary, themes, partial parts).
std::vector<core::EventPayload> events_between(const Slices& before, const Slices& after);

// Locks the user's row until the transaction ends, so writers for one user
// (on any instance) take seqs and compare slices one after another. Returns
// the user's last seq; NotFound-worthy when the user does not exist (nullopt).
std::optional<std::int64_t> lock_user_stream(sql::Session& s, UserId user);

// Appends `payloads` as the user's next seqs after `last_seq` and bumps
// users.last_seq; on PostgreSQL also queues the NOTIFY that wakes every
// instance at commit. Returns the new last seq. Must run inside the
// caller's transaction, after lock_user_stream.
std::int64_t append_events(sql::Session& s, UserId user, std::int64_t last_seq,
                           const std::vector<core::EventPayload>& payloads, const std::string& now,
                           IdSource& ids);

std::vector<StoredEvent> read_events_after(sql::Session& s, UserId user, std::int64_t since,
                                           int limit);
// The user's events created after `after` (RFC 3339 text), in seq order.
std::vector<StoredEvent> read_events_after_time(sql::Session& s, UserId user,
                                                const std::string& after, int limit);

// Whether `events`, read from a stream after `since` in seq order, are its
// next seqs with none missing: the pruner keeps no record of how far it
// went, so a page that starts late (or has a hole) means those events are
// gone. An empty page follows on only when nothing came after `since`.
template <typename Event>
bool follows_on(const std::vector<Event>& events, std::int64_t since, std::int64_t last) {
  if (events.empty()) return since >= last;
  std::int64_t expected = since;
  for (const Event& event : events) {
    if (event.seq != ++expected) return false;
  }
  return true;
}

// The channel every instance LISTENs on. Payloads: "u <user> <last_seq>"
// for a user's stream, "t <last_seq> <topic>" for a topic stream.
inline constexpr const char* kCommitChannel = "dashboard_commits";

}  // namespace dashboard::server::store
