// The messages page's composer drawn headless: a multi-line field that grows
// with its text up to five lines while the thread pane above gives way, and
// sends the text with its line breaks.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "imgui_harness.hpp"
#include "ui/pages/messages_page.hpp"
#include "ui_fixtures.hpp"

namespace dashboard::ui {
namespace {

using core::client::InboxMessage;

struct ComposerFixture {
  explicit ComposerFixture(bool dom_inputs) : dom(dom_inputs) {
    InboxMessage m;
    m.id = "m1";
    m.seq = 1;
    m.from = "bob";
    m.to = "alice";
    m.text = "Shall we build?";
    m.created_at = "2026-03-01T10:00:00Z";
    messages.push_back(m);
    view.me = "alice";
    view.peer = "bob";
    view.list_loaded = true;
    view.thread = ThreadState::Shown;
    view.messages = messages;
  }

  PageActions run() {
    report = CardReport{.test_id = "page"};
    fields.clear();
    forms.clear();
    FieldIo io{states, submitted, fields, forms, dom};
    const DrawContext ctx = harness.ctx(testing::fixture_now());
    PageFrame page{ctx, io, report, ImVec2(0, 0), ImGui::GetIO().DisplaySize};
    PageActions out;
    draw_messages_page(page, view, state, out);
    return out;
  }
  PageActions draw() {
    return harness.frame([&] { return run(); });
  }
  // Types `text` (as the DOM textarea reports it) and draws a frame.
  void type(const std::string& text) {
    TextFieldState& field = states["message-text"];
    field.value = text;
    field.dom_value = text;
    field.selection_start = field.selection_end = static_cast<int>(text.size());
    draw();
  }
  const FieldReport& composer() const {
    for (const FieldReport& f : fields) {
      if (f.id == "message-text") return f;
    }
    throw std::runtime_error("no composer");
  }
  const Semantic& item(std::string_view id) const {
    for (const Semantic& s : report.items) {
      if (s.id == id) return s;
    }
    throw std::runtime_error("no " + std::string(id));
  }
  float height() const { return composer().max.y - composer().min.y; }

