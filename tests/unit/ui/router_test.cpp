// DashboardApp as a router: the address picks the page in the same shell,
// the sidebar's current item and the title follow it, clicks become new
// history entries; and a character the UI font lacks is drawn once its
// fallback face is in.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "app/dashboard_app.hpp"
#include "app_display.hpp"
#include "imgui_harness.hpp"
#include "ui_fixtures.hpp"

namespace dashboard::app {
namespace {

using ui::testing::center;

class Router : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::create_headless_context();
    app.set_clock([] { return WallClock{ui::testing::fixture_now(), 0}; });
    app.set_fallback_font_dir(DASHBOARD_FALLBACK_FONT_DIR);
    ASSERT_TRUE(testing::set_display(app, {1440, 900, 1}));
    app.set_view(ui::testing::sample_dashboard());
  }
  void TearDown() override { ImGui::DestroyContext(); }

  const ui::ShellOutput& frame() {
    if (app.prepare_frame({1440, 900, 1})) {
      unsigned char* pixels = nullptr;
      int w = 0;
      int h = 0;
      ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
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
  const ui::Semantic* chrome(std::string_view id) {
    for (const ui::Semantic& s : app.last_frame().chrome) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }
  bool shows(std::string_view section) {
    for (const ui::CardReport& c : app.last_frame().cards) {
      if (c.test_id == section) return true;
    }
    return false;
  }

  DashboardApp app{DASHBOARD_FONT_DIR};
};

TEST_F(Router, TheAddressPicksThePageTitleAndSidebarItem) {
  struct Case {
    const char* path;
    const char* section;
    const char* title;
    const char* current;
  };
  for (const Case& c :
       {Case{"/dashboard", "collection-summary-card", "MOC Dashboard", "Dashboard"},
        Case{"/mocs", "mocs-page", "MOCs \xC2\xB7 MOC Dashboard", "MOCs"},
        Case{"/mocs/new", "add-moc-page", "Add MOC \xC2\xB7 MOC Dashboard", "MOCs"},
        Case{"/mocs/abc", "moc-page", "MOC \xC2\xB7 MOC Dashboard", "MOCs"},
        Case{"/wishlist", "wishlist-page", "Wishlist \xC2\xB7 MOC Dashboard", "Wishlist"},
        Case{"/gallery", "gallery-page", "Gallery \xC2\xB7 MOC Dashboard", "Gallery"},
        Case{"/status", "status-page", "System status \xC2\xB7 MOC Dashboard", "Status"}}) {
    app.set_route(c.path);
    frame();
    EXPECT_TRUE(shows(c.section)) << c.path;
    EXPECT_EQ(app.document_title(), c.title);
    ASSERT_NE(chrome("nav-current"), nullptr) << c.path;
    EXPECT_EQ(chrome("nav-current")->text, c.current);
  }
  app.set_route("/mocs/a/b");
  frame();
  EXPECT_TRUE(shows("not-found-page"));
  EXPECT_EQ(chrome("nav-current"), nullptr);
  EXPECT_EQ(app.document_title(), "Page not found \xC2\xB7 MOC Dashboard");
}

TEST_F(Router, ASidebarClickGoesThereAndIsANewHistoryEntry) {
  frame();
  click(center(*chrome("nav-wishlist")));
  EXPECT_EQ(app.take_navigation(), "/wishlist");
  EXPECT_EQ(app.route().page, core::client::Page::Wishlist);
  frame();
  EXPECT_TRUE(shows("wishlist-page"));
  // Back (the browser's popstate) hands the old address back: no new entry.
  app.set_route("/dashboard");
  frame();
  EXPECT_EQ(app.take_navigation(), std::nullopt);
  EXPECT_TRUE(shows("collection-summary-card"));
}

TEST_F(Router, TheNotFoundPageLeadsHome) {
  app.set_route("/nowhere");
  frame();
  const ui::Semantic* home = nullptr;
  for (const ui::CardReport& c : app.last_frame().cards) {
    if (const ui::Semantic* s = c.find("not-found-home")) home = s;
  }
  ASSERT_NE(home, nullptr);
  click(center(*home));
  EXPECT_EQ(app.take_navigation(), "/dashboard");
}

TEST_F(Router, ACharacterTheUiFontLacksIsDrawnOnceItsFaceIsIn) {
  core::DashboardView view = ui::testing::sample_dashboard();
  view.recent_mocs[0].title = "\xE5\x9F\x8E Castle";  // U+57CE
  app.set_view(view);
  ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  EXPECT_EQ(font->FindGlyphNoFallback(0x57CE), nullptr);
  frame();  // noted missing while drawn
  frame();  // the face is read and the atlas built again
  font = ImGui::GetIO().Fonts->Fonts[0];
  EXPECT_NE(font->FindGlyphNoFallback(0x57CE), nullptr);
  EXPECT_NE(font->FindGlyphNoFallback('A'), nullptr);
}

}  // namespace
}  // namespace dashboard::app
