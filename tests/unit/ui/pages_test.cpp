// The collection pages drawn headless (no window, no GL) against fixture
// data: what each lays out and reports, and what a click or a typed field
// asks the app for.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "imgui_harness.hpp"
#include "ui/pages/account_forms.hpp"
#include "ui/pages/add_moc_page.hpp"
#include "ui/pages/gallery_page.hpp"
#include "ui/pages/moc_page.hpp"
#include "ui/pages/mocs_page.hpp"
#include "ui/pages/wishlist_page.hpp"
#include "ui/sign_in_panel.hpp"
#include "ui_fixtures.hpp"

namespace dashboard::ui {
namespace {

using testing::center;
using testing::ImGuiHarness;

core::Moc moc_at(std::size_t i) {
  core::Moc m;
  m.id = "moc-" + std::to_string(i);
  m.title = "MOC number " + std::to_string(i);
  m.theme = i % 2 ? "Castle" : "Space";
  m.build_status = core::kBuildStatuses[i % 3];
  m.parts_coverage_status = core::kCoverageStatuses[i % 3];
  m.coverage_percentage = static_cast<double>(i % 100);
  m.created_at = "2026-03-01T10:00:00Z";
  m.updated_at = "2026-03-10T10:00:00Z";
  m.version = 3;
  return m;
}

// A page drawn in a harness, with its field states kept across frames.
struct PageFixture {
  explicit PageFixture(float dpr = 1, ImVec2 css = ImVec2(1280, 800), bool dom_inputs = false)
      : harness(dpr, css), dom(dom_inputs) {}

  template <typename Draw>
  PageActions frame(Draw&& draw) {
    return harness.frame([&] { return run(draw); });
  }
  template <typename Draw>
  PageActions click(ImVec2 at, Draw&& draw) {
    return harness.click(at, [&] { return run(draw); });
  }
  template <typename Draw>
  PageActions run(Draw&& draw) {
    report = CardReport{.test_id = "page"};
    fields.clear();
    forms.clear();
    FieldIo io{states, submitted, fields, forms, dom};
    const DrawContext ctx = harness.ctx(testing::fixture_now());
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    PageFrame page{ctx, io, report, ImVec2(0, 0), size};
    PageActions out;
    draw(page, out);
    return out;
  }
  const Semantic* item(std::string_view id, std::string_view text = {}) const {
    for (const Semantic& s : report.items) {
      if (s.id == id && (text.empty() || s.text == text)) return &s;
    }
    return nullptr;
  }
  const FieldReport* field(std::string_view id) const {
    for (const FieldReport& f : fields) {
      if (f.id == id) return &f;
    }
    return nullptr;
  }

