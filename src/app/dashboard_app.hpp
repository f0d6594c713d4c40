// dashboard_app: the composition root. Owns the client's state and wires
// it to the UI; the platform layer (web or native) owns the window, the GL
// context and the main loop, and calls into this once per frame.
//
//   DashboardApp app(font_dir);
//   // per frame, between the backends' NewFrame and ImGui::NewFrame:
//   if (app.prepare_frame(metrics)) { re-upload the font texture }
//   ImGui::NewFrame(); app.draw(); ImGui::Render();
#pragma once

#include <string>

#include "core/display_metrics.hpp"
#include "ui/app_shell.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace dashboard::app {

class DashboardApp {
 public:
  explicit DashboardApp(std::string font_dir);

  // Adopts this frame's display metrics. Returns true when the font atlas
  // was rebuilt (first frame, or the DPR changed) and the renderer must
  // upload it again. Must be called before ImGui::NewFrame().
  bool prepare_frame(const core::DisplayMetrics& metrics);

  // Draws the UI. Call between ImGui::NewFrame() and ImGui::Render().
  void draw();

  // False when the fonts could not be loaded; the platform reports and stops.
  bool fonts_ok() const { return fonts_.body != nullptr; }

  ImVec4 clear_color() const { return ui::clear_color(*palette_); }

 private:
  std::string font_dir_;
  const ui::Palette* palette_;
  ui::FontSet fonts_;
  bool fonts_built_ = false;
  core::DisplayMetrics metrics_;
  ui::ShellView shell_;
};

}  // namespace dashboard::app
