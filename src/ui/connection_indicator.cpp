#include "ui/connection_indicator.hpp"

#include <cmath>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

ImU32 tone_color(const Palette& palette, core::StatusTone tone) {
  switch (tone) {
    case core::StatusTone::Good:
      return palette.good;
    case core::StatusTone::Warning:
      return palette.warning;
    case core::StatusTone::Bad:
      return palette.bad;
    case core::StatusTone::Neutral:
      break;
  }
  return palette.neutral;
}

// Pill padding and dot size, in CSS pixels.
constexpr float kPadCss = 10;
constexpr float kDotCss = 8;
constexpr float kGapCss = 8;
constexpr const char* kRetryLabel = "Retry";

std::int64_t whole_seconds_up(std::int64_t ms) {
  return (std::max<std::int64_t>(ms, 0) + 999) / 1000;
}

bool shows_retry(const ConnectionDetails& details) {
  return details.offer_retry && details.status == core::ConnectionStatus::Disconnected;
}

float pill_width(const DrawContext& ctx, const ConnectionDetails& details) {
  return ctx.px(kPadCss * 2 + kDotCss + kGapCss) +
         text_width(ctx.fonts.small, connection_label(details));
}

}  // namespace

std::string connection_label(const ConnectionDetails& details) {
  if (details.status == core::ConnectionStatus::Reconnecting && details.retry_in_ms) {
    return "Reconnecting in " + std::to_string(whole_seconds_up(*details.retry_in_ms)) + " s";
  }
  return std::string(core::label_of(details.status));
}

std::string connection_tooltip(const ConnectionDetails& details) {
  std::string text(core::description_of(details.status));
  switch (details.status) {
    case core::ConnectionStatus::Live:
      if (details.rtt_ms) text += "\nRound trip: " + std::to_string(*details.rtt_ms) + " ms";
      break;
    case core::ConnectionStatus::Reconnecting:
      text += "\nAttempt " + std::to_string(details.attempt);
      if (details.retry_in_ms) {
        text += ", next in " + std::to_string(whole_seconds_up(*details.retry_in_ms)) + " s";
      }
      [[fallthrough]];
    case core::ConnectionStatus::Checking:
    case core::ConnectionStatus::Connecting:
    case core::ConnectionStatus::Disconnected:
    case core::ConnectionStatus::Offline:
      if (!details.error.empty()) text += "\n" + details.error;
      break;
  }
  return text;
}

float connection_indicator_width(const DrawContext& ctx, const ConnectionDetails& details) {
  float width = pill_width(ctx, details);
  if (shows_retry(details)) width += ctx.px(8) + button_width(ctx, kRetryLabel, false);
  return width;
}

bool draw_connection_indicator(const DrawContext& ctx, ImVec2 origin, float height,
                               const ConnectionDetails& details, std::vector<Semantic>& chrome) {
  const Palette& palette = ctx.palette;
  const std::string label = connection_label(details);
  const float width = pill_width(ctx, details);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 max(origin.x + width, origin.y + height);
  draw.AddRectFilled(origin, max, palette.page_background, height / 2);
  draw.AddRect(origin, max, palette.card_border, height / 2, 0, ctx.px(1));
  const ImVec2 dot(origin.x + ctx.px(kPadCss + kDotCss / 2), origin.y + height / 2);
  draw.AddCircleFilled(dot, ctx.px(kDotCss / 2), tone_color(palette, core::tone_of(details.status)),
                       16);
  draw_text(draw, ctx.fonts.small,
            ImVec2(origin.x + ctx.px(kPadCss + kDotCss + kGapCss),
                   origin.y + std::round((height - ctx.fonts.small->FontSize) / 2)),
            palette.text, label);
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("##connection-status", ImVec2(width, height));
  const std::string tooltip = connection_tooltip(details);
  if (ImGui::IsItemHovered()) show_tooltip(ctx, tooltip);
  chrome.push_back({"connection-status", label + ". " + tooltip, origin, max});

  if (!shows_retry(details)) return false;
  const ImVec2 at(max.x + ctx.px(8), origin.y);
  const ImVec2 size(button_width(ctx, kRetryLabel, false), height);
  chrome.push_back({"connection-retry", kRetryLabel, at, ImVec2(at.x + size.x, at.y + size.y)});
  return draw_button(ctx, "##connection-retry", kRetryLabel, at, size, ButtonStyle::Secondary);
}

}  // namespace dashboard::ui
