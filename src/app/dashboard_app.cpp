#include "app/dashboard_app.hpp"

#include <imgui.h>

#include <utility>

namespace dashboard::app {

DashboardApp::DashboardApp(std::string font_dir)
    : font_dir_(std::move(font_dir)), palette_(&ui::light_palette()) {}

bool DashboardApp::prepare_frame(const core::DisplayMetrics& metrics) {
  metrics_ = metrics;
  const float dpr = core::sanitize_device_pixel_ratio(metrics.device_pixel_ratio);
  if (fonts_built_ && !core::needs_font_rebuild(fonts_.dpr, dpr)) return false;

  fonts_ = ui::load_fonts(font_dir_, dpr);
  fonts_built_ = true;
  ui::apply_theme(*palette_, dpr);
  return true;
}

void DashboardApp::draw() {
  if (!fonts_ok()) return;
  ui::draw_app_shell(fonts_, *palette_, metrics_, shell_);
}

}  // namespace dashboard::app
