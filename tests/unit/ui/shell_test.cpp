// The whole dashboard through DashboardApp: skeletons before the first
// snapshot, the cards on the responsive grid after it, and clicks turned
// into routes.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "app/dashboard_app.hpp"
#include "app_display.hpp"
#include "imgui_harness.hpp"
#include "ui_fixtures.hpp"

namespace dashboard::app {
namespace {

using ui::testing::center;
using Texts = std::vector<std::string>;

class Shell : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::create_headless_context();
    app.set_clock([] { return WallClock{ui::testing::fixture_now(), 0}; });
    resize({1440, 900, 1});
  }
  void TearDown() override { ImGui::DestroyContext(); }

  void resize(core::DisplayMetrics metrics) { ASSERT_TRUE(testing::set_display(app, metrics)); }

  const ui::ShellOutput& frame() {
    ImGui::NewFrame();
    app.draw();
    ImGui::Render();
    return app.last_frame();
  }

  void click(ImVec2 at) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    frame();
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
  }

  const ui::CardReport& card(std::string_view test_id) {
    for (const ui::CardReport& c : app.last_frame().cards) {
      if (c.test_id == test_id) return c;
    }
    ADD_FAILURE() << "no card " << test_id;
    return app.last_frame().cards.front();
  }

  DashboardApp app{DASHBOARD_FONT_DIR};
};

TEST_F(Shell, SkeletonsUntilTheFirstSnapshot) {
  EXPECT_EQ(app.view(), nullptr);
  const ui::ShellOutput& out = frame();
  EXPECT_TRUE(out.cards.empty());
  EXPECT_FALSE(out.navigation);
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 0);
}

TEST_F(Shell, CardsInReadingOrderOnThreeColumns) {
  app.set_view(ui::testing::sample_dashboard());
  const ui::ShellOutput& out = frame();
  Texts ids;
  for (const ui::CardReport& c : out.cards) ids.push_back(c.test_id);
  EXPECT_EQ(ids, (Texts{"collection-summary-card", "theme-breakdown-card", "recent-mocs-card",
                        "quick-actions-card", "partial-parts-table"}));
  const ui::CardReport& summary = card("collection-summary-card");
  const ui::CardReport& recent = card("recent-mocs-card");
  const ui::CardReport& table = card("partial-parts-table");
  // The first three share a row and its height; the table spans all three.
  EXPECT_FLOAT_EQ(summary.min.y, recent.min.y);
  EXPECT_FLOAT_EQ(summary.max.y, recent.max.y);
  EXPECT_LT(recent.min.x, table.max.x);
  EXPECT_FLOAT_EQ(table.min.x, summary.min.x);
  EXPECT_FLOAT_EQ(table.max.x, recent.max.x);
  EXPECT_EQ(summary.find("total-mocs-count")->text, "1,234");
}

TEST_F(Shell, OneColumnOnPhonesAndCrispAtDpr2) {
  app.set_view(ui::testing::sample_dashboard());
  resize({375, 800, 2});
  frame();
  const ui::CardReport& summary = card("collection-summary-card");
  const ui::CardReport& themes = card("theme-breakdown-card");
  const ui::CardReport& table = card("partial-parts-table");
  EXPECT_FLOAT_EQ(summary.max.x - summary.min.x, themes.max.x - themes.min.x);
  EXPECT_FLOAT_EQ(summary.max.x - summary.min.x, table.max.x - table.min.x);
  EXPECT_GT(themes.min.y, summary.max.y);
  // Everything is in device pixels: the figure is twice its CSS size.
  const ui::Semantic& figure = *summary.find("total-mocs-count");
  EXPECT_FLOAT_EQ(figure.max.y - figure.min.y, 2 * ui::kDisplayCssPx);
}

TEST_F(Shell, QuickActionClickBecomesARoute) {
  app.set_view(ui::testing::sample_dashboard());
  frame();
  const ui::CardReport& actions = card("quick-actions-card");
  ASSERT_EQ(actions.texts("quick-action")[1], "Browse Gallery");
  click(center(actions.items[1]));
  EXPECT_EQ(app.take_navigation(), "/gallery");
  EXPECT_EQ(app.take_navigation(), std::nullopt);  // taken once
}

TEST_F(Shell, RecentMocClickOpensItsDetailRoute) {
  app.set_view(ui::testing::sample_dashboard());
  frame();
  click(center(*card("recent-mocs-card").find("recent-moc")));
  EXPECT_EQ(app.take_navigation(), "/mocs/moc-0");
}

TEST_F(Shell, TargetsAreConfigurableAndIdsEncoded) {
  const NavigationTargets targets{
      .add_moc = "/app/new", .gallery = "/g", .wishlist = "/w", .moc_detail_prefix = "/app/mocs/"};
  EXPECT_EQ(route_for(ui::QuickAction::AddMoc, targets), "/app/new");
  EXPECT_EQ(route_for(ui::QuickAction::BrowseGallery, targets), "/g");
  EXPECT_EQ(route_for(ui::QuickAction::ViewWishlist, targets), "/w");
  EXPECT_EQ(route_for(ui::OpenMoc{"a b/c?d"}, targets), "/app/mocs/a%20b%2Fc%3Fd");
  EXPECT_EQ(route_for(ui::QuickAction::AddMoc, NavigationTargets{}), "/mocs/new");
  EXPECT_EQ(route_for(ui::OpenMoc{"3f2c-9A_~."}, NavigationTargets{}), "/mocs/3f2c-9A_~.");
}

TEST_F(Shell, EmptyCollectionShowsEveryEmptyState) {
  app.set_view(core::DashboardView{});
  frame();
  for (const char* id : {"collection-summary-card", "theme-breakdown-card", "recent-mocs-card",
                         "partial-parts-table"}) {
    EXPECT_TRUE(card(id).empty) << id;
  }
  EXPECT_FALSE(card("quick-actions-card").empty);
}

}  // namespace
}  // namespace dashboard::app
