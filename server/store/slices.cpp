#include "store/slices.hpp"

#include <SQLiteCpp/Statement.h>

namespace dashboard::server::store {
namespace {

core::BuildStatus build_status_column(const SQLite::Column& c) {
  return core::build_status_from(c.getString()).value_or(core::BuildStatus::Added);
}

}  // namespace

core::DashboardSummary read_summary(SQLite::Database& db, UserId user) {
  SQLite::Statement q(db, R"sql(
    SELECT COUNT(*),
           COALESCE(SUM(build_status = 'ADDED'), 0),
           COALESCE(SUM(build_status = 'IN_PROGRESS'), 0),
           COALESCE(SUM(build_status = 'BUILT'), 0),
           COALESCE(SUM(parts_coverage_status = 'FULL_INVENTORY'), 0),
           COALESCE(SUM(parts_coverage_status = 'PARTIAL_ORDERED'), 0),
           COALESCE(SUM(parts_coverage_status = 'NONE'), 0),
           (SELECT COUNT(*) FROM wishlist_items WHERE user_id = ?1)
    FROM mocs WHERE user_id = ?1)sql");
  q.bind(1, user);
  q.executeStep();
  core::DashboardSummary s;
  s.total_mocs = q.getColumn(0).getInt64();
  for (int i = 0; i < 3; ++i) {
    s.mocs_by_build_status[static_cast<std::size_t>(i)] = q.getColumn(1 + i).getInt64();
    s.mocs_by_coverage_status[static_cast<std::size_t>(i)] = q.getColumn(4 + i).getInt64();
  }
  s.total_wishlist_items = q.getColumn(7).getInt64();
  return s;
}

std::vector<core::ThemeStats> read_theme_breakdown(SQLite::Database& db, UserId user) {
  SQLite::Statement q(db, R"sql(
    SELECT theme, SUM(is_moc) AS moc_count, SUM(is_set) AS set_count FROM (
      SELECT theme, 1 AS is_moc, 0 AS is_set FROM mocs WHERE user_id = ?1
      UNION ALL
      SELECT theme, 0, 1 FROM sets WHERE user_id = ?1)
    GROUP BY theme
    ORDER BY moc_count DESC, set_count DESC, theme ASC)sql");
  q.bind(1, user);
  std::vector<core::ThemeStats> out;
  while (q.executeStep()) {
    out.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64()});
  }
  return out;
}

std::vector<core::RecentMoc> read_recent_mocs(SQLite::Database& db, UserId user) {
  SQLite::Statement q(db, R"sql(
    SELECT id, title, theme, build_status, cover_image_url, created_at
    FROM mocs WHERE user_id = ?1
    ORDER BY created_at DESC, id DESC
    LIMIT ?2)sql");
  q.bind(1, user);
  q.bind(2, static_cast<std::int64_t>(core::kRecentMocLimit));
  std::vector<core::RecentMoc> out;
  while (q.executeStep()) {
    core::RecentMoc m;
    m.id = q.getColumn(0).getString();
    m.title = q.getColumn(1).getString();
    m.theme = q.getColumn(2).getString();
    m.build_status = build_status_column(q.getColumn(3));
    if (!q.getColumn(4).isNull()) m.cover_image_url = q.getColumn(4).getString();
    m.created_at = q.getColumn(5).getString();
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<core::PartialPartsMoc> read_partial_parts(SQLite::Database& db, UserId user) {
  SQLite::Statement q(db, R"sql(
    SELECT id, title, theme, build_status, coverage_percentage, updated_at
    FROM mocs WHERE user_id = ?1 AND parts_coverage_status = 'PARTIAL_ORDERED'
    ORDER BY updated_at DESC, id ASC)sql");
  q.bind(1, user);
  std::vector<core::PartialPartsMoc> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), build_status_column(q.getColumn(3)),
                   q.getColumn(4).getDouble(), q.getColumn(5).getString()});
  }
  return out;
}

Moc read_moc(SQLite::Database& db, const std::string& id) {
  SQLite::Statement q(db, R"sql(
    SELECT id, title, theme, build_status, parts_coverage_status, coverage_percentage,
           cover_image_url, created_at, updated_at
    FROM mocs WHERE id = ?1)sql");
  q.bind(1, id);
  q.executeStep();
  Moc m;
  m.id = q.getColumn(0).getString();
  m.title = q.getColumn(1).getString();
  m.theme = q.getColumn(2).getString();
  m.build_status = core::build_status_from(q.getColumn(3).getString()).value_or(m.build_status);
  m.parts_coverage_status =
      core::coverage_status_from(q.getColumn(4).getString()).value_or(m.parts_coverage_status);
  m.coverage_percentage = q.getColumn(5).getDouble();
  if (!q.getColumn(6).isNull()) m.cover_image_url = q.getColumn(6).getString();
  m.created_at = q.getColumn(7).getString();
  m.updated_at = q.getColumn(8).getString();
  return m;
}

core::DashboardView read_view(SQLite::Database& db, UserId user) {
  core::DashboardView view;
  SQLite::Statement version(db, "SELECT last_seq FROM users WHERE id = ?1");
  version.bind(1, user);
  if (version.executeStep()) view.version = version.getColumn(0).getInt64();
  view.summary = read_summary(db, user);
  view.theme_breakdown = read_theme_breakdown(db, user);
  view.recent_mocs = read_recent_mocs(db, user);
  view.partial_parts_mocs = read_partial_parts(db, user);
  return view;
}

}  // namespace dashboard::server::store
