#include "ui/pages/status_page.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

using core::client::ServiceCard;
using core::client::ServiceHealth;

constexpr float kCardCssHeight = 236;
constexpr float kGapCss = 16;
constexpr float kTwoColumnsCss = 720;

// "16:42:05" in the viewer's zone.
std::string clock_time(core::UnixMillis at, int utc_offset_minutes) {
  const std::int64_t local = at / 1000 + static_cast<std::int64_t>(utc_offset_minutes) * 60;
  const std::int64_t day = ((local % 86400) + 86400) % 86400;
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d", static_cast<int>(day / 3600),
                static_cast<int>(day / 60 % 60), static_cast<int>(day % 60));
  return text;
}

void draw_banner(PageFrame& frame, const Column& column, float& y,
                 const core::client::StatusModel& model, bool offline) {
  const DrawContext& ctx = frame.ctx;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const core::client::Overall overall = model.overall();
  const ImU32 color = overall == core::client::Overall::Operational ? ctx.palette.good
                      : overall == core::client::Overall::Degraded  ? ctx.palette.warning
                                                                    : ctx.palette.bad;
  const float h = ctx.px(56);
  const ImVec2 min(column.x, y);
  const ImVec2 max(column.x + column.width, y + h);
  draw.AddRectFilled(min, max, mix(ctx.palette.card_background, color, 0.14f), ctx.px(12));
  draw.AddRect(min, max, mix(ctx.palette.card_border, color, 0.5f), ctx.px(12), 0, ctx.px(1));
  const float r = ctx.px(7);
  const ImVec2 dot(min.x + ctx.px(20) + r, min.y + h / 2);
  draw.AddCircleFilled(dot, r, color);
  std::string text = core::client::overall_label(overall);
  if (offline) text += " (offline: as last seen)";
  const ImFont* font = ctx.fonts.heading;
  const ImVec2 at(dot.x + r + ctx.px(12), std::round(min.y + (h - font->FontSize) / 2));
  draw_text(draw, font, at, ctx.palette.text, fit_text(font, text, max.x - at.x - ctx.px(20)));
  frame.report.add("status-banner", text, min, max);
  y = max.y + ctx.px(kGapCss);
}

void draw_sparkline(const DrawContext& ctx, ImDrawList& draw, ImVec2 min, ImVec2 max,
                    const std::vector<core::client::StatusPoint>& history) {
  draw.AddRectFilled(min, max, mix(ctx.palette.card_background, ctx.palette.skeleton, 0.5f),
                     ctx.px(6));
  const std::vector<float> values = core::client::sparkline_values(history);
  if (values.empty()) return;
  const float top = *std::max_element(values.begin(), values.end());
  const float w = max.x - min.x;
  const float h = max.y - min.y - ctx.px(8);  // room for the down marks
  // The x axis is the hour ending at the newest point, so a short history
  // sits at the right edge.
  const core::UnixMillis newest = history.back().minute;
  const auto x_of = [&](core::UnixMillis minute) {
    const float t = 1.0f - static_cast<float>(newest - minute) / (59.0f * 60'000.0f);
    return min.x + ctx.px(4) + std::clamp(t, 0.0f, 1.0f) * (w - ctx.px(8));
  };
  std::vector<ImVec2> points;
  points.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float v = top > 0 ? values[i] / top : 0.0f;
    points.emplace_back(x_of(history[i].minute), min.y + ctx.px(3) + (1 - v) * (h - ctx.px(3)));
    if (history[i].health == ServiceHealth::Down || history[i].health == ServiceHealth::Degraded) {
      const ImU32 mark =
          history[i].health == ServiceHealth::Down ? ctx.palette.bad : ctx.palette.warning;
      const float x = points.back().x;
      draw.AddRectFilled(ImVec2(x - ctx.px(2), max.y - ctx.px(6)),
                         ImVec2(x + ctx.px(2), max.y - ctx.px(2)), mark, ctx.px(1));
    }
  }
  // A quiet line: the accent is the brand red, which would read as trouble.
  const ImU32 line = ctx.palette.text_muted;
  if (points.size() == 1) {
    draw.AddCircleFilled(points[0], ctx.px(2.5f), line);
  } else {
    draw.AddPolyline(points.data(), static_cast<int>(points.size()), line, 0, ctx.px(1.5f));
  }
}

