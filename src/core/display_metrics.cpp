#include "core/display_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace dashboard::core {

float sanitize_device_pixel_ratio(float reported) {
  if (!std::isfinite(reported) || reported <= 0) return 1.0f;
  return std::clamp(reported, 1.0f, 4.0f);
}

BackbufferSize backbuffer_size(const DisplayMetrics& metrics) {
  const float dpr = sanitize_device_pixel_ratio(metrics.device_pixel_ratio);
  const auto scaled = [dpr](float css) {
    if (!std::isfinite(css) || css <= 0) return 1;
    return std::max(1, static_cast<int>(std::lround(css * dpr)));
  };
  return {scaled(metrics.css_width), scaled(metrics.css_height)};
}

bool needs_font_rebuild(float atlas_dpr, float current_dpr) {
  return std::fabs(sanitize_device_pixel_ratio(atlas_dpr) -
                   sanitize_device_pixel_ratio(current_dpr)) > 0.01f;
}

}  // namespace dashboard::core
