// [SECTION] Header  — product mark, name, connection indicator
// [SECTION] Cards   — the cards (or their skeletons) placed on the responsive grid
// [SECTION] Shell   — the full-window host
#include "ui/app_shell.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "core/grid_layout.hpp"
#include "ui/connection_indicator.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

// [SECTION] Header

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

enum class CardKind { Summary, Themes, Recent, QuickActions, PartialParts };

// How many columns a card takes: one, the rest of its row (a full row when
// it starts one), or always the full width.
enum class Span { One, RestOfRow, Full };

struct Slot {
  CardKind kind;
  const char* title;
  Span span;
  float skeleton_css_height;
  bool stretch;  // grows to its row's height, like a CSS grid item
};

// The dashboard's cards in reading order. Quick Actions is a strip under
// the three cards on wide screens and sits beside Recent MOCs on tablets;
// Partial Parts spans the full width.
constexpr std::array<Slot, 5> kSlots{{
    {CardKind::Summary, "Collection Summary", Span::One, 260, true},
    {CardKind::Themes, "Theme Breakdown", Span::One, 260, true},
    {CardKind::Recent, "Recent MOCs", Span::One, 260, true},
    {CardKind::QuickActions, "Quick Actions", Span::RestOfRow, 160, false},
    {CardKind::PartialParts, "Partial Parts", Span::Full, 280, true},
}};

struct Placement {
  const Slot* slot;
  ImVec2 pos;
  ImVec2 size;
};

float natural_height(const DrawContext& ctx, const Slot& slot, const core::DashboardView* view,
                     float width) {
  if (view == nullptr) return ctx.px(slot.skeleton_css_height);
  switch (slot.kind) {
    case CardKind::Summary:
      return collection_summary_card_height(ctx, view->summary, width);
    case CardKind::Themes:
      return theme_breakdown_card_height(ctx, view->theme_breakdown, width);
    case CardKind::Recent:
      return recent_mocs_card_height(ctx, view->recent_mocs, width);
    case CardKind::QuickActions:
      return quick_actions_card_height(ctx, width);
    case CardKind::PartialParts:
      return partial_parts_table_height(ctx, view->partial_parts_mocs.size(), width);
  }
  return 0;
}

// Places cards row by row; a row is as tall as its tallest card. Returns
// the placements and sets `content_h` to the grid's total height.
std::vector<Placement> place_cards(const DrawContext& ctx, const core::GridLayout& grid,
                                   const core::DashboardView* view, ImVec2 origin,
                                   float& content_h) {
  struct Pending {
    const Slot* slot;
    int column;
    int span;
    float height;
  };
  std::vector<std::vector<Pending>> rows(1);
  int column = 0;
  for (const Slot& slot : kSlots) {
    int span = slot.span == Span::One ? 1 : grid.columns;
    if (slot.span == Span::RestOfRow && column < grid.columns) span = grid.columns - column;
    if (column + span > grid.columns) {
      rows.emplace_back();
      column = 0;
      if (slot.span == Span::RestOfRow) span = grid.columns;
    }
    const float width = grid.span_width(span);
    rows.back().push_back({&slot, column, span, natural_height(ctx, slot, view, width)});
    column += span;
  }

  std::vector<Placement> out;
  float y = origin.y + grid.gutter;
  for (const std::vector<Pending>& row : rows) {
    float row_h = 0;
    for (const Pending& p : row) row_h = std::max(row_h, p.height);
    for (const Pending& p : row) {
      const float h = p.slot->stretch ? row_h : p.height;
      out.push_back({p.slot, ImVec2(std::floor(origin.x + grid.column_x(p.column)), std::floor(y)),
                     ImVec2(std::round(grid.span_width(p.span)), std::round(h))});
    }
    y += row_h + grid.gutter;
  }
  content_h = y - origin.y;
  return out;
}

CardReport draw_card(const DrawContext& ctx, const Placement& at, const core::DashboardView& view,
                     ShellState& state) {
  switch (at.slot->kind) {
    case CardKind::Summary:
      return draw_collection_summary_card(ctx, view.summary, at.pos, at.size);
    case CardKind::Themes:
      return draw_theme_breakdown_card(ctx, view.theme_breakdown, at.pos, at.size);
    case CardKind::Recent:
      return draw_recent_mocs_card(ctx, view.recent_mocs, at.pos, at.size);
    case CardKind::QuickActions:
      return draw_quick_actions_card(ctx, at.pos, at.size);
    case CardKind::PartialParts:
      return draw_partial_parts_table(ctx, view.partial_parts_mocs, state.partial_parts, at.pos,
                                      at.size);
  }
  return {};
}

}  // namespace

// [SECTION] Shell

ShellOutput draw_app_shell(const FontSet& fonts, const Palette& palette,
                           const core::DisplayMetrics& metrics, const ShellView& view,
                           ShellState& state) {
  const DrawContext ctx{.fonts = fonts,
                        .palette = palette,
                        .now = view.now,
                        .utc_offset_minutes = view.utc_offset_minutes};
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
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  float content_h = 0;
  ShellOutput out;
  for (const Placement& at : place_cards(ctx, grid, view.view, origin, content_h)) {
    if (view.view == nullptr) {
      draw_skeleton_card(ctx, at.slot->title, at.pos, at.size);
      continue;
    }
    CardReport report = draw_card(ctx, at, *view.view, state);
    if (report.navigation) out.navigation = report.navigation;
    out.cards.push_back(std::move(report));
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(1, content_h));  // gives the child its scroll extent
  ImGui::EndChild();

  ImGui::PopFont();
  ImGui::End();
  return out;
}

}  // namespace dashboard::ui
