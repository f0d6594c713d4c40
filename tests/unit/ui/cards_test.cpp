// Each card drawn against fixture data in a headless frame.
#include "ui/cards.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imgui_harness.hpp"
#include "ui_fixtures.hpp"

namespace dashboard::ui {
namespace {

using testing::center;
using testing::ImGuiHarness;
using Texts = std::vector<std::string>;

const ImVec2 kAt(16, 16);

class Cards : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(ui.fonts_ok()) << "fonts in " << DASHBOARD_FONT_DIR; }

  ImGuiHarness ui;
  const DrawContext ctx = ui.ctx(testing::fixture_now());
  const core::DashboardView view = testing::sample_dashboard();
};

TEST_F(Cards, SummaryShowsFiguresAndBothBreakdowns) {
  const ImVec2 size(420, collection_summary_card_height(ctx, view.summary, 420));
  const CardReport r =
      ui.frame([&] { return draw_collection_summary_card(ctx, view.summary, kAt, size); });
  EXPECT_EQ(r.test_id, "collection-summary-card");
  EXPECT_FALSE(r.empty);
  ASSERT_NE(r.find("total-mocs-count"), nullptr);
  EXPECT_EQ(r.find("total-mocs-count")->text, "1,234");
  EXPECT_EQ(r.find("wishlist-items-count")->text, "56");
  EXPECT_EQ(r.texts("build-status-added"), Texts{"1,000"});
  EXPECT_EQ(r.texts("build-status-in-progress"), Texts{"200"});
  EXPECT_EQ(r.texts("build-status-built"), Texts{"34"});
  EXPECT_EQ(r.texts("coverage-status-full-inventory"), Texts{"600"});
  EXPECT_EQ(r.texts("coverage-status-partial-ordered"), Texts{"534"});
  EXPECT_EQ(r.texts("coverage-status-none"), Texts{"100"});
  // The large figure uses the display font: taller than body text.
  const Semantic& total = *r.find("total-mocs-count");
  EXPECT_FLOAT_EQ(total.max.y - total.min.y, ui.fonts().display->FontSize);
  EXPECT_GT(ui.vertex_count(), 0);
}

TEST_F(Cards, SummaryBarTooltipExplainsTheShare) {
  const ImVec2 size(420, collection_summary_card_height(ctx, view.summary, 420));
  const auto draw = [&] { return draw_collection_summary_card(ctx, view.summary, kAt, size); };
  const CardReport first = ui.frame(draw);
  const CardReport hovered = ui.hover(center(*first.find("build-status-built")), draw);
  ASSERT_NE(hovered.find("tooltip"), nullptr);
  EXPECT_EQ(hovered.find("tooltip")->text, "Built: 34 of 1,234 MOCs");
}

TEST_F(Cards, SummaryWithoutMocsOffersToAddOne) {
  const core::DashboardSummary empty{};
  const ImVec2 size(420, collection_summary_card_height(ctx, empty, 420));
  const auto draw = [&] { return draw_collection_summary_card(ctx, empty, kAt, size); };
  const CardReport r = ui.frame(draw);
  EXPECT_TRUE(r.empty);
  EXPECT_EQ(r.find("total-mocs-count")->text, "0");
  ASSERT_NE(r.find("collection-summary-empty"), nullptr);
  EXPECT_EQ(r.find("build-status-added"), nullptr);
  const CardReport clicked = ui.click(center(*r.find("collection-summary-empty-action")), draw);
  EXPECT_EQ(clicked.navigation, NavigationIntent{QuickAction::AddMoc});
}

TEST_F(Cards, ThemesAreRankedWithBothValues) {
  const ImVec2 size(420, theme_breakdown_card_height(ctx, view.theme_breakdown, 420));
  const CardReport r =
      ui.frame([&] { return draw_theme_breakdown_card(ctx, view.theme_breakdown, kAt, size); });
  EXPECT_EQ(r.texts("theme-row"), (Texts{"Space", "City", "Castle", "Technic"}));
  EXPECT_EQ(r.texts("theme-moc-count"), (Texts{"9", "3", "3", "0"}));
  EXPECT_EQ(r.texts("theme-set-count"), (Texts{"2", "40", "12", "1"}));
  EXPECT_EQ(r.find("theme-more"), nullptr);
  EXPECT_EQ(r.rows_drawn, 4);
}

TEST_F(Cards, ManyThemesShowWhatFitsAndCountTheRest) {
  std::vector<core::ThemeStats> themes;
  for (int i = 0; i < 40; ++i) themes.push_back({"Theme " + std::to_string(i), 100 - i, i});
  const float natural = theme_breakdown_card_height(ctx, themes, 420);
  const auto draw_at = [&](float height) {
    return ui.frame(
        [&] { return draw_theme_breakdown_card(ctx, themes, kAt, ImVec2(420, height)); });
  };
  const CardReport r = draw_at(natural);
  EXPECT_EQ(r.rows_drawn, kThemeRowsPreferred);
  EXPECT_EQ(r.texts("theme-row").front(), "Theme 0");
  ASSERT_NE(r.find("theme-more"), nullptr);
  EXPECT_EQ(r.find("theme-more")->text, "+32 more themes");
  // Stretched by its grid row, the card shows more and hides fewer.
  const CardReport taller = draw_at(natural + 3 * 44);
  EXPECT_EQ(taller.rows_drawn, kThemeRowsPreferred + 3);
  EXPECT_EQ(taller.find("theme-more")->text, "+29 more themes");
}

