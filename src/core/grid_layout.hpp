// grid_layout: the responsive card grid, decided in CSS pixels like a web
// page's media queries, then placed in device pixels.
//
//   GridLayout g = compute_grid({.css_width = 800, .device_pixel_ratio = 2});
//   g.columns == 2;  g.column_width is in device pixels.
#pragma once

namespace dashboard::core {

// Breakpoints, in CSS pixels: phones get one column, tablets two, desktops three.
inline constexpr float kTwoColumnMinCssWidth = 768;
inline constexpr float kThreeColumnMinCssWidth = 1024;

// Number of card columns for a viewport width in CSS pixels.
int column_count(float css_width);

struct GridInput {
  float css_width = 0;           // viewport width, CSS px
  float device_pixel_ratio = 1;  // device px per CSS px
  float css_gutter = 16;         // space between cards, CSS px
  float css_max_content = 1440;  // content stops growing past this, CSS px
};

// Column placement in device pixels.
struct GridLayout {
  int columns = 1;
  float gutter = 0;        // between columns and around the content
  float content_left = 0;  // x of the first column (centres wide screens)
  float column_width = 0;

  // x of column `index` (0-based) and the width of a card spanning `span` columns.
  float column_x(int index) const;
  float span_width(int span) const;
};

GridLayout compute_grid(const GridInput& input);

}  // namespace dashboard::core
