// The Partial Parts table: clipping, sorting by header clicks, narrow
// layouts and the empty state.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/table_sort.hpp"
#include "imgui_harness.hpp"
#include "ui/cards.hpp"
#include "ui_fixtures.hpp"

namespace dashboard::ui {
namespace {

using testing::center;
using testing::ImGuiHarness;
using Texts = std::vector<std::string>;

const ImVec2 kAt(16, 16);

class PartialPartsTable : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(ui.fonts_ok()); }

  auto drawer(const std::vector<core::PartialPartsMoc>& rows, float width = 1400) {
    const ImVec2 size(width, partial_parts_table_height(ctx, rows.size(), width));
    return [this, &rows, size] { return draw_partial_parts_table(ctx, rows, state, kAt, size); };
  }

  static const Semantic& header(const CardReport& r, std::string_view name) {
    for (const Semantic& item : r.items) {
      if (item.id == "partial-parts-header" && item.text == name) return item;
    }
    ADD_FAILURE() << "no header " << name;
    return r.items.front();
  }

  static Texts expected_titles(const std::vector<core::PartialPartsMoc>& rows,
                               core::PartialPartsSort sort, std::size_t count) {
    Texts out;
    for (std::size_t i : core::partial_parts_order(rows, sort)) {
      if (out.size() == count) break;
      out.push_back(rows[i].title);
    }
    return out;
  }

  ImGuiHarness ui;
  const DrawContext ctx = ui.ctx(testing::fixture_now());
  PartialPartsTableState state;
};

TEST_F(PartialPartsTable, TenThousandRowsSubmitOnlyWhatIsVisible) {
  const std::vector<core::PartialPartsMoc> rows = testing::partial_parts(10'000);
  const auto draw = drawer(rows);
  ui.frame(draw);  // the clipper measures a row on the first frame
  const CardReport r = ui.frame(draw);
  EXPECT_EQ(r.rows_total, 10'000);
  EXPECT_GE(r.rows_drawn, kPartialPartsVisibleRows);
  EXPECT_LE(r.rows_drawn, kPartialPartsVisibleRows + 3);
  EXPECT_LT(ui.vertex_count(), 20'000);
  // Default order: most recently updated first.
  const Texts shown = r.texts("partial-parts-row");
  EXPECT_EQ(Texts(shown.begin(), shown.begin() + 5),
            expected_titles(
                rows, {core::PartialPartsColumn::LastUpdated, core::SortDirection::Descending}, 5));
}

TEST_F(PartialPartsTable, HeaderClicksSortAndReverse) {
  const std::vector<core::PartialPartsMoc> rows = testing::partial_parts(10'000);
  const auto draw = drawer(rows);
  const CardReport first = ui.frame(draw);
  const CardReport by_title = ui.click(center(header(first, "Title")), draw);
  EXPECT_EQ(state.sort, (core::PartialPartsSort{core::PartialPartsColumn::Title,
                                                core::SortDirection::Ascending}));
  Texts shown = by_title.texts("partial-parts-row");
  ASSERT_GE(shown.size(), 5u);
  EXPECT_EQ(Texts(shown.begin(), shown.begin() + 5), expected_titles(rows, state.sort, 5));

  const CardReport reversed = ui.click(center(header(by_title, "Title")), draw);
  EXPECT_EQ(state.sort.direction, core::SortDirection::Descending);
  shown = reversed.texts("partial-parts-row");
  EXPECT_EQ(Texts(shown.begin(), shown.begin() + 5), expected_titles(rows, state.sort, 5));

  const CardReport by_coverage = ui.click(center(header(reversed, "Coverage")), draw);
  EXPECT_EQ(state.sort.column, core::PartialPartsColumn::Coverage);
  EXPECT_EQ(by_coverage.texts("partial-parts-coverage").front(), "0%");
}

TEST_F(PartialPartsTable, NewRowsAreResortedUnderTheChosenSort) {
  std::vector<core::PartialPartsMoc> rows = testing::partial_parts(5);
  const auto draw = drawer(rows);
  ui.click(center(header(ui.frame(draw), "Title")), draw);
  rows.push_back(
      {"new", "AAA first", "Space", core::BuildStatus::Added, 1, "2026-03-12T09:00:00Z"});
  state.invalidate();
  const CardReport r = ui.frame(drawer(rows));
  EXPECT_EQ(r.texts("partial-parts-row").front(), "AAA first");
}

TEST_F(PartialPartsTable, RowClickOpensTheMoc) {
  const std::vector<core::PartialPartsMoc> rows = testing::partial_parts(5);
  const auto draw = drawer(rows);
  const CardReport r = ui.frame(draw);
  const Semantic& row = *r.find("partial-parts-row");
  const std::size_t first = core::partial_parts_order(rows, state.sort).front();
  const CardReport clicked = ui.click(ImVec2(row.min.x + 40, center(row).y), draw);
  EXPECT_EQ(clicked.navigation, NavigationIntent{OpenMoc{rows[first].id}});
}

TEST_F(PartialPartsTable, NarrowCardsDropSecondaryColumns) {
  const std::vector<core::PartialPartsMoc> rows = testing::partial_parts(5);
  const CardReport wide = ui.frame(drawer(rows, 1400));
  EXPECT_EQ(wide.texts("partial-parts-header"),
            (Texts{"Title", "Theme", "Status", "Coverage", "Last updated"}));
  const CardReport phone = ui.frame(drawer(rows, 343));
  EXPECT_EQ(phone.texts("partial-parts-header"), (Texts{"Title", "Coverage"}));
  EXPECT_EQ(phone.rows_drawn, 5);
}

TEST_F(PartialPartsTable, NoRowsPointsToTheWishlist) {
  const std::vector<core::PartialPartsMoc> rows;
  const auto draw = drawer(rows);
  const CardReport r = ui.frame(draw);
  EXPECT_TRUE(r.empty);
  EXPECT_EQ(r.rows_drawn, 0);
  const CardReport clicked = ui.click(center(*r.find("partial-parts-empty-action")), draw);
  EXPECT_EQ(clicked.navigation, NavigationIntent{QuickAction::ViewWishlist});
}

}  // namespace
}  // namespace dashboard::ui
