// Headless ImGui for tests that draw the whole DashboardApp (no window, no
// GL): a context set up as the app's frames expect, and a display of a
// given size with the app's fonts built for it.
#pragma once

#include <imgui.h>

#include "app/dashboard_app.hpp"
#include "core/display_metrics.hpp"

namespace dashboard::app::testing {

// A new current context: no ini or log file, 60 fps, the mouse outside.
inline void create_headless_context() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DeltaTime = 1.0f / 60;
  io.MousePos = ImVec2(-1, -1);
}

// Sizes the display for `metrics` (device pixels) and builds the font atlas
// the app asks for at that scale. False when the fonts could not be loaded.
inline bool set_display(DashboardApp& app, core::DisplayMetrics metrics) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(metrics.css_width * metrics.device_pixel_ratio,
                          metrics.css_height * metrics.device_pixel_ratio);
  if (app.prepare_frame(metrics)) {
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  return app.fonts_ok();
}

}  // namespace dashboard::app::testing
