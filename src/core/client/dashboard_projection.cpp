#include "core/client/dashboard_projection.hpp"

#include <algorithm>
#include <string>

#include "core/timestamp.hpp"

namespace dashboard::core::client {
namespace {

void count(DashboardSummary& s, const Moc& moc, int delta) {
  s.total_mocs = std::max<std::int64_t>(0, s.total_mocs + delta);
  auto& build = s.mocs_by_build_status[static_cast<std::size_t>(moc.build_status)];
  build = std::max<std::int64_t>(0, build + delta);
  auto& coverage = s.mocs_by_coverage_status[static_cast<std::size_t>(moc.parts_coverage_status)];
  coverage = std::max<std::int64_t>(0, coverage + delta);
}

void count_theme(DashboardView& view, const Moc& moc, int delta) {
  auto& themes = view.theme_breakdown;
  auto row = std::find_if(themes.begin(), themes.end(),
                          [&moc](const ThemeStats& t) { return t.theme == moc.theme; });
  if (row == themes.end()) {
    if (delta <= 0) return;
    themes.push_back({moc.theme, 0, 0});
    row = themes.end() - 1;
  }
  row->moc_count = std::max<std::int64_t>(0, row->moc_count + delta);
  if (row->moc_count == 0 && row->set_count == 0) themes.erase(row);
}

UnixMillis instant(std::string_view rfc3339) {
  const auto t = parse_rfc3339(rfc3339);
  return t ? *t : 0;
}

void project_recent(std::vector<RecentMoc>& recent, const Moc* before, const Moc* after) {
  const std::string& id = after != nullptr ? after->id : before->id;
  const auto same = [&id](const RecentMoc& r) { return r.id == id; };
  const auto at = std::find_if(recent.begin(), recent.end(), same);
  if (after == nullptr) {
    if (at != recent.end()) recent.erase(at);
    return;
  }
  const RecentMoc entry{after->id,           after->title,           after->theme,
                        after->build_status, after->cover_image_url, after->created_at};
  if (at != recent.end()) {
    *at = entry;
    return;
  }
  // Newest first by creation: an entry older than a full list's last stays out.
  const UnixMillis created = instant(after->created_at);
  const auto slot = std::find_if(recent.begin(), recent.end(), [&](const RecentMoc& r) {
    const UnixMillis other = instant(r.created_at);
    return other < created || (other == created && r.id > after->id);
  });
  if (slot == recent.end() && recent.size() >= kRecentMocLimit) return;
  recent.insert(slot, entry);
  if (recent.size() > kRecentMocLimit) recent.resize(kRecentMocLimit);
}

void project_partial(std::vector<PartialPartsMoc>& rows, const Moc* before, const Moc* after,
                     std::string_view now) {
  const std::string& id = after != nullptr ? after->id : before->id;
  std::erase_if(rows, [&id](const PartialPartsMoc& r) { return r.id == id; });
  if (after == nullptr || after->parts_coverage_status != PartsCoverageStatus::PartialOrdered) {
    return;
  }
  rows.insert(rows.begin(),
              PartialPartsMoc{after->id, after->title, after->theme, after->build_status,
                              after->coverage_percentage, std::string(now)});
}

}  // namespace

void project_moc_change(DashboardView& view, const Moc* before, const Moc* after,
                        std::string_view now, SliceMask slices) {
  if (before == nullptr && after == nullptr) return;
  if (before != nullptr && after != nullptr && *before == *after) return;
  if ((slices & kSummary) != 0) {
    if (before != nullptr) count(view.summary, *before, -1);
    if (after != nullptr) count(view.summary, *after, +1);
  }
  if ((slices & kThemeBreakdown) != 0) {
    if (before != nullptr) count_theme(view, *before, -1);
    if (after != nullptr) count_theme(view, *after, +1);
  }
  if ((slices & kRecentMocs) != 0) project_recent(view.recent_mocs, before, after);
  if ((slices & kPartialParts) != 0) project_partial(view.partial_parts_mocs, before, after, now);
}

void project_wishlist_change(DashboardView& view, int delta) {
  view.summary.total_wishlist_items =
      std::max<std::int64_t>(0, view.summary.total_wishlist_items + delta);
}

}  // namespace dashboard::core::client
