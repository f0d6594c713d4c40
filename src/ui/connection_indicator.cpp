#include "ui/connection_indicator.hpp"

#include <string>

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

}  // namespace

float connection_indicator_width(const FontSet& fonts, core::ConnectionStatus status) {
  const std::string label(core::label_of(status));
  const float text = fonts.small->CalcTextSizeA(fonts.small->FontSize, 1e9f, 0, label.c_str()).x;
  return (kPadCss * 2 + kDotCss + kGapCss) * fonts.dpr + text;
}

void draw_connection_indicator(const FontSet& fonts, const Palette& palette, ImVec2 origin,
                               float height, core::ConnectionStatus status) {
  const float dpr = fonts.dpr;
  const std::string label(core::label_of(status));
  const float width = connection_indicator_width(fonts, status);
  const ImU32 color = tone_color(palette, core::tone_of(status));
  ImDrawList& draw = *ImGui::GetWindowDrawList();

  const ImVec2 max(origin.x + width, origin.y + height);
  draw.AddRectFilled(origin, max, palette.page_background, height / 2);
  draw.AddRect(origin, max, palette.card_border, height / 2, 0, dpr);
  const ImVec2 dot(origin.x + (kPadCss + kDotCss / 2) * dpr, origin.y + height / 2);
  draw.AddCircleFilled(dot, kDotCss / 2 * dpr, color, 16);
  const ImVec2 text_pos(origin.x + (kPadCss + kDotCss + kGapCss) * dpr,
                        origin.y + (height - fonts.small->FontSize) / 2);
  draw.AddText(fonts.small, fonts.small->FontSize, text_pos, palette.text, label.c_str());

  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("##connection-status", ImVec2(width, height));
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushFont(fonts.small);
    ImGui::TextUnformatted(
        core::description_of(status).data(),
        core::description_of(status).data() + core::description_of(status).size());
    ImGui::PopFont();
    ImGui::EndTooltip();
  }
}

}  // namespace dashboard::ui
