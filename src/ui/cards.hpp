// cards: the dashboard's cards, one source file each, drawn from the model.
// Every card has a height function (device px it wants at a width, so the
// shell can lay out rows before drawing) and a draw function that fills
// [pos, pos + size] and returns a CardReport of what it laid out.
//
//   const float h = recent_mocs_card_height(ctx, view.recent_mocs, width);
//   CardReport r = draw_recent_mocs_card(ctx, view.recent_mocs, pos, {width, h});
//   if (r.navigation) { ... the person clicked a MOC ... }
#pragma once

#include <imgui.h>

#include <cstddef>
#include <span>
#include <vector>

#include "core/client/status_model.hpp"
#include "core/model.hpp"
#include "core/table_sort.hpp"
#include "ui/card.hpp"

namespace dashboard::ui {

// Collection Summary: total MOCs and wishlist items as large figures, then
// MOCs by build status and by parts coverage as small bar charts.
float collection_summary_card_height(const DrawContext& ctx, const core::DashboardSummary& summary,
                                     float width);
CardReport draw_collection_summary_card(const DrawContext& ctx,
                                        const core::DashboardSummary& summary, ImVec2 pos,
                                        ImVec2 size);

// Theme Breakdown: themes ranked by MOCs, each with a MOC bar and a set
// bar and their values; as many as fit, then "+K more".
inline constexpr int kThemeRowsPreferred = 8;
float theme_breakdown_card_height(const DrawContext& ctx, std::span<const core::ThemeStats> themes,
                                  float width);
CardReport draw_theme_breakdown_card(const DrawContext& ctx,
                                     std::span<const core::ThemeStats> themes, ImVec2 pos,
                                     ImVec2 size);

// Recent MOCs: up to kRecentMocLimit rows of thumbnail, title, theme,
// status chip and relative date (exact time on hover); a click opens the MOC.
float recent_mocs_card_height(const DrawContext& ctx, std::span<const core::RecentMoc> mocs,
                              float width);
CardReport draw_recent_mocs_card(const DrawContext& ctx, std::span<const core::RecentMoc> mocs,
                                 ImVec2 pos, ImVec2 size);

// What the Partial Parts table keeps between frames: the sort the person
// chose and the row order it produced, recomputed only when either changes.
struct PartialPartsTableState {
  core::PartialPartsSort sort;
  std::vector<std::size_t> order;  // indices into the rows, display order
  const core::PartialPartsMoc* source = nullptr;
  std::size_t source_size = 0;
  bool stale = true;

  // Call when the rows change in place (a new snapshot, an event applied).
  void invalidate() { stale = true; }
};

// Partial Parts: a sortable table (title, theme, status, coverage bar,
// last updated), clipped so only visible rows are submitted; a click on a
// row opens the MOC. Shows up to kPartialPartsVisibleRows before scrolling.
inline constexpr int kPartialPartsVisibleRows = 10;
float partial_parts_table_height(const DrawContext& ctx, std::size_t rows, float width);
CardReport draw_partial_parts_table(const DrawContext& ctx,
                                    std::span<const core::PartialPartsMoc> rows,
                                    PartialPartsTableState& state, ImVec2 pos, ImVec2 size);

// Quick Actions: "Add New MOC", "Browse Gallery", "View Wishlist", side by
// side when they fit, stacked otherwise.
float quick_actions_card_height(const DrawContext& ctx, float width);
CardReport draw_quick_actions_card(const DrawContext& ctx, ImVec2 pos, ImVec2 size);

// System (admins only): the overall verdict with a dot and its word, how
// many services are up / degraded / down, and a link to /status.
struct SystemSummary {
  core::client::Overall overall = core::client::Overall::Operational;
  int up = 0;
  int degraded = 0;
  int down = 0;
  int checking = 0;
};
float system_card_height(const DrawContext& ctx, float width);
CardReport draw_system_card(const DrawContext& ctx, const SystemSummary& summary, ImVec2 pos,
                            ImVec2 size);

}  // namespace dashboard::ui
