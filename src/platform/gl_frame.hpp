// gl_frame: one ImGui frame through the GLFW + OpenGL3 backends, shared by
// the web and native clients so both draw exactly the same way.
//
// ImGui works in device pixels: the display size is the backbuffer, the
// framebuffer scale is 1, and the mouse is converted to device pixels.
#pragma once

#include "app/dashboard_app.hpp"
#include "core/display_metrics.hpp"
#include "platform/cached_frame.hpp"

struct GLFWwindow;

namespace dashboard::platform {

// Creates the ImGui context and initializes both backends for `window`.
// `glsl_version` is "#version 300 es" on WebGL2, "#version 330 core" natively;
// `window_keeps_pixels`: the window's framebuffer survives a frame's
// presentation (WebGL with preserveDrawingBuffer), so frames are cached in it.
void init_imgui(GLFWwindow* window, const char* glsl_version, bool window_keeps_pixels);

void shutdown_imgui();

// How render_frame reaches the window (cached_frame.hpp); Cached unless a
// benchmark asks for a peer.
void set_frame_mode(FrameMode mode);

// A texture's pixels changed (an image arrived or was evicted): the next
// frame redraws everything, since the draw data alone does not show it.
void invalidate_frame_cache();

// Device pixels the last render_frame redrew (the benchmark's and the
// browser test's view of what a frame cost).
long long last_redrawn_pixels();

// Renders one frame of `app` for `metrics`, redrawing only what changed. `mouse_to_device` converts
// GLFW cursor coordinates to device pixels (1 on the web, where the GLFW
// emulation already reports backbuffer units).
void render_frame(app::DashboardApp& app, const core::DisplayMetrics& metrics,
                  float mouse_to_device);

}  // namespace dashboard::platform
