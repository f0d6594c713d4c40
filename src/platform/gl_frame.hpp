// gl_frame: one ImGui frame through the GLFW + OpenGL3 backends, shared by
// the web and native clients so both draw exactly the same way.
//
// ImGui works in device pixels: the display size is the backbuffer, the
// framebuffer scale is 1, and the mouse is converted to device pixels.
#pragma once

#include "app/dashboard_app.hpp"
#include "core/display_metrics.hpp"

struct GLFWwindow;

namespace dashboard::platform {

// Creates the ImGui context and initializes both backends for `window`.
// `glsl_version` is "#version 300 es" on WebGL2, "#version 330 core" natively.
void init_imgui(GLFWwindow* window, const char* glsl_version);

void shutdown_imgui();

// Renders one frame of `app` for `metrics`. `mouse_to_device` converts
// GLFW cursor coordinates to device pixels (1 on the web, where the GLFW
// emulation already reports backbuffer units).
void render_frame(app::DashboardApp& app, const core::DisplayMetrics& metrics,
                  float mouse_to_device);

}  // namespace dashboard::platform
