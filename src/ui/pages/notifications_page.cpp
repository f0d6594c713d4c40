// [SECTION] The list
// [SECTION] The preferences
// [SECTION] The page
#include "ui/pages/notifications_page.hpp"

#include <algorithm>

#include "core/format.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

using core::client::KindPrefs;
using core::client::Notification;

constexpr float kRowCss = 64;

const char* kind_label(std::string_view kind) {
  if (kind == "message") return "Messages";
  if (kind == "boardChanged") return "Changes to boards shared with you";
  if (kind == "coverageComplete") return "A MOC reaching full parts coverage";
  if (kind == "announcement") return "Announcements";
  return "Other";
}

// [SECTION] The list

void draw_row(PageFrame& frame, const Column& column, float y, const Notification& n,
              PageActions& out, NotificationsActions& notes) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float row_h = ctx.px(kRowCss);
  const ImVec2 min(column.x, y);
  const ImVec2 max(column.x + column.width, y + row_h);
  ImGui::SetCursorScreenPos(min);
  ImGui::PushID(static_cast<int>(n.id));
  if (ImGui::InvisibleButton("##notification", ImVec2(column.width, row_h))) {
    if (!n.read) notes.open = n.id;
    if (!n.link.empty()) out.go_to = n.link;
  }
  ImGui::PopID();
  if (ImGui::IsItemHovered()) {
    if (!n.link.empty()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    draw.AddRectFilled(min, max, mix(p.card_background, p.text, 0.04f), ctx.px(8));
  } else if (!n.read) {
    draw.AddRectFilled(min, max, mix(p.card_background, p.accent, 0.06f), ctx.px(8));
  }
  // Unread: a dot and the text in full ink; read: muted (never colour alone:
  // the overlay's label says "unread").
  if (!n.read)
    draw.AddCircleFilled(ImVec2(min.x + ctx.px(14), min.y + ctx.px(21)), ctx.px(4), p.accent);
  const float tx = min.x + ctx.px(28);
  const std::string when =
      core::format_relative_date(n.created_at, ctx.now, ctx.utc_offset_minutes);
  const float when_w = text_width(ctx.fonts.small, when);
  draw_text(draw, ctx.fonts.small, ImVec2(max.x - ctx.px(12) - when_w, min.y + ctx.px(14)),
            p.text_muted, when);
  draw_text(draw, ctx.fonts.body, ImVec2(tx, min.y + ctx.px(12)), n.read ? p.text_muted : p.text,
            fit_text(ctx.fonts.body, n.text, max.x - when_w - tx - ctx.px(24)));
  std::string kind = kind_label(n.kind);
  if (!n.actor.empty()) kind += " \xC2\xB7 " + n.actor;
  draw_text(draw, ctx.fonts.small, ImVec2(tx, min.y + ctx.px(38)), p.text_muted,
            fit_text(ctx.fonts.small, kind, max.x - tx - ctx.px(12)));
  frame.report.add(n.read ? "notification" : "notification-unread", n.text, min, max);
}

// [SECTION] The preferences

// A checkbox with its label; returns true when toggled.
bool draw_check(const DrawContext& ctx, const std::string& id, const char* label, bool on,
                ImVec2 at, CardReport& report) {
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float box = ctx.px(18);
  const float w = box + ctx.px(8) + text_width(ctx.fonts.small, label);
  const float h = ctx.px(28);
  ImGui::SetCursorScreenPos(at);
  const bool clicked = ImGui::InvisibleButton(("##" + id).c_str(), ImVec2(w, h));
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  const ImVec2 bmin(at.x, at.y + (h - box) / 2);
  const ImVec2 bmax(bmin.x + box, bmin.y + box);
  if (on) {
    draw.AddRectFilled(bmin, bmax, p.accent, ctx.px(4));
    draw.AddPolyline(std::array<ImVec2, 3>{ImVec2(bmin.x + box * 0.22f, bmin.y + box * 0.52f),
                                           ImVec2(bmin.x + box * 0.42f, bmin.y + box * 0.72f),
                                           ImVec2(bmin.x + box * 0.78f, bmin.y + box * 0.30f)}
                         .data(),
                     3, IM_COL32(255, 255, 255, 255), 0, ctx.px(2));
  } else {
    draw.AddRect(bmin, bmax, p.text_muted, ctx.px(4), 0, ctx.px(1.5f));
  }
  draw_text(draw, ctx.fonts.small,
            ImVec2(bmax.x + ctx.px(8), at.y + (h - ctx.fonts.small->FontSize) / 2), p.text, label);
  report.add(id, std::string(label) + (on ? ": on" : ": off"), at, ImVec2(at.x + w, at.y + h));
  return clicked;
}

