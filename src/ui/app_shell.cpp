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
#include "ui/copy_menu.hpp"
#include "ui/data_updated_pill.hpp"
#include "ui/navigation.hpp"
#include "ui/notices.hpp"
#include "ui/sign_in_panel.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

// [SECTION] Header

// Draws the header; reports Retry and Sign out clicks through `out`.
void draw_header(const DrawContext& ctx, const ShellView& view, float width, bool docked,
                 ShellState& state, ShellOutput& out) {
  const Palette& palette = ctx.palette;
  const float height = ctx.px(kHeaderCssHeight);
  const float pad = ctx.px(20);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 top_left = ImGui::GetWindowPos();

  draw.AddRectFilled(top_left, ImVec2(top_left.x + width, top_left.y + height),
                     palette.header_background);
  draw.AddLine(ImVec2(top_left.x, top_left.y + height - ctx.px(1)),
               ImVec2(top_left.x + width, top_left.y + height - ctx.px(1)), palette.card_border,
               ctx.px(1));

  float left = top_left.x + pad;
  if (!docked && view.content != ContentState::SignIn) {
    const float button = ctx.px(36);
    if (draw_menu_button(ctx, ImVec2(left - ctx.px(8), top_left.y + (height - button) / 2), button,
                         out.chrome)) {
      state.nav_open = !state.nav_open;
    }
    left += button;
  }
  const float mark = ctx.px(20);
  draw_brick_mark(draw, ImVec2(left, top_left.y + (height - mark) / 2), mark, palette.accent);
  const float title_x = left + mark * 1.5f + ctx.px(12);
  const bool narrow = width < ctx.px(560);
  const ImFont* title_font = narrow ? ctx.fonts.body : ctx.fonts.heading;
  draw_text(draw, title_font,
            ImVec2(title_x, top_left.y + std::round((height - title_font->FontSize) / 2)),
            palette.text, narrow ? "MOCs" : kProductName);

  // Right to left: Sign out (with the user's name when there is room), then
  // the connection indicator.
  const float control_h = ctx.px(30);
  const float control_y = top_left.y + (height - control_h) / 2;
  float right = top_left.x + width - pad;
  if (!view.username.empty()) {
    const char* label = "Sign out";
    const float w = button_width(ctx, label, false);
    right -= w;
    out.sign_out = draw_button(ctx, "##sign-out", label, ImVec2(right, control_y),
                               ImVec2(w, control_h), ButtonStyle::Secondary);
    out.chrome.push_back(
        {"sign-out", label, ImVec2(right, control_y), ImVec2(right + w, control_y + control_h)});
    if (width >= ctx.px(820)) {
      // Every browser and device of the user back to sign-in (a lost phone).
      const char* everywhere = "Sign out everywhere";
      const float ew = button_width(ctx, everywhere, false);
      right -= ctx.px(8) + ew;
      out.sign_out_everywhere =
          draw_button(ctx, "##sign-out-everywhere", everywhere, ImVec2(right, control_y),
                      ImVec2(ew, control_h), ButtonStyle::Secondary);
      out.chrome.push_back({"sign-out-everywhere", everywhere, ImVec2(right, control_y),
                            ImVec2(right + ew, control_y + control_h)});
    }
    if (!narrow) {
      // The user's name leads to their account (change password).
      const float name_w = text_width(ctx.fonts.small, view.username);
      right -= ctx.px(12) + name_w;
      ImGui::SetCursorScreenPos(ImVec2(right, control_y));
      out.open_account = ImGui::InvisibleButton("##user-name", ImVec2(name_w, control_h));
      const bool hovered = ImGui::IsItemHovered();
      const float text_y = top_left.y + std::round((height - ctx.fonts.small->FontSize) / 2);
      draw_text(draw, ctx.fonts.small, ImVec2(right, text_y),
                hovered ? palette.accent : palette.text_muted, view.username);
      if (hovered) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        draw.AddLine(ImVec2(right, text_y + ctx.fonts.small->FontSize + ctx.px(1)),
                     ImVec2(right + name_w, text_y + ctx.fonts.small->FontSize + ctx.px(1)),
                     palette.accent, ctx.px(1));
        show_tooltip(ctx, "Account: change password");
      }
      out.chrome.push_back({"user-name", view.username, ImVec2(right, control_y),
                            ImVec2(right + name_w, control_y + control_h)});
    }
    right -= ctx.px(12);
    // The bell: notifications, with the unread count.
    const float bell = ctx.px(36);
    right -= bell;
    if (draw_bell_button(ctx, ImVec2(right, top_left.y + (height - bell) / 2), bell,
                         view.badges.notifications_unread, out.chrome)) {
      out.navigation = Section::Notifications;
    }
    right -= ctx.px(12);
  }
  const float indicator_w = connection_indicator_width(ctx, view.connection);
  if (draw_connection_indicator(ctx, ImVec2(right - indicator_w, control_y), control_h,
                                view.connection, out.chrome)) {
    out.retry = true;
  }
  // Left of the indicator, when the title leaves room for it.
  const float pill_w = data_updated_pill_width(ctx);
  const float pill_x = right - indicator_w - ctx.px(8) - pill_w;
  const float title_end =
      title_x + text_width(title_font, narrow ? "MOCs" : kProductName) + ctx.px(12);
  if (view.data_updated > 0 && pill_x >= title_end) {
    draw_data_updated_pill(ctx, ImVec2(pill_x, control_y), control_h, view.data_updated,
                           out.chrome);
  }
}

