// slices: the four parts of the dashboard read for one user, and whole MOC
// rows. The snapshot is all four slices; a mutation compares them before
// and after to know which events to emit. Deleted MOCs (deleted_at set)
// are invisible to every read here.
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/sql/sql.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

core::DashboardSummary read_summary(sql::Session& s, UserId user);
// Sorted by mocCount, then setCount (both descending), then theme.
std::vector<core::ThemeStats> read_theme_breakdown(sql::Session& s, UserId user);
// The newest kRecentMocLimit by created_at descending, ties by id descending.
std::vector<core::RecentMoc> read_recent_mocs(sql::Session& s, UserId user);
// Every PARTIAL_ORDERED MOC, most recently updated first, ties by id.
std::vector<core::PartialPartsMoc> read_partial_parts(sql::Session& s, UserId user);

// All four plus the version, as one consistent read (caller holds a transaction).
core::DashboardView read_view(sql::Session& s, UserId user);

// The columns of a whole MOC, in the order read_moc_columns expects.
inline constexpr const char* kMocColumns =
    "id, title, theme, build_status, parts_coverage_status, coverage_percentage, "
    "cover_image_url, created_at, updated_at, version";
inline constexpr int kMocColumnCount = 10;

// A whole MOC from the current row, columns kMocColumns from `first`.
Moc read_moc_columns(const sql::Rows& rows, int first = 0);

// One MOC row by id, deleted or not; nullopt when there is none.
std::optional<Moc> find_moc(sql::Session& s, const std::string& id);

}  // namespace dashboard::server::store
