#include "ui/data_updated_pill.hpp"

#include <algorithm>
#include <cmath>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

// Padding and dot size, in CSS pixels (as the connection indicator's).
constexpr float kPadCss = 10;
constexpr float kDotCss = 6;
constexpr float kGapCss = 6;

ImU32 faded(ImU32 color, float opacity) {
  const auto alpha = static_cast<float>((color & IM_COL32_A_MASK) >> IM_COL32_A_SHIFT);
  const auto a = static_cast<ImU32>(std::lround(alpha * std::clamp(opacity, 0.0f, 1.0f)));
  return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

}  // namespace

float data_updated_pill_width(const DrawContext& ctx) {
  return ctx.px(kPadCss * 2 + kDotCss + kGapCss) + text_width(ctx.fonts.small, kDataUpdatedLabel);
}

void draw_data_updated_pill(const DrawContext& ctx, ImVec2 origin, float height, float opacity,
                            std::vector<Semantic>& chrome) {
  if (opacity <= 0) return;
  const Palette& palette = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 max(origin.x + data_updated_pill_width(ctx), origin.y + height);
  draw.AddRectFilled(origin, max, faded(palette.page_background, opacity), height / 2);
  draw.AddRect(origin, max, faded(palette.accent, opacity * 0.6f), height / 2, 0, ctx.px(1));
  draw.AddCircleFilled(ImVec2(origin.x + ctx.px(kPadCss + kDotCss / 2), origin.y + height / 2),
                       ctx.px(kDotCss / 2), faded(palette.accent, opacity), 12);
  draw_text(draw, ctx.fonts.small,
            ImVec2(origin.x + ctx.px(kPadCss + kDotCss + kGapCss),
                   origin.y + std::round((height - ctx.fonts.small->FontSize) / 2)),
            faded(palette.text_muted, opacity), kDataUpdatedLabel);
  chrome.push_back({"data-updated", kDataUpdatedLabel, origin, max});
}

}  // namespace dashboard::ui
