// The header's "Data updated" pill: DashboardApp fed by a LiveClient and a
// CollectionClient over the scripted transport, drawn in a headless ImGui
// frame on a clock the test moves. It shows for a moment when a change
// made elsewhere reaches the page in front, and not for the first load,
// this tab's own edit echoing back, or a change to another page's data.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/collection_client.hpp"
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

class DataUpdated : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::create_headless_context();
    ASSERT_TRUE(testing::set_display(app, {1440, 900, 1}));
    app.set_clock([this] { return WallClock{now, 0}; });

    core::DashboardView view = core::testing::sample_view();
    view.version = 42;
    live.start("tok", "alice", now);
    transport.answer(200, core::encode_dashboard_view(view));
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
    app.attach(&live, &collection);
    moc = core::testing::sample_moc();
    moc.id = "a";
    moc.version = 1;
    moc.build_status = core::BuildStatus::Added;
  }
  void TearDown() override { ImGui::DestroyContext(); }

  const ui::ShellOutput& frame() {
    live.update(now);
    collection.update(now);
    ImGui::NewFrame();
    app.draw();
    ImGui::Render();
    return app.last_frame();
  }

  // The pill's text this frame, or "" when it is not shown.
  std::string pill() const {
    const std::vector<ui::Semantic>& chrome = app.last_frame().chrome;
    const auto it = std::find_if(chrome.begin(), chrome.end(),
                                 [](const ui::Semantic& s) { return s.id == "data-updated"; });
    return it == chrome.end() ? "" : it->text;
  }

  void event_arrives(core::EventPayload payload, const std::string& at) {
    core::DashboardEvent event = core::testing::sample_event(std::move(payload));
    event.seq = ++seq;
    event.timestamp = at;
    transport.frame(core::sio::encode_event_frame("/dashboard", core::to_string(event.type()),
                                                  core::encode_event(event)));
  }
  // One commit as the server writes it: the MOC's event, then the summary.
  void commit_arrives(const core::Moc& changed, const std::string& at) {
    event_arrives(core::MocUpdated{changed}, at);
    core::DashboardSummary summary = core::testing::sample_view().summary;
    summary.total_mocs += seq;
    event_arrives(summary, at);
  }

  // MOC `a` as the collection knows it (its page read it).
  void know_moc() {
    frame();  // the session starts
    collection.want_moc("a");
    frame();
    transport.answer_first("GET /api/mocs/a", 200, core::encode_moc(moc));
    frame();
  }

  core::UnixMillis now = kStart;
  std::int64_t seq = 42;
  core::Moc moc;
  testing::ScriptedTransport transport;
  LiveClient live{transport, LiveConfig{}, [] { return 0.5; }};
  CollectionClient collection{transport, live};
  DashboardApp app{DASHBOARD_FONT_DIR};
};

TEST_F(DataUpdated, NotOnTheFirstLoad) {
  for (int i = 0; i < 5; ++i) {
    frame();
    EXPECT_EQ(pill(), "");
    now += 500;
  }
  EXPECT_FALSE(app.animating());
}

TEST_F(DataUpdated, AChangeMadeElsewhereShowsItForAMomentThenItGoes) {
  frame();
  now += 1000;
  frame();
  core::DashboardSummary summary = core::testing::sample_view().summary;
  summary.total_mocs += 1;
  event_arrives(summary, "2026-12-03T19:00:00.100Z");  // a set added from the CLI, say
  frame();
  EXPECT_EQ(pill(), "Data updated");
  EXPECT_TRUE(app.animating()) << "it fades on its own";
  now += 2000;
  frame();
  EXPECT_EQ(pill(), "Data updated") << "still up two seconds on";
  now += 600;
  frame();
  EXPECT_EQ(pill(), "") << "gone after its 2.5 s";
  EXPECT_FALSE(app.animating()) << "the page can sleep again";
}

TEST_F(DataUpdated, AnotherTabsEditShowsItButThisTabsOwnDoesNot) {
  know_moc();
  core::client::MocPatch patch;
  patch.build_status = core::BuildStatus::Built;
  collection.update_moc("a", patch, "Status");
  frame();
  core::Moc built = moc;
  built.build_status = core::BuildStatus::Built;
  built.version = 2;
  // The stream's echo comes before the PATCH's answer, then after it.
  commit_arrives(built, "2026-12-03T19:00:00.100Z");
  ASSERT_TRUE(collection.pending("a"));
  frame();
  EXPECT_EQ(pill(), "") << "this tab's own edit, before its answer";
  transport.answer_first("PATCH /api/mocs/a", 200, core::encode_moc(built));
  frame();
  EXPECT_EQ(pill(), "");

  patch.build_status = core::BuildStatus::InProgress;
  collection.update_moc("a", patch, "Status");
  frame();
  core::Moc started = built;
  started.build_status = core::BuildStatus::InProgress;
  started.version = 3;
  transport.answer_first("PATCH /api/mocs/a", 200, core::encode_moc(started));
  frame();
  commit_arrives(started, "2026-12-03T19:00:01.100Z");
  frame();
  EXPECT_EQ(pill(), "") << "this tab's own edit, after its answer";

  // Another tab (same user) moves it on at once, while this tab's edit still
  // settles for the cards: no edit here made it, nor that version.
  core::Moc elsewhere = started;
  elsewhere.build_status = core::BuildStatus::Added;
  elsewhere.version = 4;
  ASSERT_FALSE(collection.queue().empty()) << "the own edit is settling";
  commit_arrives(elsewhere, "2026-12-03T19:00:05.000Z");
  frame();
  EXPECT_EQ(pill(), "Data updated");
}

TEST_F(DataUpdated, OnAMocPageOnlyThatMocsChangesShowIt) {
  know_moc();
  app.set_route("/mocs/a");
  frame();
  core::Moc other = moc;
  other.id = "b";
  event_arrives(core::MocAdded{other}, "2026-12-03T19:00:00.100Z");
  frame();
  EXPECT_EQ(pill(), "") << "MOC b is not on this page";
  core::Moc renamed = moc;
  renamed.title = "Renamed elsewhere";
  renamed.version = 2;
  event_arrives(core::MocUpdated{renamed}, "2026-12-03T19:00:00.200Z");
  frame();
  EXPECT_EQ(pill(), "Data updated");
  app.navigate("/dashboard");
  frame();
  EXPECT_EQ(pill(), "") << "it spoke of the page left behind";
}

TEST_F(DataUpdated, ReducedMotionShowsItWithoutAFade) {
  app.set_reduced_motion(true);
  frame();
  core::DashboardSummary summary = core::testing::sample_view().summary;
  summary.total_mocs += 1;
  event_arrives(summary, "2026-12-03T19:00:00.100Z");
  frame();
  now += 2400;  // inside the fade a person without the setting sees
  frame();
  EXPECT_EQ(pill(), "Data updated");
  now += 100;
  frame();
  EXPECT_EQ(pill(), "");
}

}  // namespace
}  // namespace dashboard::app
