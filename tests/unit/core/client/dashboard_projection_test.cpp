#include "core/client/dashboard_projection.hpp"

#include <gtest/gtest.h>

#include "collection_fixtures.hpp"

namespace dashboard::core::client {
namespace {

using testing::moc;

DashboardView two_mocs() {
  DashboardView v;
  v.summary = {.total_mocs = 2,
               .total_wishlist_items = 3,
               .mocs_by_build_status = {2, 0, 0},
               .mocs_by_coverage_status = {0, 0, 2}};
  v.theme_breakdown = {{"City", 1, 4}, {"Space", 1, 0}};
  v.recent_mocs = {{"b", "B", "Space", BuildStatus::Added, std::nullopt, "2026-11-21T00:00:00Z"},
                   {"a", "A", "City", BuildStatus::Added, std::nullopt, "2026-11-20T00:00:00Z"}};
  return v;
}

TEST(DashboardProjection, AStatusChangeMovesTheCountsAndTheRecentEntry) {
  DashboardView v = two_mocs();
  Moc before = moc("a", "A");
  Moc after = before;
  after.build_status = BuildStatus::Built;
  project_moc_change(v, &before, &after, "2026-11-23T00:00:00Z");
  EXPECT_EQ(v.summary.total_mocs, 2);
  EXPECT_EQ(v.summary.mocs_by_build_status, (std::array<std::int64_t, 3>{1, 0, 1}));
  EXPECT_EQ(v.recent_mocs[1].build_status, BuildStatus::Built);
}

TEST(DashboardProjection, ThemeRowsAppearAndLeave) {
  DashboardView v = two_mocs();
  Moc before = moc("b", "B");
  before.theme = "Space";
  Moc after = before;
  after.theme = "Pirates";
  project_moc_change(v, &before, &after, "2026-11-23T00:00:00Z");
  ASSERT_EQ(v.theme_breakdown.size(), 2u);
  EXPECT_EQ(v.theme_breakdown[0], (ThemeStats{"City", 1, 4}));
  EXPECT_EQ(v.theme_breakdown[1], (ThemeStats{"Pirates", 1, 0}));
  // A theme with sets stays when its last MOC leaves.
  Moc a = moc("a", "A");
  project_moc_change(v, &a, nullptr, "2026-11-23T00:00:00Z");
  EXPECT_EQ(v.theme_breakdown[0], (ThemeStats{"City", 0, 4}));
  EXPECT_EQ(v.summary.total_mocs, 1);
  EXPECT_EQ(v.recent_mocs.size(), 1u);
}

TEST(DashboardProjection, PartlyOrderedMocsLeadThePartialPartsTable) {
  DashboardView v = two_mocs();
  Moc before = moc("a", "A");
  Moc after = before;
  after.parts_coverage_status = PartsCoverageStatus::PartialOrdered;
  after.coverage_percentage = 40;
  project_moc_change(v, &before, &after, "2026-11-23T00:00:00Z");
  ASSERT_EQ(v.partial_parts_mocs.size(), 1u);
  EXPECT_EQ(v.partial_parts_mocs[0].coverage_percentage, 40);
  EXPECT_EQ(v.partial_parts_mocs[0].last_updated_at, "2026-11-23T00:00:00Z");
  EXPECT_EQ(v.summary.mocs_by_coverage_status, (std::array<std::int64_t, 3>{0, 1, 1}));
  project_moc_change(v, &after, &before, "2026-11-23T00:00:01Z");
  EXPECT_TRUE(v.partial_parts_mocs.empty());
}

TEST(DashboardProjection, ARestoredMocTakesItsPlaceInRecentByCreation) {
  DashboardView v = two_mocs();
  Moc back = moc("c", "C");
  back.created_at = "2026-11-20T12:00:00Z";
  project_moc_change(v, nullptr, &back, "2026-11-23T00:00:00Z");
  ASSERT_EQ(v.recent_mocs.size(), 3u);
  EXPECT_EQ(v.recent_mocs[1].id, "c");
}

TEST(DashboardProjection, OnlyTheSlicesAskedFor) {
  DashboardView v = two_mocs();
  Moc before = moc("a", "A");
  project_moc_change(v, &before, nullptr, "2026-11-23T00:00:00Z", kRecentMocs);
  EXPECT_EQ(v.summary.total_mocs, 2);
  EXPECT_EQ(v.recent_mocs.size(), 1u);
  project_wishlist_change(v, -5);
  EXPECT_EQ(v.summary.total_wishlist_items, 0);
}

}  // namespace
}  // namespace dashboard::core::client
