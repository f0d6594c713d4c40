// card: what every dashboard card shares. The frame (rounded white card
// with a soft shadow and a title), the context cards draw with, the report
// a card returns about what it laid out, and the navigation a click asks for.
//
//   CardReport report{.test_id = "recent-mocs-card"};
//   const CardArea area = begin_card(ctx, report, "Recent MOCs", pos, size);
//   ... draw rows between area.content_min and area.content_max ...
//   end_card();
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/timestamp.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace dashboard::ui {

// [SECTION] Context

// A decoded image on the GPU, as a card draws it.
struct ImageView {
  ImTextureID texture = nullptr;
  ImVec2 size{};  // texels
};

// Where cards get images by URL (MOC covers) without knowing the
// platform; each platform implements it on core::ImageCache. texture()
// starts a load on first use and returns nullopt while it loads or after
// it failed: the card draws its placeholder then.
// How large an image is drawn, which bounds the texels kept for it: a
// row's thumbnail, a gallery tile, a MOC page's cover.
enum class ImageSize { Thumbnail, Tile, Large };

// The shorter side's texels for `size`, enough for a DPR of 4 (thumbnail:
// 40 CSS px), about 1.5 (tile: 176 CSS px) and 2 (cover: 384 CSS px).
int max_texels(ImageSize size);

class ImageSource {
 public:
  virtual ~ImageSource() = default;
  // The app calls this once per frame, before the cards draw.
  virtual void begin_frame(core::UnixMillis now) = 0;
  virtual std::optional<ImageView> texture(std::string_view url, ImageSize size) = 0;
  std::optional<ImageView> texture(std::string_view url) {
    return texture(url, ImageSize::Thumbnail);
  }
};

// Everything a card needs besides its data. Sizes are CSS px scaled by
// fonts.dpr: the UI works in device pixels.
struct DrawContext {
  const FontSet& fonts;
  const Palette& palette;
  core::UnixMillis now = 0;       // for relative dates
  int utc_offset_minutes = 0;     // the viewer's zone, for dates and tooltips
  ImageSource* images = nullptr;  // covers; without it cards draw placeholders

  float px(float css) const { return css * fonts.dpr; }
};

// [SECTION] Navigation

// The buttons of the Quick Actions card (and of empty states).
enum class QuickAction { AddMoc, BrowseGallery, ViewWishlist };

// A click on a MOC (a recent MOC or a partial-parts row): open its detail.
struct OpenMoc {
  std::string id;
  bool operator==(const OpenMoc&) const = default;
};

// The app's sections, from the sidebar or the menu drawer.
enum class Section { Dashboard, Mocs, Gallery, Wishlist, Board, Messages };

// What a click asked for; the app turns it into a route.
using NavigationIntent = std::variant<QuickAction, OpenMoc, Section>;

// [SECTION] Report

// One thing a card showed and where: tests read these, and the semantics
// overlay can mirror them into the DOM. Rects are screen device pixels.
struct Semantic {
  std::string id;    // e.g. "total-mocs-count", "recent-moc"
  std::string text;  // what the canvas shows
  ImVec2 min;
  ImVec2 max;
};

// What a card laid out this frame.
struct CardReport {
  std::string test_id;  // e.g. "collection-summary-card"
  ImVec2 min{};         // the card's rect, screen device pixels
  ImVec2 max{};
  bool empty = false;  // the empty state showed instead of data
  int rows_drawn = 0;  // list or table rows submitted this frame
  int rows_total = 0;  // rows the data holds
  std::vector<Semantic> items{};
  std::optional<NavigationIntent> navigation{};  // a click this frame

  void add(std::string id, std::string text, ImVec2 from, ImVec2 to);
  // The first item with `id`, or nullptr.
  const Semantic* find(std::string_view id) const;
  // The texts of every item with `id`, in the order they were drawn.
  std::vector<std::string> texts(std::string_view id) const;
};

// [SECTION] Frame

inline constexpr float kCardPaddingCss = 20;
inline constexpr float kCardRoundingCss = 12;
inline constexpr float kTitleGapCss = 16;  // between the title and the content

// Screen rects of an open card.
struct CardArea {
  ImVec2 min;
  ImVec2 max;
  ImVec2 content_min;  // inside the padding, below the title
  ImVec2 content_max;
  float title_y = 0;  // top of the title line
};

// Height of the title block plus both paddings: add the content height.
float card_chrome_height(const DrawContext& ctx);

// Draws the frame and title on the current window, then opens a child
// window over the card (named after report.test_id) so its widgets clip to
// it and have their own IDs. Records the card's rect in `report`.
CardArea begin_card(const DrawContext& ctx, CardReport& report, const char* title, ImVec2 pos,
                    ImVec2 size);
void end_card();

// The placeholder the shell shows before the first snapshot: the frame,
// the title and grey skeleton lines, drawn on the current window.
void draw_skeleton_card(const DrawContext& ctx, const char* title, ImVec2 pos, ImVec2 size);

// Draws one skeleton bar with a shimmer. The platform installs one backed
// by a GPU shader (shaders/skeleton_shimmer.*); without it bars are flat.
using SkeletonPainter = void (*)(ImDrawList& draw, ImVec2 min, ImVec2 max, float rounding,
                                 ImU32 base, ImU32 highlight);
void set_skeleton_painter(SkeletonPainter painter);

// [SECTION] Empty state

// Height the empty state needs at `width` (the content width).
float empty_state_height(const DrawContext& ctx, float width, const char* line);

// A faint brick, a helpful line and one button, centred in [min, max].
// Records `<id>` (the line) and `<id>-action` in the report; returns true
// when the button was clicked.
bool draw_empty_state(const DrawContext& ctx, CardReport& report, const char* id, ImVec2 min,
                      ImVec2 max, const char* line, const char* action);

}  // namespace dashboard::ui
