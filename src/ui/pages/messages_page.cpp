// [SECTION] The list      — conversations and the new-conversation field
// [SECTION] The thread    — a pane of bubbles that keeps to the newest
// [SECTION] The composer  — pinned under the pane
// [SECTION] The page
#include "ui/pages/messages_page.hpp"

#include <algorithm>
#include <cfloat>
#include <string>
#include <utility>

#include "core/client/route.hpp"
#include "core/format.hpp"
#include "ui/fonts.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

using core::client::ConversationSummary;
using core::client::InboxMessage;

constexpr const char* kToForm = "message-to-form";
constexpr const char* kSendForm = "message-send-form";
constexpr float kListCss = 320;             // the list's width beside a conversation
constexpr float kWideCss = 900;             // from here the list and a conversation share the page
constexpr float kRowCss = 64;               // one conversation in the list
constexpr std::size_t kCounterFrom = 1800;  // the composer counts down from here
constexpr int kComposerLines = 5;           // the composer grows to this, then scrolls

// [SECTION] The list

void draw_new_conversation(PageFrame& frame, float x, float width, float& y, MessagesState& state,
                           PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const float button_w = button_width(ctx, "Open", false);
  const float field_w = width - button_w - ctx.px(8);
  const float top = y;
  const FieldResult to = draw_text_field(ctx,
                                         {.id = "message-to",
                                          .label = "New conversation with (username)",
                                          .name = "username",
                                          .placeholder = "bob",
                                          .form = kToForm},
                                         frame.io, ImVec2(x, y), field_w, state.to_error);
  const ImVec2 at(x + field_w + ctx.px(8), y + ctx.fonts.small->FontSize + ctx.px(6));
  bool submit = to.submitted;
  submit |= draw_button(ctx, "##message-to-open", "Open", at, ImVec2(button_w, ctx.px(40)),
                        ButtonStyle::Secondary);
  frame.report.add("message-to-open", "Open", at, ImVec2(at.x + button_w, at.y + ctx.px(40)));
  if (!state.to_error.empty()) {
    const float ey = y + text_field_height(ctx, true, false) + ctx.px(6);
    frame.report.add("message-to-error", state.to_error, ImVec2(x, ey),
                     ImVec2(x + field_w, ey + ctx.fonts.small->FontSize));
  }
  y += text_field_height(ctx, true, !state.to_error.empty()) + ctx.px(16);
  report_form(frame.io, kToForm, "message-to-open", "Open", false, ImVec2(x, top),
              ImVec2(x + width, y), at, ImVec2(at.x + button_w, at.y + ctx.px(40)));
  submit |= frame.io.take_submit(kToForm);
  if (to.changed) state.to_error.clear();
  if (!submit) return;
  std::string name = frame.io.state("message-to").value;
  name.erase(0, name.find_first_not_of(' '));
  name.erase(name.find_last_not_of(' ') + 1);
  if (name.empty()) {
    state.to_error = "Enter a username";
    return;
  }
  frame.io.state("message-to").value.clear();
  out.go_to = "/messages/" + core::client::encode_path_segment(name);
}

