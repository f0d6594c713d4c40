// [SECTION] Report
// [SECTION] Frame
// [SECTION] Empty state
#include "ui/card.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>

#include "ui/widgets.hpp"

namespace dashboard::ui {

int max_texels(ImageSize size) {
  switch (size) {
    case ImageSize::Thumbnail:
      return 160;
    case ImageSize::Tile:
      return 256;
    case ImageSize::Large:
      return 768;
  }
  return 160;
}

// [SECTION] Report

void CardReport::add(std::string id, std::string text, ImVec2 from, ImVec2 to) {
  items.push_back(Semantic{std::move(id), std::move(text), from, to});
}

const Semantic* CardReport::find(std::string_view id) const {
  for (const Semantic& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

std::vector<std::string> CardReport::texts(std::string_view id) const {
  std::vector<std::string> out;
  for (const Semantic& item : items) {
    if (item.id == id) out.push_back(item.text);
  }
  return out;
}

// [SECTION] Frame

namespace {

void draw_frame(const DrawContext& ctx, ImDrawList& draw, ImVec2 pos, ImVec2 size,
                const char* title) {
  const float dpr = ctx.fonts.dpr;
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float rounding = ctx.px(kCardRoundingCss);
  draw.AddRectFilled(ImVec2(pos.x, pos.y + dpr), ImVec2(max.x, max.y + 2 * dpr),
                     IM_COL32(15, 23, 42, 10), rounding);  // soft drop shadow
  draw.AddRectFilled(pos, max, ctx.palette.card_background, rounding);
  draw.AddRect(pos, max, ctx.palette.card_border, rounding, 0, dpr);
  const float pad = ctx.px(kCardPaddingCss);
  draw_text(draw, ctx.fonts.heading, ImVec2(pos.x + pad, pos.y + pad), ctx.palette.text, title);
}

}  // namespace

float card_chrome_height(const DrawContext& ctx) {
  return ctx.px(kCardPaddingCss) * 2 + ctx.fonts.heading->FontSize + ctx.px(kTitleGapCss);
}

CardArea begin_card(const DrawContext& ctx, CardReport& report, const char* title, ImVec2 pos,
                    ImVec2 size) {
  // The frame goes on the parent's draw list so the shadow is not clipped
  // by the card's own child window.
  draw_frame(ctx, *ImGui::GetWindowDrawList(), pos, size, title);
  ImGui::SetCursorScreenPos(pos);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar |
                                      ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::BeginChild(report.test_id.c_str(), size, false, kFlags);

  const float pad = ctx.px(kCardPaddingCss);
  CardArea area;
  area.min = pos;
  area.max = ImVec2(pos.x + size.x, pos.y + size.y);
  report.min = area.min;
  report.max = area.max;
  area.title_y = pos.y + pad;
  area.content_min =
      ImVec2(pos.x + pad, area.title_y + ctx.fonts.heading->FontSize + ctx.px(kTitleGapCss));
  area.content_max = ImVec2(area.max.x - pad, area.max.y - pad);
  return area;
}

void end_card() {
  ImGui::EndChild();
}

namespace {
SkeletonPainter g_skeleton_painter = nullptr;
}  // namespace

void set_skeleton_painter(SkeletonPainter painter) {
  g_skeleton_painter = painter;
}

void draw_skeleton_card(const DrawContext& ctx, const char* title, ImVec2 pos, ImVec2 size) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw_frame(ctx, draw, pos, size, title);
  const float pad = ctx.px(kCardPaddingCss);
  const float bottom = pos.y + size.y - pad;
  float y = pos.y + pad + ctx.fonts.heading->FontSize + ctx.px(18);
  const float line_h = ctx.px(12);
  const std::array<float, 4> widths{0.9f, 0.65f, 0.8f, 0.5f};
  for (float w : widths) {
    if (y + line_h > bottom) break;
    const ImVec2 min(pos.x + pad, y);
    const ImVec2 max(pos.x + pad + (size.x - 2 * pad) * w, y + line_h);
    if (g_skeleton_painter != nullptr) {
      g_skeleton_painter(draw, min, max, line_h / 2, ctx.palette.skeleton,
                         mix(ctx.palette.skeleton, ctx.palette.card_background, 0.7f));
    } else {
      draw.AddRectFilled(min, max, ctx.palette.skeleton, line_h / 2);
    }
    y += line_h + ctx.px(14);
  }
}

// [SECTION] Empty state

namespace {

constexpr float kEmptyMarkCss = 18;
constexpr float kEmptyButtonCss = 36;

ImVec2 wrapped_size(const DrawContext& ctx, float width, const char* line) {
  const ImFont* font = ctx.fonts.body;
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, std::max(width, ctx.px(80)), line);
}

}  // namespace

float empty_state_height(const DrawContext& ctx, float width, const char* line) {
  return ctx.px(kEmptyMarkCss + 12) + wrapped_size(ctx, width, line).y +
         ctx.px(14 + kEmptyButtonCss);
}

bool draw_empty_state(const DrawContext& ctx, CardReport& report, const char* id, ImVec2 min,
                      ImVec2 max, const char* line, const char* action) {
  report.empty = true;
  const float width = max.x - min.x;
  const ImVec2 text = wrapped_size(ctx, width, line);
  const float block_h = empty_state_height(ctx, width, line);
  float y = min.y + std::max(0.0f, (max.y - min.y - block_h) / 2);
  const float cx = (min.x + max.x) / 2;

  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float mark = ctx.px(kEmptyMarkCss);
  draw_brick_mark(draw, ImVec2(cx - mark * 0.75f, y), mark, ctx.palette.skeleton);
  y += mark + ctx.px(12);

  const ImFont* font = ctx.fonts.body;
  const ImVec2 text_pos(std::floor(cx - text.x / 2), y);
  draw.AddText(font, font->FontSize, text_pos, ctx.palette.text_muted, line, nullptr,
               std::max(width, ctx.px(80)));
  report.add(id, line, text_pos, ImVec2(text_pos.x + text.x, y + text.y));
  y += text.y + ctx.px(14);

  const ImVec2 size(std::min(button_width(ctx, action, false), width), ctx.px(kEmptyButtonCss));
  const ImVec2 pos(std::floor(cx - size.x / 2), y);
  const bool clicked = draw_button(ctx, id, action, pos, size, ButtonStyle::Secondary);
  report.add(std::string(id) + "-action", action, pos, ImVec2(pos.x + size.x, pos.y + size.y));
  return clicked;
}

void draw_card_flash(const DrawContext& ctx, ImDrawList& draw, ImVec2 min, ImVec2 max,
                     float strength) {
  if (strength <= 0) return;
  const ImU32 accent = ctx.palette.accent;
  const auto alpha = static_cast<ImU32>(std::lround(200 * std::clamp(strength, 0.0f, 1.0f)));
  const ImU32 color = (accent & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
  draw.AddRect(min, max, color, ctx.px(kCardRoundingCss), 0, ctx.px(2));
}

}  // namespace dashboard::ui