TEST_F(Cards, NoThemesShowsTheEmptyState) {
  const ImVec2 size(420, theme_breakdown_card_height(ctx, {}, 420));
  const CardReport r = ui.frame([&] { return draw_theme_breakdown_card(ctx, {}, kAt, size); });
  EXPECT_TRUE(r.empty);
  EXPECT_NE(r.find("theme-breakdown-empty"), nullptr);
  EXPECT_NE(r.find("theme-breakdown-empty-action"), nullptr);
  EXPECT_EQ(r.rows_drawn, 0);
}

TEST_F(Cards, RecentMocsShowTenRowsWithRelativeDates) {
  const std::vector<core::RecentMoc> mocs = testing::recent_mocs(12);
  const ImVec2 size(420, recent_mocs_card_height(ctx, mocs, 420));
  const CardReport r = ui.frame([&] { return draw_recent_mocs_card(ctx, mocs, kAt, size); });
  EXPECT_EQ(r.rows_total, 12);
  EXPECT_EQ(r.rows_drawn, 10);
  const Texts titles = r.texts("recent-moc");
  ASSERT_EQ(titles.size(), 10u);
  EXPECT_EQ(titles.front(), "Recent build 0");
  EXPECT_EQ(titles.back(), "Recent build 9");
  EXPECT_EQ(r.texts("recent-moc-date"),
            (Texts{"5 min ago", "3 h ago", "yesterday", "4 days ago", "1 Feb 2026", "5 min ago",
                   "3 h ago", "yesterday", "4 days ago", "1 Feb 2026"}));
  EXPECT_EQ(r.texts("recent-moc-status")[0], "Added");
  EXPECT_EQ(r.texts("recent-moc-status")[1], "In progress");
  EXPECT_EQ(r.texts("recent-moc-status")[2], "Built");
  EXPECT_EQ(r.texts("recent-moc-theme")[1], "Castle");
}

TEST_F(Cards, RecentMocDateTooltipAndClick) {
  const std::vector<core::RecentMoc> mocs = testing::recent_mocs(3);
  const ImVec2 size(420, recent_mocs_card_height(ctx, mocs, 420));
  const auto draw = [&] { return draw_recent_mocs_card(ctx, mocs, kAt, size); };
  const CardReport first = ui.frame(draw);
  const Semantic date = first.items[3];  // moc-0: row, theme, status, date
  ASSERT_EQ(date.id, "recent-moc-date");
  const CardReport hovered = ui.hover(center(date), draw);
  ASSERT_NE(hovered.find("tooltip"), nullptr);
  EXPECT_EQ(hovered.find("tooltip")->text, "12 Mar 2026, 09:55:00");

  const Semantic second_row = first.items[4];
  ASSERT_EQ(second_row.id, "recent-moc");
  const CardReport clicked = ui.click(center(second_row), draw);
  EXPECT_EQ(clicked.navigation, NavigationIntent{OpenMoc{"moc-1"}});
}

TEST_F(Cards, LongTitlesAreCutToFit) {
  std::vector<core::RecentMoc> mocs = testing::recent_mocs(1);
  mocs[0].title = std::string(200, 'W');
  const ImVec2 size(320, recent_mocs_card_height(ctx, mocs, 320));
  const auto draw = [&] { return draw_recent_mocs_card(ctx, mocs, kAt, size); };
  const CardReport r = ui.frame(draw);
  EXPECT_EQ(r.find("recent-moc")->text, mocs[0].title);  // the report keeps the full title
  const CardReport hovered = ui.hover(ImVec2(kAt.x + 100, center(*r.find("recent-moc")).y), draw);
  ASSERT_NE(hovered.find("tooltip"), nullptr);  // and the tooltip shows it
  EXPECT_EQ(hovered.find("tooltip")->text, mocs[0].title);
}

TEST_F(Cards, NoRecentMocsOffersToAddOne) {
  const ImVec2 size(420, recent_mocs_card_height(ctx, {}, 420));
  const auto draw = [&] { return draw_recent_mocs_card(ctx, {}, kAt, size); };
  const CardReport r = ui.frame(draw);
  EXPECT_TRUE(r.empty);
  EXPECT_EQ(r.find("recent-mocs-empty-action")->text, "Add New MOC");
  const CardReport clicked = ui.click(center(*r.find("recent-mocs-empty-action")), draw);
  EXPECT_EQ(clicked.navigation, NavigationIntent{QuickAction::AddMoc});
}

TEST_F(Cards, QuickActionsReportWhichWasClicked) {
  for (const float width : {1200.0f, 320.0f}) {  // side by side, then stacked
    const ImVec2 size(width, quick_actions_card_height(ctx, width));
    const auto draw = [&] { return draw_quick_actions_card(ctx, kAt, size); };
    const CardReport r = ui.frame(draw);
    ASSERT_EQ(r.texts("quick-action"), (Texts{"Add New MOC", "Browse Gallery", "View Wishlist"}));
    EXPECT_FALSE(r.navigation);
    const std::vector<QuickAction> expected{QuickAction::AddMoc, QuickAction::BrowseGallery,
                                            QuickAction::ViewWishlist};
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const CardReport clicked = ui.click(center(r.items[i]), draw);
      EXPECT_EQ(clicked.navigation, NavigationIntent{expected[i]}) << width << " " << i;
    }
  }
  const bool row = quick_actions_card_height(ctx, 1200) < quick_actions_card_height(ctx, 320);
  EXPECT_TRUE(row);
}

}  // namespace
}  // namespace dashboard::ui