// [SECTION] Cards

enum class CardKind { Summary, Themes, Recent, QuickActions, PartialParts, System };

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
constexpr std::array<Slot, 6> kSlots{{
    {CardKind::Summary, "Collection Summary", Span::One, 260, true},
    {CardKind::Themes, "Theme Breakdown", Span::One, 260, true},
    {CardKind::Recent, "Recent MOCs", Span::One, 260, true},
    {CardKind::QuickActions, "Quick Actions", Span::RestOfRow, 160, false},
    {CardKind::PartialParts, "Partial Parts", Span::Full, 280, true},
    // Admins only (ShellView::system), last so the cards above keep their places.
    {CardKind::System, "System", Span::Full, 96, false},
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
    case CardKind::System:
      return system_card_height(ctx, width);
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
                                   const core::DashboardView* view, bool with_system, ImVec2 origin,
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
    if (slot.kind == CardKind::System && !with_system) continue;
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
      // Both edges snap to whole pixels, so cards that end on the same
      // column line end on the same pixel whatever their span.
      const float x0 = std::round(origin.x + grid.column_x(p.column));
      const float x1 = std::round(origin.x + grid.column_x(p.column) + grid.span_width(p.span));
      out.push_back({p.slot, ImVec2(x0, std::floor(y)), ImVec2(x1 - x0, std::round(h))});
    }
    y += row_h + grid.gutter;
  }
  content_h = y - origin.y;
  return out;
}