  ImGuiHarness harness;
  bool dom;
  CardReport report;
  std::map<std::string, TextFieldState, std::less<>> states;
  std::set<std::string, std::less<>> submitted;
  std::vector<FieldReport> fields;
  std::vector<FormReport> forms;
};

// [SECTION] MOCs

struct MocsFixture : PageFixture {
  MocsPageView view;
  MocsPageState state;
  MocsFixture() {
    view.total = 10000;
    view.rows = 10000;
    view.loaded_once = true;
    view.row = [](std::size_t i) { return std::optional(moc_at(i)); };
  }
  PageActions draw() {
    return frame([&](PageFrame& page, PageActions& out) {
      draw_mocs_page(page, view, state, testing::fixture_now(), out);
    });
  }
};

TEST(MocsPage, DrawsOnlyTheRowsOnScreenOfTenThousand) {
  MocsFixture f;
  const PageActions out = f.draw();
  EXPECT_EQ(f.report.rows_total, 10000);
  EXPECT_GT(f.report.rows_drawn, 3);
  EXPECT_LT(f.report.rows_drawn, 20);
  EXPECT_EQ(f.item("mocs-count")->text, "10,000 MOCs");
  EXPECT_EQ(f.item("moc-row")->text, "MOC number 0");
  EXPECT_GE(out.rows_wanted, static_cast<std::size_t>(f.report.rows_drawn));
  EXPECT_LT(out.rows_wanted, 100u) << "asks for a screen ahead, not everything";
}

TEST(MocsPage, RowsNotReadYetAreSkeletonsAndAreAskedFor) {
  MocsFixture f;
  f.view.rows = 2;
  f.draw();
  int rows = 0;
  for (const Semantic& s : f.report.items) rows += s.id == "moc-row";
  EXPECT_EQ(rows, 2);
  EXPECT_GT(f.report.rows_drawn, 2);
}

TEST(MocsPage, ARowClickOpensTheMoc) {
  MocsFixture f;
  f.draw();
  const Semantic row = *f.item("moc-row", "MOC number 1");
  const PageActions out = f.click(center(row), [&](PageFrame& page, PageActions& o) {
    draw_mocs_page(page, f.view, f.state, testing::fixture_now(), o);
  });
  ASSERT_TRUE(out.navigate);
  EXPECT_EQ(std::get<OpenMoc>(*out.navigate).id, "moc-1");
}

TEST(MocsPage, AFilterClickAsksForTheNewQuery) {
  MocsFixture f;
  f.draw();
  const Semantic built = *f.item("filter-build", "Built");
  const PageActions out = f.click(center(built), [&](PageFrame& page, PageActions& o) {
    draw_mocs_page(page, f.view, f.state, testing::fixture_now(), o);
  });
  ASSERT_TRUE(out.query);
  EXPECT_EQ(out.query->build_status, core::BuildStatus::Built);
}

TEST(MocsPage, TypedSearchWaitsForTypingToSettle) {
  MocsFixture f;
  f.draw();
  f.states["mocs-search"].value = "tower";
  PageActions out = f.frame([&](PageFrame& page, PageActions& o) {
    draw_mocs_page(page, f.view, f.state, testing::fixture_now(), o);
  });
  EXPECT_FALSE(out.query) << "not on every keystroke";
  out = f.frame([&](PageFrame& page, PageActions& o) {
    draw_mocs_page(page, f.view, f.state, testing::fixture_now() + kSearchSettleMs, o);
  });
  ASSERT_TRUE(out.query);
  EXPECT_EQ(out.query->search, "tower");
}

// [SECTION] MOC

struct MocFixture : PageFixture {
  MocPageView view;
  MocPageState state;
  explicit MocFixture(bool dom_inputs = false) : PageFixture(1, ImVec2(1280, 900), dom_inputs) {
    view.id = "moc-1";
    view.status = MocPageStatus::Shown;
    view.moc = moc_at(1);
  }
  PageActions draw() {
    return frame([&](PageFrame& page, PageActions& out) { draw_moc_page(page, view, state, out); });
  }
  PageActions click_on(const Semantic& s) {
    return click(center(s),
                 [&](PageFrame& page, PageActions& out) { draw_moc_page(page, view, state, out); });
  }
};

TEST(MocPage, EveryFieldShowsTheMoc) {
  MocFixture f(true);
  f.draw();
  EXPECT_EQ(f.item("moc-heading")->text, "MOC number 1");
  EXPECT_EQ(f.field("moc-title")->value, "MOC number 1");
  EXPECT_EQ(f.field("moc-theme")->value, "Castle");
  EXPECT_EQ(f.field("moc-coverage-percentage")->value, "1");
  EXPECT_EQ(f.field("moc-coverage-percentage")->inputmode, "decimal");
  EXPECT_EQ(f.field("moc-cover-url")->type, "url");
  EXPECT_EQ(f.item("moc-build-status-selected")->text, "In progress");
  EXPECT_EQ(f.item("moc-coverage-status-selected")->text, "Partly ordered");
}

TEST(MocPage, AStatusClickIsAnEditOfThatField) {
  MocFixture f;
  f.draw();
  const PageActions out = f.click_on(*f.item("moc-build-status", "Built"));
  ASSERT_TRUE(out.edit);
  EXPECT_EQ(out.edit->id, "moc-1");
  EXPECT_EQ(out.edit->patch.build_status, core::BuildStatus::Built);
  EXPECT_FALSE(out.edit->patch.title);
  EXPECT_EQ(out.edit->label, "the build status of \u201cMOC number 1\u201d");
}

TEST(MocPage, ATextFieldSavesOnEnterFromTheVersionTypingBegan) {
  MocFixture f(true);
  f.draw();
  TextFieldState& title = f.states["moc-title"];
  title.focused = true;
  f.draw();                 // typing begins on version 3
  f.view.moc->version = 4;  // someone else's change arrives meanwhile
  title.value = "Renamed";
  f.submitted.insert("moc-title-form");  // Enter in the DOM input
  const PageActions out = f.draw();
  ASSERT_TRUE(out.edit);
  EXPECT_EQ(out.edit->patch.title, "Renamed");
  EXPECT_EQ(out.edit->base_version, 3);
}

TEST(MocPage, EscPutsTheSavedValueBack) {
  MocFixture f(true);
  TextFieldState& title = f.states["moc-title"];
  title.focused = true;
  title.value = "Typo";
  title.escaped = true;
  const PageActions out = f.draw();
  EXPECT_FALSE(out.edit);
  EXPECT_EQ(title.value, "MOC number 1");
}

TEST(MocPage, TheServersRefusalShowsUnderItsField) {
  MocFixture f(true);
  f.view.field_error = [](std::string_view field) {
    return field == "coveragePercentage"
               ? std::string("coveragePercentage: must be a number between 0 and 100")
               : std::string();
  };
  f.states["moc-coverage-percentage"].value = "150";
  f.draw();
  EXPECT_EQ(f.field("moc-coverage-percentage")->error,
            "coveragePercentage: must be a number between 0 and 100");
  EXPECT_EQ(f.field("moc-coverage-percentage")->value, "150") << "what was typed stays";
}

TEST(MocPage, ConflictShowsTheirsAndMineAndOffersToApplyAgain) {
  MocFixture f;
  core::client::MocPatch mine;
  mine.title = "Mine";
  core::Moc theirs = moc_at(1);
  theirs.title = "Theirs";
  f.view.conflict_mine = &mine;
  f.view.conflict_theirs = &theirs;
  f.draw();
  const Semantic conflict = *f.item("moc-conflict");
  EXPECT_NE(conflict.text.find("Changed elsewhere"), std::string::npos);
  EXPECT_NE(conflict.text.find("now \u201cTheirs\u201d, yours \u201cMine\u201d"),
            std::string::npos);
  EXPECT_TRUE(f.click_on(*f.item("moc-conflict-apply")).apply_again);
}

TEST(MocPage, DeleteAsksFirst) {
  MocFixture f;
  f.draw();
  EXPECT_FALSE(f.click_on(*f.item("moc-delete")).delete_moc);
  f.draw();
  ASSERT_NE(f.item("moc-delete-confirm"), nullptr);
  EXPECT_EQ(f.click_on(*f.item("moc-delete-confirm")).delete_moc, "moc-1");
}

TEST(MocPage, DeletedElsewhereOffersTheWayBack) {
  MocFixture f;
  f.view.status = MocPageStatus::Deleted;
  f.view.moc.reset();
  f.draw();
  EXPECT_EQ(f.item("moc-deleted")->text, "This MOC was deleted");
  const PageActions out = f.click_on(*f.item("moc-deleted-back"));
  ASSERT_TRUE(out.navigate);
  EXPECT_EQ(std::get<Section>(*out.navigate), Section::Mocs);
}

// [SECTION] Add MOC, wishlist, gallery

TEST(AddMocPage, SubmitsEveryFieldAndRefusesAMissingTitle) {
  PageFixture f(1, ImVec2(1280, 1000), true);
  AddMocState state;
  AddMocView view;
  const std::vector<std::string> themes{"Castle", "City"};
  view.themes = themes;
  const auto draw = [&](PageFrame& page, PageActions& out) {
    draw_add_moc_page(page, view, state, testing::fixture_now(), out);
  };
  f.frame(draw);
  EXPECT_EQ(f.forms.at(0).id, "add-moc-form");
  EXPECT_EQ(f.forms.at(0).submit_id, "add-submit");
  f.submitted.insert("add-moc-form");
  EXPECT_FALSE(f.frame(draw).create);
  f.frame(draw);
  EXPECT_EQ(f.field("add-title")->error, "title: is required");
  f.states["add-title"].value = "Crane";
  f.states["add-theme"].value = "Harbour";
  f.states["add-coverage-percentage"].value = "12.5";
  f.submitted.insert("add-moc-form");
  const PageActions out = f.frame(draw);
  ASSERT_TRUE(out.create);
  EXPECT_EQ(out.create->title, "Crane");
  EXPECT_EQ(out.create->theme, "Harbour");
  EXPECT_EQ(out.create->coverage_percentage, 12.5);
  EXPECT_EQ(out.create->build_status, core::BuildStatus::Added);
  view.busy = true;
  f.frame(draw);
  EXPECT_TRUE(f.forms.at(0).busy);
  EXPECT_EQ(f.forms.at(0).submit_label, "Adding\u2026");
}

TEST(WishlistPage, AddsAndRemoves) {
  PageFixture f(1, ImVec2(1280, 900), true);
  WishlistState state;
  WishlistView view;
  view.loaded = true;
  std::vector<core::WishlistItem> items{
      {"w1", "Galaxy Explorer", "10497-1", "2026-03-01T10:00:00Z"}};
  view.items = items;
  const auto draw = [&](PageFrame& page, PageActions& out) {
    draw_wishlist_page(page, view, state, out);
  };
  f.frame(draw);
  EXPECT_EQ(f.item("wishlist-count")->text, "1 item");
  f.states["wish-name"].value = "Rover";
  f.submitted.insert("wishlist-form");
  const PageActions add = f.frame(draw);
  ASSERT_TRUE(add.add_wish);
  EXPECT_EQ(add.add_wish->name, "Rover");
  EXPECT_FALSE(add.add_wish->set_number);
  EXPECT_EQ(f.states["wish-name"].value, "") << "cleared for the next one";
  f.dom = false;
  f.frame(draw);
  const PageActions remove = f.click(center(*f.item("wishlist-remove")), draw);
  EXPECT_EQ(remove.remove_wish, "w1");
}

TEST(GalleryPage, DrawsOnlyVisibleTilesAndOpensOne) {
  PageFixture f(1, ImVec2(1280, 800));
  GalleryView view;
  view.total = 10000;
  view.rows = 10000;
  view.loaded_once = true;
  view.moc = [](std::size_t i) { return std::optional(moc_at(i)); };
  const auto draw = [&](PageFrame& page, PageActions& out) { draw_gallery_page(page, view, out); };
  f.frame(draw);
  EXPECT_EQ(f.report.rows_total, 10000);
  EXPECT_LT(f.report.rows_drawn, 40);
  const PageActions out = f.click(center(*f.item("gallery-tile", "MOC number 2")), draw);
  ASSERT_TRUE(out.navigate);
  EXPECT_EQ(std::get<OpenMoc>(*out.navigate).id, "moc-2");
}

// [SECTION] Sign-in

TEST(SignIn, TheFormsFieldsCarryTheirAutocomplete) {
  PageFixture f(1, ImVec2(800, 700), true);
  std::vector<Semantic> chrome;
  const auto draw = [&](PageFrame& page, PageActions&) {
    const auto credentials =
        draw_sign_in_panel(page.ctx, page.min, page.max, page.io, false, "", chrome);
    EXPECT_FALSE(credentials);
  };
  f.frame(draw);
  EXPECT_EQ(f.field("sign-in-username")->autocomplete, "username");
  EXPECT_EQ(f.field("sign-in-username")->form, "sign-in-form");
  EXPECT_EQ(f.field("sign-in-password")->autocomplete, "current-password");
  EXPECT_EQ(f.field("sign-in-password")->type, "password");
  EXPECT_EQ(f.forms.at(0).submit_id, "sign-in-submit");
}

// [SECTION] Sign-up and change password

TEST(SignUp, FieldsAskPasswordManagersToSaveAndASubmitCarriesAllThree) {
  PageFixture f(1, ImVec2(800, 800), true);
  std::vector<Semantic> chrome;
  AccountFormMemory memory;
  core::client::FormErrors errors;
  SignUpView view{.enabled = true, .errors = &errors};
  std::optional<SignUpRequest> sent;
  const auto draw = [&](PageFrame& page, PageActions&) {
    chrome.clear();
    sent = draw_sign_up_panel(page.ctx, page.min, page.max, page.io, view, memory, chrome).submit;
  };
  f.frame(draw);
  EXPECT_EQ(f.field("sign-up-username")->autocomplete, "username");
  for (const char* id : {"sign-up-password", "sign-up-confirm"}) {
    EXPECT_EQ(f.field(id)->autocomplete, "new-password") << id;
    EXPECT_EQ(f.field(id)->type, "password") << id;
    EXPECT_EQ(f.field(id)->form, "sign-up-form") << id;
  }
  EXPECT_EQ(f.forms.at(0).submit_id, "sign-up-submit");

  f.states["sign-up-username"].value = "erin";
  f.states["sign-up-password"].value = "password1234";
  f.states["sign-up-confirm"].value = "password1234";
  f.submitted.insert("sign-up-form");
  f.frame(draw);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->username, "erin");
  EXPECT_EQ(sent->password, "password1234");
  EXPECT_EQ(sent->confirm, "password1234");