void draw_conversation_list(PageFrame& frame, const MessagesView& view, float x, float width,
                            float& y, MessagesState& state, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw_new_conversation(frame, x, width, y, state, out);
  if (!view.list_loaded) {
    draw_page_skeleton(frame, {x, width}, y, 4);
    y += ctx.px(120);
    return;
  }
  if (view.conversations.empty()) {
    const char* line = "No conversations yet: start one with a username above.";
    draw_text(draw, ctx.fonts.small, ImVec2(x, y), p.text_muted,
              fit_text(ctx.fonts.small, line, width));
    frame.report.add("conversations-empty", line, ImVec2(x, y),
                     ImVec2(x + width, y + ctx.fonts.small->FontSize));
    y += ctx.fonts.small->FontSize + ctx.px(16);
    return;
  }
  const float row_h = ctx.px(kRowCss);
  for (const ConversationSummary& c : view.conversations) {
    const ImVec2 min(x, y);
    const ImVec2 max(x + width, y + row_h);
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(c.with.c_str());
    if (ImGui::InvisibleButton("##conversation", ImVec2(width, row_h))) {
      out.go_to = "/messages/" + core::client::encode_path_segment(c.with);
    }
    ImGui::PopID();
    const bool open = c.with == view.peer;
    if (open || ImGui::IsItemHovered()) {
      draw.AddRectFilled(min, max, mix(p.card_background, p.accent, open ? 0.10f : 0.05f),
                         ctx.px(8));
    }
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    float right = max.x - ctx.px(12);
    if (c.unread > 0) {
      const std::string count = std::to_string(c.unread);
      const float w = std::max(text_width(ctx.fonts.small, count) + ctx.px(12), ctx.px(22));
      const ImVec2 bmin(right - w, min.y + ctx.px(10));
      draw.AddRectFilled(bmin, ImVec2(right, bmin.y + ctx.px(22)), p.accent, ctx.px(11));
      draw_text(draw, ctx.fonts.small,
                ImVec2(bmin.x + (w - text_width(ctx.fonts.small, count)) / 2,
                       bmin.y + (ctx.px(22) - ctx.fonts.small->FontSize) / 2),
                IM_COL32(255, 255, 255, 255), count);
      right = bmin.x - ctx.px(8);
    }
    const std::string when = core::format_relative_date(c.last_at, ctx.now, ctx.utc_offset_minutes);
    const float when_w = text_width(ctx.fonts.small, when);
    draw_text(draw, ctx.fonts.small, ImVec2(right - when_w, min.y + ctx.px(12)), p.text_muted,
              when);
    const float tx = min.x + ctx.px(12);
    draw_text(draw, ctx.fonts.body, ImVec2(tx, min.y + ctx.px(10)), p.text,
              fit_text(ctx.fonts.body, c.with, right - when_w - tx - ctx.px(8)));
    const std::string line = (c.last_from == view.me ? "You: " : "") + c.last_text;
    draw_text(draw, ctx.fonts.small, ImVec2(tx, min.y + ctx.px(36)),
              c.unread > 0 ? p.text : p.text_muted,
              fit_text(ctx.fonts.small, line.substr(0, line.find('\n')), max.x - tx - ctx.px(12)));
    std::string label = c.with + ": " + line;
    if (c.unread > 0) label += " (" + std::to_string(c.unread) + " unread)";
    frame.report.add("conversation", label, min, max);
    y += row_h + ctx.px(4);
  }
}

// [SECTION] The thread

struct Bubble {
  const InboxMessage* message;
  float height;
  ImVec2 text_size;
};

std::string meta_line(const DrawContext& ctx, const InboxMessage& m) {
  switch (m.state) {
    case InboxMessage::State::Pending:
      return "Sending\xE2\x80\xA6";
    case InboxMessage::State::Failed:
      return m.error.empty() ? "Not sent" : m.error;
    case InboxMessage::State::Confirmed:
      break;
  }
  return core::format_relative_date(m.created_at, ctx.now, ctx.utc_offset_minutes);
}

