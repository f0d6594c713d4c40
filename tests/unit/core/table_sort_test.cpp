#include "core/table_sort.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace dashboard::core {
namespace {

PartialPartsMoc row(std::string id, std::string title, std::string theme, BuildStatus status,
                    double coverage, std::string updated) {
  return {std::move(id), std::move(title), std::move(theme), status, coverage, std::move(updated)};
}

std::vector<PartialPartsMoc> sample_rows() {
  return {
      row("m3", "rover", "Space", BuildStatus::Built, 90, "2026-03-10T10:00:00Z"),
      row("m1", "Castle Keep", "castle", BuildStatus::Added, 10, "2026-03-12T10:00:00Z"),
      row("m2", "Aqua Base", "Ocean", BuildStatus::InProgress, 55.5, "2026-03-11T10:00:00Z"),
      row("m4", "Bridge", "Castle", BuildStatus::Added, 55.5, "2026-03-12T11:00:00+02:00"),
  };
}

std::vector<std::string> ids(const std::vector<PartialPartsMoc>& rows,
                             const std::vector<std::size_t>& order) {
  std::vector<std::string> out;
  for (std::size_t i : order) out.push_back(rows[i].id);
  return out;
}

using Ids = std::vector<std::string>;
using Col = PartialPartsColumn;
constexpr SortDirection kAsc = SortDirection::Ascending;
constexpr SortDirection kDesc = SortDirection::Descending;

TEST(TableSort, TitleIgnoresCase) {
  const auto rows = sample_rows();
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Title, kAsc})),
            (Ids{"m2", "m4", "m1", "m3"}));
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Title, kDesc})),
            (Ids{"m3", "m1", "m4", "m2"}));
}

TEST(TableSort, EqualKeysFallBackToIdInBothDirections) {
  const auto rows = sample_rows();
  // "castle" and "Castle" fold equal but keep byte order: "Castle" < "castle".
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Theme, kAsc})),
            (Ids{"m4", "m1", "m2", "m3"}));
  // m2 and m4 share 55.5%: id ascending either way.
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Coverage, kAsc})),
            (Ids{"m1", "m2", "m4", "m3"}));
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Coverage, kDesc})),
            (Ids{"m3", "m2", "m4", "m1"}));
}

TEST(TableSort, StatusFollowsTheBuildWorkflow) {
  const auto rows = sample_rows();
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Status, kAsc})),
            (Ids{"m1", "m4", "m2", "m3"}));
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Status, kDesc})),
            (Ids{"m3", "m2", "m1", "m4"}));
}

TEST(TableSort, LastUpdatedComparesInstantsNotText) {
  const auto rows = sample_rows();
  // m4 is 09:00Z on the 12th, before m1's 10:00Z although its text sorts later.
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::LastUpdated, kDesc})),
            (Ids{"m1", "m4", "m2", "m3"}));
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::LastUpdated, kAsc})),
            (Ids{"m3", "m2", "m4", "m1"}));
}

TEST(TableSort, BadTimestampsAndNaNSortLowest) {
  auto rows = sample_rows();
  rows.push_back(row("m0", "Zed", "Space", BuildStatus::Built, std::nan(""), "yesterday"));
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::LastUpdated, kAsc})).front(), "m0");
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Coverage, kAsc})).front(), "m0");
  EXPECT_EQ(ids(rows, partial_parts_order(rows, {Col::Coverage, kDesc})).back(), "m0");
}

TEST(TableSort, DuplicatesKeepInputOrder) {
  std::vector<PartialPartsMoc> rows{
      row("x", "Same", "T", BuildStatus::Added, 1, "2026-01-01T00:00:00Z"),
      row("x", "Same", "T", BuildStatus::Added, 1, "2026-01-01T00:00:00Z"),
  };
  EXPECT_EQ(partial_parts_order(rows, {Col::Theme, kAsc}), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(partial_parts_order(rows, {Col::Theme, kDesc}), (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(partial_parts_order({}, {}).empty());
}

TEST(TableSort, SortInPlaceMatchesOrder) {
  auto rows = sample_rows();
  sort_partial_parts(rows, {Col::Title, kAsc});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].title, "Aqua Base");
  EXPECT_EQ(rows[3].title, "rover");
}

TEST(TableSort, ThemesRankByMocsThenSetsThenName) {
  const std::vector<ThemeStats> themes{
      {"Space", 2, 5}, {"castle", 4, 0}, {"Ocean", 2, 9}, {"Alpha", 2, 5}, {"Zoo", 0, 0}};
  const std::vector<ThemeStats> ranked = ranked_themes(themes);
  std::vector<std::string> names;
  for (const ThemeStats& t : ranked) names.push_back(t.theme);
  EXPECT_EQ(names, (Ids{"castle", "Ocean", "Alpha", "Space", "Zoo"}));
}

}  // namespace
}  // namespace dashboard::core
