#include "ui/fonts.hpp"

#include <imgui.h>

#include <utility>

namespace dashboard::ui {
namespace {

// What the subset made by cmake/Fonts.cmake holds.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x017F,  // Basic Latin, Latin-1 Supplement, Latin Extended-A
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, primes, guillemets
    0x2190, 0x2193,  // arrows (sort direction)
    0x2212, 0x2212,  // minus sign
    0,
};

std::set<unsigned>& missing() {
  static std::set<unsigned> glyphs;
  return glyphs;
}

ImFontConfig face_config() {
  ImFontConfig config;
  // Text is drawn at exactly the rasterized size, so oversampling only adds
  // atlas memory; pixel snapping keeps glyph edges on device pixels.
  config.OversampleH = 1;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  return config;
}

ImFont* add_face(ImFontAtlas& atlas, const std::string& path, float px) {
  ImFontConfig config = face_config();
  return atlas.AddFontFromFileTTF(path.c_str(), px, &config, kGlyphRanges);
}

// Merges the fallback glyphs into the font added last.
void merge_fallback(ImFontAtlas& atlas, const FallbackFonts& fallback,
                    const std::array<std::vector<ImWchar>, 3>& ranges, float px) {
  for (std::size_t face = 0; face < fallback.data.size(); ++face) {
    if (fallback.data[face].empty() || ranges[face].size() < 2) continue;
    ImFontConfig config = face_config();
    config.MergeMode = true;
    config.FontDataOwnedByAtlas = false;  // the app keeps the bytes across rebuilds
    // Glyphs keep their own advance; CJK faces are taller than Inter.
    config.GlyphMinAdvanceX = 0;
    atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(fallback.data[face].data()),
                               static_cast<int>(fallback.data[face].size()), px, &config,
                               ranges[face].data());
  }
}

}  // namespace

std::optional<FallbackFace> fallback_face(unsigned c) {
  if ((c >= 0x0180 && c <= 0x052F) || (c >= 0x1E00 && c <= 0x1EFF) ||
      (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x2100 && c <= 0x214F)) {
    return FallbackFace::Latin;
  }
  if ((c >= 0x2E80 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFFEF)) {
    return FallbackFace::Cjk;
  }
  if ((c >= 0x2190 && c <= 0x21FF) || (c >= 0x2300 && c <= 0x23FF) ||
      (c >= 0x2460 && c <= 0x24FF) || (c >= 0x25A0 && c <= 0x27BF) ||
      (c >= 0x2900 && c <= 0x297F) || (c >= 0x2B00 && c <= 0x2BFF) ||
      (c >= 0x1F000 && c <= 0x1FAFF)) {
    return FallbackFace::Symbols;
  }
  return std::nullopt;
}

FontSet load_fonts(const std::string& font_dir, float dpr, const FallbackFonts* fallback) {
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  const std::string regular = font_dir + "/Inter-Regular.otf";
  const std::string semibold = font_dir + "/Inter-SemiBold.otf";

  // One range per fallback glyph, per face; ImGui reads them at Build().
  static std::array<std::vector<ImWchar>, 3> ranges;
  for (auto& r : ranges) r.clear();
  if (fallback != nullptr) {
    for (const unsigned c : fallback->glyphs) {
      const std::optional<FallbackFace> face = fallback_face(c);
      if (!face) continue;
      auto& r = ranges[static_cast<std::size_t>(*face)];
      r.push_back(static_cast<ImWchar>(c));
      r.push_back(static_cast<ImWchar>(c));
    }
    for (auto& r : ranges) r.push_back(0);
  }
  const auto add = [&](const std::string& path, float css_px) {
    ImFont* font = add_face(atlas, path, css_px * dpr);
    if (font != nullptr && fallback != nullptr)
      merge_fallback(atlas, *fallback, ranges, css_px * dpr);
    return font;
  };

  FontSet set;
  set.dpr = dpr;
  set.body = add(regular, kBodyCssPx);
  set.small = add(regular, kSmallCssPx);
  set.heading = add(semibold, kHeadingCssPx);
  set.display = add(semibold, kDisplayCssPx);
  if (!set.body || !set.small || !set.heading || !set.display) {
    atlas.Clear();
    return FontSet{};
  }
  atlas.Build();
  return set;
}

void note_missing_glyphs(const ImFont* font, std::string_view text) {
  if (font == nullptr) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    unsigned c = 0;
    std::size_t len = 1;
    if ((b & 0xE0) == 0xC0) {
      c = b & 0x1Fu;
      len = 2;
    } else if ((b & 0xF0) == 0xE0) {
      c = b & 0x0Fu;
      len = 3;
    } else if ((b & 0xF8) == 0xF0) {
      c = b & 0x07u;
      len = 4;
    } else {
      ++i;  // a stray continuation byte
      continue;
    }
    if (i + len > n) break;
    for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (s[i + k] & 0x3Fu);
    i += len;
    if (font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) missing().insert(c);
  }
}

std::set<unsigned> take_missing_glyphs() {
  return std::exchange(missing(), {});
}

}  // namespace dashboard::ui