// The pane [min, max]: bubbles laid out bottom-up from the newest, scrolled
// by the wheel (state keeps the pane at the newest until the person scrolls
// up). Only what shows is reported.
void draw_thread(PageFrame& frame, const MessagesView& view, MessagesState& state, ImVec2 min,
                 ImVec2 max, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImFont* font = ctx.fonts.body;
  const float pad = ctx.px(10);
  const float gap = ctx.px(8);
  const float wrap = std::min((max.x - min.x) * 0.75f, ctx.px(520)) - 2 * pad;
  const float retry_h = ctx.px(32);

  std::vector<Bubble> bubbles;
  float content_h = gap;
  for (const InboxMessage& m : view.messages) {
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, m.text.c_str(),
                                            m.text.c_str() + m.text.size());
    float h = size.y + 2 * pad + ctx.fonts.small->FontSize + ctx.px(6);
    if (m.state == InboxMessage::State::Failed) h += retry_h + ctx.px(6);
    bubbles.push_back({&m, h, size});
    content_h += h + gap;
  }
  const float older_h = view.has_older ? ctx.px(48) : 0;
  content_h += older_h;
  const float pane_h = max.y - min.y;

  // New messages or another thread: back to the newest while following.
  if (state.peer != view.peer) {
    state.peer = view.peer;
    state.stick_to_bottom = true;
    state.scroll_from_bottom = 0;
  }
  const float most = std::max(0.0f, content_h - pane_h);
  if (hovering(min, max) && ImGui::GetIO().MouseWheel != 0) {
    state.scroll_from_bottom += ImGui::GetIO().MouseWheel * ctx.px(48);
  }
  if (state.stick_to_bottom && view.messages.size() != state.shown_count) {
    state.scroll_from_bottom = 0;
  }
  state.scroll_from_bottom = std::clamp(state.scroll_from_bottom, 0.0f, most);
  state.stick_to_bottom = state.scroll_from_bottom < ctx.px(4);
  state.shown_count = view.messages.size();

  draw.PushClipRect(min, max, true);
  // Laid out bottom-up (the newest sits on the pane's bottom edge when not
  // scrolled), drawn and reported top-down: the overlay reads oldest first.
  float bottom = max.y + state.scroll_from_bottom - gap;
  std::vector<float> tops(bubbles.size());
  for (std::size_t i = bubbles.size(); i-- > 0;) {
    tops[i] = bottom - bubbles[i].height;
    bottom = tops[i] - gap;
  }
  for (std::size_t i = 0; i < bubbles.size(); ++i) {
    const Bubble& b = bubbles[i];
    const InboxMessage& m = *b.message;
    const float top = tops[i];
    if (top > max.y || top + b.height < min.y) continue;
    const bool mine = m.from == view.me;
    const std::string meta = meta_line(ctx, m);
    const float body_w = std::max(b.text_size.x, text_width(ctx.fonts.small, meta)) + 2 * pad;
    const float bx = mine ? max.x - ctx.px(8) - body_w : min.x + ctx.px(8);
    const ImVec2 bmin(bx, top);
    const ImVec2 bmax(bx + body_w, top + b.height);
    const bool failed = m.state == InboxMessage::State::Failed;
    const ImU32 fill = mine ? (failed ? mix(p.bad, p.card_background, 0.85f)
                                      : mix(p.accent, p.card_background, 0.82f))
                            : p.card_background;
    draw.AddRectFilled(bmin, bmax, fill, ctx.px(12));
    draw.AddRect(bmin, bmax, failed ? p.bad : p.card_border, ctx.px(12), 0, ctx.px(1));
    note_missing_glyphs(font, m.text);
    draw.AddText(font, font->FontSize, ImVec2(bx + pad, top + pad), p.text, m.text.c_str(),
                 m.text.c_str() + m.text.size(), wrap);
    const float meta_y = top + pad + b.text_size.y + ctx.px(6);
    draw_text(draw, ctx.fonts.small, ImVec2(bx + pad, meta_y), failed ? p.bad : p.text_muted, meta);
    const char* id = m.state == InboxMessage::State::Pending ? "message-pending"
                     : failed                                ? "message-failed"
                                                             : "message";
    frame.report.add(id, m.from + ": " + m.text, bmin, bmax);
    if (failed) {
      frame.report.add("message-error", meta, ImVec2(bx + pad, meta_y),
                       ImVec2(bmax.x - pad, meta_y + ctx.fonts.small->FontSize));
      const float w = button_width(ctx, "Retry", false);
      const ImVec2 at(bx + pad, meta_y + ctx.fonts.small->FontSize + ctx.px(6));
      ImGui::PushID(m.client_id.c_str());
      if (draw_button(ctx, "##message-retry", "Retry", at, ImVec2(w, retry_h),
                      ButtonStyle::Secondary)) {
        out.retry_send = m.client_id;
      }
      ImGui::PopID();
      frame.report.add("message-retry", "Retry", at, ImVec2(at.x + w, at.y + retry_h));
    }
  }
  if (view.has_older && bottom - older_h < max.y && bottom > min.y) {
    const char* label = view.loading_older ? "Loading\xE2\x80\xA6" : "Load older messages";
    const float w = button_width(ctx, label, false);
    const ImVec2 at((min.x + max.x - w) / 2, bottom - ctx.px(40));
    if (draw_button(ctx, "##messages-older", label, at, ImVec2(w, ctx.px(36)),
                    ButtonStyle::Secondary, ButtonIcon::None, view.loading_older)) {
      out.load_older = true;
    }
    frame.report.add("messages-older", label, at, ImVec2(at.x + w, at.y + ctx.px(36)));
  }
  draw.PopClipRect();
  if (view.messages.empty()) {
    const std::string line = "No messages with " + view.peer + " yet. Say hello below.";
    const ImVec2 at(min.x + ctx.px(8), max.y - ctx.fonts.small->FontSize - ctx.px(8));
    draw_text(draw, ctx.fonts.small, at, p.text_muted,
              fit_text(ctx.fonts.small, line, max.x - min.x));
    frame.report.add("messages-empty", line, at, ImVec2(max.x, at.y + ctx.fonts.small->FontSize));
  }
}

