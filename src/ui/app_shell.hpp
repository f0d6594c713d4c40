// app_shell: the frame every page of the dashboard sits in: a header with
// the product name and the connection indicator, and the responsive card
// grid below it. Cards that have no data yet show a skeleton.
#pragma once

#include "core/connection_status.hpp"
#include "core/display_metrics.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace dashboard::ui {

// What the shell needs to know from the rest of the app this frame.
struct ShellView {
  core::ConnectionStatus connection = core::ConnectionStatus::Offline;
};

inline constexpr const char* kProductName = "MOC Dashboard";
inline constexpr float kHeaderCssHeight = 60;

// Draws the whole window for one frame. Call between ImGui::NewFrame() and
// ImGui::Render(); `metrics` is this frame's display.
void draw_app_shell(const FontSet& fonts, const Palette& palette,
                    const core::DisplayMetrics& metrics, const ShellView& view);

}  // namespace dashboard::ui
