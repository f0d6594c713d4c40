#include "core/grid_layout.hpp"

#include <algorithm>
#include <cmath>

#include "core/display_metrics.hpp"

namespace dashboard::core {

int column_count(float css_width) {
  if (!(css_width >= kTwoColumnMinCssWidth)) return 1;  // also catches NaN
  if (css_width < kThreeColumnMinCssWidth) return 2;
  return 3;
}

float GridLayout::column_x(int index) const {
  return content_left + static_cast<float>(index) * (column_width + gutter);
}

float GridLayout::span_width(int span) const {
  const int clamped = std::clamp(span, 1, columns);
  return static_cast<float>(clamped) * column_width + static_cast<float>(clamped - 1) * gutter;
}

GridLayout compute_grid(const GridInput& input) {
  const float dpr = sanitize_device_pixel_ratio(input.device_pixel_ratio);
  const float css_width = std::isfinite(input.css_width) ? std::max(0.0f, input.css_width) : 0.0f;

  GridLayout g;
  g.columns = column_count(css_width);
  g.gutter = input.css_gutter * dpr;
  const float content = std::min(css_width, input.css_max_content) * dpr - 2 * g.gutter;
  const float usable = std::max(0.0f, content - static_cast<float>(g.columns - 1) * g.gutter);
  g.column_width = usable / static_cast<float>(g.columns);
  g.content_left = (css_width * dpr - std::max(0.0f, content)) / 2;
  return g;
}

}  // namespace dashboard::core