void draw_preferences(PageFrame& frame, const Column& column, float& y,
                      const NotificationsView& view, NotificationsActions& notes) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw_text(draw, ctx.fonts.heading, ImVec2(column.x, y), p.text, "Preferences");
  frame.report.add("preferences-title", "Preferences", ImVec2(column.x, y),
                   ImVec2(column.x + column.width, y + ctx.fonts.heading->FontSize));
  y += ctx.fonts.heading->FontSize + ctx.px(6);
  const char* hint = "Browser notifications show only while this tab is hidden.";
  draw_text(draw, ctx.fonts.small, ImVec2(column.x, y), p.text_muted,
            fit_text(ctx.fonts.small, hint, column.width));
  y += ctx.fonts.small->FontSize + ctx.px(14);
  if (!view.prefs_loaded) {
    draw_page_skeleton(frame, column, y, 4);
    y += ctx.px(120);
    return;
  }
  const bool side = column.width >= ctx.px(640);
  for (std::size_t i = 0; i < core::client::kNotificationKinds.size(); ++i) {
    const std::string kind(core::client::kNotificationKinds[i]);
    const KindPrefs& prefs = view.prefs.at(i);
    draw_text(
        draw, ctx.fonts.body, ImVec2(column.x, y + ctx.px(4)), p.text,
        fit_text(ctx.fonts.body, kind_label(kind), side ? column.width * 0.45f : column.width));
    float x = side ? column.x + column.width * 0.48f : column.x;
    if (!side) y += ctx.fonts.body->FontSize + ctx.px(10);
    const std::array<std::pair<const char*, bool KindPrefs::*>, 3> flags{
        {{"Toast", &KindPrefs::toast},
         {"Sound", &KindPrefs::sound},
         {"Browser", &KindPrefs::browser}}};
    for (const auto& [label, member] : flags) {
      std::string id = "pref-" + kind + "-" + label;
      std::transform(id.begin(), id.end(), id.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (draw_check(ctx, id, label, prefs.*member, ImVec2(x, y), frame.report)) {
        KindPrefs next = prefs;
        next.*member = !(prefs.*member);
        notes.preference = PreferenceChange{kind, next};
      }
      x += ctx.px(110);
    }
    y += ctx.px(40);
  }
}

}  // namespace

// [SECTION] The page

float draw_notifications_page(PageFrame& frame, const NotificationsView& view, PageActions& out,
                              NotificationsActions& notes) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  const Column column = page_column(ctx, frame.min, frame.max, 760);
  float y = frame.min.y + ctx.px(16);
  const float title_y = y;
  draw_page_title(frame, column, y, "Notifications");
  if (view.unread > 0) {
    const char* label = "Mark all read";
    const float w = button_width(ctx, label, false);
    const float row_h = std::max(ctx.fonts.display->FontSize, ctx.px(40));
    const ImVec2 at(column.x + column.width - w, title_y + (row_h - ctx.px(40)) / 2);
    if (draw_button(ctx, "##notifications-read-all", label, at, ImVec2(w, ctx.px(40)),
                    ButtonStyle::Secondary)) {
      notes.mark_all = true;
    }
    frame.report.add("notifications-read-all", label, at, ImVec2(at.x + w, at.y + ctx.px(40)));
  }
  if (!view.error.empty() && !view.loaded) {
    if (draw_notice(frame, column, y, "notifications-error", "Notifications could not be loaded",
                    view.error, "notifications-retry", "Retry")) {
      out.retry = true;
    }
  } else if (!view.loaded) {
    draw_page_skeleton(frame, column, y, 5);
    y += ctx.px(150);
  } else if (view.items.empty()) {
    const char* line =
        "Nothing yet. Messages, changes to shared boards and announcements show here.";
    draw_text(*ImGui::GetWindowDrawList(), ctx.fonts.small, ImVec2(column.x, y), p.text_muted,
              fit_text(ctx.fonts.small, line, column.width));
    frame.report.add("notifications-empty", line, ImVec2(column.x, y),
                     ImVec2(column.x + column.width, y + ctx.fonts.small->FontSize));
    y += ctx.fonts.small->FontSize + ctx.px(24);
  } else {
    for (const Notification& n : view.items) {
      // Rows off screen are skipped, not drawn (a long list stays cheap).
      if (y + ctx.px(kRowCss) >= frame.min.y - ctx.px(kRowCss) && y <= frame.max.y) {
        draw_row(frame, column, y, n, out, notes);
      }
      y += ctx.px(kRowCss) + ctx.px(4);
    }
    if (view.has_older) {
      const char* label = "Load older";
      const float w = button_width(ctx, label, false);
      const ImVec2 at(column.x, y + ctx.px(8));
      if (draw_button(ctx, "##notifications-older", label, at, ImVec2(w, ctx.px(36)),
                      ButtonStyle::Secondary)) {
        notes.load_older = true;
      }
      frame.report.add("notifications-older", label, at, ImVec2(at.x + w, at.y + ctx.px(36)));
      y += ctx.px(52);
    }
    y += ctx.px(16);
  }
  draw_preferences(frame, column, y, view, notes);
  return y + ctx.px(24) - frame.min.y;
}

}  // namespace dashboard::ui
