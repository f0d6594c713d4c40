#include "ui/pages/sharing_page.hpp"

#include <algorithm>

#include "core/client/route.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr const char* kForm = "share-form";
constexpr float kRowCss = 56;

const char* role_label(core::client::BoardRole role) {
  return role == core::client::BoardRole::Editor ? "Editor: can move cards"
                                                 : "Viewer: sees the board";
}

}  // namespace

float draw_sharing_page(PageFrame& frame, const SharingView& view, SharingState& state,
                        PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Column column = page_column(ctx, frame.min, frame.max, 880);
  float y = frame.min.y + ctx.px(16);
  if (draw_link(ctx, "##sharing-back", "\xE2\x86\x90 Board", ImVec2(column.x, y)))
    out.go_to = "/board";
  frame.report.add("sharing-back", "\xE2\x86\x90 Board", ImVec2(column.x, y),
                   ImVec2(column.x + text_width(ctx.fonts.body, "\xE2\x86\x90 Board"),
                          y + ctx.fonts.body->FontSize));
  y += ctx.fonts.body->FontSize + ctx.px(12);
  draw_page_title(frame, column, y, "Sharing");

  // The add form: username, role, Add.
  const float form_top = y;
  const bool side = column.width >= ctx.px(600);
  const char* const roles[] = {"Viewer", "Editor"};
  const float roles_w = ctx.px(180);
  const float button_w = button_width(ctx, "Share", true);
  const float name_w = side ? column.width - roles_w - button_w - ctx.px(24) : column.width;
  const std::string error = !state.local_error.empty() ? state.local_error : view.username_error;
  const FieldResult name = draw_text_field(ctx,
                                           {.id = "share-username",
                                            .label = "Share with (username)",
                                            .name = "username",
                                            .placeholder = "bob",
                                            .form = kForm},
                                           frame.io, ImVec2(column.x, y), name_w, error);
  if (!error.empty()) {
    const float ey = y + text_field_height(ctx, true, false) + ctx.px(6);
    frame.report.add("share-error", error, ImVec2(column.x, ey),
                     ImVec2(column.x + name_w, ey + ctx.fonts.small->FontSize));
  }
  const float field_bottom = y + text_field_height(ctx, true, !error.empty());
  const float control_y =
      side ? y + ctx.fonts.small->FontSize + ctx.px(6) : field_bottom + ctx.px(12);
  const float roles_x = side ? column.x + name_w + ctx.px(12) : column.x;
  std::vector<ImVec2> rects;
  const int picked = draw_segmented(ctx, "##share-role", roles, 2, state.role,
                                    ImVec2(roles_x, control_y), roles_w, &rects);
  for (std::size_t i = 0; i + 1 < rects.size() && i / 2 < 2; i += 2) {
    frame.report.add("share-role", roles[i / 2], rects[i], rects[i + 1]);
  }
  if (picked >= 0) state.role = picked;
  const ImVec2 add_at(
      side ? roles_x + roles_w + ctx.px(12) : column.x,
      side ? control_y : control_y + segmented_height(ctx, roles, 2, roles_w) + ctx.px(12));
  bool submit = name.submitted;
  submit |=
      draw_button(ctx, "##share-add", view.busy ? "Sharing\xE2\x80\xA6" : "Share", add_at,
                  ImVec2(button_w, ctx.px(40)), ButtonStyle::Primary, ButtonIcon::Plus, view.busy);
  frame.report.add("share-add", "Share", add_at,
                   ImVec2(add_at.x + button_w, add_at.y + ctx.px(40)));
  y = std::max(field_bottom, add_at.y + ctx.px(40)) + ctx.px(20);
  report_form(frame.io, kForm, "share-add", "Share", view.busy, ImVec2(column.x, form_top),
              ImVec2(column.x + column.width, y), add_at,
              ImVec2(add_at.x + button_w, add_at.y + ctx.px(40)));
  submit |= frame.io.take_submit(kForm);
  if (name.changed) state.local_error.clear();
  if (submit && !view.busy) {
    const std::string& value = frame.io.state("share-username").value;
    if (value.find_first_not_of(' ') == std::string::npos) {
      state.local_error = "Enter a username";
    } else {
      state.local_error.clear();
      out.add_share = ShareAdd{value, state.role == 1 ? core::client::BoardRole::Editor
                                                      : core::client::BoardRole::Viewer};
    }
  }

  if (!view.error.empty()) {
    if (draw_notice(frame, column, y, "sharing-error", "Shares could not be loaded", view.error,
                    "sharing-retry", "Retry")) {
      out.retry = true;
    }
    return y - frame.min.y;
  }
  if (!view.loaded) {
    draw_page_skeleton(frame, column, y, 3);
    return y + ctx.px(120) - frame.min.y;
  }

  // A list of people (or boards) in a card, one row each with a button.
  const auto list = [&](const char* heading, const char* empty_line,
                        std::span<const core::client::Share> shares, bool owned) {
    draw_text(draw, ctx.fonts.heading, ImVec2(column.x, y), p.text, heading);
    y += ctx.fonts.heading->FontSize + ctx.px(10);
    if (shares.empty()) {
      draw_text(draw, ctx.fonts.small, ImVec2(column.x, y), p.text_muted, empty_line);
      frame.report.add(owned ? "share-empty" : "shared-with-me-empty", empty_line,
                       ImVec2(column.x, y),
                       ImVec2(column.x + text_width(ctx.fonts.small, empty_line),
                              y + ctx.fonts.small->FontSize));
      y += ctx.fonts.small->FontSize + ctx.px(24);
      return;
    }
    const float row_h = ctx.px(kRowCss);
    const ImVec2 list_min(column.x, y);
    const ImVec2 list_max(column.x + column.width, y + row_h * static_cast<float>(shares.size()));
    draw.AddRectFilled(list_min, list_max, p.card_background, ctx.px(12));
    draw.AddRect(list_min, list_max, p.card_border, ctx.px(12), 0, ctx.px(1));
    for (std::size_t i = 0; i < shares.size(); ++i) {
      const core::client::Share& s = shares[i];
      const ImVec2 min(column.x, y + row_h * static_cast<float>(i));
      const ImVec2 max(column.x + column.width, min.y + row_h);
      if (i + 1 < shares.size()) {
        draw.AddLine(ImVec2(min.x + ctx.px(16), max.y), ImVec2(max.x - ctx.px(16), max.y),
                     p.card_border, ctx.px(1));
      }
      const float cy = (min.y + max.y) / 2;
      const char* action = owned ? "Remove" : "Open board";
      const float aw = button_width(ctx, action, false);
      const ImVec2 at(max.x - ctx.px(12) - aw, cy - ctx.px(16));
      ImGui::PushID(s.id.c_str());
      if (draw_button(ctx, "##share-action", action, at, ImVec2(aw, ctx.px(32)),
                      ButtonStyle::Secondary)) {
        if (owned) {
          out.remove_share = s.id;
        } else {
          out.go_to = "/board/" + core::client::encode_path_segment(s.owner);
        }
      }
      ImGui::PopID();
      frame.report.add(owned ? "share-remove" : "shared-board-open", action, at,
                       ImVec2(at.x + aw, at.y + ctx.px(32)));
      const std::string who = owned ? s.grantee : s.owner;
      const float text_w = at.x - min.x - ctx.px(32);
      const float top = cy - (ctx.fonts.body->FontSize + ctx.px(4) + ctx.fonts.small->FontSize) / 2;
      draw_text(draw, ctx.fonts.body, ImVec2(min.x + ctx.px(16), top), p.text,
                fit_text(ctx.fonts.body, who, text_w));
      frame.report.add(owned ? "share-person" : "shared-board", who, min, max);
      const std::string role = role_label(s.role);
      draw_text(draw, ctx.fonts.small,
                ImVec2(min.x + ctx.px(16), top + ctx.fonts.body->FontSize + ctx.px(4)),
                p.text_muted, fit_text(ctx.fonts.small, role, text_w));
      std::string label = who;
      label.append(": ").append(role);
      frame.report.add(owned ? "share-role-of" : "shared-board-role", label, min, max);
    }
    y = list_max.y + ctx.px(28);
  };
  list("People who see your board", "Your board is not shared with anyone yet.", view.owned, true);
  list("Boards shared with you", "Nobody shares a board with you yet.", view.received, false);
  return y - frame.min.y;
}

}  // namespace dashboard::ui