void draw_service_card(PageFrame& frame, const StatusPageView& view, const ServiceCard& s,
                       ImVec2 min, ImVec2 max, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(min, max, p.card_background, ctx.px(kCardRoundingCss));
  draw.AddRect(min, max, p.card_border, ctx.px(kCardRoundingCss), 0, ctx.px(1));
  const float pad = ctx.px(kCardPaddingCss);
  const float inner_w = max.x - min.x - 2 * pad;
  float y = min.y + pad;
  const float x = min.x + pad;

  // Name, and the health on the right as a dot and a word.
  const ImFont* heading = ctx.fonts.heading;
  const char* word = core::client::health_label(s.health);
  const float badge_w = ctx.px(20) + text_width(ctx.fonts.small, word);
  const ImVec2 badge_at(max.x - pad - badge_w,
                        std::round(y + (heading->FontSize - ctx.fonts.small->FontSize) / 2));
  draw_health_badge(ctx, draw, badge_at, s.health);
  frame.report.add("service-health", word, badge_at,
                   ImVec2(badge_at.x + badge_w, badge_at.y + ctx.fonts.small->FontSize));
  const std::string name = fit_text(heading, s.name, inner_w - badge_w - ctx.px(12));
  draw_text(draw, heading, ImVec2(x, y), p.text, name);
  frame.report.add("service-name", s.name, ImVec2(x, y),
                   ImVec2(x + text_width(heading, name), y + heading->FontSize));
  y += heading->FontSize + ctx.px(12);

  // Response time and uptime, side by side.
  const ImFont* body = ctx.fonts.body;
  const ImFont* small = ctx.fonts.small;
  const float half = inner_w / 2;
  const std::string response = core::client::response_time_label(s.response_ms);
  const std::string uptime = core::client::uptime_label(s.uptime_percent);
  draw_text(draw, small, ImVec2(x, y), p.text_muted, "Response time");
  draw_text(draw, small, ImVec2(x + half, y), p.text_muted, "Uptime (24 h)");
  y += small->FontSize + ctx.px(2);
  draw_text(draw, body, ImVec2(x, y), p.text, response);
  frame.report.add("service-response", "Response time " + response, ImVec2(x, y),
                   ImVec2(x + half, y + body->FontSize));
  draw_text(draw, body, ImVec2(x + half, y), p.text, uptime);
  frame.report.add("service-uptime", "Uptime (24 h) " + uptime, ImVec2(x + half, y),
                   ImVec2(x + inner_w, y + body->FontSize));
  y += body->FontSize + ctx.px(10);

  // The last hour.
  const ImVec2 spark_min(x, y);
  const ImVec2 spark_max(x + inner_w, y + ctx.px(44));
  draw_sparkline(ctx, draw, spark_min, spark_max, s.history);
  frame.report.add("service-sparkline",
                   "Response time, last hour: " + std::to_string(s.history.size()) + " minutes",
                   spark_min, spark_max);
  y = spark_max.y + ctx.px(10);

  // When, and what the check said.
  const std::string checked =
      s.checked_at == 0 ? std::string("Not checked yet")
                        : "Checked at " + clock_time(s.checked_at, ctx.utc_offset_minutes);
  draw_text(draw, small, ImVec2(x, y), p.text_muted, checked);
  frame.report.add("service-checked", checked, ImVec2(x, y),
                   ImVec2(x + text_width(small, checked), y + small->FontSize));
  y += small->FontSize + ctx.px(4);
  const std::string details = s.details.empty() ? std::string("\xE2\x80\x94") : s.details;
  const std::string shown = fit_text(small, details, inner_w);
  draw_text(draw, small, ImVec2(x, y), p.text, shown);
  frame.report.add("service-details", details, ImVec2(x, y),
                   ImVec2(x + text_width(small, shown), y + small->FontSize));
  if (shown != details && hovering(ImVec2(x, y), ImVec2(x + inner_w, y + small->FontSize))) {
    show_tooltip(ctx, details);
  }

  // Refresh, at the bottom.
  const bool busy = view.refreshing && view.refreshing(s.id);
  const char* label = busy ? "Checking\xE2\x80\xA6" : "Refresh";
  const ImVec2 size(std::max(button_width(ctx, "Checking\xE2\x80\xA6", false), ctx.px(96)),
                    ctx.px(32));
  const ImVec2 at(x, max.y - pad - size.y);
  const std::string id = "##refresh-" + s.id;
  if (draw_button(ctx, id.c_str(), label, at, size, ButtonStyle::Secondary, ButtonIcon::None,
                  busy) &&
      !busy) {
    out.refresh_service = s.id;
  }
  frame.report.add("service-refresh-button",
                   busy ? "Checking\xE2\x80\xA6 (refresh disabled)" : "Refresh", at,
                   ImVec2(at.x + size.x, at.y + size.y));

  const float flash = view.flash ? view.flash(s.id) : 0.0f;
  draw_card_flash(ctx, draw, min, max, flash);
}

}  // namespace

