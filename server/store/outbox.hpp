// outbox: the per-user event log that feeds live fan-out, gap repair and
// reconnect recovery. Rows are appended inside the mutation's transaction,
// so an event exists if and only if its change does.
#pragma once

#include <SQLiteCpp/Database.h>

#include <vector>

#include "clock.hpp"
#include "core/event.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

// The four slices a mutation can move.
struct Slices {
  core::DashboardSummary summary;
  std::vector<core::ThemeStats> themes;
  std::vector<core::RecentMoc> recent;
  std::vector<core::PartialPartsMoc> partial;
};

Slices read_slices(SQLite::Database& db, UserId user);

// The events that take a client from `before` to `after`: one per changed
// slice, in a fixed order (recent, summary, themes, partial parts).
std::vector<core::EventPayload> events_between(const Slices& before, const Slices& after);

// Appends `payloads` as the user's next seqs and bumps users.last_seq.
// Returns the new last seq. Must run inside the caller's transaction.
std::int64_t append_events(SQLite::Database& db, UserId user,
                           const std::vector<core::EventPayload>& payloads, const std::string& now,
                           IdSource& ids);

std::vector<StoredEvent> read_events_after(SQLite::Database& db, UserId user, std::int64_t since,
                                           int limit);

}  // namespace dashboard::server::store