// [SECTION] The composer

// The composer's field: several lines, Enter sends, Shift+Enter a new line.
constexpr FieldSpec kComposer{.id = "message-text",
                              .label = {},
                              .name = "message",
                              .placeholder = "Write a message",
                              .form = kSendForm,
                              .max_lines = kComposerLines};

float composer_field_width(const DrawContext& ctx, float width) {
  return width - button_width(ctx, "Send", false) - ctx.px(8);
}

// The composer `width` wide: its field as tall as the text in it (up to
// kComposerLines), the error line under it.
float composer_height(PageFrame& frame, float width, bool error) {
  const DrawContext& ctx = frame.ctx;
  float h = text_field_box_height(ctx, kComposer, frame.io, composer_field_width(ctx, width));
  if (error) h += ctx.fonts.small->FontSize + ctx.px(6);
  return h + ctx.px(8);
}

// What the composer says under its field: the last refusal, or that the
// text is too long (before it is sent).
std::string composer_error(FieldIo& io, const MessagesState& state) {
  const std::size_t length = core::client::utf8_length(io.state(kComposer.id).value);
  if (state.send_error.empty() && length > core::client::kMessageMaxLength) {
    return "Messages are at most 2,000 characters; this one has " + std::to_string(length);
  }
  return state.send_error;
}

void draw_composer(PageFrame& frame, const MessagesView& view, MessagesState& state, float x,
                   float width, float y, const std::string& error, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const float button_w = button_width(ctx, "Send", false);
  const float field_w = composer_field_width(ctx, width);
  TextFieldState& field = frame.io.state(kComposer.id);
  const std::size_t length = core::client::utf8_length(field.value);
  const float box_h = text_field_box_height(ctx, kComposer, frame.io, field_w);
  const float bottom = y + composer_height(frame, width, !error.empty());
  const FieldResult text = draw_text_field(ctx, kComposer, frame.io, ImVec2(x, y), field_w, error);
  // Send keeps to the field's last line as the field grows.
  const ImVec2 at(x + field_w + ctx.px(8), y + box_h - ctx.px(40));
  bool submit = text.submitted;
  submit |= draw_button(ctx, "##message-send", "Send", at, ImVec2(button_w, ctx.px(40)),
                        ButtonStyle::Primary);
  frame.report.add("message-send", "Send", at, ImVec2(at.x + button_w, at.y + ctx.px(40)));
  if (!error.empty()) {
    const float ey = y + box_h + ctx.px(6);
    frame.report.add("message-text-error", error, ImVec2(x, ey),
                     ImVec2(x + field_w, ey + ctx.fonts.small->FontSize));
  }
  report_form(frame.io, kSendForm, "message-send", "Send", false, ImVec2(x, y),
              ImVec2(x + width, bottom), at, ImVec2(at.x + button_w, at.y + ctx.px(40)));
  if (length >= kCounterFrom) {
    const std::string left =
        std::to_string(static_cast<long long>(core::client::kMessageMaxLength) -
                       static_cast<long long>(length)) +
        " left";
    const float w = text_width(ctx.fonts.small, left);
    const ImVec2 cat(x + field_w - w, y - ctx.fonts.small->FontSize - ctx.px(4));
    draw_text(*ImGui::GetWindowDrawList(), ctx.fonts.small, cat, ctx.palette.text_muted, left);
    frame.report.add("message-counter", left, cat,
                     ImVec2(cat.x + w, cat.y + ctx.fonts.small->FontSize));
  }
  submit |= frame.io.take_submit(kSendForm);
  if (text.changed) state.send_error.clear();
  if (!submit || view.thread != ThreadState::Shown) return;
  if (field.value.find_first_not_of(" \t\n") == std::string::npos) {
    state.send_error = "Write something first";
    return;
  }
  if (length > core::client::kMessageMaxLength) return;  // the error says why
  out.send_message = field.value;
  field.value.clear();
  state.stick_to_bottom = true;
}

