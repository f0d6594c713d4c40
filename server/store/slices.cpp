#include "store/slices.hpp"

#include <string>

namespace dashboard::server::store {
namespace {

core::BuildStatus build_status_of(const std::string& wire) {
  return core::build_status_from(wire).value_or(core::BuildStatus::Added);
}

}  // namespace

core::DashboardSummary read_summary(sql::Session& s, UserId user) {
  // CASE rather than summing booleans: PostgreSQL has no boolean sum.
  auto q = s.query(R"sql(
    SELECT COUNT(*),
           COALESCE(SUM(CASE WHEN build_status = 'ADDED' THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN build_status = 'IN_PROGRESS' THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN build_status = 'BUILT' THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN parts_coverage_status = 'FULL_INVENTORY' THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN parts_coverage_status = 'PARTIAL_ORDERED' THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN parts_coverage_status = 'NONE' THEN 1 ELSE 0 END), 0),
           (SELECT COUNT(*) FROM wishlist_items WHERE user_id = $1)
    FROM mocs WHERE user_id = $1 AND deleted_at IS NULL)sql",
                   {user});
  core::DashboardSummary summary;
  if (!q->next()) return summary;
  summary.total_mocs = q->int64(0);
  for (int i = 0; i < 3; ++i) {
    summary.mocs_by_build_status[static_cast<std::size_t>(i)] = q->int64(1 + i);
    summary.mocs_by_coverage_status[static_cast<std::size_t>(i)] = q->int64(4 + i);
  }
  summary.total_wishlist_items = q->int64(7);
  return summary;
}

std::vector<core::ThemeStats> read_theme_breakdown(sql::Session& s, UserId user) {
  auto q = s.query(R"sql(
    SELECT theme, SUM(is_moc) AS moc_count, SUM(is_set) AS set_count FROM (
      SELECT theme, 1 AS is_moc, 0 AS is_set FROM mocs WHERE user_id = $1 AND deleted_at IS NULL
      UNION ALL
      SELECT theme, 0, 1 FROM sets WHERE user_id = $1) AS owned
    GROUP BY theme
    ORDER BY moc_count DESC, set_count DESC, theme ASC)sql",
                   {user});
  std::vector<core::ThemeStats> out;
  while (q->next()) out.push_back({q->text(0), q->int64(1), q->int64(2)});
  return out;
}

std::vector<core::RecentMoc> read_recent_mocs(sql::Session& s, UserId user) {
  auto q = s.query(R"sql(
    SELECT id, title, theme, build_status, cover_image_url, created_at
    FROM mocs WHERE user_id = $1 AND deleted_at IS NULL
    ORDER BY created_at DESC, id DESC
    LIMIT $2)sql",
                   {user, static_cast<std::int64_t>(core::kRecentMocLimit)});
  std::vector<core::RecentMoc> out;
  while (q->next()) {
    out.push_back({q->text(0), q->text(1), q->text(2), build_status_of(q->text(3)),
                   q->nullable_text(4), q->text(5)});
  }
  return out;
}

std::vector<core::PartialPartsMoc> read_partial_parts(sql::Session& s, UserId user) {
  auto q = s.query(R"sql(
    SELECT id, title, theme, build_status, coverage_percentage, updated_at
    FROM mocs
    WHERE user_id = $1 AND parts_coverage_status = 'PARTIAL_ORDERED' AND deleted_at IS NULL
    ORDER BY updated_at DESC, id ASC)sql",
                   {user});
  std::vector<core::PartialPartsMoc> out;
  while (q->next()) {
    out.push_back(
        {q->text(0), q->text(1), q->text(2), build_status_of(q->text(3)), q->real(4), q->text(5)});
  }
  return out;
}

Moc read_moc_columns(const sql::Rows& rows, int first) {
  Moc m;
  m.id = rows.text(first);
  m.title = rows.text(first + 1);
  m.theme = rows.text(first + 2);
  m.build_status = build_status_of(rows.text(first + 3));
  m.parts_coverage_status =
      core::coverage_status_from(rows.text(first + 4)).value_or(m.parts_coverage_status);
  m.coverage_percentage = rows.real(first + 5);
  m.cover_image_url = rows.nullable_text(first + 6);
  m.created_at = rows.text(first + 7);
  m.updated_at = rows.text(first + 8);
  m.version = rows.int64(first + 9);
  return m;
}

std::optional<Moc> find_moc(sql::Session& s, const std::string& id) {
  auto q = s.query(std::string("SELECT ") + kMocColumns + " FROM mocs WHERE id = $1", {id});
  if (!q->next()) return std::nullopt;
  return read_moc_columns(*q);
}

core::DashboardView read_view(sql::Session& s, UserId user) {
  core::DashboardView view;
  view.version = s.scalar("SELECT last_seq FROM users WHERE id = $1", {user});
  view.summary = read_summary(s, user);
  view.theme_breakdown = read_theme_breakdown(s, user);
  view.recent_mocs = read_recent_mocs(s, user);
  view.partial_parts_mocs = read_partial_parts(s, user);
  return view;
}

}  // namespace dashboard::server::store
