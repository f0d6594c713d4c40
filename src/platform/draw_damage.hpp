// draw_damage: which pixels of a frame can differ from the frame before,
// found by comparing the two frames' ImGui draw data. The cached renderer
// (cached_frame) redraws only those rectangles and keeps the rest of the
// previous picture, so a hover or one card's new data costs its own pixels,
// not the screen's; an unchanged frame costs nothing but the copy.
//
// No widget says what it changed: the draw data is the picture, so the
// comparison is exact without the UI's help. Each window's draw list is
// flattened to its triangles (three vertices, clip rectangle, texture) in
// draw order; the triangles the two frames share at the start and at the
// end draw the same pixels the same way, and everything between (old and
// new) bounds the damage. What the draw data cannot show forces a full
// redraw: a window added, removed or reordered, another display size, and
// textures whose pixels changed (the caller's `everything`). A draw
// callback (the skeleton shimmer's shader) animates on its own, so it is
// always damaged.
//
//   DrawDamage damage;
//   for (const PixelRect& r : damage.update(*ImGui::GetDrawData(), false)) redraw(r);
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace dashboard::platform {

// Device pixels, top-left origin, [x0, x1) x [y0, y1).
struct PixelRect {
  int x0 = 0;
  int y0 = 0;
  int x1 = 0;
  int y1 = 0;

  bool empty() const { return x1 <= x0 || y1 <= y0; }
  long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
  bool operator==(const PixelRect&) const = default;
};

// Touching rectangles joined where their bounding box adds (almost) no
// pixels (a line of glyphs), kept apart where it would (the four sides of
// a card's outline); then the cheapest pairs joined until at most
// `max_rects` are left, since each rectangle is a render pass.
std::vector<PixelRect> merge_rects(std::vector<PixelRect> rects, std::size_t max_rects);

// The same pixels in rectangles that do not overlap (each later one less
// the earlier ones), so one draw can scissor to each without drawing any
// pixel twice.
std::vector<PixelRect> disjoint_rects(const std::vector<PixelRect>& rects);

class DrawDamage {
 public:
  static constexpr std::size_t kMaxRects = 8;

  // The rectangles of `data` to redraw, disjoint, given the frame update()
  // saw last time (the whole display on the first call, or when
  // `everything`); empty when no pixel changed. Remembers `data` for the
  // next call.
  std::vector<PixelRect> update(const ImDrawData& data, bool everything);

  // Forgets the last frame: the next update() damages everything.
  void reset() { display_size_ = ImVec2(-1, -1); }

 private:
  // One triangle as drawn, or a callback command (no triangle).
  struct Item {
    ImDrawVert v[3];
    ImVec4 clip;
    ImTextureID texture;
    ImDrawCallback callback;
  };
  struct List {
    std::string owner;
    std::vector<Item> items;
  };

  static void flatten(const ImDrawList& list, std::vector<Item>& out);
  static bool same(const Item& a, const Item& b);
  // The pixels `item` may touch, clipped to the display `bounds`.
  static PixelRect item_rect(const Item& item, const PixelRect& bounds);

  std::vector<List> lists_;      // the last frame's, in draw order
  std::vector<List> spare_;      // the frame before's, reused for its storage
  ImVec2 display_size_{-1, -1};  // the last frame's; -1: none seen
};

}  // namespace dashboard::platform
