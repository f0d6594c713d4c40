// fonts: the UI's typefaces (Inter, from Debian's fonts-inter, subset at
// build time) rasterized at the device pixel ratio, so text is drawn 1:1
// onto device pixels and never stretched; and the fallback faces for the
// rest of Unicode (other Latin, Greek and Cyrillic; CJK; symbols and
// emoji), loaded only once a character needs one.
//
// Text widgets note every character the atlas lacks (note_missing_glyphs);
// the app then loads the fallback face that covers it and builds the atlas
// again with those characters merged into every size:
//
//   FallbackFonts fallback;
//   fallback.data[face] = bytes_of("fallback-cjk.ttf");
//   fallback.glyphs = {0x57CE};                 // the characters to add
//   FontSet fonts = load_fonts(dir, dpr, &fallback);
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

// The fallback faces, by the files cmake/Fonts.cmake makes.
enum class FallbackFace { Latin, Cjk, Symbols };
inline constexpr std::array<const char*, 3> kFallbackFiles{"fallback-latin.otf", "fallback-cjk.ttf",
                                                           "fallback-symbols.ttf"};

// The face that covers `code_point` (by Unicode block), nullopt when none does.
std::optional<FallbackFace> fallback_face(unsigned code_point);

struct FallbackFonts {
  std::array<std::vector<unsigned char>, 3> data;  // a face's file, empty until loaded
  std::set<unsigned> glyphs;                       // characters to merge from them
};

// Replaces the current ImGui font atlas with one for `dpr`, reading the
// faces from `font_dir` (Inter-Regular.otf, Inter-SemiBold.otf) and merging
// `fallback`'s glyphs from the loaded fallback faces. Returns an empty
// FontSet (all null) when a face cannot be read; the caller reports it.
// The renderer must re-upload the atlas texture afterwards.
FontSet load_fonts(const std::string& font_dir, float dpr, const FallbackFonts* fallback = nullptr);

// Records the characters of `text` that `font` has no glyph for.
void note_missing_glyphs(const ImFont* font, std::string_view text);
// Every character noted since the last call.
std::set<unsigned> take_missing_glyphs();

}  // namespace dashboard::ui
