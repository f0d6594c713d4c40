// app_shell: the frame every page of the dashboard sits in: a header with
// the product name and the connection indicator, and the responsive card
// grid below it, filled with the cards drawn from the model. Until the first
// snapshot arrives (no view) every card shows a skeleton.
#pragma once

#include <optional>
#include <vector>

#include "core/connection_status.hpp"
#include "core/display_metrics.hpp"
#include "core/model.hpp"
#include "core/timestamp.hpp"
#include "ui/card.hpp"
#include "ui/cards.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace dashboard::ui {

// What the shell needs to know from the rest of the app this frame.
struct ShellView {
  core::ConnectionStatus connection = core::ConnectionStatus::Offline;
  const core::DashboardView* view = nullptr;  // nullptr: no snapshot yet, skeletons
  core::UnixMillis now = 0;                   // for relative dates
  int utc_offset_minutes = 0;                 // the viewer's zone
};

// What the shell keeps from one frame to the next.
struct ShellState {
  PartialPartsTableState partial_parts;
};

// What happened during the frame.
struct ShellOutput {
  std::optional<NavigationIntent> navigation;  // a click asked to go somewhere
  std::vector<CardReport> cards;               // reading order; empty while skeletons show
};

inline constexpr const char* kProductName = "MOC Dashboard";
inline constexpr float kHeaderCssHeight = 60;

// Draws the whole window for one frame. Call between ImGui::NewFrame() and
// ImGui::Render(); `metrics` is this frame's display.
ShellOutput draw_app_shell(const FontSet& fonts, const Palette& palette,
                           const core::DisplayMetrics& metrics, const ShellView& view,
                           ShellState& state);

}  // namespace dashboard::ui
