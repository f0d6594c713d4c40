#include "core/grid_layout.hpp"

#include <gtest/gtest.h>

namespace dashboard::core {
namespace {

TEST(GridLayout, ColumnBreakpointsFollowCssWidth) {
  EXPECT_EQ(column_count(320), 1);
  EXPECT_EQ(column_count(375), 1);
  EXPECT_EQ(column_count(767.9f), 1);
  EXPECT_EQ(column_count(768), 2);
  EXPECT_EQ(column_count(800), 2);
  EXPECT_EQ(column_count(1023), 2);
  EXPECT_EQ(column_count(1024), 3);
  EXPECT_EQ(column_count(1440), 3);
  EXPECT_EQ(column_count(-1), 1);
}

TEST(GridLayout, ColumnsFillWidthBetweenGutters) {
  const GridLayout g = compute_grid({.css_width = 800, .device_pixel_ratio = 1, .css_gutter = 16});
  EXPECT_EQ(g.columns, 2);
  EXPECT_FLOAT_EQ(g.gutter, 16);
  EXPECT_FLOAT_EQ(g.content_left, 16);
  // 800 - 2 outer gutters - 1 inner gutter, split in two.
  EXPECT_FLOAT_EQ(g.column_width, (800 - 48) / 2.0f);
  EXPECT_FLOAT_EQ(g.column_x(1), 16 + g.column_width + 16);
  EXPECT_FLOAT_EQ(g.column_x(1) + g.column_width, 800 - 16);
}

TEST(GridLayout, LayoutScalesWithDevicePixelRatio) {
  const GridLayout one = compute_grid({.css_width = 1440, .device_pixel_ratio = 1});
  const GridLayout two = compute_grid({.css_width = 1440, .device_pixel_ratio = 2});
  EXPECT_EQ(one.columns, two.columns);
  EXPECT_FLOAT_EQ(two.column_width, one.column_width * 2);
  EXPECT_FLOAT_EQ(two.gutter, one.gutter * 2);
}

TEST(GridLayout, FullSpanCoversAllColumns) {
  const GridLayout g = compute_grid({.css_width = 1200, .device_pixel_ratio = 1});
  ASSERT_EQ(g.columns, 3);
  EXPECT_FLOAT_EQ(g.span_width(3), g.column_x(2) + g.column_width - g.column_x(0));
  // A span larger than the grid is clamped, so a full-width card fits on phones.
  const GridLayout phone = compute_grid({.css_width = 375, .device_pixel_ratio = 3});
  EXPECT_FLOAT_EQ(phone.span_width(3), phone.column_width);
}

TEST(GridLayout, WideScreensCentreContent) {
  const GridLayout g =
      compute_grid({.css_width = 2000, .device_pixel_ratio = 1, .css_max_content = 1440});
  EXPECT_FLOAT_EQ(g.content_left, (2000 - (1440 - 32)) / 2.0f);
  EXPECT_FLOAT_EQ(g.column_x(2) + g.column_width, 2000 - g.content_left);
}

}  // namespace
}  // namespace dashboard::core
