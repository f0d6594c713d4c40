#include "platform/gl_frame.hpp"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <optional>

#include "platform/cached_frame.hpp"
#include "platform/gl.hpp"
#include "platform/skeleton_shimmer.hpp"

namespace dashboard::platform {
namespace {
// Lives between init_imgui and shutdown_imgui, with the GL context.
std::optional<CachedFrame> g_frame;
}  // namespace

void init_imgui(GLFWwindow* window, const char* glsl_version, bool window_keeps_pixels) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is code, not a saved file
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init(glsl_version);
  if (!init_skeleton_shimmer(glsl_version)) {
    std::fprintf(stderr, "skeleton shimmer unavailable: skeletons are drawn flat\n");
  }
  g_frame.emplace(glsl_version, window_keeps_pixels);
}

void set_frame_mode(FrameMode mode) {
  if (g_frame) g_frame->set_mode(mode);
}

void invalidate_frame_cache() {
  if (g_frame) g_frame->invalidate();
}

long long last_redrawn_pixels() {
  return g_frame ? g_frame->last_redrawn_pixels() : 0;
}

void shutdown_imgui() {
  g_frame.reset();
  shutdown_skeleton_shimmer();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void render_frame(app::DashboardApp& app, const core::DisplayMetrics& metrics,
                  float mouse_to_device) {
  if (app.prepare_frame(metrics)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    invalidate_frame_cache();  // same vertices, other glyph pixels
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();

  const core::BackbufferSize fb = core::backbuffer_size(metrics);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(fb.width), static_cast<float>(fb.height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  if (io.MousePos.x > -1e30f) {  // -FLT_MAX means "no mouse"
    io.MousePos = ImVec2(io.MousePos.x * mouse_to_device, io.MousePos.y * mouse_to_device);
  }

  begin_skeleton_shimmer_frame();
  ImGui::NewFrame();
  app.draw();
  ImGui::Render();

  g_frame->render(*ImGui::GetDrawData(), app.clear_color(), fb.width, fb.height);
}

}  // namespace dashboard::platform