CardReport draw_card(const DrawContext& ctx, const Placement& at, const core::DashboardView& view,
                     const std::optional<SystemSummary>& system, ShellState& state) {
  switch (at.slot->kind) {
    case CardKind::System:
      return system ? draw_system_card(ctx, *system, at.pos, at.size) : CardReport{};
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

float flash_of(const CardFlash& flash, CardKind kind) {
  switch (kind) {
    case CardKind::Summary:
      return flash.summary;
    case CardKind::Themes:
      return flash.themes;
    case CardKind::Recent:
      return flash.recent;
    case CardKind::PartialParts:
      return flash.partial_parts;
    case CardKind::QuickActions:
      break;
    case CardKind::System:
      return flash.system;
  }
  return 0;
}

// A card whose data just changed glows in the accent colour and fades: an
// outline over the card's own border, so nothing moves and nothing blinks.
void draw_flash(const DrawContext& ctx, const Placement& at, float strength) {
  const ImVec2 max(at.pos.x + at.size.x, at.pos.y + at.size.y);
  draw_card_flash(ctx, *ImGui::GetWindowDrawList(), at.pos, max, strength);
}

void draw_cards(const DrawContext& ctx, const ShellView& view, ShellState& state,
                const core::GridLayout& grid, ImVec2 origin, float& content_h, ShellOutput& out) {
  const core::DashboardView* data = view.content == ContentState::Ready ? view.view : nullptr;
  const bool with_system = data != nullptr && view.system.has_value();
  for (const Placement& at : place_cards(ctx, grid, data, with_system, origin, content_h)) {
    if (data == nullptr) {
      draw_skeleton_card(ctx, at.slot->title, at.pos, at.size);
      continue;
    }
    CardReport report = draw_card(ctx, at, *data, view.system, state);
    draw_flash(ctx, at, flash_of(view.flash, at.slot->kind));
    if (report.navigation) out.navigation = report.navigation;
    out.cards.push_back(std::move(report));
  }
}

}  // namespace

// [SECTION] Shell

ShellOutput draw_app_shell(const FontSet& fonts, const Palette& palette,
                           const core::DisplayMetrics& metrics, const ShellView& view,
                           ShellState& state) {
  const DrawContext ctx{.fonts = fonts,
                        .palette = palette,
                        .now = view.now,
                        .utc_offset_minutes = view.utc_offset_minutes,
                        .images = view.images};
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.Pos);
  ImGui::SetNextWindowSize(viewport.Size);
  // No background: the frame's clear colour is the page colour, and a
  // second full-window fill costs real time on software rasterizers.
  constexpr ImGuiWindowFlags kHostFlags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
  ImGui::Begin("##dashboard", nullptr, kHostFlags);
  ImGui::PushFont(fonts.body);

  ShellOutput out;
  const bool docked = sidebar_docked(metrics.css_width) && view.content != ContentState::SignIn;
  if (docked) state.nav_open = false;
  draw_header(ctx, view, viewport.Size.x, docked, state, out);
  float top = ctx.px(kHeaderCssHeight);
  const float header_bottom = top;
  if (view.degraded && view.content != ContentState::SignIn) {
    if (draw_degraded_banner(ctx, ImVec2(viewport.Pos.x, viewport.Pos.y + top), viewport.Size.x,
                             view.poll_interval_ms, out.chrome)) {
      out.retry = true;
    }
    top += ctx.px(kBannerCssHeight);
  }

  float left = 0;
  if (docked) {
    left = ctx.px(kSidebarCssWidth);
    const ImVec2 at(viewport.Pos.x, viewport.Pos.y + top);
    if (auto section = draw_sidebar(ctx, at, ImVec2(left, viewport.Size.y - top),
                                    view.current_section, view.badges, out.chrome)) {
      out.navigation = *section;
    }
  }
  FieldIo io{state.fields, state.submitted_forms, out.fields, out.forms, view.dom_text_input};

  // The content scrolls in its own child so the header stays put.
  const float content_w = viewport.Size.x - left;
  ImGui::SetCursorPos(ImVec2(left, top));
  ImGui::BeginChild("##content", ImVec2(content_w, viewport.Size.y - top), false,
                    ImGuiWindowFlags_NoBackground);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 visible_max(origin.x + content_w, origin.y + viewport.Size.y - top);
  float content_h = 0;
  const bool page = view.page && view.content != ContentState::SignIn;
  switch (page ? ContentState::Ready : view.content) {
    case ContentState::SignIn:
      if (view.signed_out_page) {
        content_h = view.signed_out_page(ctx, io, origin, visible_max, out);
        ImGui::SetCursorScreenPos(origin);
        ImGui::Dummy(ImVec2(1, content_h));
        break;
      }
      out.sign_in =
          draw_sign_in_panel(ctx, origin, visible_max, io, view.signing_in, view.sign_in_error,
                             out.chrome, view.offer_sign_up, &out.open_sign_up);
      break;
    case ContentState::Ready:
      if (page) {
        content_h = view.page(ctx, io, origin, visible_max, out);
        ImGui::SetCursorScreenPos(origin);
        ImGui::Dummy(ImVec2(1, content_h));
        break;
      }
      [[fallthrough]];
    case ContentState::Loading: {
      const float grid_css_width = metrics.css_width - (docked ? kSidebarCssWidth : 0);
      const core::GridLayout grid =
          core::compute_grid({.css_width = grid_css_width, .device_pixel_ratio = fonts.dpr});
      draw_cards(ctx, view, state, grid, origin, content_h, out);
      if (view.content == ContentState::Ready && view.view != nullptr) {
        draw_footer(ctx, ImVec2(origin.x + grid.content_left, origin.y + content_h - grid.gutter),
                    grid.span_width(grid.columns), view.view->version, out.chrome);
        content_h += ctx.px(kFooterCssHeight) - grid.gutter;
      }
      ImGui::SetCursorScreenPos(origin);
      ImGui::Dummy(ImVec2(1, content_h));  // gives the child its scroll extent
      break;
    }
    case ContentState::Failed:
      if (draw_failure_panel(ctx, origin, visible_max, view.failure, out.chrome)) out.retry = true;
      break;
  }
  // Submits no field of this frame took (its form is gone) are dropped.
  state.submitted_forms.clear();
  ImGui::EndChild();
  ImGui::PopFont();
  ImGui::End();

  ImGui::PushFont(fonts.body);
  bool drawer_account = false;
  if (auto section = draw_nav_drawer(ctx, header_bottom, state.nav_open, view.current_section,
                                     view.badges, out.chrome, view.username, &drawer_account)) {
    out.navigation = *section;
  }
  out.open_account |= drawer_account;
  out.toast_action = draw_toasts(ctx, view.toasts, out.chrome);
  CopyMenuState copy{state.copy_text};
  out.copy = draw_copy_menu(ctx, out, copy);
  state.copy_text = std::move(copy.text);
  ImGui::PopFont();
  return out;
}

}  // namespace dashboard::ui
