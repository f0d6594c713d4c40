// fonts: the UI's typefaces (Inter, from Debian's fonts-inter, subset at
// build time) rasterized at the device pixel ratio, so text is drawn 1:1
// onto device pixels and never stretched.
#pragma once

#include <string>

struct ImFont;

namespace dashboard::ui {

// Logical sizes in CSS pixels; the atlas holds them at size x DPR.
inline constexpr float kBodyCssPx = 15;
inline constexpr float kSmallCssPx = 13;
inline constexpr float kHeadingCssPx = 17;
inline constexpr float kDisplayCssPx = 30;

struct FontSet {
  ImFont* body = nullptr;
  ImFont* small = nullptr;
  ImFont* heading = nullptr;  // semibold
  ImFont* display = nullptr;  // semibold, large figures
  float dpr = 1;              // the ratio the atlas was built for
};

// Replaces the current ImGui font atlas with one for `dpr`, reading the
// faces from `font_dir` (Inter-Regular.otf, Inter-SemiBold.otf). Returns an
// empty FontSet (all null) when a face cannot be read; the caller reports it.
// The renderer must re-upload the atlas texture afterwards.
FontSet load_fonts(const std::string& font_dir, float dpr);

}  // namespace dashboard::ui
