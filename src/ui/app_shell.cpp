// [SECTION] Header  — product mark, name, connection indicator
// [SECTION] Cards   — placeholder card frames placed on the responsive grid
// [SECTION] Shell   — the full-window host
#include "ui/app_shell.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>

#include "core/grid_layout.hpp"
#include "ui/connection_indicator.hpp"

namespace dashboard::ui {
namespace {

// [SECTION] Header

// A 2x1 brick seen from above: the product mark, drawn rather than shipped
// as an image so it stays sharp at any DPR.
void draw_brick_mark(ImDrawList& draw, ImVec2 pos, float size, ImU32 color) {
  const float w = size * 1.5f;
  const float h = size;
  draw.AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), color, size * 0.18f);
  const ImU32 stud = IM_COL32(255, 255, 255, 70);
  for (int i = 0; i < 2; ++i) {
    const ImVec2 c(pos.x + w * (0.28f + 0.44f * static_cast<float>(i)), pos.y + h / 2);
    draw.AddCircleFilled(c, size * 0.2f, stud, 20);
  }
}

void draw_header(const FontSet& fonts, const Palette& palette, const ShellView& view, float width) {
  const float dpr = fonts.dpr;
  const float height = kHeaderCssHeight * dpr;
  const float pad = 20 * dpr;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 top_left = ImGui::GetWindowPos();

  draw.AddRectFilled(top_left, ImVec2(top_left.x + width, top_left.y + height),
                     palette.header_background);
  draw.AddLine(ImVec2(top_left.x, top_left.y + height - dpr),
               ImVec2(top_left.x + width, top_left.y + height - dpr), palette.card_border, dpr);

  const float mark = 20 * dpr;
  draw_brick_mark(draw, ImVec2(top_left.x + pad, top_left.y + (height - mark) / 2), mark,
                  palette.accent);
  const ImVec2 title_pos(top_left.x + pad + mark * 1.5f + 12 * dpr,
                         top_left.y + (height - fonts.heading->FontSize) / 2);
  draw.AddText(fonts.heading, fonts.heading->FontSize, title_pos, palette.text, kProductName);

  const float pill_h = 30 * dpr;
  const float pill_w = connection_indicator_width(fonts, view.connection);
  draw_connection_indicator(
      fonts, palette, ImVec2(top_left.x + width - pad - pill_w, top_left.y + (height - pill_h) / 2),
      pill_h, view.connection);
}

// [SECTION] Cards

struct CardFrame {
  const char* title;
  int span;  // columns it wants; clamped to the grid
  float css_height;
};

// The dashboard's cards in reading order. Partial Parts spans the full width.
constexpr std::array<CardFrame, 5> kCards{{
    {"Collection Summary", 1, 260},
    {"Theme Breakdown", 1, 260},
    {"Recent MOCs", 1, 260},
    {"Quick Actions", 1, 160},
    {"Partial Parts", 3, 280},
}};

void draw_card(const FontSet& fonts, const Palette& palette, const CardFrame& card, ImVec2 pos,
               ImVec2 size) {
  const float dpr = fonts.dpr;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float rounding = 12 * dpr;
  draw.AddRectFilled(ImVec2(pos.x, pos.y + dpr), ImVec2(max.x, max.y + 2 * dpr),
                     IM_COL32(15, 23, 42, 10), rounding);  // soft drop shadow
  draw.AddRectFilled(pos, max, palette.card_background, rounding);
  draw.AddRect(pos, max, palette.card_border, rounding, 0, dpr);

  const float pad = 20 * dpr;
  draw.AddText(fonts.heading, fonts.heading->FontSize, ImVec2(pos.x + pad, pos.y + pad),
               palette.text, card.title);

  // Skeleton lines until the snapshot arrives.
  float y = pos.y + pad + fonts.heading->FontSize + 18 * dpr;
  const float line_h = 12 * dpr;
  const std::array<float, 4> widths{0.9f, 0.65f, 0.8f, 0.5f};
  for (float w : widths) {
    if (y + line_h > max.y - pad) break;
    draw.AddRectFilled(ImVec2(pos.x + pad, y),
                       ImVec2(pos.x + pad + (size.x - 2 * pad) * w, y + line_h), palette.skeleton,
                       line_h / 2);
    y += line_h + 14 * dpr;
  }
}

// Places cards row by row; a row is as tall as its tallest card.
float draw_card_grid(const FontSet& fonts, const Palette& palette, const core::GridLayout& grid,
                     ImVec2 origin) {
  const float dpr = fonts.dpr;
  float y = origin.y + grid.gutter;
  int column = 0;
  float row_height = 0;
  for (const CardFrame& card : kCards) {
    const int span = std::min(card.span, grid.columns);
    if (column + span > grid.columns) {
      y += row_height + grid.gutter;
      column = 0;
      row_height = 0;
    }
    const float height = card.css_height * dpr;
    draw_card(fonts, palette, card, ImVec2(origin.x + grid.column_x(column), y),
              ImVec2(grid.span_width(span), height));
    row_height = std::max(row_height, height);
    column += span;
  }
  return y + row_height + grid.gutter - origin.y;
}

}  // namespace

// [SECTION] Shell

void draw_app_shell(const FontSet& fonts, const Palette& palette,
                    const core::DisplayMetrics& metrics, const ShellView& view) {
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.Pos);
  ImGui::SetNextWindowSize(viewport.Size);
  constexpr ImGuiWindowFlags kHostFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("##dashboard", nullptr, kHostFlags);
  ImGui::PushFont(fonts.body);

  draw_header(fonts, palette, view, viewport.Size.x);

  // The content scrolls in its own child so the header stays put.
  const float header_h = kHeaderCssHeight * fonts.dpr;
  ImGui::SetCursorPos(ImVec2(0, header_h));
  ImGui::BeginChild("##content", ImVec2(viewport.Size.x, viewport.Size.y - header_h), false,
                    ImGuiWindowFlags_NoBackground);
  const core::GridLayout grid =
      core::compute_grid({.css_width = metrics.css_width, .device_pixel_ratio = fonts.dpr});
  const float content_h = draw_card_grid(fonts, palette, grid, ImGui::GetCursorScreenPos());
  ImGui::Dummy(ImVec2(1, content_h));  // gives the child its scroll extent
  ImGui::EndChild();

  ImGui::PopFont();
  ImGui::End();
}

}  // namespace dashboard::ui