// Puts the composer's text away as the draft to the conversation left, and
// takes out the draft to `peer`.
void switch_draft(TextFieldState& field, MessagesState& state, const std::string& peer) {
  if (!state.route_peer.empty() && !field.value.empty()) {
    state.drafts[state.route_peer] = field.value;
  } else {
    state.drafts.erase(state.route_peer);
  }
  field.value.clear();
  if (const auto it = state.drafts.find(peer); it != state.drafts.end()) {
    field.value = std::move(it->second);
    state.drafts.erase(it);
  }
  field.selection_start = field.selection_end = static_cast<int>(field.value.size());
  field.composition_start = field.composition_end = -1;
  field.scroll_y = 0;
}

}  // namespace

// [SECTION] The page

float draw_messages_page(PageFrame& frame, const MessagesView& view, MessagesState& state,
                         PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Column column = page_column(ctx, frame.min, frame.max, 1120);
  const bool wide = column.width >= ctx.px(kWideCss);
  if (state.route_peer != view.peer) {
    switch_draft(frame.io.state(kComposer.id), state, view.peer);
    state.route_peer = view.peer;
    state.to_error.clear();
    state.send_error.clear();
  }
  float y = frame.min.y + ctx.px(16);
  if (!view.peer.empty() && !wide) {
    if (draw_link(ctx, "##messages-back", "\xE2\x86\x90 Messages", ImVec2(column.x, y))) {
      out.go_to = "/messages";
    }
    frame.report.add("messages-back", "\xE2\x86\x90 Messages", ImVec2(column.x, y),
                     ImVec2(column.x + text_width(ctx.fonts.body, "\xE2\x86\x90 Messages"),
                            y + ctx.fonts.body->FontSize));
    y += ctx.fonts.body->FontSize + ctx.px(12);
  }
  draw_page_title(frame, column, y, view.peer.empty() || wide ? "Messages" : view.peer.c_str());
  if (!view.error.empty() && view.thread != ThreadState::NotFound) {
    if (draw_notice(frame, column, y, "messages-error", "Messages could not be loaded", view.error,
                    "messages-retry", "Retry")) {
      out.retry = true;
    }
  }
  // The list: the whole column, or a side column beside the conversation.
  float thread_x = column.x;
  float thread_w = column.width;
  if (view.peer.empty() || wide) {
    const float list_w = view.peer.empty() ? std::min(column.width, ctx.px(640)) : ctx.px(kListCss);
    float list_y = y;
    draw_conversation_list(frame, view, column.x, list_w, list_y, state, out);
    if (view.peer.empty()) return list_y - frame.min.y;
    thread_x = column.x + list_w + ctx.px(24);
    thread_w = column.width - list_w - ctx.px(24);
  }
  if (view.thread == ThreadState::NotFound) {
    if (draw_notice(frame, {thread_x, thread_w}, y, "messages-no-user", "No such person",
                    "Nobody here goes by \xE2\x80\x9C" + view.peer + "\xE2\x80\x9D.",
                    "messages-list", "All conversations")) {
      out.go_to = "/messages";
    }
    return frame.max.y - frame.min.y;
  }
  if (wide) {
    draw_text(*ImGui::GetWindowDrawList(), ctx.fonts.heading, ImVec2(thread_x, y), ctx.palette.text,
              fit_text(ctx.fonts.heading, view.peer, thread_w));
    frame.report.add("messages-peer", view.peer, ImVec2(thread_x, y),
                     ImVec2(thread_x + thread_w, y + ctx.fonts.heading->FontSize));
    y += ctx.fonts.heading->FontSize + ctx.px(12);
  }
  // The pane fills what the composer leaves, down to the window's bottom.
  const std::string error = composer_error(frame.io, state);
  const bool composer_error_shown = !error.empty();
  // It grows with its text, and the pane gives way.
  const float composer_h = composer_height(frame, thread_w, composer_error_shown);
  const float composer_y = std::max(y + ctx.px(160), frame.max.y - ctx.px(16) - composer_h);
  if (view.thread == ThreadState::Shown) {
    const ImVec2 pane_min(thread_x, y);
    const ImVec2 pane_max(thread_x + thread_w, composer_y - ctx.px(12));
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    draw.AddRectFilled(pane_min, pane_max,
                       mix(ctx.palette.page_background, ctx.palette.text, 0.02f), ctx.px(12));
    draw_thread(frame, view, state, pane_min, pane_max, out);
  } else {
    draw_page_skeleton(frame, {thread_x, thread_w}, y, 5);
  }
  draw_composer(frame, view, state, thread_x, thread_w, composer_y, error, out);
  return composer_y + composer_h + ctx.px(16) - frame.min.y;
}

}  // namespace dashboard::ui
