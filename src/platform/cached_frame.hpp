// cached_frame: ImGui's frame drawn into a colour buffer that outlives the
// frame, redrawing only what DrawDamage reports as changed (scissored to
// those rectangles). In the browser that buffer is the canvas itself
// (WebGL's preserveDrawingBuffer, set in web/boot.js); where the window's
// buffer is lost at each swap (native GLFW), it is an offscreen texture
// copied to the window with one full-screen triangle (shaders/frame_copy.*). Under software GL
// (SwiftShader in a browser without a GPU, llvmpipe) the cost of a frame is its shaded pixels, so a
// hover or one card's new data now costs that card, and a frame where nothing moved costs the copy.
// Pixels come out identical to drawing the whole frame: the same triangles in the same order reach
// every redrawn pixel, and the scissor only leaves the others as they were.
//
//   CachedFrame frame;
//   frame.render(*ImGui::GetDrawData(), clear_colour, fb_width, fb_height);
#pragma once

#include <imgui.h>

#include <vector>

#include "platform/draw_damage.hpp"

namespace dashboard::platform {

// How frames reach the window. Cached is the product; Full (draw everything,
// as before the cache) and ClearOnly (clear and nothing else: the floor of
// a frame) are the benchmark's peers in the same page (?frame=full|clear).
enum class FrameMode { Cached, Full, ClearOnly };

class CachedFrame {
 public:
  // `glsl_version` as for the shaders ("#version 300 es" on WebGL2);
  // `window_keeps_pixels`: the window's framebuffer still holds the last
  // frame when the next begins, so it is drawn into directly. Without its
  // copy shader the offscreen cache is off: whole frames, as in Full.
  CachedFrame(const char* glsl_version, bool window_keeps_pixels);
  // Deletes its GL objects: the context must still be current.
  ~CachedFrame();
  CachedFrame(const CachedFrame&) = delete;
  CachedFrame& operator=(const CachedFrame&) = delete;

  void set_mode(FrameMode mode);

  // Draws `data` to the window's framebuffer (bound on return), `clear`
  // under it. `data` is lent to the passes and whole again on return.
  void render(ImDrawData& data, ImVec4 clear, int width, int height);

  // Pixels changed that the draw data does not show (a texture uploaded or
  // rebuilt): the next frame redraws everything.
  void invalidate() { stale_ = true; }

  // Device pixels redrawn by the last render() (the whole display in Full).
  long long last_redrawn_pixels() const { return redrawn_pixels_; }

 private:
  bool ensure_target(int width, int height);
  // Clears `rects` (disjoint) and draws what of `data` falls inside them.
  void redraw(ImDrawData& data, const std::vector<PixelRect>& rects, ImVec4 clear, int height);
  void draw_whole(ImDrawData& data, ImVec4 clear, int width, int height, bool clear_only);
  void copy_to_window(int width, int height);
  void release();

  FrameMode mode_ = FrameMode::Cached;
  bool in_window_ = false;  // draw into the window's own (kept) framebuffer
  bool usable_ = true;      // false once the offscreen buffer failed: draw whole frames
  bool stale_ = true;
  unsigned framebuffer_ = 0;
  unsigned colour_ = 0;  // the framebuffer's texture
  unsigned copy_program_ = 0;
  unsigned copy_vao_ = 0;  // none of its attributes are used; GL 3.3 core wants one bound
  int width_ = 0;
  int height_ = 0;
  ImVec4 clear_{-1, -1, -1, -1};
  long long redrawn_pixels_ = 0;
  DrawDamage damage_;
  // One list's commands and indices for a redraw: its triangles that touch
  // each rectangle. Kept between frames for their storage.
  struct PassList {
    ImVector<ImDrawCmd> commands;
    ImVector<ImDrawIdx> indices;
    std::vector<ImVector<ImDrawIdx>> by_area;  // one command's triangles, per rectangle
    bool lent = false;                         // swapped into the list for the pass being drawn
  };
  // Fills `out` from `list`; false when nothing of it draws inside `areas`.
  static bool filter_list(const ImDrawList& list, const std::vector<ImVec4>& areas, PassList& out);

  std::vector<PassList> passes_;  // by list index
  std::vector<ImDrawList*> pass_lists_;
  std::vector<ImVec4> areas_;  // the rectangles being redrawn, in ImGui's coordinates
};

}  // namespace dashboard::platform