  testing::ImGuiHarness harness;
  bool dom;
  std::vector<InboxMessage> messages;
  MessagesView view;
  MessagesState state;
  CardReport report;
  std::map<std::string, TextFieldState, std::less<>> states;
  std::set<std::string, std::less<>> submitted;
  std::vector<FieldReport> fields;
  std::vector<FormReport> forms;
};

TEST(MessagesComposer, GrowsLineByLineToFiveThenScrollsAndThePaneGivesWay) {
  ComposerFixture f(/*dom_inputs=*/true);
  ASSERT_TRUE(f.harness.fonts_ok());
  f.draw();
  EXPECT_TRUE(f.composer().multiline) << "the overlay makes it a <textarea>";
  const float one = f.height();
  EXPECT_FLOAT_EQ(one, kFieldCssHeight) << "one line: as tall as any field";
  const float bottom = f.composer().max.y;
  const float pane_bottom = f.item("message").max.y;
  const float line = f.harness.fonts().body->FontSize;

  f.type("line one\nline two");
  EXPECT_FLOAT_EQ(f.height(), one + line);
  EXPECT_FLOAT_EQ(f.composer().max.y, bottom) << "it grows upwards, pinned to the bottom";
  EXPECT_FLOAT_EQ(f.item("message").max.y, pane_bottom - line) << "the newest moves up with it";

  f.type("1\n2\n3\n4\n5\n6\n7\n8");
  EXPECT_FLOAT_EQ(f.height(), one + 4 * line) << "five lines at most";
  EXPECT_GT(f.states["message-text"].scroll_y, 0) << "scrolled to the caret on the last line";

  // Send, as Enter in the textarea submits the form: the text keeps its
  // line breaks, and the empty field is one line again.
  f.type("line one\nline two \xF0\x9F\xA7\xB1");
  f.submitted.insert("message-send-form");
  const PageActions out = f.draw();
  ASSERT_TRUE(out.send_message.has_value());
  EXPECT_EQ(*out.send_message, "line one\nline two \xF0\x9F\xA7\xB1");
  EXPECT_EQ(f.states["message-text"].value, "");
  f.draw();
  EXPECT_FLOAT_EQ(f.height(), one);
}

TEST(MessagesComposer, WrapsALongLineAsTheBrowserWould) {
  ComposerFixture f(/*dom_inputs=*/true);
  f.draw();
  const float one = f.height();
  std::string words;
  for (int i = 0; i < 60; ++i) words += "brick ";
  f.type(words);
  EXPECT_GT(f.height(), one) << "no line break typed, but too wide for one line";
}

TEST(MessagesComposer, NativelyItGrowsByTypedLinesOnly) {
  // ImGui's multi-line input scrolls sideways rather than wrapping.
  ComposerFixture f(/*dom_inputs=*/false);
  f.draw();
  const float one = f.height();
  std::string words;
  for (int i = 0; i < 60; ++i) words += "brick ";
  f.type(words);
  EXPECT_FLOAT_EQ(f.height(), one);
  f.type("a\nb\nc");
  EXPECT_FLOAT_EQ(f.height(), one + 2 * f.harness.fonts().body->FontSize);
}

TEST(MessagesComposer, NativelyEnterSendsAndShiftEnterStartsALine) {
  ComposerFixture f(/*dom_inputs=*/false);
  ImGuiIO& io = ImGui::GetIO();
  constexpr int kEnterKey = 257;  // any index: the platform layer maps its own
  io.KeyMap[ImGuiKey_Enter] = kEnterKey;
  f.draw();
  const FieldReport field = f.composer();
  const ImVec2 at((field.min.x + field.max.x) / 2, (field.min.y + field.max.y) / 2);
  f.harness.click(at, [&] { return f.run(); });
  const auto type = [&](const char* text) {
    io.AddInputCharactersUTF8(text);
    f.draw();
  };
  const auto press_enter = [&](bool shift) {
    io.KeyShift = shift;
    io.KeysDown[kEnterKey] = true;
    PageActions out = f.draw();
    io.KeysDown[kEnterKey] = false;
    io.KeyShift = false;
    f.draw();
    return out;
  };
  const std::string& value = f.states["message-text"].value;

  type("line one");
  EXPECT_FALSE(press_enter(true).send_message);
  type("line two");
  EXPECT_EQ(value, "line one\nline two");
  EXPECT_FLOAT_EQ(f.height(), kFieldCssHeight + f.harness.fonts().body->FontSize);

  const PageActions out = press_enter(false);
  ASSERT_TRUE(out.send_message.has_value());
  EXPECT_EQ(*out.send_message, "line one\nline two");
  EXPECT_EQ(value, "");
  // The focus comes back through ImGui's nav request, a frame or two on
  // (the native loop draws settle frames after every wake-up).
  f.draw();
  f.draw();
  type("next");
  EXPECT_EQ(value, "next") << "the composer keeps the focus for the next message";
}

TEST(MessagesComposer, EachConversationKeepsItsOwnDraft) {
  ComposerFixture f(/*dom_inputs=*/true);
  f.draw();
  f.type("for bob\nsecond line");
  f.view.peer = "carol";  // another conversation, nothing sent
  f.view.messages = {};
  f.draw();
  EXPECT_EQ(f.composer().value, "") << "bob's draft is not carol's";
  f.type("for carol");
  f.view.peer = "";  // the list alone
  f.draw();
  f.view.peer = "bob";
  f.view.messages = f.messages;
  f.draw();
  EXPECT_EQ(f.composer().value, "for bob\nsecond line");
  EXPECT_FLOAT_EQ(f.height(), kFieldCssHeight + f.harness.fonts().body->FontSize);
  f.submitted.insert("message-send-form");
  const PageActions out = f.draw();
  ASSERT_TRUE(out.send_message.has_value());
  EXPECT_EQ(*out.send_message, "for bob\nsecond line");
  f.view.peer = "carol";
  f.view.messages = {};
  f.draw();
  EXPECT_EQ(f.composer().value, "for carol");
}

}  // namespace
}  // namespace dashboard::ui
