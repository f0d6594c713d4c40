// slices: the four parts of the dashboard read from SQLite for one user.
// The snapshot is all of them; a mutation compares them before and after to
// know which events to emit.
#pragma once

#include <SQLiteCpp/Database.h>

#include "core/model.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

core::DashboardSummary read_summary(SQLite::Database& db, UserId user);
// Sorted by mocCount, then setCount (both descending), then theme.
std::vector<core::ThemeStats> read_theme_breakdown(SQLite::Database& db, UserId user);
// The newest kRecentMocLimit by created_at descending, ties by id descending.
std::vector<core::RecentMoc> read_recent_mocs(SQLite::Database& db, UserId user);
// Every PARTIAL_ORDERED MOC, most recently updated first, ties by id.
std::vector<core::PartialPartsMoc> read_partial_parts(SQLite::Database& db, UserId user);

// One MOC row by id (the caller has checked it exists).
Moc read_moc(SQLite::Database& db, const std::string& id);

// All four plus the version, as one consistent read (caller holds a transaction).
core::DashboardView read_view(SQLite::Database& db, UserId user);

}  // namespace dashboard::server::store