ImU32 health_color(const Palette& palette, ServiceHealth health) {
  switch (health) {
    case ServiceHealth::Up:
      return palette.good;
    case ServiceHealth::Degraded:
      return palette.warning;
    case ServiceHealth::Down:
      return palette.bad;
    case ServiceHealth::Unknown:
      break;
  }
  return palette.neutral;
}

float draw_health_badge(const DrawContext& ctx, ImDrawList& draw, ImVec2 pos,
                        ServiceHealth health) {
  const ImFont* small = ctx.fonts.small;
  const float r = ctx.px(5);
  draw.AddCircleFilled(ImVec2(pos.x + r, pos.y + small->FontSize / 2), r,
                       health_color(ctx.palette, health));
  const char* word = core::client::health_label(health);
  draw_text(draw, small, ImVec2(pos.x + ctx.px(20), pos.y), ctx.palette.text, word);
  return ctx.px(20) + text_width(small, word);
}

float draw_status_page(PageFrame& frame, const StatusPageView& view, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Column column = page_column(ctx, frame.min, frame.max);
  float y = frame.min.y + ctx.px(32);
  draw_page_title(frame, column, y, "System status");
  if (view.model == nullptr || !view.model->loaded()) {
    draw_page_skeleton(frame, column, y, 6);
    frame.report.add("status-loading", "Loading the services\xE2\x80\xA6", ImVec2(column.x, y),
                     ImVec2(column.x + column.width, y + ctx.px(28)));
    return y + ctx.px(28 * 6) - frame.min.y;
  }
  const core::client::StatusModel& model = *view.model;
  draw_banner(frame, column, y, model, view.offline);
  // The live region's line (web/semantics_overlay.js announces its changes).
  if (!view.announcement.empty()) {
    frame.report.add("status-announcement", view.announcement, ImVec2(column.x, y),
                     ImVec2(column.x + 1, y + 1));
  }
  if (model.services().empty()) {
    const std::string line = "No services are shared with you.";
    draw_text(*ImGui::GetWindowDrawList(), ctx.fonts.body, ImVec2(column.x, y),
              ctx.palette.text_muted, line);
    frame.report.add("status-empty", line, ImVec2(column.x, y),
                     ImVec2(column.x + column.width, y + ctx.fonts.body->FontSize));
    return y + ctx.fonts.body->FontSize + ctx.px(32) - frame.min.y;
  }
  const int columns = column.width >= ctx.px(kTwoColumnsCss) ? 2 : 1;
  const float gap = ctx.px(kGapCss);
  const float card_w = std::floor((column.width - gap * static_cast<float>(columns - 1)) /
                                  static_cast<float>(columns));
  const float card_h = ctx.px(kCardCssHeight);
  int i = 0;
  for (const ServiceCard& s : model.services()) {
    const int col = i % columns;
    const ImVec2 min(column.x + static_cast<float>(col) * (card_w + gap), y);
    ImGui::PushID(s.id.c_str());
    draw_service_card(frame, view, s, min, ImVec2(min.x + card_w, min.y + card_h), out);
    ImGui::PopID();
    if (col == columns - 1) y += card_h + gap;
    ++i;
  }
  if (i % columns != 0) y += card_h + gap;
  return y + ctx.px(16) - frame.min.y;
}

}  // namespace dashboard::ui
