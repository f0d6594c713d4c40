// A card whose data a live event changed flashes briefly and then stops:
// DashboardApp fed by a LiveClient over the scripted transport, drawn in a
// headless ImGui frame on a clock the test moves. The flash must not move
// anything (no layout jump) and must end (the page goes idle again).
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "app/dashboard_app.hpp"
#include "app/live_client.hpp"
#include "app/scripted_transport.hpp"  // tests/unit/app
#include "app_display.hpp"
#include "core/fixtures.hpp"  // tests/unit/core
#include "core/json_codec.hpp"
#include "core/socketio/socketio.hpp"

namespace dashboard::app {
namespace {

constexpr core::UnixMillis kStart = 1'800'000'000'000;

class CardFlash : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::create_headless_context();
    ASSERT_TRUE(testing::set_display(app, {1440, 900, 1}));
    app.set_clock([this] { return WallClock{now, 0}; });

    core::DashboardView view = core::testing::sample_view();
    view.version = 42;
    view.summary.total_mocs = 3;
    live.start("tok", "alice", now);
    transport.answer(200, core::encode_dashboard_view(view));
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
    app.attach(&live);
  }
  void TearDown() override { ImGui::DestroyContext(); }

  const ui::ShellOutput& frame() {
    live.update(now);
    ImGui::NewFrame();
    app.draw();
    ImGui::Render();
    return app.last_frame();
  }

  ui::CardReport card(std::string_view test_id) {
    for (const ui::CardReport& c : app.last_frame().cards) {
      if (c.test_id == test_id) return c;
    }
    ADD_FAILURE() << "no card " << test_id;
    return {};
  }

  // The summary event the server sends when the total becomes `total`.
  void summary_arrives(std::int64_t seq, std::int64_t total) {
    core::DashboardSummary summary = core::testing::sample_view().summary;
    summary.total_mocs = total;
    core::DashboardEvent event = core::testing::sample_event(summary);
    event.seq = seq;
    transport.frame(core::sio::encode_event_frame("/dashboard", core::to_string(event.type()),
                                                  core::encode_event(event)));
  }

  core::UnixMillis now = kStart;
  testing::ScriptedTransport transport;
  LiveClient live{transport, LiveConfig{}, [] { return 0.5; }};
  DashboardApp app{DASHBOARD_FONT_DIR};
};

TEST_F(CardFlash, AChangedCardFlashesInPlaceAndStops) {
  frame();
  now += 1000;  // past whatever the first snapshot set moving
  frame();
  ASSERT_FALSE(app.animating());
  const ui::CardReport before = card("collection-summary-card");
  const int idle_vertices = ImGui::GetDrawData()->TotalVtxCount;

  summary_arrives(43, 4);  // 3 -> 4: same width, so only the flash adds geometry
  frame();
  EXPECT_TRUE(app.animating()) << "the flash runs on its own";
  EXPECT_EQ(card("collection-summary-card").find("total-mocs-count")->text, "4");
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, idle_vertices) << "the flash is drawn";
  for (const core::UnixMillis step : {300, 300}) {
    now += step;
    frame();
    const ui::CardReport during = card("collection-summary-card");
    EXPECT_FLOAT_EQ(during.min.x, before.min.x);
    EXPECT_FLOAT_EQ(during.min.y, before.min.y);
    EXPECT_FLOAT_EQ(during.max.x, before.max.x);
    EXPECT_FLOAT_EQ(during.max.y, before.max.y);
  }

  now += 400;  // past the flash's 900 ms
  frame();
  EXPECT_FALSE(app.animating()) << "the page can sleep again";
  EXPECT_EQ(ImGui::GetDrawData()->TotalVtxCount, idle_vertices);
}

}  // namespace
}  // namespace dashboard::app
