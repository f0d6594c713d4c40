#include "core/display_metrics.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace dashboard::core {
namespace {

TEST(DisplayMetrics, BackbufferIsCssSizeTimesRatio) {
  EXPECT_EQ(backbuffer_size({1440, 900, 1}), (BackbufferSize{1440, 900}));
  EXPECT_EQ(backbuffer_size({1440, 900, 2}), (BackbufferSize{2880, 1800}));
  EXPECT_EQ(backbuffer_size({375, 812, 3}), (BackbufferSize{1125, 2436}));
}

TEST(DisplayMetrics, FractionalRatiosRoundToWholePixels) {
  EXPECT_EQ(backbuffer_size({801, 601, 1.25f}), (BackbufferSize{1001, 751}));
  EXPECT_EQ(backbuffer_size({333, 333, 1.5f}), (BackbufferSize{500, 500}));
}

TEST(DisplayMetrics, CollapsedOrBrokenSizesGiveOnePixel) {
  EXPECT_EQ(backbuffer_size({0, 0, 2}), (BackbufferSize{1, 1}));
  EXPECT_EQ(backbuffer_size({-5, 10, 1}), (BackbufferSize{1, 10}));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(backbuffer_size({nan, 100, 1}), (BackbufferSize{1, 100}));
}

TEST(DisplayMetrics, SanitizeClampsRatio) {
  EXPECT_FLOAT_EQ(sanitize_device_pixel_ratio(2), 2);
  EXPECT_FLOAT_EQ(sanitize_device_pixel_ratio(0), 1);
  EXPECT_FLOAT_EQ(sanitize_device_pixel_ratio(-3), 1);
  EXPECT_FLOAT_EQ(sanitize_device_pixel_ratio(0.5f), 1);
  EXPECT_FLOAT_EQ(sanitize_device_pixel_ratio(12), 4);
  EXPECT_FLOAT_EQ(sanitize_device_pixel_ratio(std::numeric_limits<float>::quiet_NaN()), 1);
  EXPECT_FLOAT_EQ(sanitize_device_pixel_ratio(std::numeric_limits<float>::infinity()), 1);
}

TEST(DisplayMetrics, FontRebuildOnlyWhenRatioReallyChanges) {
  EXPECT_FALSE(needs_font_rebuild(2, 2));
  EXPECT_FALSE(needs_font_rebuild(2, 2.001f));
  EXPECT_TRUE(needs_font_rebuild(1, 2));
  EXPECT_TRUE(needs_font_rebuild(2, 3));
  EXPECT_TRUE(needs_font_rebuild(1, 1.25f));
  // Both sides are sanitized: a bogus report equals a ratio of 1.
  EXPECT_FALSE(needs_font_rebuild(1, 0));
}

}  // namespace
}  // namespace dashboard::core
