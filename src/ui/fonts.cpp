#include "ui/fonts.hpp"

#include <imgui.h>

namespace dashboard::ui {
namespace {

// Latin-1 plus the punctuation and arrows the UI uses; must stay within the
// subset made by cmake/Fonts.cmake.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, primes, guillemets
    0x2190, 0x2193,  // arrows (sort direction)
    0x2212, 0x2212,  // minus sign
    0,
};

ImFont* add_face(ImFontAtlas& atlas, const std::string& path, float px) {
  ImFontConfig config;
  // Text is drawn at exactly the rasterized size, so oversampling only adds
  // atlas memory; pixel snapping keeps glyph edges on device pixels.
  config.OversampleH = 1;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  return atlas.AddFontFromFileTTF(path.c_str(), px, &config, kGlyphRanges);
}

}  // namespace

FontSet load_fonts(const std::string& font_dir, float dpr) {
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  const std::string regular = font_dir + "/Inter-Regular.otf";
  const std::string semibold = font_dir + "/Inter-SemiBold.otf";

  FontSet set;
  set.dpr = dpr;
  set.body = add_face(atlas, regular, kBodyCssPx * dpr);
  set.small = add_face(atlas, regular, kSmallCssPx * dpr);
  set.heading = add_face(atlas, semibold, kHeadingCssPx * dpr);
  set.display = add_face(atlas, semibold, kDisplayCssPx * dpr);
  if (!set.body || !set.small || !set.heading || !set.display) {
    atlas.Clear();
    return FontSet{};
  }
  atlas.Build();
  return set;
}

}  // namespace dashboard::ui