  // The server's answer shows under its field while it holds what was sent.
  errors.fields["password"] = "Password is one of the most common passwords; choose another";
  f.frame(draw);
  EXPECT_EQ(f.field("sign-up-password")->error, errors.fields["password"]);
  EXPECT_EQ(f.field("sign-up-username")->error, "");
  f.states["sign-up-password"].value = "password12345";
  f.frame(draw);
  EXPECT_EQ(f.field("sign-up-password")->error, "");
}

TEST(SignUp, WithSignUpsOffItSaysWhoToAsk) {
  PageFixture f(1, ImVec2(800, 800), true);
  std::vector<Semantic> chrome;
  AccountFormMemory memory;
  const SignUpView view{.enabled = false};
  f.frame([&](PageFrame& page, PageActions&) {
    draw_sign_up_panel(page.ctx, page.min, page.max, page.io, view, memory, chrome);
  });
  EXPECT_TRUE(f.fields.empty());
  EXPECT_TRUE(f.forms.empty());
  const auto said = std::find_if(chrome.begin(), chrome.end(),
                                 [](const Semantic& s) { return s.id == "sign-up-disabled"; });
  ASSERT_NE(said, chrome.end());
  EXPECT_NE(said->text.find("operator"), std::string::npos);
}

TEST(PasswordPage, ErrorsByFieldAndTheConfirmation) {
  PageFixture f(1, ImVec2(1000, 800), true);
  AccountFormMemory memory;
  core::client::FormErrors errors;
  PasswordView view{.username = "alice", .errors = &errors};
  std::optional<PasswordRequest> sent;
  float height = 0;
  const auto draw = [&](PageFrame& page, PageActions&) {
    sent = draw_password_page(page, view, memory, height);
  };
  f.frame(draw);
  EXPECT_EQ(f.field("password-current")->autocomplete, "current-password");
  EXPECT_EQ(f.field("password-new")->autocomplete, "new-password");
  EXPECT_EQ(f.field("password-confirm")->autocomplete, "new-password");
  EXPECT_EQ(f.field("password-username")->type, "hidden");
  EXPECT_EQ(f.field("password-username")->value, "alice");
  EXPECT_EQ(f.item("password-changed"), nullptr);

  f.states["password-current"].value = "nope-nope-nope";
  f.states["password-new"].value = "orange-brick-wall-9";
  f.states["password-confirm"].value = "orange-brick-wall-9";
  f.submitted.insert("password-form");
  f.frame(draw);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->current, "nope-nope-nope");
  errors.fields["currentPassword"] = "The current password is not right";
  f.frame(draw);
  EXPECT_EQ(f.field("password-current")->error, "The current password is not right");
  EXPECT_EQ(f.field("password-new")->error, "");

  errors = {};
  view.done = true;
  f.frame(draw);
  ASSERT_NE(f.item("password-changed"), nullptr);
  EXPECT_EQ(f.item("password-changed")->text, "Password changed");
  EXPECT_GT(height, 0);
}

}  // namespace
}  // namespace dashboard::ui
