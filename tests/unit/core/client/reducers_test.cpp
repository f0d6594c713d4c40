#include "core/client/reducers.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../fixtures.hpp"

namespace dashboard::core::client {
namespace {

using testing::sample_event;
using testing::sample_view;

RecentMoc moc(const std::string& id) {
  return RecentMoc{id,           "Title " + id,         "Space", BuildStatus::Added,
                   std::nullopt, "2026-11-20T14:03:11Z"};
}

DashboardEvent event_at(std::int64_t seq, EventPayload payload) {
  DashboardEvent e = sample_event(std::move(payload));
  e.seq = seq;
  return e;
}

std::vector<std::string> ids(const std::vector<RecentMoc>& list) {
  std::vector<std::string> out;
  for (const RecentMoc& m : list) out.push_back(m.id);
  return out;
}

TEST(Reducers, SummaryUpdatedReplacesSummary) {
  DashboardView view = sample_view();
  DashboardSummary summary = view.summary;
  summary.total_mocs = 4;
  summary.mocs_by_build_status = {2, 1, 1};
  EXPECT_EQ(apply_event(view, event_at(43, summary)), SliceMask{kSummary});
  EXPECT_EQ(view.summary, summary);
  DashboardView expected = sample_view();
  expected.summary = summary;
  expected.version = 43;
  EXPECT_EQ(view, expected);
}

TEST(Reducers, EqualReplacementReportsNoChangeButAdvancesVersion) {
  DashboardView view = sample_view();
  EXPECT_EQ(apply_event(view, event_at(43, view.summary)), 0u);
  EXPECT_EQ(apply_event(view, event_at(44, view.theme_breakdown)), 0u);
  EXPECT_EQ(apply_event(view, event_at(45, view.partial_parts_mocs)), 0u);
  EXPECT_EQ(apply_event(view, event_at(46, view.recent_mocs)), 0u);
  EXPECT_EQ(apply_event(view, event_at(47, view.recent_mocs.front())), 0u);
  EXPECT_EQ(view.version, 47);
}

TEST(Reducers, RecentMocAddedPrepends) {
  DashboardView view = sample_view();
  EXPECT_EQ(apply_event(view, event_at(43, moc("moc-4"))), SliceMask{kRecentMocs});
  EXPECT_EQ(ids(view.recent_mocs), (std::vector<std::string>{"moc-4", "moc-3", "moc-2"}));
  EXPECT_EQ(view.recent_mocs.front(), moc("moc-4"));
}

TEST(Reducers, RecentMocAddedReplacesEntryWithSameId) {
  DashboardView view = sample_view();
  RecentMoc renamed = view.recent_mocs.back();  // moc-2
  renamed.title = "Renamed";
  EXPECT_EQ(apply_event(view, event_at(43, renamed)), SliceMask{kRecentMocs});
  EXPECT_EQ(ids(view.recent_mocs), (std::vector<std::string>{"moc-2", "moc-3"}));
  EXPECT_EQ(view.recent_mocs.front().title, "Renamed");
}

TEST(Reducers, RecentMocAddedKeepsLimit) {
  DashboardView view;
  for (int i = 0; i < 12; ++i) {
    apply_event(view, event_at(i + 1, moc("moc-" + std::to_string(i))));
  }
  ASSERT_EQ(view.recent_mocs.size(), kRecentMocLimit);
  EXPECT_EQ(view.recent_mocs.front().id, "moc-11");
  EXPECT_EQ(view.recent_mocs.back().id, "moc-2");
  // Re-adding an entry already in a full list keeps the rest.
  apply_event(view, event_at(13, moc("moc-5")));
  ASSERT_EQ(view.recent_mocs.size(), kRecentMocLimit);
  EXPECT_EQ(view.recent_mocs.front().id, "moc-5");
  EXPECT_EQ(view.recent_mocs.back().id, "moc-2");
}

TEST(Reducers, RecentMocsUpdatedReplacesAndTrims) {
  DashboardView view = sample_view();
  std::vector<RecentMoc> list;
  for (int i = 0; i < 11; ++i) list.push_back(moc("m" + std::to_string(i)));
  EXPECT_EQ(apply_event(view, event_at(43, list)), SliceMask{kRecentMocs});
  ASSERT_EQ(view.recent_mocs.size(), kRecentMocLimit);
  EXPECT_EQ(view.recent_mocs.back().id, "m9");
  EXPECT_EQ(apply_event(view, event_at(44, std::vector<RecentMoc>{})), SliceMask{kRecentMocs});
  EXPECT_TRUE(view.recent_mocs.empty());
}

TEST(Reducers, PartialPartsUpdatedReplacesTable) {
  DashboardView view = sample_view();
  std::vector<PartialPartsMoc> table = {
      {"moc-9", "Ship", "Pirates", BuildStatus::Built, 12.5, "2026-11-21T00:00:00Z"}};
  EXPECT_EQ(apply_event(view, event_at(43, table)), SliceMask{kPartialParts});
  EXPECT_EQ(view.partial_parts_mocs, table);
}

TEST(Reducers, ThemeBreakdownUpdatedReplacesBreakdown) {
  DashboardView view = sample_view();
  std::vector<ThemeStats> themes = {{"Pirates", 1, 2}};
  EXPECT_EQ(apply_event(view, event_at(43, themes)), SliceMask{kThemeBreakdown});
  EXPECT_EQ(view.theme_breakdown, themes);
}

TEST(Reducers, ErrorChangesNothing) {
  DashboardView view = sample_view();
  EXPECT_EQ(apply_event(view, event_at(99, ErrorPayload{"RATE_LIMITED", "slow down"})), 0u);
  EXPECT_EQ(view, sample_view());
}

TEST(Reducers, OlderSeqDoesNotLowerVersion) {
  DashboardView view = sample_view();
  apply_event(view, event_at(7, std::vector<ThemeStats>{}));
  EXPECT_EQ(view.version, 42);
  EXPECT_TRUE(view.theme_breakdown.empty());
}

TEST(Reducers, DiffSlicesNamesEachDifferingSlice) {
  const DashboardView a = sample_view();
  DashboardView b = a;
  b.version = 100;
  EXPECT_EQ(diff_slices(a, b), 0u);
  b.summary.total_wishlist_items = 0;
  b.partial_parts_mocs.pop_back();
  EXPECT_EQ(diff_slices(a, b), SliceMask{kSummary | kPartialParts});
  EXPECT_EQ(diff_slices(DashboardView{}, a), kAllSlices);
}

}  // namespace
}  // namespace dashboard::core::client
