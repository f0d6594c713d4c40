// display_metrics: how big the page is in CSS pixels and how many device
// pixels back each one, and what follows from that for rendering.
//
// The client works in device pixels throughout (ImGui's display size is the
// canvas backbuffer, fonts are rasterized at size x DPR, style sizes are
// scaled by DPR), because Emscripten's GLFW emulation reports mouse positions
// in backbuffer units. CSS pixels only matter for layout breakpoints.
//
//   DisplayMetrics m{.css_width = 1440, .css_height = 900, .device_pixel_ratio = 2};
//   BackbufferSize fb = backbuffer_size(m);  // 2880 x 1800
#pragma once

namespace dashboard::core {

// What the browser (or the native window) reports about the drawing surface.
struct DisplayMetrics {
  float css_width = 0;
  float css_height = 0;
  float device_pixel_ratio = 1;

  bool operator==(const DisplayMetrics&) const = default;
};

// The canvas backbuffer in device pixels; never smaller than 1 x 1 so a
// collapsed element cannot produce a zero-sized GL framebuffer.
struct BackbufferSize {
  int width = 1;
  int height = 1;

  bool operator==(const BackbufferSize&) const = default;
};

// Browsers report odd ratios (0 when detached, NaN from broken zoom, 1.25 or
// 1.5 at fractional zoom). Clamps to [1, 4] and treats non-finite values as
// 1, so a bad report cannot explode the font atlas.
float sanitize_device_pixel_ratio(float reported);

// CSS size x DPR, rounded to whole pixels.
BackbufferSize backbuffer_size(const DisplayMetrics& metrics);

// Font atlases are rasterized for one DPR; a change larger than rounding
// noise (window dragged to another screen, browser zoom) needs a new atlas.
bool needs_font_rebuild(float atlas_dpr, float current_dpr);

}  // namespace dashboard::core
